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
