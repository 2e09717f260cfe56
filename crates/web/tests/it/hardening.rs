//! What an attacker tries at the door: floods, slow and idle connections, invented
//! methods, oversized bodies, and the headers every answer must carry.

use std::io::ErrorKind;
use std::time::{Duration, Instant};

use pendulum_store_sqlite::SqliteStore;
use pendulum_web::Limits;
use pendulum_web::layers::{CONTENT_SECURITY_POLICY, MAX_BODY};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::{CSRF, EMAIL, TestApp, header};

/// A concrete path for a route template: every parameter gets a value of the right shape.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|part| match part {
            "{file}" => "pendulum-missing.css".to_string(),
            "{token}" => "ab".repeat(32),
            "{version}" | "{from}" | "{to}" => "1".to_string(),
            p if p.starts_with('{') => "0190f5a8-0000-7000-8000-000000000000".to_string(),
            p => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn assert_security_headers(res: &reqwest::Response, what: &str) {
    assert_eq!(
        header(res, "content-security-policy"),
        CONTENT_SECURITY_POLICY,
        "{what}"
    );
    assert!(
        CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'")
            && !CONTENT_SECURITY_POLICY.contains("'unsafe-eval'")
            && !CONTENT_SECURITY_POLICY.contains("script-src 'self' 'unsafe-inline'"),
        "the policy itself forbids framing and inline script"
    );
    assert_eq!(header(res, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(res, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(res, "referrer-policy"), "same-origin", "{what}");
    let cache = header(res, "cache-control");
    if what.contains(" /static/") && res.status() == 200 {
        assert!(cache.starts_with("public"), "{what}: {cache}");
    } else {
        assert_eq!(cache, "no-store", "{what}");
    }
}

#[tokio::test]
async fn every_route_answers_with_the_security_headers() {
    let app = TestApp::spawn().await;
    let routes = pendulum_web::route_table::<SqliteStore>();
    assert!(routes.len() > 30, "the whole table: {}", routes.len());
    for route in &routes {
        let path = concrete(route.path);
        for client in [&app.client, &app.anonymous] {
            let res = client
                .request(route.method.clone(), app.url(&path))
                .header("x-csrf-token", CSRF)
                .send()
                .await
                .unwrap();
            let what = format!("{} {} ({})", route.method, path, res.status());
            assert_security_headers(&res, &what);
        }
    }
    // The static assets keep their own caching.
    let css = pendulum_views::assets::CSS.name;
    let res = app.get(&format!("/static/{css}")).await;
    assert_eq!(res.status(), 200);
    assert_security_headers(&res, &format!("GET /static/{css}"));
    // Answers that no handler made: an unknown page, an unknown API path, a wrong method.
    for (method, path) in [
        (reqwest::Method::GET, "/no/such/page"),
        (reqwest::Method::GET, "/api/v1/no-such-thing"),
        (reqwest::Method::DELETE, "/healthz"),
    ] {
        let res = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{method} {path}");
        assert_security_headers(&res, &format!("{method} {path}"));
    }
}

#[tokio::test]
async fn pages_served_over_tls_ask_for_strict_transport() {
    let app = TestApp::spawn_secure().await;
    let res = app.get("/healthz").await;
    assert_eq!(
        header(&res, "strict-transport-security"),
        "max-age=31536000"
    );
    let plain = TestApp::spawn().await;
    assert_eq!(
        header(&plain.get("/healthz").await, "strict-transport-security"),
        ""
    );
}

#[tokio::test]
async fn invented_methods_do_not_grow_the_metrics() {
    let app = TestApp::spawn().await;
    for n in 0..200 {
        let method =
            reqwest::Method::from_bytes(format!("M{n}{}", "X".repeat(2000)).as_bytes()).unwrap();
        let res = app
            .anonymous
            .request(method, app.url("/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405);
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(!metrics.contains("XXXX"), "no invented method is a label");
    assert!(
        metrics.contains(
            r#"pendulum_http_requests_total{method="other",route="/healthz",status="405"} 200"#
        ),
        "{metrics}"
    );
    assert!(metrics.len() < 16 * 1024, "{} bytes", metrics.len());
}

/// Reads `stream` until the server closes it; false if it is still open after `patience`.
async fn closed_by_server(stream: &mut TcpStream, patience: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let until = Instant::now() + patience;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) => return true,
            Ok(Ok(_)) => continue,
            Ok(Err(e)) if e.kind() == ErrorKind::ConnectionReset => return true,
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => return false,
        }
    }
}

fn short_limits() -> Limits {
    Limits {
        max_connections: 1024,
        header_read_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        idle_timeout: Duration::from_secs(2),
        ..Limits::default()
    }
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed_while_the_server_keeps_answering() {
    let app = TestApp::spawn_configured(false, short_limits(), Vec::new()).await;
    let mut held = Vec::new();
    for n in 0..200 {
        let mut stream = TcpStream::connect(app.addr).await.unwrap();
        match n % 4 {
            // Idle: connects and says nothing.
            0 => {}
            // Half-sent headers.
            1 => stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: pendulum\r\nX-Slow: ")
                .await
                .unwrap(),
            // A body that never finishes, to a form anyone may post.
            2 => stream
                .write_all(
                    b"POST /login HTTP/1.1\r\nHost: pendulum\r\n\
                      Content-Type: application/x-www-form-urlencoded\r\n\
                      Content-Length: 1000\r\n\r\nemail=a",
                )
                .await
                .unwrap(),
            // One request answered, then the connection kept open and idle.
            _ => {
                stream
                    .write_all(b"GET /healthz HTTP/1.1\r\nHost: pendulum\r\n\r\n")
                    .await
                    .unwrap();
                let mut buf = [0u8; 1024];
                let n = stream.read(&mut buf).await.unwrap();
                assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
            }
        }
        held.push((n % 4, stream));
    }
    // With all of them open, the server answers.
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    for (kind, mut stream) in held {
        assert!(
            closed_by_server(&mut stream, Duration::from_secs(20)).await,
            "a connection of kind {kind} was still open"
        );
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let limits = Limits {
        max_connections: 8,
        ..short_limits()
    };
    let app = TestApp::spawn_configured(false, limits, Vec::new()).await;
    let mut idle = Vec::new();
    for _ in 0..8 {
        idle.push(TcpStream::connect(app.addr).await.unwrap());
    }
    // Give the server the time to accept all eight.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let closes = tokio::spawn(async move {
        let mut at = Vec::new();
        for mut stream in idle {
            assert!(closed_by_server(&mut stream, Duration::from_secs(20)).await);
            at.push(Instant::now());
        }
        at
    });
    let res = app.anonymous.get(app.url("/healthz")).send().await.unwrap();
    let answered = Instant::now();
    assert_eq!(res.status(), 200);
    let closes = closes.await.unwrap();
    let first_close = closes.iter().min().unwrap();
    assert!(
        answered >= *first_close,
        "the ninth connection was served only once an idle one had been closed"
    );
}

/// Opens the sign-in form and returns its double-submit token.
async fn login_token(app: &TestApp) -> String {
    let res = app.anonymous.get(app.url("/login")).send().await.unwrap();
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("pendulum_login_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("a login cookie")
        .to_string()
}

async fn try_login(
    app: &TestApp,
    token: &str,
    email: &str,
    forwarded: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .anonymous
        .post(app.url("/login"))
        .header("cookie", format!("pendulum_login_csrf={token}"))
        .form(&[
            ("email", email),
            ("password", "not the password at all"),
            ("csrf", token),
        ]);
    if let Some(addr) = forwarded {
        req = req.header("x-forwarded-for", addr);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn parallel_sign_ins_cannot_pass_the_throttle_together() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    let attempts = (0..40).map(|_| try_login(&app, &token, EMAIL, None));
    let answers = futures_join(attempts).await;
    let refused = answers.iter().filter(|s| **s == 429).count();
    let checked = answers.iter().filter(|s| **s == 401).count();
    assert_eq!(checked, pendulum_web::throttle::MAX_FAILURES, "{answers:?}");
    assert_eq!(refused, 40 - checked, "{answers:?}");
}

#[tokio::test]
async fn one_address_cannot_try_every_email() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    let mut last = None;
    for n in 0..=100 {
        let res = try_login(&app, &token, &format!("person{n}@acme.test"), None).await;
        last = Some((res.status(), res.text().await.unwrap()));
    }
    let (status, page) = last.unwrap();
    assert_eq!(status, 429);
    assert!(page.contains("from your network"), "{page}");
}

#[tokio::test]
async fn behind_a_trusted_proxy_clients_are_counted_apart() {
    let proxies = vec!["127.0.0.1/32".parse().unwrap()];
    let app = TestApp::spawn_configured(false, Limits::default(), proxies).await;
    let token = login_token(&app).await;
    for _ in 0..10 {
        let res = try_login(&app, &token, EMAIL, Some("203.0.113.7")).await;
        assert_eq!(res.status(), 401);
    }
    let blocked = try_login(&app, &token, EMAIL, Some("203.0.113.7")).await;
    assert_eq!(blocked.status(), 429, "the eleventh from the same client");
    // Another client behind the same proxy is not blocked, and a client cannot escape by
    // writing its own header in front of the proxy's.
    let other = try_login(&app, &token, EMAIL, Some("203.0.113.8")).await;
    assert_eq!(other.status(), 401);
    let forged = try_login(&app, &token, EMAIL, Some("198.51.100.1, 203.0.113.7")).await;
    assert_eq!(forged.status(), 429);
}

#[tokio::test]
async fn an_oversized_sign_in_form_is_refused_without_work() {
    let app = TestApp::spawn().await;
    let token = login_token(&app).await;
    let big = "x".repeat(100 * 1024);
    let res = app
        .anonymous
        .post(app.url("/login"))
        .header("cookie", format!("pendulum_login_csrf={token}"))
        .form(&[
            ("email", EMAIL),
            ("password", big.as_str()),
            ("csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    assert!(header(&res, "content-type").starts_with("text/html"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_too_large_not_a_forgery() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    // Over axum's default of 2 MB and under the limit: read whole, and the CSRF field found.
    let yaml = format!("# {}\n", "x".repeat(3 * 1024 * 1024));
    let res = admin
        .client
        .post(app.url("/framework/versions"))
        .form(&[("yaml", yaml.as_str()), ("csrf", admin.csrf.as_str())])
        .send()
        .await
        .unwrap();
    let status = res.status();
    let page = res.text().await.unwrap();
    assert_ne!(status, 403, "{page}");
    assert!(!page.contains("anti-forgery"), "{page}");
    // Over the limit, with and without a length announced: 413 and says so.
    let huge = format!("csrf={}&yaml={}", admin.csrf, "x".repeat(MAX_BODY + 1));
    let res = admin
        .client
        .post(app.url("/framework/versions"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let page = res.text().await.unwrap();
    assert!(page.contains("too large"), "{page}");
    // Chunked, so only reading tells how large it is: the CSRF check reads it and stops.
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /framework/versions HTTP/1.1\r\nHost: pendulum\r\n\
         Cookie: pendulum_session={}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\n\r\n",
        admin.session
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    for chunk in huge.as_bytes().chunks(64 * 1024) {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
        if stream.write_all(&framed).await.is_err() {
            break; // the server answered and closed: read what it said
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(300)]
    );
    assert!(answer.contains("larger than the 8 MiB"), "{answer}");
}

async fn futures_join(
    requests: impl Iterator<Item = impl std::future::Future<Output = reqwest::Response>>,
) -> Vec<u16> {
    futures_util::future::join_all(requests.map(|r| async move { r.await.status().as_u16() })).await
}
