#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Allocation does not depend on input order: the ordering and its tie-breakers decide
//! the ranking completely, whatever order the records arrive in.

use fundpolicy::Lang;
use fundpolicy::engine;
use fundpolicy::input::Raw;
use fundpolicy::policy::{self, Source};
use fundpolicy::records;
use proptest::prelude::*;

/// What allocation decided for one record: id, rank, tier, award, flags.
type Decided = (
    String,
    Option<u32>,
    Option<u32>,
    Option<String>,
    Vec<String>,
);

fn record(id: usize, district: &str, points: u32, investment: u32) -> Raw {
    let t = |s: String| Raw::Text(s);
    Raw::Map(vec![
        ("id".into(), t(format!("R{id:03}"))),
        ("district".into(), t(district.into())),
        ("points".into(), t(points.to_string())),
        ("investment".into(), t(investment.to_string())),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ranks_tiers_and_awards_ignore_input_order(
        people in prop::collection::vec((0usize..4, 1u32..6, prop::sample::select(vec![5u32, 15, 20, 25])), 1..40),
        seed in any::<u64>(),
    ) {
        let policy = policy::load(&Source::Dir("tests/data/alloc".into()), 2020).unwrap();
        let p = policy.programme("ranked").unwrap();
        let districts = ["A1", "A2", "B1", "B2"];
        let raws: Vec<Raw> = people.iter().enumerate().map(|(i, (d, pts, inv))| record(i, districts[*d], *pts * 10, *inv)).collect();
        // A deterministic shuffle from the seed.
        let mut shuffled = raws.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let run = |rs: &[Raw]| {
            let recs: Vec<records::Record> = rs.iter().map(|r| records::from_raw(p, r)).collect();
            let mut out: Vec<Decided> = engine::evaluate_batch(p, recs, Lang::En)
                .into_iter()
                .map(|o| (o.id.to_string(), o.rank, o.tier, o.award.map(|a| a.to_string()), o.flags().to_vec()))
                .collect();
            out.sort();
            out
        };
        prop_assert_eq!(run(&raws), run(&shuffled));
    }
}

/// A key of the ranking compared as the policy orders it (numbers by value, text by its
/// characters), for the reference order below.
fn reference_cmp(a: &fundpolicy::value::Value, b: &fundpolicy::value::Value) -> std::cmp::Ordering {
    use fundpolicy::value::Value;
    match (a, b) {
        (Value::Number(x) | Value::Money(x), Value::Number(y) | Value::Money(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        _ => panic!("unexpected keys {a:?} {b:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The ranks are those of a plain sort of the eligible records by their keys (score
    /// descending, investment descending, id ascending), ties on the leading keys included:
    /// the ranking carries the leading keys packed with each record and reads the rest
    /// from columns, and must agree with the keys compared one by one.
    #[test]
    fn ranks_are_the_order_of_the_keys_compared_one_by_one(
        people in prop::collection::vec((0usize..4, 0u32..4, prop::sample::select(vec![5u32, 15, 20, 25]), 0usize..1000), 1..60),
    ) {
        let policy = policy::load(&Source::Dir("tests/data/alloc".into()), 2020).unwrap();
        let p = policy.programme("ranked").unwrap();
        let districts = ["A1", "A2", "B1", "B2"];
        let recs: Vec<records::Record> = people
            .iter()
            .enumerate()
            .map(|(i, (d, pts, inv, id))| records::from_raw(p, &record(id * 100 + i, districts[*d], *pts * 10, *inv)))
            .collect();
        let outcomes = engine::evaluate_batch(p, recs, Lang::En);
        let mut eligible: Vec<&engine::Outcome> = outcomes
            .iter()
            .filter(|o| o.status == engine::Status::Eligible)
            .collect();
        prop_assume!(!eligible.is_empty());
        eligible.sort_by(|a, b| {
            reference_cmp(&b.order_keys[0], &a.order_keys[0])
                .then_with(|| reference_cmp(&b.order_keys[1], &a.order_keys[1]))
                .then_with(|| reference_cmp(&a.order_keys[2], &b.order_keys[2]))
        });
        for (pos, o) in eligible.iter().enumerate() {
            prop_assert_eq!(o.rank, Some(pos as u32 + 1), "{}", o.id);
        }
    }
}
