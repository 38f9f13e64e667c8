//! Share links: the scenario and the current prices in the URL hash,
//! `#v1=` + base64url(raw deflate(JSON)). Decoding never panics; every failure
//! is a typed error saying what was wrong (the engine's own for a bad
//! scenario; a `malformed` one naming no field for a damaged link).
use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use margin_engine::{Decimal, Error, ErrorKind, Scenario};
use serde::{Deserialize, Serialize};

/// The hash prefix of the current link format.
pub const PREFIX: &str = "#v1=";
/// Largest inflated payload accepted (a 1,000-position book fits easily).
const MAX_JSON: usize = 2 * 1024 * 1024;

/// What a link carries besides the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub scenario: Scenario,
    /// Base price per market symbol (markets not listed stay at their mark).
    pub prices: BTreeMap<String, Decimal>,
    /// Whole-market move in percent.
    pub market_move: Decimal,
}

impl Shared {
    /// A scenario with every price at its mark and no whole-market move.
    pub fn at_marks(scenario: Scenario) -> Shared {
        Shared {
            scenario,
            prices: BTreeMap::new(),
            market_move: Decimal::ZERO,
        }
    }

    /// This scenario and its prices as a `#v1=…` fragment.
    pub fn fragment(&self) -> String {
        encode(&self.scenario, &self.prices, self.market_move)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    scenario: serde_json::Value,
    #[serde(default)]
    prices: BTreeMap<String, String>,
    #[serde(default, rename = "move", skip_serializing_if = "Option::is_none")]
    market_move: Option<String>,
}

/// The link hash (`#v1=...`) for a scenario and prices.
pub fn encode(
    scenario: &Scenario,
    prices: &BTreeMap<String, Decimal>,
    market_move: Decimal,
) -> String {
    let wire = Wire {
        scenario: serde_json::to_value(scenario).unwrap_or(serde_json::Value::Null),
        prices: prices
            .iter()
            .map(|(k, v)| (k.clone(), crate::format::plain(*v)))
            .collect(),
        market_move: (!market_move.is_zero()).then(|| crate::format::plain(market_move)),
    };
    let json = serde_json::to_string(&wire).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A link that is not one: it concerns no field of the scenario.
fn damaged(message: impl Into<String>) -> Error {
    Error::new(
        "",
        ErrorKind::Malformed {
            message: message.into(),
        },
    )
}

/// Reads a link hash. `Ok(None)` when the hash holds no scenario at all.
pub fn decode(hash: &str) -> Result<Option<Shared>, Error> {
    let hash = hash.trim();
    if hash.is_empty() || hash == "#" {
        return Ok(None);
    }
    let tag = hash.trim_start_matches('#').split('=').next().unwrap_or("");
    let is_link = tag
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !is_link || !hash.contains('=') {
        // Some other fragment (an anchor): not a share link.
        return Ok(None);
    }
    let Some(body) = hash.strip_prefix(PREFIX) else {
        return Err(damaged(format!(
            "link format \"{tag}\" is not supported (this page reads links starting with {PREFIX})"
        )));
    };
    let packed = URL_SAFE_NO_PAD
        .decode(body.trim_end_matches('='))
        .map_err(|_| damaged("the link is damaged: its data is not valid base64url"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON)
        .map_err(|_| damaged("the link is damaged: its data does not decompress"))?;
    let text = String::from_utf8(json)
        .map_err(|_| damaged("the link is damaged: its data is not text"))?;
    let wire: Wire = serde_json::from_str(&text)
        .map_err(|e| damaged(format!("the link's data is malformed: {e}")))?;
    let scenario = Scenario::from_json(&wire.scenario.to_string())?;
    let mut prices = BTreeMap::new();
    for (symbol, p) in wire.prices {
        let v = crate::state::field::parse(&format!("prices.{symbol}"), &p)?;
        prices.insert(symbol, v);
    }
    let market_move = match wire.market_move {
        Some(m) => crate::state::field::parse("move", &m)?,
        None => Decimal::ZERO,
    };
    Ok(Some(Shared {
        scenario,
        prices,
        market_move,
    }))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    use crate::test_support::scenario as default_scenario;

    #[test]
    fn round_trips_scenario_prices_and_move() {
        let s = default_scenario();
        let mut prices = BTreeMap::new();
        prices.insert("BTCUSDT".to_owned(), Decimal::new(5_200_012, 2));
        let link = encode(&s, &prices, Decimal::new(-125, 1));
        assert!(link.starts_with(PREFIX));
        assert!(link.len() < 600, "compact: {} chars", link.len());
        let back = decode(&link).unwrap().unwrap();
        assert_eq!(back.scenario, s);
        assert_eq!(back.prices, prices);
        assert_eq!(back.market_move, Decimal::new(-125, 1));
    }

    #[test]
    fn empty_hash_is_no_link() {
        assert_eq!(decode("").unwrap(), None);
        assert_eq!(decode("#").unwrap(), None);
        assert_eq!(decode("#wbg_style=display-none").unwrap(), None);
        assert_eq!(decode("#how-it-works").unwrap(), None);
    }

    #[test]
    fn garbage_and_unknown_formats_say_what_is_wrong() {
        let e = decode("#v1=garbage").unwrap_err().to_string();
        assert!(e.contains("damaged"), "{e}");
        let e = decode("#v1=!!!").unwrap_err().to_string();
        assert!(e.contains("base64url"), "{e}");
        let e = decode("#v9=abc").unwrap_err().to_string();
        assert!(e.contains("\"v9\" is not supported"), "{e}");
        assert_eq!(decode("#v1=garbage").unwrap_err().kind.code(), "malformed");
    }

    #[test]
    fn a_version_1_link_opens_and_is_shared_again_as_version_2() {
        // A link written before version 2: the scenario says "version": 1.
        let json = margin_engine::samples::default_json();
        assert!(json.contains("\"version\": 1"));
        let wire = format!("{{\"scenario\":{json},\"prices\":{{\"BTCUSDT\":\"52000\"}}}}");
        let packed = miniz_oxide::deflate::compress_to_vec(wire.as_bytes(), 6);
        let old = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed));
        let opened = decode(&old).unwrap().unwrap();
        assert_eq!(opened.scenario.version, 2);
        assert_eq!(opened.prices["BTCUSDT"], Decimal::from(52_000));
        // The same book as the version-1 file read directly.
        let direct = margin_engine::Book::from_json(json).unwrap();
        assert_eq!(margin_engine::Book::new(&opened.scenario).unwrap(), direct);
        let again = decode(&opened.fragment()).unwrap().unwrap();
        assert_eq!(again.scenario, opened.scenario);
    }

    #[test]
    fn a_version_2_link_with_coins_round_trips() {
        let s = Scenario::from_json(margin_engine::samples::get("cash-and-carry").unwrap().json)
            .unwrap();
        let back = decode(&encode(&s, &BTreeMap::new(), Decimal::ZERO))
            .unwrap()
            .unwrap();
        assert_eq!(back.scenario, s);
        assert_eq!(
            back.scenario.assets[0].preset.as_deref(),
            Some("bybit-uta-btc-2025")
        );
    }

    #[test]
    fn outdated_scenario_version_gives_the_engine_message() {
        let json =
            margin_engine::samples::default_json().replacen("\"version\": 1", "\"version\": 7", 1);
        let wire = format!("{{\"scenario\":{json}}}");
        let packed = miniz_oxide::deflate::compress_to_vec(wire.as_bytes(), 6);
        let e = decode(&format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed)))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("version: scenario version 7 is not supported"),
            "{e}"
        );
    }
}
