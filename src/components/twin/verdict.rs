//! The verdict in plain words, with the engine's amounts, and its banner.
//! The words are the page's; every number in them comes from the engine's
//! comparison and liquidation prices.
use margin_engine::{Book, Bounds, Comparison, Verdict};
use yew::prelude::*;

use crate::format::{money, price, short};

/// The positions' markets in words: "the BTC", "the BTC and ETH".
fn names(book: &Book, idx: &[usize]) -> String {
    let q = book.quote();
    let mut list: Vec<String> = idx
        .iter()
        .filter_map(|&i| book.positions().get(i))
        .filter_map(|p| book.markets().get(p.market))
        .map(|m| short(&m.symbol, q))
        .collect();
    list.dedup();
    match list.split_last() {
        None => "no".to_owned(),
        Some((only, [])) => format!("the {only}"),
        Some((last, rest)) => format!("the {} and {last}", rest.join(", ")),
    }
}

/// The verdict sentence. `along` is the all-cross account's liquidation
/// prices along the market the chart follows (its symbol and bounds).
pub fn verdict_text(book: &Book, c: &Comparison, along: Option<(&str, Bounds)>) -> String {
    let q = book.quote();
    let (x, i) = (&c.all_cross, &c.all_isolated);
    let at = along
        .and_then(|(symbol, b)| {
            let sym = short(symbol, q);
            match (b.down, b.up) {
                (Some(d), Some(u)) => Some(format!(
                    " (cross liquidation prices along {sym}: {} and {})",
                    price(d),
                    price(u)
                )),
                (Some(x), None) | (None, Some(x)) => Some(format!(
                    " (cross liquidation price along {sym}: {})",
                    price(x)
                )),
                (None, None) => None,
            }
        })
        .unwrap_or_default();
    let plural = |n: usize| if n == 1 { "position's" } else { "positions'" };
    let iso_part = || {
        let n = i.liquidated_positions.len();
        format!(
            "Isolated: only {} {} {} margin is lost; {} remain.",
            names(book, &i.liquidated_positions),
            plural(n),
            money(i.isolated_margin_lost, q),
            money(i.account_value, q)
        )
    };
    match c.verdict {
        Verdict::Neither => format!(
            "No liquidation at these prices. Cross: account value {}{at}. Isolated: account value {}.",
            money(x.account_value, q),
            money(i.account_value, q)
        ),
        Verdict::CrossWipedIsolatedSurvives => {
            let iso = if i.liquidated_positions.is_empty() {
                format!("Isolated: no position is liquidated; {} remain.", money(i.account_value, q))
            } else {
                iso_part()
            };
            format!("Cross: the whole {} account is liquidated{at}; {} remain. {iso}", money(x.cross_wallet, q), money(x.account_value, q))
        }
        Verdict::IsolatedLosesCrossSurvives => format!(
            "{} Cross: the shared collateral keeps every position open; account value {}{at}.",
            iso_part(),
            money(x.account_value, q)
        ),
        Verdict::Both => format!(
            "Both are wiped out. Cross: the whole {} account is liquidated{at}. Isolated: every position's margin ({}) is lost; {} remain.",
            money(x.cross_wallet, q),
            money(i.isolated_margin_lost, q),
            money(i.account_value, q)
        ),
    }
}

/// CSS class of a verdict.
fn class(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Neither) => "neither",
        Some(Verdict::CrossWipedIsolatedSurvives) => "isolated-better",
        Some(Verdict::IsolatedLosesCrossSurvives) => "cross-better",
        Some(Verdict::Both) => "both",
        None => "none",
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub verdict: Option<Verdict>,
    pub text: AttrValue,
}

#[function_component(VerdictBanner)]
pub fn verdict_banner(p: &Props) -> Html {
    html! {
        <p class={classes!("verdict", class(p.verdict))} data-testid="verdict" data-verdict={p.verdict.map(Verdict::name).unwrap_or_default()}>
            { p.text.clone() }
        </p>
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use margin_engine::{Boundary, Decimal, MarginMode, Prices};
    use std::str::FromStr;

    use crate::test_support::book;

    fn at(book: &Book, btc: &str) -> Prices {
        let mut p = book.marks();
        p.0[0] = Decimal::from_str(btc).unwrap();
        p
    }

    fn text(b: &Book, prices: &Prices) -> (Verdict, String) {
        let c = b.compare(prices).unwrap();
        let cross = b.with_all(MarginMode::Cross).unwrap();
        let along = cross
            .cross_liquidation(prices, 0, Boundary::Liquidation)
            .unwrap()
            .map(|x| ("BTCUSDT", x.bounds));
        (c.verdict, verdict_text(b, &c, along))
    }

    #[test]
    fn no_liquidation_at_the_marks() {
        let b = book();
        let (v, t) = text(&b, &b.marks());
        assert_eq!(v, Verdict::Neither);
        assert!(t.starts_with("No liquidation"), "{t}");
        assert!(
            t.contains("cross liquidation price along BTC: 50,487"),
            "{t}"
        );
    }

    #[test]
    fn verdict_text_names_amounts_when_btc_falls() {
        let b = book();
        for px in ["52000", "45000", "30000"] {
            let (v, text) = text(&b, &at(&b, px));
            assert!(text.contains("USDT"), "{text}");
            if v == Verdict::IsolatedLosesCrossSurvives {
                assert!(
                    text.contains("BTC position's 3,000.00 USDT margin is lost"),
                    "{text}"
                );
            }
            if v == Verdict::CrossWipedIsolatedSurvives {
                assert!(text.contains("whole 10,000.00 USDT account"), "{text}");
            }
        }
    }

    #[test]
    fn short_symbol_drops_the_quote() {
        assert_eq!(short("BTCUSDT", "USDT"), "BTC");
        assert_eq!(short("USDT", "USDT"), "USDT");
        assert_eq!(short("ETH-PERP", "USDT"), "ETH-PERP");
    }
}
