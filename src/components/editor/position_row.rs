//! One position in the editor: market, side, size, entry, leverage, margin
//! mode, isolated margin (with − and + nudges), duplicate and remove.
use margin_engine::scenario::{ModeSpec, SideSpec};
use margin_engine::{Subject, Variant};

use crate::components::explain::Explain;
use yew::prelude::*;

use crate::components::fields::{on_click, on_select, on_text, Dispatch, NumberInput};

use crate::state::action::Action;
use crate::state::draft::{PosField, PositionDraft};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    pub row: PositionDraft,
    pub symbols: std::rc::Rc<Vec<String>>,
    /// The field of this row the engine rejected (`size`, `leverage`…).
    pub invalid: Option<String>,
    /// That error in words ("Row 4, size: …"), shown under the row.
    #[prop_or_default]
    pub message: Option<String>,
    pub locked: bool,
    /// The contract size of its market when it is inverse (size in
    /// contracts, margin in the coin).
    #[prop_or_default]
    pub contract_size: Option<margin_engine::Decimal>,
    /// Its default isolated margin (the engine's, with the market's rules).
    #[prop_or_default]
    pub default_margin: Option<margin_engine::Decimal>,
    /// Its order costs, on a market with fees (the engine's).
    #[prop_or_default]
    pub costs: Option<margin_engine::OrderCosts>,
    /// Funding it pays over the holding time (negative: receives).
    #[prop_or_default]
    pub funding: Option<margin_engine::Decimal>,
    /// Its market follows Mango's health rule: an unsettled PnL box.
    #[prop_or_default]
    pub health: bool,
    pub dispatch: Dispatch,
}

/// The opening costs in words: "margin 5,000.00 + fee to open 30.00 + fee to
/// close 27.00 = 5,057.00" (coins to 8 places for an inverse contract).
fn costs_text(c: &margin_engine::OrderCosts, inverse: bool) -> String {
    let f = |x| crate::format::grouped(x, if inverse { 8 } else { 2 });
    format!(
        "Opening takes {}: margin {} + fee to open {} + fee to close {} (at the bankruptcy price of the leverage)",
        f(c.order_cost),
        f(c.initial_margin),
        f(c.fee_to_open),
        f(c.fee_to_close)
    )
}

/// "Funding over the holding time: 18.00 paid, out of its margin" (or
/// received, into the cross wallet).
fn funding_text(f: margin_engine::Decimal, inverse: bool, isolated: bool) -> String {
    let amount = crate::format::grouped(f.abs(), if inverse { 8 } else { 2 });
    let (verb, place) = match (f.is_sign_negative(), isolated) {
        (false, true) => ("paid", "out of its margin"),
        (false, false) => ("paid", "out of the cross wallet"),
        (true, true) => ("received", "into its margin"),
        (true, false) => ("received", "into the cross wallet"),
    };
    format!("Funding over the holding time: {amount} {verb}, {place}")
}

#[function_component(PositionRow)]
pub fn position_row(p: &Props) -> Html {
    let (i, pd, d) = (p.index, &p.row, &p.dispatch);
    let n = i.saturating_add(1);
    let bad = |f: &str| p.invalid.as_deref() == Some(f);
    let inverse = p.contract_size.is_some();
    let text = |f: PosField| {
        let what = match f {
            PosField::Size if inverse => "size in contracts".to_owned(),
            _ => f.name().to_owned(),
        };
        html! {
            <NumberInput id={format!("pos-{i}-{}", f.name())} label={format!("Position {n} {what}")} value={pd.text(f).to_owned()}
                invalid={bad(f.name())} locked={p.locked} oninput={on_text(d, move |t| Action::SetText(i, f, t))} />
        }
    };
    let isolated = pd.mode == ModeSpec::Isolated;
    let placeholder = p
        .default_margin
        .map(|m| crate::format::plain(m.round_dp(if inverse { 8 } else { 2 })))
        .unwrap_or_default();
    html! {
        <>
        <tr data-testid="position-row" class={classes!(isolated.then_some("isolated"))}>
            <td data-label="#">{ n }</td>
            <td data-label="Market">
                <select aria-label={format!("Position {n} market")} disabled={p.locked} aria-invalid={bad("market").then_some("true")}
                    onchange={on_select(d, move |v| Some(Action::SetMarket(i, v)))}>
                    { for p.symbols.iter().map(|sym| html! { <option value={sym.clone()} selected={*sym == pd.market}>{ sym.clone() }</option> }) }
                </select>
            </td>
            <td data-label="Side">
                <select aria-label={format!("Position {n} side")} disabled={p.locked}
                    onchange={on_select(d, move |v| Some(Action::SetSide(i, if v == "short" { SideSpec::Short } else { SideSpec::Long })))}>
                    <option value="long" selected={pd.side == SideSpec::Long}>{ "Long" }</option>
                    <option value="short" selected={pd.side == SideSpec::Short}>{ "Short" }</option>
                </select>
            </td>
            <td data-label={if inverse { "Contracts" } else { "Size" }}>{ text(PosField::Size) }
                if inverse { <span class="unit" title="Coin-margined: size in contracts, margin in the coin">{ "contracts" }</span> }
            </td>
            <td data-label="Entry">{ text(PosField::Entry) }</td>
            <td data-label="Leverage">{ text(PosField::Leverage) }</td>
            <td data-label="Mode">
                <select aria-label={format!("Position {n} margin mode")} disabled={p.locked}
                    onchange={on_select(d, move |v| Some(Action::SetMode(i, if v == "isolated" { ModeSpec::Isolated } else { ModeSpec::Cross })))}>
                    <option value="cross" selected={!isolated}>{ "Cross" }</option>
                    <option value="isolated" selected={isolated}>{ "Isolated" }</option>
                </select>
            </td>
            <td data-label="Margin" class="margin-cell">
                if isolated {
                    <button type="button" class="small" disabled={p.locked} aria-label={format!("Position {n}: less margin")}
                        onclick={on_click(d, Action::NudgeMargin(i, false))}>{ "−" }</button>
                    <NumberInput id={format!("pos-{i}-margin")} label={format!("Position {n} isolated margin{}", if inverse { " in coins" } else { "" })} value={pd.margin.clone()}
                        placeholder={Some(AttrValue::from(placeholder))} invalid={bad("margin")} locked={p.locked}
                        oninput={on_text(d, move |t| Action::SetText(i, PosField::Margin, t))} />
                    <button type="button" class="small" disabled={p.locked} aria-label={format!("Position {n}: more margin")}
                        onclick={on_click(d, Action::NudgeMargin(i, true))}>{ "+" }</button>
                } else if p.health {
                    <NumberInput id={format!("pos-{i}-unsettled")} label={format!("Position {n} unsettled PnL")} value={pd.unsettled.clone()}
                        placeholder={Some(AttrValue::from("unsettled 0"))} invalid={bad("unsettled")} locked={p.locked}
                        testid={Some(AttrValue::from(format!("unsettled-{i}")))}
                        oninput={on_text(d, move |t| Action::SetText(i, PosField::Unsettled, t))} />
                } else {
                    <span class="muted">{ "shared" }</span>
                }
            </td>
            <td data-label="">
                <button type="button" class="small" disabled={p.locked} aria-label={format!("Duplicate position {n}")}
                    onclick={on_click(d, Action::Duplicate(i))}>{ "Dup" }</button>
                <button type="button" class="small" disabled={p.locked} aria-label={format!("Remove position {n}")}
                    onclick={on_click(d, Action::Remove(i))}>{ "✕" }</button>
            </td>
        </tr>
        if p.costs.is_some() || p.funding.is_some() || isolated {
            <tr class="row-costs"><td colspan="9">
                if let Some(c) = &p.costs {
                    <p class="muted" data-testid="order-costs">{ costs_text(c, inverse) }</p>
                }
                if let Some(f) = p.funding {
                    <p class="muted" data-testid="funding-paid">{ funding_text(f, inverse, isolated) }</p>
                }
                // The margin it opens with, from the book the results show.
                <p class="muted small-text">{ "Default margin " }
                    <Explain subject={Subject::OpeningMargin { position: i }} variant={Variant::AsConfigured}
                        what={format!("position {n}'s default margin")} testid={format!("how-opening-{i}")} />
                </p>
            </td></tr>
        }
        if let Some(m) = &p.message {
            <tr class="row-error"><td colspan="9">
                <p class="field-error" role="alert" data-testid="field-error" data-field={format!("positions[{i}].{}", p.invalid.clone().unwrap_or_default())}>{ format!("⚠ {m}") }</p>
            </td></tr>
        }
        </>
    }
}
