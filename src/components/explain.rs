//! "How this was computed", beside a number: a small button that opens the
//! engine's explanation of it (`margin_engine::explain`) — the formula,
//! the formula with the book's own numbers, each step's value, the tier
//! chosen and why, the venue rules that applied. Nothing here computes:
//! the steps, their formulas and their values are the engine's; the page
//! only writes the numbers with separators.
use margin_engine::explain::{Explanation, Leaves};
use margin_engine::{explain_at, Decimal, Subject, Variant};
use yew::prelude::*;

use crate::hooks::results::{Results, Same};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub subject: Subject,
    pub variant: Variant,
    /// What the number is, for the button's accessible name.
    pub what: AttrValue,
    /// `data-testid` of the button (the panel's is `{testid}-panel`).
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A decimal as the explanation writes it: every integer digit grouped,
/// up to ten decimals (more are cut with "…": the JSON from the CLI or the
/// JS API carries them all).
pub fn exact(x: Decimal) -> String {
    let s = margin_engine::dec::to_string(&x);
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut out = String::with_capacity(s.len().saturating_add(8));
    if neg {
        out.push('−');
    }
    let len = int.len();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (len.saturating_sub(k)) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        let cut: String = frac.chars().take(10).collect();
        out.push_str(&cut);
        if frac.chars().count() > 10 {
            out.push('…');
        }
    }
    out
}

thread_local! {
    /// The explanations open, by test id: a column that changes shape (a
    /// cross account wiped) may mount its parts again, and an explanation
    /// the reader opened stays open across that.
    static OPEN: std::cell::RefCell<std::collections::HashSet<String>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

fn remembered(id: &Option<AttrValue>) -> bool {
    id.as_ref()
        .is_some_and(|id| OPEN.with(|o| o.borrow().contains(id.as_str())))
}

fn remember(id: &Option<AttrValue>, open: bool) {
    if let Some(id) = id {
        OPEN.with(|o| {
            let mut o = o.borrow_mut();
            if open {
                o.insert(id.to_string());
            } else {
                o.remove(id.as_str());
            }
        });
    }
}

#[function_component(Explain)]
pub fn explain(p: &Props) -> Html {
    let open = {
        let id = p.testid.clone();
        use_state(move || remembered(&id))
    };
    let results = use_context::<Same<Results>>();
    let toggle = {
        let open = open.clone();
        let id = p.testid.clone();
        Callback::from(move |_| {
            remember(&id, !*open);
            open.set(!*open);
        })
    };
    let tid = p.testid.clone();
    let panel_tid = p.testid.as_ref().map(|t| format!("{t}-panel"));
    let panel = if *open {
        let e = results.as_ref().map(|r| {
            let a = &r.analyzer;
            match a.variant_book(p.variant) {
                Some(book) => explain_at(book, r.prices(), &p.subject).map_err(|e| e.to_string()),
                None => Err(a
                    .unfunded()
                    .map(ToString::to_string)
                    .unwrap_or_else(|| "this set-up cannot be formed".to_owned())),
            }
        });
        match e {
            Some(Ok(e)) => {
                html! { <div class="explain" data-testid={panel_tid} role="region" aria-label={format!("How {} was computed", p.what)}>{ body(&e) }</div> }
            }
            Some(Err(msg)) => {
                html! { <div class="explain" data-testid={panel_tid} role="note">{ format!("No explanation: {msg}") }</div> }
            }
            None => html! {},
        }
    } else {
        html! {}
    };
    html! {
        <>
            <button type="button" class="how small" aria-expanded={(*open).to_string()} data-testid={tid}
                title={format!("How {} was computed", p.what)} aria-label={format!("How {} was computed", p.what)}
                onclick={toggle}>{ if *open { "hide" } else { "how?" } }</button>
            { panel }
        </>
    }
}

/// The explanation's steps, tiers and notes.
fn body(e: &Explanation) -> Html {
    let number = |x: Decimal| exact(x);
    html! {
        <>
            <p class="explain-title"><strong>{ e.title.clone() }</strong>
                { " = " }<span data-testid="explain-result">{ e.result.map(exact).unwrap_or_else(|| "none".to_owned()) }</span></p>
            <p class="muted">{ e.rule.clone() }</p>
            <ol class="explain-steps">
                { for e.steps.iter().map(|s| {
                    let symbols = s.expr.render(Leaves::Symbols, &number);
                    let numbers = s.expr.render(Leaves::Numbers, &number);
                    let value = exact(s.value);
                    html! {
                        <li data-symbol={s.symbol.clone()}>
                            <span class="step-label"><b>{ s.symbol.clone() }</b>{ " — " }{ s.label.clone() }</span>
                            if symbols != s.symbol {
                                <code class="formula">{ format!("{} = {symbols}", s.symbol) }</code>
                            }
                            if numbers != value {
                                <code class="numbers">{ format!("= {numbers}") }</code>
                            }
                            <code class="value">{ format!("= {value}") }</code>
                            if let Some(t) = &s.test {
                                <span class={classes!("test", t.liquidated.then_some("red"))}>
                                    { format!("{} {} {}: {}", s.symbol, if t.liquidated { "≤" } else { ">" }, t.against, if t.liquidated { "liquidated" } else { "standing" }) }
                                </span>
                            }
                        </li>
                    }
                }) }
            </ol>
            if !e.tiers.is_empty() || !e.notes.is_empty() {
                <ul class="explain-notes">
                    { for e.tiers.iter().map(|t| html! { <li class="tier-note">{ t.text.clone() }</li> }) }
                    { for e.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_groups_and_cuts() {
        let d = |s: &str| margin_engine::dec::parse(s).unwrap_or_default();
        assert_eq!(
            exact(d("57236.180904522613065326633166")),
            "57,236.1809045226…"
        );
        assert_eq!(exact(d("-59950")), "−59,950");
        assert_eq!(exact(d("0.005")), "0.005");
        assert_eq!(exact(d("123456789")), "123,456,789");
    }
}
