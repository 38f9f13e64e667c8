//! Display formatting of exact decimals: thousands separators, rounding for
//! display only (half away from zero), the quote currency.
use margin_engine::Decimal;
use rust_decimal::RoundingStrategy;

/// `1234567.891` → `"1,234,567.89"` (exactly `dp` decimals).
pub fn grouped(value: Decimal, dp: u32) -> String {
    let r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let negative = r.is_sign_negative() && !r.is_zero();
    let plain = format!("{:.*}", dp as usize, r.abs());
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
    if negative {
        out.push('−');
    }
    let n = int.len();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (n - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Money: 2 decimals and the quote currency, `"10,000.00 USDT"`.
pub fn money(value: Decimal, quote: &str) -> String {
    format!("{} {quote}", grouped(value, 2))
}

/// Decimals that show a price to about five significant digits (at least 2
/// below 1,000), never more than 8.
pub fn price_dp(value: Decimal) -> u32 {
    let a = value.abs();
    if a >= Decimal::ONE {
        let digits = a.trunc().to_string().len() as u32;
        if digits <= 3 {
            2
        } else {
            5u32.saturating_sub(digits)
        }
    } else if a.is_zero() {
        2
    } else {
        let mut zeros = 0u32;
        let mut x = a;
        while x < Decimal::new(1, 1) && zeros < 8 {
            x *= Decimal::TEN;
            zeros += 1;
        }
        (zeros + 5).min(8)
    }
}

/// A price with sensible precision and separators, `"50,487"`, `"3,012.4"`, `"150.25"`.
pub fn price(value: Decimal) -> String {
    grouped(value, price_dp(value))
}

/// A signed fraction as a percentage with one decimal: `-0.1584` → `"−15.8 %"`.
pub fn percent(fraction: Decimal) -> String {
    let p = fraction * Decimal::ONE_HUNDRED;
    let s = grouped(p, 1);
    if p > Decimal::ZERO && s != "0.0" {
        format!("+{s} %")
    } else {
        format!("{s} %")
    }
}

/// A plain exact decimal for an input box: shortest form, no separators.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn groups_thousands_and_rounds_half_away_from_zero() {
        assert_eq!(grouped(d("1234567.891"), 2), "1,234,567.89");
        assert_eq!(grouped(d("999.995"), 2), "1,000.00");
        assert_eq!(grouped(d("-1234.005"), 2), "−1,234.01");
        assert_eq!(grouped(d("0"), 2), "0.00");
        assert_eq!(grouped(d("-0.001"), 2), "0.00");
        assert_eq!(grouped(d("100"), 0), "100");
        assert_eq!(grouped(d("100000"), 0), "100,000");
    }

    #[test]
    fn money_has_two_decimals_and_the_quote() {
        assert_eq!(money(d("10000"), "USDT"), "10,000.00 USDT");
        assert_eq!(money(d("7000.5"), "USDT"), "7,000.50 USDT");
        assert_eq!(money(d("-3000"), "USDC"), "−3,000.00 USDC");
    }

    #[test]
    fn prices_keep_about_five_significant_digits() {
        assert_eq!(price(d("50487.35")), "50,487");
        assert_eq!(price(d("3012.44")), "3,012.4");
        assert_eq!(price(d("150.254")), "150.25");
        assert_eq!(price(d("1.5")), "1.50");
        assert_eq!(price(d("0.012345")), "0.012345");
        assert_eq!(price(d("123456789")), "123,456,789");
    }

    #[test]
    fn percent_is_signed_with_one_decimal() {
        assert_eq!(percent(d("-0.1584")), "−15.8 %");
        assert_eq!(percent(d("0.25")), "+25.0 %");
        assert_eq!(percent(d("0")), "0.0 %");
    }

    #[test]
    fn plain_is_exact_and_short() {
        assert_eq!(plain(d("52000.000")), "52000");
        assert_eq!(plain(d("0.10")), "0.1");
    }
}
