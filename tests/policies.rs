#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Loading and checking policy folders: the bundled 2020 policies load clean; broken ones
//! give diagnostics that point into the YAML.

use fundpolicy::policy::{self, Source};
use std::path::Path;

#[test]
fn the_2020_policies_load_with_proven_score_bounds() {
    let policy = policy::load(&Source::choose(Some(Path::new("policies"))), 2020).unwrap();
    let ids: Vec<&str> = policy.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["software-integration", "cloud-award", "loan-interest"]
    );
    let cloud = policy.programme("cloud-award").unwrap();
    let scores = cloud.scores.as_ref().unwrap();
    assert_eq!(scores.proven_max.map(|d| d.to_string()), Some("100".into()));
    assert_eq!(cloud.rules.len(), 5);
    assert!(
        cloud.rules.iter().all(|r| !r.cite.is_empty()),
        "every rule cites its clause"
    );
}

#[test]
fn the_built_in_copy_matches_the_folder() {
    let builtin = policy::load(&Source::Builtin, 2020).unwrap();
    assert_eq!(builtin.programmes.len(), 3);
}

#[test]
fn broken_policy_reports_every_problem_at_its_place() {
    let reports = policy::load(&Source::Dir("tests/data/broken".into()), 2020).unwrap_err();
    let mut rendered = String::new();
    for r in &reports {
        rendered.push_str(&format!(
            "{} at {}\n",
            r.code,
            r.location().unwrap_or_default()
        ));
    }
    insta::assert_snapshot!(rendered);
    let unit = reports
        .iter()
        .find(|r| r.code == "formula::unit_mismatch")
        .unwrap();
    insta::assert_snapshot!(unit.render_plain());
    let unknown = reports
        .iter()
        .find(|r| r.code == "formula::unknown_name")
        .unwrap();
    insta::assert_snapshot!(unknown.render_plain());
}

#[test]
fn unknown_year_is_reported() {
    let reports = policy::load(&Source::choose(Some(Path::new("policies"))), 1999).unwrap_err();
    assert_eq!(reports[0].code, "policy::unknown_year");
}
