//! The web application in a real browser: `pendulum demo` as a child process, Debian's
//! headless Chromium driven through chromedriver over WebDriver, and the pages used the
//! way a person uses them — typing into forms, clicking links and buttons, following
//! htmx's boosted navigation.
//!
//! Everything runs in one test (one demo server, one chromedriver, a fresh browser per
//! role) to keep CI time down; each scenario's failure is collected and reported at the
//! end. Without `/usr/bin/chromium` and `chromedriver` the test is skipped loudly, except
//! under `CI=true`, where it fails (`scripts/test` installs both).
//!
//! With `PENDULUM_SCREENSHOTS=1` the main pages are written to `docs/screenshots/` (at
//! 1280×900, and 390×844 for the phone view); with `PENDULUM_SCREENSHOTS=full` the same
//! pages are also written screen by screen, top to bottom, to `target/tmp/screenshots/`
//! for review.
//!
//! `PENDULUM_BROWSER_SCENARIO=TEXT` runs only the scenarios whose name contains `TEXT`
//! (`PENDULUM_BROWSER_SCENARIO=correct` for the correction), to work on one of them.

use std::fmt::Display;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

const CHROMIUM: &str = "/usr/bin/chromium";
/// How long a page may take to show what a step waits for.
const WAIT: Duration = Duration::from_secs(15);
const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

/// A step's outcome: the error says which step failed and why.
type Step<T> = Result<T, String>;

trait At<T> {
    /// Names the step an error happened in.
    fn at(self, step: &str) -> Step<T>;
}

impl<T, E: Display> At<T> for Result<T, E> {
    fn at(self, step: &str) -> Step<T> {
        self.map_err(|e| format!("{step}: {e}"))
    }
}

fn ensure(ok: bool, message: impl FnOnce() -> String) -> Step<()> {
    if ok { Ok(()) } else { Err(message()) }
}

/// A child process that is killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One demo login as printed by `pendulum demo`.
#[derive(Clone, Debug)]
struct Login {
    label: String,
    email: String,
    password: String,
}

/// `pendulum demo` on a free port in a temporary directory.
struct Demo {
    _child: Killed,
    base: String,
    logins: Vec<Login>,
    _dir: TempDir,
}

impl Demo {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_pendulum"))
            .args(["demo", "--listen", "127.0.0.1:0"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("pendulum runs");
        // The server logs a line per request on stderr: read it all the time, or the
        // pipe fills and the server stops answering.
        let log = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let child = Killed(child);
        let Some(url) = line.split("http://").nth(1) else {
            std::thread::sleep(Duration::from_millis(500));
            panic!(
                "pendulum demo printed no URL: {line:?}\n{}",
                log.lock().unwrap().join("\n")
            );
        };
        let base = format!("http://{}", url.trim().trim_end_matches('/'));
        let deadline = Instant::now() + Duration::from_secs(30);
        let logins = loop {
            let lines = log.lock().unwrap().clone();
            let logins = parse_logins(&lines);
            if logins.len() == 5 {
                break logins;
            }
            assert!(
                Instant::now() < deadline,
                "pendulum demo printed no five logins:\n{}",
                lines.join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        Self {
            _child: child,
            base,
            logins,
            _dir: dir,
        }
    }

    fn login(&self, label: &str) -> &Login {
        self.logins
            .iter()
            .find(|l| l.label == label)
            .unwrap_or_else(|| panic!("no {label} login in {:?}", self.logins))
    }
}

/// The lines after `demo logins…`: `  LABEL  EMAIL  PASSWORD`, where a label may hold a
/// space ("pay administrator").
fn parse_logins(lines: &[String]) -> Vec<Login> {
    lines
        .iter()
        .skip_while(|l| !l.starts_with("demo logins"))
        .skip(1)
        .take(5)
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let n = words.len();
            (n >= 3).then(|| Login {
                label: words[..n - 2].join(" "),
                email: words[n - 2].to_string(),
                password: words[n - 1].to_string(),
            })
        })
        .collect()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The first `name` on `PATH` that is a file.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// chromedriver on a free port; its log goes to a file beside it.
struct Driver {
    _child: Killed,
    url: String,
    _dir: TempDir,
}

impl Driver {
    fn start(binary: &Path) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let log = std::fs::File::create(dir.path().join("chromedriver.log")).unwrap();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("chromedriver runs");
        let child = Killed(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port}: {}",
                std::fs::read_to_string(dir.path().join("chromedriver.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            _child: child,
            url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }
}

/// Where screenshots go, if anywhere.
struct Shots {
    docs: Option<PathBuf>,
    full: Option<PathBuf>,
}

impl Shots {
    fn from_env() -> Self {
        let mode = std::env::var("PENDULUM_SCREENSHOTS").unwrap_or_default();
        let on = mode == "1" || mode == "full";
        let docs =
            on.then(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"));
        let full = (mode == "full")
            .then(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
        for dir in docs.iter().chain(full.iter()) {
            std::fs::create_dir_all(dir).unwrap();
        }
        Self { docs, full }
    }
}

/// One browser session: a fresh Chromium profile, signed in as nobody.
struct Browser {
    client: Client,
    base: String,
    _profile: TempDir,
}

impl Browser {
    async fn open(driver: &Driver, base: &str) -> Step<Self> {
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--no-first-run".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": CHROMIUM, "args": args }),
        );
        // The console, so that what the Content-Security-Policy refuses is seen.
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .at("start a Chromium session")?;
        let browser = Self {
            client,
            base: base.to_string(),
            _profile: profile,
        };
        browser.resize(DESKTOP).await?;
        Ok(browser)
    }

    /// The console messages since the last call that say the Content-Security-Policy
    /// refused something (a script, a style, an image, a frame).
    async fn csp_violations(&self) -> Step<Vec<String>> {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .at("read the browser's console")?;
        Ok(log
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| entry.get("message").and_then(Value::as_str))
            .filter(|m| m.contains("Content Security Policy"))
            .map(str::to_string)
            .collect())
    }

    async fn close(self) {
        let _ = self.client.close().await;
    }

    /// Makes the page's viewport `width`×`height` (the window has no decorations in
    /// headless mode, but measure rather than assume).
    async fn resize(&self, (width, height): (u32, u32)) -> Step<()> {
        self.client
            .set_window_size(width, height)
            .await
            .at("set the window size")?;
        let inner = self
            .js("return [window.innerWidth, window.innerHeight]")
            .await?;
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0) as u32,
            inner[1].as_u64().unwrap_or(0) as u32,
        );
        if (w, h) != (width, height) && w > 0 && h > 0 {
            self.client
                .set_window_size(2 * width - w, 2 * height - h)
                .await
                .at("set the window size")?;
        }
        Ok(())
    }

    async fn goto(&self, path: &str) -> Step<()> {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .at(&format!("open {path}"))
    }

    async fn js(&self, script: &str) -> Step<Value> {
        self.client.execute(script, vec![]).await.at("run a script")
    }

    async fn js_with(&self, script: &str, args: Vec<Value>) -> Step<Value> {
        self.client.execute(script, args).await.at("run a script")
    }

    /// The path and query of the page shown.
    async fn path(&self) -> Step<String> {
        let url = self.client.current_url().await.at("read the URL")?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// The visible text of the page.
    async fn text(&self) -> Step<String> {
        let v = self
            .js("return document.body ? document.body.innerText : ''")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    async fn find(&self, css: &str) -> Step<Element> {
        self.client
            .find(Locator::Css(css))
            .await
            .at(&format!("find `{css}`"))
    }

    async fn find_all(&self, css: &str) -> Step<Vec<Element>> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .at(&format!("find `{css}`"))
    }

    /// The text of the first element matching `css`, or "" when there is none.
    async fn text_of(&self, css: &str) -> Step<String> {
        let v = self
            .js_with(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
                vec![json!(css)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().trim().to_string())
    }

    /// Waits until `ready` holds for the page's path and visible text.
    async fn wait_until(&self, what: &str, ready: impl Fn(&str, &str) -> bool) -> Step<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let (path, text) = (self.path().await?, self.text().await?);
            if ready(&path, &text) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "waited {}s for {what}; the page is {path}: {}",
                    WAIT.as_secs(),
                    excerpt(&text)
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element matching `css` exists.
    async fn wait_for(&self, css: &str) -> Step<Element> {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => Ok(e),
            Err(e) => Err(format!(
                "waited for `{css}`: {e}; the page is {}: {}",
                self.path().await.unwrap_or_default(),
                excerpt(&self.text().await.unwrap_or_default())
            )),
        }
    }

    async fn h1(&self) -> Step<String> {
        self.text_of("h1").await
    }

    /// Signs in through the form at /login and waits for the signed-in header.
    async fn sign_in(&self, login: &Login) -> Step<()> {
        self.goto("/login").await?;
        let email = self.wait_for("input[name=email]").await?;
        email.send_keys(&login.email).await.at("type the email")?;
        self.find("input[name=password]")
            .await?
            .send_keys(&login.password)
            .await
            .at("type the password")?;
        self.find("main form button[type=submit]")
            .await?
            .click()
            .await
            .at("click Sign in")?;
        self.wait_for("header form.signout")
            .await
            .map_err(|e| format!("sign in as the {} ({}): {e}", login.label, login.email))?;
        Ok(())
    }

    /// Signs out with the header's button and waits for the sign-in page.
    async fn sign_out(&self) -> Step<()> {
        self.find("header form.signout button")
            .await?
            .click()
            .await
            .at("click Sign out")?;
        self.wait_until("the sign-in page after signing out", |path, text| {
            path.starts_with("/login") && text.contains("Sign in")
        })
        .await
    }

    /// Clicks the first link whose visible text is `label` and waits for the page it
    /// leads to (a boosted link swaps the content in and pushes the URL).
    async fn follow(&self, label: &str, arrived: impl Fn(&str, &str) -> bool) -> Step<()> {
        let link = self
            .client
            .find(Locator::LinkText(label))
            .await
            .at(&format!("find the link “{label}”"))?;
        link.click().await.at(&format!("click “{label}”"))?;
        self.wait_until(&format!("the page behind “{label}”"), arrived)
            .await
    }

    /// A screenshot of a failed scenario's last page, in `target/tmp/browser-failures/`;
    /// says where, for the failure's message.
    async fn failure_shot(&self, n: usize) -> String {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-failures");
        let file = dir.join(format!("failure-{}.png", n + 1));
        match self.client.screenshot().await {
            Ok(png)
                if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(&file, &png).is_ok() =>
            {
                format!(", screenshot {}", file.display())
            }
            _ => String::new(),
        }
    }

    /// Writes a screenshot of the page as `name.png` when screenshots are asked for.
    async fn shot(&self, shots: &Shots, name: &str, size: (u32, u32)) -> Step<()> {
        if shots.docs.is_none() {
            return Ok(());
        }
        self.resize(size).await?;
        // Let layout and fonts settle, and start at the top.
        self.js("window.scrollTo(0, 0)").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.at("take a screenshot")?;
        if let Some(dir) = &shots.docs {
            std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
        }
        if let Some(dir) = &shots.full {
            // The rest of the page, one screen at a time (a taller window would lay the
            // page out differently).
            let height = self
                .js("return Math.ceil(document.documentElement.scrollHeight)")
                .await?
                .as_u64()
                .unwrap_or(0);
            let screens = height.div_ceil(u64::from(size.1)).clamp(1, 12);
            for screen in 0..screens {
                self.js_with(
                    "window.scrollTo(0, arguments[0])",
                    vec![json!(screen * u64::from(size.1))],
                )
                .await?;
                tokio::time::sleep(Duration::from_millis(150)).await;
                let png = self.client.screenshot().await.at("take a screenshot")?;
                std::fs::write(dir.join(format!("{name}-{}.png", screen + 1)), &png).unwrap();
            }
        }
        self.resize(DESKTOP).await
    }
}

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = flat.chars().take(400).collect();
    if cut.len() < flat.len() {
        cut.push('…');
    }
    cut
}

/// The person id in a path such as `/people/ID` or `/people/ID/pay`.
fn person_id(path: &str) -> Option<String> {
    let rest = path.split("/people/").nth(1)?;
    let id = rest.split(['/', '?', '#']).next()?;
    (!id.is_empty() && id != "me").then(|| id.to_string())
}

fn is_not_found(text: &str) -> bool {
    text.contains("Not found") || text.contains("There is no page at this address")
}

fn is_forbidden(text: &str) -> bool {
    text.contains("You do not have access")
}

/// What the scenarios learn from each other.
#[derive(Default)]
struct Found {
    /// Person ids seen in the admin's directory, and whether each is active.
    directory: Vec<(String, bool)>,
    /// The name of the person a manager proposed a promotion for.
    proposed_for: Option<String>,
    /// The emails of the demo logins: the scenarios change and open other people.
    demo_emails: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_application_works_in_a_real_browser() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let driver_binary = on_path("chromedriver");
    let missing: Vec<&str> = [
        (
            driver_binary.is_none(),
            "chromedriver (Debian package chromium-driver)",
        ),
        (
            !Path::new(CHROMIUM).is_file(),
            "/usr/bin/chromium (Debian package chromium)",
        ),
    ]
    .into_iter()
    .filter_map(|(gone, what)| gone.then_some(what))
    .collect();
    if !missing.is_empty() {
        assert!(
            !ci,
            "CI=true requires the browser tests to run, but {} is missing; scripts/test installs them",
            missing.join(" and ")
        );
        eprintln!(
            "\n*** SKIPPED: the browser tests did not run: {} is missing. \
             Run scripts/test, or `apt-get install chromium chromium-driver`. ***\n",
            missing.join(" and ")
        );
        return;
    }

    let started = Instant::now();
    let demo = Demo::start();
    let driver = Driver::start(driver_binary.as_deref().unwrap());
    let shots = Shots::from_env();
    let mut found = Found {
        demo_emails: demo.logins.iter().map(|l| l.email.clone()).collect(),
        ..Found::default()
    };
    let mut failures: Vec<String> = Vec::new();
    let mut passed: Vec<&str> = Vec::new();

    let only = std::env::var("PENDULUM_BROWSER_SCENARIO").unwrap_or_default();
    macro_rules! scenario {
        ($name:expr, |$b:ident| $body:expr) => {{
            let name: &str = $name;
            let t = Instant::now();
            let opened = if name.contains(only.as_str()) {
                Some(Browser::open(&driver, &demo.base).await)
            } else {
                None
            };
            match opened {
                None => eprintln!("browser: {name} skipped"),
                Some(Err(e)) => failures.push(format!("{name}: {e}")),
                Some(Ok($b)) => {
                    let outcome: Step<()> = match $body.await {
                        // Every page of the scenario ran under the site's policy: nothing
                        // it needs may have been refused.
                        Ok(()) => match $b.csp_violations().await {
                            Ok(refused) if refused.is_empty() => Ok(()),
                            Ok(refused) => Err(format!(
                                "the Content-Security-Policy refused: {}",
                                refused.join(" | ")
                            )),
                            Err(e) => Err(e),
                        },
                        Err(e) => Err(e),
                    };
                    match outcome {
                        Ok(()) => passed.push(name),
                        Err(e) => {
                            let path = $b.path().await.unwrap_or_default();
                            let text = $b.text().await.unwrap_or_default();
                            let shot = $b.failure_shot(failures.len()).await;
                            failures.push(format!(
                                "{name}: {e}\n      (the browser was at {path}{shot}: {})",
                                excerpt(&text)
                            ));
                        }
                    }
                    $b.close().await;
                    eprintln!("browser: {name} took {:.1}s", t.elapsed().as_secs_f64());
                }
            }
        }};
    }

    // a. Every role signs in through the form, sees the signed-in header, signs out.
    for login in demo.logins.clone() {
        let name: &'static str = match login.label.as_str() {
            "member" => "a. sign in and out as the member",
            "manager" => "a. sign in and out as the manager",
            "admin" => "a. sign in and out as the admin",
            "analyst" => "a. sign in and out as the analyst",
            _ => "a. sign in and out as the pay administrator",
        };
        let first = login.label == "member";
        scenario!(name, |b| sign_in_and_out(
            &b,
            &login,
            first.then_some(&shots)
        ));
    }

    // b. The framework, link by link.
    let member = demo.login("member").clone();
    scenario!("b. browse the framework", |b| browse_framework(&b, &member));

    // d. The admin finds someone and records a promotion (and sees the rule refused).
    let admin = demo.login("admin").clone();
    scenario!("d. admin: directory, search, record a promotion", |b| {
        record_promotion(&b, &admin, &mut found, &shots)
    });

    // g. A manager proposes a promotion for a report; the admin sees it among the
    // proposals (and the admin's other pages are screenshot).
    let manager = demo.login("manager").clone();
    scenario!("g. manager: propose a promotion for a report", |b| {
        propose_promotion(&b, &manager, &mut found)
    });
    scenario!("g. admin: proposals, audit log and versions", |b| {
        admin_pages(&b, &admin, &found, &shots)
    });

    // i. The admin corrects an entry of someone's history.
    scenario!("i. admin: correct an entry", |b| correct_entry(
        &b, &admin, &found
    ));

    // j. A refused save on a phone: the summary in view and focused, the field marked, the
    // address unchanged; the record form shows only the fields of the kind chosen.
    scenario!(
        "j. admin: a refused save is in view and focused on a phone",
        |b| { refused_save_in_view(&b, &admin, &found) }
    );

    // e. An invalid framework is checked, not published.
    scenario!("e. admin: check an invalid framework", |b| {
        check_invalid_framework(&b, &admin, &shots)
    });

    // h. A refused form (not the framework's) shows why too.
    scenario!("h. admin: a refused password form says why", |b| {
        refused_password(&b, &admin)
    });

    // c. The member's own record, and nobody else's.
    scenario!("c. member: own record only", |b| {
        member_record(&b, &member, &found, &shots)
    });

    // f. The pay administrator sees pay.
    let pay_admin = demo.login("pay administrator").clone();
    scenario!("f. pay administrator: a pay page", |b| {
        pay_page(&b, &pay_admin, &found, &shots)
    });

    // j. Every role lands on its home page, with the sections of its role, at desktop and
    // phone sizes.
    for login in demo.logins.clone() {
        let name: &'static str = match login.label.as_str() {
            "member" => "j. home page as the member",
            "manager" => "j. home page as the manager",
            "admin" => "j. home page as the admin",
            "analyst" => "j. home page as the analyst",
            _ => "j. home page as the pay administrator",
        };
        scenario!(name, |b| home_page(&b, &login, &shots));
    }

    // o. On a phone the timeline fits the width with no label cut, the header is one row
    // with a "Menu", and the directory's filters fold away; the desktop keeps its layout.
    scenario!("o. the timeline and header on a phone", |b| {
        timeline_and_header_on_a_phone(&b, &member, &shots)
    });
    scenario!("o. the directory's filters on a phone", |b| {
        directory_filters_on_a_phone(&b, &admin, &shots)
    });
    scenario!("m. admin: people administration", |b| {
        people_administration(&b, &admin)
    });
    // l. No dead ends: every link every role reaches opens, and refusals lead back.
    scenario!(
        "l. refusals lead back, the navigation follows the page",
        |b| { refusals_and_navigation(&b, &member) }
    );
    for login in demo.logins.clone() {
        let name: &'static str = match login.label.as_str() {
            "member" => "l. no dead ends as the member",
            "manager" => "l. no dead ends as the manager",
            "admin" => "l. no dead ends as the admin",
            "analyst" => "l. no dead ends as the analyst",
            _ => "l. no dead ends as the pay administrator",
        };
        scenario!(name, |b| no_dead_ends(&b, &login));
    }

    // k. A back-dated entry shows what it changes and needs a confirmation; a level the
    // rules raise is explained before and after recording.
    scenario!("k. admin: a back-dated entry's preview", |b| {
        backdated_preview(&b, &admin, &found)
    });
    scenario!("k. admin: a raised level is explained", |b| {
        raised_level_explained(&b, &admin, &found)
    });
    // n. Proposals with their context, the framework diff side by side, a check error's
    // place in the editor, and pay against its band.
    scenario!("n. admin: proposals with context", |b| {
        proposals_with_context(&b, &manager, &admin)
    });
    scenario!("n. admin: framework diff side by side", |b| {
        framework_diff_side_by_side(&b, &admin)
    });
    scenario!(
        "n. admin: a check error puts the cursor at its place",
        |b| { check_error_goes_to_its_place(&b, &admin) }
    );
    scenario!("n. pay administrator: band position", |b| {
        pay_band_position(&b, &pay_admin)
    });
    // p. The member keeps a journal on a phone: writes an entry, finds it in the list and
    // the insights, changes it and deletes it.
    scenario!("p. member: the journal on a phone", |b| {
        journal_on_a_phone(&b, &member, &shots)
    });
    // q. The member writes a reflection towards management, reads its summary beside their
    // journal and shares it; their manager reads it, read-only, from the member's page.
    scenario!("q. member and manager: a reflection, shared", |b| {
        reflection_shared(&b, &member, &manager, &shots)
    });
    // r. A management trial from beginning to end, through the pages: a new engineer at
    // Senior Engineer keeps a journal, reflects, plans a move to Engineering Manager with
    // their manager, tries it with checkpoints, and returns on the promised level with their
    // pay kept; no page calls it a demotion.
    scenario!("r. a management trial, from the journal to a return", |b| {
        trial_journey(&b, [&admin, &manager, &member, &pay_admin], &shots)
    });
    // s. The analyst tries promotion strategies and projects the organisation's history:
    // a refused value is in view and marked, the results are charts beside tables.
    let analyst = demo.login("analyst").clone();
    scenario!("s. analyst: the simulator and the projection", |b| {
        simulator(&b, &analyst, &shots)
    });

    drop(driver);
    drop(demo);
    eprintln!(
        "browser: {} scenario(s) passed, {} failed, in {:.1}s",
        passed.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    for name in &passed {
        eprintln!("  ok    {name}");
    }
    assert!(
        failures.is_empty(),
        "{} browser scenario(s) failed:\n  - {}",
        failures.len(),
        failures.join("\n  - ")
    );
}

/// a. The form at /login, the signed-in header with the email and "Sign out", and the
/// sign-in page again after signing out.
async fn sign_in_and_out(b: &Browser, login: &Login, shots: Option<&Shots>) -> Step<()> {
    if let Some(shots) = shots {
        b.goto("/login").await?;
        b.wait_for("input[name=email]").await?;
        b.shot(shots, "login-desktop", DESKTOP).await?;
    }
    b.sign_in(login).await?;
    let header = b.text_of("header").await?;
    ensure(header.contains(&login.email), || {
        format!(
            "the signed-in header does not show {}: {header:?}",
            login.email
        )
    })?;
    let button = b.text_of("header form.signout button").await?;
    ensure(button == "Sign out", || {
        format!("the header's button reads {button:?}, not “Sign out”")
    })?;
    b.sign_out().await?;
    // Signed out means signed out: a page needs signing in again.
    b.goto("/framework/").await?;
    b.wait_until("the sign-in page for a signed-out visitor", |path, _| {
        path.starts_with("/login")
    })
    .await
}

/// b. From the framework's front page to a level and to "Pay compared".
async fn browse_framework(b: &Browser, member: &Login) -> Step<()> {
    b.sign_in(member).await?;
    b.goto("/framework/").await?;
    let h1 = b.h1().await?;
    ensure(h1.contains("Framework"), || {
        format!("the framework's front page has the heading {h1:?}")
    })?;
    let link = b
        .find("main a[href*='/framework/levels/']")
        .await
        .at("find a link to a level on /framework/")?;
    let label = link.text().await.at("read the level link")?;
    link.click().await.at("click a level")?;
    let expected = label.clone();
    b.wait_until(&format!("the level page of {label}"), |path, _| {
        path.contains("/framework/levels/")
    })
    .await?;
    b.wait_until(&format!("the heading {expected:?}"), |_, text| {
        text.contains(expected.as_str())
    })
    .await?;
    let h1 = b.h1().await?;
    ensure(h1.contains(&label), || {
        format!("the level page's heading is {h1:?}, expected it to name {label:?}")
    })?;
    b.follow("Pay compared", |path, _| {
        path.ends_with("/framework/compare/pay")
    })
    .await?;
    b.wait_until("the heading “Pay compared across tracks”", |_, text| {
        text.contains("Pay compared across tracks")
    })
    .await?;
    let h1 = b.h1().await?;
    ensure(h1 == "Pay compared across tracks", || {
        format!("the pay comparison's heading is {h1:?}")
    })
}

/// One row of the people directory.
#[derive(Debug)]
struct Row {
    name: String,
    href: String,
    email: String,
    level: String,
    status: String,
}

async fn directory_rows(b: &Browser) -> Step<Vec<Row>> {
    let rows = b
        .js(
            "return Array.from(document.querySelectorAll('table.people-table tbody tr')).map(tr => {
               const a = tr.querySelector('th a');
               const tds = tr.querySelectorAll('td');
               return {
                 name: a ? a.textContent.trim() : '',
                 href: a ? a.getAttribute('href') : '',
                 email: (tr.querySelector('th .meta') || {textContent: ''}).textContent.trim(),
                 level: tds.length > 0 ? ((tds[0].querySelector('.meta') || {textContent: ''}).textContent.trim()) : '',
                 status: tds.length > 0 ? tds[tds.length - 1].textContent.trim() : '',
               };
             })",
        )
        .await?;
    Ok(rows
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| Row {
                    name: r["name"].as_str().unwrap_or_default().to_string(),
                    href: r["href"].as_str().unwrap_or_default().to_string(),
                    email: r["email"].as_str().unwrap_or_default().to_string(),
                    level: r["level"]
                        .as_str()
                        .unwrap_or_default()
                        .trim_matches(['(', ')'])
                        .to_string(),
                    status: r["status"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// d. The directory, a search by name, a person's page and the record form: a refused
/// promotion shows the rule's message, an accepted one enters the history.
async fn record_promotion(
    b: &Browser,
    admin: &Login,
    found: &mut Found,
    shots: &Shots,
) -> Step<()> {
    b.sign_in(admin).await?;
    b.goto("/people/").await?;
    b.wait_for("table.people-table tbody tr").await?;
    let h1 = b.h1().await?;
    ensure(h1 == "People", || {
        format!("the directory's heading is {h1:?}")
    })?;
    b.shot(shots, "people-directory-desktop", DESKTOP).await?;
    let rows = directory_rows(b).await?;
    found.directory = rows
        .iter()
        .filter(|r| !found.demo_emails.contains(&r.email))
        .filter_map(|r| Some((person_id(&r.href)?, r.status == "active")))
        .collect();
    // Someone active, not a demo login, below the top of the IC track.
    let row = rows
        .iter()
        .find(|r| {
            !found.demo_emails.contains(&r.email)
                && r.status == "active"
                && r.level
                    .strip_prefix("ic-")
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|n| (2..=5).contains(&n))
        })
        .ok_or_else(|| {
            format!("no active person at ic-2…ic-5 on the directory's first page: {rows:?}")
        })?;
    let name = row.name.clone();

    // Search by name through the form.
    let q = b.find("input[name=q]").await?;
    q.clear().await.at("clear the search field")?;
    q.send_keys(&name).await.at("type a name to search for")?;
    b.find("form.people-filters button[type=submit]")
        .await?
        .click()
        .await
        .at("click Search")?;
    b.wait_until(&format!("search results for {name:?}"), |path, _| {
        path.contains("q=")
    })
    .await?;
    b.wait_for("table.people-table tbody tr").await?;
    let results = directory_rows(b).await?;
    let query = name.to_lowercase();
    ensure(
        results.iter().all(|r| {
            r.name.to_lowercase().contains(&query) || r.email.to_lowercase().contains(&query)
        }),
        || format!("searching for {name:?} also found others: {results:?}"),
    )?;
    ensure(results.iter().any(|r| r.name == name), || {
        format!("searching for {name:?} did not find them: {results:?}")
    })?;
    b.follow(&name, |path, _| person_id(path).is_some()).await?;
    b.wait_until(&format!("{name}'s page"), |_, text| {
        text.contains("Current role")
    })
    .await?;
    let h1 = b.h1().await?;
    ensure(h1 == name, || {
        format!("the person page's heading is {h1:?}, not {name:?}")
    })?;
    let person_path = b.path().await?;

    // The current level, and the levels of the form's select by track.
    let Promotion {
        current,
        next,
        refused,
    } = promotion_levels(b).await?;
    let today = time::OffsetDateTime::now_utc().date().to_string();

    submit_record(b, "promotion", &today, &refused).await?;
    let alert = wait_alert_or_row(b, &today, &refused).await?;
    let Some(message) = alert else {
        return Err(format!(
            "a promotion from {current} to {refused} was recorded; the rules should refuse it"
        ));
    };
    ensure(!message.is_empty(), || {
        "the rule's alert is empty".to_string()
    })?;

    submit_record(b, "promotion", &today, &next).await?;
    if let Some(message) = wait_alert_or_row(b, &today, &next).await? {
        return Err(format!(
            "a promotion from {current} to {next} on {today} was refused: {message:?}"
        ));
    }
    let path = b.path().await?;
    ensure(person_id(&path) == person_id(&person_path), || {
        format!("after recording, the browser is at {path}, not {person_path}")
    })
}

/// Levels for a promotion of the person whose page is shown, from the record form's
/// level select (grouped by track, lowest first).
struct Promotion {
    current: String,
    /// The next level up the same track.
    next: String,
    /// A level that the rules refuse for a promotion: down the same track, or across.
    refused: String,
}

async fn promotion_levels(b: &Browser) -> Step<Promotion> {
    let current = b
        .js("const dt = Array.from(document.querySelectorAll('dt')).find(d => d.textContent.trim() === 'Level id');
             return dt && dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : ''")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    ensure(!current.is_empty(), || {
        "the person page shows no “Level id”".to_string()
    })?;
    b.wait_for("form.record-form select[name=level]").await?;
    let groups = b
        .js("return Array.from(document.querySelectorAll('form.record-form select[name=level] optgroup'))
               .map(g => Array.from(g.querySelectorAll('option')).map(o => o.value))")
        .await?;
    let groups: Vec<Vec<String>> = serde_json::from_value(groups).at("read the level select")?;
    let track = groups
        .iter()
        .find(|g| g.contains(&current))
        .ok_or_else(|| format!("the level select has no group with {current}: {groups:?}"))?;
    let at = track.iter().position(|l| *l == current).unwrap();
    let next = track
        .get(at + 1)
        .ok_or_else(|| format!("{current} is the top of its track: {track:?}"))?
        .clone();
    let refused = if at > 0 {
        track[at - 1].clone()
    } else {
        groups
            .iter()
            .find(|g| !g.contains(&current))
            .and_then(|g| g.last().cloned())
            .ok_or_else(|| format!("no other track in the level select: {groups:?}"))?
    };
    Ok(Promotion {
        current,
        next,
        refused,
    })
}

/// Fills and submits the person page's record form.
async fn submit_record(b: &Browser, kind: &str, effective: &str, level: &str) -> Step<()> {
    let form = b.wait_for("form.record-form").await?;
    let kinds = b
        .js("return Array.from(document.querySelectorAll('form.record-form select[name=kind] option')).map(o => o.value)")
        .await?;
    let kinds: Vec<String> = serde_json::from_value(kinds).at("read the kinds")?;
    let value = kinds
        .iter()
        .find(|k| k.as_str() == kind || k.replace('_', "-") == kind)
        .ok_or_else(|| format!("the record form has no kind {kind}: {kinds:?}"))?;
    form.find(Locator::Css("select[name=kind]"))
        .await
        .at("find the kind select")?
        .select_by_value(value)
        .await
        .at(&format!("choose the kind {value}"))?;
    // A date input's typing depends on the locale: set its value as the picker would.
    b.js_with(
        "const i = document.querySelector('form.record-form input[name=effective]'); i.value = arguments[0];
         i.dispatchEvent(new Event('input', {bubbles: true})); i.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(effective)],
    )
    .await?;
    form.find(Locator::Css("select[name=level]"))
        .await
        .at("find the level select")?
        .select_by_value(level)
        .await
        .at(&format!("choose the level {level}"))?;
    // Mark the page, to tell the answer from the page it replaces.
    b.js("document.body.dataset.submitted = 'yes'").await?;
    form.find(Locator::Css("button[type=submit]"))
        .await
        .at("find the form's button")?
        .click()
        .await
        .at("click Record")?;
    Ok(())
}

/// After a record: `Some(message)` when the form came back with an alert, `None` when the
/// history holds a promotion to `level` on `date`.
async fn wait_alert_or_row(b: &Browser, date: &str, level: &str) -> Step<Option<String>> {
    let deadline = Instant::now() + WAIT;
    loop {
        let state = b
            .js_with(
                "if (document.body.dataset.submitted === 'yes') return null;
                 const alert = document.querySelector('form.record-form [role=alert]');
                 const rows = Array.from(document.querySelectorAll('table.history-table tbody tr'))
                   .map(tr => tr.textContent);
                 return {
                   alert: alert ? alert.textContent.trim() : null,
                   row: rows.some(t => t.includes(arguments[0]) && t.includes(arguments[1]) && /promot/i.test(t)),
                 };",
                vec![json!(date), json!(level)],
            )
            .await?;
        if !state.is_null() {
            if let Some(alert) = state["alert"].as_str() {
                return Ok(Some(alert.to_string()));
            }
            if state["row"].as_bool() == Some(true) {
                return Ok(None);
            }
        }
        if Instant::now() > deadline {
            let text = b.text().await?;
            return Err(format!(
                "after submitting a promotion to {level} on {date}, neither an alert \
                 (role=\"alert\") nor a history row appeared: {}",
                excerpt(&text)
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// i. "Correct this entry" on a history row opens the correction form filled in with the
/// entry's values; with a reason it records the correction, the corrected entry stays,
/// marked with the correction's date and reason, and the correction says what it corrects.
async fn correct_entry(b: &Browser, admin: &Login, found: &Found) -> Step<()> {
    b.sign_in(admin).await?;
    b.goto("/people/").await?;
    b.wait_for("table.people-table tbody tr").await?;
    let rows = directory_rows(b).await?;
    let row = rows
        .iter()
        .find(|r| !found.demo_emails.contains(&r.email) && person_id(&r.href).is_some())
        .ok_or_else(|| format!("no one but the demo logins in the directory: {rows:?}"))?;
    b.goto(&row.href).await?;
    b.wait_for("table.history-table a.correct-entry").await?;
    // The oldest entry: corrected with its own values, the history stays possible.
    b.find("table.history-table a.correct-entry")
        .await?
        .click()
        .await
        .at("click “Correct this entry”")?;
    b.wait_until("the correction form", |path, _| path.contains("correct="))
        .await?;
    let form = b.wait_for("form.correction-form").await?;
    let filled = b
        .js("const f = document.querySelector('form.correction-form');
             return {
               supersedes: f.querySelector('input[name=supersedes]').value,
               kind: f.querySelector('select[name=kind]').value,
               effective: f.querySelector('input[name=effective]').value,
               hint: f.querySelector('.form-hint').textContent,
             }")
        .await?;
    let effective = filled["effective"].as_str().unwrap_or_default().to_string();
    ensure(
        !filled["supersedes"].as_str().unwrap_or_default().is_empty()
            && !filled["kind"].as_str().unwrap_or_default().is_empty()
            && !effective.is_empty(),
        || format!("the correction form is not filled in with the entry: {filled}"),
    )?;
    form.find(Locator::Css("input[name=reason]"))
        .await
        .at("find the reason field")?
        .send_keys("Recorded twice by mistake")
        .await
        .at("type a reason")?;
    b.js("document.body.dataset.submitted = 'yes'").await?;
    form.find(Locator::Css("button[type=submit]"))
        .await
        .at("find the form's button")?
        .click()
        .await
        .at("click “Record the correction”")?;
    b.wait_until("the recorded correction", |_, text| {
        text.contains("Recorded:") || text.contains("refused")
    })
    .await?;
    let notice = b.text_of("form.record-form [role=status]").await?;
    let alert = b.text_of("form.record-form [role=alert]").await?;
    ensure(notice.contains("correcting the"), || {
        format!("no notice of the correction: {notice:?}; alert: {alert:?}")
    })?;
    let history = b.text_of("table.history-table").await?;
    ensure(
        history.contains("Corrected on") && history.contains("Recorded twice by mistake"),
        || format!("the corrected entry is not marked: {}", excerpt(&history)),
    )?;
    ensure(history.contains("Corrects the "), || {
        format!(
            "the correction does not say what it corrects: {}",
            excerpt(&history)
        )
    })?;
    ensure(history.contains(&effective), || {
        format!(
            "the corrected entry of {effective} is gone: {}",
            excerpt(&history)
        )
    })
}

/// j. At 390 px wide, the record form shows only the fields that apply to the kind of change
/// chosen; a promotion without a level is refused, and the page comes back at the same
/// address with the error summary focused and in view and the level marked.
async fn refused_save_in_view(b: &Browser, admin: &Login, found: &Found) -> Step<()> {
    b.resize(PHONE).await?;
    b.sign_in(admin).await?;
    b.goto("/people/").await?;
    b.wait_for("table.people-table tbody tr").await?;
    let rows = directory_rows(b).await?;
    let row = rows
        .iter()
        .find(|r| !found.demo_emails.contains(&r.email) && person_id(&r.href).is_some())
        .ok_or_else(|| format!("no one but the demo logins in the directory: {rows:?}"))?;
    b.goto(&row.href).await?;
    b.wait_for("form.record-form").await?;
    let page = b.js("return location.href").await?;

    // The fields that apply: a leave has an end date but no level or outcome.
    let shown = |kind: &'static str| {
        b.js_with(
            "const f = document.querySelector('form.record-form');
             const k = f.querySelector('select[name=kind]');
             k.value = arguments[0];
             k.dispatchEvent(new Event('change', {bubbles: true}));
             const seen = n => !f.querySelector('[name=' + n + ']').closest('p').hidden;
             return {level: seen('level'), until: seen('until'), outcome: seen('outcome'),
                     effective: seen('effective'), reason: seen('reason')};",
            vec![json!(kind)],
        )
    };
    let leave = shown("leave").await?;
    ensure(
        leave
            == json!({"level": false, "until": true, "outcome": false, "effective": true, "reason": true}),
        || format!("a leave shows the wrong fields: {leave}"),
    )?;
    let end = shown("trial-end").await?;
    ensure(
        end["outcome"] == json!(true) && end["until"] == json!(false),
        || format!("the end of a trial shows the wrong fields: {end}"),
    )?;

    // A promotion with no level: refused by the rules.
    submit_record(b, "promotion", "2026-01-05", "").await?;
    let deadline = Instant::now() + WAIT;
    let state = loop {
        let state = b
            .js("if (document.body.dataset.submitted === 'yes') return null;
                 const s = document.querySelector('form.record-form .error-summary');
                 if (!s) return null;
                 const r = s.getBoundingClientRect();
                 const level = document.getElementById('record-level');
                 return {
                   focused: document.activeElement === s,
                   top: r.top, bottom: r.bottom, height: window.innerHeight,
                   width: window.innerWidth,
                   href: location.href,
                   text: s.textContent.trim(),
                   level: level.getAttribute('aria-invalid'),
                   effective: document.querySelector('form.record-form input[name=effective]').value,
                 };")
            .await?;
        if !state.is_null() {
            break state;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no error summary after a promotion without a level: {}",
                excerpt(&b.text().await?)
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    ensure(state["width"].as_f64().is_some_and(|w| w <= 400.0), || {
        format!("not a phone's width: {state}")
    })?;
    ensure(state["focused"] == json!(true), || {
        format!("the error summary does not have the focus: {state}")
    })?;
    let (top, bottom, height) = (
        state["top"].as_f64().unwrap_or(-1.0),
        state["bottom"].as_f64().unwrap_or(-1.0),
        state["height"].as_f64().unwrap_or(0.0),
    );
    ensure(top >= 0.0 && bottom <= height, || {
        format!("the error summary is not in view: {state}")
    })?;
    ensure(state["href"] == page, || {
        format!("the address changed from {page} to {}", state["href"])
    })?;
    ensure(state["level"] == json!("true"), || {
        format!("the level is not marked aria-invalid: {state}")
    })?;
    ensure(state["effective"] == json!("2026-01-05"), || {
        format!("the date was not kept: {state}")
    })
}

/// g. The manager opens a report from their own page and proposes a promotion, which
/// an admin must confirm.
async fn propose_promotion(b: &Browser, manager: &Login, found: &mut Found) -> Step<()> {
    b.sign_in(manager).await?;
    b.goto("/people/me").await?;
    b.wait_until("the manager's own page", |_, text| {
        text.contains("Direct reports")
    })
    .await?;
    let own = b.path().await?;
    let reports = b
        .js("return Array.from(document.querySelectorAll('ul.reports a')).map(a => a.textContent.trim())")
        .await?;
    let reports: Vec<String> = serde_json::from_value(reports).at("read the direct reports")?;
    ensure(!reports.is_empty(), || {
        "the manager's page lists no direct reports".to_string()
    })?;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let mut skipped = Vec::new();
    for name in reports.iter().take(8) {
        b.goto(&own).await?;
        b.wait_for("ul.reports a").await?;
        b.follow(name, |path, text| {
            path != own && text.contains("Current role")
        })
        .await?;
        let heading = b.text_of("#record").await?;
        ensure(heading == "Propose a change", || {
            format!(
                "a manager's form on {name}'s page is headed {heading:?}, not “Propose a change”"
            )
        })?;
        let Ok(Promotion { current, next, .. }) = promotion_levels(b).await else {
            skipped.push(format!("{name}: no level to promote to"));
            continue;
        };
        submit_record(b, "promotion", &today, &next).await?;
        let deadline = Instant::now() + WAIT;
        loop {
            let state = b
                .js("if (document.body.dataset.submitted === 'yes') return null;
                     const s = document.querySelector('form.record-form [role=status]');
                     const a = document.querySelector('form.record-form [role=alert]');
                     return {status: s ? s.textContent.trim() : null, alert: a ? a.textContent.trim() : null};")
                .await?;
            if let Some(status) = state["status"].as_str() {
                ensure(status.starts_with("Proposed"), || {
                    format!("proposing {current} → {next} for {name} says {status:?}")
                })?;
                found.proposed_for = Some(name.clone());
                return Ok(());
            }
            if let Some(alert) = state["alert"].as_str() {
                skipped.push(format!("{name} ({current} → {next}): {alert}"));
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "after proposing {current} → {next} for {name}, no message (role=status or role=alert) appeared: {}",
                    excerpt(&b.text().await?)
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Err(format!(
        "no report's promotion could be proposed: {}",
        skipped.join("; ")
    ))
}

/// The admin's proposals (with the manager's), audit log and framework versions.
async fn admin_pages(b: &Browser, admin: &Login, found: &Found, shots: &Shots) -> Step<()> {
    b.sign_in(admin).await?;
    for (path, heading, name) in [
        ("/proposals", "Proposals", "proposals-desktop"),
        ("/audit", "Audit", "audit-desktop"),
        (
            "/framework/versions",
            "Framework versions",
            "versions-desktop",
        ),
    ] {
        b.goto(path).await?;
        let h1 = b.h1().await?;
        ensure(h1.contains(heading), || {
            format!("{path} has the heading {h1:?}, expected {heading:?}")
        })?;
        if path == "/proposals"
            && let Some(name) = &found.proposed_for
        {
            let text = b.text().await?;
            ensure(
                text.contains(name.as_str()) && text.contains("Confirm"),
                || {
                    format!(
                        "the admin's proposals do not show the one for {name} with a Confirm button: {}",
                        excerpt(&text)
                    )
                },
            )?;
        }
        b.shot(shots, name, DESKTOP).await?;
    }
    Ok(())
}

/// h. A refused form says why: two different passwords in the admin's "Set a new
/// password" form on /admin/accounts.
async fn refused_password(b: &Browser, admin: &Login) -> Step<()> {
    b.sign_in(admin).await?;
    b.goto("/admin/accounts").await?;
    let h1 = b.h1().await?;
    ensure(h1 == "Accounts", || {
        format!("/admin/accounts has the heading {h1:?}")
    })?;
    b.find("table.accounts details summary")
        .await?
        .click()
        .await
        .at("open “Set a new password”")?;
    b.find("table.accounts details input[name=password]")
        .await?
        .send_keys("a-first-long-password")
        .await
        .at("type a new password")?;
    b.find("table.accounts details input[name=confirm]")
        .await?
        .send_keys("a-different-long-password")
        .await
        .at("type a different one")?;
    b.find("table.accounts details button[type=submit]")
        .await?
        .click()
        .await
        .at("click “Set the password”")?;
    // The form's pattern, on the accounts page's own address: its summary focused and in
    // view, the confirmation marked, no password sent back.
    let shown = refusal(
        b,
        "the refusal of two different passwords",
        "table.accounts details[open] .error-summary",
        "table.accounts details[open] input[name=confirm]",
    )
    .await?;
    ensure(
        shown["path"] == json!("/admin/accounts")
            && shown["text"].as_str().is_some_and(|t| t.contains("differ"))
            && shown["invalid"] == json!("true")
            && shown["value"] == json!("")
            && top_in_view(&shown),
        || format!("the refused password form is not shown by the form's pattern: {shown}"),
    )
}

/// e. A misspelt key is reported with its line, and nothing is published.
async fn check_invalid_framework(b: &Browser, admin: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(admin).await?;
    b.goto("/framework/versions").await?;
    b.wait_for("table.versions tbody tr").await?;
    let before = b.find_all("table.versions tbody tr").await?.len();

    b.goto("/framework/publish").await?;
    b.wait_for("textarea[name=yaml]").await?;
    let text = b
        .js("return document.querySelector('textarea[name=yaml]').value")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    ensure(text.contains("\nname:"), || {
        format!(
            "the publish form does not hold the framework: {}",
            excerpt(&text)
        )
    })?;
    let (key, typo) = if text.contains("\nchangelog:") {
        ("\nchangelog:", "\nchanglog:")
    } else {
        ("\nversion:", "\nversoin:")
    };
    let broken = text.replacen(key, typo, 1);
    let line = broken[..broken.find(typo).unwrap() + 1].lines().count() + 1;
    b.js_with(
        "document.querySelector('textarea[name=yaml]').value = arguments[0]",
        vec![json!(broken)],
    )
    .await?;
    b.find("button[name=action][value=check]")
        .await?
        .click()
        .await
        .at("click Check")?;
    let misspelt = typo
        .trim_start_matches('\n')
        .trim_end_matches(':')
        .to_string();
    let mut problems = Vec::new();
    if b.wait_for(".diagnostics li").await.is_err() {
        problems.push(format!(
            "after clicking Check, the page shows no error for the misspelt key `{misspelt}` \
             on line {line} within {}s: it still shows the form as before",
            WAIT.as_secs()
        ));
        // Whether the server's answer holds the error: the same form, submitted without
        // htmx (`form.submit()` skips htmx's handler), the browser showing the answer whole.
        b.js(
            "const f = document.querySelector('textarea[name=yaml]').form;
              const i = document.createElement('input');
              i.type = 'hidden'; i.name = 'action'; i.value = 'check';
              f.appendChild(i); f.submit();",
        )
        .await?;
        match b.wait_for(".diagnostics li").await {
            Ok(_) => problems.push(
                "submitted without htmx, the server's answer does show the error: the \
                 boosted form drops it (the answer's status is 422, and htmx 2 swaps no \
                 4xx answer in unless told to)"
                    .to_string(),
            ),
            Err(e) => problems.push(format!("submitted without htmx, still no error: {e}")),
        }
    }
    let diagnostics = b.text_of(".diagnostics").await?;
    if !diagnostics.is_empty() {
        if !diagnostics.contains(&misspelt) {
            problems.push(format!(
                "the errors do not name `{misspelt}`: {diagnostics:?}"
            ));
        }
        if !(diagnostics.contains(&format!(":{line}:"))
            || diagnostics.contains(&format!("line {line}")))
        {
            problems.push(format!(
                "the error does not give line {line}: {diagnostics:?}"
            ));
        }
        // The form's pattern: the summary on top, focused, naming the text, which is
        // marked; the address is the form's own.
        let shown = refusal(b, "the check's summary", "#publish-errors", "#publish-yaml").await?;
        if !(shown["path"] == json!("/framework/publish")
            && shown["invalid"] == json!("true")
            && shown["text"].as_str().is_some_and(|t| {
                t.contains("The text has ") && t.contains("nothing was published")
            })
            && shown["value"]
                .as_str()
                .is_some_and(|v| v.contains(typo.trim_start_matches('\n')))
            && top_in_view(&shown))
        {
            problems.push(format!(
                "the check's refusal is not shown by the form's pattern: {}",
                json!({"path": shown["path"], "invalid": shown["invalid"], "text": shown["text"], "top": shown["top"]})
            ));
        }
        b.shot(shots, "publish-error-desktop", DESKTOP).await?;
    }

    b.goto("/framework/versions").await?;
    b.wait_for("table.versions tbody tr").await?;
    let after = b.find_all("table.versions tbody tr").await?.len();
    if after != before {
        problems.push(format!(
            "checking published something: {before} version(s) before, {after} after"
        ));
    }
    ensure(problems.is_empty(), || problems.join("; "))
}

/// c. The member's own page (timeline with a swing), and no one else's page, pay or the
/// admin pages.
async fn member_record(b: &Browser, member: &Login, found: &Found, shots: &Shots) -> Step<()> {
    b.sign_in(member).await?;
    b.goto("/framework/").await?;
    b.follow("My record", |path, text| {
        person_id(path).is_some() || text.contains("Timeline")
    })
    .await?;
    b.wait_until("the member's page after “My record”", |_, text| {
        text.contains("Timeline")
    })
    .await?;
    // Opened directly, /people/me redirects to the member's own page.
    b.goto("/people/me").await?;
    let path = b.path().await?;
    let own = person_id(&path)
        .ok_or_else(|| format!("/people/me led to {path}, not to a person's page"))?;
    let text = b.text().await?;
    ensure(text.contains(&member.email), || {
        format!("/people/me shows someone else: {}", excerpt(&text))
    })?;
    let titled = b
        .js("return document.querySelectorAll('svg title').length")
        .await?
        .as_u64()
        .unwrap_or(0);
    ensure(titled > 0, || {
        "the person page has no inline SVG timeline with a <title>".to_string()
    })?;
    let content = b
        .js("return document.body.textContent.toLowerCase()")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    ensure(content.contains("swing to management"), || {
        "the member's timeline shows no “swing to management”".to_string()
    })?;
    b.shot(shots, "person-desktop", DESKTOP).await?;
    b.shot(shots, "person-phone", PHONE).await?;

    let mut problems = Vec::new();
    match found
        .directory
        .iter()
        .map(|(id, _)| id)
        .find(|id| **id != own)
    {
        None => problems.push(
            "no other person's id is known (the admin's directory scenario found none)".to_string(),
        ),
        Some(other) => {
            for path in [format!("/people/{other}"), format!("/people/{other}/pay")] {
                b.goto(&path).await?;
                let text = b.text().await?;
                if !is_not_found(&text) {
                    problems.push(format!(
                        "the member opened {path} and did not get the not-found page: {}",
                        excerpt(&text)
                    ));
                }
            }
        }
    }
    for path in ["/audit", "/admin/accounts", "/framework/publish"] {
        b.goto(path).await?;
        let text = b.text().await?;
        if !is_forbidden(&text) {
            problems.push(format!(
                "the member opened {path} and did not get “You do not have access”: {}",
                excerpt(&text)
            ));
        }
    }
    ensure(problems.is_empty(), || problems.join("; "))
}

/// f. The pay administrator opens someone's pay page and sees the pay table.
async fn pay_page(b: &Browser, pay_admin: &Login, found: &Found, shots: &Shots) -> Step<()> {
    b.sign_in(pay_admin).await?;
    // Someone active, preferably.
    let id = match found.directory.iter().find(|(_, active)| *active) {
        Some((id, _)) => id.clone(),
        None => {
            b.goto("/people/").await?;
            b.wait_for("table.people-table tbody tr").await?;
            directory_rows(b)
                .await?
                .iter()
                .find(|r| !found.demo_emails.contains(&r.email))
                .and_then(|r| person_id(&r.href))
                .ok_or_else(|| "the pay administrator's directory lists no one".to_string())?
        }
    };
    b.goto(&format!("/people/{id}")).await?;
    b.wait_until("a person's page", |_, text| text.contains("Current role"))
        .await?;
    b.follow("Pay", |path, _| path.ends_with("/pay")).await?;
    b.wait_for("table.pay-history tbody tr").await?;
    let h1 = b.h1().await?;
    ensure(h1.starts_with("Pay of "), || {
        format!("the pay page's heading is {h1:?}")
    })?;
    let rows = b.find_all("table.pay-history tbody tr").await?.len();
    ensure(rows > 0, || "the pay table has no rows".to_string())?;
    b.shot(shots, "pay-desktop", DESKTOP).await
}

/// Chromedriver's `se/log` command for the `browser` log (the console), which the
/// session's `goog:loggingPrefs` asks Chromium to keep.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// j. Signing in lands on the home page, which holds the role's sections (the viewer's
/// own role, or the note that the account is linked to no person), marks "Home" as the
/// current page, and fits a phone's width.
async fn home_page(b: &Browser, login: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(login).await?;
    b.wait_until("the home page after signing in", |path, _| path == "/")
        .await?;
    if matches!(login.label.as_str(), "member" | "manager") {
        let label = &login.label;
        b.shot(shots, &format!("home-{label}-desktop"), DESKTOP)
            .await?;
        b.shot(shots, &format!("home-{label}-phone"), PHONE).await?;
    }
    let wanted: &[&str] = match login.label.as_str() {
        "member" => &["home-role"],
        "manager" => &["home-role", "home-team", "home-my-proposals"],
        "admin" => &["home-to-decide"],
        "analyst" => &["home-analyst"],
        _ => &["home-pay"],
    };
    for size in [DESKTOP, PHONE] {
        b.resize(size).await?;
        let shown = b
            .js(
                "return [...document.querySelectorAll('section.home-section')]
                    .filter(s => s.getBoundingClientRect().width > 0).map(s => s.id)",
            )
            .await?;
        let shown: Vec<String> = shown
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        ensure(
            shown
                .iter()
                .any(|s| s == "home-role" || s == "home-unlinked"),
            || {
                format!(
                    "no role section for the {} at {size:?}: {shown:?}",
                    login.label
                )
            },
        )?;
        for want in wanted {
            ensure(shown.iter().any(|s| s == want), || {
                format!(
                    "the {}'s home page lacks {want} at {size:?}: {shown:?}",
                    login.label
                )
            })?;
        }
        let overflow = b
            .js("return document.documentElement.scrollWidth - window.innerWidth")
            .await?
            .as_i64()
            .unwrap_or(0);
        ensure(overflow <= 0, || {
            format!("the home page is {overflow}px wider than the window at {size:?}")
        })?;
    }
    b.resize(DESKTOP).await?;
    let current = b.text_of("nav.app-nav a[aria-current=page]").await?;
    ensure(current == "Home", || {
        format!("the navigation marks {current:?} as the current page, not Home")
    })?;
    b.sign_out().await
}

/// What the shown timeline image measures in the browser: which one is shown, its box, and
/// the texts that run outside it.
#[derive(Debug)]
struct ChartBox {
    shown: Vec<String>,
    left: f64,
    right: f64,
    texts: u64,
    clipped: Vec<String>,
    content: String,
}

async fn chart_box(b: &Browser) -> Step<ChartBox> {
    let v = b
        .js(
            "const shown = [...document.querySelectorAll('svg.timeline-chart')]
                .filter(s => s.getBoundingClientRect().width > 0);
             const svg = shown[0];
             if (!svg) return { shown: [] };
             const r = svg.getBoundingClientRect();
             const texts = [...svg.querySelectorAll('text')];
             const clipped = texts
               .map(t => [t.textContent, t.getBoundingClientRect()])
               .filter(([_, q]) => q.width > 0 && (q.left < r.left - 0.5 || q.right > r.right + 0.5
                   || q.top < r.top - 0.5 || q.bottom > r.bottom + 0.5))
               .map(([t, q]) => t + ' (' + Math.round(q.left) + ' to ' + Math.round(q.right) + ')');
             return { shown: shown.map(s => s.getAttribute('class')), left: r.left, right: r.right,
                      texts: texts.length, clipped, content: svg.textContent };",
        )
        .await?;
    let strings = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    Ok(ChartBox {
        shown: strings("shown"),
        left: v["left"].as_f64().unwrap_or(-1.0),
        right: v["right"].as_f64().unwrap_or(f64::MAX),
        texts: v["texts"].as_u64().unwrap_or(0),
        clipped: strings("clipped"),
        content: v["content"].as_str().unwrap_or_default().to_string(),
    })
}

/// Every chart shown under `scope` has each of its labels wholly inside it, as the browser
/// draws them, and each figure shows one drawing; `what` names the charts in the failure.
async fn labels_inside_charts(b: &Browser, scope: &str, what: &str) -> Step<ChartsShown> {
    let v = b
        .js_with(
            "const figures = document.querySelectorAll(arguments[0] + ' figure').length;
             const charts = [...document.querySelectorAll(arguments[0] + ' svg[role=img]')]
               .filter(svg => svg.checkVisibility());
             const clipped = [];
             let texts = 0;
             let smallest = Infinity;
             for (const svg of charts) {
               const r = svg.getBoundingClientRect();
               const scale = r.width / svg.viewBox.baseVal.width;
               for (const t of svg.querySelectorAll('text')) {
                 texts += 1;
                 smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
                 const q = t.getBoundingClientRect();
                 if (q.width > 0 && (q.left < r.left - 0.5 || q.right > r.right + 0.5
                     || q.top < r.top - 0.5 || q.bottom > r.bottom + 0.5))
                   clipped.push(t.textContent + ' (' + Math.round(q.left) + ' to '
                     + Math.round(q.right) + ', ' + Math.round(q.top) + ' to '
                     + Math.round(q.bottom) + ' in ' + Math.round(r.left) + ' to '
                     + Math.round(r.right) + ', ' + Math.round(r.top) + ' to '
                     + Math.round(r.bottom) + ')');
               }
             }
             const shown = charts.map(svg => svg.classList.contains('sim-narrow') ? 'narrow' : 'wide');
             return { figures, shown, texts, clipped, smallest };",
            vec![json!(scope)],
        )
        .await?;
    let figures = v["figures"].as_u64().unwrap_or(0) as usize;
    let shown: Vec<String> = serde_json::from_value(v["shown"].clone()).unwrap_or_default();
    let texts = v["texts"].as_u64().unwrap_or(0);
    let clipped = v["clipped"].as_array().cloned().unwrap_or_default();
    ensure(!shown.is_empty() && texts > 0 && clipped.is_empty(), || {
        format!(
            "{what}: {} of {texts} labels in {} charts run outside their chart: {clipped:?}",
            clipped.len(),
            shown.len()
        )
    })?;
    // Every chart is drawn twice, and a screen shows one drawing in each figure.
    ensure(shown.len() == figures, || {
        format!("{what}: {figures} figures show {shown:?}")
    })?;
    Ok(ChartsShown {
        shown,
        smallest_text: v["smallest"].as_f64().unwrap_or(0.0),
    })
}

/// The simulator's charts a screen shows (`wide` or `narrow`), and their smallest text in
/// CSS pixels as drawn.
struct ChartsShown {
    shown: Vec<String>,
    smallest_text: f64,
}

/// Whether the first element matching `css` is rendered (not hidden, not in a closed
/// disclosure).
async fn visible(b: &Browser, css: &str) -> Step<bool> {
    Ok(b.js_with(
        "const e = document.querySelector(arguments[0]);
             return !!e && e.checkVisibility() && e.getBoundingClientRect().width > 0",
        vec![json!(css)],
    )
    .await?
    .as_bool()
    .unwrap_or(false))
}

async fn header_height(b: &Browser) -> Step<f64> {
    Ok(
        b.js("return document.querySelector('header.site-header').getBoundingClientRect().height")
            .await?
            .as_f64()
            .unwrap_or(f64::MAX),
    )
}

/// A screenshot of the part of the page around `css`, as `name.png` beside the others,
/// when screenshots are asked for.
async fn shot_of(b: &Browser, shots: &Shots, css: &str, name: &str) -> Step<()> {
    let Some(dir) = &shots.docs else {
        return Ok(());
    };
    // Without the element, the picture would show some other part of the page.
    b.find(css).await?;
    b.js_with(
        "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({ block: 'start' });",
        vec![json!(css)],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = b.client.screenshot().await.at("take a screenshot")?;
    std::fs::write(dir.join(format!("{name}.png")), &png).unwrap();
    Ok(())
}

/// o. At 390×844 the member's timeline is the narrow image, inside the viewport with every
/// label inside the image, swings labelled; the header takes at most 15 % of the screen,
/// its "Menu" opens and its links lead on. At 1280 px the wide image and the open
/// navigation are back.
async fn timeline_and_header_on_a_phone(b: &Browser, member: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(member).await?;
    b.resize(PHONE).await?;
    b.goto("/people/me").await?;
    b.wait_for("svg.timeline-chart").await?;
    let chart = chart_box(b).await?;
    ensure(
        chart.shown.len() == 1 && chart.shown[0].contains("timeline-narrow"),
        || {
            format!(
                "on a phone the page shows {:?}, not the narrow timeline alone",
                chart.shown
            )
        },
    )?;
    ensure(
        chart.left >= 0.0 && chart.right <= f64::from(PHONE.0),
        || {
            format!(
                "the timeline runs from {} to {} px on a {} px screen",
                chart.left, chart.right, PHONE.0
            )
        },
    )?;
    ensure(chart.texts > 5 && chart.clipped.is_empty(), || {
        format!(
            "{} of {} labels of the timeline run outside it: {:?}",
            chart.clipped.len(),
            chart.texts,
            chart.clipped
        )
    })?;
    ensure(
        chart.content.contains("swing to management")
            && chart.content.contains("swing to individual contribution"),
        || {
            format!(
                "the phone's timeline does not name both swings: {}",
                excerpt(&chart.content)
            )
        },
    )?;
    let overflow = b
        .js("return document.documentElement.scrollWidth - window.innerWidth")
        .await?
        .as_i64()
        .unwrap_or(0);
    ensure(overflow <= 0, || {
        format!("the person page is {overflow}px wider than the phone")
    })?;
    ensure(visible(b, "ul.timeline-legend").await?, || {
        "the key to the lines is not shown under the phone's timeline".to_string()
    })?;
    shot_of(b, shots, "#timeline-heading", "timeline-phone").await?;

    // The header: one row with the brand and "Menu"; the links behind it.
    b.js("window.scrollTo(0, 0)").await?;
    let height = header_height(b).await?;
    ensure(height <= 0.15 * f64::from(PHONE.1), || {
        format!(
            "the header is {height} px high on a {} px screen (more than 15 %)",
            PHONE.1
        )
    })?;
    ensure(!visible(b, "nav.app-nav a").await?, || {
        "the navigation shows on a phone before the menu is opened".to_string()
    })?;
    b.find("header details.site-menu > summary")
        .await?
        .click()
        .await
        .at("open the Menu")?;
    ensure(
        visible(b, "nav.app-nav a").await? && visible(b, "header form.signout button").await?,
        || "the opened menu does not show the navigation and Sign out".to_string(),
    )?;
    // The open menu leaves the organisation's name whole beside "Menu".
    let cut = b
        .js("const a = document.querySelector('header .brand'); return a.scrollWidth - a.clientWidth")
        .await?;
    let cut = cut.as_i64().unwrap_or(1);
    ensure(cut <= 0, || {
        format!("the open menu cuts {cut} px off the organisation's name")
    })?;
    shot_of(b, shots, "body", "header-menu-phone").await?;
    b.follow("Home", |path, _| path == "/").await?;
    b.wait_for("section.home-section").await?;
    // htmx settles the swap (and the script closes the menu) a moment after the new
    // content is in place: the menu must be closed by then.
    wait_js(
        b,
        "the menu to close over the page it led to",
        "return document.querySelector('details.site-menu[open]') ? null : true",
    )
    .await?;

    // The desktop: the wide image, the navigation open, no "Menu".
    b.resize(DESKTOP).await?;
    b.goto("/people/me").await?;
    b.wait_for("svg.timeline-chart").await?;
    let chart = chart_box(b).await?;
    ensure(
        chart.shown.len() == 1 && chart.shown[0].contains("timeline-wide"),
        || {
            format!(
                "on a desktop the page shows {:?}, not the wide timeline alone",
                chart.shown
            )
        },
    )?;
    ensure(
        chart.clipped.is_empty() && chart.right <= f64::from(DESKTOP.0),
        || format!("the wide timeline cuts {:?}", chart.clipped),
    )?;
    ensure(
        visible(b, "nav.app-nav a").await?
            && !visible(b, "header details.site-menu > summary").await?,
        || "on a desktop the navigation is folded behind a Menu".to_string(),
    )?;
    let height = header_height(b).await?;
    ensure(height <= 80.0, || {
        format!("the desktop header is {height} px high")
    })?;
    shot_of(b, shots, "#timeline-heading", "timeline-desktop").await?;
    b.sign_out().await
}

/// o. The directory's filters fold behind "Filters" on a phone (open when a filter is
/// set) and show at once on a desktop.
async fn directory_filters_on_a_phone(b: &Browser, admin: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(admin).await?;
    b.resize(PHONE).await?;
    b.goto("/people/").await?;
    b.wait_for("details.filters-disclosure").await?;
    ensure(!visible(b, "#filter-q").await?, || {
        "the directory's filters are open on a phone before anyone asks".to_string()
    })?;
    let height = header_height(b).await?;
    ensure(height <= 0.15 * f64::from(PHONE.1), || {
        format!("the admin's header is {height} px high on a phone")
    })?;
    let results_top = b
        .js("return document.querySelector('#results').getBoundingClientRect().top")
        .await?
        .as_f64()
        .unwrap_or(f64::MAX);
    ensure(results_top < f64::from(PHONE.1) / 2.0, || {
        format!("the results start {results_top} px down a phone's screen")
    })?;
    shot_of(b, shots, "body", "directory-phone").await?;
    b.find("details.filters-disclosure > summary")
        .await?
        .click()
        .await
        .at("open the Filters")?;
    ensure(visible(b, "#filter-q").await?, || {
        "opening Filters does not show the search field".to_string()
    })?;
    b.goto("/people/?q=a").await?;
    b.wait_for("details.filters-disclosure").await?;
    ensure(visible(b, "#filter-q").await?, || {
        "with a filter set, the filters are folded away on a phone".to_string()
    })?;
    b.resize(DESKTOP).await?;
    b.goto("/people/").await?;
    b.wait_for("details.filters-disclosure").await?;
    ensure(
        visible(b, "#filter-q").await?
            && !visible(b, "details.filters-disclosure > summary").await?,
        || "on a desktop the filters are folded behind a summary".to_string(),
    )?;
    b.sign_out().await
}

/// Waits until `script` (run again and again) returns something other than `null`, and
/// returns it; `what` names what it waits for in the failure.
async fn wait_js(b: &Browser, what: &str, script: &str) -> Step<Value> {
    let deadline = Instant::now() + WAIT;
    loop {
        let v = b.js(script).await?;
        if !v.is_null() {
            return Ok(v);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "waited {}s for {what}; the page is {}: {}",
                WAIT.as_secs(),
                b.path().await.unwrap_or_default(),
                excerpt(&b.text().await.unwrap_or_default())
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A form's refusal as the browser shows it, by the one pattern of every form: waits until
/// the summary `summary` (a CSS selector) has the focus, then answers whether its top is in
/// view, the address, what it says, and the faulty field's (`field`) marking and value.
async fn refusal(b: &Browser, what: &str, summary: &str, field: &str) -> Step<Value> {
    wait_js(
        b,
        what,
        &format!(
            "const s = document.querySelector({summary:?});
             if (!s || document.activeElement !== s) return null;
             const r = s.getBoundingClientRect();
             const f = document.querySelector({field:?});
             return {{top: r.top, height: window.innerHeight, path: location.pathname,
                     text: s.textContent.replace(/\\s+/g, ' ').trim(),
                     invalid: f ? f.getAttribute('aria-invalid') : null,
                     value: f ? f.value : null}};"
        ),
    )
    .await
}

/// What on the page is wider than the window, outside the tables that scroll sideways in
/// their own region, and how wide the page scrolls.
async fn fits_the_width(b: &Browser) -> Step<Value> {
    b.js("const w = window.innerWidth;
          const wide = [...document.querySelectorAll('main input, main select, main button, main .copy-field, main h1')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right));
          return {width: w, scroll: document.documentElement.scrollWidth, wide: wide};")
        .await
}

/// m. People administration, at desktop and phone sizes: the admin adds a person from the
/// directory (after a refusal shown at the form's top), invites them and copies the
/// absolute link, which the person opens to make their account; then changes that
/// account's role, disables it, and finds all of it in the audit log by name and by email.
async fn people_administration(b: &Browser, admin: &Login) -> Step<()> {
    const NAME: &str = "Robin Quayle";
    const EMAIL: &str = "robin.quayle@example.test";
    b.resize(DESKTOP).await?;
    b.sign_in(admin).await?;
    b.goto("/people/").await?;
    b.follow("Add a person", |path, text| {
        path == "/people/new" && text.contains("Start date")
    })
    .await?;

    // Refused: no name. The summary is focused, the name marked, the email kept, the
    // address the form's own.
    b.find("#add-email")
        .await?
        .send_keys(EMAIL)
        .await
        .at("type the email")?;
    b.js(
        "document.getElementById('add-name').removeAttribute('required');
          document.getElementById('add-level').removeAttribute('required');
          document.querySelector('form.people-form button[type=submit]').click();",
    )
    .await?;
    let refused = wait_js(
        b,
        "the refusal of a person without a name, its summary focused",
        "const s = document.querySelector('#add-errors');
         if (!s || document.activeElement !== s) return null;
         return {focused: document.activeElement === s, href: location.pathname,
                 name: document.getElementById('add-name').getAttribute('aria-invalid'),
                 email: document.getElementById('add-email').value, text: s.textContent};",
    )
    .await?;
    ensure(
        refused["focused"] == json!(true)
            && refused["href"] == json!("/people/new")
            && refused["name"] == json!("true")
            && refused["email"] == json!(EMAIL),
        || format!("the refusal is not shown by the form's pattern: {refused}"),
    )?;

    // Added, with a first role and a manager left empty.
    b.find("#add-name")
        .await?
        .send_keys(NAME)
        .await
        .at("type the name")?;
    b.js("const l = document.getElementById('add-level');
          l.value = l.querySelector('optgroup option').value;
          document.querySelector('form.people-form button[type=submit]').click();")
        .await?;
    b.wait_until("the new person's page", |path, text| {
        path.starts_with("/people/") && path != "/people/new" && text.contains(NAME)
    })
    .await?;
    ensure(b.h1().await?.contains(NAME), || {
        "the new person's page is not theirs".to_string()
    })?;

    // Refused first (what is no email, past the browser's own check): the form's pattern
    // on the accounts page's own address, the typed value kept.
    b.goto("/admin/accounts").await?;
    b.js("document.getElementById('invite-email').type = 'text'")
        .await?;
    b.find("#invite-email")
        .await?
        .send_keys("robin.quayle")
        .await
        .at("type what is no email")?;
    b.find("#invite-email")
        .await?
        .send_keys("\u{E007}")
        .await
        .at("send the invitation")?;
    let shown = refusal(
        b,
        "the refused invitation",
        "#invite-errors",
        "#invite-email",
    )
    .await?;
    ensure(
        shown["path"] == json!("/admin/accounts")
            && shown["invalid"] == json!("true")
            && shown["value"] == json!("robin.quayle")
            && top_in_view(&shown),
        || format!("the refused invitation is not shown by the form's pattern: {shown}"),
    )?;

    // Invited: the link is absolute, and “Copy” copies it (or selects it).
    b.js("document.getElementById('invite-email').value = ''")
        .await?;
    b.find("#invite-email")
        .await?
        .send_keys(EMAIL)
        .await
        .at("type the invitee's email")?;
    b.find("#invite-email")
        .await?
        .send_keys("\u{E007}")
        .await
        .at("send the invitation")?;
    let link = b.wait_for("#invitation-link").await?;
    let link = link
        .prop("value")
        .await
        .at("read the link")?
        .unwrap_or_default();
    ensure(
        link.starts_with(&format!("{}/invitations/", b.base)),
        || format!("the invitation link is not absolute: {link:?}"),
    )?;
    b.find("button[data-copy=invitation-link]")
        .await?
        .click()
        .await
        .at("click Copy")?;
    let copied = wait_js(
        b,
        "the Copy button's answer",
        "const s = document.querySelector('.copy-status').textContent;
         if (!s) return null;
         const f = document.getElementById('invitation-link');
         return {status: s, selected: f.selectionEnd - f.selectionStart, length: f.value.length};",
    )
    .await?;
    let status = copied["status"].as_str().unwrap_or_default();
    ensure(
        status == "Copied."
            || (status.starts_with("Selected") && copied["selected"] == copied["length"]),
        || format!("Copy neither copied nor selected the link: {copied}"),
    )?;
    b.resize(PHONE).await?;
    let fit = fits_the_width(b).await?;
    ensure(
        fit["wide"] == json!([]) && fit["scroll"].as_u64() <= fit["width"].as_u64(),
        || format!("the accounts page is wider than a phone: {fit}"),
    )?;
    b.resize(DESKTOP).await?;

    // The person opens the link and chooses a password.
    let path = link.trim_start_matches(b.base.as_str()).to_string();
    b.goto(&path).await?;
    b.wait_for("#password")
        .await?
        .send_keys("a long enough password")
        .await
        .at("type a password")?;
    b.find("#confirm")
        .await?
        .send_keys("a long enough password")
        .await
        .at("type it again")?;
    b.find("main form button[type=submit]")
        .await?
        .click()
        .await
        .at("create the account")?;
    b.wait_until("the new account", |_, text| text.contains("is ready"))
        .await?;

    // Its role changes, then it is disabled, each from its page.
    b.goto("/admin/accounts").await?;
    b.follow(EMAIL, |path, text| {
        path.starts_with("/admin/accounts/") && text.contains("Change the role")
    })
    .await?;
    let page = b.path().await?;
    b.js("document.getElementById('role-role').value = 'manager';
          document.querySelector('#role-role').form.querySelector('button[type=submit]').click();")
        .await?;
    b.wait_until("the role changed", |_, text| {
        text.contains("is now manager")
    })
    .await?;
    ensure(b.path().await? == page, || {
        "changing the role left the account's page".to_string()
    })?;
    b.resize(PHONE).await?;
    let fit = fits_the_width(b).await?;
    ensure(
        fit["wide"] == json!([]) && fit["scroll"].as_u64() <= fit["width"].as_u64(),
        || format!("the account's page is wider than a phone: {fit}"),
    )?;
    b.find("form button.button-danger[type=submit]")
        .await?
        .click()
        .await
        .at("click “Disable the account”")?;
    b.wait_until("the account disabled", |_, text| {
        text.contains("is disabled") && text.contains("Enable the account")
    })
    .await?;
    b.resize(DESKTOP).await?;

    // The audit log, by the person's name (suggested as it is typed) and by the account's
    // email.
    b.goto("/audit").await?;
    b.find("#audit-person")
        .await?
        .send_keys("Robin Q")
        .await
        .at("type part of the name")?;
    wait_js(
        b,
        "a suggestion of the person",
        "const o = [...document.querySelectorAll('#audit-person-options option')].map(o => o.value);
         return o.includes('Robin Quayle') ? o : null;",
    )
    .await?;
    b.js_with(
        "const f = document.getElementById('audit-person'); f.value = arguments[0]; f.form.submit();",
        vec![json!(NAME)],
    )
    .await?;
    b.wait_until("the log of the person", |_, text| {
        text.contains(&format!("Entries by or about {NAME}"))
    })
    .await?;
    let actions = b
        .js("return [...document.querySelectorAll('table.audit td code')].map(c => c.textContent)")
        .await?;
    ensure(
        actions.as_array().is_some_and(|a| {
            a.contains(&json!("person.created")) && a.contains(&json!("role-event.appended"))
        }),
        || format!("the person's log misses their creation or first role: {actions}"),
    )?;
    b.goto(&format!("/audit?person={EMAIL}")).await?;
    b.wait_until("the log of the account", |_, text| {
        text.contains(&format!("Entries by or about the account {EMAIL}"))
    })
    .await?;
    let actions = b
        .js("return [...document.querySelectorAll('table.audit td code')].map(c => c.textContent)")
        .await?;
    ensure(
        actions.as_array().is_some_and(|a| {
            a.contains(&json!("account.role-changed")) && a.contains(&json!("account.disabled"))
        }),
        || format!("the account's log misses its role change or disabling: {actions}"),
    )?;
    b.resize(PHONE).await?;
    let fit = fits_the_width(b).await?;
    ensure(
        fit["wide"] == json!([]) && fit["scroll"].as_u64() <= fit["width"].as_u64(),
        || format!("the audit filter is wider than a phone: {fit}"),
    )
}

/// How many addresses the crawl of one role fetches at most.
const CRAWL_LIMIT: usize = 400;
/// How many pages of one shape (`/people/*`, `/framework/levels/*`) the crawl reads the
/// links of; every link found is still fetched.
const CRAWL_PAGES_PER_SHAPE: usize = 3;

/// Fetches a batch of same-origin addresses with the browser's session (following
/// redirects, as a click does) and answers, for each, its status and, for a page, the
/// same-origin links it holds (`a[href]`, downloads left out).
const CRAWL_JS: &str = r#"
const paths = arguments[0];
const done = arguments[arguments.length - 1];
Promise.all(paths.map(async (path) => {
  try {
    const res = await fetch(path, { credentials: "same-origin", redirect: "follow" });
    const type = res.headers.get("content-type") || "";
    let links = [];
    if (res.ok && type.startsWith("text/html")) {
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const base = new URL(res.url);
      links = [...doc.querySelectorAll("a[href]")]
        .filter((a) => !a.hasAttribute("download"))
        .map((a) => new URL(a.getAttribute("href"), base))
        .filter((u) => u.origin === window.location.origin)
        .map((u) => u.pathname + u.search);
    }
    return { path, at: new URL(res.url).pathname, status: res.status, links };
  } catch (e) {
    return { path, status: 0, error: String(e), links: [] };
  }
})).then(done);
"#;

/// Whether the crawl leaves `path` alone: signing out, the API, and downloads (the
/// framework's YAML, exports).
fn crawl_skips(path: &str) -> bool {
    let bare = path.split('?').next().unwrap_or_default();
    bare == "/logout"
        || bare.starts_with("/api/")
        || [".yaml", ".csv", ".json", ".zip"]
            .iter()
            .any(|ext| bare.ends_with(ext))
        || bare.contains("/export")
}

/// The shape of an address: ids (anything with a digit) replaced by `*`, the query by its
/// sorted keys.
fn crawl_shape(path: &str) -> String {
    let (bare, query) = path.split_once('?').unwrap_or((path, ""));
    let segments: Vec<&str> = bare
        .split('/')
        .map(|s| {
            if s.chars().any(|c| c.is_ascii_digit()) {
                "*"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or_default())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    format!("{}?{}", segments.join("/"), keys.join("&"))
}

/// l. Every link on every page the role reaches, from `/`, answers: none leads to a page
/// that answers 404 or 403 to this viewer, or fails (5xx). Fetched with the browser's
/// session, as clicking them would.
async fn no_dead_ends(b: &Browser, login: &Login) -> Step<()> {
    use std::collections::{HashMap, HashSet, VecDeque};
    b.sign_in(login).await?;
    let mut queue: VecDeque<String> = VecDeque::from(["/".to_string()]);
    let mut found_on: HashMap<String, String> = HashMap::new();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut read_per_shape: HashMap<String, usize> = HashMap::new();
    let mut dead: Vec<String> = Vec::new();
    let mut fetched = 0usize;
    let mut pages = 0usize;
    while !queue.is_empty() && fetched < CRAWL_LIMIT {
        let n = queue.len().min(8).min(CRAWL_LIMIT - fetched);
        let batch: Vec<String> = queue.drain(..n).collect();
        let answers = b
            .client
            .execute_async(CRAWL_JS, vec![json!(batch)])
            .await
            .at("fetch a batch of links")?;
        for answer in answers.as_array().map(Vec::as_slice).unwrap_or_default() {
            fetched += 1;
            let path = answer["path"].as_str().unwrap_or_default().to_string();
            let status = answer["status"].as_u64().unwrap_or(0);
            if status == 0 || status == 403 || status == 404 || status >= 500 {
                dead.push(format!(
                    "{path} answers {status}{} (linked from {})",
                    answer["error"]
                        .as_str()
                        .map(|e| format!(": {e}"))
                        .unwrap_or_default(),
                    found_on.get(&path).map_or("the start", String::as_str)
                ));
                continue;
            }
            let links = answer["links"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            if links.is_empty() {
                continue;
            }
            let read = read_per_shape.entry(crawl_shape(&path)).or_default();
            if *read >= CRAWL_PAGES_PER_SHAPE {
                continue;
            }
            *read += 1;
            pages += 1;
            // Where the page was after redirects (`/people/me` is the viewer's page).
            let page = answer["at"].as_str().unwrap_or(&path).to_string();
            for link in links.iter().filter_map(Value::as_str) {
                if !crawl_skips(link) && seen.insert(link.to_string()) {
                    found_on.insert(link.to_string(), page.clone());
                    queue.push_back(link.to_string());
                }
            }
        }
    }
    eprintln!(
        "browser: the {} crawl fetched {fetched} address(es), read the links of {pages} page(s), {} left unfetched",
        login.label,
        queue.len()
    );
    ensure(dead.is_empty(), || {
        format!(
            "{} dead end(s) for the {}: {}",
            dead.len(),
            login.label,
            dead.join("; ")
        )
    })?;
    // A crawl that found nothing to follow proves nothing.
    ensure(pages >= 5 && fetched >= 20, || {
        format!(
            "the {}'s crawl read only {pages} page(s) and fetched {fetched} address(es)",
            login.label
        )
    })
}

/// l. A refusal is not a dead end, and the header follows the page: as the member, an
/// unknown address and a person the member may not see answer the not-found page, and an
/// admin's page the no-access page, each in the signed-in layout (the header with the
/// navigation, the footer) with ways back that fit the screen; the member's own page
/// starts its breadcrumbs at home, and names their managers without linking to pages that
/// would not open; the brand is the organisation's name and leads home, "Pendulum" is in
/// the footer; after boosted navigation the navigation marks the new page.
async fn refusals_and_navigation(b: &Browser, member: &Login) -> Step<()> {
    b.sign_in(member).await?;
    let unknown = "/people/00000000-0000-7000-8000-000000000000";
    for size in [DESKTOP, PHONE] {
        b.resize(size).await?;
        for (path, heading, ways) in [
            ("/no/such/page", "Not found", &["Home", "The framework"][..]),
            (unknown, "Not found", &["Home", "My record"][..]),
            (
                "/audit",
                "You do not have access",
                &["Home", "The framework"][..],
            ),
        ] {
            b.goto(path).await?;
            let h1 = b.h1().await?;
            ensure(h1.starts_with(heading), || {
                format!("{path} has the heading {h1:?}, not {heading:?}")
            })?;
            let chrome = b
                .js("return [!!document.querySelector('header nav.app-nav a'),
                        !!document.querySelector('header form.signout'),
                        (document.querySelector('footer') || {}).textContent || '']")
                .await?;
            ensure(
                chrome[0].as_bool() == Some(true) && chrome[1].as_bool() == Some(true),
                || format!("{path} at {size:?} lacks the signed-in header: {chrome}"),
            )?;
            ensure(
                chrome[2].as_str().unwrap_or_default().contains("Pendulum"),
                || format!("{path}'s footer does not name Pendulum: {chrome}"),
            )?;
            let shown = b
                .js(
                    "return [...document.querySelectorAll('main nav.ways-back a')]
                        .filter(a => { const r = a.getBoundingClientRect();
                            return r.width > 0 && r.right <= window.innerWidth; })
                        .map(a => a.textContent.trim())",
                )
                .await?;
            for way in ways {
                ensure(
                    shown
                        .as_array()
                        .is_some_and(|s| s.iter().any(|v| v.as_str() == Some(*way))),
                    || format!("{path} at {size:?} offers no way back to “{way}”: {shown}"),
                )?;
            }
        }
    }
    b.resize(DESKTOP).await?;

    // The brand, and the member's own page.
    b.goto("/people/me").await?;
    b.wait_until("the member's own page", |_, text| text.contains("Timeline"))
        .await?;
    let brand = b
        .js("const a = document.querySelector('header a.brand'); return [a.getAttribute('href'), a.textContent.trim()]")
        .await?;
    ensure(
        brand[0].as_str() == Some("/")
            && brand[1]
                .as_str()
                .is_some_and(|t| !t.is_empty() && t != "Pendulum"),
        || format!("the header's brand is not the organisation's name leading to /: {brand}"),
    )?;
    let crumbs = b
        .js("return [...document.querySelectorAll('nav.breadcrumbs a')].map(a => [a.textContent.trim(), a.getAttribute('href')])")
        .await?;
    ensure(crumbs == json!([["Home", "/"]]), || {
        format!("the member's breadcrumbs are {crumbs}, not Home alone")
    })?;
    let line = b
        .js("return [document.querySelectorAll('ol.reporting-chain li').length, document.querySelectorAll('ol.reporting-chain a').length]")
        .await?;
    ensure(
        line[0].as_u64().unwrap_or(0) > 1 && line[1].as_u64() == Some(0),
        || {
            format!(
                "the member's reporting line should name managers without links: {line} (entries, links)"
            )
        },
    )?;
    // /people/ is no directory of one: it leads to the member's own page.
    b.goto("/people/").await?;
    b.wait_until("the member's own page instead of a directory", |path, _| {
        person_id(path).is_some()
    })
    .await?;

    // Boosted navigation moves the navigation's mark.
    b.goto("/").await?;
    for (label, arrived) in [
        ("Framework", "/framework/"),
        ("Account", "/account"),
        ("Home", "/"),
    ] {
        let link = b.find(&format!("nav.app-nav a[href='{arrived}']")).await?;
        link.click().await.at(&format!("click “{label}”"))?;
        b.wait_until(&format!("the page behind “{label}”"), |path, _| {
            path == arrived
        })
        .await?;
        let deadline = Instant::now() + WAIT;
        loop {
            let current = b.text_of("nav.app-nav a[aria-current=page]").await?;
            let marked = b
                .js("return document.querySelectorAll('nav.app-nav a[aria-current=page]').length")
                .await?;
            if current == label && marked.as_u64() == Some(1) {
                break;
            }
            ensure(Instant::now() < deadline, || {
                format!(
                    "after following “{label}” the navigation marks {current:?} ({marked} marked)"
                )
            })?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

/// Waits for the answer to a form submitted after `document.body.dataset.submitted` was
/// set, and returns the page's text.
async fn answered(b: &Browser, what: &str) -> Step<String> {
    let deadline = Instant::now() + WAIT;
    loop {
        let fresh = b
            .js("return document.readyState === 'complete' && document.body.dataset.submitted !== 'yes'")
            .await?;
        if fresh == json!(true) {
            return b.text().await;
        }
        if Instant::now() > deadline {
            return Err(format!(
                "no answer to {what}: {}",
                excerpt(&b.text().await?)
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Where an element is, whether it has the focus and what it says.
async fn in_view(b: &Browser, css: &str) -> Step<Value> {
    b.js_with(
        "const e = document.querySelector(arguments[0]);
         if (!e) return null;
         const r = e.getBoundingClientRect();
         return {top: r.top, bottom: r.bottom, height: window.innerHeight,
                 width: window.innerWidth, focused: document.activeElement === e,
                 text: e.textContent.replace(/\\s+/g, ' ').trim()};",
        vec![json!(css)],
    )
    .await
}

/// The element's top edge is on screen (scrolled to the top of the viewport, it may sit a
/// fraction of a pixel above it).
fn top_in_view(state: &Value) -> bool {
    let top = state["top"].as_f64().unwrap_or(-2.0);
    top > -1.0 && top < state["height"].as_f64().unwrap_or(0.0)
}

/// Active people of the directory on an individual-contributor level, past the first few
/// (which the other scenarios change), and not the demo logins.
async fn others_at(b: &Browser, found: &Found, prefix: &str) -> Step<Vec<Row>> {
    let track = if prefix == "em-" { "management" } else { "ic" };
    b.goto(&format!("/people/?track={track}")).await?;
    b.wait_for("table.people-table tbody tr").await?;
    let rows = directory_rows(b).await?;
    let picked: Vec<Row> = rows
        .into_iter()
        .filter(|r| !found.demo_emails.contains(&r.email) && person_id(&r.href).is_some())
        .skip(2)
        .filter(|r| {
            let status = r.status.to_lowercase();
            r.level.contains(prefix) && !status.contains("left") && !status.contains("trial")
        })
        .collect();
    ensure(!picked.is_empty(), || {
        format!("no one at a {prefix} level in the directory")
    })?;
    Ok(picked)
}

/// k. At 1280 px an admin records a change dated after every entry (a scheduled leave), then
/// a promotion dated before it: the form comes back with the error summary, the preview of
/// the resulting timeline and a warning naming the leave, and nothing recorded. At 390 px
/// "Preview" shows the same in view, and recording with the box ticked records it.
async fn backdated_preview(b: &Browser, admin: &Login, found: &Found) -> Step<()> {
    b.resize(DESKTOP).await?;
    b.sign_in(admin).await?;
    let candidates = others_at(b, found, "ic-").await?;
    let mut chosen = None;
    for row in candidates.iter().take(6) {
        b.goto(&row.href).await?;
        b.wait_for("form.record-form").await?;
        if let Ok(levels) = promotion_levels(b).await {
            chosen = Some((row, levels));
            break;
        }
    }
    let (row, levels) =
        chosen.ok_or_else(|| "no one below the top of their track to promote".to_string())?;
    let page = b.js("return location.href").await?;

    // A leave dated after every entry: not back-dated, recorded at once.
    b.wait_for("form.record-form").await?;
    b.js_with(
        "const f = document.querySelector('form.record-form');
         const k = f.querySelector('select[name=kind]');
         k.value = 'leave';
         k.dispatchEvent(new Event('change', {bubbles: true}));
         f.querySelector('input[name=effective]').value = arguments[0];
         document.body.dataset.submitted = 'yes';",
        vec![json!("2031-06-02")],
    )
    .await?;
    b.find("form.record-form button[type=submit]:not([name])")
        .await?
        .click()
        .await
        .at("click Record")?;
    let text = answered(b, "the leave").await?;
    ensure(text.contains("Recorded: leave from 2031-06-02"), || {
        format!("the leave was not recorded: {}", excerpt(&text))
    })?;

    // A promotion dated before it: back-dated, so not recorded without a confirmation.
    submit_record(b, "promotion", "2031-01-06", &levels.next).await?;
    let text = answered(b, "the back-dated promotion").await?;
    let summary = in_view(b, "form.record-form .error-summary").await?;
    ensure(!summary.is_null(), || {
        format!(
            "no error summary for an unconfirmed back-dated entry: {}",
            excerpt(&text)
        )
    })?;
    ensure(
        summary["text"]
            .as_str()
            .is_some_and(|t| t.contains("the start of leave of 2031-06-02")),
        || format!("the warning does not name the later entry: {summary}"),
    )?;
    ensure(
        summary["focused"] == json!(true) && top_in_view(&summary),
        || format!("the warning is not focused and in view: {summary}"),
    )?;
    let preview = b.text_of("form.record-form .record-preview").await?;
    ensure(
        preview.contains("Back-dated") && preview.contains("2031-01-06"),
        || {
            format!(
                "the preview does not show the change: {}",
                excerpt(&preview)
            )
        },
    )?;
    let chart = b
        .js("return document.querySelectorAll('form.record-form .record-preview svg.timeline-chart').length")
        .await?;
    ensure(chart == json!(1), || {
        format!("the preview has no timeline chart: {chart}")
    })?;
    let history = b.text_of("table.history-table").await?;
    ensure(!history.contains("2031-01-06"), || {
        format!(
            "the back-dated promotion was recorded unconfirmed: {}",
            excerpt(&history)
        )
    })?;
    ensure(b.js("return location.href").await? == page, || {
        "the address changed".to_string()
    })?;
    let kept = b
        .js("const f = document.querySelector('form.record-form');
             return [f.querySelector('select[name=kind]').value, f.querySelector('input[name=effective]').value,
                     f.querySelector('select[name=level]').value]")
        .await?;
    ensure(
        kept == json!(["promotion", "2031-01-06", levels.next]),
        || format!("the values were not kept: {kept}"),
    )?;

    // On a phone: "Preview" answers with the preview in view, and the box records it.
    b.resize(PHONE).await?;
    b.js("document.body.dataset.submitted = 'yes'").await?;
    b.find("form.record-form button[name=action][value=preview]")
        .await?
        .click()
        .await
        .at("click Preview")?;
    answered(b, "Preview").await?;
    let preview = in_view(b, "form.record-form .record-preview").await?;
    ensure(
        preview["width"].as_f64().is_some_and(|w| w <= 400.0),
        || format!("not a phone's width: {preview}"),
    )?;
    ensure(
        preview["focused"] == json!(true) && top_in_view(&preview),
        || format!("the preview is not focused and in view: {preview}"),
    )?;
    ensure(
        preview["text"]
            .as_str()
            .is_some_and(|t| t.contains("the start of leave of 2031-06-02")),
        || format!("the preview does not warn about the later entry: {preview}"),
    )?;
    let overflow = b
        .js("return document.documentElement.scrollWidth > window.innerWidth")
        .await?;
    ensure(overflow == json!(false), || {
        "the page is wider than the phone with the preview".to_string()
    })?;
    b.find("#record-confirm-backdated")
        .await?
        .click()
        .await
        .at("tick the confirmation")?;
    b.js("document.body.dataset.submitted = 'yes'").await?;
    b.find("form.record-form button[type=submit]:not([name])")
        .await?
        .click()
        .await
        .at("click Record")?;
    let text = answered(b, "the confirmed promotion").await?;
    ensure(text.contains("Recorded: promotion from 2031-01-06"), || {
        format!(
            "the confirmed promotion was not recorded: {}",
            excerpt(&text)
        )
    })?;
    let history = b.text_of("table.history-table").await?;
    ensure(
        history.contains("2031-01-06") && history.contains("scheduled from 2031-01-06"),
        || {
            format!(
                "the history of {} does not show the scheduled promotion: {}",
                row.name,
                excerpt(&history)
            )
        },
    )
}

/// k. Someone on a management level: the level select leaves out the individual-contributor
/// levels a move would not land on, and a sentence under it, seen beside the select on a
/// phone, says which and why; a move with no level named is previewed with the level the
/// return path guarantees and why, and recorded with the same explanation.
async fn raised_level_explained(b: &Browser, admin: &Login, found: &Found) -> Step<()> {
    b.resize(DESKTOP).await?;
    b.sign_in(admin).await?;
    let candidates = others_at(b, found, "em-").await?;
    let mut offered = None;
    let mut seen = Vec::new();
    for row in candidates.iter().take(6) {
        b.goto(&row.href).await?;
        b.wait_for("form.record-form").await?;
        let select = b
            .js("const s = document.querySelector('form.record-form select[name=level]');
                 const note = document.getElementById('record-level-not-offered');
                 return {ic: Array.from(s.querySelectorAll('option')).map(o => o.value).filter(v => v.startsWith('ic-')),
                         note: note ? note.textContent.trim() : null,
                         described: s.getAttribute('aria-describedby')}")
            .await?;
        if select["note"].is_string() {
            offered = Some(select);
            break;
        }
        seen.push(format!("{}: {select}", row.name));
    }
    let select =
        offered.ok_or_else(|| format!("no manager's level select leaves levels out: {seen:?}"))?;
    let note = select["note"].as_str().unwrap_or_default().to_string();
    let ic: Vec<String> = serde_json::from_value(select["ic"].clone()).at("read the IC levels")?;
    ensure(
        note.starts_with("Levels below ")
            && note.contains(" are not offered: the return path of ")
            && !ic.contains(&"ic-1".to_string())
            && !ic.is_empty()
            && select["described"] == json!("record-level-not-offered"),
        || {
            format!(
                "the level select does not leave out and explain the levels below the return path: {select}"
            )
        },
    )?;

    b.resize(PHONE).await?;
    let form = b.wait_for("form.record-form").await?;
    form.find(Locator::Css("select[name=kind]"))
        .await
        .at("find the kind select")?
        .select_by_value("move")
        .await
        .at("choose a move")?;
    // The sentence shows with the level select, under it, within a phone's width.
    let placed = b
        .js("const s = document.getElementById('record-level');
             const n = document.getElementById('record-level-not-offered');
             const a = s.getBoundingClientRect(), r = n.getBoundingClientRect();
             return {visible: r.height > 0 && !n.closest('p').hidden, below: r.top >= a.bottom - 1,
                     right: r.right, width: window.innerWidth};")
        .await?;
    ensure(
        placed["visible"] == json!(true)
            && placed["below"] == json!(true)
            && placed["right"].as_f64() <= placed["width"].as_f64(),
        || format!("the sentence is not under the select within the phone's width: {placed}"),
    )?;
    b.js_with(
        "const f = document.querySelector('form.record-form');
         f.querySelector('input[name=effective]').value = arguments[0];
         f.querySelector('select[name=level]').value = '';
         document.body.dataset.submitted = 'yes';",
        vec![json!("2031-09-01")],
    )
    .await?;
    b.find("form.record-form button[name=action][value=preview]")
        .await?
        .click()
        .await
        .at("click Preview")?;
    answered(b, "the preview of the move").await?;
    let preview = in_view(b, "form.record-form .record-preview").await?;
    let text = preview["text"].as_str().unwrap_or_default().to_string();
    ensure(
        text.contains("The rules change the level")
            && text.contains("Recorded at ")
            && text.contains(": the return path of"),
        || format!("the preview does not explain the level the move lands on: {preview}"),
    )?;
    ensure(
        preview["focused"] == json!(true) && top_in_view(&preview),
        || format!("the preview is not focused and in view: {preview}"),
    )?;

    b.resize(DESKTOP).await?;
    b.js("document.body.dataset.submitted = 'yes'").await?;
    b.find("form.record-form button[type=submit]:not([name])")
        .await?
        .click()
        .await
        .at("click Record")?;
    let answer = answered(b, "the move").await?;
    let notice = b
        .text_of("form.record-form [role=status]")
        .await
        .unwrap_or_default();
    ensure(
        notice.contains("Recorded: move between tracks from 2031-09-01")
            && notice.contains("Recorded at ")
            && notice.contains("return path of"),
        || {
            format!(
                "the notice does not say which level and why: {notice:?}; {}",
                excerpt(&answer)
            )
        },
    )
}

/// Whether the page is wider than the window (something sticks out sideways).
async fn overflow(b: &Browser) -> Step<i64> {
    Ok(
        b.js("return document.documentElement.scrollWidth - window.innerWidth")
            .await?
            .as_i64()
            .unwrap_or(0),
    )
}

/// n. A manager proposes a promotion with a reason; the admin's proposals page shows it
/// with its context (the reason, the level now and for how long, the change) and the
/// proposer's email whole, at desktop and phone widths; confirming it says "Recorded: …".
async fn proposals_with_context(b: &Browser, manager: &Login, admin: &Login) -> Step<()> {
    const REASON: &str = "Leads the platform migration end to end";
    b.sign_in(manager).await?;
    b.goto("/people/me").await?;
    b.wait_until("the manager's own page", |_, text| {
        text.contains("Direct reports")
    })
    .await?;
    let own = b.path().await?;
    let reports = b
        .js("return Array.from(document.querySelectorAll('ul.reports a')).map(a => a.textContent.trim())")
        .await?;
    let reports: Vec<String> = serde_json::from_value(reports).at("read the direct reports")?;
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let mut proposed = None;
    let mut skipped = Vec::new();
    for name in reports.iter().take(8) {
        b.goto(&own).await?;
        b.wait_for("ul.reports a").await?;
        b.follow(name, |path, text| {
            path != own && text.contains("Current role")
        })
        .await?;
        let Ok(Promotion { current, next, .. }) = promotion_levels(b).await else {
            skipped.push(format!("{name}: no level to promote to"));
            continue;
        };
        b.js_with(
            "document.querySelector('form.record-form input[name=reason]').value = arguments[0]",
            vec![json!(REASON)],
        )
        .await?;
        submit_record(b, "promotion", &today, &next).await?;
        let deadline = Instant::now() + WAIT;
        let outcome = loop {
            let state = b
                .js("if (document.body.dataset.submitted === 'yes') return null;
                     const s = document.querySelector('form.record-form [role=status]');
                     const a = document.querySelector('form.record-form [role=alert]');
                     return {status: s ? s.textContent.trim() : null, alert: a ? a.textContent.trim() : null};")
                .await?;
            if state["status"].as_str().is_some() {
                break Ok((current, next));
            }
            if let Some(alert) = state["alert"].as_str() {
                break Err(alert.to_string());
            }
            if Instant::now() > deadline {
                return Err(format!("proposing for {name}: no message appeared"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        match outcome {
            Ok(levels) => {
                proposed = Some((name.clone(), levels));
                break;
            }
            Err(alert) => skipped.push(format!("{name}: {alert}")),
        }
    }
    let Some((name, (current, next))) = proposed else {
        return Err(format!(
            "no report's promotion could be proposed: {}",
            skipped.join("; ")
        ));
    };
    b.sign_out().await?;

    b.sign_in(admin).await?;
    b.goto("/proposals").await?;
    b.wait_for("table.proposals tbody tr").await?;
    // The row of this proposal: pending, for the person, with the reason.
    let row_of = "const rows = Array.from(document.querySelectorAll('table.proposals tbody tr.pending'));
                  const row = rows.find(r => r.textContent.includes(arguments[0]) && r.textContent.includes(arguments[1]));";
    for size in [DESKTOP, PHONE] {
        b.resize(size).await?;
        let context = b
            .js_with(
                &format!(
                    "{row_of}
                     if (!row) return null;
                     const facts = {{}};
                     row.querySelectorAll('dl.proposal-context div').forEach(d => {{
                       facts[d.querySelector('dt').textContent.trim()] = d.querySelector('dd').textContent.trim();
                     }});
                     const email = row.querySelector('td.email');
                     const style = email ? getComputedStyle(email) : null;
                     return {{facts,
                       wbr: email ? email.querySelectorAll('wbr').length : 0,
                       wrap: style ? style.overflowWrap : '', brk: style ? style.wordBreak : '',
                       width: row.getBoundingClientRect().width}};"
                ),
                vec![json!(name), json!(REASON)],
            )
            .await?;
        ensure(!context.is_null(), || {
            format!(
                "at {size:?}, the proposals page has no pending row for {name} with the reason {REASON:?}"
            )
        })?;
        let fact = |k: &str| context["facts"][k].as_str().unwrap_or_default().to_string();
        ensure(fact("Reason") == REASON, || {
            format!("the proposal's reason reads {:?}", fact("Reason"))
        })?;
        ensure(
            fact("Now").contains(&format!("({current})")) && fact("Now").contains(", for "),
            || {
                format!(
                    "the proposal's “Now” reads {:?}, not the level {current} and the time in it",
                    fact("Now")
                )
            },
        )?;
        ensure(
            fact("Change").contains(&format!("({current}) → "))
                && fact("Change").contains(&format!("({next})")),
            || {
                format!(
                    "the proposal's “Change” reads {:?}, not {current} → {next}",
                    fact("Change")
                )
            },
        )?;
        ensure(context["wbr"].as_u64().unwrap_or(0) >= 2, || {
            "the proposer's email has no break opportunities at “@” and dots".to_string()
        })?;
        ensure(
            context["wrap"] != "anywhere" && context["brk"] != "break-all",
            || {
                format!(
                    "the proposer's email may break mid-word: overflow-wrap {}, word-break {}",
                    context["wrap"], context["brk"]
                )
            },
        )?;
        let over = overflow(b).await?;
        ensure(over <= 0, || {
            format!("the proposals page is {over}px wider than the window at {size:?}")
        })?;
    }
    b.resize(DESKTOP).await?;
    // Declining with a reason over the limit (past the field's own `maxlength`) is refused
    // by the form's pattern: the summary at the top of the proposal's forms, focused, the
    // reason marked and kept, the address the page's own; nothing is decided.
    let id = b
        .js_with(
            &format!(
                "{row_of}
                 const reason = row.querySelector('input[name=reason]');
                 reason.removeAttribute('maxlength');
                 reason.value = 'x'.repeat(2001);
                 document.querySelector('main h1').dataset.submitted = 'yes';
                 const id = row.querySelector('input[name=proposal]').value;
                 reason.form.querySelector('button').click();
                 return id;"
            ),
            vec![json!(name), json!(REASON)],
        )
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let shown = refusal(
        b,
        "the refused decline",
        &format!("[id='decline-{id}-errors']"),
        &format!("[id='decline-{id}-reason']"),
    )
    .await?;
    ensure(
        shown["path"] == json!("/proposals")
            && shown["invalid"] == json!("true")
            && shown["value"].as_str().map(str::len) == Some(2001)
            && shown["text"]
                .as_str()
                .is_some_and(|t| t.contains("at most 2,000 characters"))
            && top_in_view(&shown),
        || {
            format!(
                "the refused decline is not shown by the form's pattern: {}",
                json!({"path": shown["path"], "invalid": shown["invalid"], "text": shown["text"], "top": shown["top"]})
            )
        },
    )?;
    // Confirm it: the page says what was recorded.
    b.js_with(
        &format!(
            "{row_of}
             document.querySelector('main h1').dataset.submitted = 'yes';
             row.querySelector('input[name=form][value=confirm]').form.querySelector('button').click();"
        ),
        vec![json!(name), json!(REASON)],
    )
    .await?;
    b.wait_until("the proposals page after confirming", |path, _| {
        path.starts_with("/proposals")
    })
    .await?;
    let deadline = Instant::now() + WAIT;
    let notice = loop {
        let notice = b
            .js("const h = document.querySelector('main h1');
                 if (!h || h.dataset.submitted === 'yes') return null;
                 const s = document.querySelector('.message[role=status]');
                 return s ? s.textContent.trim() : '';")
            .await?;
        if let Some(text) = notice.as_str().filter(|t| !t.is_empty()) {
            break text.to_string();
        }
        if Instant::now() > deadline {
            return Err("after confirming, the proposals page shows no notice".to_string());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    ensure(
        notice.starts_with("Recorded: ") && notice.contains(&name),
        || format!("after confirming, the notice reads {notice:?}"),
    )?;
    b.sign_out().await
}

/// n. The diff between the demo's two framework versions shows each reworded text before
/// and after, side by side on a desktop and one above the other on a phone, the changed
/// words marked (struck through and underlined, not by colour alone).
async fn framework_diff_side_by_side(b: &Browser, admin: &Login) -> Step<()> {
    b.sign_in(admin).await?;
    b.goto("/framework/diff?from=1&to=2").await?;
    b.wait_for("h1").await?;
    for size in [DESKTOP, PHONE] {
        b.resize(size).await?;
        let found = b
            .js("const d = document.querySelector('.word-diff');
                 if (!d) return null;
                 const [before, after] = d.querySelectorAll('.word-diff-side');
                 const a = before.getBoundingClientRect(), c = after.getBoundingClientRect();
                 const del = before.querySelector('del'), ins = after.querySelector('ins');
                 return {sideBySide: Math.abs(a.top - c.top) < 2 && a.right <= c.left,
                         stacked: c.top >= a.bottom,
                         del: del ? getComputedStyle(del).textDecorationLine : '',
                         ins: ins ? getComputedStyle(ins).textDecorationLine : '',
                         marks: d.querySelectorAll('del, ins').length}")
            .await?;
        ensure(!found.is_null(), || {
            "the diff of versions 1 and 2 shows no reworded text before and after".to_string()
        })?;
        ensure(found["marks"].as_u64().unwrap_or(0) > 0, || {
            "the reworded text marks no changed words".to_string()
        })?;
        let (del, ins) = (
            found["del"].as_str().unwrap_or_default(),
            found["ins"].as_str().unwrap_or_default(),
        );
        ensure(
            (del.is_empty() || del.contains("line-through"))
                && (ins.is_empty() || ins.contains("underline")),
            || format!("changed words are marked by colour alone: del {del:?}, ins {ins:?}"),
        )?;
        let layout_ok = if size == DESKTOP {
            found["sideBySide"].as_bool() == Some(true)
        } else {
            found["stacked"].as_bool() == Some(true)
        };
        ensure(layout_ok, || {
            format!("at {size:?} before and after are not laid out as expected: {found}")
        })?;
        let over = overflow(b).await?;
        ensure(over <= 0, || {
            format!("the diff page is {over}px wider than the window at {size:?}")
        })?;
    }
    b.resize(DESKTOP).await?;
    b.sign_out().await
}

/// n. A check error's "line N, column M" puts the editor's cursor there.
async fn check_error_goes_to_its_place(b: &Browser, admin: &Login) -> Step<()> {
    b.sign_in(admin).await?;
    for size in [DESKTOP, PHONE] {
        b.resize(size).await?;
        b.goto("/framework/publish").await?;
        b.wait_for("textarea[name=yaml]").await?;
        // A misspelt key on a line far down the text.
        b.js("const t = document.querySelector('textarea[name=yaml]');
             const lines = t.value.split('\\n');
             const at = lines.findIndex((l, i) => i > 20 && /^  [a-z_]+:/.test(l));
             lines[at] = lines[at].replace(/^  ([a-z_]+):/, '  zzunknown_$1:');
             t.value = lines.join('\\n');")
            .await?;
        b.find("button[name=action][value=check]")
            .await?
            .click()
            .await
            .at("click Check")?;
        let link = b.wait_for(".diagnostics a[data-goto-line]").await?;
        let (line, column) = {
            let attr = |name: &'static str| {
                let link = link.clone();
                async move {
                    link.attr(name)
                        .await
                        .ok()
                        .flatten()
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0)
                }
            };
            (attr("data-goto-line").await, attr("data-goto-column").await)
        };
        ensure(line > 0 && column > 0, || {
            "the check error's place has no line and column".to_string()
        })?;
        link.click().await.at("click the error's place")?;
        let at = b
            .js("const t = document.querySelector('textarea[name=yaml]');
                 const before = t.value.slice(0, t.selectionStart).split('\\n');
                 const r = t.getBoundingClientRect();
                 return {focused: document.activeElement === t, line: before.length,
                         column: Array.from(before[before.length - 1]).length + 1,
                         visible: r.top < window.innerHeight && r.bottom > 0}")
            .await?;
        ensure(at["focused"].as_bool() == Some(true), || {
            format!("at {size:?}, clicking the error's place does not focus the editor")
        })?;
        ensure(
            at["line"].as_u64() == Some(line as u64)
                && at["column"].as_u64() == Some(column as u64),
            || format!("at {size:?}, the cursor is at {at}, not line {line}, column {column}"),
        )?;
        ensure(at["visible"].as_bool() == Some(true), || {
            format!("at {size:?}, the editor is not in view after clicking the error's place")
        })?;
    }
    b.resize(DESKTOP).await?;
    b.sign_out().await
}

/// n. The pay page shows where the current pay sits in its level's band and its
/// compa-ratio, and each row of the history the same, at desktop and phone widths.
async fn pay_band_position(b: &Browser, pay_admin: &Login) -> Step<()> {
    b.sign_in(pay_admin).await?;
    b.goto("/people/").await?;
    b.wait_for("table.people-table tbody tr").await?;
    let rows = directory_rows(b).await?;
    let mut checked = Vec::new();
    for row in rows.iter().take(10) {
        let Some(id) = person_id(&row.href) else {
            continue;
        };
        b.goto(&format!("/people/{id}/pay")).await?;
        b.wait_for("h1").await?;
        let facts = b
            .js("const out = {};
                 document.querySelectorAll('dl.facts div').forEach(d => {
                   out[d.querySelector('dt').textContent.trim()] = d.querySelector('dd').textContent.trim();
                 });
                 return out;")
            .await?;
        let place = facts["Place in the band"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if place.is_empty() {
            checked.push(format!("{}: no band position", row.email));
            continue;
        }
        ensure(
            place.contains("% into the band")
                || place.starts_with("below the band")
                || place.starts_with("above the band"),
            || format!("the place in the band reads {place:?}"),
        )?;
        let compa = facts["Compa-ratio"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let ratio: f64 = compa
            .split_whitespace()
            .next()
            .and_then(|r| r.parse().ok())
            .ok_or_else(|| format!("the compa-ratio reads {compa:?}"))?;
        ensure(ratio > 0.3 && ratio < 3.0, || {
            format!("the compa-ratio {ratio} is not a ratio to the midpoint")
        })?;
        for size in [DESKTOP, PHONE] {
            b.resize(size).await?;
            let cells = b
                .js("return Array.from(document.querySelectorAll('table.pay-history td.band-place')).length")
                .await?
                .as_u64()
                .unwrap_or(0);
            ensure(cells > 0, || {
                "the pay history shows no row's place in the band".to_string()
            })?;
            let over = overflow(b).await?;
            ensure(over <= 0, || {
                format!("the pay page is {over}px wider than the window at {size:?}")
            })?;
        }
        b.resize(DESKTOP).await?;
        return b.sign_out().await;
    }
    Err(format!(
        "no pay page showed a band position: {}",
        checked.join("; ")
    ))
}

/// Ten weeks of a journal before this one, written through the API as the page's script
/// would: code review leaving the member less and less energised, hands-on building
/// energising, meetings draining, learning in some weeks.
fn journal_weeks() -> Vec<Value> {
    let today = time::OffsetDateTime::now_utc().date();
    let monday = today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
    let mut entries = Vec::new();
    let review = [2, 2, 1, 1, 1, 0, 0, -1, -1, -1];
    let building = [1, 2, 2, 1, 2, 2, 2, 1, 2, 2];
    let meetings = [-1, 0, -1, -1, 0, -1, -2, -1, -1, 0];
    for week in 0..10usize {
        let start = monday - time::Duration::weeks(10 - week as i64);
        let day = |d: i64| (start + time::Duration::days(d)).to_string();
        entries.push(
            json!({"date": day(0), "kinds": ["meetings", "one-to-ones"], "energy": meetings[week]}),
        );
        entries.push(
            json!({"date": day(1), "kinds": ["code-review"], "energy": review[week],
            "learned": if week % 3 == 0 { "a pattern for smaller pull requests" } else { "" }}),
        );
        if week % 4 != 3 {
            entries.push(
                json!({"date": day(3), "kinds": ["building", "debugging"], "energy": building[week],
                "learned": if week % 2 == 0 { "how the scheduler batches jobs" } else { "" },
                "note": "Paired on the import; fixed the slow query."}),
            );
        }
    }
    entries
}

/// p. At 390×844 the member writes an entry through the journal's form (the hands-on
/// question follows the kind chosen, "I learned something" ticks itself), finds it in the
/// list with the notice, and the insights drawn from ten earlier weeks: four charts' worth
/// of figures, each with its table, and the note about code review, all within the width.
/// Then the entry is changed through its own page and deleted after the confirmation step.
async fn journal_on_a_phone(b: &Browser, member: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(member).await?;
    b.goto("/journal").await?;
    b.wait_for("main h1").await?;
    let written = b
        .js_with(
            "const csrf = document.querySelector('header form.signout input[name=csrf]').value;
             return arguments[0].map(e => {
               const x = new XMLHttpRequest();
               x.open('POST', '/api/v1/me/journal', false);
               x.setRequestHeader('content-type', 'application/json');
               x.setRequestHeader('x-csrf-token', csrf);
               x.send(JSON.stringify(e));
               return x.status;
             });",
            vec![Value::Array(journal_weeks())],
        )
        .await?;
    let statuses: Vec<u64> = written
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    ensure(
        !statuses.is_empty() && statuses.iter().all(|s| *s == 201),
        || format!("writing the earlier weeks answered {statuses:?}"),
    )?;

    b.resize(PHONE).await?;
    b.goto("/journal").await?;
    b.wait_for("form[data-journal-form]").await?;
    let current = b.text_of("nav.app-nav a[aria-current=page]").await?;
    ensure(current == "Journal", || {
        format!("the navigation marks {current:?}, not Journal")
    })?;
    b.find("#entry-kinds-code-review")
        .await?
        .click()
        .await
        .at("tick code review")?;
    let answered = b
        .js("return document.querySelector('input[name=hands_on][value=yes]').checked")
        .await?;
    ensure(answered == json!(true), || {
        "ticking code review did not answer the hands-on question with yes".to_string()
    })?;
    b.find("input[name=energy][value='1']")
        .await?
        .click()
        .await
        .at("choose +1")?;
    b.find("#entry-learned")
        .await?
        .send_keys("how to read a flame graph")
        .await
        .at("type what was learned")?;
    let ticked = b
        .js("return document.getElementById('entry-learned-yes').checked")
        .await?;
    ensure(ticked == json!(true), || {
        "writing what was learned did not tick “I learned something”".to_string()
    })?;
    b.find("#entry-note")
        .await?
        .send_keys("Reviewed the cache change on the train.")
        .await
        .at("type a note")?;
    let fits = fits_the_width(b).await?;
    ensure(fits["wide"].as_array().is_some_and(Vec::is_empty), || {
        format!("the journal's form is wider than the phone: {fits}")
    })?;
    b.find("form[data-journal-form] button[type=submit]")
        .await?
        .click()
        .await
        .at("write the entry")?;
    b.wait_until("the journal with the entry written", |path, text| {
        path.starts_with("/journal?written=") && text.contains("Written: your entry of")
    })
    .await?;
    let path = b.path().await?;
    let id = path["/journal?written=".len()..]
        .split(['&', '#'])
        .next()
        .unwrap_or_default()
        .to_string();
    let card = b.text_of(&format!("#entry-{id}")).await?;
    for shown in [
        "Reviewed the cache change on the train.",
        "how to read a flame graph",
        "Code review",
        "hands-on",
        "+1",
    ] {
        ensure(card.contains(shown), || {
            format!("the new entry's card lacks {shown:?}: {card}")
        })?;
    }

    // The insights, from the same figures as the API.
    let api = b
        .js("const x = new XMLHttpRequest(); x.open('GET', '/api/v1/me/journal/insights', false); x.send();
             return JSON.parse(x.responseText);")
        .await?;
    ensure(api["days_since_hands_on"] == json!(0), || {
        format!(
            "the code review just written is hands-on work today: {}",
            api["days_since_hands_on"]
        )
    })?;
    let days = b.text_of("#journal-craft table td.num").await?;
    ensure(days == "0", || {
        format!("the page says {days:?} days since hands-on work")
    })?;
    let notes = b.text_of("#journal-notes").await?;
    ensure(
        notes.contains("Code review") && notes.contains("has been falling"),
        || format!("no note about code review: {notes}"),
    )?;
    let charts = b
        .js("return [...document.querySelectorAll('#journal-insights svg[role=img]')].map(s => {
               const r = s.getBoundingClientRect();
               return {id: s.getAttribute('aria-labelledby'), left: r.left, right: r.right, width: r.width};
             })")
        .await?;
    let charts = charts.as_array().cloned().unwrap_or_default();
    ensure(charts.len() == 3, || {
        format!("the insights draw {} charts: {charts:?}", charts.len())
    })?;
    let width = f64::from(PHONE.0);
    for chart in &charts {
        let (left, right) = (
            chart["left"].as_f64().unwrap_or(-1.0),
            chart["right"].as_f64().unwrap_or(f64::MAX),
        );
        ensure(
            left >= 0.0 && right <= width && chart["width"].as_f64().unwrap_or(0.0) > 300.0,
            || format!("a chart does not fit a phone's width, or shrinks: {chart}"),
        )?;
    }
    let overflow = overflow(b).await?;
    ensure(overflow <= 0, || {
        format!("the journal is {overflow}px wider than the phone")
    })?;
    shot_of(b, shots, "#journal-insights", "journal-phone").await?;
    b.resize(DESKTOP).await?;
    shot_of(b, shots, "#journal-insights", "journal-desktop").await?;
    b.resize(PHONE).await?;

    // Change it through its own page.
    b.find(&format!("#entry-{id} .entry-actions a[href$='/edit']"))
        .await?
        .click()
        .await
        .at("click Change")?;
    b.wait_until("the entry's own form", |path, text| {
        path.ends_with("/edit") && text.contains("Your entry of")
    })
    .await?;
    b.wait_for("main h1").await?;
    let kept = b
        .js("return document.getElementById('entry-note').value")
        .await?;
    ensure(
        kept == json!("Reviewed the cache change on the train."),
        || format!("the entry's form holds {kept}"),
    )?;
    b.find("input[name=energy][value='2']")
        .await?
        .click()
        .await
        .at("choose +2")?;
    b.find("form[data-journal-form] button[type=submit]")
        .await?
        .click()
        .await
        .at("save the changes")?;
    b.wait_until("the journal after the change", |path, text| {
        path.starts_with("/journal?changed=") && text.contains("Changed: your entry of")
    })
    .await?;
    let card = b.text_of(&format!("#entry-{id}")).await?;
    ensure(card.contains("+2") && card.contains("wanting more"), || {
        format!("the changed entry shows {card}")
    })?;

    // Delete it, after the confirmation step.
    b.find(&format!("#entry-{id} .entry-actions a[href$='/delete']"))
        .await?
        .click()
        .await
        .at("click Delete")?;
    b.wait_until("the confirmation", |_, text| {
        text.contains("Delete this entry?")
    })
    .await?;
    b.find("form.journal-delete button[type=submit]")
        .await?
        .click()
        .await
        .at("delete it for good")?;
    b.wait_until("the journal after deleting", |path, text| {
        path.starts_with("/journal?deleted=") && text.contains("Deleted: your entry of")
    })
    .await?;
    let gone = b
        .js_with(
            "return document.getElementById(arguments[0]) === null",
            vec![json!(format!("entry-{id}"))],
        )
        .await?;
    ensure(gone == json!(true), || {
        "the deleted entry is still listed".to_string()
    })?;
    b.resize(DESKTOP).await?;
    b.sign_out().await
}

/// Writes journal entries for the signed-in person through the API, with the session's
/// anti-forgery token: (days back, kinds, energy, what was learned).
async fn write_journal(b: &Browser, entries: &[(i64, &str, i64, &str)]) -> Step<()> {
    // The journal starts empty, whatever earlier scenarios wrote in it, so that the figures
    // the summary shows are those of these entries alone.
    let left = b
        .js(
            "const csrf = document.querySelector('header input[name=csrf]').value;
             for (let round = 0; round < 50; round++) {
               const list = new XMLHttpRequest();
               list.open('GET', '/api/v1/me/journal?limit=200', false);
               list.send();
               const entries = JSON.parse(list.responseText).entries;
               if (entries.length === 0) return 0;
               for (const e of entries) {
                 const x = new XMLHttpRequest();
                 x.open('DELETE', '/api/v1/me/journal/' + e.id, false);
                 x.setRequestHeader('x-csrf-token', csrf);
                 x.send();
               }
             }
             return -1;",
        )
        .await?;
    ensure(left == json!(0), || {
        format!("the journal was not emptied ({left})")
    })?;
    for &(back, kinds, energy, learned) in entries {
        let status = b
            .js_with(
                "const day = new Date(Date.now() - arguments[0] * 86400000).toISOString().slice(0, 10);
                 const csrf = document.querySelector('header input[name=csrf]').value;
                 const x = new XMLHttpRequest();
                 x.open('POST', '/api/v1/me/journal', false);
                 x.setRequestHeader('content-type', 'application/json');
                 x.setRequestHeader('x-csrf-token', csrf);
                 x.send(JSON.stringify({date: day, kinds: arguments[1].split(','),
                                        energy: arguments[2], learned: arguments[3]}));
                 return x.status;",
                vec![json!(back), json!(kinds), json!(energy), json!(learned)],
            )
            .await?;
        ensure(status == json!(201), || {
            format!("a journal entry was not written ({status}): {kinds} {back} days back")
        })?;
    }
    Ok(())
}

/// q. The member starts a reflection from their home page, is refused an empty one with
/// the summary in view and focused, answers, reads the summary beside their journal and
/// shares it with their manager; the manager signs in, opens the member from their team
/// and reads the reflection, with nothing to change.
async fn reflection_shared(
    b: &Browser,
    member: &Login,
    manager: &Login,
    shots: &Shots,
) -> Step<()> {
    b.sign_in(member).await?;
    b.wait_until("the member's home page", |path, _| path == "/")
        .await?;
    let name = b
        .h1()
        .await?
        .strip_prefix("Welcome, ")
        .map(str::to_string)
        .ok_or("no greeting on the home page")?;
    write_journal(
        b,
        &[
            (1, "building", 2, "How the planner orders joins"),
            (3, "code-review", 1, ""),
            (4, "meetings", -1, ""),
            (
                8,
                "mentoring",
                2,
                "Pairing works better than reviews for a new hire",
            ),
            (10, "building", 1, ""),
            (15, "one-to-ones", 1, ""),
            (17, "meetings", -2, ""),
            (22, "mentoring", 1, ""),
            (29, "debugging", 2, "Reading flame graphs"),
        ],
    )
    .await?;

    b.follow("Your reflections, or start one", |path, _| {
        path == "/reflections"
    })
    .await?;
    b.find("#reflection-direction")
        .await?
        .click()
        .await
        .at("choose towards management")?;
    b.find("form.reflection-start button[type=submit]")
        .await?
        .click()
        .await
        .at("click See the questions")?;
    b.wait_until("the questions towards management", |path, text| {
        path.starts_with("/reflections/new?") && text.contains("What draws you to management?")
    })
    .await?;
    let address = b.path().await?;

    // Nothing answered: refused, the summary focused and in view, the address kept.
    b.find("form.reflection-form button[type=submit]")
        .await?
        .click()
        .await
        .at("save an empty reflection")?;
    let state = wait_js(
        b,
        "the refusal of an empty reflection, focused",
        "const s = document.querySelector('form.reflection-form .error-summary');
         if (!s || document.activeElement !== s) return null;
         const r = s.getBoundingClientRect();
         return {focused: document.activeElement === s, top: r.top, bottom: r.bottom,
                 height: window.innerHeight, text: s.textContent.trim(),
                 first: document.querySelector('form.reflection-form textarea')
                   .getAttribute('aria-invalid')};",
    )
    .await?;
    ensure(
        state["focused"] == json!(true) && state["first"] == json!("true"),
        || format!("the refusal is not focused and marked: {state}"),
    )?;
    ensure(
        state["top"].as_f64().unwrap_or(-1.0) >= 0.0
            && state["bottom"].as_f64().unwrap_or(f64::MAX)
                <= state["height"].as_f64().unwrap_or(0.0),
        || format!("the refusal is not in view: {state}"),
    )?;
    ensure(b.path().await? == address, || {
        format!("the address changed from {address}")
    })?;

    let answers = [
        (
            "#reflection-answer-what-draws-you",
            "Helping the team get unstuck. I notice I enjoy the conversations around the \
             code as much as the code.",
        ),
        (
            "#reflection-answer-mentoring",
            "Yes: I pair with the two newest engineers every week and look forward to it.",
        ),
        (
            "#reflection-answer-energy",
            "Building and mentoring leave me wanting more; long status meetings drain me.",
        ),
        (
            "#reflection-answer-would-miss",
            "The quiet hours of building something end to end.",
        ),
    ];
    for (css, text) in answers {
        b.find(css)
            .await?
            .send_keys(text)
            .await
            .at(&format!("type into {css}"))?;
    }
    b.find("form.reflection-form button[type=submit]")
        .await?
        .click()
        .await
        .at("save the reflection")?;
    b.wait_until("the reflection's summary", |path, text| {
        path.starts_with("/reflections/0") && text.contains("Your reflection towards management")
    })
    .await?;
    let summary = b.path().await?;
    let text = b.text().await?;
    for expected in [
        "Your reflection is saved.",
        "Helping the team get unstuck.",
        "From your journal",
        "Hands-on building: wanting more on average",
        "Meetings: depleted on average",
        "You noted learning something in 3 of 9 entries",
        "Your latest hands-on entry is from yesterday.",
        "Only you can read this reflection.",
    ] {
        ensure(text.contains(expected), || {
            format!("the summary lacks {expected:?}: {}", excerpt(&text))
        })?;
    }
    // The answers beside the evidence on a desktop.
    let beside = b
        .js(
            "const a = document.querySelector('.reflection-answers').getBoundingClientRect();
             const e = document.querySelector('aside.evidence').getBoundingClientRect();
             return e.left >= a.right - 1 && e.top < a.bottom;",
        )
        .await?;
    ensure(beside == json!(true), || {
        "the journal's evidence is not beside the answers on a desktop".to_string()
    })?;
    b.shot(shots, "reflection-summary", DESKTOP).await?;
    b.shot(shots, "reflection-summary-phone", PHONE).await?;
    b.resize(PHONE).await?;
    let overflow = overflow(b).await?;
    ensure(overflow <= 0, || {
        format!("the summary is {overflow}px wider than a phone")
    })?;
    b.resize(DESKTOP).await?;

    // Shared with the manager, named in the button and the sentence.
    let share = b.find(".reflection-sharing form button").await?;
    let label = share.text().await.at("read the share button")?;
    ensure(label.starts_with("Share with "), || {
        format!("the share button says {label:?}")
    })?;
    share.click().await.at("click Share")?;
    b.wait_until("the shared summary", |_, text| {
        text.contains("Shared with your manager")
    })
    .await?;
    b.sign_out().await?;

    // The manager opens the member from their team and reads the reflection.
    b.sign_in(manager).await?;
    b.wait_until("the manager's home page", |path, _| path == "/")
        .await?;
    b.follow(&name, |path, _| path.starts_with("/people/0"))
        .await?;
    b.wait_until("the member's page", |_, text| {
        text.contains(&format!("Reflections {name} shared with you"))
    })
    .await?;
    b.find("section.shared-reflections a")
        .await?
        .click()
        .await
        .at("open the shared reflection")?;
    b.wait_until("the shared reflection", |path, text| {
        path.contains("/reflections/") && text.contains("Helping the team get unstuck.")
    })
    .await?;
    let heading = b.h1().await?;
    ensure(
        heading == format!("{name}’s reflection towards management"),
        || format!("the manager's page is headed {heading:?}"),
    )?;
    let controls = b
        .js("return document.querySelectorAll('main form, main textarea, main button').length")
        .await?;
    ensure(controls == json!(0), || {
        format!("the manager's page holds {controls} controls")
    })?;
    let text = b.text().await?;
    ensure(!text.contains("From your journal"), || {
        "the manager sees the member's journal".to_string()
    })?;
    // The member's own summary is not the manager's to open.
    b.goto(&summary).await?;
    b.wait_until("a refusal of the member's summary", |_, text| {
        is_not_found(text)
    })
    .await?;
    b.sign_out().await
}

/// Checks that the page shown never says "demotion" (in any case, hidden text and the
/// timeline's SVG included), and notes it as visited.
async fn neutral(b: &Browser, visited: &mut Vec<String>) -> Step<()> {
    let path = b.path().await?;
    let html = b
        .js("return document.documentElement.outerHTML.toLowerCase()")
        .await?;
    let html = html.as_str().unwrap_or_default();
    ensure(!html.is_empty(), || format!("{path} has no content"))?;
    ensure(!html.contains("demotion"), || {
        format!("{path} calls a move a demotion")
    })?;
    visited.push(path);
    Ok(())
}

/// Sets the value of the field `css` (a date, a select) as a person choosing it would.
async fn set_value(b: &Browser, css: &str, value: &str) -> Step<()> {
    let set = b
        .js_with(
            "const f = document.querySelector(arguments[0]);
             if (!f) return false;
             f.value = arguments[1];
             f.dispatchEvent(new Event('change', { bubbles: true }));
             return f.value === arguments[1];",
            vec![json!(css), json!(value)],
        )
        .await?;
    ensure(set == json!(true), || {
        format!("could not set {css} to {value:?}")
    })
}

async fn click(b: &Browser, css: &str) -> Step<()> {
    b.find(css).await?.click().await.at(&format!("click {css}"))
}

async fn type_into(b: &Browser, css: &str, text: &str) -> Step<()> {
    b.find(css)
        .await?
        .send_keys(text)
        .await
        .at(&format!("type into {css}"))
}

/// Confirms, on /proposals, the pending proposal about `name`, and waits for "Recorded: …".
async fn confirm_on_proposals(b: &Browser, name: &str, visited: &mut Vec<String>) -> Step<()> {
    b.goto("/proposals").await?;
    b.wait_for("table.proposals tbody tr").await?;
    neutral(b, visited).await?;
    let clicked = b
        .js_with(
            "const row = [...document.querySelectorAll('table.proposals tbody tr.pending')]
               .find(r => r.textContent.includes(arguments[0]));
             if (!row) return false;
             document.querySelector('main h1').dataset.submitted = 'yes';
             row.querySelector('input[name=form][value=confirm]').form.querySelector('button').click();
             return true;",
            vec![json!(name)],
        )
        .await?;
    ensure(clicked == json!(true), || {
        format!("the proposals page lists no pending proposal about {name}")
    })?;
    let notice = wait_js(
        b,
        "the notice after confirming",
        "const h = document.querySelector('main h1');
         if (!h || h.dataset.submitted === 'yes') return null;
         const s = document.querySelector('.message[role=status]');
         return s ? s.textContent.trim() : null;",
    )
    .await?;
    let notice = notice.as_str().unwrap_or_default();
    ensure(
        notice.starts_with("Recorded: ") && notice.contains(name),
        || format!("after confirming, the notice reads {notice:?}"),
    )?;
    neutral(b, visited).await
}

/// Posts the plan action form `form` (a CSS selector of the form) and waits for the plan
/// page with `done` in its address and `notice` in its text.
async fn plan_action(
    b: &Browser,
    form: &str,
    done: &str,
    notice: &str,
    visited: &mut Vec<String>,
) -> Step<()> {
    click(b, &format!("{form} button[type=submit]")).await?;
    b.wait_until(&format!("the plan after “{done}”"), |path, text| {
        path.starts_with("/plans/")
            && path.ends_with(&format!("?done={done}"))
            && text.contains(notice)
    })
    .await?;
    neutral(b, visited).await
}

/// Records the signed-in party's view of checkpoint `at`: `ratings` by competency, a note,
/// and for the person the evidence entries whose note holds one of `evidence`.
async fn record_checkpoint(
    b: &Browser,
    at: &str,
    ratings: &[(&str, &str)],
    note: &str,
    evidence: &[&str],
    visited: &mut Vec<String>,
) -> Step<()> {
    set_value(b, "#checkpoint-at", at).await?;
    for (competency, rating) in ratings {
        click(b, &format!("#checkpoint-rating-{competency}-{rating}")).await?;
    }
    type_into(b, "#checkpoint-note", note).await?;
    for shown in evidence {
        let ticked = b
            .js_with(
                "const c = [...document.querySelectorAll('.evidence-choice')]
                   .find(c => c.textContent.includes(arguments[0]));
                 if (!c) return false;
                 c.querySelector('input').click();
                 return c.querySelector('input').checked;",
                vec![json!(shown)],
            )
            .await?;
        ensure(ticked == json!(true), || {
            format!("no journal entry {shown:?} to show as evidence")
        })?;
    }
    plan_action(
        b,
        "form.checkpoint-form",
        "checkpoint",
        "Your view of the checkpoint is recorded.",
        visited,
    )
    .await
}

/// r. The whole journey of a management trial, through the pages only. The admin adds a
/// Senior Engineer (ic-3) who reports to the demo's manager and invites them; the pay
/// administrator records their pay. They keep a journal over several weeks, reflect on a
/// move to management and share it, and write a plan towards Engineering Manager (em-1)
/// with two criteria and the demo's member as mentor (a refused save first). Their manager
/// agrees and proposes the start; the admin confirms it on /proposals. Both record two
/// checkpoints, the person with journal entries as evidence, which the manager sees and the
/// mentor does not. The manager ends the trial in a return (an extension without its
/// reason refused first), said beforehand to land on Staff Engineer (ic-4), above ic-3, by
/// the return path; the admin confirms. The person is then on Staff Engineer, their
/// timeline shows the swing back, their pay is what it was (a lower amount without a reason
/// is refused), and no page visited says "demotion".
async fn trial_journey(b: &Browser, logins: [&Login; 4], shots: &Shots) -> Step<()> {
    const NAME: &str = "Noor Haddad";
    const EMAIL: &str = "noor.haddad@example.test";
    const PASSWORD: &str = "a long enough password for Noor";
    let [admin, manager, member, pay_admin] = logins;
    let today = time::OffsetDateTime::now_utc().date();
    let day = |back: i64| (today - time::Duration::days(back)).to_string();
    let mut visited: Vec<String> = Vec::new();
    b.resize(DESKTOP).await?;

    // The admin adds Noor at Senior Engineer, reporting to the demo's manager, hired three
    // years ago, and invites her.
    b.sign_in(admin).await?;
    b.goto("/people/new").await?;
    b.wait_for("#add-name").await?;
    type_into(b, "#add-name", NAME).await?;
    type_into(b, "#add-email", EMAIL).await?;
    set_value(b, "#add-start", &day(3 * 365)).await?;
    set_value(b, "#add-level", "ic-3").await?;
    type_into(b, "#add-manager-email", &manager.email).await?;
    click(b, "form.people-form button[type=submit]").await?;
    b.wait_until("Noor's page", |path, text| {
        person_id(path).is_some() && text.contains(NAME) && text.contains("Senior Engineer")
    })
    .await?;
    neutral(b, &mut visited).await?;
    let person = person_id(&b.path().await?).ok_or("no person id in Noor's address")?;
    b.goto("/admin/accounts").await?;
    b.wait_for("#invite-email").await?;
    type_into(b, "#invite-email", EMAIL).await?;
    set_value(b, "#invite-role", "member").await?;
    click(b, "#invite-email").await?;
    type_into(b, "#invite-email", "\u{E007}").await?;
    let link = b.wait_for("#invitation-link").await?;
    let link = link
        .prop("value")
        .await
        .at("read the invitation link")?
        .unwrap_or_default();
    let invitation = link.trim_start_matches(b.base.as_str()).to_string();
    b.sign_out().await?;

    // Her pay before any trial, recorded by the pay administrator.
    b.sign_in(pay_admin).await?;
    b.goto(&format!("/people/{person}/pay")).await?;
    b.wait_for("#pay-amount").await?;
    type_into(b, "#pay-amount", "90000").await?;
    b.js("document.getElementById('pay-currency').value = ''")
        .await?;
    type_into(b, "#pay-currency", "EUR").await?;
    set_value(b, "#pay-effective", &day(3 * 365)).await?;
    click(b, "form.people-form button[type=submit]").await?;
    b.wait_for("table.pay-history tbody tr").await?;
    neutral(b, &mut visited).await?;
    let pay_before = b.text_of(".facts div:first-child dd").await?;
    ensure(pay_before.contains("90"), || {
        format!("the pay page shows {pay_before:?} after recording 90000 EUR")
    })?;
    b.sign_out().await?;

    // Noor accepts the invitation and signs in.
    b.goto(&invitation).await?;
    type_into(b, "#password", PASSWORD).await?;
    type_into(b, "#confirm", PASSWORD).await?;
    click(b, "main form button[type=submit]").await?;
    b.wait_until("Noor's account", |_, text| text.contains("is ready"))
        .await?;
    let noor = Login {
        label: "Noor".to_string(),
        email: EMAIL.to_string(),
        password: PASSWORD.to_string(),
    };
    b.sign_in(&noor).await?;
    neutral(b, &mut visited).await?;

    // A journal over several weeks, through its form: before the trial and during it.
    let entries: [(i64, &str, &str, &str); 7] = [
        (130, "building", "2", "Built the import end to end."),
        (
            118,
            "mentoring",
            "2",
            "Paired with the new hire; enjoyed it.",
        ),
        (104, "meetings", "-1", "Long planning meeting."),
        (90, "one-to-ones", "1", "First one-to-ones with the team."),
        (
            76,
            "planning",
            "1",
            "Ran the quarter's planning with the team.",
        ),
        (62, "one-to-ones", "2", "A hard conversation went well."),
        (45, "building", "1", "Fixed a flaky test between meetings."),
    ];
    for (back, kind, energy, note) in entries {
        b.goto("/journal").await?;
        b.wait_for("form[data-journal-form]").await?;
        set_value(b, "#entry-date", &day(back)).await?;
        click(
            b,
            &format!("form[data-journal-form] input[name=kinds][value={kind}]"),
        )
        .await?;
        click(b, &format!("input[name=energy][value='{energy}']")).await?;
        type_into(b, "#entry-note", note).await?;
        click(b, "form[data-journal-form] button[type=submit]").await?;
        b.wait_until("the journal with the entry written", |path, text| {
            path.starts_with("/journal?written=") && text.contains("Written: your entry of")
        })
        .await?;
    }
    neutral(b, &mut visited).await?;

    // A reflection towards management, shared with her manager.
    b.goto("/reflections").await?;
    b.wait_for("#reflection-direction").await?;
    click(b, "#reflection-direction").await?;
    click(b, "form.reflection-start button[type=submit]").await?;
    b.wait_until("the questions towards management", |path, text| {
        path.starts_with("/reflections/new?") && text.contains("What draws you to management?")
    })
    .await?;
    type_into(
        b,
        "#reflection-answer-what-draws-you",
        "Growing the people around me; the team's work more than my own.",
    )
    .await?;
    type_into(
        b,
        "#reflection-answer-would-miss",
        "Building something end to end, quietly.",
    )
    .await?;
    click(b, "form.reflection-form button[type=submit]").await?;
    b.wait_until("the reflection's summary", |path, text| {
        path.starts_with("/reflections/0") && text.contains("Your reflection towards management")
    })
    .await?;
    neutral(b, &mut visited).await?;
    click(b, ".reflection-sharing form button").await?;
    b.wait_until("the shared reflection", |_, text| {
        text.contains("Shared with your manager")
    })
    .await?;
    neutral(b, &mut visited).await?;

    // The plan: the target first, then the form; a save without criteria is refused by the
    // form's pattern, the motivation kept.
    b.follow("Plans", |path, _| path == "/plans").await?;
    neutral(b, &mut visited).await?;
    b.follow("Start a plan", |path, _| path == "/plans/new")
        .await?;
    set_value(b, "#plan-target-level", "em-1").await?;
    click(b, "form.plan-start button[type=submit]").await?;
    b.wait_until(
        "the plan's form towards Engineering Manager",
        |path, text| path == "/plans/new?target=em-1" && text.contains("Success criteria"),
    )
    .await?;
    neutral(b, &mut visited).await?;
    let form = b.text().await?;
    for said in [
        "only you can see it until you agree to it",
        "6 months",
        "days 30, 60 and 90",
    ] {
        ensure(form.contains(said), || {
            format!("the plan's form does not say {said:?}: {}", excerpt(&form))
        })?;
    }
    const MOTIVATION: &str = "I enjoy growing people, and the team asks me to lead more.";
    type_into(b, "#plan-motivation", MOTIVATION).await?;
    click(b, "form.plan-form button[type=submit]").await?;
    let shown = refusal(b, "the refused plan", "#plan-errors", "#plan-criteria").await?;
    ensure(
        shown["invalid"] == json!("true")
            && shown["path"] == json!("/plans/new")
            && shown["text"]
                .as_str()
                .is_some_and(|t| t.contains("at least one"))
            && top_in_view(&shown),
        || format!("the refused plan is not shown by the form's pattern: {shown}"),
    )?;
    let kept = b
        .js("return document.getElementById('plan-motivation').value")
        .await?;
    ensure(kept == json!(MOTIVATION), || {
        format!("the refused form kept {kept} as the motivation")
    })?;
    neutral(b, &mut visited).await?;
    click(b, "#plan-criteria").await?;
    click(b, "#plan-criteria-communication").await?;
    let linked = b
        .js("const s = document.getElementById('plan-reflection');
             const o = [...s.options].find(o => o.value);
             if (!o) return null;
             s.value = o.value;
             return o.textContent;")
        .await?;
    ensure(
        linked
            .as_str()
            .is_some_and(|t| t.contains("shared with your manager")),
        || format!("the shared reflection is not offered to link: {linked}"),
    )?;
    type_into(b, "#plan-mentor", &member.email).await?;
    type_into(
        b,
        "#plan-conversations",
        "Every other Tuesday, in our one-to-one.",
    )
    .await?;
    click(b, "#plan-trial").await?;
    click(b, "form.plan-form button[type=submit]").await?;
    b.wait_until("the plan, saved", |path, text| {
        path.ends_with("?done=created") && text.contains("saved as a draft")
    })
    .await?;
    neutral(b, &mut visited).await?;
    let plan = b
        .path()
        .await?
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    plan_action(
        b,
        "form[action$='/agree']",
        "agreed",
        "You agreed to revision 1.",
        &mut visited,
    )
    .await?;
    b.sign_out().await?;

    // Her manager finds it among the reports' plans, agrees and proposes the start, a
    // hundred days ago.
    b.sign_in(manager).await?;
    b.follow("Plans", |path, _| path == "/plans").await?;
    let list = b.text().await?;
    ensure(list.contains("Waiting for your agreement"), || {
        format!(
            "the manager's plans do not say what waits: {}",
            excerpt(&list)
        )
    })?;
    b.follow(
        &format!("{NAME}: Towards Engineering Manager (em-1)"),
        |path, _| path == plan,
    )
    .await?;
    neutral(b, &mut visited).await?;
    plan_action(
        b,
        "form[action$='/agree']",
        "agreed",
        "agreed by both",
        &mut visited,
    )
    .await?;
    let start = b.text_of("form[action$='/start']").await?;
    ensure(
        start.contains("an admin confirms it before it is recorded"),
        || format!("the start form does not say it is proposed: {start}"),
    )?;
    set_value(b, "#start-effective", &day(100)).await?;
    plan_action(
        b,
        "form[action$='/start']",
        "started",
        "The start is proposed",
        &mut visited,
    )
    .await?;
    ensure(
        b.text()
            .await?
            .contains("Waiting for an admin to confirm the start"),
        || "the plan does not say it waits for an admin".to_string(),
    )?;
    b.sign_out().await?;

    // The admin confirms the start on /proposals.
    b.sign_in(admin).await?;
    confirm_on_proposals(b, NAME, &mut visited).await?;
    b.sign_out().await?;

    // Checkpoints: Noor shows two entries of her journal; then her manager records his.
    b.sign_in(&noor).await?;
    b.goto(&plan).await?;
    b.wait_for("form.checkpoint-form").await?;
    neutral(b, &mut visited).await?;
    record_checkpoint(
        b,
        "30",
        &[
            ("people-management", "mixed"),
            ("communication", "on-track"),
        ],
        "The first one-to-ones went better than I feared.",
        &["First one-to-ones with the team"],
        &mut visited,
    )
    .await?;
    record_checkpoint(
        b,
        "60",
        &[
            ("people-management", "on-track"),
            ("communication", "on-track"),
        ],
        "Planning with the team is starting to feel natural.",
        &["A hard conversation went well"],
        &mut visited,
    )
    .await?;
    b.sign_out().await?;
    b.sign_in(manager).await?;
    b.goto(&plan).await?;
    b.wait_for("form.checkpoint-form").await?;
    record_checkpoint(
        b,
        "30",
        &[("people-management", "mixed"), ("communication", "mixed")],
        "A steady start; the team trusts her.",
        &[],
        &mut visited,
    )
    .await?;
    record_checkpoint(
        b,
        "60",
        &[
            ("people-management", "not-yet"),
            ("communication", "on-track"),
        ],
        "She misses building, and says so; we talked about the way back.",
        &[],
        &mut visited,
    )
    .await?;
    let page = b.text().await?;
    for shown in [
        "First one-to-ones with the team",
        "A hard conversation went well",
        "Recorded by both",
    ] {
        ensure(page.contains(shown), || {
            format!("the manager's plan lacks {shown:?}: {}", excerpt(&page))
        })?;
    }
    // The plan with its checkpoints, at both widths.
    shot_of(b, shots, "#trial-heading", "plan-desktop").await?;
    b.resize(PHONE).await?;
    let over = overflow(b).await?;
    ensure(over <= 0, || {
        format!("the plan's page is {over}px wider than a phone")
    })?;
    shot_of(b, shots, "#trial-heading", "plan-phone").await?;
    b.resize(DESKTOP).await?;

    // The end: what each choice does, said before; an extension without its reason is
    // refused; the return is proposed.
    let end = b.text_of("form.end-form").await?;
    for said in [
        "on Staff Engineer (ic-4)",
        "protected for 12 months",
        "1 extension of the framework’s limit remains",
    ] {
        ensure(end.contains(said), || {
            format!("the end form does not say {said:?}: {end}")
        })?;
    }
    click(b, "#end-outcome-extend").await?;
    set_value(b, "#end-effective", &day(5)).await?;
    click(b, "form.end-form button[type=submit]").await?;
    let shown = refusal(b, "the refused extension", "#end-errors", "#end-reason").await?;
    ensure(
        shown["invalid"] == json!("true") && top_in_view(&shown),
        || format!("the refused extension is not shown by the form's pattern: {shown}"),
    )?;
    neutral(b, &mut visited).await?;
    click(b, "#end-outcome-return").await?;
    set_value(b, "#end-effective", &day(5)).await?;
    plan_action(
        b,
        "form.end-form",
        "ended",
        "The return to individual contribution is proposed",
        &mut visited,
    )
    .await?;
    b.sign_out().await?;

    // The mentor reads the plan and its checkpoints, without the evidence and without a
    // form.
    b.sign_in(member).await?;
    b.follow("Plans", |path, _| path == "/plans").await?;
    ensure(b.text().await?.contains("Plans you mentor"), || {
        "the mentor's plans do not list the plan".to_string()
    })?;
    b.goto(&plan).await?;
    b.wait_for("#trial-heading").await?;
    neutral(b, &mut visited).await?;
    let as_mentor = b
        .js(
            "return {forms: document.querySelectorAll('main form').length,
                     text: document.querySelector('main').innerText}",
        )
        .await?;
    let text = as_mentor["text"].as_str().unwrap_or_default();
    ensure(as_mentor["forms"] == json!(0), || {
        format!("the mentor's page holds {} forms", as_mentor["forms"])
    })?;
    ensure(
        !text.contains("First one-to-ones with the team")
            && !text.contains("A hard conversation went well")
            && text.contains("read-only")
            && text.contains("A steady start"),
        || {
            format!(
                "the mentor's page is not the read-only plan without evidence: {}",
                excerpt(text)
            )
        },
    )?;
    b.sign_out().await?;

    // The admin confirms the return.
    b.sign_in(admin).await?;
    confirm_on_proposals(b, NAME, &mut visited).await?;
    b.sign_out().await?;

    // Noor is on Staff Engineer, the timeline shows the swing back, the plan has ended.
    b.sign_in(&noor).await?;
    b.goto(&plan).await?;
    b.wait_for("main h1").await?;
    neutral(b, &mut visited).await?;
    let ended = b.text().await?;
    ensure(
        ended.contains("Returned to individual contribution after the trial"),
        || format!("the plan does not say how it ended: {}", excerpt(&ended)),
    )?;
    b.follow("My record", |path, _| person_id(path).is_some())
        .await?;
    b.wait_until("Noor's page", |_, text| text.contains("Timeline"))
        .await?;
    neutral(b, &mut visited).await?;
    let record = b
        .js("return {role: document.querySelector('main').innerText,
                     all: document.body.textContent.toLowerCase()}")
        .await?;
    let role = record["role"].as_str().unwrap_or_default();
    let all = record["all"].as_str().unwrap_or_default();
    ensure(role.contains("Staff Engineer"), || {
        format!(
            "Noor's page does not show Staff Engineer: {}",
            excerpt(role)
        )
    })?;
    for swing in [
        "swing to individual contribution",
        "swung back to individual contribution after the trial",
    ] {
        ensure(all.contains(swing), || {
            format!("Noor's timeline does not say {swing:?}")
        })?;
    }
    b.sign_out().await?;

    // Her pay is what it was before the trial; less, without a reason, is refused.
    b.sign_in(pay_admin).await?;
    b.goto(&format!("/people/{person}/pay")).await?;
    b.wait_for("#pay-protection").await?;
    neutral(b, &mut visited).await?;
    let now = b.text_of(".facts div:first-child dd").await?;
    ensure(now == pay_before, || {
        format!("the pay after the return is {now:?}, not {pay_before:?}")
    })?;
    type_into(b, "#pay-amount", "80000").await?;
    b.js("document.getElementById('pay-currency').value = ''")
        .await?;
    type_into(b, "#pay-currency", "EUR").await?;
    set_value(b, "#pay-effective", &today.to_string()).await?;
    click(b, "form.people-form button[type=submit]").await?;
    let shown = refusal(
        b,
        "the refused lower pay",
        "#pay-errors",
        "#pay-below-pre-trial-reason",
    )
    .await?;
    ensure(shown["invalid"] == json!("true"), || {
        format!("a lower pay without a reason was not refused at its field: {shown}")
    })?;
    neutral(b, &mut visited).await?;
    b.goto(&format!("/people/{person}/pay")).await?;
    b.wait_for("table.pay-history tbody tr").await?;
    let after = b.text_of(".facts div:first-child dd").await?;
    ensure(after == pay_before, || {
        format!("after the refusal the pay is {after:?}, not {pay_before:?}")
    })?;
    neutral(b, &mut visited).await?;
    ensure(visited.len() >= 20, || {
        format!(
            "only {} pages were checked for neutral words",
            visited.len()
        )
    })?;
    b.sign_out().await
}

/// s. The analyst opens the simulator from the navigation, types a value that is not a
/// number (refused: the summary focused and in view, the field marked, the value kept),
/// runs every strategy with fewer runs, reads the chart and the table, sweeps p, then
/// projects the demo organisation's history and reads its headcounts and rates.
async fn simulator(b: &Browser, analyst: &Login, shots: &Shots) -> Step<()> {
    b.sign_in(analyst).await?;
    b.follow("Simulator", |path, _| path.starts_with("/simulate"))
        .await?;
    ensure(b.h1().await? == "Simulator", || {
        "the simulator's heading".into()
    })?;
    let runs = b.find("#peter-runs").await?;
    runs.clear().await.at("clear the runs")?;
    runs.send_keys("many")
        .await
        .at("type a word for the runs")?;
    b.find("form.sim-form button[type=submit]")
        .await?
        .click()
        .await
        .at("run every strategy")?;
    let refused = refusal(b, "the refused runs", "#peter-errors", "#peter-runs").await?;
    ensure(
        refused["invalid"] == "true" && refused["value"] == "many",
        || format!("the runs field is marked and keeps the word: {refused}"),
    )?;
    ensure(
        refused["text"]
            .as_str()
            .is_some_and(|t| t.contains("Runs must be a number")),
        || format!("the summary says why: {refused}"),
    )?;
    let runs = b.find("#peter-runs").await?;
    runs.clear().await.at("clear the runs")?;
    runs.send_keys("10").await.at("type 10 runs")?;
    let steps = b.find("#peter-steps").await?;
    steps.clear().await.at("clear the years")?;
    steps.send_keys("300").await.at("type 300 years")?;
    b.find("form.sim-form button[type=submit]")
        .await?
        .click()
        .await
        .at("run every strategy")?;
    b.wait_until("the strategies' results", |_, text| {
        text.contains("At random") && text.contains("Final efficiency")
    })
    .await?;
    let rows = b.find_all("#peter-results tbody tr").await?;
    ensure(rows.len() == 4, || {
        format!("four strategies, got {}", rows.len())
    })?;
    b.find("#peter-results svg[role=img]").await?;
    let charts = labels_inside_charts(b, "#peter-results", "the strategies' chart").await?;
    ensure(charts.shown == ["wide"], || {
        format!(
            "on a desktop the strategies' chart is drawn wide: {:?}",
            charts.shown
        )
    })?;
    shot_of(b, shots, "#peter-heading", "simulator-strategies").await?;
    let strategies = b.path().await?;

    b.find("#sweep-step")
        .await?
        .clear()
        .await
        .at("clear the step")?;
    b.find("#sweep-step")
        .await?
        .send_keys("0.25")
        .await
        .at("type the step")?;
    b.find_all("form.sim-form button[type=submit]")
        .await?
        .pop()
        .ok_or("the sweep's button")?
        .click()
        .await
        .at("run the sweep")?;
    b.wait_until("the sweep's results", |_, text| {
        text.contains("Sweep results")
    })
    .await?;
    let rows = b.find_all("#sweep-results tbody tr").await?;
    ensure(rows.len() == 5, || {
        format!("five values of p, got {}", rows.len())
    })?;
    labels_inside_charts(b, "#sweep-results", "the sweep's chart").await?;
    shot_of(b, shots, "#sweep-results", "simulator-sweep").await?;
    let sweep = b.path().await?;

    b.follow("Dual track", |path, _| path.contains("tool=dual-track"))
        .await?;
    let runs = b.find("#dual-runs").await?;
    runs.clear().await.at("clear the runs")?;
    runs.send_keys("5").await.at("type 5 runs")?;
    b.find("form.sim-form button[type=submit]")
        .await?
        .click()
        .await
        .at("compare the policies")?;
    b.wait_until("the policies' results", |_, text| {
        text.contains("Dual track with trials")
            && text.contains("Returns to individual contribution a year")
    })
    .await?;
    let rows = b.find_all("#dual-results tbody tr").await?;
    ensure(rows.len() == 3, || {
        format!("three policies, got {}", rows.len())
    })?;
    labels_inside_charts(b, "#dual-results", "the policies' charts").await?;
    shot_of(b, shots, "#dual-results", "simulator-dual-track").await?;
    let policies = b.path().await?;

    b.follow("Workforce projection", |path, _| {
        path.contains("tool=projection")
    })
    .await?;
    b.find("form.sim-form button[type=submit]")
        .await?
        .click()
        .await
        .at("project")?;
    b.wait_until("the projection", |_, text| {
        text.contains("Headcount by group") && text.contains("Yearly rates")
    })
    .await?;
    b.find("#projection-results svg[role=img]").await?;
    let text = b.text_of("#projection-results").await?;
    ensure(!text.to_lowercase().contains("demotion"), || {
        "no word of demotion".into()
    })?;
    // The demo's most senior levels rest on too few people to be shown on their own: the
    // page lists them once, with where they are counted, and no note says it again.
    let listed = b.find_all("#projection-results ul li").await?;
    ensure(!listed.is_empty(), || {
        format!("the states shown only merged are listed: {text}")
    })?;
    for li in listed {
        let line = li.text().await.at("a merged state")?;
        let state = line.split(" is counted in ").next().unwrap_or_default();
        ensure(
            line.contains(" is counted in ")
                && text.matches(&format!("{state} is counted in")).count() == 1,
            || format!("{line:?} said once: {text}"),
        )?;
    }
    ensure(!text.contains("shown only merged"), || {
        format!("the merged states are not said twice: {text}")
    })?;
    labels_inside_charts(b, "#projection-results", "the projection's chart").await?;
    shot_of(b, shots, "#projection-results", "simulator-projection").await?;
    let projection = b.path().await?;

    // A planner's own model: pasted with a fault, refused at its line and column with the
    // text kept; mended, projected and drawn.
    click(b, "details#model > summary").await?;
    let broken = "{\"states\": [\"ic-1\", \"em-1\"],\n \"stocks\": [40, 5],\n \"transitions\": {\"ic-1\": {\"ic-1\": 0.8, \"em-1\": 0.05}, \"em-1\": {\"em-1\": 0.9}},\n \"recruitment\": {\"mode\": \"fixed-size\", \"growth\": 0.1, \"distribution\": {\"ic-1\": 1}},,\n}";
    set_value(b, "#model-text", broken).await?;
    b.js(
        "document.querySelector('#model-text').form.querySelector('button[type=submit]').click();",
    )
    .await?;
    let refused = refusal(b, "the model's refusal", "#model-errors", "#model-text").await?;
    ensure(
        refused["path"] == json!("/simulate/model")
            && refused["invalid"] == json!("true")
            && refused["value"] == json!(broken)
            && refused["text"]
                .as_str()
                .is_some_and(|t| t.contains("Line 4, column")),
        || format!("the model's refusal is not shown by the form's pattern: {refused}"),
    )?;
    shot_of(b, shots, "details#model", "simulator-model-refused").await?;
    set_value(b, "#model-text", &broken.replace("},,\n}", "}\n}")).await?;
    b.js(
        "document.querySelector('#model-text').form.querySelector('button[type=submit]').click();",
    )
    .await?;
    b.wait_until("the model's projection", |_, text| {
        text.contains("Your model: 2 states") && text.contains("Headcount by group")
    })
    .await?;
    b.find("#projection-results svg[role=img]").await?;
    labels_inside_charts(b, "#projection-results", "the model's chart").await?;
    shot_of(b, shots, "#projection-results", "simulator-model").await?;

    // On a phone the results fit the screen, and their charts keep every label inside.
    b.resize(PHONE).await?;
    let on_a_phone = async {
        for (path, results, what, shot) in [
            (&strategies, "#peter-results", "the strategies' results", None),
            (&sweep, "#sweep-results", "the sweep's results", None),
            (&policies, "#dual-results", "the policies' results", Some("simulator-phone")),
            (
                &projection,
                "#projection-results",
                "the projection's results",
                Some("simulator-projection-phone"),
            ),
        ] {
            b.goto(path).await?;
            b.find(&format!("{results} svg[role=img]")).await?;
            let wide = b
                .js("const over = document.documentElement.scrollWidth - window.innerWidth;
                     const past = [...document.querySelectorAll('main *')]
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                         && !e.closest('.table-scroll'))
                       .slice(0, 5)
                       .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                         + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
                         + ' to ' + Math.round(e.getBoundingClientRect().right));
                     return { over, past };")
                .await?;
            let overflow = wide["over"].as_i64().unwrap_or(i64::MAX);
            ensure(overflow <= 0, || {
                format!(
                    "on a phone {what} are {overflow}px wider than the screen: {}",
                    wide["past"]
                )
            })?;
            let charts = labels_inside_charts(b, results, what).await?;
            // The drawing for phones, whose text reads at a phone's size.
            ensure(
                charts.shown.iter().all(|c| c == "narrow") && charts.smallest_text >= 11.0,
                || {
                    format!(
                        "on a phone {what} show {:?} with text as small as {:.1}px",
                        charts.shown, charts.smallest_text
                    )
                },
            )?;
            if let Some(name) = shot {
                shot_of(b, shots, results, name).await?;
            }
        }
        Ok(())
    }
    .await;
    b.resize(DESKTOP).await?;
    on_a_phone
}
