#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A measurement, not the engine: how much faster would the cloud award's values and score
//! items be as flat programs over registers of bare decimals, against the typed tree walk
//! the engine runs? Every value of the programme (the three computed values and the eight
//! capped items) is computed for the 10,000 bench records by the tree walk, by one flat
//! program for the whole programme, by one program a value, by the whole program with
//! fields and constants read by the operations themselves, and by the hand-written
//! `benches/hand::score_items`; the flat answers are checked equal to the walk's.
//!
//! The programs here know no errors, no `Null`s and no tracer: they are the floor of a flat
//! form, not a second evaluator (README § Performance says what the full one measured).
//! Run: `cargo run --release --example flat_probe [rounds]`.
use fundpolicy::formula::ast::BinOp;
use fundpolicy::formula::ir::{Func, Node, Op};
use fundpolicy::formula::{self, Env};
use fundpolicy::policy::{self, Programme, Source};
use fundpolicy::records::csv::CsvRecords;
use fundpolicy::value::{Value, compare_decimals, min_decimal};
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;

#[path = "../benches/hand/mod.rs"]
mod hand;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Clone, Copy, Debug)]
enum Ins {
    Field { dst: u16, slot: u32 },
    Const { dst: u16, k: Decimal },
    Count { dst: u16, slot: u32 },
    Add { dst: u16, a: u16, b: u16 },
    Sub { dst: u16, a: u16, b: u16 },
    Mul { dst: u16, a: u16, b: u16 },
    Div { dst: u16, a: u16, b: u16 },
    Cmp { op: BinOp, dst: u16, a: u16, b: u16 },
    JumpUnless { cond: u16, to: u32 },
    Jump { to: u32 },
    Move { dst: u16, src: u16 },
    Max { dst: u16, a: u16, b: u16 },
    Cap { dst: u16, k: Decimal },
}

/// Where an operation reads an operand: a field, a constant or a register.
#[derive(Clone, Copy, Debug)]
enum Opnd {
    Field(u32),
    Const(Decimal),
    Reg(u16),
}

#[derive(Clone, Copy, Debug)]
enum Ins2 {
    Arith {
        op: BinOp,
        dst: u16,
        a: Opnd,
        b: Opnd,
    },
    Count {
        dst: u16,
        slot: u32,
    },
    Cmp {
        op: BinOp,
        dst: u16,
        a: Opnd,
        b: Opnd,
    },
    JumpUnless {
        cond: u16,
        to: u32,
    },
    Jump {
        to: u32,
    },
    Move {
        dst: u16,
        src: Opnd,
    },
    Max {
        dst: u16,
        a: Opnd,
        b: Opnd,
    },
    Cap {
        dst: u16,
        k: Decimal,
    },
}

/// The operand form of a program: a load feeding one operation becomes its operand.
fn fuse(code: &[Ins]) -> Vec<Ins2> {
    let mut loads = std::collections::HashMap::new();
    let mut out = Vec::new();
    let mut map = vec![0u32; code.len() + 1];
    let mut fixups = Vec::new();
    for (i, ins) in code.iter().enumerate() {
        map[i] = out.len() as u32;
        let o = |r: u16, loads: &std::collections::HashMap<u16, Opnd>| {
            loads.get(&r).copied().unwrap_or(Opnd::Reg(r))
        };
        match *ins {
            Ins::Field { dst, slot } => {
                loads.insert(dst, Opnd::Field(slot));
            }
            Ins::Const { dst, k } => {
                loads.insert(dst, Opnd::Const(k));
            }
            Ins::Count { dst, slot } => out.push(Ins2::Count { dst, slot }),
            Ins::Add { dst, a, b } => out.push(Ins2::Arith {
                op: BinOp::Add,
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::Sub { dst, a, b } => out.push(Ins2::Arith {
                op: BinOp::Sub,
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::Mul { dst, a, b } => out.push(Ins2::Arith {
                op: BinOp::Mul,
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::Div { dst, a, b } => out.push(Ins2::Arith {
                op: BinOp::Div,
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::Cmp { op, dst, a, b } => out.push(Ins2::Cmp {
                op,
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::JumpUnless { cond, to } => {
                fixups.push(out.len());
                out.push(Ins2::JumpUnless { cond, to });
            }
            Ins::Jump { to } => {
                fixups.push(out.len());
                out.push(Ins2::Jump { to });
            }
            Ins::Move { dst, src } => out.push(Ins2::Move {
                dst,
                src: o(src, &loads),
            }),
            Ins::Max { dst, a, b } => out.push(Ins2::Max {
                dst,
                a: o(a, &loads),
                b: o(b, &loads),
            }),
            Ins::Cap { dst, k } => out.push(Ins2::Cap { dst, k }),
        }
    }
    map[code.len()] = out.len() as u32;
    for f in fixups {
        out[f] = match out[f] {
            Ins2::JumpUnless { cond, to } => Ins2::JumpUnless {
                cond,
                to: map[to as usize],
            },
            Ins2::Jump { to } => Ins2::Jump {
                to: map[to as usize],
            },
            other => other,
        };
    }
    out
}

#[inline(always)]
fn get(o: Opnd, fields: &[Value], r: &[Decimal]) -> Option<Decimal> {
    match o {
        Opnd::Reg(i) => Some(r[i as usize]),
        Opnd::Const(k) => Some(k),
        Opnd::Field(slot) => match fields.get(slot as usize) {
            Some(Value::Number(d) | Value::Money(d)) => Some(*d),
            _ => None,
        },
    }
}

#[inline(never)]
fn run2(code: &[Ins2], fields: &[Value], r: &mut [Decimal], b: &mut [bool]) -> bool {
    let mut pc = 0;
    while let Some(ins) = code.get(pc) {
        pc += 1;
        match *ins {
            Ins2::Arith { op, dst, a, b: y } => {
                let (Some(x), Some(y)) = (get(a, fields, r), get(y, fields, r)) else {
                    return false;
                };
                let d = match op {
                    BinOp::Add => x.checked_add(y),
                    BinOp::Sub => x.checked_sub(y),
                    BinOp::Mul => x.checked_mul(y),
                    _ if y.is_zero() => None,
                    _ => x.checked_div(y),
                };
                match d {
                    Some(d) => r[dst as usize] = d,
                    None => return false,
                }
            }
            Ins2::Count { dst, slot } => match fields.get(slot as usize) {
                Some(Value::List(items)) => r[dst as usize] = Decimal::from(items.len()),
                _ => return false,
            },
            Ins2::Cmp { op, dst, a, b: y } => {
                let (Some(x), Some(y)) = (get(a, fields, r), get(y, fields, r)) else {
                    return false;
                };
                let o = compare_decimals(&x, &y);
                b[dst as usize] = match op {
                    BinOp::Eq => o.is_eq(),
                    BinOp::Ne => o.is_ne(),
                    BinOp::Lt => o.is_lt(),
                    BinOp::Le => o.is_le(),
                    BinOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                }
            }
            Ins2::JumpUnless { cond, to } => {
                if !b[cond as usize] {
                    pc = to as usize;
                }
            }
            Ins2::Jump { to } => pc = to as usize,
            Ins2::Move { dst, src } => match get(src, fields, r) {
                Some(d) => r[dst as usize] = d,
                None => return false,
            },
            Ins2::Max { dst, a, b: y } => {
                let (Some(x), Some(y)) = (get(a, fields, r), get(y, fields, r)) else {
                    return false;
                };
                r[dst as usize] = if compare_decimals(&y, &x).is_gt() {
                    y
                } else {
                    x
                };
            }
            Ins2::Cap { dst, k } => r[dst as usize] = min_decimal(r[dst as usize], k),
        }
    }
    true
}

struct Flat {
    code: Vec<Ins>,
    /// The same program cut into one per value (jumps relative to each).
    parts: Vec<Vec<Ins>>,
    regs: usize,
    /// The register of each value, in the programme's order.
    outputs: Vec<u16>,
}

struct Compiler {
    code: Vec<Ins>,
    next: u16,
    value_regs: Vec<u16>,
}

impl Compiler {
    fn reg(&mut self) -> u16 {
        self.next += 1;
        self.next - 1
    }

    fn node(&mut self, n: &Node) -> u16 {
        match &n.op {
            Op::Const(Value::Number(d) | Value::Money(d)) => {
                let dst = self.reg();
                self.code.push(Ins::Const { dst, k: *d });
                dst
            }
            Op::Field(slot, _) => {
                let dst = self.reg();
                self.code.push(Ins::Field {
                    dst,
                    slot: *slot as u32,
                });
                dst
            }
            Op::Computed(i) => self.value_regs[*i],
            Op::Arith(op, a, b, _) => {
                let (a, b) = (self.node(a), self.node(b));
                let dst = self.reg();
                self.code.push(match op {
                    BinOp::Add => Ins::Add { dst, a, b },
                    BinOp::Sub => Ins::Sub { dst, a, b },
                    BinOp::Mul => Ins::Mul { dst, a, b },
                    _ => Ins::Div { dst, a, b },
                });
                dst
            }
            Op::Compare(op, a, b, _) => {
                let (a, b) = (self.node(a), self.node(b));
                let dst = self.reg();
                self.code.push(Ins::Cmp { op: *op, dst, a, b });
                dst
            }
            Op::If(c, t, f, _) => {
                let c = self.node(c);
                let dst = self.reg();
                let jump = self.code.len();
                self.code.push(Ins::JumpUnless { cond: c, to: 0 });
                let t = self.node(t);
                self.code.push(Ins::Move { dst, src: t });
                let over = self.code.len();
                self.code.push(Ins::Jump { to: 0 });
                let else_at = self.code.len() as u32;
                let f = self.node(f);
                self.code.push(Ins::Move { dst, src: f });
                let end = self.code.len() as u32;
                self.code[jump] = Ins::JumpUnless {
                    cond: c,
                    to: else_at,
                };
                self.code[over] = Ins::Jump { to: end };
                dst
            }
            Op::Call(Func::Max, args, _) if args.len() == 2 => {
                let (a, b) = (self.node(&args[0]), self.node(&args[1]));
                let dst = self.reg();
                self.code.push(Ins::Max { dst, a, b });
                dst
            }
            Op::Call(Func::Count, args, _) => match &args[0].op {
                Op::Field(slot, _) => {
                    let dst = self.reg();
                    self.code.push(Ins::Count {
                        dst,
                        slot: *slot as u32,
                    });
                    dst
                }
                other => panic!("probe: count of {other:?}"),
            },
            other => panic!("probe: {other:?}"),
        }
    }
}

fn compile(p: &Programme) -> Flat {
    let mut c = Compiler {
        code: Vec::new(),
        next: 0,
        value_regs: Vec::new(),
    };
    let mut parts = Vec::new();
    let total = p.scores.as_ref().map(|s| s.total_slot);
    for (slot, v) in p.values.iter().enumerate() {
        if Some(slot) == total {
            c.value_regs.push(u16::MAX);
            continue;
        }
        let start = c.code.len();
        let r = c.node(&v.formula.ir);
        if let Some(k) = v.cap {
            c.code.push(Ins::Cap { dst: r, k });
        }
        c.value_regs.push(r);
        let part: Vec<Ins> = c.code[start..]
            .iter()
            .map(|i| match *i {
                Ins::Jump { to } => Ins::Jump {
                    to: to - start as u32,
                },
                Ins::JumpUnless { cond, to } => Ins::JumpUnless {
                    cond,
                    to: to - start as u32,
                },
                other => other,
            })
            .collect();
        parts.push(part);
    }
    Flat {
        parts,
        code: c.code,
        regs: c.next as usize,
        outputs: c.value_regs,
    }
}

/// Runs the program over one record's fields; `false` if an operation failed.
#[inline(never)]
fn run(code: &[Ins], fields: &[Value], r: &mut [Decimal], b: &mut [bool]) -> bool {
    let mut pc = 0;
    while let Some(ins) = code.get(pc) {
        pc += 1;
        match *ins {
            Ins::Field { dst, slot } => match fields.get(slot as usize) {
                Some(Value::Number(d) | Value::Money(d)) => r[dst as usize] = *d,
                _ => return false,
            },
            Ins::Const { dst, k } => r[dst as usize] = k,
            Ins::Count { dst, slot } => match fields.get(slot as usize) {
                Some(Value::List(items)) => r[dst as usize] = Decimal::from(items.len()),
                _ => return false,
            },
            Ins::Add { dst, a, b } => match r[a as usize].checked_add(r[b as usize]) {
                Some(d) => r[dst as usize] = d,
                None => return false,
            },
            Ins::Sub { dst, a, b } => match r[a as usize].checked_sub(r[b as usize]) {
                Some(d) => r[dst as usize] = d,
                None => return false,
            },
            Ins::Mul { dst, a, b } => match r[a as usize].checked_mul(r[b as usize]) {
                Some(d) => r[dst as usize] = d,
                None => return false,
            },
            Ins::Div { dst, a, b } => {
                let y = r[b as usize];
                if y.is_zero() {
                    return false;
                }
                match r[a as usize].checked_div(y) {
                    Some(d) => r[dst as usize] = d,
                    None => return false,
                }
            }
            Ins::Cmp { op, dst, a, b: y } => {
                let o = compare_decimals(&r[a as usize], &r[y as usize]);
                b[dst as usize] = match op {
                    BinOp::Eq => o.is_eq(),
                    BinOp::Ne => o.is_ne(),
                    BinOp::Lt => o.is_lt(),
                    BinOp::Le => o.is_le(),
                    BinOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                }
            }
            Ins::JumpUnless { cond, to } => {
                if !b[cond as usize] {
                    pc = to as usize;
                }
            }
            Ins::Jump { to } => pc = to as usize,
            Ins::Move { dst, src } => r[dst as usize] = r[src as usize],
            Ins::Max { dst, a, b } => {
                let (x, y) = (r[a as usize], r[b as usize]);
                r[dst as usize] = if compare_decimals(&y, &x).is_gt() {
                    y
                } else {
                    x
                };
            }
            Ins::Cap { dst, k } => r[dst as usize] = min_decimal(r[dst as usize], k),
        }
    }
    true
}

fn tree(p: &Programme, fields: &[Value], computed: &mut Vec<Value>) {
    computed.clear();
    computed.resize(p.values.len(), Value::Null);
    let total = p.scores.as_ref().map(|s| s.total_slot);
    for (slot, v) in p.values.iter().enumerate() {
        if Some(slot) == total {
            continue;
        }
        let env = Env {
            fields,
            computed,
            tables: &p.table_values,
        };
        let value = match formula::eval(&v.formula.ir, &env) {
            Ok(Value::Number(d)) => Value::Number(match v.cap {
                Some(k) => min_decimal(d, k),
                None => d,
            }),
            Ok(other) => other,
            Err(_) => Value::Null,
        };
        computed[slot] = value;
    }
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30);
    let csv = hand::sample_csv(10_000);
    let policy = policy::load(&Source::Dir("policies".into()), 2020).expect("policy");
    let p = policy.programme("cloud-award").expect("cloud-award");
    let recs: Vec<_> = CsvRecords::new(p, csv.as_bytes())
        .expect("header")
        .collect::<Result<_, _>>()
        .expect("rows");
    let flat = compile(p);
    let fused = fuse(&flat.code);
    let apps: Vec<hand::CloudApp> = recs.iter().map(|r| hand::to_app(p, r)).collect();
    println!(
        "{} instructions, {} registers for {} values",
        flat.code.len(),
        flat.regs,
        p.values.len()
    );
    let mut regs = vec![Decimal::ZERO; flat.regs];
    let mut bools = vec![false; flat.regs];
    let mut computed = Vec::new();
    // The same answers, record for record.
    for r in &recs {
        tree(p, &r.values, &mut computed);
        let ok2 = run2(&fused, &r.values, &mut regs, &mut bools);
        let saved = regs.clone();
        let ok = run(&flat.code, &r.values, &mut regs, &mut bools);
        assert_eq!(ok, ok2);
        for &reg in &flat.outputs {
            if reg != u16::MAX && ok {
                assert_eq!(
                    saved[reg as usize].serialize(),
                    regs[reg as usize].serialize()
                );
            }
        }
        for (slot, &reg) in flat.outputs.iter().enumerate() {
            if reg == u16::MAX {
                continue;
            }
            match &computed[slot] {
                Value::Number(d) | Value::Money(d) => {
                    assert!(ok, "{}", r.id);
                    assert_eq!(d.serialize(), regs[reg as usize].serialize(), "{}", r.id)
                }
                _ => assert!(!ok, "{}", r.id),
            }
        }
    }
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..rounds {
            for r in &recs {
                tree(p, black_box(&r.values), &mut computed);
            }
        }
        let tree_ns = t.elapsed().as_nanos() as f64 / (rounds * recs.len()) as f64;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for r in &recs {
                n += run(&flat.code, black_box(&r.values), &mut regs, &mut bools) as usize;
            }
        }
        let flat_ns = t.elapsed().as_nanos() as f64 / (rounds * recs.len()) as f64;
        let t = Instant::now();
        for _ in 0..rounds {
            for r in &recs {
                for part in &flat.parts {
                    n += run(part, black_box(&r.values), &mut regs, &mut bools) as usize;
                }
            }
        }
        let parts_ns = t.elapsed().as_nanos() as f64 / (rounds * recs.len()) as f64;
        println!("one program a value: {parts_ns:.0} ns");
        let t = Instant::now();
        for _ in 0..rounds {
            for r in &recs {
                n += run2(&fused, black_box(&r.values), &mut regs, &mut bools) as usize;
            }
        }
        let fused_ns = t.elapsed().as_nanos() as f64 / (rounds * recs.len()) as f64;
        println!(
            "operands in the operations ({} instructions): {fused_ns:.0} ns",
            fused.len()
        );
        let t = Instant::now();
        for _ in 0..rounds {
            for a in &apps {
                black_box(hand::score_items(black_box(a)));
            }
        }
        let hand_ns = t.elapsed().as_nanos() as f64 / (rounds * recs.len()) as f64;
        println!(
            "tree {tree_ns:.0} ns a record, flat {flat_ns:.0} ns ({n}), by hand {hand_ns:.0} ns: tree/flat {:.2}x, flat/hand {:.2}x",
            tree_ns / flat_ns,
            flat_ns / hand_ns
        );
    }
}
