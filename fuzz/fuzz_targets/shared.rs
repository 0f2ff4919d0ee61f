//! What the record-reading fuzz targets share: the built-in 2020 loan-interest programme
//! (it has list-of-record fields), loaded once.

use fundpolicy::policy::{self, Policy, Programme, Source};
use std::sync::OnceLock;

pub fn loan_interest() -> Option<&'static Programme> {
    static POLICY: OnceLock<Option<Policy>> = OnceLock::new();
    POLICY
        .get_or_init(|| policy::load(&Source::Builtin, 2020).ok())
        .as_ref()?
        .programme("loan-interest")
}
