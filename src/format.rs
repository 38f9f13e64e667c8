//! Display formatting: exact decimals with thousands separators (rounded for
//! display only, half away from zero), the quote currency, the names of the
//! margin set-ups, and HTML escaping for the few strings built as markup.
use margin_engine::num::Checked;
use margin_engine::{Book, Decimal, Variant};
use rust_decimal::RoundingStrategy;

/// The set-ups the page shows, in order: the book as configured first when
/// it mixes both modes (the user's own book leads; otherwise it equals one
/// of the others), then cross and isolated.
pub fn shown_variants(book: &Book) -> Vec<Variant> {
    if book.is_mixed() {
        vec![
            Variant::AsConfigured,
            Variant::AllCross,
            Variant::AllIsolated,
        ]
    } else {
        vec![Variant::AllCross, Variant::AllIsolated]
    }
}

/// A set-up's title: "Cross", "Isolated", "As configured".
pub fn variant_title(v: Variant) -> &'static str {
    match v {
        Variant::AllCross => "Cross",
        Variant::AllIsolated => "Isolated",
        Variant::AsConfigured => "As configured",
    }
}

/// What a set-up means, in one line under its title.
pub fn variant_note(v: Variant) -> &'static str {
    match v {
        Variant::AllCross => {
            "Every position in cross: one shared wallet backs them all, and can all go at once."
        }
        Variant::AllIsolated => {
            "Every position isolated: each has only its own margin, and loses at most that."
        }
        Variant::AsConfigured => "Your book: each position in the margin mode you chose.",
    }
}

/// A set-up's key in class names and test ids: "cross", "isolated", "configured".
pub fn variant_key(v: Variant) -> &'static str {
    match v {
        Variant::AllCross => "cross",
        Variant::AllIsolated => "isolated",
        Variant::AsConfigured => "configured",
    }
}

/// `BTCUSDT` → `BTC` when the symbol ends in the quote currency.
pub fn short(symbol: &str, quote: &str) -> String {
    symbol
        .strip_suffix(quote)
        .filter(|s| !s.is_empty())
        .unwrap_or(symbol)
        .to_owned()
}

/// Escapes text for an HTML attribute or text node.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
}

/// `1234567.891` → `"1,234,567.89"` (exactly `dp` decimals).
pub fn grouped(value: Decimal, dp: u32) -> String {
    let r = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let negative = r.is_sign_negative() && !r.is_zero();
    let plain = format!("{:.*}", dp as usize, r.abs());
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::with_capacity(plain.len().saturating_mul(2));
    if negative {
        out.push('−');
    }
    let n = int.len();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && n.saturating_sub(k) % 3 == 0 {
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
        let digits = u32::try_from(a.trunc().to_string().len()).unwrap_or(u32::MAX);
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
            x = x.times(Decimal::TEN).unwrap_or(Decimal::ONE);
            zeros = zeros.saturating_add(1);
        }
        zeros.saturating_add(5).min(8)
    }
}

/// A price with sensible precision and separators, `"50,487"`, `"3,012.4"`, `"150.25"`.
pub fn price(value: Decimal) -> String {
    grouped(value, price_dp(value))
}

/// A signed fraction as a percentage with one decimal: `-0.1584` → `"−15.8 %"`.
pub fn percent(fraction: Decimal) -> String {
    let Ok(p) = fraction.times(Decimal::ONE_HUNDRED) else {
        return "—".to_owned();
    };
    let s = grouped(p, 1);
    if p > Decimal::ZERO && s != "0.0" {
        format!("+{s} %")
    } else {
        format!("{s} %")
    }
}

/// A distance to liquidation: a percentage within a sane range, words
/// beyond it (a price that would have to rise elevenfold is out of reach,
/// and "+14,037,518.5 %" says nothing more).
pub fn distance(fraction: Decimal) -> String {
    if fraction > Decimal::TEN {
        "beyond +1,000 % (out of reach)".to_owned()
    } else {
        percent(fraction)
    }
}

/// An engine field path in words with 1-based numbers:
/// `positions[3].size` → "Row 4, size"; `markets[0].tiers[2].mmr` →
/// "Market 1, tier 3, mmr"; `prices.BTCUSDT` → "BTCUSDT price".
pub fn field_words(field: &str) -> String {
    if let Some(sym) = field.strip_prefix("prices.") {
        return format!("{sym} price");
    }
    let mut out: Vec<String> = Vec::new();
    for part in field.split('.') {
        match part.split_once('[') {
            Some((name, rest)) => {
                let index = rest
                    .trim_end_matches(']')
                    .parse::<usize>()
                    .map(|i| i.saturating_add(1).to_string())
                    .unwrap_or_else(|_| rest.trim_end_matches(']').to_owned());
                let word = match name {
                    "positions" => "Row",
                    "markets" => "Market",
                    "assets" => "Collateral",
                    "tiers" => "tier",
                    "path" => "Sample",
                    other => other,
                };
                out.push(format!("{word} {index}"));
            }
            None => out.push(part.replace('_', " ")),
        }
    }
    let mut text = out.join(", ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

/// A plain exact decimal for an input box: shortest form, no separators.
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
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
    fn distances_out_of_reach_are_words() {
        assert_eq!(distance(d("140375.185")), "beyond +1,000 % (out of reach)");
        assert_eq!(distance(d("9.5")), "+950.0 %");
        assert_eq!(distance(d("-0.999")), "−99.9 %");
    }

    #[test]
    fn fields_in_words_count_from_one() {
        assert_eq!(field_words("positions[3].size"), "Row 4, size");
        assert_eq!(
            field_words("markets[0].tiers[2].mmr"),
            "Market 1, tier 3, mmr"
        );
        assert_eq!(field_words("prices.BTCUSDT"), "BTCUSDT price");
        assert_eq!(field_words("wallet"), "Wallet");
        assert_eq!(field_words("assets[1].amount"), "Collateral 2, amount");
        assert_eq!(field_words("market_move"), "Market move");
        assert_eq!(field_words(""), "");
    }

    #[test]
    fn plain_is_exact_and_short() {
        assert_eq!(plain(d("52000.000")), "52000");
        assert_eq!(plain(d("0.10")), "0.1");
    }
}
