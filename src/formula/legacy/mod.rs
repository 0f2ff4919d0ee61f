//! The tree evaluator before the typed form, kept for one differential test while the typed
//! evaluator replaces it. To be removed with that test.
#![allow(missing_docs, dead_code)]
pub mod check;
pub mod compile;
pub mod eval;
