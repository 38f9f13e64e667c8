//! The positions and results table as CSV: one row per position per margin
//! set-up (cross, isolated, as configured), the figures the page shows, every
//! decimal exact as its plain string. Pure.
use margin_engine::book::Side;
use margin_engine::{Book, Decimal};

use crate::analysis::Analysis;
use crate::format::plain;

pub const HEADER: &[&str] = &[
    "variant",
    "position",
    "market",
    "side",
    "mode",
    "size",
    "entry",
    "leverage",
    "price",
    "isolated_margin",
    "unrealized_pnl",
    "status",
    "liquidation_price",
    "distance",
    "margin_ratio",
    "account_value",
    "equity",
    "maintenance_margin",
    "verdict",
    "note",
];

/// Quotes a field when it holds a comma, quote or line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn opt(v: Option<Decimal>) -> String {
    v.map(plain).unwrap_or_default()
}

fn line(cells: &[String]) -> String {
    let mut s = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    s.push_str("\r\n");
    s
}

/// The CSV text (header row first, CRLF line ends as RFC 4180 has them).
pub fn build(book: &Book, prices: &[Decimal], analysis: &Analysis, verdict_code: &str) -> String {
    let mut out = line(&HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    for col in &analysis.columns {
        let variant = col.title().to_lowercase().replace(' ', "_");
        for (i, p) in book.positions.iter().enumerate() {
            let symbol = book.markets.get(p.market).map(|m| m.symbol.clone()).unwrap_or_default();
            let price = prices.get(p.market).copied().map(plain).unwrap_or_default();
            let side = if p.side == Side::Long { "long" } else { "short" };
            let base = vec![variant.clone(), (i + 1).to_string(), symbol.clone(), side.to_owned()];
            let row = match &col.result {
                Ok(v) => {
                    let pv = v.positions.iter().find(|x| x.index == i);
                    let isolated = pv.is_some_and(|x| x.isolated);
                    let liq = if isolated {
                        opt(pv.and_then(|x| x.liq_price))
                    } else {
                        v.cross_liq
                            .iter()
                            .find(|c| c.market == p.market)
                            .map(|c| {
                                [c.bounds.down, c.bounds.up].iter().flatten().map(|d| plain(*d)).collect::<Vec<_>>().join(" / ")
                            })
                            .unwrap_or_default()
                    };
                    let status = if pv.is_some_and(|x| x.liquidated) { "liquidated" } else { "open" };
                    let mut r = base;
                    r.extend([
                        if isolated { "isolated" } else { "cross" }.to_owned(),
                        plain(p.size),
                        plain(p.entry),
                        plain(p.leverage),
                        price,
                        opt(pv.and_then(|x| x.margin)),
                        opt(pv.map(|x| x.unrealized_pnl)),
                        status.to_owned(),
                        liq,
                        opt(pv.and_then(|x| x.distance)),
                        opt(pv.and_then(|x| x.margin_ratio)),
                        plain(v.account_value),
                        plain(v.equity),
                        plain(v.maintenance),
                        verdict_code.to_owned(),
                        String::new(),
                    ]);
                    r
                }
                Err(e) => {
                    let mut r = base;
                    r.extend([String::new(), plain(p.size), plain(p.entry), plain(p.leverage), price]);
                    r.extend(std::iter::repeat_n(String::new(), 9));
                    r.extend([verdict_code.to_owned(), format!("not available: {e}")]);
                    r
                }
            };
            out.push_str(&line(&row));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use margin_engine::{Prices, Scenario};

    fn book() -> Book {
        let s = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
        Book::new(&s).unwrap()
    }

    #[test]
    fn header_and_one_row_per_position_per_variant() {
        let b = book();
        let prices = b.marks();
        let a = crate::analysis::analyse(&b, &prices, 0);
        let csv = build(&b, &prices.0, &a, "neither");
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(lines.len(), 1 + b.positions.len() * a.columns.len());
        for l in &lines[1..] {
            assert_eq!(l.split(',').count(), HEADER.len(), "{l}");
        }
        assert!(lines[1].starts_with("cross,1,BTCUSDT,long,cross,"), "{}", lines[1]);
        let iso = lines.iter().find(|l| l.starts_with("isolated,1,")).unwrap();
        assert!(iso.contains(",isolated,") && iso.contains(",open,"), "{iso}");
        assert!(iso.contains(",10000,"), "exact account value: {iso}");
    }

    #[test]
    fn liquidated_rows_say_so_and_numbers_stay_exact() {
        let b = book();
        let mut prices = b.marks();
        prices.0[0] = Decimal::new(4_500_012, 2);
        let a = crate::analysis::analyse(&b, &Prices(prices.0.clone()), 0);
        let csv = build(&b, &prices.0, &a, "x");
        assert!(csv.contains("45000.12"));
        assert!(csv.contains(",liquidated,"), "{csv}");
    }

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain"), "plain");
    }
}
