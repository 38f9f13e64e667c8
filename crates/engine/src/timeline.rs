//! Liquidation prices against holding time (docs/model.md §12): the book
//! held for 0, 8, 16 … hours, each time paying its funding first (a
//! schedule's rates, then the market's), and one market's liquidation
//! prices read at each — its isolated positions' own and the cross
//! account's below and above its mark. Funding paid from an isolated
//! margin walks its liquidation price toward the mark every interval.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::compare::Variant;
use crate::dec;
use crate::error::{Error, ErrorKind};
use crate::line::Boundary;
use crate::num::Checked;
use crate::position::MarginMode;
use crate::scenario::Scenario;

/// The most points a timeline has.
pub const MAX_TIMELINE_POINTS: usize = 400;
/// Points when the funding interval would give more.
const DEFAULT_POINTS: usize = 200;

/// A timeline request: market, up to which hour, how many points (default:
/// one per funding interval, at most 200), in which set-up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineRequest {
    pub market: String,
    #[serde(with = "dec::string")]
    pub to: Decimal,
    #[serde(default)]
    pub points: Option<usize>,
    #[serde(default = "as_configured")]
    pub variant: Variant,
}

fn as_configured() -> Variant {
    Variant::AsConfigured
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub market: String,
    /// Holding times, in hours.
    #[serde(serialize_with = "dec::vec")]
    pub hours: Vec<Decimal>,
    pub lines: Vec<TimeLine>,
}

/// One liquidation price over time (null where there is none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeLine {
    #[serde(flatten)]
    pub of: LineOf,
    #[serde(serialize_with = "dec::vec_option")]
    pub prices: Vec<Option<Decimal>>,
    /// Funding paid by then, in settle units: an isolated position's; for
    /// the cross lines, the total of this market's cross positions.
    #[serde(serialize_with = "dec::vec")]
    pub funding_paid: Vec<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum LineOf {
    Isolated { position: usize },
    CrossBelow,
    CrossAbove,
}

/// The holding times of a request: `points` evenly from 0 to `to`, or one
/// per funding interval of the market (every 8 hours without funding).
fn hours_of(sc: &Scenario, m: usize, req: &TimelineRequest) -> Result<Vec<Decimal>, Error> {
    let to = crate::venue::hours(req.to).map_err(|e| Error::new("to", e.kind))?;
    let every = sc
        .markets
        .get(m)
        .and_then(|mk| mk.funding.as_ref())
        .map_or(Decimal::from(8), |f| f.every_hours);
    let points = match req.points {
        Some(n) => {
            Error::check_count("points", n, 2, MAX_TIMELINE_POINTS)?;
            n
        }
        None => {
            // One point per interval while that stays under 200 (an
            // interval of minutes over a week would be thousands).
            let n = to
                .checked_div(every)
                .map(|x| x.floor().normalize())
                .and_then(|x| usize::try_from(x.mantissa()).ok())
                .unwrap_or(usize::MAX);
            if n < DEFAULT_POINTS {
                // 0, every, 2·every, …, and `to` itself.
                let mut out = Vec::with_capacity(n.saturating_add(2));
                let mut h = Decimal::ZERO;
                while h < to {
                    out.push(h);
                    h = h.plus(every)?;
                }
                out.push(to);
                return Ok(out);
            }
            DEFAULT_POINTS
        }
    };
    let last = Decimal::from(points.saturating_sub(1));
    (0..points)
        .map(|k| to.times(Decimal::from(k))?.over(last))
        .collect()
}

/// Market `req.market`'s liquidation prices in `sc`'s book held for each
/// holding time of the request.
pub fn timeline(sc: &Scenario, req: &TimelineRequest) -> Result<Timeline, Error> {
    let base = Book::new(sc)?;
    let m = base.market_named(&req.market, "market")?;
    let hours = hours_of(sc, m, req)?;
    let mut lines: Vec<TimeLine> = Vec::new();
    for (k, h) in hours.iter().enumerate() {
        let mut at = sc.clone();
        at.settings.hours = *h;
        let book = Book::new(&at).map_err(|e| e.within(&format!("hours[{k}]")))?;
        let book = req.variant.apply(&book)?;
        let mut row: Vec<(LineOf, Option<Decimal>, Decimal)> = Vec::new();
        for (i, p) in book.positions().iter().enumerate() {
            if p.market == m && p.mode == MarginMode::Isolated {
                row.push((
                    LineOf::Isolated { position: i },
                    book.isolated_liquidation_price(i, Boundary::Liquidation)?,
                    p.funding_paid,
                ));
            }
        }
        if let Some(c) = book.cross_liquidation(&book.marks(), m, Boundary::Liquidation)? {
            let mut paid = Decimal::ZERO;
            // This market's cross positions: one settle asset, one unit.
            for p in book.positions() {
                if p.mode == MarginMode::Cross && p.market == m {
                    paid = paid.plus(p.funding_paid)?;
                }
            }
            row.push((LineOf::CrossBelow, c.bounds.down, paid));
            row.push((LineOf::CrossAbove, c.bounds.up, paid));
        }
        for (of, price, paid) in row {
            match lines.iter_mut().find(|l| l.of == of) {
                Some(l) => {
                    l.prices.push(price);
                    l.funding_paid.push(paid);
                }
                None => {
                    // A line that starts late (the cross account moves with
                    // this market only once…) is null before.
                    let mut prices = vec![None; k];
                    let mut funding = vec![Decimal::ZERO; k];
                    prices.push(price);
                    funding.push(paid);
                    lines.push(TimeLine {
                        of,
                        prices,
                        funding_paid: funding,
                    });
                }
            }
        }
        // A line missing at this time (gone): null here.
        for l in &mut lines {
            if l.prices.len() <= k {
                l.prices.push(None);
                l.funding_paid.push(Decimal::ZERO);
            }
        }
    }
    // A cross line that is null everywhere says nothing.
    lines.retain(|l| l.prices.iter().any(Option::is_some));
    if hours.is_empty() {
        return Err(Error::new(
            "to",
            ErrorKind::Malformed {
                message: "no holding time to chart".to_owned(),
            },
        ));
    }
    Ok(Timeline {
        market: req.market.clone(),
        hours,
        lines,
    })
}
