//! Interval analysis of compiled formulas: from the fields' declared ranges (money and
//! counts ≥ 0 unless stated, `min:`/`max:` where given) and the caps, the range each score
//! item, the total and the award can take — proven before any record is seen.

use crate::formula::Node;
use crate::formula::ast::BinOp;
use crate::formula::ir::{Agg, Func, Op};
use crate::value::Value;
use rust_decimal::{Decimal, RoundingStrategy};

/// A closed range; `None` is unbounded on that side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: Option<Decimal>,
    pub hi: Option<Decimal>,
}

impl Interval {
    pub const ANY: Interval = Interval { lo: None, hi: None };

    pub fn point(d: Decimal) -> Interval {
        Interval {
            lo: Some(d),
            hi: Some(d),
        }
    }

    fn non_negative(self) -> bool {
        self.lo.is_some_and(|l| l >= Decimal::ZERO)
    }

    fn positive(self) -> bool {
        self.lo.is_some_and(|l| l > Decimal::ZERO)
    }

    fn union(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo.zip(other.lo).map(|(a, b)| a.min(b)),
            hi: self.hi.zip(other.hi).map(|(a, b)| a.max(b)),
        }
    }

    fn map(self, f: impl Fn(Decimal) -> Decimal) -> Interval {
        Interval {
            lo: self.lo.map(&f),
            hi: self.hi.map(&f),
        }
    }
}

/// What the analysis knows of names: field ranges and the ranges of computed values so far.
pub struct Ranges<'a> {
    pub fields: &'a [Interval],
    pub computed: &'a [Interval],
}

fn add(a: Interval, b: Interval) -> Interval {
    Interval {
        lo: a.lo.zip(b.lo).and_then(|(x, y)| x.checked_add(y)),
        hi: a.hi.zip(b.hi).and_then(|(x, y)| x.checked_add(y)),
    }
}

fn neg(a: Interval) -> Interval {
    Interval {
        lo: a.hi.map(|h| -h),
        hi: a.lo.map(|l| -l),
    }
}

fn mul(a: Interval, b: Interval) -> Interval {
    if let (Some(al), Some(ah), Some(bl), Some(bh)) = (a.lo, a.hi, b.lo, b.hi) {
        let products: Option<Vec<Decimal>> = [
            al.checked_mul(bl),
            al.checked_mul(bh),
            ah.checked_mul(bl),
            ah.checked_mul(bh),
        ]
        .into_iter()
        .collect();
        if let Some(p) = products {
            return Interval {
                lo: p.iter().min().copied(),
                hi: p.iter().max().copied(),
            };
        }
        return Interval::ANY;
    }
    if a.non_negative() && b.non_negative() {
        return Interval {
            lo: a.lo.zip(b.lo).and_then(|(x, y)| x.checked_mul(y)),
            hi: a.hi.zip(b.hi).and_then(|(x, y)| x.checked_mul(y)),
        };
    }
    Interval::ANY
}

fn div(a: Interval, b: Interval) -> Interval {
    if a.non_negative() && b.positive() {
        return Interval {
            lo: match (a.lo, b.hi) {
                (Some(l), Some(h)) => l.checked_div(h),
                _ => Some(Decimal::ZERO),
            },
            hi: a.hi.zip(b.lo).and_then(|(h, l)| h.checked_div(l)),
        };
    }
    if a.non_negative() && b.non_negative() {
        // The divisor may be 0 (an error at run time) or tiny: only the sign is known.
        return Interval {
            lo: Some(Decimal::ZERO),
            hi: None,
        };
    }
    Interval::ANY
}

fn min_of(items: &[Interval]) -> Interval {
    Interval {
        lo: items
            .iter()
            .map(|i| i.lo)
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().min()),
        hi: items.iter().filter_map(|i| i.hi).min(),
    }
}

fn max_of(items: &[Interval]) -> Interval {
    Interval {
        lo: items.iter().filter_map(|i| i.lo).max(),
        hi: items
            .iter()
            .map(|i| i.hi)
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().max()),
    }
}

/// The range a formula's value can take (for numbers and money; other types give ANY).
pub fn range(node: &Node, r: &Ranges<'_>) -> Interval {
    match &node.op {
        Op::Const(Value::Number(d) | Value::Money(d)) => Interval::point(*d),
        Op::Field(i, _) => r.fields.get(*i).copied().unwrap_or(Interval::ANY),
        Op::Computed(i) => r.computed.get(*i).copied().unwrap_or(Interval::ANY),
        Op::Neg(a, _) => neg(range(a, r)),
        Op::Arith(op, a, b, _) => {
            let (a, b) = (range(a, r), range(b, r));
            match op {
                BinOp::Add => add(a, b),
                BinOp::Sub => add(a, neg(b)),
                BinOp::Mul => mul(a, b),
                BinOp::Div => div(a, b),
                _ => Interval::ANY,
            }
        }
        Op::If(_, t, f, _) => range(t, r).union(range(f, r)),
        Op::Call(func, args, _) => {
            let items: Vec<Interval> = args.iter().map(|a| range(a, r)).collect();
            match (func, items.as_slice()) {
                (Func::Min, [_, _, ..]) => min_of(&items),
                (Func::Max, [_, _, ..]) => max_of(&items),
                (Func::Clamp, [x, lo, hi]) => min_of(&[max_of(&[*x, *lo]), *hi]),
                (Func::Round(dp), [x]) => {
                    x.map(|d| d.round_dp_with_strategy(*dp, RoundingStrategy::MidpointAwayFromZero))
                }
                (Func::Floor, [x]) => x.map(|d| d.floor()),
                (Func::Ceil, [x]) => x.map(|d| d.ceil()),
                (Func::Abs, [x]) if x.non_negative() => *x,
                (Func::Count, _) => Interval {
                    lo: Some(Decimal::ZERO),
                    hi: None,
                },
                _ => Interval::ANY,
            }
        }
        Op::Aggregate(agg, _, body, _) => {
            // The body reads the item through a local, whose range is not tracked: only its
            // sign survives, from the parts that do not depend on the item.
            let body_range = range(body, r);
            match agg {
                Agg::Count => Interval {
                    lo: Some(Decimal::ZERO),
                    hi: None,
                },
                Agg::Sum if body_range.non_negative() => Interval {
                    lo: Some(Decimal::ZERO),
                    hi: None,
                },
                Agg::Min | Agg::Max => body_range,
                _ => Interval::ANY,
            }
        }
        _ => Interval::ANY,
    }
}

pub fn show(i: Interval) -> String {
    let side =
        |d: Option<Decimal>, inf: &str| d.map_or(inf.to_string(), |d| d.normalize().to_string());
    format!("[{}, {}]", side(i.lo, "-∞"), side(i.hi, "+∞"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::value::Type;

    fn num(n: i64) -> Node {
        Node::constant(Value::Number(Decimal::from(n)), Type::Number)
    }

    fn field(i: usize) -> Box<Node> {
        Box::new(Node::new(Type::Number, Op::Field(i, Span::default())))
    }

    #[test]
    fn min_with_a_constant_bounds_an_unbounded_value() {
        let fields = [Interval {
            lo: Some(Decimal::ZERO),
            hi: None,
        }];
        let r = Ranges {
            fields: &fields,
            computed: &[],
        };
        let doubled = Node::new(
            Type::Number,
            Op::Arith(BinOp::Mul, field(0), Box::new(num(2)), Span::default()),
        );
        assert_eq!(range(&doubled, &r).hi, None);
        let capped = Node::new(
            Type::Number,
            Op::Call(Func::Min, vec![doubled, num(100)], Span::default()),
        );
        assert_eq!(show(range(&capped, &r)), "[0, 100]");
    }

    #[test]
    fn division_by_a_possibly_zero_count_keeps_only_the_sign() {
        let fields = [Interval {
            lo: Some(Decimal::ZERO),
            hi: None,
        }; 2];
        let r = Ranges {
            fields: &fields,
            computed: &[],
        };
        let ratio = Node::new(
            Type::Number,
            Op::Arith(BinOp::Div, field(0), field(1), Span::default()),
        );
        assert_eq!(show(range(&ratio, &r)), "[0, +∞]");
    }
}
