//! "Compare with my exchange": the trader types the liquidation price their
//! venue shows for one position; the engine says how far off its own is and
//! the likely reasons, ranked (`margin_engine::compare_with_venue`). The page
//! only words the engine's report.
use margin_engine::{Decimal, Gap};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format::{grouped, price};
use crate::hooks::results::Same;
use crate::state::draft::Draft;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: Same<Draft>,
}

/// "0.0077 % lower" / "1.2 % higher" / "the same".
fn how_far(g: &Gap) -> String {
    let pct = g
        .relative
        .abs()
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or_default();
    let dp = if pct < Decimal::new(1, 1) { 4 } else { 2 };
    match g.difference.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Equal => "the same as Margin Lab's".to_owned(),
        std::cmp::Ordering::Greater => format!(
            "{} % higher than Margin Lab's {}",
            grouped(pct, dp),
            price(g.engine)
        ),
        std::cmp::Ordering::Less => format!(
            "{} % lower than Margin Lab's {}",
            grouped(pct, dp),
            price(g.engine)
        ),
    }
}

fn report(g: &Gap) -> Html {
    let reasons = g.reasons.iter().map(|r| {
        // As shown: the same price to the digits the page prints.
        let exact = price(r.price) == price(g.venue);
        html! {
            <li data-testid="compare-reason" data-key={r.key}>
                { format!("{}: Margin Lab then gives {}", capital(&r.words), price(r.price)) }
                { if exact { " — the same as yours." } else { "." } }
            </li>
        }
    });
    html! {
        <div data-testid="compare-result" aria-live="polite">
            <p>{ format!("Your exchange's {} is {}.", price(g.venue), how_far(g)) }</p>
            if g.reasons.is_empty() {
                <p class="muted">{ "None of the rules Margin Lab can change moves its price toward yours: check the position's size, entry and leverage, the tier table and the mark price." }</p>
            } else {
                <p>{ "Likely reasons, the closest first:" }</p>
                <ol class="compare-reasons">{ for reasons }</ol>
            }
        </div>
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[function_component(CompareBox)]
pub fn compare_box(p: &Props) -> Html {
    let position = use_state(|| 0usize);
    let typed = use_state(String::new);
    let n = p.draft.positions.len();
    let i = (*position).min(n.saturating_sub(1));
    let empty = n == 0;
    let result: Option<Result<Gap, String>> = {
        let text = (*typed).clone();
        let draft = p.draft.clone();
        use_memo((draft, i, text), |(draft, i, text)| {
            if text.trim().is_empty() || draft.positions.is_empty() {
                return None;
            }
            let venue = match crate::state::field::parse("venue_price", text) {
                Ok(v) => v,
                Err(e) => return Some(Err(crate::components::fields::error_words(&e))),
            };
            let sc = match draft.to_scenario() {
                Ok(sc) => sc,
                Err(_) => {
                    return Some(Err(
                        "Fix the book above first: the comparison needs a valid book.".to_owned(),
                    ))
                }
            };
            Some(
                margin_engine::compare_with_venue(&sc, *i, venue)
                    .map_err(|e| crate::components::fields::error_words(&e)),
            )
        })
        .as_ref()
        .clone()
    };
    let on_position = {
        let position = position.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                position.set(s.value().parse().unwrap_or(0));
            }
        })
    };
    let on_typed = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlInputElement>() {
                typed.set(t.value());
            }
        })
    };
    let options = p.draft.positions.iter().enumerate().map(|(k, pd)| {
        let side = match pd.side {
            margin_engine::scenario::SideSpec::Long => "long",
            margin_engine::scenario::SideSpec::Short => "short",
        };
        html! { <option value={k.to_string()} selected={k == i}>{ format!("#{} {} {}", k.saturating_add(1), pd.market, side) }</option> }
    });
    html! {
        <details class="compare" data-testid="compare-box">
            <summary>{ "Compare with my exchange" }</summary>
            <p class="muted">{ "Type the liquidation price your exchange shows for a position: Margin Lab says how far off its own is, and which venue rule would explain the gap." }</p>
            if empty {
                <p class="muted">{ "Add a position to compare its liquidation price." }</p>
            }
            <div class="fields">
                <div class="field">
                    <label for="compare-position">{ "Position" }</label>
                    <select id="compare-position" data-testid="compare-position" onchange={on_position}>{ for options }</select>
                </div>
                <div class="field">
                    <label for="compare-price">{ "Your exchange's liquidation price" }</label>
                    <input id="compare-price" data-testid="compare-price" type="text" inputmode="decimal" autocomplete="off"
                        value={(*typed).clone()} oninput={on_typed}
                        aria-invalid={matches!(result, Some(Err(_))).then_some("true")} />
                </div>
            </div>
            { match &result {
                None => html! {},
                Some(Err(e)) => html! { <p class="field-error" role="alert" data-testid="compare-error">{ format!("⚠ {e}") }</p> },
                Some(Ok(g)) => report(g),
            } }
        </details>
    }
}
