//! The markets in the book editor: symbol, mark, tier table source (a
//! shipped, dated preset or a custom table), add and remove.
use margin_engine::Error;
use yew::prelude::*;

use crate::components::editor::is_field;
use crate::components::editor::tier_table::TierTable;
use crate::components::fields::{
    field_error, on_check, on_click, on_select, on_text, Dispatch, NumberInput,
};
use crate::hooks::results::Same;
use crate::state::action::Action;
use crate::state::book_edits::CUSTOM;
use crate::state::draft::{Draft, MarketDraft};
use crate::state::venue_edits::{RATE_BOXES, SIZE_RATES};
use margin_engine::scenario::CloseFee;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: Same<Draft>,
    pub error: Option<Error>,
    pub dispatch: Dispatch,
    /// Read-only (embeds that lock the marks).
    #[prop_or_default]
    pub locked: bool,
}

fn source_select(p: &Props, m: usize, md: &MarketDraft) -> Html {
    let opts = margin_engine::presets::PRESETS.iter().map(|x| {
        html! {
            <option value={x.name} selected={md.size_rates.is_none() && md.preset.as_deref() == Some(x.name)}>
                { format!("{} {} ({})", x.venue, x.symbol, x.as_of) }
            </option>
        }
    });
    let bad = is_field(&p.error, &format!("markets[{m}].tiers"))
        || is_field(&p.error, &format!("markets[{m}].preset"))
        || is_field(&p.error, &format!("markets[{m}].size_rates"));
    html! {
        <select id={format!("tier-source-{m}")} data-testid={format!("tier-source-{}", md.symbol)}
            aria-label={format!("{} tier table", md.symbol)} disabled={p.locked} aria-invalid={bad.then_some("true")}
            onchange={on_select(&p.dispatch, move |v| Some(Action::SetTierSource(m, v)))}>
            { for opts }
            <option value={CUSTOM} selected={md.preset.is_none() && md.size_rates.is_none()}>{ "Custom table" }</option>
            <option value={SIZE_RATES} selected={md.size_rates.is_some()}>{ "Rates linear in size (Deribit)" }</option>
        </select>
    }
}

/// The venue profile whose rules the market follows (filtered to its
/// contract kind), or custom rules.
fn venue_select(p: &Props, m: usize, md: &MarketDraft) -> Html {
    let chosen = md.spec.venue.as_deref();
    let opts = margin_engine::venues::PROFILES
        .iter()
        .filter(|x| x.contract.is_none_or(|c| c == md.spec.contract))
        .map(|x| {
            html! {
                <option value={x.id} selected={chosen == Some(x.id)} title={x.source}>
                    { format!("{} {} ({})", x.venue, x.product, x.as_of) }
                </option>
            }
        });
    let sym = &md.symbol;
    html! {
        <div class="field">
            <label for={format!("venue-{m}")}>{ "Venue rules" }</label>
            <select id={format!("venue-{m}")} data-testid={format!("venue-{sym}")} aria-label={format!("{sym} venue rules")} disabled={p.locked}
                aria-invalid={is_field(&p.error, &format!("markets[{m}].venue")).then_some("true")}
                onchange={on_select(&p.dispatch, move |v| Some(Action::SetVenue(m, v)))}>
                <option value="custom" selected={chosen.is_none()}>{ "Custom (as set below)" }</option>
                { for opts }
            </select>
        </div>
    }
}

/// What the chosen profile says: its source and what it does not model.
fn venue_note(md: &MarketDraft) -> Html {
    let Some(x) = md
        .spec
        .venue
        .as_deref()
        .and_then(margin_engine::venues::get)
    else {
        return html! {};
    };
    let taker = match (x.close, x.example_taker, md.taker.trim().is_empty()) {
        (None, _, _) => {
            "fees are not part of its margin rules (a taker rate only adds order costs)".to_owned()
        }
        (Some(_), _, false) => "the taker rate is your fee tier's: set it to yours".to_owned(),
        (Some(_), Some(t), true) => format!("its worked example's taker rate is {t}"),
        (Some(_), None, true) => "enter your taker rate for its fee rule to count".to_owned(),
    };
    let when = if x.as_of == "undated" {
        "from an undated page".to_owned()
    } else {
        format!("as of {}", x.as_of)
    };
    html! {
        <p class="muted venue-note" data-testid={format!("venue-note-{}", md.symbol)}>
            { format!("{} {}: rules {when} (", x.venue, x.product) }
            <a href={x.source.split(' ').next().unwrap_or_default().to_owned()} target="_blank" rel="noopener noreferrer">{ "source" }</a>
            { format!("); {taker}. Not modelled: {}.", x.not_modelled.join("; ")) }
        </p>
    }
}

/// The market's fee rule: taker rate, where the fee to close counts, and
/// whether an isolated margin reserves it (docs/model.md §12).
fn fee_fields(p: &Props, m: usize, md: &MarketDraft) -> Html {
    let (d, sym) = (&p.dispatch, md.symbol.clone());
    let fees = !md.taker.trim().is_empty();
    let close = |v: &str, rule: CloseFee, words: &'static str| {
        html! { <option value={v.to_owned()} selected={md.close_fee == rule}>{ words }</option> }
    };
    html! {
        <>
        <div class="field">
            <label for={format!("taker-{m}")}>{ "Taker fee" }</label>
            <NumberInput id={format!("taker-{m}")} label={format!("{sym} taker fee rate")} value={md.taker.clone()}
                placeholder={Some(AttrValue::from("none"))} testid={Some(AttrValue::from(format!("taker-{sym}")))}
                invalid={is_field(&p.error, &format!("markets[{m}].fees.taker"))} locked={p.locked}
                oninput={on_text(d, move |t| Action::SetTaker(m, t))} />
        </div>
        if fees {
            <div class="field">
                <label for={format!("close-fee-{m}")}>{ "Fee to close" }</label>
                <select id={format!("close-fee-{m}")} data-testid={format!("close-fee-{sym}")} aria-label={format!("{sym}: where the fee to close counts")} disabled={p.locked}
                    title="Bybit adds the fee to close at the bankruptcy price to maintenance margin; Phemex the fee at the mark; Binance, OKX and BitMEX neither"
                    onchange={on_select(d, move |v| Some(Action::SetCloseFee(m, v)))}>
                    { close("none", CloseFee::None, "Not in maintenance") }
                    { close("mark", CloseFee::Mark, "In maintenance, at the mark") }
                    { close("bankruptcy", CloseFee::Bankruptcy, "In maintenance, at the bankruptcy price") }
                    { close("account_bankruptcy", CloseFee::AccountBankruptcy, "In maintenance, at the cross balance's bankruptcy price (Bybit inverse, older)") }
                </select>
            </div>
            <div class="field checkbox">
                <label>
                    <input type="checkbox" data-testid={format!("close-in-margin-{sym}")} checked={md.close_in_margin} disabled={p.locked}
                        onchange={on_check(d, move |on| Action::SetCloseInMargin(m, on))} />
                    { " Isolated margin reserves it" }
                </label>
            </div>
        }
        </>
    }
}

/// The four boxes of size-linear rates (maintenance and initial: base and
/// per unit of size).
fn rate_fields(p: &Props, m: usize, md: &MarketDraft) -> Html {
    let Some(rates) = &md.size_rates else {
        return html! {};
    };
    let words = [
        "Maintenance base",
        "Maintenance per unit",
        "Initial base",
        "Initial per unit",
    ];
    let boxes = rates.iter().zip(words).zip(RATE_BOXES).enumerate().map(|(k, ((text, word), field))| {
        let sym = &md.symbol;
        html! {
            <div class="field">
                <label for={format!("rate-{m}-{k}")}>{ word }</label>
                <NumberInput id={format!("rate-{m}-{k}")} label={format!("{sym} {}", word.to_lowercase())} value={text.clone()}
                    placeholder={(k >= 2).then(|| AttrValue::from("none"))} testid={Some(AttrValue::from(format!("rate-{sym}-{k}")))}
                    invalid={is_field(&p.error, &format!("markets[{m}].size_rates.{field}"))} locked={p.locked}
                    oninput={on_text(&p.dispatch, move |t| Action::SetSizeRate(m, k, t))} />
            </div>
        }
    });
    html! {
        <div class="fields size-rates" data-testid={format!("size-rates-{}", md.symbol)}>
            { for boxes }
            <p class="muted">{ "Rate = base + per unit × size; margin = rate × notional (Deribit's standard margin)." }</p>
        </div>
    }
}

#[function_component(Markets)]
pub fn markets(p: &Props) -> Html {
    let d = &p.dispatch;
    let count = p.draft.markets.len();
    let markets = p.draft.markets.iter().enumerate().map(|(m, md)| {
        let sym = md.symbol.clone();
        let why = if p.draft.market_in_use(&sym) {
            Some(format!("{sym} is used by a position; remove or move the position first"))
        } else if let Some(a) = p.draft.market_followed(&sym) {
            Some(format!("{} follows {sym}; change its price or remove it first", a.name))
        } else if count <= 1 {
            Some("A book needs at least one market".to_owned())
        } else {
            None
        };
        html! {
            <div class="market-row" data-testid="market-row">
                <div class="fields">
                    <div class="field">
                        <label for={format!("symbol-{m}")}>{ "Symbol" }</label>
                        <NumberInput id={format!("symbol-{m}")} label={format!("Market {} symbol", m.saturating_add(1))} value={md.symbol.clone()} list={Some(AttrValue::from("preset-symbols"))}
                            invalid={is_field(&p.error, &format!("markets[{m}].symbol"))} locked={p.locked} inputmode="text"
                            oninput={on_text(d, move |t| Action::SetSymbol(m, t))} />
                    </div>
                    <div class="field">
                        <label for={format!("mark-{m}")}>{ format!("{sym} mark") }</label>
                        <NumberInput id={format!("mark-{m}")} label={format!("{sym} mark price")} value={md.mark.clone()}
                            invalid={is_field(&p.error, &format!("markets[{m}].mark"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetMark(m, t))} />
                    </div>
                    <div class="field">
                        <label for={format!("tier-source-{m}")}>{ "Tier table" }</label>
                        { source_select(p, m, md) }
                    </div>
                    <div class="field">
                        <label for={format!("contract-{m}")}>{ "Contract" }</label>
                        <select id={format!("contract-{m}")} data-testid={format!("contract-{sym}")} aria-label={format!("{sym} contract")} disabled={p.locked}
                            onchange={on_select(d, move |v| Some(Action::SetContract(m, v == "inverse")))}>
                            <option value="linear" selected={!md.is_inverse()}>{ "Linear (quote-margined)" }</option>
                            <option value="inverse" selected={md.is_inverse()}>{ "Inverse (coin-margined)" }</option>
                        </select>
                    </div>
                    if md.is_inverse() {
                        <div class="field">
                            <label for={format!("contract-size-{m}")}>{ "Contract (USD)" }</label>
                            <NumberInput id={format!("contract-size-{m}")} label={format!("{sym} contract size in USD")} value={md.contract_size.clone()}
                                placeholder={Some(AttrValue::from("1"))} testid={Some(AttrValue::from(format!("contract-size-{sym}")))}
                                invalid={is_field(&p.error, &format!("markets[{m}].contract_size"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetContractSize(m, t))} />
                        </div>
                    }
                    { venue_select(p, m, md) }
                    <div class="field">
                        <label for={format!("mm-basis-{m}")}>{ "Maintenance on" }</label>
                        <select id={format!("mm-basis-{m}")} aria-label={format!("{sym} maintenance measured on")} disabled={p.locked}
                            onchange={on_select(d, move |v| Some(Action::SetMmBasis(m, v == "entry")))}>
                            <option value="mark" selected={md.spec.mm_basis == margin_engine::MmBasis::Mark}>{ "Mark price" }</option>
                            <option value="entry" selected={md.spec.mm_basis == margin_engine::MmBasis::Entry}>{ "Entry price" }</option>
                        </select>
                    </div>
                    <div class="field">
                        <label for={format!("tick-{m}")}>{ "Tick" }</label>
                        <NumberInput id={format!("tick-{m}")} label={format!("{sym} price tick")} value={md.tick.clone()}
                            placeholder={Some(AttrValue::from("none"))} testid={Some(AttrValue::from(format!("tick-{sym}")))}
                            invalid={is_field(&p.error, &format!("markets[{m}].tick"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetTick(m, t))} />
                    </div>
                    { fee_fields(p, m, md) }
                    <div class="field">
                        <label for={format!("funding-{m}")}>{ "Funding rate" }</label>
                        <NumberInput id={format!("funding-{m}")} label={format!("{sym} funding rate per interval")} value={md.funding_rate.clone()}
                            placeholder={Some(AttrValue::from("none"))} testid={Some(AttrValue::from(format!("funding-{sym}")))}
                            invalid={is_field(&p.error, &format!("markets[{m}].funding.rate"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetFundingRate(m, t))} />
                    </div>
                    if !md.funding_rate.trim().is_empty() {
                        <div class="field">
                            <label for={format!("funding-every-{m}")}>{ "every (hours)" }</label>
                            <NumberInput id={format!("funding-every-{m}")} label={format!("{sym} funding interval in hours")} value={md.funding_every.clone()}
                                placeholder={Some(AttrValue::from("8"))} testid={Some(AttrValue::from(format!("funding-every-{sym}")))}
                                invalid={is_field(&p.error, &format!("markets[{m}].funding.every_hours"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetFundingEvery(m, t))} />
                        </div>
                        <div class="field wide">
                            <label for={format!("funding-schedule-{m}")} title="The rates of the first intervals, in order, e.g. the venue's predicted rate and then your view; the funding rate applies after them">{ "first rates" }</label>
                            <input id={format!("funding-schedule-{m}")} type="text" class="schedule" autocomplete="off" inputmode="decimal"
                                aria-label={format!("{sym} funding rates of the first intervals, comma-separated")}
                                value={md.funding_schedule.clone()} placeholder="e.g. 0.0003, 0.0002"
                                data-testid={format!("funding-schedule-{sym}")} disabled={p.locked}
                                aria-invalid={p.error.as_ref().is_some_and(|e| e.field.starts_with(&format!("markets[{m}].funding.schedule"))).to_string()}
                                oninput={on_text(d, move |t| Action::SetFundingSchedule(m, t))} />
                        </div>
                    }
                    <div class="field checkbox">
                        <label title="Hedge mode (BTZO): where the market holds longs and shorts, the hedged part of each is margined at its entry price, the rest at the mark; needs a flat rate">
                            <input type="checkbox" data-testid={format!("hedged-{sym}")} checked={md.spec.hedged_at_entry} disabled={p.locked}
                                onchange={on_check(d, move |on| Action::SetHedgedAtEntry(m, on))} />
                            { " Hedge mode (hedged part at entry)" }
                        </label>
                    </div>
                    <div class="field checkbox">
                        <label title="Mango's health: each position's maintenance and unsettled PnL count inside its settle asset, a positive health weighted; liquidated when the account's health reaches 0. Needs a flat rate, cross margin, one position">
                            <input type="checkbox" data-testid={format!("health-{sym}")} checked={md.health_weight.is_some()} disabled={p.locked}
                                onchange={on_check(d, move |on| Action::SetHealthRule(m, on))} />
                            { " Mango health (maintenance inside the settle asset)" }
                        </label>
                    </div>
                    if let Some(w) = &md.health_weight {
                        <div class="field">
                            <label for={format!("health-weight-{m}")} title="Mango's overall asset weight: a position's positive health counts at this">{ "positive health counts" }</label>
                            <NumberInput id={format!("health-weight-{m}")} label={format!("{sym} weight of a positive health")} value={w.clone()}
                                testid={Some(AttrValue::from(format!("health-weight-{sym}")))}
                                invalid={is_field(&p.error, &format!("markets[{m}].settle_health.positive_weight"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetHealthWeight(m, t))} />
                        </div>
                    }
                    <div class="field market-remove">
                        <button type="button" class="small" data-testid={format!("remove-market-{sym}")}
                            disabled={p.locked || why.is_some()} title={why.clone()}
                            aria-label={format!("Remove market {sym}")} onclick={on_click(d, Action::RemoveMarket(m))}>
                            { "Remove market" }
                        </button>
                    </div>
                </div>
                { venue_note(md) }
                { field_error(&p.error, &format!("markets[{m}]")) }
                { rate_fields(p, m, md) }
                if md.preset.is_none() && md.size_rates.is_none() {
                    <TierTable market={m} symbol={sym.clone()} rows={md.tiers.clone()} error={p.error.clone()} locked={p.locked} dispatch={d.clone()} />
                }
            </div>
        }
    });
    html! {
        <div class="markets" role="group" aria-label="Markets">
            { for markets }
            // Symbols with a shipped tier table, offered while typing one.
            <datalist id="preset-symbols">
                { for margin_engine::presets::PRESETS.iter().map(|x| html! { <option value={x.symbol}>{ format!("{} {} ({})", x.venue, x.symbol, x.as_of) }</option> }) }
            </datalist>
            <button type="button" data-testid="add-market" disabled={p.locked} onclick={on_click(d, Action::AddMarket)}>
                { "+ Add market" }
            </button>
        </div>
    }
}
