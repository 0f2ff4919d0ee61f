//! Exact arithmetic for the constants that decide a count: the number of awards, a tier's
//! size, a quota's share. Decimal division rounds to 28 significant digits (`2 / 3` is
//! 0.6666…67), so `ceil(2 / 3 × 3)` computed in decimals is 3, not 2: one award too many
//! for the quota. Here a constant is a fraction of two integers, exact until it is used.

use crate::formula::ast::{BinOp, Expr, ExprKind, UnaryOp};
use rust_decimal::Decimal;

/// A fraction `num / den`, reduced, `den > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

impl Ratio {
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        Some(Ratio { num, den })
    }

    pub fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    pub fn of_decimal(d: Decimal) -> Option<Ratio> {
        Ratio::new(d.mantissa(), 10i128.checked_pow(d.scale())?)
    }

    fn add(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(
            self.num
                .checked_mul(o.den)?
                .checked_add(o.num.checked_mul(self.den)?)?,
            self.den.checked_mul(o.den)?,
        )
    }

    fn neg(self) -> Option<Ratio> {
        Some(Ratio {
            num: self.num.checked_neg()?,
            den: self.den,
        })
    }

    fn mul(self, o: Ratio) -> Option<Ratio> {
        // Cross-reduce first, so products of reduced fractions overflow only when they must.
        let g1 = gcd(self.num, o.den).max(1);
        let g2 = gcd(o.num, self.den).max(1);
        Ratio::new(
            (self.num / g1).checked_mul(o.num / g2)?,
            (self.den / g2).checked_mul(o.den / g1)?,
        )
    }

    fn div(self, o: Ratio) -> Option<Ratio> {
        self.mul(Ratio::new(o.den, o.num)?)
    }

    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    pub fn ceil(self) -> i128 {
        let f = self.floor();
        if f * self.den == self.num { f } else { f + 1 }
    }

    pub fn is_whole(self) -> bool {
        self.den == 1
    }

    /// The nearest decimal (rounded once, at the end), for showing the value.
    pub fn to_decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.num, 0)
            .ok()?
            .checked_div(Decimal::try_from_i128_with_scale(self.den, 0).ok()?)
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // As a decimal where one holds it exactly (`2.5`), else as a fraction (`10/3`).
        match self.to_decimal() {
            Some(d) if Ratio::of_decimal(d) == Some(*self) => write!(f, "{}", d.normalize()),
            _ => write!(f, "{}/{}", self.num, self.den),
        }
    }
}

/// The exact value of a constant number: numbers, percentages, amounts (in yuan),
/// parameters (`param` gives their exact values), `+ - * /`, unary minus, and `floor`,
/// `ceil`, `min`, `max`, `abs`. `None` for anything else, a division by zero or a value
/// beyond 38 digits.
pub fn eval(expr: &Expr, param: &dyn Fn(&str) -> Option<Ratio>) -> Option<Ratio> {
    match &expr.kind {
        ExprKind::Number(d) => Ratio::of_decimal(*d),
        ExprKind::Percent(d) => Ratio::of_decimal(*d)?.div(Ratio::int(100)),
        ExprKind::Money(d, unit) => Ratio::of_decimal(*d)?.mul(Ratio::of_decimal(unit.yuan())?),
        ExprKind::Name(n) => param(n),
        ExprKind::Unary(UnaryOp::Neg, e) => eval(e, param)?.neg(),
        ExprKind::Binary(op, a, b) => {
            let (a, b) = (eval(a, param)?, eval(b, param)?);
            match op {
                BinOp::Add => a.add(b),
                BinOp::Sub => a.add(b.neg()?),
                BinOp::Mul => a.mul(b),
                BinOp::Div => a.div(b),
                _ => None,
            }
        }
        ExprKind::Call(f, args) => {
            let args: Option<Vec<Ratio>> = args.iter().map(|a| eval(a, param)).collect();
            let args = args?;
            match (f.name.as_str(), args.as_slice()) {
                ("floor", [x]) => Some(Ratio::int(x.floor())),
                ("ceil", [x]) => Some(Ratio::int(x.ceil())),
                ("abs", [x]) if x.num < 0 => x.neg(),
                ("abs", [x]) => Some(*x),
                ("min", [first, rest @ ..]) => rest
                    .iter()
                    .try_fold(*first, |m, x| Some(if less(*x, m)? { *x } else { m })),
                ("max", [first, rest @ ..]) => rest
                    .iter()
                    .try_fold(*first, |m, x| Some(if less(m, *x)? { *x } else { m })),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `a < b`; `None` when the difference does not fit.
fn less(a: Ratio, b: Ratio) -> Option<bool> {
    Some(a.add(b.neg()?)?.num < 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> Option<Ratio> {
        let e = crate::formula::parse(text).unwrap();
        eval(&e, &|n| (n == "third").then(|| Ratio::new(1, 3).unwrap()))
    }

    #[test]
    fn fractions_stay_exact() {
        assert_eq!(exact("2 / 3"), Ratio::new(2, 3));
        assert_eq!(exact("ceil(2 / 3 * 300)"), Some(Ratio::int(200)));
        assert_eq!(exact("floor(3 * (1 / 3))"), Some(Ratio::int(1)));
        assert_eq!(exact("third * 3"), Some(Ratio::int(1)));
        assert_eq!(exact("50%"), Ratio::new(1, 2));
        assert_eq!(exact("1 / 0"), None);
        assert_eq!(exact("min(1 / 3, 1 / 4)"), Ratio::new(1, 4));
        assert_eq!(Ratio::new(-7, 2).unwrap().ceil(), -3);
        assert_eq!(Ratio::new(-7, 2).unwrap().floor(), -4);
    }
}
