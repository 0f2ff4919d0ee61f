//! The formula and condition language: grammar → parse (spanned AST) → check (types,
//! names, units) → compile (names resolved to slots) → evaluate (per record).

pub mod ast;
pub mod check;
pub mod compile;
pub mod eval;
pub mod fast;
pub mod parse;
pub mod words;

pub use ast::Expr;
pub use check::{Binding, CheckError, Checked, Choices, Scope, Target, check, check_as};
pub use compile::{Code, CompileError, compile};
pub use eval::{Env, EvalError, Table, eval};
pub use parse::{MAX_DEPTH, ParseError, parse};
