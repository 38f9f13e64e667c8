//! One margin set-up's column: its totals, its positions (all of a short
//! book; the ones closest to liquidation of a long one, with the rest a click
//! away), the cross account's liquidation prices, and path mode's events.
//! In path mode the column shows the account *after* the path: what was
//! liquidated on the way stays closed and its loss stays lost, even when the
//! prices shown have come back (the engine's [`PathResult`]).
//! The column's model is built from the engine's snapshot and holds only
//! display strings, so an unchanged column is not rendered again.
use margin_engine::num::Checked;
use margin_engine::{
    Book, Decimal, Error, Event, EventKind, MarginMode, PathResult, Side, Variant,
};
use yew::prelude::*;

use crate::components::explain::Explain;
use crate::format::{distance, grouped, money, price, short, variant_key, variant_title};
use crate::hooks::path_run::PathView;
use crate::hooks::results::{Results, Same};
use margin_engine::explain::Direction;
use margin_engine::Subject;

/// A column lists every position of a book up to this size; beyond it, the
/// ones closest to liquidation, and the whole list page by page on request.
pub const TOP_ROWS: usize = 5;
pub const PAGE_ROWS: usize = 25;

/// One position's line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub index: usize,
    pub name: String,
    pub closed: bool,
    pub pnl: String,
    /// Isolated: its own liquidation price (text); `None` for cross.
    pub liq: Option<String>,
    /// Distance to liquidation with its danger class.
    pub distance: Option<(String, &'static str)>,
}

/// The cross account's liquidation prices along one market.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossLiq {
    pub symbol: String,
    pub label: String,
    pub prices: String,
    /// Which sides have a price (each gets its "how?").
    pub down: bool,
    pub up: bool,
    pub distance: Option<(String, &'static str)>,
}

/// One line of a column's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: &'static str,
    /// What the label means, for a tooltip.
    pub title: &'static str,
    pub value: String,
    /// `data-testid` suffix: the cell's test id is `{column}-{key}`.
    pub key: &'static str,
}

/// The margin ratio's meter.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    pub label: &'static str,
    /// The meter's value (0–100) and the ratio in words.
    pub meter: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub account_value: String,
    /// The figures under the account value. An account with nothing open
    /// left shows no margin figures: only what it holds and what it lost.
    pub figures: Vec<Figure>,
    pub ratio: Option<Ratio>,
    pub cross_wiped: bool,
    /// Why the cross account is gone, and where, when it is.
    pub wiped_text: String,
    pub rows: Vec<Row>,
    /// How many positions the book has (more than `rows` when long).
    pub positions: usize,
    pub cross_liq: Vec<CrossLiq>,
    pub path: Option<PathNote>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathNote {
    pub text: String,
    pub value: String,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub variant: Variant,
    pub body: Result<Body, String>,
}

/// Danger cue of a distance to liquidation: words and class.
pub fn danger(distance: Decimal) -> (&'static str, &'static str) {
    let d = distance.abs();
    if d <= Decimal::new(15, 2) {
        ("⚠ danger: within 15 %", "red")
    } else if d <= Decimal::new(30, 2) {
        ("△ within 30 %", "amber")
    } else {
        ("", "")
    }
}

fn distance_text(d: Option<Decimal>) -> Option<(String, &'static str)> {
    d.map(|d| {
        let (cue, class) = danger(d);
        (
            format!("{} {cue}", distance(d)).trim_end().to_owned(),
            class,
        )
    })
}

/// A position's row in `variant` at the snapshot's prices.
pub fn row(r: &Results, variant: Variant, i: usize) -> Result<Row, Error> {
    let a = &r.analyzer;
    let book = a.book();
    let p = book.position(i)?;
    let pa = r.snapshot.position(a, variant, i)?;
    let symbol = &book.market(p.market)?.symbol;
    let side = if p.side == Side::Long {
        "long"
    } else {
        "short"
    };
    let liq = (pa.mode == MarginMode::Isolated).then(|| {
        pa.liquidation_price
            .map(price)
            .unwrap_or_else(|| "none".to_owned())
    });
    let q = book.quote();
    let name = format!("#{} {} {side}", i.saturating_add(1), short(symbol, q));
    if pa.closed {
        // A closed position has no PnL or distance left to show: only where
        // it went.
        return Ok(Row {
            index: i,
            name,
            closed: true,
            pnl: match &liq {
                Some(l) => format!("at {} {l}", short(symbol, q)),
                None => "with the cross account".to_owned(),
            },
            liq: None,
            distance: None,
        });
    }
    Ok(Row {
        index: i,
        name,
        closed: false,
        pnl: format!("uPnL {}", money(pa.state.unrealized_pnl, q)),
        // A cross position's distance is the cross account's along its
        // market, listed once per market under the positions.
        distance: if liq.is_none() {
            None
        } else {
            distance_text(pa.distance)
        },
        liq,
    })
}

/// A position's row, after the path in path mode: one closed on the way
/// says where, and shows no figures for a position that no longer exists.
pub fn row_after(
    r: &Results,
    variant: Variant,
    i: usize,
    walk: Option<&PathResult>,
) -> Result<Row, Error> {
    let mut row = row(r, variant, i)?;
    let Some(w) = walk else {
        return Ok(row);
    };
    if w.open.get(i).copied().unwrap_or(true) {
        return Ok(row);
    }
    let book = r.analyzer.book();
    let market = book.position(i)?.market;
    row.closed = true;
    row.pnl = closing_event(w, i)
        .map(|e| format!("on the path at {}", event_prices(book, e, Some(market))))
        .unwrap_or_default();
    row.liq = None;
    row.distance = None;
    Ok(row)
}

fn ratio(r: Option<Decimal>, wiped: bool) -> (String, String) {
    let pct = |x: Decimal| {
        x.times(Decimal::ONE_HUNDRED)
            .unwrap_or(Decimal::ONE_HUNDRED)
    };
    let meter = r
        .map(|r| pct(r.min(Decimal::ONE)).round_dp(1))
        .unwrap_or(if wiped {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ZERO
        });
    let text = match r {
        Some(r) if r >= Decimal::ONE => "≥ 100 % (liquidation)".to_owned(),
        Some(r) => format!("{} %", grouped(pct(r), 1)),
        None if wiped => "liquidated".to_owned(),
        None => "—".to_owned(),
    };
    (meter.to_string(), text)
}

/// The cross account's liquidation on the path, if it happened.
pub fn cross_event(res: &PathResult) -> Option<&Event> {
    res.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Cross { .. }))
}

/// The event that closed position `i` on the path.
pub fn closing_event(res: &PathResult, i: usize) -> Option<&Event> {
    res.events.iter().find(|e| match &e.kind {
        EventKind::Isolated { position } => *position == i,
        EventKind::Cross { positions } => positions.contains(&i),
        EventKind::Funding { .. } => false,
    })
}

/// Where an event happened: "BTC 48,193.47" in market `market`, by default
/// an isolated liquidation's own market; else (a cross liquidation) the
/// markets that had moved from their marks ("BTC 67,200 · ETH 3,360").
pub fn event_prices(book: &Book, e: &Event, market: Option<usize>) -> String {
    let q = book.quote();
    let at = |m: usize| -> Option<String> {
        let sym = short(&book.markets().get(m)?.symbol, q);
        Some(format!("{sym} {}", price(*e.prices.get(m)?)))
    };
    let own = match &e.kind {
        EventKind::Isolated { position } => book.positions().get(*position).map(|p| p.market),
        EventKind::Cross { .. } | EventKind::Funding { .. } => None,
    };
    if let Some(text) = market.or(own).and_then(at) {
        return text;
    }
    let moved: Vec<String> = book
        .markets()
        .iter()
        .enumerate()
        .filter(|(m, mk)| e.prices.get(*m).is_some_and(|p| *p != mk.mark))
        .filter_map(|(m, _)| at(m))
        .take(3)
        .collect();
    if moved.is_empty() {
        at(0).unwrap_or_default()
    } else {
        moved.join(" · ")
    }
}

fn path_note(r: &Results, variant: Variant, path: &PathView) -> Option<PathNote> {
    let book = r.analyzer.book();
    let q = book.quote();
    let (_, res) = path.results.iter().find(|(v, _)| *v == variant)?;
    Some(match res {
        Err(e) => PathNote {
            text: e.to_string(),
            value: String::new(),
            events: vec![],
        },
        Ok(res) => PathNote {
            text: format!(
                "Along the path ({} price{}{}): ",
                path.prices,
                if path.prices == 1 { "" } else { "s" },
                if res.hours.is_zero() {
                    String::new()
                } else {
                    format!(", {}", hours_words(res.hours))
                }
            ),
            value: if res
                .events
                .iter()
                .all(|e| matches!(e.kind, EventKind::Funding { .. }))
            {
                "no liquidation.".to_owned()
            } else {
                format!("{} lost for good.", money(res.wallet_lost, q))
            },
            events: res
                .events
                .iter()
                .map(|e| {
                    let what = match &e.kind {
                        EventKind::Isolated { position } => {
                            format!("#{} liquidated", position.saturating_add(1))
                        }
                        EventKind::Cross { positions } => {
                            format!("cross account liquidated ({} positions)", positions.len())
                        }
                        EventKind::Funding { hours, cost, .. } => {
                            // A payment loses nothing to a liquidation.
                            let (verb, amount) = if cost.is_sign_negative() {
                                ("received", cost.abs())
                            } else {
                                ("paid", *cost)
                            };
                            return format!(
                                "after {}, funding and interest {verb} {} at {}",
                                hours_words(*hours),
                                money(amount, q),
                                event_prices(book, e, None)
                            );
                        }
                    };
                    format!(
                        "{what} at {}: lost {}",
                        event_prices(book, e, None),
                        money(e.wallet_lost, q)
                    )
                })
                .collect(),
        },
    })
}

/// "16 h", "3 days 2 h".
pub fn hours_words(h: Decimal) -> String {
    let day = Decimal::from(24);
    let days = h.over(day).map(|d| d.floor()).unwrap_or_default();
    let rest = days.times(day).and_then(|x| h.minus(x)).unwrap_or(h);
    let plain = crate::format::plain;
    match (days.is_zero(), rest.is_zero()) {
        (true, _) => format!("{} h", plain(rest)),
        (false, true) => format!(
            "{} day{}",
            plain(days),
            if days == Decimal::ONE { "" } else { "s" }
        ),
        (false, false) => format!(
            "{} day{} {} h",
            plain(days),
            if days == Decimal::ONE { "" } else { "s" },
            plain(rest)
        ),
    }
}

/// The column of `variant`.
/// Where a liquidated cross account went, along market `m` with the other
/// prices as they are: its liquidation price on the side the price crossed.
fn went_at(r: &Results, variant: Variant, m: usize) -> Result<Option<String>, Error> {
    let a = &r.analyzer;
    let book = a.book();
    let Some(c) = r.snapshot.variant(variant).and_then(|v| v.cross.as_ref()) else {
        return Ok(None);
    };
    let Ok(market) = book.market(m) else {
        return Ok(None);
    };
    let p = r.prices().get(m)?;
    let Some(b) = c.liquidation(m, p) else {
        return Ok(None);
    };
    // The boundary between the start (the mark) and here: above the price
    // after a fall, below it after a rise.
    let mark = market.mark;
    let crossed = if p < mark {
        b.up.filter(|u| *u <= mark)
    } else {
        b.down.filter(|d| *d >= mark)
    };
    Ok(crossed.map(|x| format!("{} {}", short(&market.symbol, book.quote()), price(x))))
}

/// The column of `variant`; `selected` is the market the chart follows
/// (the one last moved), along which a liquidated account says where it went.
pub fn model(r: &Results, variant: Variant, path: Option<&PathView>, selected: usize) -> Model {
    let body = (|| -> Result<Body, Error> {
        let a = &r.analyzer;
        let book = a.book();
        let q = book.quote();
        let at = r.snapshot.variant(variant).ok_or_else(|| {
            a.unfunded()
                .cloned()
                .unwrap_or_else(|| Error::internal("variant"))
        })?;
        let n = book.positions().len();
        // The closest to liquidation, listed in book order: the list keeps
        // its order while prices move, and only changes who is in it.
        let order: Vec<usize> = if n <= TOP_ROWS {
            (0..n).collect()
        } else {
            let mut top: Vec<usize> = at
                .by_risk(a, r.prices())?
                .into_iter()
                .take(TOP_ROWS)
                .collect();
            top.sort_unstable();
            top
        };
        let walk = path.and_then(|p| p.result(variant));
        let rows = order
            .into_iter()
            .map(|i| row_after(r, variant, i, walk))
            .collect::<Result<Vec<_>, _>>()?;
        let cross_event = walk.and_then(cross_event);
        let wiped = at.cross_state.liquidated || cross_event.is_some();
        let wiped_text = match cross_event {
            Some(e) => format!(
                "✕ Cross account liquidated on the path at {}: every cross position is closed.",
                event_prices(book, e, None)
            ),
            None => match went_at(r, variant, selected)? {
                Some(at) => format!(
                    "✕ Cross account liquidated: it went at {at} (the other prices as they are); every cross position is closed."
                ),
                None => "✕ Cross account liquidated: every cross position is closed.".to_owned(),
            },
        };
        let has_cross = at.cross.is_some();
        let mut cross_liq = Vec::new();
        // A cross account that is gone has no liquidation price left.
        if let Some(c) = at.cross.as_ref().filter(|_| !wiped) {
            for m in c.markets() {
                let market = book.market(m)?;
                let p = r.prices().get(m)?;
                let Some(b) = c.liquidation(m, p) else {
                    continue;
                };
                let prices = match (b.down, b.up) {
                    (Some(d), Some(u)) => format!("{} / {}", price(d), price(u)),
                    (Some(x), None) | (None, Some(x)) => price(x),
                    (None, None) => "none".to_owned(),
                };
                cross_liq.push(CrossLiq {
                    symbol: market.symbol.clone(),
                    label: format!("{} ", short(&market.symbol, q)),
                    prices,
                    down: b.down.is_some(),
                    up: b.up.is_some(),
                    distance: distance_text(b.nearest_distance(p)?),
                });
            }
        }
        let ratio_label = if has_cross {
            "Margin ratio"
        } else {
            "Worst margin ratio"
        };
        let (account_value, gone, mut figures, maintenance, margin_ratio) = match walk {
            Some(w) => (
                w.final_value,
                n > 0 && w.open.iter().all(|o| !o),
                vec![Figure {
                    label: "Lost on the path",
                    title: "What liquidations along the path took from the wallet; it stays lost when prices come back",
                    value: money(w.wallet_lost, q),
                    key: "lost",
                }],
                w.maintenance_margin,
                w.margin_ratio,
            ),
            None => {
                let mut f = vec![Figure {
                    label: "At stake",
                    title: "What liquidations can still take: the whole cross wallet while the cross account has positions, plus each open isolated position's margin",
                    value: money(at.money.at_stake, q),
                    key: "stake",
                }];
                if !at.money.locked_loss.is_zero() {
                    f.push(Figure {
                        label: "Lost for good",
                        title: "What liquidations at these prices took: it stays lost if prices come back",
                        value: money(at.money.locked_loss, q),
                        key: "lost",
                    });
                }
                (
                    at.totals.account_value,
                    n > 0 && at.money.at_stake.is_zero(),
                    f,
                    at.totals.maintenance_margin,
                    at.totals.margin_ratio,
                )
            }
        };
        let ratio = if gone {
            figures.retain(|f| f.key == "lost");
            None
        } else {
            figures.push(Figure {
                label: "Maintenance margin",
                title: "What the open positions must keep: below it, liquidation",
                value: money(maintenance, q),
                key: "maintenance",
            });
            let (meter, text) = ratio(margin_ratio, wiped);
            Some(Ratio {
                label: ratio_label,
                meter,
                text,
            })
        };
        Ok(Body {
            account_value: money(account_value, q),
            figures,
            ratio,
            cross_wiped: wiped,
            wiped_text,
            rows,
            positions: n,
            cross_liq,
            path: path.and_then(|p| path_note(r, variant, p)),
        })
    })();
    Model {
        variant,
        body: body.map_err(|e| e.to_string()),
    }
}

/// The explanation of a column figure (by its key), and what it is.
fn figure_subject(key: &str) -> Option<(Subject, &'static str)> {
    match key {
        "maintenance" => Some((
            Subject::MaintenanceMargin { position: None },
            "the maintenance margin",
        )),
        "stake" => Some((Subject::AtStake, "what is at stake")),
        "lost" => Some((Subject::LostForGood, "what was lost for good")),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub model: Model,
}

#[derive(Properties, PartialEq)]
struct RowProps {
    row: Row,
    /// The column's key ("cross", "isolated", "configured").
    column: &'static str,
    variant: Variant,
}

/// One position's line; left alone while its figures do not change.
#[function_component(RowItem)]
fn row_item(p: &RowProps) -> Html {
    let row = &p.row;
    // The same elements whatever the row's state: a price move changes
    // texts and classes, never the structure.
    let (liq_label, liq_text, liq_class) = match &row.liq {
        Some(text) => ("liq. ", text.as_str(), ""),
        None if row.closed => ("", "", ""),
        None => ("", "cross account", "muted"),
    };
    let tid = (p.column == "isolated" && row.liq.is_some())
        .then(|| format!("isolated-liq-price-{}", row.index));
    let (dist, dist_class) = row
        .distance
        .as_ref()
        .map(|(t, c)| (t.as_str(), *c))
        .unwrap_or(("", ""));
    html! {
        <li class={classes!(row.closed.then_some("liquidated"))}>
            <span class="pos-name">{ row.name.clone() }</span>
            <span class="pos-state">{ if row.closed { "✕ liquidated" } else { "● open" } }</span>
            <span class="pos-pnl">{ row.pnl.clone() }</span>
            <span class="pos-liq">{ liq_label }<span class={liq_class} data-testid={tid}>{ liq_text.to_owned() }</span>{ " " }<span class={classes!("dist", dist_class)}>{ dist.to_owned() }</span></span>
            if row.liq.is_some() {
                <Explain subject={Subject::LiquidationPrice { position: row.index }} variant={p.variant}
                    what={format!("position #{}'s liquidation price", row.index.saturating_add(1))}
                    testid={format!("how-liq-{}-{}", p.column, row.index)} />
            }
        </li>
    }
}

fn row_html(row: &Row, key: &'static str, variant: Variant) -> Html {
    html! { <RowItem key={row.index} row={row.clone()} column={key} {variant} /> }
}

#[function_component(Column)]
pub fn column(p: &Props) -> Html {
    let key = variant_key(p.model.variant);
    let show_all = use_state(|| false);
    let body = match &p.model.body {
        Err(e) => html! { <p class="col-error" role="note">{ format!("Not available: {e}") }</p> },
        Ok(b) => {
            let value_tid = match key {
                "cross" => Some("cross-account-value"),
                "isolated" => Some("isolated-account-value"),
                _ => None,
            };
            let long = b.positions > b.rows.len();
            let list = if long && *show_all {
                html! { <AllRows variant={p.model.variant} positions={b.positions} /> }
            } else {
                html! { <ul class="pos-list">{ for b.rows.iter().map(|r| row_html(r, key, p.model.variant)) }</ul> }
            };
            let toggle = {
                let show_all = show_all.clone();
                Callback::from(move |_| show_all.set(!*show_all))
            };
            html! {
                <>
                    <dl class="figures">
                        <dt>{ "Account value" }</dt>
                        <dd class="big"><span data-testid={value_tid}>{ b.account_value.clone() }</span>
                            if b.path.is_none() {
                                { " " }<Explain subject={Subject::AccountValue} variant={p.model.variant}
                                    what="the account value and each liquidation test" testid={format!("how-value-{key}")} />
                            }
                        </dd>
                        { for b.figures.iter().map(|f| html! {
                            <>
                                <dt title={f.title}>{ f.label }</dt>
                                <dd><span data-testid={format!("{key}-{}", f.key)}>{ f.value.clone() }</span>
                                    if let (Some((subject, what)), true) = (figure_subject(f.key), b.path.is_none()) {
                                        { " " }<Explain {subject} variant={p.model.variant}
                                            {what} testid={format!("how-{}-{key}", f.key)} />
                                    }
                                </dd>
                            </>
                        }) }
                        if let Some(r) = &b.ratio {
                            <dt>{ r.label }</dt>
                            <dd>
                                <meter min="0" max="100" low="50" high="80" optimum="0" value={r.meter.clone()}
                                    aria-label={format!("{} {}", r.label, r.text)}></meter>
                                { " " }{ r.text.clone() }
                            </dd>
                        }
                    </dl>
                    if b.cross_wiped {
                        <p class="wiped" data-testid={format!("{key}-wiped")}>{ b.wiped_text.clone() }</p>
                    }
                    if long {
                        <p class="muted list-note">
                            { if *show_all { format!("All {} positions:", b.positions) } else { format!("The {} of {} positions closest to liquidation, in book order:", b.rows.len(), b.positions) } }
                            { " " }
                            <button type="button" class="small" data-testid={format!("show-all-{key}")} onclick={toggle}>
                                { if *show_all { "Show the closest only" } else { "Show all" } }
                            </button>
                        </p>
                    }
                    { list }
                    if !b.cross_liq.is_empty() {
                        <p class="col-note" title="Each price liquidates the whole cross account if that market moves alone, the others held where they are">
                            { "The whole cross account is liquidated if one market alone reaches:" }
                        </p>
                        <ul class="liq-list">
                            { for b.cross_liq.iter().map(|c| {
                                let tid = (key == "cross").then(|| format!("cross-liq-price-{}", c.symbol));
                                html! {
                                    <li key={c.symbol.clone()}>
                                        { c.label.clone() }<span data-testid={tid}>{ c.prices.clone() }</span>{ " " }
                                        if let Some((t, class)) = &c.distance { <span class={classes!("dist", *class)}>{ t.clone() }</span> }
                                        { for [(c.down, Direction::Below, "below"), (c.up, Direction::Above, "above")].into_iter().filter(|x| x.0).map(|(_, side, word)| html! {
                                            <>{ " " }<Explain subject={Subject::CrossLiquidationPrice { market: c.symbol.clone(), side }} variant={p.model.variant}
                                                what={format!("the cross liquidation price along {} {word} the price", c.symbol)}
                                                testid={format!("how-cross-{key}-{}-{word}", c.symbol)} /></>
                                        }) }
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                    if let Some(n) = &b.path {
                        <div class="path-note" data-testid={format!("path-note-{key}")}>
                            <p>{ n.text.clone() }<strong>{ n.value.clone() }</strong></p>
                            <ol>{ for n.events.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ol>
                        </div>
                    }
                </>
            }
        }
    };
    html! {
        <section class={classes!("column", key)} aria-labelledby={format!("col-{key}")}>
            <h3 id={format!("col-{key}")}>{ variant_title(p.model.variant) }</h3>
            <p class="col-note">{ crate::format::variant_note(p.model.variant) }</p>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AllProps {
    variant: Variant,
    positions: usize,
}

/// Every position of a long book, page by page, from the results in context.
#[function_component(AllRows)]
fn all_rows(p: &AllProps) -> Html {
    let page = use_state(|| 0usize);
    let Some(results) = use_context::<Same<Results>>() else {
        return html! {};
    };
    let key = variant_key(p.variant);
    let pages = p.positions.div_ceil(PAGE_ROWS).max(1);
    let current = (*page).min(pages.saturating_sub(1));
    let start = current.saturating_mul(PAGE_ROWS);
    let end = start.saturating_add(PAGE_ROWS).min(p.positions);
    let rows: Vec<Row> = (start..end)
        .filter_map(|i| row(&results, p.variant, i).ok())
        .collect();
    let (prev, next) = (page.clone(), page.clone());
    html! {
        <>
            <ul class="pos-list">{ for rows.iter().map(|r| row_html(r, key, p.variant)) }</ul>
            <p class="pager">
                <button type="button" class="small" disabled={current == 0}
                    onclick={Callback::from(move |_| prev.set(current.saturating_sub(1)))}>{ "‹ Previous" }</button>
                { format!(" positions {}–{} of {} ", start.saturating_add(1), end, p.positions) }
                <button type="button" class="small" disabled={end >= p.positions}
                    onclick={Callback::from(move |_| next.set(current.saturating_add(1)))}>{ "Next ›" }</button>
            </p>
        </>
    }
}
