//! "Export / import": the scenario as JSON (and reading one back, from a
//! file or pasted), the results as CSV, each chart as SVG or PNG (with the
//! current price marked).
use margin_engine::Scenario;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::charts::svg::{with_cursor, Cursor};
use crate::components::fields::Dispatch;
use crate::hooks::charts::{Charts, Drawn};
use crate::hooks::results::{Results, Same};
use crate::hooks::Latest;
use crate::io::download::{download_png, download_text, standalone_svg};
use crate::io::scenario_file::{self, import};
use crate::state::action::Action;
use crate::state::notice::{Attempt, Notice};

/// What the exports are made of, as of the last render.
pub type Exportable = (Same<Results>, Charts);

/// A chart to export and where its cursor goes (`None`: no such chart).
type Chosen = Option<(Same<Drawn>, Cursor)>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Same<Scenario>,
    /// The results and charts, read when a button is pressed.
    pub latest: Latest<Exportable>,
    pub dispatch: Dispatch,
}

/// Loads an imported file's text, or says why it cannot be (keeping the book).
pub fn apply_import(d: &Dispatch, text: &str) {
    d.dispatch(Action::Import(
        import(text)
            .map(Box::new)
            .map_err(|e| Notice::new(Attempt::Import, e)),
    ));
}

/// The chart's SVG with its cursor, for a file.
fn chart_file(d: &Drawn, cursor: Cursor) -> String {
    with_cursor(&d.svg, &d.frame, cursor)
}

/// The SVG and PNG buttons of one chart: `pick` chooses it from the latest charts.
fn buttons(
    latest: &Latest<Exportable>,
    pick: fn(&Charts) -> Chosen,
    name: &'static str,
    label: &'static str,
) -> Html {
    let file = {
        let latest = latest.clone();
        move || -> Option<String> {
            let (_, charts) = latest.get()?;
            let (drawn, cursor) = pick(&charts)?;
            drawn.ok.then(|| chart_file(&drawn, cursor))
        }
    };
    let on_svg = {
        let file = file.clone();
        Callback::from(move |_| {
            if let Some(svg) = file().and_then(|f| standalone_svg(&f)) {
                download_text(&format!("margin-lab-{name}.svg"), "image/svg+xml", &svg);
            }
        })
    };
    let on_png = Callback::from(move |_| {
        if let Some(svg) = file() {
            download_png(&format!("margin-lab-{name}.png"), &svg, 2.0);
        }
    });
    let short = if name == "value-chart" {
        "value"
    } else {
        "map"
    };
    let shown = latest
        .get()
        .is_some_and(|(_, c)| pick(&c).is_some_and(|(d, _)| d.ok));
    html! {
        <>
            <button type="button" data-testid={format!("export-svg-{short}")} disabled={!shown} onclick={on_svg}>{ format!("{label} SVG") }</button>
            <button type="button" data-testid={format!("export-png-{short}")} disabled={!shown} onclick={on_png}>{ format!("{label} PNG") }</button>
        </>
    }
}

fn value_chart(c: &Charts) -> Chosen {
    Some((c.value.clone(), Cursor::Line(c.value_cursor)))
}

fn verdict_map(c: &Charts) -> Chosen {
    c.map
        .clone()
        .map(|m| (m, Cursor::Point(c.map_cursor.0, c.map_cursor.1)))
}

#[function_component(ExportPanel)]
pub fn export_panel(p: &Props) -> Html {
    let paste = use_node_ref();
    let on_json = {
        let s = p.scenario.clone();
        Callback::from(move |_| {
            download_text(
                scenario_file::FILE_NAME,
                "application/json",
                &scenario_file::export(&s),
            );
        })
    };
    let on_csv = {
        let latest = p.latest.clone();
        Callback::from(move |_| {
            let Some((r, _)) = latest.get() else { return };
            let verdict = r
                .analyzer
                .comparison(&r.snapshot)
                .map(|c| c.verdict.name())
                .unwrap_or_default();
            let csv = crate::io::csv::build(&r.analyzer, &r.snapshot, verdict);
            download_text("margin-lab-results.csv", "text/csv", &csv);
        })
    };
    let on_file = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let d = d.clone();
            let promise = file.text();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                {
                    Some(text) => apply_import(&d, &text),
                    None => d.dispatch(Action::Import(Err(Notice::text(
                        Attempt::Import,
                        "the file could not be read as text",
                    )))),
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
    html! {
        <details class="export-group" data-testid="export-group">
            <summary>{ "Export / import" }</summary>
            <div role="group" aria-label="Export">
                <button type="button" data-testid="export-json" onclick={on_json}>{ "Scenario JSON" }</button>
                <button type="button" data-testid="export-csv" onclick={on_csv}>{ "Results CSV" }</button>
                { buttons(&p.latest, value_chart, "value-chart", "Value chart") }
                { buttons(&p.latest, verdict_map, "verdict-map", "Verdict map") }
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
