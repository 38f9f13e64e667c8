//! What the account's collateral is worth at the prices in use, and the
//! third comparison in words: the same book with its coins' starting value
//! held in stablecoins ("the BTC you posted as margin falls with your long:
//! liquidation at X instead of Y"). Every number comes from the engine
//! (`Book::assets_at`, `Book::funding_comparison`).
use margin_engine::{Bounds, Decimal, FundingComparison, Prices};
use yew::prelude::*;

use crate::format::{distance, grouped, money, price};
use crate::hooks::results::Results;

/// One asset, as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetLine {
    pub name: String,
    pub units: String,
    pub price: String,
    pub balance: String,
    pub counts: String,
}

/// The panel's display data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    pub assets: Vec<AssetLine>,
    pub sentences: Vec<String>,
}

/// The book holds more than a stablecoin wallet counted in full.
pub fn shown(r: &Results) -> bool {
    let c = r.analyzer.book().collateral();
    c.assets.len() > 1 || !c.is_simple()
}

pub fn model(r: &Results) -> Model {
    let book = r.analyzer.book();
    let prices = r.prices();
    let quote = book.quote();
    let assets = match book.assets_at(prices) {
        Ok(a) => a
            .into_iter()
            .map(|a| AssetLine {
                units: units_line(&a),
                price: price(a.price),
                balance: money(a.balance, quote),
                counts: money(a.margin_value, quote),
                name: a.asset,
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    let funding = r.stable.as_ref().and_then(|s| {
        r.analyzer
            .funding_from(&r.snapshot, &s.snapshot)
            .ok()
            .flatten()
    });
    let sentences = match funding {
        Some(f) => sentences(&f, prices, book, quote),
        None => Vec::new(),
    };
    Model { assets, sentences }
}

/// The units, and what of them is a loan's interest or came from the
/// auto-exchange (the units already hold both; the note says how much).
fn units_line(a: &margin_engine::AssetState) -> String {
    let units = |x: Decimal| grouped(x, crate::format::price_dp(x).max(2));
    let mut notes = Vec::new();
    if let Some(i) = a.interest {
        notes.push(format!("interest {}", units(i)));
    }
    if let Some(x) = a.exchanged {
        let what = if x.is_sign_negative() {
            "sold"
        } else {
            "repaid"
        };
        notes.push(format!("auto-exchange: {what} {}", units(x.abs())));
    }
    if notes.is_empty() {
        units(a.units)
    } else {
        format!("{} ({})", units(a.units), notes.join("; "))
    }
}

/// "BTC" / "BTC and ETH", with the verb's number.
fn coins_words(coins: &[String]) -> (String, &'static str) {
    match coins {
        [one] => (one.clone(), "falls"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "fall"),
        [] => (String::new(), "falls"),
    }
}

fn at(p: Decimal, now: Decimal) -> String {
    let d = p
        .checked_sub(now)
        .and_then(|x| x.checked_div(now))
        .map(distance)
        .unwrap_or_default();
    format!("{} ({d})", price(p))
}

fn sentences(
    f: &FundingComparison,
    prices: &Prices,
    book: &margin_engine::Book,
    quote: &str,
) -> Vec<String> {
    let (coins, falls) = coins_words(&f.coins);
    let stable = grouped(f.stable_value, 2);
    match (f.liquidated_with_coins, f.liquidated_in_stablecoins) {
        (true, true) => {
            return vec![format!(
                "At these prices the cross account is liquidated whether it holds the {coins} or the same {stable} in {quote}."
            )]
        }
        (true, false) => {
            return vec![format!(
                "At these prices the cross account funded by the {coins} is liquidated; the same {stable} in {quote} would still stand."
            )]
        }
        (false, true) => {
            return vec![format!(
                "At these prices the {coins} keep the cross account open; the same {stable} in {quote} would have been liquidated."
            )]
        }
        (false, false) => {}
    }
    let mut out = Vec::new();
    for m in &f.markets {
        let Some(k) = book.market_index(&m.market) else {
            continue;
        };
        let Ok(now) = prices.get(k) else { continue };
        let sym = &m.market;
        // The coins that move with this market; when none does, the gap
        // comes from how the coins count (a haircut), not from their moves.
        let own = coins_words(&m.coins);
        let (mine, falls) = if m.coins.is_empty() {
            (coins.clone(), falls)
        } else {
            own
        };
        for down in [true, false] {
            let Some((c, u)) = direction(&m.with_coins, &m.in_stablecoins, down) else {
                continue;
            };
            let line = match (down, c, u, m.coins.is_empty()) {
                (_, Some(c), Some(u), true) => format!(
                    "With the {mine} as margin the cross account goes at {sym} {} instead of {} with the same {stable} in {quote}.",
                    at(c, now), at(u, now)
                ),
                (true, Some(c), Some(u), false) if c > u => format!(
                    "The {mine} you posted as margin {falls} with {sym}: the cross account is liquidated at {sym} {} instead of {} with the same {stable} in {quote}.",
                    at(c, now), at(u, now)
                ),
                (true, Some(c), Some(u), false) => format!(
                    "Falling, the {mine} still cushion the book: liquidated at {sym} {} instead of {} with the same {stable} in {quote}.",
                    at(c, now), at(u, now)
                ),
                (true, Some(c), None, _) => format!(
                    "The {mine} you posted as margin {falls} with {sym}: the cross account is liquidated at {sym} {}; with the same {stable} in {quote} no fall of {sym} alone would liquidate it.",
                    at(c, now)
                ),
                (true, None, Some(u), _) => format!(
                    "The {mine} carry the book down: no fall of {sym} alone liquidates it, while the same {stable} in {quote} would go at {}.",
                    at(u, now)
                ),
                (false, Some(c), Some(u), false) if c < u => format!(
                    "On a rise of {sym} the haircut bites: the coins gain less than the shorts lose, and the account goes at {sym} {} instead of {} with the same {stable} in {quote}.",
                    at(c, now), at(u, now)
                ),
                (false, Some(c), Some(u), false) => format!(
                    "On a rise of {sym} the {mine} gain with the shorts' loss: the account goes at {sym} {} instead of {} with the same {stable} in {quote}.",
                    at(c, now), at(u, now)
                ),
                (false, Some(c), None, _) => format!(
                    "On a rise of {sym} the account goes at {} with the {mine}; with the same {stable} in {quote} no rise of {sym} alone would liquidate it.",
                    at(c, now)
                ),
                (false, None, Some(u), _) => format!(
                    "The {mine} rise with {sym} and carry the shorts: no rise alone liquidates the account, while the same {stable} in {quote} would go at {}.",
                    at(u, now)
                ),
                _ => String::new(),
            };
            out.push(line);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The two fundings' boundaries in one direction, when they differ.
fn direction(
    coins: &Bounds,
    stable: &Bounds,
    down: bool,
) -> Option<(Option<Decimal>, Option<Decimal>)> {
    let (c, u) = if down {
        (coins.down, stable.down)
    } else {
        (coins.up, stable.up)
    };
    (c != u).then_some((c, u))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// `None`: the book holds only a stablecoin wallet (nothing shown).
    pub model: Option<Model>,
}

#[function_component(CollateralPanel)]
pub fn collateral_panel(p: &Props) -> Html {
    let Some(m) = &p.model else {
        return html! {};
    };
    html! {
        <section class="card collateral" aria-labelledby="collateral-h" data-testid="collateral-panel">
            <h2 id="collateral-h">{ "Collateral at these prices" }</h2>
            <table class="assets-table">
                <thead><tr>
                    <th scope="col">{ "Asset" }</th><th scope="col">{ "Held (cross)" }</th><th scope="col">{ "Price" }</th>
                    <th scope="col">{ "Balance with PnL" }</th><th scope="col">{ "Counts as margin" }</th>
                </tr></thead>
                <tbody>
                    { for m.assets.iter().map(|a| html! {
                        <tr data-testid="asset-line">
                            <th scope="row">{ a.name.clone() }</th>
                            <td data-label="Held">{ a.units.clone() }</td>
                            <td data-label="Price">{ a.price.clone() }</td>
                            <td data-label="Balance">{ a.balance.clone() }</td>
                            <td data-label="Counts">{ a.counts.clone() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            { for m.sentences.iter().map(|s| html! { <p class="funding" data-testid="funding-words">{ s.clone() }</p> }) }
        </section>
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use margin_engine::{Analyzer, Book};
    use std::rc::Rc;

    fn results(id: &str) -> Results {
        results_of(Book::from_json(margin_engine::samples::get(id).unwrap().json).unwrap())
    }

    /// What `use_results` builds for `book` at its marks.
    fn results_of(book: Book) -> Results {
        let stable = book.holds_market_coins().unwrap().then(|| {
            let sa = Analyzer::new(book.in_stablecoins().unwrap()).unwrap();
            let snapshot = Rc::new(sa.snapshot(&book.marks(), None).unwrap());
            crate::hooks::results::Stable {
                analyzer: Rc::new(sa),
                snapshot,
            }
        });
        let a = Analyzer::new(book).unwrap();
        let s = a.snapshot(&a.book().marks(), None).unwrap();
        Results {
            analyzer: Rc::new(a),
            snapshot: Rc::new(s),
            generation: 1,
            stable,
        }
    }

    #[test]
    fn a_long_backed_by_its_coin_says_where_each_funding_goes() {
        let r = results("same-coin-long");
        assert!(shown(&r));
        let m = model(&r);
        assert_eq!(m.assets.len(), 2);
        assert_eq!(m.assets[1].name, "BTC");
        assert_eq!(m.assets[1].counts, "57,000.00 USDT");
        assert_eq!(m.sentences.len(), 1, "{:?}", m.sentences);
        let s = &m.sentences[0];
        assert!(
            s.starts_with("The BTC you posted as margin falls with BTCUSDT"),
            "{s}"
        );
        assert!(
            s.contains("40,663")
                && s.contains("33,504")
                && s.contains("the same 60,000.00 in USDT"),
            "{s}"
        );
    }

    #[test]
    fn a_cash_and_carry_says_the_haircut_bites_on_a_rise() {
        let m = model(&results("cash-and-carry"));
        assert_eq!(m.sentences.len(), 1, "{:?}", m.sentences);
        assert!(
            m.sentences[0].starts_with("On a rise of BTCUSDT the haircut bites"),
            "{}",
            m.sentences[0]
        );
        assert!(m.sentences[0].contains("109,634") && m.sentences[0].contains("120,406"));
    }

    #[test]
    fn each_market_names_only_the_coins_that_follow_it() {
        let mut v: serde_json::Value =
            serde_json::from_str(margin_engine::samples::get("same-coin-long").unwrap().json)
                .unwrap();
        v["assets"].as_array_mut().unwrap().push(
            serde_json::json!({"asset": "ETH", "amount": "1", "price": {"market": "ETHUSDT"}}),
        );
        let r = results_of(Book::from_json(&v.to_string()).unwrap());
        let m = model(&r);
        assert!(
            m.sentences[0].starts_with("The BTC you posted as margin falls with BTCUSDT"),
            "{:?}",
            m.sentences
        );
        // (ETH alone liquidates neither funding: no sentence for it.)
        assert_eq!(m.sentences.len(), 1, "{:?}", m.sentences);
        assert!(m.sentences.iter().all(|s| !s.contains("BTC and ETH")));
    }

    #[test]
    fn a_version_1_book_shows_no_panel() {
        assert!(!shown(&results("default")));
    }
}
