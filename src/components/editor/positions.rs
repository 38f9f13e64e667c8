//! The positions table. A long book is shown a page at a time (filtered by
//! market if wished); rows whose fields did not change are not rendered again.
use margin_engine::Error;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::editor::position_row::PositionRow;
use crate::components::fields::{on_click, Dispatch};
use crate::hooks::results::Same;
use crate::state::action::Action;
use crate::state::draft::Draft;

/// Rows per page of the positions table.
pub const PAGE: usize = 50;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: Same<Draft>,
    pub symbols: std::rc::Rc<Vec<String>>,
    pub error: Option<Error>,
    pub locked: bool,
    pub dispatch: Dispatch,
}

/// The row and field of a `positions[i].field` error.
fn error_at(e: &Option<Error>) -> Option<(usize, String)> {
    let f = e.as_ref()?.field.strip_prefix("positions[")?;
    let (i, rest) = f.split_once(']')?;
    Some((i.parse().ok()?, rest.trim_start_matches('.').to_owned()))
}

#[function_component(Positions)]
pub fn positions(p: &Props) -> Html {
    let page = use_state(|| 0usize);
    let filter = use_state(String::new);
    let d = &p.draft;
    let shown: Vec<usize> = (0..d.positions.len())
        .filter(|&i| filter.is_empty() || d.positions.get(i).is_some_and(|x| x.market == *filter))
        .collect();
    let pages = shown.len().div_ceil(PAGE).max(1);
    let current = (*page).min(pages.saturating_sub(1));
    let start = current.saturating_mul(PAGE);
    let rows = shown.iter().skip(start).take(PAGE).copied();
    let bad = error_at(&p.error);
    let on_filter = {
        let (filter, page) = (filter.clone(), page.clone());
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                filter.set(s.value());
                page.set(0);
            }
        })
    };
    let long = d.positions.len() > PAGE;
    let (prev, next) = (page.clone(), page.clone());
    let end = start.saturating_add(PAGE).min(shown.len());
    html! {
        <>
            if long {
                <p class="pager" data-testid="positions-pager">
                    <label>{ "Market " }
                        <select onchange={on_filter} aria-label="Show the positions of one market">
                            <option value="" selected={filter.is_empty()}>{ "all" }</option>
                            { for p.symbols.iter().map(|s| html! { <option value={s.clone()} selected={*s == *filter}>{ s.clone() }</option> }) }
                        </select>
                    </label>
                    <button type="button" class="small" disabled={current == 0} onclick={Callback::from(move |_| prev.set(current.saturating_sub(1)))}>{ "‹ Previous" }</button>
                    { format!(" rows {}–{} of {} ", start.saturating_add(1).min(shown.len()), end, shown.len()) }
                    <button type="button" class="small" disabled={end >= shown.len()} onclick={Callback::from(move |_| next.set(current.saturating_add(1)))}>{ "Next ›" }</button>
                </p>
            }
            <div class="table-wrap">
                <table class="positions">
                    <thead><tr>
                        <th scope="col">{ "#" }</th><th scope="col">{ "Market" }</th><th scope="col">{ "Side" }</th>
                        <th scope="col">{ "Size" }</th><th scope="col">{ "Entry" }</th><th scope="col">{ "Leverage" }</th>
                        <th scope="col">{ "Mode" }</th><th scope="col">{ "Isolated margin" }</th><th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>
                        { for rows.filter_map(|i| d.positions.get(i).map(|row| (i, row))).map(|(i, row)| {
                            let figures = p.draft.row_figures(i);
                            html! {
                            <PositionRow key={i} index={i} row={row.clone()} symbols={p.symbols.clone()}
                                invalid={bad.as_ref().filter(|(r, _)| *r == i).map(|(_, f)| f.clone())}
                                message={bad.as_ref().filter(|(r, _)| *r == i).and(p.error.as_ref()).map(crate::components::fields::error_words)}
                                locked={p.locked} contract_size={p.draft.contract_size_of(i)}
                                health={p.draft.under_health_rule(i)}
                                default_margin={figures.default_margin} costs={figures.costs}
                                funding={figures.funding} dispatch={p.dispatch.clone()} />
                        }}) }
                    </tbody>
                </table>
            </div>
            <button type="button" data-testid="add-position" disabled={p.locked} onclick={on_click(&p.dispatch, Action::AddPosition)}>
                { "+ Add position" }
            </button>
        </>
    }
}
