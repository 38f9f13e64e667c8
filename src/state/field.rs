//! A value typed into a box, read exactly: the text stays as typed (so a
//! half-typed number stays on screen) and reading it names the field, in the
//! engine's terms (`positions[2].size`), when it is not a decimal.
//!
//! People type numbers the way exchanges print them, so reading forgives
//! what is unambiguous: spaces around, thousands separators between groups
//! of three digits ("25,000", "25 000"), a typographic minus ("−15"), and
//! for a leverage a trailing "x" ("20x"). Anything else ("25,5", "1e3", "٣")
//! is an error in words, never a guess. The scenario format itself (links,
//! files, the JS API) stays strict: this is only how a box is read.
use margin_engine::{Decimal, Error, ErrorKind};

fn malformed(field: &str, message: String) -> Error {
    Error::new(field, ErrorKind::Malformed { message })
}

/// `text` without what the reader forgives, or why it cannot be read.
fn forgive(field: &str, text: &str) -> Result<String, String> {
    let mut t = text.trim().replace('\u{2212}', "-");
    if field.ends_with("leverage") {
        if let Some(stripped) = t.strip_suffix(['x', 'X', '×']) {
            t = stripped.trim_end().to_owned();
        }
    }
    // Thousands separators: commas or spaces (also no-break and thin ones)
    // between groups of exactly three digits in the integer part.
    let is_sep = |c: char| matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '_');
    if !t.contains(is_sep) {
        return Ok(t);
    }
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t.as_str(), None),
    };
    let (sign, digits) = match int.strip_prefix(['-', '+']) {
        Some(rest) => (int.get(..1).unwrap_or(""), rest),
        None => ("", int),
    };
    let groups: Vec<&str> = digits.split(is_sep).collect();
    let all_digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let grouped = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && all_digits(g))
        && groups.iter().skip(1).all(|g| g.len() == 3 && all_digits(g));
    if !grouped || frac.is_some_and(|f| f.contains(is_sep)) {
        return Err(format!(
            "\"{text}\" is not a number: write decimals with a point (\"25.5\"), and separators only between groups of three digits (\"25,000\")"
        ));
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Ok(out)
}

/// The decimal typed into `field`, or the error naming it.
pub fn parse(field: &str, text: &str) -> Result<Decimal, Error> {
    let clean = forgive(field, text).map_err(|m| malformed(field, m))?;
    margin_engine::dec::parse(&clean).map_err(|message| {
        // The engine's message quotes the cleaned text; quote what was typed.
        malformed(
            field,
            message.replace(&format!("\"{clean}\""), &format!("\"{}\"", text.trim())),
        )
    })
}

/// An optional decimal: an empty box is `None`.
pub fn parse_optional(field: &str, text: &str) -> Result<Option<Decimal>, Error> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(field, text).map(Some)
    }
}

/// A relative move typed into a price box: "-15%", "+8 %", "−2.5%" → the
/// fraction (−0.15); `None` when the text is not a percentage.
pub fn relative_move(field: &str, text: &str) -> Option<Result<Decimal, Error>> {
    let t = text.trim();
    let number = t.strip_suffix('%')?;
    Some(
        parse(field, number.trim_end())
            .and_then(|p| {
                use margin_engine::num::Checked;
                p.over(Decimal::ONE_HUNDRED)
            })
            .map_err(|e| Error::new(field, e.kind)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(field: &str, s: &str) -> Option<Decimal> {
        parse(field, s).ok()
    }

    #[test]
    fn names_the_field() {
        assert_eq!(parse("wallet", "12.5").ok(), Some(Decimal::new(125, 1)));
        let e = parse("positions[0].size", "1x").err();
        assert_eq!(e.map(|e| e.field), Some("positions[0].size".to_owned()));
        assert_eq!(parse_optional("m", "  ").ok(), Some(None));
    }

    #[test]
    fn forgives_what_exchanges_print() {
        assert_eq!(ok("wallet", "25,000"), Some(Decimal::from(25_000)));
        assert_eq!(
            ok("wallet", " 25 000.50 "),
            Some(Decimal::new(2_500_050, 2))
        );
        assert_eq!(ok("wallet", "1,234,567"), Some(Decimal::from(1_234_567)));
        assert_eq!(ok("wallet", "−15"), Some(Decimal::from(-15)));
        assert_eq!(ok("wallet", "-1,000"), Some(Decimal::from(-1_000)));
        assert_eq!(ok("positions[3].leverage", "20x"), Some(Decimal::from(20)));
        assert_eq!(
            ok("positions[3].leverage", "12.5 X"),
            Some(Decimal::new(125, 1))
        );
        assert_eq!(ok("wallet", "3000 "), Some(Decimal::from(3_000)));
    }

    #[test]
    fn refuses_what_is_ambiguous_in_words() {
        for bad in [
            "25,5",
            "2,50,000",
            "1e3",
            "٣٠٠٠",
            "20x",
            "1,000.000,5",
            ",000",
            "1_0",
            "0x10",
        ] {
            let e = parse("wallet", bad);
            assert!(e.is_err(), "{bad} read as {e:?}");
        }
        let e = parse("wallet", "25,5")
            .err()
            .map(|e| e.reason())
            .unwrap_or_default();
        assert!(e.contains("\"25,5\""), "{e}");
        // The message quotes what was typed, not the cleaned text.
        let e = parse("wallet", "1,000x")
            .err()
            .map(|e| e.reason())
            .unwrap_or_default();
        assert!(e.contains("1,000x"), "{e}");
    }

    #[test]
    fn a_percentage_in_a_price_box_is_a_relative_move() {
        let f = "prices.BTCUSDT";
        assert_eq!(
            relative_move(f, "-15%").and_then(Result::ok),
            Some(Decimal::new(-15, 2))
        );
        assert_eq!(
            relative_move(f, " +8 % ").and_then(Result::ok),
            Some(Decimal::new(8, 2))
        );
        assert_eq!(
            relative_move(f, "−2.5%").and_then(Result::ok),
            Some(Decimal::new(-25, 3))
        );
        assert!(relative_move(f, "52000").is_none());
        assert!(relative_move(f, "abc%").is_some_and(|r| r.is_err()));
    }
}
