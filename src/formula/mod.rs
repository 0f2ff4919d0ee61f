//! The formula and condition language: grammar → parse (spanned AST) → check (types, names,
//! units; makes the typed form, [`ir::Node`]) → evaluate (per record, [`eval`]).

pub mod ast;
pub mod check;
pub mod eval;
pub mod ir;
pub mod parse;
pub mod words;

pub use ast::Expr;
pub use check::{Binding, CheckError, Choices, Scope, Target, check, check_as};
pub use eval::{Env, EvalCode, EvalError, Table, eval, holds};
pub use ir::Node;
pub use parse::{MAX_DEPTH, ParseError, parse};
