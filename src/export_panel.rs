//! The "Export" group: scenario JSON (and import back), the results table as
//! CSV, and each chart as SVG or PNG.
use std::collections::BTreeMap;
use std::rc::Rc;

use margin_engine::{Decimal, Verdict};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::download::{download_png, download_text, standalone_svg};
use crate::scenario_file::{import, import_notice};
use crate::share::Shared;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: Rc<State>,
    pub dispatch: UseReducerDispatcher<State>,
}

pub fn verdict_code(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Neither) => "neither",
        Some(Verdict::CrossWipedIsolatedSurvives) => "cross_wiped_isolated_survives",
        Some(Verdict::IsolatedLosesCrossSurvives) => "isolated_loses_cross_survives",
        Some(Verdict::Both) => "both",
        None => "",
    }
}

/// Loads an imported file's text, or shows why it cannot be (keeping the book).
pub fn apply_import(d: &UseReducerDispatcher<State>, text: &str) {
    match import(text) {
        Ok(scenario) => d.dispatch(Action::Load(
            Box::new(Shared { scenario, prices: BTreeMap::new(), market_move: Decimal::ZERO }),
            None,
        )),
        Err(e) => d.dispatch(Action::Notice(Some(import_notice(&e)))),
    }
}

fn svg_button(svg: &Rc<str>, name: &'static str, testid: &'static str, label: &'static str) -> Html {
    let svg = svg.clone();
    let ok = svg.starts_with("<svg");
    let on = Callback::from(move |_| {
        if let Some(file) = standalone_svg(&svg) {
            download_text(name, "image/svg+xml", &file);
        }
    });
    html! { <button type="button" data-testid={testid} disabled={!ok} onclick={on}>{ label }</button> }
}

fn png_button(svg: &Rc<str>, name: &'static str, testid: &'static str, label: &'static str) -> Html {
    let svg = svg.clone();
    let ok = svg.starts_with("<svg");
    let on = Callback::from(move |_| {
        download_png(name, &svg, 2.0);
    });
    html! { <button type="button" data-testid={testid} disabled={!ok} onclick={on}>{ label }</button> }
}

#[function_component(ExportPanel)]
pub fn export_panel(p: &Props) -> Html {
    let s = &p.state;
    let paste = use_node_ref();
    let on_json = {
        let s = s.clone();
        Callback::from(move |_| {
            download_text(crate::scenario_file::FILE_NAME, "application/json", &crate::scenario_file::export(&s.scenario));
        })
    };
    let on_csv = {
        let s = s.clone();
        Callback::from(move |_| {
            let v = &s.view;
            let csv = crate::csv_export::build(&s.book, &v.prices.0, &v.analysis, verdict_code(v.analysis.verdict));
            download_text("margin-lab-results.csv", "text/csv", &csv);
        })
    };
    let on_file = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let d = d.clone();
            let promise = file.text();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|t| t.as_string()) {
                    Some(text) => apply_import(&d, &text),
                    None => d.dispatch(Action::Notice(Some(import_notice("the file could not be read as text")))),
                }
            });
        })
    };
    let on_paste = {
        let d = p.dispatch.clone();
        let paste = paste.clone();
        Callback::from(move |_| {
            if let Some(t) = paste.cast::<HtmlTextAreaElement>() {
                apply_import(&d, &t.value());
            }
        })
    };
    let (value, map) = (&s.view.value_svg, &s.view.map_svg);
    html! {
        <details class="export-group" data-testid="export-group">
            <summary>{ "Export / import" }</summary>
            <div role="group" aria-label="Export">
                <button type="button" data-testid="export-json" onclick={on_json}>{ "Scenario JSON" }</button>
                <button type="button" data-testid="export-csv" onclick={on_csv}>{ "Results CSV" }</button>
                { svg_button(value, "margin-lab-value-chart.svg", "export-svg-value", "Value chart SVG") }
                { png_button(value, "margin-lab-value-chart.png", "export-png-value", "Value chart PNG") }
                { svg_button(map, "margin-lab-verdict-map.svg", "export-svg-map", "Verdict map SVG") }
                { png_button(map, "margin-lab-verdict-map.png", "export-png-map", "Verdict map PNG") }
            </div>
            <div role="group" aria-label="Import">
                <label>{ "Import scenario JSON " }
                    <input type="file" accept=".json,application/json" data-testid="import-json" onchange={on_file} />
                </label>
                <textarea ref={paste} data-testid="import-paste" rows="3" aria-label="Paste scenario JSON"
                    placeholder="…or paste scenario JSON here" />
                <button type="button" data-testid="import-paste-apply" onclick={on_paste}>{ "Import pasted JSON" }</button>
            </div>
        </details>
    }
}
