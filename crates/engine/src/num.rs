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
}
