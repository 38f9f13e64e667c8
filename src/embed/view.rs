//! The page in embed mode (`?embed=1`): only the chosen panels, an optional
//! title and caption, and the content height posted to the parent page.
use std::rc::Rc;

use yew::prelude::*;

use crate::components::charts_panel::ChartsPanel;
use crate::components::editor::BookEditor;
use crate::components::notices::{self, Notices};
use crate::components::prices::path_row::PathRow;
use crate::components::prices::{PriceControls, PricesModel};
use crate::components::twin::{Twin, TwinModel};
use crate::embed::height::{observe, post_height};
use crate::embed::options::{EmbedOptions, Panel};
use crate::hooks::charts::Charts;
use crate::hooks::results::{Results, Same};
use crate::state::reducer::AppState;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<AppState>,
    pub results: Same<Results>,
    pub twin: TwinModel,
    pub charts: Charts,
    pub symbols: Rc<Vec<String>>,
    pub options: Rc<EmbedOptions>,
}

#[function_component(EmbedView)]
pub fn embed_view(p: &Props) -> Html {
    let root = use_node_ref();
    let o = &p.options;
    {
        let root = root.clone();
        let id = o.id.clone();
        use_effect_with((), move |_| {
            let cleanup = root
                .cast::<web_sys::Element>()
                .and_then(|el| observe(el, id));
            move || {
                if let Some(c) = cleanup {
                    c();
                }
            }
        });
    }
    {
        // After every render too (content may change without a resize of the root yet).
        let root = root.clone();
        let id = o.id.clone();
        use_effect(move || {
            if let Some(el) = root.cast::<web_sys::Element>() {
                post_height(&el, id.as_deref());
            }
        });
    }
    let s = &*p.state;
    let d = p.state.dispatcher();
    let mut twin_model = p.twin.clone();
    twin_model
        .columns
        .retain(|c| o.shows_column(crate::format::variant_key(c.variant)));
    let (verdict, twin) = (o.shows(Panel::Verdict), o.shows(Panel::Twin));
    let (value, map) = (o.shows(Panel::ValueChart), o.shows(Panel::Map));
    let prices = PricesModel::new(
        s,
        &p.results,
        |sym| o.shows_slider(sym),
        o.locks.prices,
        o.show_move,
        false,
    );
    html! {
        <main class="app embed" data-testid="embed" ref={root}>
            if let Some(t) = &o.title { <h1 class="embed-title" data-testid="embed-title">{ t.clone() }</h1> }
            <Notices ..notices::Props::of(s) />
            if verdict || twin { <Twin model={twin_model} show_verdict={verdict} show_columns={twin} /> }
            if o.shows(Panel::Prices) { <PriceControls model={prices} dispatch={d.clone()} /> }
            if o.shows(Panel::Path) {
                <section class="card path" aria-label="Path mode"><PathRow on={s.path_on} locked={o.locks.prices} dispatch={d.clone()} /></section>
            }
            if value || map {
                <ChartsPanel charts={p.charts.clone()} symbols={Rc::clone(&p.symbols)}
                    selected={s.selected} map_y={s.map_y} mixed={s.book.is_mixed()} dispatch={d.clone()} show_value={value} show_map={map} path_on={s.path_on} />
            }
            if o.shows(Panel::Book) {
                <BookEditor draft={Same(Rc::clone(&s.draft))} error={s.error.clone()} dispatch={d.clone()} locks={o.locks} />
            }
            if let Some(c) = &o.caption { <p class="embed-caption" data-testid="embed-caption">{ c.clone() }</p> }
        </main>
    }
}
