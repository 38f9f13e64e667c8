//! What the twin view shows: the book at the current prices under each margin
//! set-up (all cross, all isolated, as configured), and the verdict in words.
//! Pure and exact: every number here is a `Decimal` from the engine.
use margin_engine::book::{MarginMode, Side};
use margin_engine::line::Requirement;
use margin_engine::liquidation::{cross_prices, isolated_price, Bounds};
use margin_engine::state::evaluate;
use margin_engine::{compare, Book, Comparison, Decimal, Prices, Variant, Verdict};

use crate::format::{money, price};

#[derive(Debug, Clone, PartialEq)]
pub struct PosView {
    pub index: usize,
    pub market: usize,
    pub symbol: String,
    pub side: Side,
    pub isolated: bool,
    pub liquidated: bool,
    pub unrealized_pnl: Decimal,
    pub margin: Option<Decimal>,
    pub margin_ratio: Option<Decimal>,
    /// Isolated: its own liquidation price.
    pub liq_price: Option<Decimal>,
    /// Signed distance from the current price to the nearest liquidation price.
    pub distance: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CrossLiq {
    pub market: usize,
    pub symbol: String,
    pub bounds: Bounds,
    pub distance: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnView {
    pub account_value: Decimal,
    pub equity: Decimal,
    pub maintenance: Decimal,
    /// Cross account's ratio, or the worst isolated position's.
    pub margin_ratio: Option<Decimal>,
    pub has_cross: bool,
    pub cross_liquidated: bool,
    pub positions: Vec<PosView>,
    pub cross_liq: Vec<CrossLiq>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub variant: Variant,
    pub result: Result<ColumnView, String>,
}

impl Column {
    pub fn title(&self) -> &'static str {
        match self.variant {
            Variant::AllCross => "Cross",
            Variant::AllIsolated => "Isolated",
            Variant::AsConfigured => "As configured",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub columns: Vec<Column>,
    pub verdict: Option<Verdict>,
    pub verdict_text: String,
}

/// `BTCUSDT` → `BTC` when the symbol ends in the quote currency.
pub fn short(symbol: &str, quote: &str) -> String {
    symbol.strip_suffix(quote).filter(|s| !s.is_empty()).unwrap_or(symbol).to_owned()
}

/// Does the book mix cross and isolated positions?
pub fn is_mixed(book: &Book) -> bool {
    book.has_cross() && book.positions.iter().any(|p| p.mode == MarginMode::Isolated)
}

fn column(book: &Book, prices: &Prices) -> Result<ColumnView, margin_engine::Error> {
    let state = evaluate(book, prices)?;
    let mut cross_liq = Vec::new();
    for (m, market) in book.markets.iter().enumerate() {
        if let Some((_, bounds)) = cross_prices(book, prices, m, Requirement::Maintenance)? {
            let distance = bounds.nearest_distance(prices.get(m))?;
            cross_liq.push(CrossLiq { market: m, symbol: market.symbol.clone(), bounds, distance });
        }
    }
    let mut positions = Vec::with_capacity(book.positions.len());
    let (mut equity, mut maintenance) = (state.cross.equity, state.cross.maintenance_margin);
    let mut worst: Option<Decimal> = None;
    for (i, (p, ps)) in book.positions.iter().zip(&state.positions).enumerate() {
        let isolated = p.mode == MarginMode::Isolated;
        let (liq_price, distance) = if isolated {
            equity += ps.margin_balance.unwrap_or_default();
            maintenance += ps.maintenance_margin;
            let ratio = ps.margin_ratio.unwrap_or(Decimal::ONE_HUNDRED);
            worst = Some(worst.map_or(ratio, |w| w.max(ratio)));
            let lp = isolated_price(book, i, Requirement::Maintenance)?;
            let bounds = match (p.side, lp) {
                (Side::Long, Some(x)) => Bounds { down: Some(x), up: None },
                (Side::Short, Some(x)) => Bounds { down: None, up: Some(x) },
                _ => Bounds::default(),
            };
            (lp, bounds.nearest_distance(prices.get(p.market))?)
        } else {
            let d = cross_liq.iter().find(|c| c.market == p.market).and_then(|c| c.distance);
            (None, d)
        };
        positions.push(PosView {
            index: i,
            market: p.market,
            symbol: book.markets.get(p.market).map(|m| m.symbol.clone()).unwrap_or_default(),
            side: p.side,
            isolated,
            liquidated: if isolated { ps.liquidated } else { state.cross.liquidated },
            unrealized_pnl: ps.unrealized_pnl,
            margin: isolated.then_some(p.margin),
            margin_ratio: if isolated { ps.margin_ratio } else { state.cross.margin_ratio },
            liq_price,
            distance,
        });
    }
    let has_cross = book.has_cross();
    let margin_ratio = if has_cross {
        if state.cross.liquidated && state.cross.margin_ratio.is_none() {
            Some(Decimal::ONE_HUNDRED)
        } else {
            state.cross.margin_ratio
        }
    } else {
        worst
    };
    Ok(ColumnView {
        account_value: state.account_value,
        equity,
        maintenance,
        margin_ratio,
        has_cross,
        cross_liquidated: state.cross.liquidated,
        positions,
        cross_liq,
    })
}

/// The book at `prices` under each set-up; `selected` names the chart market
/// (its cross liquidation price goes into the verdict sentence).
pub fn analyse(book: &Book, prices: &Prices, selected: usize) -> Analysis {
    let mut variants = vec![Variant::AllCross, Variant::AllIsolated];
    if is_mixed(book) {
        variants.push(Variant::AsConfigured);
    }
    let columns: Vec<Column> = variants
        .into_iter()
        .map(|v| Column {
            variant: v,
            result: v.apply(book).and_then(|b| column(&b, prices)).map_err(|e| e.to_string()),
        })
        .collect();
    match compare(book, prices) {
        Ok(c) => {
            let cross_col = columns.first().and_then(|c| c.result.as_ref().ok());
            let text = verdict_text(book, &c, cross_col, selected);
            Analysis { columns, verdict: Some(c.verdict), verdict_text: text }
        }
        Err(e) => Analysis {
            columns,
            verdict: None,
            verdict_text: format!("No comparison: {e}. Only cross margin can hold this book."),
        },
    }
}

fn names(book: &Book, idx: &[usize]) -> String {
    let q = &book.quote;
    let mut list: Vec<String> = idx
        .iter()
        .filter_map(|&i| book.positions.get(i))
        .filter_map(|p| book.markets.get(p.market))
        .map(|m| short(&m.symbol, q))
        .collect();
    list.dedup();
    match list.len() {
        0 => "no".to_owned(),
        1 => format!("the {}", list.join("")),
        _ => {
            let last = list.pop().unwrap_or_default();
            format!("the {} and {last}", list.join(", "))
        }
    }
}

/// The verdict in plain words, with amounts.
pub fn verdict_text(book: &Book, c: &Comparison, cross: Option<&ColumnView>, selected: usize) -> String {
    let q = &book.quote;
    let (x, i) = (&c.all_cross, &c.all_isolated);
    let at = cross
        .and_then(|col| col.cross_liq.iter().find(|l| l.market == selected))
        .and_then(|l| {
            let sym = short(&l.symbol, q);
            match (l.bounds.down, l.bounds.up) {
                (Some(d), Some(u)) => Some(format!(" (cross liquidation prices along {sym}: {} and {})", price(d), price(u))),
                (Some(x), None) | (None, Some(x)) => Some(format!(" (cross liquidation price along {sym}: {})", price(x))),
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
            format!(
                "Cross: the whole {} account is liquidated{at}; {} remain. {iso}",
                money(x.cross_wallet, q),
                money(x.account_value, q)
            )
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn book() -> Book {
        Book::from_json(margin_engine::samples::default_json()).unwrap()
    }

    fn at(book: &Book, btc: &str) -> Prices {
        let mut p = book.marks();
        p.0[0] = Decimal::from_str(btc).unwrap();
        p
    }

    #[test]
    fn default_book_has_three_columns_and_no_liquidation_at_marks() {
        let b = book();
        let a = analyse(&b, &b.marks(), 0);
        assert_eq!(a.columns.len(), 3);
        assert_eq!(a.verdict, Some(Verdict::Neither));
        assert!(a.verdict_text.starts_with("No liquidation"), "{}", a.verdict_text);
    }

    #[test]
    fn verdict_text_names_amounts_when_btc_falls() {
        let b = book();
        for px in ["52000", "45000", "30000"] {
            let a = analyse(&b, &at(&b, px), 0);
            let text = &a.verdict_text;
            assert!(text.contains("USDT"), "{text}");
            if a.verdict == Some(Verdict::IsolatedLosesCrossSurvives) {
                assert!(text.contains("BTC position's 3,000.00 USDT margin is lost"), "{text}");
            }
            if a.verdict == Some(Verdict::CrossWipedIsolatedSurvives) {
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
