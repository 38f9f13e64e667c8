//! The page's toolbar: load an example, copy a share link (the whole
//! scenario in the URL), copy embed code, export and import.
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::embed_panel::EmbedPanel;
use crate::components::fields::Dispatch;
use crate::hooks::Latest;
use crate::state::action::Action;
use crate::state::reducer::AppState;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's state, read when a link or snippet is made.
    pub state: Latest<UseReducerHandle<AppState>>,
    pub dispatch: Dispatch,
}

#[function_component(Toolbar)]
pub fn toolbar(p: &Props) -> Html {
    let link = use_state(String::new);
    let on_share = {
        let (state, link) = (p.state.clone(), link.clone());
        Callback::from(move |_| {
            let Some(state) = state.get() else { return };
            let hash = state.shared().fragment();
            let url = format!("{}{hash}", crate::io::location::page_url());
            crate::io::location::replace_hash(&hash);
            crate::io::clipboard::copy(&url);
            link.set(url);
        })
    };
    let on_example = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                d.dispatch(Action::LoadExample(s.value()));
            }
        })
    };
    let examples = margin_engine::samples::SAMPLES
        .iter()
        .map(|x| html! { <option value={x.id} title={x.lesson}>{ x.title }</option> });
    html! {
        <div class="toolbar">
            <label for="preset">{ "Load example" }</label>
            <select id="preset" data-testid="preset" onchange={on_example}>
                <option value="" selected=true disabled=true>{ "Choose…" }</option>
                { for examples }
            </select>
            <button type="button" data-testid="tour-start" class="tour-start" title="Five short steps over the teaching examples (undo brings your book back)"
                onclick={crate::components::fields::on_click(&p.dispatch, Action::Tour(Some(0)))}>{ "▶ Guided tour" }</button>
            <button type="button" data-testid="new-book" title="The same wallet and markets, no positions (undo brings the book back)"
                onclick={crate::components::fields::on_click(&p.dispatch, Action::NewBook)}>{ "New book" }</button>
            <button type="button" data-testid="share-link" onclick={on_share}>{ "Copy share link" }</button>
            <EmbedPanel state={p.state.clone()} />
            if !link.is_empty() {
                <input class="share-url" data-testid="share-url" type="text" readonly=true aria-label="Share link" value={(*link).clone()} />
            }
        </div>
    }
}
