//! The results: the verdict banner over one column per margin set-up (cross,
//! isolated, and the book as configured when it mixes both).
//!
//! * [`twin::verdict`]: the verdict in words and its banner;
//! * [`twin::column`]: a set-up's totals, positions and liquidation prices.
pub mod column;
pub mod verdict;

use yew::prelude::*;

use crate::components::twin::column::{Column, Model};
use crate::components::twin::verdict::{
    verdict_after_path, verdict_model, VerdictBanner, VerdictModel,
};
use crate::format::shown_variants;
use crate::hooks::path_run::PathView;
use crate::hooks::results::Results;

/// What the results section shows, as display data.
#[derive(Debug, Clone, PartialEq)]
pub struct TwinModel {
    pub verdict: VerdictModel,
    pub columns: Vec<Model>,
    /// The collateral at these prices and the third comparison, when the
    /// book holds more than a stablecoin wallet.
    pub collateral: Option<crate::components::collateral_panel::Model>,
}

impl TwinModel {
    /// The verdict in money and in time, and the columns.
    pub fn new(r: &Results, path: Option<&PathView>, selected: usize) -> TwinModel {
        let a = &r.analyzer;
        let book = a.book();
        let columns = shown_variants(book)
            .into_iter()
            .map(|v| crate::components::twin::column::model(r, v, path, selected))
            .collect();
        let verdict = match (a.comparison(&r.snapshot), a.story(&r.snapshot)) {
            (Ok(c), Ok(story)) => match path {
                Some(p) => verdict_after_path(book, &story, p),
                None => verdict_model(book, &story, &c),
            },
            (Err(e), _) | (_, Err(e)) => VerdictModel {
                class: "none",
                headline: format!("No comparison: {e}. Only cross margin can hold this book."),
                ..VerdictModel::default()
            },
        };
        let mut verdict = verdict;
        let collateral = crate::components::collateral_panel::shown(r)
            .then(|| crate::components::collateral_panel::model(r));
        // The third comparison, first screen: what posting coins as margin
        // does against the same value in stablecoins.
        if let (None, Some(s)) = (path, collateral.as_ref().and_then(|c| c.sentences.first())) {
            verdict.lines.push(("verdict-collateral", s.clone()));
        }
        TwinModel {
            verdict,
            columns,
            collateral,
        }
    }
}

/// What every figure in the columns means, in place under them.
#[function_component(Terms)]
fn terms() -> Html {
    html! {
        <details class="terms" data-testid="terms">
            <summary>{ "What these figures mean" }</summary>
            <dl>
                <dt>{ "Account value" }</dt><dd>{ "What the account holds at these prices: wallet plus the PnL of open positions, after liquidations." }</dd>
                <dt>{ "At stake" }</dt><dd>{ "What liquidations can still take: in cross, the whole shared wallet; in isolated, each open position's own margin." }</dd>
                <dt>{ "Lost for good / on the path" }</dt><dd>{ "What liquidations already took. A liquidated position stays closed when prices come back, so this stays lost." }</dd>
                <dt>{ "Maintenance margin" }</dt><dd>{ "What the open positions must keep, from the venue's tier table: when the margin left falls to it, liquidation." }</dd>
                <dt>{ "Margin ratio" }</dt><dd>{ "Maintenance margin ÷ the margin left (Binance's measure): liquidation at 100 %. Isolated shows its worst position." }</dd>
                <dt>{ "liq. and the % after it" }</dt><dd>{ "The price at which a position (or, under the cross positions, the whole cross account) is liquidated, and how far the price is from here; amber within 30 %, red within 15 %." }</dd>
                <dt>{ "Collateral, counts as margin" }</dt><dd>{ "Coins held besides the wallet, each with the PnL settled in it, valued at its price and counted at its collateral ratio (a debt at its weight). The cross account is liquidated when these values together fall to the maintenance margin; a coin that follows a market falls with it." }</dd>
                <dt>{ "Contracts (coin-margined)" }</dt><dd>{ "An inverse market's size is in contracts of a fixed USD value; its PnL and isolated margin are in the coin, shown here at the coin's price." }</dd>
                <dt>{ "As configured" }</dt><dd>{ "Your book as entered, each position in the mode you chose; Cross and Isolated are the same positions all in one mode." }</dd>
            </dl>
        </details>
    }
}

/// The key results in one line, kept on screen on a phone while the
/// sliders far below are dragged (CSS shows it on narrow screens only).
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub model: TwinModel,
}

#[function_component(Summary)]
pub fn summary(p: &SummaryProps) -> Html {
    let m = &p.model;
    let ahead = m.verdict.ahead.map(crate::format::variant_key);
    html! {
        <div class={classes!("summary", m.verdict.class)} data-testid="summary" aria-hidden="true">
            { for m.columns.iter().filter_map(|c| {
                let key = crate::format::variant_key(c.variant);
                let b = c.body.as_ref().ok()?;
                let title = match key { "configured" => "Yours", "cross" => "Cross", _ => "Isolated" };
                Some(html! {
                    <span class={classes!("sum", key, (ahead == Some(key)).then_some("ahead"))} data-testid={format!("summary-{key}")}>
                        <small>{ title }</small>{ " " }<strong>{ b.account_value.clone() }</strong>
                        if b.cross_wiped { { " ✕" } }
                    </span>
                })
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub model: TwinModel,
    #[prop_or(true)]
    pub show_verdict: bool,
    #[prop_or(true)]
    pub show_columns: bool,
}

#[function_component(Twin)]
pub fn twin(p: &Props) -> Html {
    let m = &p.model;
    html! {
        <section class="results" aria-live="polite" aria-labelledby="results-h">
            <h2 id="results-h" class="sr-only">{ "Results" }</h2>
            if p.show_verdict {
                <VerdictBanner model={m.verdict.clone()} />
            }
            if p.show_columns {
                <div class={classes!("twin", match m.columns.len() { 1 => Some("one"), 3 => Some("three"), _ => None })}>
                    { for m.columns.iter().map(|c| html! { <Column key={crate::format::variant_key(c.variant)} model={c.clone()} /> }) }
                </div>
                <Terms />
            }
        </section>
    }
}
