//! A flood of failed sign-ins against a real `pendulum serve` process: its resident memory
//! stays bounded (password hashing runs a few at a time, whatever the number of requests)
//! and it keeps answering `/healthz` throughout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Parallel sign-in attempts.
const ATTEMPTS: usize = 300;
/// The most resident memory the server may reach, in KiB. One Argon2 computation holds
/// 19 MiB; before the password work was bounded, 200 parallel attempts took a server to
/// 6.7 GB. Bounded to one computation per core, each in memory its thread reuses, it stays
/// near its resting size (about 22 MiB) plus one block per worker (72 MiB measured on two
/// cores).
const RSS_BOUND_KIB: u64 = 160 * 1024;

fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// One HTTP/1.0 request; the status code of the answer (0 if the connection failed).
fn request(addr: &str, text: &str) -> u16 {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return 0;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    if stream.write_all(text.as_bytes()).is_err() {
        return 0;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_flood_of_sign_ins_keeps_memory_flat_and_the_server_answering() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("SKIPPED: no /proc here to read a process's resident memory");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("flood.db").display());
    let mut create = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(["user", "create", "ada@example.org", "--role", "admin"])
        .args(["--password-stdin", "--database-url", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    assert!(create.wait().unwrap().success());
    // Behind a trusted proxy, each attempt comes from its own client address, as in a
    // distributed attack: the per-address throttle does not stop them, the workers must.
    let config = dir.path().join("pendulum.toml");
    std::fs::write(&config, "trusted_proxies = [\"127.0.0.1\"]\n").unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_pendulum"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", &db])
        .arg("--config")
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = server.id();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_string();
    let resting = resident_kib(pid).unwrap();

    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(resting));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Some(kib) = resident_kib(pid) {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let health = Arc::new(Mutex::new(Vec::new()));
    let prober = {
        let (done, health, addr) = (done.clone(), health.clone(), addr.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let status = request(&addr, "GET /healthz HTTP/1.0\r\n\r\n");
                health.lock().unwrap().push(status);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };

    let token = "ab".repeat(32);
    let attackers: Vec<_> = (0..ATTEMPTS)
        .map(|n| {
            let addr = addr.clone();
            let body = format!("email=ada%40example.org&password=wrong+password+{n}&csrf={token}");
            let text = format!(
                "POST /login HTTP/1.0\r\nHost: pendulum\r\n\
                 Cookie: pendulum_login_csrf={token}\r\n\
                 X-Forwarded-For: 10.{}.{}.{}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                n / 65536,
                (n / 256) % 256,
                n % 256,
                body.len()
            );
            std::thread::spawn(move || request(&addr, &text))
        })
        .collect();
    let statuses: Vec<u16> = attackers.into_iter().map(|t| t.join().unwrap()).collect();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    prober.join().unwrap();
    let after = resident_kib(pid).unwrap();
    let after_health = request(&addr, "GET /healthz HTTP/1.0\r\n\r\n");
    server.kill().unwrap();
    let _ = server.wait();

    let peak = peak.load(Ordering::Relaxed);
    let health = health.lock().unwrap().clone();
    let count = |code: u16| statuses.iter().filter(|s| **s == code).count();
    eprintln!(
        "flood: {ATTEMPTS} sign-ins: {} checked (401), {} busy (503), {} other; \
         resident {resting} KiB at rest, {peak} KiB at peak, {after} KiB after; \
         /healthz answered {} times during the flood",
        count(401),
        count(503),
        ATTEMPTS - count(401) - count(503),
        health.len()
    );
    assert_eq!(count(401) + count(503), ATTEMPTS, "{statuses:?}");
    assert!(count(401) > 0, "some attempts were checked");
    assert!(
        peak < RSS_BOUND_KIB,
        "resident memory reached {peak} KiB (bound {RSS_BOUND_KIB} KiB)"
    );
    assert!(!health.is_empty(), "the prober ran");
    assert!(
        health.iter().all(|s| *s == 200),
        "/healthz during the flood: {health:?}"
    );
    assert_eq!(after_health, 200);
}
