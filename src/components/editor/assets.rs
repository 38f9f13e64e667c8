//! The account's collateral in the book editor (scenario version 2): each
//! asset's name, amount, price (fixed, or following a market so that it
//! falls with it) and how much of it counts as margin (in full, a flat
//! ratio, or a shipped dated table such as Binance Multi-Assets' 95 % or
//! Bybit's quantity tiers).
use margin_engine::Error;
use yew::prelude::*;

use crate::components::editor::is_field;
use crate::components::fields::{field_error, on_click, on_select, on_text, Dispatch, NumberInput};
use crate::hooks::results::Same;
use crate::state::action::Action;
use crate::state::asset_draft::{AssetDraft, FLAT, FULL, TABLE};
use crate::state::asset_edits::AssetField;
use crate::state::draft::Draft;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub draft: Same<Draft>,
    pub error: Option<Error>,
    pub dispatch: Dispatch,
    #[prop_or_default]
    pub locked: bool,
}

fn price_select(p: &Props, i: usize, a: &AssetDraft) -> Html {
    let bad = is_field(&p.error, &format!("assets[{i}].price.market"))
        || is_field(&p.error, &format!("assets[{i}].price"));
    html! {
        <select id={format!("asset-price-{i}")} data-testid={format!("asset-price-{i}")} aria-label={format!("{} price", a.name)}
            disabled={p.locked} aria-invalid={bad.then_some("true")}
            onchange={on_select(&p.dispatch, move |v| Some(Action::SetAssetFollows(i, v)))}>
            <option value="" selected={a.follows.is_empty()}>{ "Fixed price" }</option>
            { for p.draft.markets.iter().map(|m| {
                let sym = m.symbol.clone();
                html! { <option value={sym.clone()} selected={a.follows == sym}>{ format!("Follows {sym}") }</option> }
            }) }
        </select>
    }
}

fn counts_select(p: &Props, i: usize, a: &AssetDraft) -> Html {
    let presets = margin_engine::presets::COLLATERAL.iter().map(|x| {
        html! {
            <option value={x.name} selected={a.counts == x.name} title={x.source}>
                { collateral_label(x) }
            </option>
        }
    });
    let bad = is_field(&p.error, &format!("assets[{i}].preset"))
        || is_field(&p.error, &format!("assets[{i}].tiers"));
    html! {
        <select id={format!("asset-counts-{i}")} data-testid={format!("asset-counts-{i}")} aria-label={format!("{} counts as margin", a.name)}
            disabled={p.locked} aria-invalid={bad.then_some("true")}
            onchange={on_select(&p.dispatch, move |v| Some(Action::SetAssetCounts(i, v)))}>
            <option value={FULL} selected={a.counts == FULL}>{ "In full (100 %)" }</option>
            <option value={FLAT} selected={a.counts == FLAT}>{ "At a flat ratio" }</option>
            { for presets }
            if a.counts == TABLE {
                <option value={TABLE} selected=true>{ "Its own table (from the file or link)" }</option>
            }
        </select>
    }
}

/// "Bybit UTA BTC tiers (2025)", from a preset's name and source.
fn collateral_label(x: &margin_engine::presets::CollateralPreset) -> String {
    let venue = x.name.split('-').next().unwrap_or(x.name);
    let venue = match venue {
        "binance" if x.name.contains("multiassets") => "Binance Multi-Assets",
        "binance" => "Binance Cross Margin",
        "bybit" => "Bybit UTA",
        "okx" => "OKX",
        other => other,
    };
    let year = x
        .name
        .rsplit('-')
        .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("");
    let how = match (x.ratio, x.by) {
        (Some(r), _) => margin_engine::dec::parse(r)
            .ok()
            .and_then(|r| r.checked_mul(margin_engine::Decimal::ONE_HUNDRED))
            .map(|pct| format!("{} %", crate::format::plain(pct)))
            .unwrap_or_else(|| r.to_owned()),
        (None, margin_engine::scenario::TierUnit::Quantity) => "tiers by quantity".to_owned(),
        (None, margin_engine::scenario::TierUnit::Value) => "tiers by USD value".to_owned(),
    };
    format!("{venue} {} {how} ({year})", x.asset)
}

#[function_component(Assets)]
pub fn assets(p: &Props) -> Html {
    let d = &p.dispatch;
    let rows = p.draft.assets.iter().enumerate().map(|(i, a)| {
        let text = |f: AssetField, field: &str, label: String, value: String| {
            html! {
                <NumberInput id={format!("asset-{field}-{i}")} label={label} value={value}
                    testid={Some(AttrValue::from(format!("asset-{field}-{i}")))}
                    inputmode={if f == AssetField::Name { "text" } else { "decimal" }}
                    invalid={is_field(&p.error, &format!("assets[{i}].{field}")) || (f == AssetField::Price && is_field(&p.error, &format!("assets[{i}].price.fixed")))}
                    locked={p.locked} oninput={on_text(d, move |t| Action::SetAsset(i, f, t))} />
            }
        };
        let inverse_coin = p.draft.markets.iter().any(|m| m.is_inverse() && m.symbol == a.follows);
        html! {
            <div class="asset-row" data-testid="asset-row">
                <div class="fields">
                    <div class="field">
                        <label for={format!("asset-asset-{i}")}>{ "Asset" }</label>
                        { text(AssetField::Name, "asset", format!("Asset {} name", i.saturating_add(1)), a.name.clone()) }
                    </div>
                    <div class="field">
                        <label for={format!("asset-amount-{i}")}>{ format!("{} held", a.name) }</label>
                        { text(AssetField::Amount, "amount", format!("{} held", a.name), a.amount.clone()) }
                    </div>
                    <div class="field">
                        <label for={format!("asset-price-{i}")}>{ "Price" }</label>
                        { price_select(p, i, a) }
                    </div>
                    if !a.follows.is_empty() {
                        <div class="field">
                            <label for={format!("asset-beta-{i}")}>{ "Beta" }</label>
                            <NumberInput id={format!("asset-beta-{i}")} label={format!("{} beta to {}", a.name, a.follows)} value={a.beta.clone()}
                                placeholder={Some(AttrValue::from("1"))} testid={Some(AttrValue::from(format!("asset-beta-{i}")))}
                                invalid={is_field(&p.error, &format!("assets[{i}].price.beta"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::Beta, t))} />
                        </div>
                        <div class="field">
                            <label for={format!("asset-start-{i}")}>{ "Start price" }</label>
                            <NumberInput id={format!("asset-start-{i}")} label={format!("{} price at the marks", a.name)} value={a.start.clone()}
                                placeholder={Some(AttrValue::from("the mark"))} testid={Some(AttrValue::from(format!("asset-start-{i}")))}
                                invalid={is_field(&p.error, &format!("assets[{i}].price.mark"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::Start, t))} />
                        </div>
                    }
                    if a.follows.is_empty() {
                        <div class="field">
                            <label for={format!("asset-price-{i}-fixed")}>{ format!("{} price", a.name) }</label>
                            <NumberInput id={format!("asset-price-{i}-fixed")} label={format!("{} fixed price", a.name)} value={a.price.clone()}
                                placeholder={Some(AttrValue::from("1"))} testid={Some(AttrValue::from(format!("asset-fixed-{i}")))}
                                invalid={is_field(&p.error, &format!("assets[{i}].price.fixed"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::Price, t))} />
                        </div>
                    }
                    <div class="field">
                        <label for={format!("asset-counts-{i}")}>{ "Counts as margin" }</label>
                        { counts_select(p, i, a) }
                    </div>
                    if a.counts == FLAT {
                        <div class="field">
                            <label for={format!("asset-ratio-{i}")}>{ "Ratio" }</label>
                            { text(AssetField::Ratio, "ratio", format!("{} collateral ratio", a.name), a.ratio.clone()) }
                        </div>
                        <div class="field">
                            <label for={format!("asset-discount-{i}")} title="Drift's IMF factor: the ratio falls to 1.1 ÷ (1 + IMF·√amount) when that is lower">{ "Size discount (IMF)" }</label>
                            <NumberInput id={format!("asset-discount-{i}")} label={format!("{} size discount factor", a.name)} value={a.size_discount.clone()}
                                placeholder={Some(AttrValue::from("none"))} testid={Some(AttrValue::from(format!("asset-discount-{i}")))}
                                invalid={is_field(&p.error, &format!("assets[{i}].size_discount"))} locked={p.locked}
                                oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::SizeDiscount, t))} />
                        </div>
                    }
                    <div class="field">
                        <label for={format!("asset-weight-{i}")}>{ "Debt weight" }</label>
                        <NumberInput id={format!("asset-weight-{i}")} label={format!("{} weight of a negative balance", a.name)} value={a.weight.clone()}
                            placeholder={Some(AttrValue::from("1"))} testid={Some(AttrValue::from(format!("asset-weight-{i}")))}
                            invalid={is_field(&p.error, &format!("assets[{i}].liability_weight"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::Weight, t))} />
                    </div>
                    <div class="field">
                        <label for={format!("asset-borrow-{i}")} title="Interest a year on a loan (a negative amount), paid over the holding time">{ "Borrow rate (a year)" }</label>
                        <NumberInput id={format!("asset-borrow-{i}")} label={format!("{} borrow rate a year", a.name)} value={a.borrow_rate.clone()}
                            placeholder={Some(AttrValue::from("none"))} testid={Some(AttrValue::from(format!("asset-borrow-{i}")))}
                            invalid={is_field(&p.error, &format!("assets[{i}].borrow_rate"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::BorrowRate, t))} />
                    </div>
                    <div class="field">
                        <label for={format!("asset-exchange-{i}")} title="Binance's auto-exchange: the rate at which this asset is sold to repay a stablecoin debt below the threshold">{ "Auto-exchange ratio" }</label>
                        <NumberInput id={format!("asset-exchange-{i}")} label={format!("{} auto-exchange ratio", a.name)} value={a.exchange_ratio.clone()}
                            placeholder={Some(AttrValue::from("never sold"))} testid={Some(AttrValue::from(format!("asset-exchange-{i}")))}
                            invalid={is_field(&p.error, &format!("assets[{i}].exchange_ratio"))} locked={p.locked}
                            oninput={on_text(d, move |t| Action::SetAsset(i, AssetField::ExchangeRatio, t))} />
                    </div>
                    <div class="field market-remove">
                        <button type="button" class="small" data-testid={format!("remove-asset-{i}")} disabled={p.locked}
                            aria-label={format!("Remove asset {}", a.name)} onclick={on_click(d, Action::RemoveAsset(i))}>
                            { "Remove" }
                        </button>
                    </div>
                </div>
                if inverse_coin {
                    <p class="hint">{ format!("{} pays the PnL and the isolated margins of {}: its coin-margined contract.", a.name, a.follows) }</p>
                }
                { field_error(&p.error, &format!("assets[{i}]")) }
            </div>
        }
    });
    html! {
        <div class="assets" role="group" aria-label="Collateral">
            <h3>{ "Collateral" }</h3>
            <p class="hint">{ format!(
                "Coins held besides the {} wallet. A coin that follows a market falls with it, and counts only at its collateral ratio: the margin shrinks exactly when the positions need it.",
                p.draft.quote
            ) }</p>
            { for rows }
            { field_error(&p.error, "assets") }
            if !p.draft.assets.is_empty() || !p.draft.auto_exchange.trim().is_empty() {
                <div class="field">
                    <label for="auto-exchange" title="Binance Multi-Assets: a stablecoin balance below minus this is repaid to zero by selling the assets that have an auto-exchange ratio, in the order listed">{ "Auto-exchange a debt above (USD)" }</label>
                    <NumberInput id="auto-exchange" label="Auto-exchange a stablecoin debt above this many USD" value={p.draft.auto_exchange.clone()}
                        placeholder={Some(AttrValue::from("never"))} testid={Some(AttrValue::from("auto-exchange"))}
                        invalid={is_field(&p.error, "settings.auto_exchange")} locked={p.locked}
                        oninput={on_text(d, Action::SetAutoExchange)} />
                    { field_error(&p.error, "settings.auto_exchange") }
                </div>
            }
            <button type="button" data-testid="add-asset" disabled={p.locked} onclick={on_click(d, Action::AddAsset)}>
                { "+ Add collateral" }
            </button>
        </div>
    }
}
