#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A fixed amount of work for `perf stat` / callgrind: the cloud award's 10,000 bench
//! records evaluated on one thread `N` times (default 20); with a second argument `hand`,
//! the same decisions written out by hand (`benches/hand`), the floor to compare with.
use fundpolicy::Lang;
use fundpolicy::engine;
use fundpolicy::policy::{self, Source};
use fundpolicy::records::csv::CsvRecords;
use fundpolicy::value::Date;

#[path = "../benches/hand/mod.rs"]
mod hand;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let csv = hand::sample_csv(10_000);
    let policy = policy::load(&Source::Dir("policies".into()), 2020).expect("policy");
    let cloud = policy.programme("cloud-award").expect("cloud-award");
    let recs: Vec<_> = CsvRecords::new(cloud, csv.as_bytes())
        .expect("header")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut eligible = 0;
    if std::env::args().nth(2).as_deref() == Some("hand") {
        let apps: Vec<hand::CloudApp> = recs.iter().map(|r| hand::to_app(cloud, r)).collect();
        let (from, to) = (
            Date::parse("2019-01-01").expect("date"),
            Date::parse("2020-06-30").expect("date"),
        );
        for _ in 0..n {
            eligible += apps
                .iter()
                .map(|a| hand::baseline_decisions(a, from, to))
                .collect::<Vec<_>>()
                .iter()
                .filter(|d| d.valid && d.failed == 0)
                .count();
        }
        println!("{eligible}");
        return;
    }
    for _ in 0..n {
        eligible += engine::evaluate_lean(cloud, &recs, Lang::En)
            .iter()
            .filter(|o| o.status == engine::Status::Eligible)
            .count();
    }
    println!("{eligible}");
}
