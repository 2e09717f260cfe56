//! Request metrics in the Prometheus text format, from a registry small enough to read:
//! a counter of requests by method, route template and status, and a latency histogram
//! by route template. Every label comes from a closed set, so no client can grow the
//! registry: the route template (`/framework/levels/{id}`), never the path, with
//! [`UNMATCHED`] for requests that match no route; the method when it is one of HTTP's
//! standard methods, otherwise [`OTHER_METHOD`]; the status the server itself chose.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// The route label of a request that matched no route.
pub const UNMATCHED: &str = "unmatched";

/// The method label of a request whose method is not one of HTTP's standard ones.
pub const OTHER_METHOD: &str = "other";

/// The label of `method`: its name for the standard methods, [`OTHER_METHOD`] otherwise.
pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => OTHER_METHOD,
    }
}

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    /// Observations at or below each bound (not cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Registry {
    requests: BTreeMap<(&'static str, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

/// The registry; one per application.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Registry>,
}

impl Metrics {
    /// Records one finished request.
    pub fn record(&self, method: &'static str, route: &str, status: u16, latency: Duration) {
        let seconds = latency.as_secs_f64();
        let mut r = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *r.requests
            .entry((method, route.to_string(), status))
            .or_default() += 1;
        let h = r.latency.entry(route.to_string()).or_default();
        if let Some(i) = BUCKETS.iter().position(|&b| seconds <= b) {
            h.buckets[i] += 1;
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The registry in the Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let r = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP pendulum_http_requests_total HTTP requests answered, by method, route template and status.\n");
        out.push_str("# TYPE pendulum_http_requests_total counter\n");
        for ((method, route, status), n) in &r.requests {
            let _ = writeln!(
                out,
                "pendulum_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
        out.push_str("# HELP pendulum_http_request_duration_seconds Time to answer an HTTP request, by route template.\n");
        out.push_str("# TYPE pendulum_http_request_duration_seconds histogram\n");
        for (route, h) in &r.latency {
            let route = label(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "pendulum_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "pendulum_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "pendulum_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "pendulum_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out
    }
}

/// A label value escaped as the text format requires.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware that records every request in the registry.
pub async fn track(State(metrics): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |p| p.as_str().to_string());
    let method = method_label(req.method());
    let started = Instant::now();
    let response = next.run(req).await;
    metrics.record(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn invented_methods_share_one_label() {
        let metrics = Metrics::default();
        for n in 0..50 {
            let method =
                Method::from_bytes(format!("INVENTED{n}{}", "X".repeat(500)).as_bytes()).unwrap();
            metrics.record(method_label(&method), UNMATCHED, 405, Duration::ZERO);
        }
        metrics.record(method_label(&Method::GET), "/healthz", 200, Duration::ZERO);
        let text = metrics.render();
        assert!(!text.contains("INVENTED"), "{text}");
        assert!(
            text.contains(&format!(
                "pendulum_http_requests_total{{method=\"other\",route=\"{UNMATCHED}\",status=\"405\"}} 50"
            )),
            "{text}"
        );
        assert!(text.contains("method=\"GET\",route=\"/healthz\""), "{text}");
    }
}
