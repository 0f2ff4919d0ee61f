#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A load benchmark of `fundpolicy serve`, run by hand: a server on a loopback port in this
//! process, then single-application evaluations from several client threads and 10,000-record
//! batches, each bounded in count and in time. Prints requests per second, p50/p99 latency
//! and the process's peak memory.
//!
//! ```sh
//! cargo run --release --example load
//! cargo run --release --example load -- --seconds 5 --clients 8
//! ```

use fundpolicy::api::Policies;
use fundpolicy::server::Config;

// The binary's allocator, so the figures are those of `fundpolicy serve`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;
use std::time::{Duration, Instant};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut took: Vec<Duration>, wall: Duration, failed: usize) {
    took.sort();
    println!(
        "{what}: {} requests in {:.2} s = {:.1} req/s; p50 {:.1} ms, p99 {:.1} ms; {failed} failed",
        took.len(),
        wall.as_secs_f64(),
        took.len() as f64 / wall.as_secs_f64(),
        percentile(&took, 0.50).as_secs_f64() * 1000.0,
        percentile(&took, 0.99).as_secs_f64() * 1000.0,
    );
}

/// Peak resident memory of this process (server and clients), from /proc (Linux).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn main() {
    let seconds = arg("--seconds", 10);
    let clients = arg("--clients", 4) as usize;
    let max_requests = arg("--requests", 20_000) as usize;
    let batches = arg("--batches", 10) as usize;

    // Loopback only: the benchmark never listens beyond this machine.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let policies = Policies::folder(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .expect("the bundled policies");
    let mut config = Config::new(policies);
    config.limits.queue = 1024;
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            fundpolicy::server::serve_until(listener, config, std::future::pending())
                .await
                .unwrap();
        });
    });
    let url = format!("http://{addr}/api/v1/years/2020/programmes/cloud-award/evaluate");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();

    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies/2020/examples/cloud-award-batch.jsonl"),
    )
    .unwrap();
    let lines: Vec<serde_json::Value> = sample
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let one = lines[0].to_string();

    // Single applications, from `clients` threads, until the count or the time is reached.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let per_client = max_requests / clients.max(1);
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (agent, url, one) = (agent.clone(), url.clone(), one.clone());
            std::thread::spawn(move || {
                let mut took = Vec::new();
                let mut failed = 0;
                while took.len() + failed < per_client && Instant::now() < deadline {
                    let t = Instant::now();
                    match agent
                        .post(&url)
                        .header("Content-Type", "application/json")
                        .send(one.as_bytes())
                    {
                        Ok(mut r) if r.status() == 200 => {
                            let _ = r.body_mut().read_to_vec();
                            took.push(t.elapsed());
                        }
                        _ => failed += 1,
                    }
                }
                (took, failed)
            })
        })
        .collect();
    let mut took = Vec::new();
    let mut failed = 0;
    for t in threads {
        let (d, f) = t.join().unwrap();
        took.extend(d);
        failed += f;
    }
    report(
        &format!("single application ({clients} clients)"),
        took,
        start.elapsed(),
        failed,
    );

    // 10,000-record batches (the sample's records with new ids), one at a time.
    let mut batch = String::new();
    for i in 0..10_000 {
        let mut r = lines[i % lines.len()].clone();
        r["id"] = serde_json::json!(format!("L{i:05}"));
        batch.push_str(&r.to_string());
        batch.push('\n');
    }
    let deadline = Instant::now() + Duration::from_secs(seconds * 3);
    let start = Instant::now();
    let mut took = Vec::new();
    let mut failed = 0;
    while took.len() + failed < batches && Instant::now() < deadline {
        let t = Instant::now();
        match agent
            .post(&url)
            .header("Content-Type", "application/jsonl")
            .send(batch.as_bytes())
        {
            Ok(mut r) if r.status() == 200 => {
                let _ = r.body_mut().with_config().limit(1 << 30).read_to_vec();
                took.push(t.elapsed());
            }
            _ => failed += 1,
        }
    }
    report("10,000-record batch", took, start.elapsed(), failed);
    println!("peak memory (server and clients): {}", peak_memory());
}
