//! `GET /metrics`: counters in the Prometheus text format, written by hand (a few counters
//! and one histogram do not need a metrics crate).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What the server counts.
#[derive(Default)]
pub struct Metrics {
    /// (route, method, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency histogram.
    latency: Mutex<BTreeMap<String, Histogram>>,
    records: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Metrics {
    /// One request answered. `route` is the route's pattern (`/api/v1/years/{year}`), never
    /// the path asked for, so a client cannot grow the table without bound.
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        *lock(&self.requests)
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let mut latency = lock(&self.latency);
        let h = latency.entry(route.to_string()).or_default();
        let secs = took.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += secs;
    }

    /// Records evaluated (each record of a batch counts once).
    pub fn evaluated(&self, n: usize) {
        self.records.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// A reload of the policies, which loaded every year or not.
    pub fn reloaded(&self, ok: bool) {
        if ok {
            self.reloads_ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.reloads_failed.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The Prometheus text exposition.
    pub fn text(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP fundpolicy_http_requests_total HTTP requests answered, by route, method and status.\n");
        out.push_str("# TYPE fundpolicy_http_requests_total counter\n");
        for ((route, method, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "fundpolicy_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                label(route),
                label(method)
            );
        }
        out.push_str(
            "# HELP fundpolicy_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE fundpolicy_http_request_duration_seconds histogram\n");
        for (route, h) in lock(&self.latency).iter() {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "fundpolicy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "fundpolicy_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "fundpolicy_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "fundpolicy_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP fundpolicy_records_evaluated_total Application records evaluated.\n");
        out.push_str("# TYPE fundpolicy_records_evaluated_total counter\n");
        let _ = writeln!(
            out,
            "fundpolicy_records_evaluated_total {}",
            self.records.load(Ordering::Relaxed)
        );
        out.push_str("# HELP fundpolicy_policy_reloads_total Loads of the policy folder, by whether every year loaded.\n");
        out.push_str("# TYPE fundpolicy_policy_reloads_total counter\n");
        let _ = writeln!(
            out,
            "fundpolicy_policy_reloads_total{{result=\"ok\"}} {}",
            self.reloads_ok.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "fundpolicy_policy_reloads_total{{result=\"failed\"}} {}",
            self.reloads_failed.load(Ordering::Relaxed)
        );
        out
    }
}

/// A label value escaped as the text format asks (`\`, `"` and newlines).
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
