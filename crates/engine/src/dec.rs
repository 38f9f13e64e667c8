//! Decimals on the wire: always strings ("60000.5"), never JSON numbers.
//!
//! A JSON number such as `0.30000000000000004` or a 20-digit price is
//! silently rounded by the default f64 path. We therefore read decimals from
//! strings with `Decimal::from_str_exact` (which refuses to round), accept
//! integers (they are exact in JSON and convenient from JavaScript), and reject
//! fractional numbers with a message that says how to write them. We write
//! decimals as normalized strings (no trailing zeros).
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decimal written as a string, such as \"60000.5\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // serde-wasm-bindgen hands every JS number over as f64; whole numbers
        // within 2^53 are exact and safe to take.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if v.fract() == 0.0 && v.abs() <= EXACT {
            if let Ok(d) = Decimal::from_str(&format!("{v:.0}")) {
                return Ok(d);
            }
        }
        Err(E::custom(format!(
            "the number {v} must be written as a string (\"{v}\"): a JSON number can lose digits"
        )))
    }
}

/// Parses a decimal string exactly, with a message naming what is wrong.
pub fn parse(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("expected a decimal, got an empty string".to_owned());
    }
    if t.len() != s.len() {
        return Err(format!("\"{s}\" has spaces around it"));
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(format!(
            "\"{s}\" is not a decimal number (digits and one '.' only)"
        ));
    }
    Decimal::from_str_exact(t).map_err(|e| match e {
        rust_decimal::Error::Underflow | rust_decimal::Error::ExceedsMaximumPossibleValue => {
            format!("\"{s}\" has more digits than the 28 an exact decimal can hold")
        }
        _ => format!("\"{s}\" is not a decimal number"),
    })
}

/// Serializes a decimal as its shortest exact string.
pub fn to_string(d: &Decimal) -> String {
    d.normalize().to_string()
}

/// `#[serde(with = "dec::string")]` for a `Decimal`.
pub mod string {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_string(d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}

/// `#[serde(with = "dec::option")]` for an `Option<Decimal>` (null or absent = None).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&to_string(d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        struct OptVisitor;
        impl<'de> Visitor<'de> for OptVisitor {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal written as a string, or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(DecimalVisitor).map(Some)
            }
        }
        d.deserialize_option(OptVisitor)
    }
}

/// `serialize_with = "dec::vec"` for a `Vec<Decimal>`.
pub fn vec<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(to_string))
}

/// `serialize_with = "dec::vec_option"` for a `Vec<Option<Decimal>>`.
pub fn vec_option<S: Serializer>(v: &[Option<Decimal>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|d| d.as_ref().map(to_string)))
}

/// A decimal that serializes as a string; for maps and other containers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec(pub Decimal);

impl serde::Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        string::serialize(&self.0, s)
    }
}

impl<'de> serde::Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        string::deserialize(d).map(Dec)
    }
}
