//! fundpolicy: a policy-as-data rules interpreter.
//!
//! See `ARCHITECTURE.md` for the stages and which module may call which.

pub mod cli;
pub mod diag;
pub mod formula;
pub mod input;
pub mod value;
pub mod yaml;
