#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Benchmarks, run by hand: `cargo bench --bench engine`.
//!
//! The records are `tests/data/gen-cloud-award-300.csv` (from `examples/gen`) repeated with
//! fresh ids. `cloud-award-10k/baseline` computes the same eligibility and scores directly
//! with rust_decimal, the floor the interpreter is measured against in the same run;
//! `baseline-same-decisions` also makes, by hand, every other decision the engine makes.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use fundpolicy::Lang;
use fundpolicy::engine;
use fundpolicy::formula::{self, Env};
use fundpolicy::policy::{self, Programme, Source};
use fundpolicy::records::Record;
use fundpolicy::records::csv::CsvRecords;
use fundpolicy::value::{Date, Value};
use rust_decimal::{Decimal, RoundingStrategy};
use std::hint::black_box;

const SAMPLE: &str = "tests/data/gen-cloud-award-300.csv";

// The allocator the `fundpolicy` binary uses, for the interpreter and the baseline alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `n` rows of the sample CSV, ids renumbered.
fn csv_text(n: usize) -> String {
    let text = std::fs::read_to_string(SAMPLE).expect("sample CSV");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let rows: Vec<&str> = lines.collect();
    let mut out = String::with_capacity(n * 260);
    out.push_str(header);
    out.push('\n');
    for i in 0..n {
        let row = rows[i % rows.len()];
        let rest = row.split_once(',').map_or("", |(_, r)| r);
        out.push_str(&format!("B{i:07},{rest}\n"));
    }
    out
}

fn records(programme: &Programme, text: &str) -> Vec<Record> {
    CsvRecords::new(programme, text.as_bytes())
        .expect("header")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows")
}

fn policy() -> policy::Policy {
    policy::load(&Source::Dir("policies".into()), 2020).expect("2020 policy")
}

/// The cloud-award inputs, as a hand-written program would hold them.
struct CloudApp {
    id: std::sync::Arc<str>,
    district: std::sync::Arc<str>,
    /// The basic conditions of 84号 二（一）1/2/3 (policies/2020/common.yaml).
    basic: [bool; 3],
    sme: bool,
    revenue: Decimal,
    investment: Decimal,
    contract: Date,
    industrial: bool,
    registered: bool,
    cores: Decimal,
    price_core: Decimal,
    storage: Decimal,
    price_tb: Decimal,
    spend: [Decimal; 5],
    mgmt: (Decimal, Decimal),
    biz: (Decimal, Decimal),
    core: (Decimal, Decimal),
    before: [Decimal; 3],
    after: [Decimal; 3],
    efficiency: Decimal,
    yield_gain: Decimal,
    months: Decimal,
}

fn to_app(p: &Programme, r: &Record) -> CloudApp {
    let v = |name: &str| {
        p.field_slot(name)
            .map(|i| r.values[i].clone())
            .unwrap_or(Value::Null)
    };
    let d = |name: &str| v(name).as_decimal().unwrap_or_default();
    let count = |name: &str| match v(name) {
        Value::List(items) => Decimal::from(items.len()),
        _ => Decimal::ZERO,
    };
    CloudApp {
        id: r.id.clone(),
        district: match v("district") {
            Value::Text(t) => t,
            _ => "".into(),
        },
        basic: [
            v("registered_in_chongqing") == Value::Bool(true)
                && v("independent_legal_person") == Value::Bool(true),
            v("credit_blacklisted") == Value::Bool(false),
            v("other_fiscal_support") == Value::Bool(false),
        ],
        sme: matches!(v("company_size"), Value::Text(t) if &*t != "large"),
        revenue: d("revenue_2019"),
        investment: d("cloud_investment"),
        contract: match v("cloud_contract_date") {
            Value::Date(x) => x,
            _ => Date(0),
        },
        industrial: v("is_industrial") == Value::Bool(true),
        registered: v("smart_mfg_registered") == Value::Bool(true),
        cores: d("cpu_cores"),
        price_core: d("price_per_core"),
        storage: d("storage_tb"),
        price_tb: d("price_per_tb"),
        spend: [
            "spend_network",
            "spend_security",
            "spend_database",
            "spend_mgmt_systems",
            "spend_biz_systems",
        ]
        .map(d),
        mgmt: (count("mgmt_systems_on_cloud"), d("mgmt_systems_total")),
        biz: (count("biz_systems_on_cloud"), d("biz_systems_total")),
        core: (d("core_systems_on_cloud"), d("core_systems_total")),
        before: ["cost_infra_before", "cost_mgmt_before", "cost_biz_before"].map(d),
        after: ["cost_infra_after", "cost_mgmt_after", "cost_biz_after"].map(d),
        efficiency: d("efficiency_gain"),
        yield_gain: d("yield_gain"),
        months: d("cloud_months"),
    }
}

/// The eight capped score items of 附件2 评分标准, written out by hand.
fn score_items(a: &CloudApp) -> [Decimal; 8] {
    let wan = Decimal::from(10_000);
    let usage_money =
        a.cores * a.price_core + a.storage * a.price_tb + a.spend.iter().sum::<Decimal>();
    let l = usage_money / (Decimal::from(400) * wan);
    let ratio = |(on, total): (Decimal, Decimal), points: i64| {
        if total.is_zero() {
            Decimal::ZERO
        } else {
            on / total * Decimal::from(points)
        }
    };
    let before: Decimal = a.before.iter().sum();
    let after: Decimal = a.after.iter().sum();
    let cost = if before.is_zero() {
        Decimal::ZERO
    } else {
        ((before - after) / before * Decimal::from(10)).max(Decimal::ZERO)
    };
    [
        (l * Decimal::from(25)).min(Decimal::from(25)),
        (a.months / Decimal::from(12) * Decimal::from(5)).min(Decimal::from(5)),
        ratio(a.mgmt, 15).min(Decimal::from(15)),
        ratio(a.biz, 15).min(Decimal::from(15)),
        ratio(a.core, 20).min(Decimal::from(20)),
        cost.min(Decimal::from(10)),
        (a.efficiency * Decimal::from(5)).min(Decimal::from(5)),
        (a.yield_gain * Decimal::from(5)).min(Decimal::from(5)),
    ]
}

/// Eligibility and the 100-point score, written out by hand (附件2 评分标准).
fn baseline(a: &CloudApp, from: Date, to: Date) -> (bool, Decimal) {
    let eligible = a.basic.iter().all(|b| *b)
        && a.sme
        && a.revenue <= Decimal::from(300_000_000)
        && a.investment >= Decimal::from(100_000)
        && a.contract >= from
        && a.contract <= to
        && (!a.industrial || a.registered);
    let items = score_items(a);
    let total: Decimal = items.iter().sum();
    (
        eligible,
        total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
    )
}

/// What the engine decides for a record, kept as a hand-written program would keep it.
struct Decided {
    id: std::sync::Arc<str>,
    valid: bool,
    /// One bit per failed rule.
    failed: u8,
    score: Decimal,
    items: [Decimal; 8],
    investment: Decimal,
    in_quota: bool,
    demote: bool,
}

/// The engine's whole decision for a cloud-award record, written out by hand: the three
/// checks, every rule (not only up to the first that fails), the score, and for an eligible
/// record the quota region, the demotion condition and the ranking keys. Not the issue's
/// baseline (`baseline` is): the floor for an interpreter that makes the same decisions.
fn baseline_decisions(a: &CloudApp, from: Date, to: Date) -> Decided {
    let mut d = Decided {
        id: a.id.clone(),
        valid: a.mgmt.0 <= a.mgmt.1 && a.biz.0 <= a.biz.1 && a.core.0 <= a.core.1,
        failed: 0,
        score: Decimal::ZERO,
        items: [Decimal::ZERO; 8],
        investment: a.investment,
        in_quota: false,
        demote: false,
    };
    if !d.valid {
        return d;
    }
    let rules = [
        a.basic[0],
        a.basic[1],
        a.basic[2],
        a.sme,
        a.revenue <= Decimal::from(300_000_000),
        a.investment >= Decimal::from(100_000),
        a.contract >= from && a.contract <= to,
        !a.industrial || a.registered,
    ];
    for (bit, passed) in rules.into_iter().enumerate() {
        if !passed {
            d.failed |= 1 << bit;
        }
    }
    d.items = score_items(a);
    let total: Decimal = d.items.iter().sum();
    d.score = total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    if d.failed == 0 {
        // 渝东北 and 渝东南 (policies/2020/common.yaml, table `regions`).
        d.in_quota = matches!(
            &*a.district,
            "万州"
                | "开州"
                | "梁平"
                | "城口"
                | "丰都"
                | "垫江"
                | "忠县"
                | "云阳"
                | "奉节"
                | "巫山"
                | "巫溪"
                | "黔江"
                | "武隆"
                | "石柱"
                | "秀山"
                | "酉阳"
                | "彭水"
        );
        d.demote = a.investment < Decimal::from(200_000);
    }
    d
}

fn benches(c: &mut Criterion) {
    let policy = policy();
    let text = csv_text(10_000);

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
    // The hand-written decisions must be the engine's, record for record.
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
