//! The results: the verdict banner over one column per margin set-up (cross,
//! isolated, and the book as configured when it mixes both).
//!
//! * [`twin::verdict`]: the verdict in words and its banner;
//! * [`twin::column`]: a set-up's totals, positions and liquidation prices.
pub mod column;
pub mod verdict;

use margin_engine::{Variant, Verdict};
use yew::prelude::*;

use crate::components::twin::column::{Column, Model};
use crate::components::twin::verdict::{verdict_text, VerdictBanner};
use crate::format::shown_variants;
use crate::hooks::path_run::PathView;
use crate::hooks::results::Results;

/// What the results section shows, as display data.
#[derive(Debug, Clone, PartialEq)]
pub struct TwinModel {
    pub verdict: Option<Verdict>,
    pub text: String,
    pub columns: Vec<Model>,
}

impl TwinModel {
    /// The verdict (naming the cross liquidation along `selected`) and the columns.
    pub fn new(r: &Results, selected: usize, path: Option<&PathView>) -> TwinModel {
        let a = &r.analyzer;
        let book = a.book();
        let columns = shown_variants(book)
            .into_iter()
            .map(|v| crate::components::twin::column::model(r, v, path))
            .collect();
        match a.comparison(&r.snapshot) {
            Ok(c) => {
                let symbol = book
                    .markets()
                    .get(selected)
                    .map(|m| m.symbol.as_str())
                    .unwrap_or_default();
                let along = r
                    .snapshot
                    .variant(Variant::AllCross)
                    .and_then(|v| v.cross.as_ref())
                    .zip(r.prices().get(selected).ok())
                    .and_then(|(c, p)| c.liquidation(selected, p))
                    .map(|b| (symbol, b));
                TwinModel {
                    verdict: Some(c.verdict),
                    text: verdict_text(book, &c, along),
                    columns,
                }
            }
            Err(e) => TwinModel {
                verdict: None,
                text: format!("No comparison: {e}. Only cross margin can hold this book."),
                columns,
            },
        }
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
                <VerdictBanner verdict={m.verdict} text={m.text.clone()} />
            }
            if p.show_columns {
                <div class={classes!("twin", (m.columns.len() > 2).then_some("three"))}>
                    { for m.columns.iter().map(|c| html! { <Column key={crate::format::variant_key(c.variant)} model={c.clone()} /> }) }
                </div>
            }
        </section>
    }
}
