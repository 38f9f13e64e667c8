//! "Copy embed code": a small panel choosing the embed's panels, locks, title
//! and caption, with the snippet for the current scenario and prices.
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::embed::options::{EmbedOptions, Locks, Panel};
use crate::hooks::Latest;
use crate::state::reducer::AppState;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The page's state: the embed opens with its scenario and prices.
    pub state: Latest<UseReducerHandle<AppState>>,
}

fn checked(e: &Event) -> bool {
    e.target_dyn_into::<HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

fn text(e: &InputEvent) -> Option<String> {
    let v = e.target_dyn_into::<HtmlInputElement>()?.value();
    Some(v).filter(|v| !v.trim().is_empty())
}

/// The embed snippet of the page's scenario and prices.
fn snippet_for(state: &Latest<UseReducerHandle<AppState>>, opts: &EmbedOptions) -> String {
    let Some(state) = state.get() else {
        return String::new();
    };
    let hash = state.shared().fragment();
    crate::embed::snippet::snippet(&crate::io::location::page_url(), opts, &hash)
}

#[function_component(EmbedPanel)]
pub fn embed_panel(p: &Props) -> Html {
    let open = use_state(|| false);
    let opts = use_state(|| EmbedOptions {
        enabled: true,
        ..EmbedOptions::default()
    });
    // The snippet carries the whole scenario: built only while it is shown.
    let snippet = if *open {
        snippet_for(&p.state, &opts)
    } else {
        String::new()
    };

    let on_toggle = {
        let (open, state, opts) = (open.clone(), p.state.clone(), opts.clone());
        Callback::from(move |_| {
            if !*open {
                crate::io::clipboard::copy(&snippet_for(&state, &opts));
            }
            open.set(!*open);
        })
    };
    let panel_boxes = Panel::ALL.into_iter().map(|panel| {
        let o = opts.clone();
        let on = Callback::from(move |e: Event| {
            let mut n = (*o).clone();
            n.panels.retain(|x| *x != panel);
            if checked(&e) {
                n.panels.push(panel);
                n.panels.sort_by_key(|x| Panel::ALL.iter().position(|y| y == x));
            }
            o.set(n);
        });
        html! {
            <label class="check">
                <input type="checkbox" data-testid={format!("embed-panel-{}", panel.name())} checked={opts.shows(panel)} onchange={on} />
                { format!(" {}", panel.label()) }
            </label>
        }
    });
    let lock_boxes = Locks::NAMES.into_iter().map(|name| {
        let o = opts.clone();
        let on = Callback::from(move |e: Event| {
            let mut n = (*o).clone();
            n.locks.set(name, checked(&e));
            o.set(n);
        });
        html! {
            <label class="check">
                <input type="checkbox" data-testid={format!("embed-lock-{name}")} checked={opts.locks.get(name)} onchange={on} />
                { format!(" {name}") }
            </label>
        }
    });
    let on_title = {
        let o = opts.clone();
        Callback::from(move |e: InputEvent| {
            o.set(EmbedOptions {
                title: text(&e),
                ..(*o).clone()
            })
        })
    };
    let on_caption = {
        let o = opts.clone();
        Callback::from(move |e: InputEvent| {
            o.set(EmbedOptions {
                caption: text(&e),
                ..(*o).clone()
            })
        })
    };
    let on_copy = {
        let (state, opts) = (p.state.clone(), opts.clone());
        Callback::from(move |_| crate::io::clipboard::copy(&snippet_for(&state, &opts)))
    };
    html! {
        <>
            <button type="button" data-testid="embed-code" aria-expanded={(*open).to_string()} onclick={on_toggle}>
                { "Copy embed code" }
            </button>
            if *open {
                <div class="embed-panel card" data-testid="embed-panel">
                    <fieldset><legend>{ "Show" }</legend>{ for panel_boxes }</fieldset>
                    <fieldset><legend>{ "Read-only" }</legend>{ for lock_boxes }</fieldset>
                    <div class="embed-texts">
                        <label>{ "Title " }
                            <input type="text" data-testid="embed-title-input" value={opts.title.clone().unwrap_or_default()} oninput={on_title} />
                        </label>
                        <label>{ "Caption " }
                            <input type="text" data-testid="embed-caption-input" value={opts.caption.clone().unwrap_or_default()} oninput={on_caption} />
                        </label>
                    </div>
                    <textarea data-testid="embed-snippet" readonly=true rows="6" aria-label="Embed code" value={snippet} />
                    <button type="button" onclick={on_copy}>{ "Copy" }</button>
                    <p class="muted">{ "Paste into any page on any static host: the embed keeps the calculator's own origin, needs no special headers, sends nothing anywhere, and shows a link to the calculator if it cannot start." }</p>
                </div>
            }
        </>
    }
}
