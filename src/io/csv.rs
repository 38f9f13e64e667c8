//! The results table as CSV: one row per position per margin set-up (cross,
//! isolated, and as configured when it differs), the figures the page shows,
//! every decimal exact as its plain string. Pure: it reads the engine's
//! snapshot and formats nothing but the decimals' plain strings.
use margin_engine::{Analyzer, Book, Decimal, Error, Side, Snapshot, Variant};

use crate::format::{plain, shown_variants};

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

/// The variant's name in the CSV's first column.
fn csv_name(v: Variant) -> &'static str {
    match v {
        Variant::AllCross => "cross",
        Variant::AllIsolated => "isolated",
        Variant::AsConfigured => "as_configured",
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

/// One position's row in one variant.
fn row(
    a: &Analyzer,
    snap: &Snapshot,
    v: Variant,
    i: usize,
    verdict: &str,
) -> Result<Vec<String>, Error> {
    let book: &Book = a
        .variant_book(v)
        .ok_or_else(|| Error::internal("variant not formed"))?;
    let at = snap
        .variant(v)
        .ok_or_else(|| Error::internal("variant not formed"))?;
    let p = book.position(i)?;
    let pa = snap.position(a, v, i)?;
    let price = pa.state.price;
    let isolated = pa.mode == margin_engine::MarginMode::Isolated;
    let liq = if isolated {
        opt(pa.liquidation_price)
    } else {
        at.cross
            .as_ref()
            .and_then(|c| c.liquidation(p.market, price))
            .map(|b| {
                [b.down, b.up]
                    .iter()
                    .flatten()
                    .map(|d| plain(*d))
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default()
    };
    let ratio = if isolated {
        pa.state.margin_ratio
    } else {
        at.cross_state.margin_ratio
    };
    Ok(vec![
        csv_name(v).to_owned(),
        i.saturating_add(1).to_string(),
        book.market(p.market)?.symbol.clone(),
        if p.side == Side::Long {
            "long"
        } else {
            "short"
        }
        .to_owned(),
        if isolated { "isolated" } else { "cross" }.to_owned(),
        plain(p.size),
        plain(p.entry),
        plain(p.leverage),
        plain(price),
        if isolated {
            plain(p.margin)
        } else {
            String::new()
        },
        plain(pa.state.unrealized_pnl),
        if pa.closed { "liquidated" } else { "open" }.to_owned(),
        liq,
        opt(pa.distance),
        opt(ratio),
        plain(at.totals.account_value),
        plain(at.totals.margin_balance),
        plain(at.totals.maintenance_margin),
        verdict.to_owned(),
        String::new(),
    ])
}

/// The CSV text (header row first, CRLF line ends as RFC 4180 has them).
pub fn build(a: &Analyzer, snap: &Snapshot, verdict: &str) -> String {
    let mut out = line(&HEADER.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    let book = a.book();
    for v in shown_variants(book) {
        for (i, p) in book.positions().iter().enumerate() {
            let cells = row(a, snap, v, i, verdict).unwrap_or_else(|e| {
                // A variant that cannot be formed still gets its rows, saying why.
                let mut r = vec![
                    csv_name(v).to_owned(),
                    i.saturating_add(1).to_string(),
                    book.markets()
                        .get(p.market)
                        .map(|m| m.symbol.clone())
                        .unwrap_or_default(),
                    if p.side == Side::Long {
                        "long"
                    } else {
                        "short"
                    }
                    .to_owned(),
                    String::new(),
                    plain(p.size),
                    plain(p.entry),
                    plain(p.leverage),
                    snap.prices()
                        .0
                        .get(p.market)
                        .copied()
                        .map(plain)
                        .unwrap_or_default(),
                ];
                r.extend(std::iter::repeat_n(String::new(), 9));
                r.extend([
                    verdict.to_owned(),
                    format!("not available: {}", a.unfunded().unwrap_or(&e)),
                ]);
                r
            });
            out.push_str(&line(&cells));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use margin_engine::Prices;

    use crate::test_support::analyzer;

    #[test]
    fn header_and_one_row_per_position_per_variant() {
        let a = analyzer();
        let snap = a.snapshot(&a.book().marks(), None).unwrap();
        let csv = build(&a, &snap, "neither");
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(lines.len(), 1 + a.book().positions().len() * 3);
        for l in &lines[1..] {
            assert_eq!(l.split(',').count(), HEADER.len(), "{l}");
        }
        // The book as configured leads (it mixes modes), then cross.
        assert!(
            lines[1].starts_with("as_configured,1,BTCUSDT,long,isolated,"),
            "{}",
            lines[1]
        );
        assert!(lines
            .iter()
            .any(|l| l.starts_with("cross,1,BTCUSDT,long,cross,")));
        let iso = lines.iter().find(|l| l.starts_with("isolated,1,")).unwrap();
        assert!(
            iso.contains(",isolated,") && iso.contains(",open,"),
            "{iso}"
        );
        assert!(iso.contains(",10000,"), "exact account value: {iso}");
    }

    #[test]
    fn liquidated_rows_say_so_and_numbers_stay_exact() {
        let a = analyzer();
        let mut prices = a.book().marks();
        prices.0[0] = Decimal::new(4_500_012, 2);
        let snap = a.snapshot(&Prices(prices.0.clone()), None).unwrap();
        let csv = build(&a, &snap, "x");
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
