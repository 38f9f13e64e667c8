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
