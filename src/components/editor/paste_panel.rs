//! "Paste positions": a box for a table copied from an exchange, a
//! spreadsheet or a CSV file, a preview of what each line reads as (or why
//! it does not, by line number), and buttons to add the rows or replace the
//! book's positions with them (undo brings the book back).
use yew::prelude::*;

use crate::components::fields::Dispatch;
use crate::io::paste::{read, Pasted};
use crate::state::action::Action;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub locked: bool,
    pub dispatch: Dispatch,
}

fn preview(p: &Pasted) -> Html {
    html! {
        <div class="table-wrap">
            <table class="paste-preview" data-testid="paste-preview">
                <thead><tr>
                    <th scope="col">{ "Line" }</th><th scope="col">{ "Market" }</th><th scope="col">{ "Side" }</th>
                    <th scope="col">{ "Size" }</th><th scope="col">{ "Entry" }</th><th scope="col">{ "Leverage" }</th>
                    <th scope="col">{ "Mode" }</th><th scope="col">{ "Margin" }</th>
                </tr></thead>
                <tbody>
                    { for p.lines.iter().map(|l| match &l.result {
                        Ok(r) => html! {
                            <tr>
                                <td>{ l.line }</td><td>{ r.market.clone() }</td>
                                <td>{ if r.side == margin_engine::scenario::SideSpec::Long { "long" } else { "short" } }</td>
                                <td>{ r.size.clone() }</td><td>{ r.entry.clone() }</td><td>{ format!("{}x", r.leverage) }</td>
                                <td>{ if r.mode == margin_engine::scenario::ModeSpec::Isolated { "isolated" } else { "cross" } }</td>
                                <td>{ if r.margin.is_empty() { "—".to_owned() } else { r.margin.clone() } }</td>
                            </tr>
                        },
                        Err(e) => html! {
                            <tr class="bad"><td>{ l.line }</td><td colspan="7" class="field-error" data-testid="paste-line-error">{ format!("⚠ Line {}: {e}", l.line) }</td></tr>
                        },
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[function_component(PastePanel)]
pub fn paste_panel(p: &Props) -> Html {
    let text = use_state(String::new);
    let pasted = use_memo((*text).clone(), |t| read(t));
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                text.set(t.value());
            }
        })
    };
    let rows = pasted.positions();
    let n = rows.as_ref().map_or(0, Vec::len);
    let apply = |replace: bool| {
        let (d, rows, text) = (p.dispatch.clone(), rows.clone(), text.clone());
        Callback::from(move |_| {
            if let Some(r) = rows.clone() {
                d.dispatch(Action::Paste(r, replace));
                text.set(String::new());
            }
        })
    };
    let status = if text.trim().is_empty() {
        String::new()
    } else if let Some(problem) = &pasted.problem {
        format!("⚠ {problem}")
    } else if pasted.bad() > 0 {
        format!(
            "⚠ {} of {} lines do not read; fix them to go on.",
            pasted.bad(),
            pasted.lines.len()
        )
    } else {
        format!("{n} position{} read.", if n == 1 { "" } else { "s" })
    };
    html! {
        <details class="paste" data-testid="paste-panel">
            <summary>{ "Paste positions from a table" }</summary>
            <p class="muted small-text">
                { "Copy the positions table from your exchange, a spreadsheet or a CSV file and paste it here. \
                   Columns: symbol, side, size, entry, leverage, mode, margin — or any order under a header row. \
                   \"25,000\", \"20x\", \"Cross 20x\", \"0.5 BTC\" and a negative size for a short are understood. \
                   A market the book lacks is added at the pasted entry as its mark." }
            </p>
            <textarea data-testid="paste-text" rows="5" aria-label="Positions to paste, one per line"
                disabled={p.locked} value={(*text).clone()} oninput={on_input}
                placeholder={"BTCUSDT\tlong\t0.5\t61,250\t20x\tcross\nETHUSDT\tshort\t12\t3,010\t10x\tisolated\t3,612"}></textarea>
            if !text.trim().is_empty() {
                <p class="paste-status" data-testid="paste-status" role="status">{ status }</p>
                if !pasted.lines.is_empty() { { preview(&pasted) } }
                <p class="paste-actions">
                    <button type="button" data-testid="paste-add" disabled={p.locked || rows.is_none()} onclick={apply(false)}>
                        { format!("Add {n} position{}", if n == 1 { "" } else { "s" }) }
                    </button>
                    <button type="button" data-testid="paste-replace" disabled={p.locked || rows.is_none()} onclick={apply(true)}>
                        { "Replace the positions with these" }
                    </button>
                </p>
            }
        </details>
    }
}
