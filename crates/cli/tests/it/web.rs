//! `pendulum demo`: a real process serving a seeded database over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{pendulum, stderr};

/// Starts `pendulum demo` on a free port in `dir` and returns it with the address it
/// printed.
fn start_demo(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(["demo", "--listen", "127.0.0.1:0"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pendulum runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim()
        .trim_end_matches('/')
        .to_string();
    (child, addr)
}

/// A plain HTTP/1.0 GET: status line and body.
fn get(addr: &str, path: &str) -> (String, String) {
    get_with(addr, path, "")
}

/// [`get`] with extra header lines, each ending in `\r\n`.
fn get_with(addr: &str, path: &str, headers: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\n{headers}\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_string(), body.to_string())
}

fn stop(mut child: Child) -> String {
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    stderr(&out)
}

#[test]
fn demo_seeds_a_database_serves_it_and_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr) = start_demo(dir.path());
    let (status, body) = get(&addr, "/healthz");
    let (page_status, _) = get(&addr, "/framework/");
    let (login_status, login) = get(&addr, "/login");
    let log = stop(child);
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, "ok");
    assert!(
        page_status.contains(" 303 "),
        "pages need a session: {page_status}"
    );
    assert!(login_status.contains(" 200 "), "{login_status}");
    assert!(login.contains("Sign in to Demo organisation"), "{login}");
    assert!(login.contains("Demo logins"), "{login}");
    assert!(log.contains("generating a demo organisation"), "{log}");
    assert!(
        log.contains("route=/framework/"),
        "one log line per request: {log}"
    );
    assert!(dir.path().join("pendulum-demo.db").is_file());
    assert!(log.contains("demo only"), "{log}");
    let logins: Vec<&str> = log
        .lines()
        .skip_while(|l| !l.starts_with("demo logins"))
        .skip(1)
        .take(5)
        .collect();
    for label in ["member", "manager", "admin", "analyst", "pay administrator"] {
        assert!(
            logins.iter().any(|l| l.trim_start().starts_with(label)),
            "{label}: {log}"
        );
    }
    let member = logins[0].split_whitespace().nth(1).unwrap().to_string();
    let manager = logins[1].split_whitespace().nth(1).unwrap().to_string();
    // The sign-in page lists every login the demo printed, with its password.
    for line in &logins {
        let mut words = line.split_whitespace().rev();
        let (password, email) = (words.next().unwrap(), words.next().unwrap());
        assert!(
            login.contains(&format!("<code>{email}</code>")),
            "{email}: {login}"
        );
        assert!(
            login.contains(&format!("<code>{password}</code>")),
            "{password}: {login}"
        );
    }
    // Tokens made as the accounts themselves: one made for someone else would lock their
    // private notes.
    let token_for = |email: &str| {
        let out = pendulum(
            &[
                "token",
                "create",
                email,
                "--as",
                email,
                "--database-url",
                "sqlite://pendulum-demo.db",
            ],
            dir.path(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let token = token_for(&member);
    let manager_token = token_for(&manager);

    let (child, addr) = start_demo(dir.path());
    let (status, _) = get(&addr, "/readyz");
    let (me_status, me) = get_with(
        &addr,
        "/api/v1/me",
        &format!("Authorization: Bearer {token}\r\n"),
    );
    let bearer = |token: &str| format!("Authorization: Bearer {token}\r\n");
    let (_, insights) = get_with(&addr, "/api/v1/me/journal/insights", &bearer(&token));
    let (_, reflections) = get_with(&addr, "/api/v1/me/reflections", &bearer(&token));
    let (_, plans) = get_with(&addr, "/api/v1/plans", &bearer(&manager_token));
    let plans: serde_json::Value = serde_json::from_str(&plans).unwrap();
    let trial = plans["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["state"] == "active")
        .unwrap_or_else(|| panic!("a report in a trial: {plans}"))
        .clone();
    let (_, checkpoints) = get_with(
        &addr,
        &format!(
            "/api/v1/plans/{}/checkpoints",
            trial["id"].as_str().unwrap()
        ),
        &bearer(&manager_token),
    );
    let log = stop(child);
    assert!(status.contains(" 200 "), "{status}");
    assert!(me_status.contains(" 200 "), "{me_status}");
    // The member's journal tells its story, and their reflection is shared.
    let insights: serde_json::Value = serde_json::from_str(&insights).unwrap();
    assert_eq!(insights["notes"][0]["kind"], "meetings", "{insights}");
    assert!(
        insights["entries"].as_u64().unwrap() > 20,
        "months of entries: {insights}"
    );
    assert!(reflections.contains("\"shared\":true"), "{reflections}");
    // The manager's report is in a trial whose first checkpoint is due within the week.
    let checkpoints: serde_json::Value = serde_json::from_str(&checkpoints).unwrap();
    let first = &checkpoints["due"][0];
    let due = time::Date::parse(
        first["date"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(
        due >= today && (due - today).whole_days() <= 7,
        "{checkpoints}"
    );
    assert_eq!(first["manager_recorded"], false);

    assert!(me.contains("\"role\":\"member\""), "{me}");
    assert!(log.contains(&member), "the same logins again: {log}");
    assert!(log.contains("reusing pendulum-demo.db"), "{log}");
    assert!(!log.contains("generating"), "{log}");

    let out = pendulum(
        &[
            "export",
            "--out",
            "exported",
            "--database-url",
            "sqlite://pendulum-demo.db",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let people = std::fs::read_to_string(dir.path().join("exported/people.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(people > 200, "{people} people");
    demo_export_holds_a_real_team_two_versions_and_no_future(
        &dir.path().join("exported"),
        &member,
        &manager,
    );
}

/// What the demo organisation must hold, read from its export: the manager login manages
/// the member among a team and reports to someone; two framework versions, the second used
/// by later events; nothing dated after today or recorded after it.
fn demo_export_holds_a_real_team_two_versions_and_no_future(
    exported: &Path,
    member: &str,
    manager: &str,
) {
    let read = |name: &str| std::fs::read_to_string(exported.join(name)).unwrap();
    let people = read("people.csv");
    let manager_of = |email: &str| {
        people
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|cols| cols[2] == email)
            .map(|cols| cols[3].to_string())
            .unwrap_or_else(|| panic!("{email} is not in people.csv"))
    };
    assert_eq!(
        manager_of(member),
        manager,
        "the member reports to the manager login"
    );
    assert!(
        !manager_of(manager).is_empty(),
        "the manager is not the top of the organisation"
    );
    let team = people
        .lines()
        .filter(|l| l.split(',').nth(3) == Some(manager))
        .count();
    assert!(team >= 4, "the manager manages {team} people");

    let revised = read("frameworks/2.yaml");
    assert!(revised.contains("version: \"1.1.0\""), "{revised}");
    assert_ne!(revised, read("frameworks/1.yaml"));

    let today = time::OffsetDateTime::now_utc().date().to_string();
    let events = read("events.csv");
    let mut on_revised = 0;
    for line in events.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let (effective, recorded_at, version) = (cols[4], cols[5], cols[6]);
        assert!(effective <= today.as_str(), "an event after today: {line}");
        assert!(
            &recorded_at[..10] <= today.as_str(),
            "recorded after today: {line}"
        );
        if version == "2" {
            on_revised += 1;
        }
    }
    assert!(on_revised > 5, "{on_revised} events on version 2");
}

#[test]
fn demo_refuses_a_file_that_is_not_a_pendulum_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pendulum-demo.db"), "not a database\n").unwrap();
    let out = pendulum(&["demo", "--listen", "127.0.0.1:0"], dir.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("pendulum-demo.db exists but is not a Pendulum database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pendulum-demo.db")).unwrap(),
        "not a database\n"
    );
}
