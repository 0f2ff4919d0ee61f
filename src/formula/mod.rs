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
pub use eval::{Env, EvalError, Table, eval, holds};
pub use ir::Node;
pub use parse::{MAX_DEPTH, ParseError, parse};

#[cfg(test)]
mod tests {
    /// The modules of `formula` import one another one way only: no module imports one
    /// that (through others) imports it back.
    #[test]
    fn the_formula_modules_have_no_import_cycle() {
        let modules = [
            ("ast", include_str!("ast.rs")),
            ("check", include_str!("check.rs")),
            ("eval", include_str!("eval.rs")),
            ("ir", include_str!("ir.rs")),
            ("parse", include_str!("parse.rs")),
            ("words", include_str!("words.rs")),
        ];
        let names: Vec<&str> = modules.iter().map(|(n, _)| *n).collect();
        // `super::x` and `crate::formula::x` in code (doc comments aside).
        let imports = |source: &str| -> Vec<usize> {
            let code: String = source
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            names
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    code.contains(&format!("super::{n}")) || code.contains(&format!("formula::{n}"))
                })
                .map(|(i, _)| i)
                .collect()
        };
        let graph: Vec<Vec<usize>> = modules.iter().map(|(_, s)| imports(s)).collect();
        assert!(
            graph[1].contains(&2),
            "check folds constants with eval: {graph:?}"
        );
        // Depth-first search for a cycle.
        fn visit(at: usize, graph: &[Vec<usize>], path: &mut Vec<usize>, done: &mut [bool]) {
            assert!(!path.contains(&at), "import cycle: {path:?} → {at}");
            if done[at] {
                return;
            }
            path.push(at);
            for &next in &graph[at] {
                if next != at {
                    visit(next, graph, path, done);
                }
            }
            path.pop();
            done[at] = true;
        }
        let mut done = vec![false; modules.len()];
        for start in 0..modules.len() {
            visit(start, &graph, &mut Vec::new(), &mut done);
        }
    }
}
