//! Checked decimal arithmetic.
//!
//! rust_decimal's `+ - * /` panic on overflow, and a panic kills the browser
//! page, so every operation in the engine goes through these methods, which
//! turn overflow and division by zero into [`Error`]s. Inputs are bounded by
//! validation (see [`crate::book`]), so in practice these errors cannot occur
//! for a valid book; they exist so that no input can make the engine panic.
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};

fn overflow(op: &'static str) -> Error {
    Error::new("", ErrorKind::Arithmetic { what: op })
}

/// `?`-friendly checked operations on [`Decimal`].
pub trait Checked: Sized {
    fn plus(self, rhs: Self) -> Result<Self, Error>;
    fn minus(self, rhs: Self) -> Result<Self, Error>;
    fn times(self, rhs: Self) -> Result<Self, Error>;
    fn over(self, rhs: Self) -> Result<Self, Error>;
}

impl Checked for Decimal {
    #[inline]
    fn plus(self, rhs: Self) -> Result<Self, Error> {
        self.checked_add(rhs)
            .ok_or_else(|| overflow("addition overflowed"))
    }
    #[inline]
    fn minus(self, rhs: Self) -> Result<Self, Error> {
        self.checked_sub(rhs)
            .ok_or_else(|| overflow("subtraction overflowed"))
    }
    #[inline]
    fn times(self, rhs: Self) -> Result<Self, Error> {
        self.checked_mul(rhs)
            .ok_or_else(|| overflow("multiplication overflowed"))
    }
    #[inline]
    fn over(self, rhs: Self) -> Result<Self, Error> {
        if rhs.is_zero() {
            return Err(overflow("division by zero"));
        }
        self.checked_div(rhs)
            .ok_or_else(|| overflow("division overflowed"))
    }
}

/// Sum of an iterator of fallible decimals.
pub fn sum<I: IntoIterator<Item = Result<Decimal, Error>>>(items: I) -> Result<Decimal, Error> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.plus(x?))
}

/// `+1` for long, `−1` for short, as a decimal.
#[inline]
pub fn signum(long: bool) -> Decimal {
    if long {
        Decimal::ONE
    } else {
        Decimal::NEGATIVE_ONE
    }
}

/// `−x`; flipping a decimal's sign cannot overflow.
#[inline]
pub fn neg(mut x: Decimal) -> Decimal {
    if !x.is_zero() {
        x.set_sign_negative(!x.is_sign_negative());
    }
    x
}

/// `x` rounded (half to even) to `digits` significant digits by dropping
/// fractional digits only: a number with no more digits is returned as it
/// is, one with more integer digits is rounded to a whole number.
/// (rust_decimal's `round_sf` pads short numbers with zeros, which raises
/// their scale, and asserts on some extreme inputs.)
pub fn significant(x: Decimal, digits: u32) -> Decimal {
    let Some(sf) = x.mantissa().unsigned_abs().checked_ilog10() else {
        return x;
    };
    let sf = sf.saturating_add(1);
    match sf.checked_sub(digits) {
        Some(drop) if drop > 0 && x.scale() > 0 => x.round_dp(x.scale().saturating_sub(drop)),
        _ => x,
    }
}

/// `√x` for `x ≥ 0`, to the decimal's precision (Newton's method from the
/// f64 root; an error for a negative `x`).
pub fn sqrt(x: Decimal) -> Result<Decimal, Error> {
    if x.is_sign_negative() && !x.is_zero() {
        return Err(overflow("square root of a negative number"));
    }
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let two = Decimal::TWO;
    let start = rust_decimal::prelude::ToPrimitive::to_f64(&x)
        .unwrap_or(1.0)
        .sqrt();
    let mut g = Decimal::try_from(start).unwrap_or(Decimal::ONE);
    if g <= Decimal::ZERO {
        g = Decimal::ONE;
    }
    // From 16 good digits, two steps reach the 28 a decimal holds; the
    // loop stops when a step changes nothing (or alternates in the last
    // digit, when the bound ends it).
    for _ in 0..64 {
        let next = g.plus(x.over(g)?)?.over(two)?;
        if next == g {
            break;
        }
        g = next;
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn significant_drops_only_fractional_digits() {
        assert_eq!(
            significant(d("348.33333333333333333333333333"), 6),
            d("348.333")
        );
        assert_eq!(significant(d("0.000123456789"), 3), d("0.000123"));
        assert_eq!(significant(d("-2.5"), 1), d("-2"));
        // Short numbers keep their scale (no padding zeros).
        assert_eq!(significant(d("100"), 20).scale(), 0);
        assert_eq!(significant(d("1.50"), 20).scale(), 2);
        // Excess digits in the integer part stay.
        assert_eq!(significant(d("123456.7"), 3), d("123457"));
        assert_eq!(significant(Decimal::MAX, 3), Decimal::MAX);
        assert_eq!(significant(Decimal::ZERO, 3), Decimal::ZERO);
    }

    #[test]
    fn square_roots() {
        assert_eq!(sqrt(d("4")).unwrap_or_default(), d("2"));
        assert_eq!(sqrt(d("0")).unwrap_or_default(), d("0"));
        let r = sqrt(d("2000")).unwrap_or_default();
        assert_eq!(r.round_dp(20), d("44.72135954999579392818"));
        let big = sqrt(d("79228162514264337593543950335")).unwrap_or_default();
        assert!(big > d("281474976710655") && big < d("281474976710657"));
        assert!(sqrt(d("-1")).is_err());
        let tiny = sqrt(d("0.0000000000000000000000000001")).unwrap_or_default();
        assert_eq!(tiny.round_dp(14), d("0.00000000000001"));
    }
}
