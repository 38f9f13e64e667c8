//! The book editor: wallet, markets (see `markets_editor`), positions table.
use std::rc::Rc;

use margin_engine::scenario::{ModeSpec, SideSpec};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::draft::PosField;
use crate::markets_editor::MarketsEditor;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
    /// Read-only inputs (embeds).
    #[prop_or_default]
    pub locks: crate::embed::Locks,
}

pub(crate) fn on_text(dispatch: &UseReducerDispatcher<State>, f: impl Fn(String) -> Action + 'static) -> Callback<InputEvent> {
    let d = dispatch.clone();
    Callback::from(move |e: InputEvent| d.dispatch(f(e.target_unchecked_into::<HtmlInputElement>().value())))
}

pub(crate) fn on_select(dispatch: &UseReducerDispatcher<State>, f: impl Fn(String) -> Option<Action> + 'static) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        if let Some(a) = f(e.target_unchecked_into::<HtmlSelectElement>().value()) {
            d.dispatch(a);
        }
    })
}

pub(crate) fn invalid(state: &State, field: &str) -> Option<&'static str> {
    state.error.as_ref().filter(|e| e.field == field).map(|_| "true")
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn text_input(state: &State, id: String, field: &str, label: String, value: &str, locked: bool, oninput: Callback<InputEvent>) -> Html {
    html! {
        <input id={id} class="num" type="text" inputmode="decimal" autocomplete="off" aria-label={label}
            value={value.to_owned()} aria-invalid={invalid(state, field)} readonly={locked}
            aria-describedby={invalid(state, field).map(|_| "error")} {oninput} />
    }
}

#[function_component(Editor)]
pub fn editor(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let lk = p.locks;
    let symbols: Vec<String> = s.draft.markets.iter().map(|m| m.symbol.clone()).collect();
    let rows = s.draft.positions.iter().enumerate().map(|(i, pd)| {
        let at = |f: &str| format!("positions[{i}].{f}");
        let n = i + 1;
        let market_opts = symbols.iter().map(|sym| html! {
            <option value={sym.clone()} selected={*sym == pd.market}>{ sym.clone() }</option>
        });
        let text = |f: PosField| {
            text_input(s, format!("pos-{i}-{}", f.name()), &at(f.name()), format!("Position {n} {}", f.name()),
                pd.text(f), lk.positions, on_text(d, move |t| Action::SetText(i, f, t)))
        };
        let isolated = pd.mode == ModeSpec::Isolated;
        let placeholder = pd.default_margin().map(|m| crate::format::plain(m.round_dp(2))).unwrap_or_default();
        let (dd, du, ddup, drm) = (d.clone(), d.clone(), d.clone(), d.clone());
        html! {
            <tr data-testid="position-row" class={classes!(isolated.then_some("isolated"))}>
                <td data-label="#">{ n }</td>
                <td data-label="Market">
                    <select aria-label={format!("Position {n} market")} disabled={lk.positions} aria-invalid={invalid(s, &at("market"))}
                        onchange={on_select(d, move |v| Some(Action::SetMarket(i, v)))}>{ for market_opts }</select>
                </td>
                <td data-label="Side">
                    <select aria-label={format!("Position {n} side")} disabled={lk.positions}
                        onchange={on_select(d, move |v| Some(Action::SetSide(i, if v == "short" { SideSpec::Short } else { SideSpec::Long })))}>
                        <option value="long" selected={pd.side == SideSpec::Long}>{ "Long" }</option>
                        <option value="short" selected={pd.side == SideSpec::Short}>{ "Short" }</option>
                    </select>
                </td>
                <td data-label="Size">{ text(PosField::Size) }</td>
                <td data-label="Entry">{ text(PosField::Entry) }</td>
                <td data-label="Leverage">{ text(PosField::Leverage) }</td>
                <td data-label="Mode">
                    <select aria-label={format!("Position {n} margin mode")} disabled={lk.positions}
                        onchange={on_select(d, move |v| Some(Action::SetMode(i, if v == "isolated" { ModeSpec::Isolated } else { ModeSpec::Cross })))}>
                        <option value="cross" selected={!isolated}>{ "Cross" }</option>
                        <option value="isolated" selected={isolated}>{ "Isolated" }</option>
                    </select>
                </td>
                <td data-label="Margin" class="margin-cell">
                    if isolated {
                        <button type="button" class="small" disabled={lk.positions} aria-label={format!("Position {n}: less margin")}
                            onclick={Callback::from(move |_| dd.dispatch(Action::NudgeMargin(i, -1)))}>{ "−" }</button>
                        <input id={format!("pos-{i}-margin")} class="num" type="text" inputmode="decimal"
                            aria-label={format!("Position {n} isolated margin")} placeholder={placeholder}
                            value={pd.margin.clone()} aria-invalid={invalid(s, &at("margin"))} readonly={lk.positions}
                            oninput={on_text(d, move |t| Action::SetText(i, PosField::Margin, t))} />
                        <button type="button" class="small" disabled={lk.positions} aria-label={format!("Position {n}: more margin")}
                            onclick={Callback::from(move |_| du.dispatch(Action::NudgeMargin(i, 1)))}>{ "+" }</button>
                    } else {
                        <span class="muted">{ "shared" }</span>
                    }
                </td>
                <td data-label="">
                    <button type="button" class="small" disabled={lk.positions} aria-label={format!("Duplicate position {n}")}
                        onclick={Callback::from(move |_| ddup.dispatch(Action::Duplicate(i)))}>{ "Dup" }</button>
                    <button type="button" class="small" disabled={lk.positions} aria-label={format!("Remove position {n}")}
                        onclick={Callback::from(move |_| drm.dispatch(Action::Remove(i)))}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    let add = d.clone();
    html! {
        <section class="card editor" aria-labelledby="book-h">
            <h2 id="book-h">{ "Book" }</h2>
            <div class="fields">
                <div class="field">
                    <label for="wallet">{ format!("Wallet ({})", s.draft.quote) }</label>
                    <input id="wallet" data-testid="wallet" class="num" type="text" inputmode="decimal"
                        value={s.draft.wallet.clone()} aria-invalid={invalid(s, "wallet")} readonly={lk.wallet}
                        aria-describedby={invalid(s, "wallet").map(|_| "error")}
                        oninput={on_text(d, Action::SetWallet)} />
                </div>
            </div>
            <MarketsEditor state={s.clone()} dispatch={d.clone()} locked={lk.marks} />
            <div class="table-wrap">
                <table class="positions">
                    <thead><tr>
                        <th scope="col">{ "#" }</th><th scope="col">{ "Market" }</th><th scope="col">{ "Side" }</th>
                        <th scope="col">{ "Size" }</th><th scope="col">{ "Entry" }</th><th scope="col">{ "Leverage" }</th>
                        <th scope="col">{ "Mode" }</th><th scope="col">{ "Isolated margin" }</th><th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <button type="button" data-testid="add-position" disabled={lk.positions} onclick={Callback::from(move |_| add.dispatch(Action::AddPosition))}>
                { "+ Add position" }
            </button>
        </section>
    }
}
