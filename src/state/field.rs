//! A value typed into a box, read exactly: the text stays as typed (so a
//! half-typed number stays on screen) and reading it names the field, in the
//! engine's terms (`positions[2].size`), when it is not a decimal.
use margin_engine::{Decimal, Error, ErrorKind};

/// The decimal typed into `field`, or the error naming it.
pub fn parse(field: &str, text: &str) -> Result<Decimal, Error> {
    margin_engine::dec::parse(text)
        .map_err(|message| Error::new(field, ErrorKind::Malformed { message }))
}

/// An optional decimal: an empty box is `None`.
pub fn parse_optional(field: &str, text: &str) -> Result<Option<Decimal>, Error> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(field, text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_field() {
        assert_eq!(parse("wallet", "12.5").ok(), Some(Decimal::new(125, 1)));
        let e = parse("positions[0].size", "1x").err();
        assert_eq!(e.map(|e| e.field), Some("positions[0].size".to_owned()));
        assert_eq!(parse_optional("m", "  ").ok(), Some(None));
    }
}
