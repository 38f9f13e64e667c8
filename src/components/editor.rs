//! The book editor: wallet, markets with their tier tables, and positions.
//! Every box keeps what was typed; a value the engine rejects is marked and
//! the results keep the last valid book.
//!
//! * [`editor::positions`]: the positions table, page by page for long books;
//! * [`editor::position_row`]: one position's fields;
//! * [`editor::assets`]: the collateral (coins, their prices and ratios);
//! * [`editor::markets`]: the markets, their marks, tier sources and contracts;
//! * [`editor::tier_table`]: a custom tier table, row by row;
//! * [`editor::paste_panel`]: positions pasted as a table, with a preview.
pub mod assets;
pub mod compare_box;
pub mod markets;
pub mod paste_panel;
pub mod position_row;
pub mod positions;
pub mod tier_table;

use std::rc::Rc;

use yew::prelude::*;

use crate::components::editor::assets::Assets;
use crate::components::editor::markets::Markets;
use crate::components::editor::paste_panel::PastePanel;
use crate::components::editor::positions::Positions;
use crate::components::fields::{field_error, on_text, Dispatch, NumberInput};
use crate::embed::options::Locks;
use crate::hooks::results::Same;
use crate::state::action::Action;
use crate::state::draft::Draft;
use margin_engine::Error;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: Same<Draft>,
    /// The draft's error (field and code), if any.
    pub error: Option<Error>,
    pub dispatch: Dispatch,
    /// Read-only parts (embeds).
    #[prop_or_default]
    pub locks: Locks,
}

/// Whether `error` concerns `field` exactly.
pub fn is_field(error: &Option<Error>, field: &str) -> bool {
    error.as_ref().is_some_and(|e| e.field == field)
}

#[function_component(BookEditor)]
pub fn book_editor(p: &Props) -> Html {
    let d = &p.draft;
    let symbols: Rc<Vec<String>> = Rc::new(d.markets.iter().map(|m| m.symbol.clone()).collect());
    html! {
        <section class="card editor" aria-labelledby="book-h">
            <h2 id="book-h">{ "Book" }</h2>
            <div class="fields">
                <div class="field">
                    <label for="wallet">{ format!("Wallet ({})", d.quote) }</label>
                    <NumberInput id="wallet" label={format!("Wallet ({})", d.quote)} value={d.wallet.clone()}
                        testid={Some(AttrValue::from("wallet"))} invalid={is_field(&p.error, "wallet")} locked={p.locks.wallet}
                        oninput={on_text(&p.dispatch, Action::SetWallet)} />
                    { field_error(&p.error, "wallet") }
                </div>
                <div class="field">
                    <label for="hours">{ "Holding time (hours)" }</label>
                    <NumberInput id="hours" label="Holding time in hours: funding is paid for it" value={d.hours.clone()}
                        placeholder={Some(AttrValue::from("0"))} testid={Some(AttrValue::from("hours"))}
                        invalid={is_field(&p.error, "settings.hours")} locked={p.locks.wallet}
                        oninput={on_text(&p.dispatch, Action::SetHours)} />
                    { field_error(&p.error, "settings.hours") }
                </div>
            </div>
            <Assets draft={p.draft.clone()} error={p.error.clone()} dispatch={p.dispatch.clone()} locked={p.locks.wallet} />
            <Markets draft={p.draft.clone()} error={p.error.clone()} dispatch={p.dispatch.clone()} locked={p.locks.marks} />
            <Positions draft={p.draft.clone()} symbols={symbols} error={p.error.clone()} dispatch={p.dispatch.clone()} locked={p.locks.positions} />
            <PastePanel locked={p.locks.positions} dispatch={p.dispatch.clone()} />
            <compare_box::CompareBox draft={p.draft.clone()} />
        </section>
    }
}
