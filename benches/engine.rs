#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Benchmarks, run by hand: `cargo bench --bench engine`.
//!
//! The records are `tests/data/gen-cloud-award-300.csv` (from `examples/gen`) repeated with
//! fresh ids (`hand::sample_csv`). `cloud-award-10k/baseline` computes the same eligibility and scores directly
//! with rust_decimal, the floor the interpreter is measured against in the same run;
//! `baseline-same-decisions` also makes, by hand, every other decision the engine makes
//! (`benches/hand`), and is checked to agree with it record for record.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use fundpolicy::Lang;
use fundpolicy::engine;
use fundpolicy::formula::{self, Env};
use fundpolicy::policy::{self, Programme, Source};
use fundpolicy::records::Record;
use fundpolicy::records::csv::CsvRecords;
use fundpolicy::value::{Date, Value};
use std::hint::black_box;

// The allocator the `fundpolicy` binary uses, for the interpreter and the baseline alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn records(programme: &Programme, text: &str) -> Vec<Record> {
    CsvRecords::new(programme, text.as_bytes())
        .expect("header")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
}

fn policy() -> policy::Policy {
    policy::load(&Source::Dir("policies".into()), 2020).expect("2020 policy")
}

mod hand;
use hand::*;

fn benches(c: &mut Criterion) {
    let policy = policy();
    let text = sample_csv(10_000);

    let mut g = c.benchmark_group("per-record");
    for p in &policy.programmes {
        // One representative record through each programme.
        let example = format!("policies/2020/examples/{}.yaml", p.id);
        let file = fundpolicy::diag::SourceFile::new(
            example.as_str(),
            std::fs::read_to_string(&example).unwrap_or_default(),
        );
        let docs = fundpolicy::input::read_documents(&example, &file, &[]).expect("examples");
        let recs = fundpolicy::records::records_of(p, &docs[0]);
        let first = recs[0].clone();
        g.bench_function(format!("evaluate/{}", p.id), |b| {
            b.iter_batched(
                || first.clone(),
                |r| engine::evaluate(p, black_box(r), Lang::En),
                BatchSize::SmallInput,
            )
        });
    }
    let cloud = policy.programme("cloud-award").expect("cloud-award");
    let recs = records(cloud, &text);
    let l = cloud.values.iter().find(|v| v.id == "L").expect("L");
    let one = &recs[1];
    g.bench_function("formula/L", |b| {
        let env = Env {
            fields: &one.values,
            computed: &[],
            tables: &cloud.table_values,
        };
        b.iter(|| formula::eval(black_box(&l.formula.ir), &env))
    });
    g.finish();

    // The interpreter against the hand-written baseline on the same 10 000 records,
    // single-threaded.
    let mut g = c.benchmark_group("cloud-award-10k");
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.sample_size(20);
    let apps: Vec<CloudApp> = recs.iter().map(|r| to_app(cloud, r)).collect();
    let (from, to) = (
        Date::parse("2019-01-01").unwrap_or(Date(0)),
        Date::parse("2020-06-30").unwrap_or(Date(0)),
    );
    g.bench_function("baseline", |b| {
        b.iter(|| {
            apps.iter()
                .map(|a| baseline(a, from, to))
                .filter(|(e, _)| *e)
                .count()
        })
    });
    // The hand-written decisions must be the engine's, record for record (and the sample
    // has records the catalogue flag is raised for, and records it is not).
    let flagged = apps
        .iter()
        .filter(|a| baseline_decisions(a, from, to).uncatalogued)
        .count();
    assert!(flagged > 0 && flagged < apps.len(), "{flagged} flagged");
    for (a, o) in apps
        .iter()
        .zip(engine::evaluate_lean(cloud, &recs, Lang::En))
    {
        let d = baseline_decisions(a, from, to);
        let eligible = o.status == engine::Status::Eligible;
        assert_eq!(d.id, o.id);
        assert_eq!(d.valid, o.status != engine::Status::Invalid, "{}", a.id);
        assert_eq!(d.valid && d.failed == 0, eligible, "{}", a.id);
        if d.valid {
            assert_eq!(Some(d.score), o.score, "{}", a.id);
            let flagged = o.flags().iter().any(|f| f == "uncatalogued");
            assert_eq!(d.uncatalogued, flagged, "{}", a.id);
            assert_eq!(&d.items[..], &o.scores[..], "{}", a.id);
        }
        if eligible {
            assert_eq!(
                (d.in_quota, d.demote),
                (o.in_quota_group, o.demote),
                "{}",
                a.id
            );
            assert_eq!(Value::Money(d.investment), o.order_keys[1], "{}", a.id);
        }
    }
    g.bench_function("baseline-same-decisions", |b| {
        b.iter(|| {
            apps.iter()
                .map(|a| baseline_decisions(a, from, to))
                .collect::<Vec<Decided>>()
                .iter()
                .filter(|d| d.valid && d.failed == 0)
                .count()
        })
    });
    g.bench_function("interpreter", |b| {
        b.iter(|| {
            engine::evaluate_lean(cloud, &recs, Lang::En)
                .iter()
                .filter(|o| o.status == engine::Status::Eligible)
                .count()
        })
    });
    g.bench_function("csv-read", |b| {
        b.iter(|| records(cloud, black_box(&text)).len())
    });
    g.bench_function("whole-evaluate-to-csv", |b| {
        b.iter(|| {
            let rows = CsvRecords::new(cloud, text.as_bytes()).expect("header");
            let outcomes =
                engine::evaluate_stream(cloud, rows, Lang::En, true, &|_| {}).expect("rows");
            let mut sink = Vec::with_capacity(2 << 20);
            fundpolicy::report::write_csv(cloud, &outcomes, &mut sink).expect("write");
            sink.len()
        })
    });
    let lean = engine::evaluate_lean(cloud, &recs, Lang::En);
    g.bench_function("allocate", |b| {
        b.iter_batched(
            || lean.clone(),
            |mut os| engine::allocate(cloud, &mut os),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
