//! The "How it works" panel: the formulas the engine uses (docs/model.md).
use yew::prelude::*;

#[function_component(Help)]
pub fn help() -> Html {
    html! {
        <details class="card help" id="how-it-works">
            <summary>{ "How it works" }</summary>
            <ul>
                <li>{ "Unrealized PnL of a position: uPnL = side · q · (P − EP), side = +1 long, −1 short; q size, P price, EP entry." }</li>
                <li>{ "Maintenance margin: MM = q · P · mmr − cum, with the tier (mmr, cum) of the notional q · P at that price." }</li>
                <li>{ "Isolated: a position is liquidated when margin + uPnL ≤ MM; it loses only its own margin." }</li>
                <li>{ "Cross: the account is liquidated when wallet − isolated margins + Σ uPnL ≤ Σ MM over its cross positions; every cross position closes and the cross wallet is lost." }</li>
                <li>{ "Cross column = every position cross; Isolated column = every position isolated with margin = size · entry ÷ leverage; both from the same wallet." }</li>
                <li>{ "Liquidation prices move one market with the others held; distances: amber within 30 %, red within 15 %." }</li>
                <li>{ "Path mode walks the prices you visit in order: a liquidation stays liquidated when the price comes back." }</li>
            </ul>
        </details>
    }
}
