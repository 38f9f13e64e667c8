//! The price controls: per market a slider and an exact box kept in sync,
//! the whole-market move with "Anchor", and path mode's switch.
//!
//! * [`prices::market_row`]: one market's slider and box;
//! * [`prices::move_row`]: the whole-market move;
//! * [`prices::path_row`]: path mode on/off and "Reset to marks".
pub mod market_row;
pub mod move_row;
pub mod path_row;

use yew::prelude::*;

use crate::components::fields::Dispatch;
use crate::components::prices::market_row::{MarketRow, RowModel};
use crate::components::prices::move_row::{MoveModel, MoveRow};
use crate::components::prices::path_row::PathRow;
use crate::hooks::results::Results;
use crate::state::reducer::AppState;

/// What the price controls show.
#[derive(Debug, Clone, PartialEq)]
pub struct PricesModel {
    pub rows: Vec<RowModel>,
    /// `None`: the whole-market move is hidden (embeds with `move=0`).
    pub market_move: Option<MoveModel>,
    /// `None`: no path row (embeds show it as a panel of its own).
    pub path: Option<(bool, bool)>,
}

impl PricesModel {
    /// The controls for `s` with `r`'s prices; `shows(symbol)` picks the sliders.
    pub fn new(
        s: &AppState,
        r: &Results,
        shows: impl Fn(&str) -> bool,
        locked: bool,
        show_move: bool,
        path_row: bool,
    ) -> PricesModel {
        let rows = (0..s.book.markets().len())
            .filter(|&m| s.book.markets().get(m).is_some_and(|x| shows(&x.symbol)))
            .filter_map(|m| RowModel::new(s, r, m, locked))
            .collect();
        PricesModel {
            rows,
            market_move: show_move.then(|| MoveModel::new(s, locked)),
            path: path_row.then_some((s.path_on, locked)),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub model: PricesModel,
    pub dispatch: Dispatch,
}

#[function_component(PriceControls)]
pub fn price_controls(p: &Props) -> Html {
    let m = &p.model;
    html! {
        <section class="card prices" aria-labelledby="prices-h">
            <h2 id="prices-h">{ "Prices" }</h2>
            { for m.rows.iter().map(|r| html! { <MarketRow key={r.symbol.clone()} model={r.clone()} dispatch={p.dispatch.clone()} /> }) }
            if let Some(mv) = &m.market_move { <MoveRow model={mv.clone()} dispatch={p.dispatch.clone()} /> }
            if let Some((on, locked)) = m.path { <PathRow on={on} locked={locked} dispatch={p.dispatch.clone()} /> }
        </section>
    }
}
