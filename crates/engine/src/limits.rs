//! The magnitudes the engine accepts (inclusive). Validation bounds every
//! input with these, so the products the engine forms (`size × price`, sums
//! over a book) stay far inside `Decimal`'s range; checked arithmetic is the
//! second line of defence.
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind};
/// Prices: 10^-12 .. 10^12.
pub const MIN_PRICE: Decimal = Decimal::from_parts(1, 0, 0, false, 12);
pub const MAX_PRICE: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);
/// Sizes: 10^-12 .. 10^12 base units.
pub const MIN_SIZE: Decimal = MIN_PRICE;
pub const MAX_SIZE: Decimal = MAX_PRICE;
/// Wallet and margins: up to 10^15.
pub const MAX_MONEY: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// Leverage: above 0, up to 10,000.
pub const MAX_LEVERAGE: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
/// Beta of a market in a whole-market move: -100 .. 100.
pub const MAX_BETA: Decimal = Decimal::from_parts(100, 0, 0, false, 0);
pub const MAX_MARKETS: usize = 100;
pub const MAX_POSITIONS: usize = 1_000;

/// Checks `min ≤ value ≤ max`.
pub(crate) fn range(value: Decimal, min: Decimal, max: Decimal) -> Result<(), Error> {
    if value < min || value > max {
        if min.is_zero() && value.is_sign_negative() {
            return Err(Error::new("", ErrorKind::Negative { value }));
        }
        return Err(Error::new("", ErrorKind::OutOfRange { value, min, max }));
    }
    Ok(())
}

/// The value must be greater than zero.
pub(crate) fn positive(v: Decimal) -> Result<(), Error> {
    if v <= Decimal::ZERO {
        return Err(Error::new("", ErrorKind::NotPositive { value: v }));
    }
    Ok(())
}

/// A price must be positive and within the supported range.
pub fn price(v: Decimal) -> Result<(), Error> {
    positive(v)?;
    range(v, MIN_PRICE, MAX_PRICE)
}

/// A position size: positive, within `MIN_SIZE ..= MAX_SIZE`.
pub(crate) fn size(v: Decimal) -> Result<(), Error> {
    positive(v).and_then(|_| range(v, MIN_SIZE, MAX_SIZE))
}

/// A leverage: positive, at most `MAX_LEVERAGE`.
pub(crate) fn leverage(v: Decimal) -> Result<(), Error> {
    positive(v).and_then(|_| range(v, Decimal::ZERO, MAX_LEVERAGE))
}
