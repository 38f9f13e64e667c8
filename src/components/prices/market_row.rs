//! One market's price: a range slider and an exact box that follow each
//! other, with the move from the mark and the price in use under a
//! whole-market move (both from the engine's snapshot).
use margin_engine::Decimal;
use yew::prelude::*;

use crate::components::fields::{on_text, Dispatch, NumberInput};
use crate::format::{percent, plain, price};
use crate::hooks::results::Results;
use crate::state::action::Action;
use crate::state::prices::slider_range;
use crate::state::reducer::AppState;

#[derive(Debug, Clone, PartialEq)]
pub struct RowModel {
    pub market: usize,
    pub symbol: String,
    pub min: String,
    pub max: String,
    pub step: String,
    /// The slider's position and the box's text: the price in use.
    pub slider: String,
    pub text: String,
    pub invalid: bool,
    pub locked: bool,
    /// "−13.3 % vs mark", and " · moved from 52,000" under a whole-market move.
    pub note: String,
}

/// A slider step of about 1/10,000 of the mark, a power of ten.
pub fn slider_step(mark: Decimal) -> Decimal {
    let digits = i64::try_from(mark.trunc().to_string().len()).unwrap_or(1);
    let exp = if mark >= Decimal::ONE {
        digits.saturating_sub(5)
    } else {
        -5
    };
    let exp = exp.clamp(-12, 12);
    if exp >= 0 {
        Decimal::from(10i64.saturating_pow(u32::try_from(exp).unwrap_or(0)))
    } else {
        Decimal::new(1, u32::try_from(exp.saturating_neg()).unwrap_or(4))
    }
}

impl RowModel {
    pub fn new(s: &AppState, r: &Results, m: usize, locked: bool) -> Option<RowModel> {
        let market = s.book.markets().get(m)?;
        let (lo, hi) = slider_range(market.mark);
        let base = s.prices.base.get(m).copied().unwrap_or(market.mark);
        let in_use = r.prices().get(m).ok()?;
        let change = r.snapshot.change_from_mark(&r.analyzer, m).ok()?;
        // The box and the slider show the price in use: under a whole-market
        // move that is the moved price, not the base it was moved from.
        let moved = in_use != base;
        let (slider, text, now) = if moved {
            let shown = plain(in_use.round_dp(8));
            (
                shown.clone(),
                shown,
                format!(" · moved from {}", price(base)),
            )
        } else {
            (
                plain(base),
                s.prices.text.get(m).cloned().unwrap_or_default(),
                String::new(),
            )
        };
        let field = format!("prices.{}", market.symbol);
        Some(RowModel {
            market: m,
            symbol: market.symbol.clone(),
            min: plain(lo),
            max: plain(hi),
            step: plain(slider_step(market.mark)),
            slider,
            text,
            invalid: s.prices.error.as_ref().is_some_and(|e| e.field == field),
            locked,
            note: format!("{} vs mark{now}", percent(change)),
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub model: RowModel,
    pub dispatch: Dispatch,
}

#[function_component(MarketRow)]
pub fn market_row(p: &Props) -> Html {
    let r = &p.model;
    let m = r.market;
    let sym = &r.symbol;
    html! {
        <div class="price-row">
            <label for={format!("price-{m}")}>{ sym.clone() }</label>
            <input id={format!("price-slider-{m}")} type="range" data-testid={format!("price-slider-{sym}")}
                aria-label={format!("{sym} price slider")} min={r.min.clone()} max={r.max.clone()} step={r.step.clone()}
                value={r.slider.clone()} disabled={r.locked}
                oninput={on_text(&p.dispatch, move |t| Action::SetPrice(m, t))} />
            <NumberInput id={format!("price-{m}")} label={format!("{sym} price")} value={r.text.clone()}
                testid={Some(AttrValue::from(format!("price-input-{sym}")))} invalid={r.invalid} locked={r.locked}
                oninput={on_text(&p.dispatch, move |t| Action::SetPrice(m, t))} />
            <span class="muted small-text">{ r.note.clone() }</span>
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
        assert_eq!(
            slider_step(Decimal::MAX),
            Decimal::from(1_000_000_000_000i64)
        );
    }
}
