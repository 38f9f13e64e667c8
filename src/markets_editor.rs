//! The markets in the book editor: symbol, mark, tier table source (a shipped
//! preset or a custom table, editable row by row), add and remove.
use std::rc::Rc;

use yew::prelude::*;

use crate::draft::MarketDraft;
use crate::editor::{invalid, on_select, on_text, text_input};
use crate::market_actions::CUSTOM;
use crate::state::{Action, State};
use crate::tier_draft::TierField;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
    /// Read-only (embeds that lock the marks).
    #[prop_or_default]
    pub locked: bool,
}

fn click(d: &UseReducerDispatcher<State>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.dispatch(a.clone()))
}

fn source_select(s: &State, d: &UseReducerDispatcher<State>, m: usize, md: &MarketDraft, locked: bool) -> Html {
    let opts = margin_engine::presets::PRESETS.iter().map(|p| {
        html! {
            <option value={p.name} selected={md.preset.as_deref() == Some(p.name)}>
                { format!("{} {} ({})", p.venue, p.symbol, p.as_of) }
            </option>
        }
    });
    let bad = invalid(s, &format!("markets[{m}].tiers")).or(invalid(s, &format!("markets[{m}].preset")));
    html! {
        <select id={format!("tier-source-{m}")} data-testid={format!("tier-source-{}", md.symbol)}
            aria-label={format!("{} tier table", md.symbol)} disabled={locked} aria-invalid={bad}
            onchange={on_select(d, move |v| Some(Action::SetTierSource(m, v)))}>
            { for opts }
            <option value={CUSTOM} selected={md.preset.is_none()}>{ "Custom table" }</option>
        </select>
    }
}

fn tier_table(s: &State, d: &UseReducerDispatcher<State>, m: usize, md: &MarketDraft, locked: bool) -> Html {
    let sym = &md.symbol;
    let rows = md.tiers.iter().enumerate().map(|(j, t)| {
        let n = j + 1;
        let cells = TierField::ALL.iter().map(|&f| {
            let field = format!("markets[{m}].tiers[{j}].{}", f.name());
            html! {
                <td data-label={f.label()}>
                    { text_input(s, format!("tier-{m}-{j}-{}", f.name()), &field,
                        format!("{sym} tier {n} {}", f.label()), t.text(f), locked,
                        on_text(d, move |v| Action::SetTier(m, j, f, v))) }
                </td>
            }
        });
        html! {
            <tr data-testid="tier-row">
                <td data-label="Tier">{ n }</td>
                { for cells }
                <td data-label="">
                    <button type="button" class="small" disabled={locked || md.tiers.len() <= 1}
                        aria-label={format!("Remove {sym} tier {n}")} onclick={click(d, Action::RemoveTier(m, j))}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    html! {
        <details class="tiers" open=true>
            <summary>{ format!("{sym} tier table ({} tiers)", md.tiers.len()) }</summary>
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
            <button type="button" class="small" disabled={locked || md.tiers.len() >= 64}
                onclick={click(d, Action::AddTier(m))}>{ format!("+ Add {sym} tier") }</button>
        </details>
    }
}

#[function_component(MarketsEditor)]
pub fn markets_editor(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let locked = p.locked;
    let count = s.draft.markets.len();
    let markets = s.draft.markets.iter().enumerate().map(|(m, md)| {
        let sym = md.symbol.clone();
        let in_use = s.draft.market_in_use(&sym);
        let why = if in_use {
            Some(format!("{sym} is used by a position; remove or move the position first"))
        } else if count <= 1 {
            Some("A book needs at least one market".to_owned())
        } else {
            None
        };
        html! {
            <div class="market-row" data-testid="market-row">
                <div class="fields">
                    <div class="field">
                        <label for={format!("symbol-{m}")}>{ "Symbol" }</label>
                        { text_input(s, format!("symbol-{m}"), &format!("markets[{m}].symbol"),
                            format!("Market {} symbol", m + 1), &md.symbol, locked, on_text(d, move |t| Action::SetSymbol(m, t))) }
                    </div>
                    <div class="field">
                        <label for={format!("mark-{m}")}>{ format!("{sym} mark") }</label>
                        { text_input(s, format!("mark-{m}"), &format!("markets[{m}].mark"), format!("{sym} mark price"),
                            &md.mark, locked, on_text(d, move |t| Action::SetMark(m, t))) }
                    </div>
                    <div class="field">
                        <label for={format!("tier-source-{m}")}>{ "Tier table" }</label>
                        { source_select(s, d, m, md, locked) }
                    </div>
                    <div class="field market-remove">
                        <button type="button" class="small" data-testid={format!("remove-market-{sym}")}
                            disabled={locked || why.is_some()} title={why.clone()}
                            aria-label={format!("Remove market {sym}")} onclick={click(d, Action::RemoveMarket(m))}>
                            { "Remove market" }
                        </button>
                    </div>
                </div>
                if md.preset.is_none() { { tier_table(s, d, m, md, locked) } }
            </div>
        }
    });
    html! {
        <div class="markets" role="group" aria-label="Markets">
            { for markets }
            <button type="button" data-testid="add-market" disabled={locked} onclick={click(d, Action::AddMarket)}>
                { "+ Add market" }
            </button>
        </div>
    }
}
