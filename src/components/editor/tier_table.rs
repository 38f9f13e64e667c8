//! A market's custom tier table, row by row: floor, cap (empty: none, the
//! last tier), maintenance rate, maintenance amount (empty: derived) and
//! max leverage; rows can be added (up to the engine's limit) and removed.
use margin_engine::{Error, MAX_TIERS};
use yew::prelude::*;

use crate::components::editor::is_field;
use crate::components::fields::{on_click, on_text, Dispatch, NumberInput};
use crate::state::action::Action;
use crate::state::tier_draft::{TierDraft, TierField};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub market: usize,
    pub symbol: String,
    pub rows: Vec<TierDraft>,
    pub error: Option<Error>,
    pub locked: bool,
    pub dispatch: Dispatch,
}

#[function_component(TierTable)]
pub fn tier_table(p: &Props) -> Html {
    let (m, sym, d) = (p.market, &p.symbol, &p.dispatch);
    let rows = p.rows.iter().enumerate().map(|(j, t)| {
        let n = j.saturating_add(1);
        let cells = TierField::ALL.iter().map(|&f| {
            let field = format!("markets[{m}].tiers[{j}].{}", f.name());
            html! {
                <td data-label={f.label()}>
                    <NumberInput id={format!("tier-{m}-{j}-{}", f.name())} label={format!("{sym} tier {n} {}", f.label())}
                        value={t.text(f).to_owned()} invalid={is_field(&p.error, &field)} locked={p.locked}
                        oninput={on_text(d, move |v| Action::SetTier(m, j, f, v))} />
                </td>
            }
        });
        html! {
            <tr data-testid="tier-row">
                <td data-label="Tier">{ n }</td>
                { for cells }
                <td data-label="">
                    <button type="button" class="small" disabled={p.locked || p.rows.len() <= 1}
                        aria-label={format!("Remove {sym} tier {n}")} onclick={on_click(d, Action::RemoveTier(m, j))}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    html! {
        <details class="tiers" open=true>
            <summary>{ format!("{sym} tier table ({} tiers)", p.rows.len()) }</summary>
            <div class="table-wrap">
                <table class="tier-table">
                    <thead><tr>
                        <th scope="col">{ "Tier" }</th><th scope="col">{ "Floor" }</th>
                        <th scope="col">{ "Cap (empty = none)" }</th><th scope="col">{ "MMR" }</th>
                        <th scope="col">{ "Cum (empty = derived)" }</th><th scope="col">{ "Max leverage" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <button type="button" class="small" disabled={p.locked || p.rows.len() >= MAX_TIERS}
                onclick={on_click(d, Action::AddTier(m))}>{ format!("+ Add {sym} tier") }</button>
        </details>
    }
}
