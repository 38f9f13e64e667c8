//! The twin view: Cross | Isolated (| As configured) columns and the verdict banner.
use std::rc::Rc;

use margin_engine::book::Side;
use margin_engine::{Decimal, Variant, Verdict};
use yew::prelude::*;

use crate::analysis::{short, Column, ColumnView};
use crate::format::{money, percent, price};
use crate::state::State;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    /// The verdict banner (embeds can show it alone).
    #[prop_or(true)]
    pub show_verdict: bool,
    /// The Cross | Isolated (| As configured) columns.
    #[prop_or(true)]
    pub show_columns: bool,
}

/// Danger level of a distance to liquidation: text cue and CSS class.
pub fn danger(distance: Option<Decimal>) -> (&'static str, &'static str) {
    match distance.map(|d| d.abs()) {
        Some(d) if d <= Decimal::new(15, 2) => ("⚠ danger: within 15 %", "red"),
        Some(d) if d <= Decimal::new(30, 2) => ("△ within 30 %", "amber"),
        _ => ("", ""),
    }
}

fn distance_html(distance: Option<Decimal>) -> Html {
    match distance {
        Some(d) => {
            let (cue, class) = danger(Some(d));
            html! { <span class={classes!("dist", class)}>{ format!("{} {cue}", percent(d)) }</span> }
        }
        None => html! {},
    }
}

fn column_html(col: &Column, s: &State) -> Html {
    let q = s.book.quote.as_str();
    let key = match col.variant {
        Variant::AllCross => "cross",
        Variant::AllIsolated => "isolated",
        Variant::AsConfigured => "configured",
    };
    let body = match &col.result {
        Err(e) => html! { <p class="col-error" role="note">{ format!("Not available: {e}") }</p> },
        Ok(v) => column_body(v, key, q, s),
    };
    html! {
        <section class={classes!("column", key)} aria-labelledby={format!("col-{key}")}>
            <h3 id={format!("col-{key}")}>{ col.title() }</h3>
            { body }
        </section>
    }
}

fn column_body(v: &ColumnView, key: &str, q: &str, s: &State) -> Html {
    let ratio = v.margin_ratio.map(|r| r.min(Decimal::ONE)).unwrap_or_default();
    let ratio_pct = (ratio * Decimal::ONE_HUNDRED).round_dp(1);
    let ratio_text = match v.margin_ratio {
        Some(r) if r >= Decimal::ONE => "≥ 100 % (liquidation)".to_owned(),
        Some(r) => format!("{} %", crate::format::grouped(r * Decimal::ONE_HUNDRED, 1)),
        None if v.cross_liquidated => "liquidated".to_owned(),
        None => "—".to_owned(),
    };
    let ratio_label = if v.has_cross { "Margin ratio" } else { "Worst margin ratio" };
    let positions = v.positions.iter().map(|p| {
        let name = format!(
            "#{} {} {}",
            p.index + 1,
            short(&p.symbol, q),
            if p.side == Side::Long { "long" } else { "short" }
        );
        let state = if p.liquidated { "✕ liquidated" } else { "● open" };
        let liq = if p.isolated {
            let text = p.liq_price.map(price).unwrap_or_else(|| "none".to_owned());
            let tid = (key == "isolated").then(|| format!("isolated-liq-price-{}", p.index));
            html! { <>{ "liq. " }<span data-testid={tid}>{ text }</span></> }
        } else {
            html! { <span class="muted">{ "cross account" }</span> }
        };
        html! {
            <li class={classes!(p.liquidated.then_some("liquidated"))}>
                <span class="pos-name">{ name }</span>
                <span class="pos-state">{ state }</span>
                <span class="pos-pnl">{ format!("uPnL {}", money(p.unrealized_pnl, q)) }</span>
                <span class="pos-liq">{ liq }{ " " }{ if p.liquidated { html! {} } else { distance_html(p.distance) } }</span>
            </li>
        }
    });
    let cross_liq = v.cross_liq.iter().map(|c| {
        let text = match (c.bounds.down, c.bounds.up) {
            (Some(d), Some(u)) => format!("{} / {}", price(d), price(u)),
            (Some(d), None) => price(d),
            (None, Some(u)) => price(u),
            (None, None) => "none".to_owned(),
        };
        let tid = (key == "cross").then(|| format!("cross-liq-price-{}", c.symbol));
        html! {
            <li>
                { format!("{} account liq.: ", short(&c.symbol, q)) }
                <span data-testid={tid}>{ text }</span>{ " " }{ if v.cross_liquidated { html! {} } else { distance_html(c.distance) } }
            </li>
        }
    });
    let value_tid = match key {
        "cross" => Some("cross-account-value"),
        "isolated" => Some("isolated-account-value"),
        _ => None,
    };
    html! {
        <>
            <dl class="figures">
                <dt>{ "Account value" }</dt>
                <dd class="big" data-testid={value_tid}>{ money(v.account_value, q) }</dd>
                <dt title="Wallet plus unrealized PnL of every position, before any liquidation">{ "Wallet + uPnL" }</dt><dd>{ money(v.equity, q) }</dd>
                <dt>{ "Maintenance margin" }</dt><dd>{ money(v.maintenance, q) }</dd>
                <dt>{ ratio_label }</dt>
                <dd>
                    <meter min="0" max="100" low="50" high="80" optimum="0" value={ratio_pct.to_string()}
                        aria-label={format!("{ratio_label} {ratio_text}")}></meter>
                    { " " }{ ratio_text }
                </dd>
            </dl>
            if v.cross_liquidated {
                <p class="wiped">{ "✕ Cross account liquidated: every cross position is closed." }</p>
            }
            <ul class="pos-list">{ for positions }</ul>
            if !v.cross_liq.is_empty() {
                <ul class="liq-list">{ for cross_liq }</ul>
            }
            if s.view.path.is_some() {
                { path_note(s, key) }
            }
        </>
    }
}

fn path_note(s: &State, key: &str) -> Html {
    let title = match key {
        "cross" => "Cross",
        "isolated" => "Isolated",
        _ => "As configured",
    };
    let Some(pv) = &s.view.path else { return html! {} };
    let Some((_, r)) = pv.results.iter().find(|(t, _)| *t == title) else { return html! {} };
    let q = s.book.quote.as_str();
    match r {
        Err(e) => html! { <p class="col-error">{ e.clone() }</p> },
        Ok(res) => {
            let events = res.events.iter().map(|e| {
                let what = match &e.kind {
                    margin_engine::path::EventKind::Isolated { position } => format!("position #{} liquidated", position + 1),
                    margin_engine::path::EventKind::Cross { positions } => format!("cross account liquidated ({} positions)", positions.len()),
                };
                html! { <li>{ format!("step {}: {what}, lost {}", e.step + 1, money(e.wallet_lost, q)) }</li> }
            });
            html! {
                <div class="path-note">
                    <p>{ format!("Along the path ({} samples), latched value: ", pv.samples) }<strong>{ money(res.final_value, q) }</strong></p>
                    <ol>{ for events }</ol>
                </div>
            }
        }
    }
}

#[function_component(Twin)]
pub fn twin(p: &Props) -> Html {
    let s = &p.state;
    let a = &s.view.analysis;
    let class = match a.verdict {
        Some(Verdict::Neither) => "neither",
        Some(Verdict::CrossWipedIsolatedSurvives) => "isolated-better",
        Some(Verdict::IsolatedLosesCrossSurvives) => "cross-better",
        Some(Verdict::Both) => "both",
        None => "none",
    };
    let code = match a.verdict {
        Some(Verdict::Neither) => "neither",
        Some(Verdict::CrossWipedIsolatedSurvives) => "cross_wiped_isolated_survives",
        Some(Verdict::IsolatedLosesCrossSurvives) => "isolated_loses_cross_survives",
        Some(Verdict::Both) => "both",
        None => "",
    };
    html! {
        <section class="results" aria-live="polite" aria-labelledby="results-h">
            <h2 id="results-h" class="sr-only">{ "Results" }</h2>
            if p.show_verdict {
                <p class={classes!("verdict", class)} data-testid="verdict" data-verdict={code}>{ a.verdict_text.clone() }</p>
            }
            if p.show_columns {
                <div class={classes!("twin", (a.columns.len() > 2).then_some("three"))}>
                    { for a.columns.iter().map(|c| column_html(c, s)) }
                </div>
            }
        </section>
    }
}
