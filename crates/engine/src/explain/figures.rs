//! Margin figures and the verdict's numbers explained: a position's
//! maintenance margin (`rules::figures`), the set-up's total, the margin a
//! position opens with (`rules::opening_margin`), and the account value
//! with each liquidation test (the snapshot's totals).
use rust_decimal::Decimal;

use super::expr::{diff, max, prod, quot, rounded, sum, v, Expr};
use super::liquidation::market_notes;
use super::{plain, position_label, refer, step, sub, Explanation, Step, Test, TierChoice};
use crate::book::{Book, Prices};
use crate::error::Error;
use crate::market::{ContractKind, MmBasis};
use crate::position::{MarginMode, Position};
use crate::rules::{self, CrossSums, MARGIN_DIGITS};
use crate::scenario::Residual;

fn leaf_n(p: &Position, s: &str, contract_size: Decimal) -> Expr {
    prod(vec![
        v(&format!("q{s}"), p.size, "contracts"),
        v(&format!("cs{s}"), contract_size, "contract size (USD)"),
    ])
}

/// The notional a position's tier is read from at `price`, as a formula.
fn notional_expr(book: &Book, i: usize, price: Decimal) -> Result<Expr, Error> {
    let p = book.position(i)?;
    let m = book.market(p.market)?;
    let s = sub(i);
    let at = match m.mm_basis {
        MmBasis::Mark => v("P", price, "the price"),
        MmBasis::Entry => v(&format!("EP{s}"), p.entry, "entry price"),
    };
    Ok(match m.contract {
        ContractKind::Linear { .. } => prod(vec![v(&format!("q{s}"), p.size, "size"), at]),
        ContractKind::Inverse { contract_size } => quot(leaf_n(p, &s, contract_size), at),
    })
}

/// Position `i`'s maintenance margin at `prices`, in USD.
pub(super) fn maintenance(book: &Book, prices: &Prices, i: usize) -> Result<Explanation, Error> {
    let p = book.position(i)?;
    let m = book.market(p.market)?;
    let price = prices.get(p.market)?;
    let f = book.position_figures(i, price)?;
    let t = book.tiers_of(p)?.tier(f.tier)?;
    let s = sub(i);
    let n = notional_expr(book, i, price)?;
    let mmr = v(
        &format!("mmr{s}"),
        t.mmr,
        format!("tier {}'s maintenance rate", f.tier.saturating_add(1)),
    );
    let cum = v(
        &format!("cum{s}"),
        t.cum,
        format!("tier {}'s maintenance amount", f.tier.saturating_add(1)),
    );
    let pp = v("P", price, "the price");
    let r = v(&format!("r{s}"), p.extra_rate, "rate the venue's rules add");
    let fx = v(
        &format!("F{s}"),
        p.extra_fixed,
        "amount the venue's rules add",
    );
    let extras = !(p.extra_rate.is_zero() && p.extra_fixed.is_zero());
    let expr = match m.contract {
        _ if m.unit_linear => diff(prod(vec![n.clone(), mmr]), cum),
        ContractKind::Linear { settle_price } => {
            let k = v(
                &format!("k{s}"),
                settle_price,
                "USD per unit of the settle asset",
            );
            let base = prod(vec![diff(prod(vec![n.clone(), mmr]), cum), k.clone()]);
            if extras {
                let q = v(&format!("q{s}"), p.size, "size");
                sum(vec![
                    base,
                    prod(vec![sum(vec![prod(vec![r, q, pp]), fx]), k]),
                ])
            } else {
                base
            }
        }
        ContractKind::Inverse { contract_size } => {
            let nn = leaf_n(p, &s, contract_size);
            let base = match m.mm_basis {
                MmBasis::Mark => diff(prod(vec![nn.clone(), mmr]), prod(vec![cum, pp.clone()])),
                MmBasis::Entry => prod(vec![diff(prod(vec![n.clone(), mmr]), cum), pp.clone()]),
            };
            if extras {
                sum(vec![base, sum(vec![prod(vec![r, nn]), prod(vec![fx, pp])])])
            } else {
                base
            }
        }
    };
    let mut steps: Vec<Step> = Vec::new();
    let label = match m.contract {
        ContractKind::Linear { .. } => {
            "maintenance margin: notional × rate − amount of its tier (USD)"
        }
        ContractKind::Inverse { .. } => {
            "maintenance margin in USD: (coin notional × rate − amount) × P"
        }
    };
    let mm = step("MM", label, expr, &steps)?;
    steps.push(mm);
    let tiers = vec![TierChoice::new(
        book,
        i,
        f.tier,
        book.tiers_of(p)?.tiers().len(),
        n,
    )?];
    Ok(Explanation {
        title: format!("Maintenance margin of {} at {}", position_label(book, i)?, plain(price)),
        result: Some(f.maintenance_margin),
        rule: "A position must keep its tier's maintenance margin: its notional × the tier's rate − the tier's amount, plus what the venue's rules add.".to_owned(),
        steps,
        tiers,
        notes: market_notes(book, p.market)?,
    })
}

/// The set-up's maintenance margin: every cross position's and every
/// isolated position's, at `prices`, summed as the analyzer sums them
/// (market by market).
pub(super) fn maintenance_total(book: &Book, prices: &Prices) -> Result<Explanation, Error> {
    let leaf = |i: usize| -> Result<Expr, Error> {
        let p = book.position(i)?;
        let f = book.position_figures(i, prices.get(p.market)?)?;
        Ok(v(
            &format!("MM{}", sub(i)),
            f.maintenance_margin,
            format!("{}'s maintenance margin", position_label(book, i)?),
        ))
    };
    let mut steps: Vec<Step> = Vec::new();
    let mut total = Vec::new();
    for (sym, label, mode) in [
        (
            "Mc",
            "the cross positions' maintenance margins",
            MarginMode::Cross,
        ),
        (
            "Mi",
            "the isolated positions' maintenance margins",
            MarginMode::Isolated,
        ),
    ] {
        let groups = by_market_where(book, |i| required_beside(book, i, mode), leaf)?;
        if groups.is_empty() {
            continue;
        }
        let st = step(sym, label, sum(groups), &steps)?;
        total.push(refer(&st));
        steps.push(st);
    }
    if total.is_empty() {
        total.push(v(
            "0",
            Decimal::ZERO,
            "nothing beside the balance: each maintenance is inside its position's health (Mango)",
        ));
    }
    let st = step("MM", "the set-up's maintenance margin", sum(total), &steps)?;
    let result = st.value;
    steps.push(st);
    Ok(Explanation {
        title: "Maintenance margin of the set-up".to_owned(),
        result: Some(result),
        rule: "The maintenance margins of every position at the prices, cross and isolated (each one's own formula: ask for a position's).".to_owned(),
        steps,
        tiers: Vec::new(),
        notes: Vec::new(),
    })
}

/// Position `i` is in `mode` and its maintenance margin is required beside
/// its balance (under Mango's health rule it is inside the health).
fn required_beside(book: &Book, i: usize, mode: MarginMode) -> Result<bool, Error> {
    let p = book.position(i)?;
    Ok(p.mode == mode && book.market(p.market)?.health.is_none())
}

/// One sum per market (in the book's market order) of `leaf` over its
/// positions in `mode`: the order the analyzer adds them in, so that the
/// sums carry its very digits.
fn by_market(
    book: &Book,
    mode: MarginMode,
    leaf: impl FnMut(usize) -> Result<Expr, Error>,
) -> Result<Vec<Expr>, Error> {
    by_market_where(book, |i| Ok(book.position(i)?.mode == mode), leaf)
}

/// [`by_market`] over the positions `keep` accepts.
fn by_market_where(
    book: &Book,
    keep: impl Fn(usize) -> Result<bool, Error>,
    mut leaf: impl FnMut(usize) -> Result<Expr, Error>,
) -> Result<Vec<Expr>, Error> {
    let mut out = Vec::new();
    for members in &book.by_market {
        let mut group = Vec::new();
        for &i in members {
            if keep(i)? {
                group.push(leaf(i)?);
            }
        }
        if !group.is_empty() {
            out.push(sum(group));
        }
    }
    Ok(out)
}

/// An isolated position's margin in USD at `prices`, as a formula, with
/// its standing there.
fn isolated_margin_expr(
    book: &Book,
    prices: &Prices,
    i: usize,
) -> Result<(Expr, rules::Isolated, rules::Figures), Error> {
    let p = book.position(i)?;
    let f = book.position_figures(i, prices.get(p.market)?)?;
    let st = rules::isolated(p.margin, &f)?;
    let s = sub(i);
    let plain_usd = f.settle_price == Decimal::ONE
        && matches!(book.market(p.market)?.contract, ContractKind::Linear { .. });
    let e = if plain_usd {
        v(&format!("M{s}"), p.margin, "its isolated margin")
    } else {
        prod(vec![
            v(
                &format!("M{s}"),
                p.margin,
                "its isolated margin (settle units)",
            ),
            v(&format!("k{s}"), f.settle_price, "USD per settle unit"),
        ])
    };
    Ok((e, st, f))
}

/// What liquidations can still take at `prices` (the analyzer's `at
/// stake`): the whole cross wallet while the cross account stands with
/// positions, and each open isolated position's margin.
pub(super) fn at_stake(book: &Book, prices: &Prices) -> Result<Explanation, Error> {
    let price_of = |m: usize| prices.get(m);
    let (sums, standing) = cross_standing(book, prices)?;
    let held = book.collateral.held(&price_of)?;
    let cross_open = sums.count > 0 && !standing.liquidated;
    let mut steps: Vec<Step> = Vec::new();
    let hc = if cross_open {
        v(
            "Hc",
            held,
            "what the cross account holds at these prices (its whole wallet is at stake)",
        )
    } else {
        v(
            "Hc",
            Decimal::ZERO,
            "nothing: the cross account has no open position",
        )
    };
    let open = by_market_where(
        book,
        |i| {
            let p = book.position(i)?;
            Ok(p.mode == MarginMode::Isolated
                && !isolated_margin_expr(book, prices, i)?.1.liquidated)
        },
        |i| Ok(isolated_margin_expr(book, prices, i)?.0),
    )?;
    let c = step("Sc", "the cross account's part", hc, &steps)?;
    let mut parts = vec![refer(&c)];
    steps.push(c);
    if !open.is_empty() {
        let o = step(
            "Si",
            "the open isolated positions' margins",
            sum(open),
            &steps,
        )?;
        parts.push(refer(&o));
        steps.push(o);
    }
    let total = step("S", "at stake", sum(parts), &steps)?;
    let result = total.value;
    steps.push(total);
    Ok(Explanation {
        title: "At stake in the set-up".to_owned(),
        result: Some(result),
        rule: "What liquidations can still take: the whole cross wallet while the cross account has open positions, and the margin of each isolated position still open.".to_owned(),
        steps,
        tiers: Vec::new(),
        notes: Vec::new(),
    })
}

/// What liquidations at `prices` took for good (the analyzer's `lost for
/// good`): each liquidated isolated position's margin less what the
/// residual rule returns, and the cross account's holdings less the same.
pub(super) fn lost(book: &Book, prices: &Prices) -> Result<Explanation, Error> {
    let price_of = |m: usize| prices.get(m);
    let (sums, standing) = cross_standing(book, prices)?;
    let mut steps: Vec<Step> = Vec::new();
    let mut parts = Vec::new();
    let isolated = by_market_where(
        book,
        |i| {
            let p = book.position(i)?;
            Ok(p.mode == MarginMode::Isolated
                && isolated_margin_expr(book, prices, i)?.1.liquidated)
        },
        |i| {
            let (m, st, f) = isolated_margin_expr(book, prices, i)?;
            let b = v(
                &format!("B{}", sub(i)),
                st.balance,
                "its margin balance there",
            );
            Ok(diff(m, residual_expr(book.residual, b, f.notional)))
        },
    )?;
    if !isolated.is_empty() {
        let st = step(
            "Li",
            "the liquidated isolated positions: margin less what is returned",
            sum(isolated),
            &steps,
        )?;
        parts.push(refer(&st));
        steps.push(st);
    }
    if sums.count > 0 && standing.liquidated {
        let held = book.collateral.held(&price_of)?;
        let left = residual_expr(
            book.residual,
            v("Em", standing.market, "the cross account at market value"),
            sums.notional,
        );
        let st = step(
            "Lc",
            "the cross account: what it held less what is returned",
            diff(
                v("Hc", held, "what the cross account held at these prices"),
                left,
            ),
            &steps,
        )?;
        parts.push(refer(&st));
        steps.push(st);
    }
    if parts.is_empty() {
        parts.push(v("0", Decimal::ZERO, "no liquidation"));
    }
    let total = step("L", "lost for good", sum(parts), &steps)?;
    let result = total.value;
    steps.push(total);
    Ok(Explanation {
        title: "Lost for good in the set-up".to_owned(),
        result: Some(result),
        rule: "What liquidations at these prices took: it stays lost if prices come back. A liquidated group loses what it held, less what the venue returns of its balance.".to_owned(),
        steps,
        tiers: Vec::new(),
        notes: Vec::new(),
    })
}

/// The cross account's sums and standing at `prices`, market by market.
fn cross_standing(
    book: &Book,
    prices: &Prices,
) -> Result<(CrossSums, rules::CrossStanding), Error> {
    let mut sums = CrossSums::default();
    for members in &book.by_market {
        let mut part = CrossSums::default();
        for &i in members {
            let p = book.position(i)?;
            if p.mode == MarginMode::Cross {
                part.add(&book.position_figures(i, prices.get(p.market)?)?)?;
            }
        }
        sums.merge(&part)?;
    }
    let standing = sums.standing(&book.collateral, &|m| prices.get(m), book.residual)?;
    Ok((sums, standing))
}

/// The margin position `i` opens with: `rules::opening_margin`.
pub(super) fn opening(book: &Book, i: usize) -> Result<Explanation, Error> {
    let p = book.position(i)?;
    let m = book.market(p.market)?;
    let s = sub(i);
    let q = v(&format!("q{s}"), p.size, "size");
    let ep = v(&format!("EP{s}"), p.entry, "entry price");
    let l = v(&format!("L{s}"), p.leverage, "leverage");
    let entry_notional = match m.contract {
        ContractKind::Linear { .. } => prod(vec![q.clone(), ep.clone()]),
        ContractKind::Inverse { contract_size } => quot(leaf_n(p, &s, contract_size), ep.clone()),
    };
    let initial = match (m.contract, m.size_rates.and_then(|r| r.initial)) {
        (ContractKind::Linear { .. }, None) => {
            rounded(quot(entry_notional.clone(), l.clone()), MARGIN_DIGITS)
        }
        (ContractKind::Inverse { .. }, None) => quot(entry_notional.clone(), l.clone()),
        (_, Some((base, per_unit))) => prod(vec![
            entry_notional.clone(),
            sum(vec![
                v("base", base, "initial rate's base"),
                prod(vec![v("per", per_unit, "initial rate per unit of size"), q]),
            ]),
        ]),
    };
    let mut steps: Vec<Step> = Vec::new();
    let im = step(
        "IM",
        "initial margin at entry (settle units)",
        initial,
        &steps,
    )?;
    let mut parts = vec![refer(&im)];
    steps.push(im);
    let mut notes = Vec::new();
    if let Some(f) = m.fees.filter(|f| f.close_in_margin) {
        let one = v("1", Decimal::ONE, "one");
        let step_l = quot(one.clone(), l);
        let down = matches!(m.contract, ContractKind::Linear { .. })
            == (p.side == crate::position::Side::Long);
        let factor = if down {
            max(diff(one, step_l), v("0", Decimal::ZERO, "zero"))
        } else {
            sum(vec![one, step_l])
        };
        let fee = step(
            "FC",
            "fee to close at the bankruptcy price, reserved in the margin (the venue's rule)",
            prod(vec![
                v("taker", f.taker, "taker fee rate"),
                entry_notional,
                factor,
            ]),
            &steps,
        )?;
        parts.push(refer(&fee));
        steps.push(fee);
    }
    let total = step(
        "M",
        "the margin it opens with (its default isolated margin)",
        sum(parts),
        &steps,
    )?;
    let result = total.value;
    steps.push(total);
    if p.mode == MarginMode::Isolated && p.margin.checked_add(p.funding_paid) != Some(result) {
        notes.push(format!(
            "This position's isolated margin is {} (as entered, after any funding), not the default.",
            plain(p.margin)
        ));
    }
    Ok(Explanation {
        title: format!("Opening margin of {}", position_label(book, i)?),
        result: Some(result),
        rule: "The margin a position opens with: its notional at entry ÷ leverage (or × the venue's size-linear initial rate), plus the fee to close where the venue reserves it.".to_owned(),
        steps,
        tiers: Vec::new(),
        notes,
    })
}

/// The set-up's account value at `prices`: the cross account's part
/// (its equity, or what its liquidation leaves) and each isolated
/// position's, with each liquidation test — added market by market, as
/// the analyzer adds them.
pub(super) fn account_value(book: &Book, prices: &Prices) -> Result<Explanation, Error> {
    let mut steps: Vec<Step> = Vec::new();
    let mut notes = Vec::new();
    // The cross account.
    let (sums, standing) = cross_standing(book, prices)?;
    let figure = |i: usize| -> Result<(Position, rules::Figures, String), Error> {
        let p = book.position(i)?.clone();
        let f = book.position_figures(i, prices.get(p.market)?)?;
        Ok((p, f, position_label(book, i)?))
    };
    let pnl = by_market(book, MarginMode::Cross, |i| {
        let (_, f, name) = figure(i)?;
        Ok(v(
            &format!("uPnL{}", sub(i)),
            f.unrealized_pnl,
            format!("{name}'s PnL"),
        ))
    })?;
    // Required beside the balance: not a maintenance inside a health.
    let mm = by_market_where(
        book,
        |i| required_beside(book, i, MarginMode::Cross),
        |i| {
            let (_, f, name) = figure(i)?;
            Ok(v(
                &format!("MM{}", sub(i)),
                f.maintenance_margin,
                format!("{name}'s maintenance margin"),
            ))
        },
    )?;
    // A health settles in its asset, not its PnL: the equity is then the
    // engine's sum of the assets (a leaf).
    let inside = sums.inside > 0;
    let simple = book.collateral.is_simple() && !inside;
    let has_cross = !pnl.is_empty();
    let equity = if simple {
        let w = v("W", book.collateral.constant()?, "the cross wallet");
        if has_cross {
            sum(vec![w, sum(pnl)])
        } else {
            w
        }
    } else {
        v(
            "E",
            standing.equity,
            if inside {
                "every asset at its collateral value, with each position's health (Mango) or PnL settled in it"
            } else {
                "every asset at its collateral value, with the cross PnL settled in it"
            },
        )
    };
    if has_cross {
        let mc = step(
            "Mc",
            if inside {
                "the maintenance margins required beside the balance (Mango's are inside each health)"
            } else {
                "the cross positions' maintenance margins"
            },
            if mm.is_empty() {
                v(
                    "0",
                    Decimal::ZERO,
                    "nothing: each maintenance is inside its position's health",
                )
            } else {
                sum(mm)
            },
            &steps,
        )?;
        steps.push(mc);
        let mut e = step(
            "Ec",
            "the cross account's margin balance (equity)",
            equity.clone(),
            &steps,
        )?;
        e.test = Some(Test {
            against: "Mc".to_owned(),
            liquidated: standing.liquidated,
        });
        steps.push(e);
    }
    let market_value = match (simple, steps.iter().rev().find(|s| s.symbol == "Ec")) {
        (true, Some(e)) => refer(e),
        (true, None) => equity,
        (false, _) => v(
            "Em",
            standing.market,
            "the cross account at market value (no haircuts)",
        ),
    };
    let cross_value = if standing.liquidated {
        residual_expr(book.residual, market_value, sums.notional)
    } else {
        market_value
    };
    let vc = step(
        "Vc",
        if standing.liquidated {
            "what the cross account's liquidation leaves"
        } else {
            "the cross account's value"
        },
        cross_value,
        &steps,
    )?;
    let mut values = vec![refer(&vc)];
    steps.push(vc);
    // Each isolated position: its test, and what it adds.
    let mut isolated_steps: Vec<Step> = Vec::new();
    let isolated = by_market(book, MarginMode::Isolated, |i| {
        let (_, f, name) = figure(i)?;
        let (margin, st, _) = isolated_margin_expr(book, prices, i)?;
        let s = sub(i);
        let done: Vec<Step> = steps.iter().chain(&isolated_steps).cloned().collect();
        let mm = step(
            &format!("MM{s}"),
            format!("{name}'s maintenance margin"),
            v(
                &format!("MM{s}"),
                f.maintenance_margin,
                "at its price (ask for its formula)",
            ),
            &done,
        )?;
        let balance = sum(vec![
            margin,
            v(&format!("uPnL{s}"), f.unrealized_pnl, "its PnL"),
        ]);
        let mut b = step(
            &format!("B{s}"),
            format!("{name}'s margin balance"),
            balance,
            &done,
        )?;
        b.test = Some(Test {
            against: format!("MM{s}"),
            liquidated: st.liquidated,
        });
        let b_ref = refer(&b);
        let value = if st.liquidated {
            residual_expr(book.residual, b_ref, f.notional)
        } else {
            b_ref
        };
        let label = if st.liquidated {
            format!("what {name}'s liquidation leaves")
        } else {
            format!("{name}'s value")
        };
        let vi = step(&format!("V{s}"), label, value, &[b.clone()])?;
        let out = refer(&vi);
        isolated_steps.extend([mm, b, vi]);
        Ok(out)
    })?;
    steps.extend(isolated_steps);
    if !isolated.is_empty() {
        let vi = step(
            "Vi",
            "the isolated positions' values",
            sum(isolated),
            &steps,
        )?;
        values.push(refer(&vi));
        steps.push(vi);
    }
    let total = step(
        "V",
        "the account value: the cross account's part and the isolated positions'",
        sum(values),
        &steps,
    )?;
    let result = total.value;
    steps.push(total);
    notes.extend(collateral_notes(book)?);
    for (m, mk) in book.markets.iter().enumerate() {
        if mk.health.is_some() {
            notes.extend(market_notes(book, m)?);
        }
    }
    if let Residual::Returned { fee_rate } = book.residual {
        notes.push(format!(
            "A liquidation returns what is left after a fee of {} of the notional.",
            plain(fee_rate)
        ));
    } else {
        notes.push("A liquidation forfeits what is left of the margin (the venue's insurance fund takes it).".to_owned());
    }
    Ok(Explanation {
        title: "Account value of the set-up".to_owned(),
        result: Some(result),
        rule: "Each margin group is liquidated when its margin balance is at or below its maintenance margin: the cross account as a whole (its wallet and coins with every cross position's PnL), each isolated position on its own margin. The account value is what each group holds, or what its liquidation leaves.".to_owned(),
        steps,
        tiers: Vec::new(),
        notes,
    })
}

/// The collateral rules that shaped the cross account's assets: Drift's
/// size discount (the ratio in force for the units held) and Binance's
/// auto-exchange (what was sold and repaid).
fn collateral_notes(book: &Book) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    for (k, a) in book.collateral.assets.iter().enumerate() {
        if let Some((base, imf)) = a.valuation.size_discount() {
            let ratio = a.valuation.slices.first().map_or(base, |s| s.ratio);
            notes.push(format!(
                "{} counts at Drift's size discount: min({}, 1.1 ÷ (1 + {}·√{})) = {} of its value.",
                a.name,
                plain(base),
                plain(imf),
                plain(a.units.max(Decimal::ZERO)),
                plain(ratio.round_dp(8))
            ));
        }
        if let Some(x) = book.exchanged.get(k).filter(|x| !x.is_zero()) {
            let what = if x.is_sign_negative() {
                format!("{} {} sold", plain(x.abs()), a.name)
            } else {
                format!("{} {} repaid", plain(*x), a.name)
            };
            let ratio = a
                .exchange_ratio
                .filter(|_| x.is_sign_negative())
                .map(|r| format!(" at an exchange ratio of {}", plain(r)))
                .unwrap_or_default();
            notes.push(format!(
                "Auto-exchange (a debt above {} USD): {what}{ratio}.",
                plain(book.auto_exchange.unwrap_or_default())
            ));
        }
    }
    Ok(notes)
}

/// What the residual rule leaves of a liquidated `balance`.
fn residual_expr(r: Residual, balance: Expr, notional: Decimal) -> Expr {
    match r {
        Residual::Forfeited => v("0", Decimal::ZERO, "forfeited"),
        Residual::Returned { fee_rate } => max(
            diff(
                balance,
                prod(vec![
                    v("N", notional, "notional"),
                    v("fee", fee_rate, "liquidation fee rate"),
                ]),
            ),
            v("0", Decimal::ZERO, "nothing"),
        ),
    }
}
