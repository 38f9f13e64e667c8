//! Price controls: per market a range slider and an exact box kept in sync, a
//! whole-market move slider with "Anchor", and the path-mode switch.
use std::rc::Rc;

use margin_engine::Decimal;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::chart_data::price_range;
use crate::format::{plain, price};
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
    /// In an embed: which sliders show, whether prices are locked (no path row there).
    #[prop_or_default]
    pub embed: Option<Rc<crate::embed::EmbedOptions>>,
}

/// A slider step of about 1/10,000 of the mark, a power of ten.
pub fn slider_step(mark: Decimal) -> Decimal {
    let digits = i64::try_from(mark.trunc().to_string().len()).unwrap_or(1);
    let exp = if mark >= Decimal::ONE { digits - 5 } else { -5 };
    if exp >= 0 {
        Decimal::from(10i64.pow(u32::try_from(exp).unwrap_or(0).min(12)))
    } else {
        Decimal::new(1, u32::try_from(-exp).unwrap_or(4).min(12))
    }
}

fn input_cb(d: &UseReducerDispatcher<State>, f: impl Fn(String) -> Action + 'static) -> Callback<InputEvent> {
    let d = d.clone();
    Callback::from(move |e: InputEvent| d.dispatch(f(e.target_unchecked_into::<HtmlInputElement>().value())))
}

#[function_component(PriceControls)]
pub fn price_controls(p: &Props) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let bad = |m: usize| s.price_error.as_ref().filter(|(k, _)| *k == m).map(|_| "true");
    let embed = p.embed.as_deref();
    let locked = embed.is_some_and(|e| e.locks.prices);
    let show_move = embed.is_none_or(|e| e.show_move);
    let rows = s.book.markets.iter().enumerate().filter(|(_, market)| embed.is_none_or(|e| e.shows_slider(&market.symbol))).map(|(m, market)| {
        let sym = market.symbol.clone();
        let (lo, hi) = price_range(market.mark);
        let base = s.base.get(m).copied().unwrap_or(market.mark);
        let text = s.price_text.get(m).cloned().unwrap_or_default();
        let eff = s.view.prices.get(m);
        let change = if market.mark.is_zero() { Decimal::ZERO } else { (base - market.mark) / market.mark };
        html! {
            <div class="price-row">
                <label for={format!("price-{m}")}>{ sym.clone() }</label>
                <input id={format!("price-slider-{m}")} type="range" data-testid={format!("price-slider-{sym}")}
                    aria-label={format!("{sym} price slider")}
                    min={plain(lo)} max={plain(hi)} step={plain(slider_step(market.mark))} value={plain(base)}
                    disabled={locked}
                    oninput={input_cb(d, move |t| Action::SetPrice(m, t))} />
                <input id={format!("price-{m}")} class="num" type="text" inputmode="decimal"
                    data-testid={format!("price-input-{sym}")} value={text} aria-invalid={bad(m)}
                    readonly={locked}
                    oninput={input_cb(d, move |t| Action::SetPrice(m, t))} />
                <span class="muted small-text">
                    { format!("{} vs mark", crate::format::percent(change)) }
                    if eff != base { { format!(" · now {}", price(eff)) } }
                </span>
            </div>
        }
    });
    let anchor = d.clone();
    html! {
        <section class="card prices" aria-labelledby="prices-h">
            <h2 id="prices-h">{ "Prices" }</h2>
            { for rows }
            if show_move {
            <div class="price-row move-row">
                <label for="market-move">{ "Whole market %" }</label>
                <input id="market-move" type="range" data-testid="market-move" aria-label="Whole-market move in percent"
                    min="-90" max="200" step="0.1" value={plain(s.market_move)} disabled={locked}
                    oninput={input_cb(d, Action::SetMove)} />
                <input class="num" type="text" inputmode="decimal" aria-label="Whole-market move, exact percent"
                    value={s.move_text.clone()} aria-invalid={bad(usize::MAX)} readonly={locked}
                    oninput={input_cb(d, Action::SetMove)} />
                <button type="button" onclick={Callback::from(move |_| anchor.dispatch(Action::Anchor))} disabled={locked}
                    title="Make the moved prices the new base and set the move back to 0">{ "Anchor" }</button>
            </div>
            }
            if embed.is_none() { { path_row(s, d, false) } }
        </section>
    }
}

/// The path-mode switch and "Reset to marks" (`locked`: prices cannot be reset).
pub fn path_row(s: &State, d: &UseReducerDispatcher<State>, locked: bool) -> Html {
    let toggle = d.clone();
    let reset = d.clone();
    let path_on = s.path.is_some();
    html! {
        <div class="path-row">
            <label class="check">
                <input type="checkbox" checked={path_on} onchange={Callback::from(move |_| toggle.dispatch(Action::TogglePath))} />
                { " Path mode (liquidations latch along the prices you visit)" }
            </label>
            <button type="button" disabled={locked} onclick={Callback::from(move |_| reset.dispatch(Action::ResetPath))}>{ "Reset to marks" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_about_a_ten_thousandth_of_the_mark() {
        assert_eq!(slider_step(Decimal::from(60_000)), Decimal::ONE);
        assert_eq!(slider_step(Decimal::from(3_000)), Decimal::new(1, 1));
        assert_eq!(slider_step(Decimal::from(150)), Decimal::new(1, 2));
        assert_eq!(slider_step(Decimal::new(5, 1)), Decimal::new(1, 5));
    }
}
