//! Liquidation prices explained: along one market's price `P` the
//! surplus (margin balance less maintenance) is `A + B·P` on the piece
//! where the liquidation lies, summed from one term per position and coin
//! (`line::surface`'s terms, written out); the price is `P = −A ÷ B`.
use rust_decimal::Decimal;

use super::expr::{negative, quot, sum, v, Expr};
use super::{position_label, refer, step, Direction, Explanation, Step, TierChoice};
use crate::book::{Book, Prices};
use crate::error::{Error, ErrorKind};
use crate::line::surface::{LineTerm, Surface};
use crate::line::{Boundary, Funds, Group, Line, Range};
use crate::liquidation::Bounds;
use crate::market::{CloseFee, ContractKind, MmBasis};
use crate::num::Checked;
use crate::position::MarginMode;

const RULE: &str = "Liquidation where the margin balance meets the maintenance margin. Along this market's price P the surplus (balance − maintenance) is a straight line A + B·P between tier boundaries: each position adds its PnL less its maintenance, each coin its counted value. The liquidation price is where the line reaches zero: P = −A ÷ B.";

/// Position `i`'s own liquidation price (it must be isolated).
pub(super) fn isolated(book: &Book, i: usize) -> Result<Explanation, Error> {
    let p = book.position(i)?;
    if p.mode != MarginMode::Isolated {
        return Err(Error::new(
            "position",
            ErrorKind::Malformed {
                message: format!(
                    "position {i} is cross in this set-up: its liquidation is the cross account's (ask for cross_liquidation_price)"
                ),
            },
        ));
    }
    let result = book.isolated_liquidation_price(i, Boundary::Liquidation)?;
    let line = Line::axis(&book.marks(), p.market)?;
    let members = [i];
    let group = book.isolated_group(i, &members)?;
    let m = book.market(p.market)?;
    let balance_label = match m.contract {
        ContractKind::Linear { .. } => "the position's margin (in USD)",
        ContractKind::Inverse { .. } => "nothing besides the coins below",
    };
    let mut notes = rule_notes(book, &members)?;
    if !p.funding_paid.is_zero() {
        notes.push(format!(
            "Funding over the holding time: {} {} from its margin, {} left.",
            super::plain(p.funding_paid.abs()),
            if p.funding_paid > Decimal::ZERO {
                "paid"
            } else {
                "received into"
            },
            super::plain(p.margin)
        ));
    }
    let title = format!(
        "Liquidation price of {} (isolated)",
        position_label(book, i)?
    );
    let w = match m.contract {
        ContractKind::Linear { settle_price } if settle_price != Decimal::ONE => {
            super::expr::prod(vec![
                v("M", p.margin, "its margin (settle units)"),
                v("k", settle_price, "USD per settle unit"),
            ])
        }
        _ => v("W", group.balance, balance_label),
    };
    build(
        book,
        &line,
        &group,
        (w, balance_label),
        result,
        title,
        notes,
    )
}

/// The cross account's liquidation price along market `m` on `side` of
/// its price, the others at `prices`.
pub(super) fn cross(
    book: &Book,
    prices: &Prices,
    m: usize,
    side: Direction,
) -> Result<Explanation, Error> {
    let symbol = book.market(m)?.symbol.clone();
    let all = book.cross_members();
    if !book.cross_moves_with(&book.collateral, &all, m) {
        return Err(Error::new(
            "market",
            ErrorKind::Malformed {
                message: format!("the cross account does not move with {symbol} in this set-up"),
            },
        ));
    }
    let line = Line::axis(prices, m)?;
    let price = prices.get(m)?;
    let title = format!(
        "Cross account's liquidation price along {symbol}, {} {} (the other markets where they are)",
        match side {
            Direction::Below => "below",
            Direction::Above => "above",
        },
        super::plain(price)
    );
    let notes = rule_notes(book, &all)?;
    let pick = |b: Bounds| match side {
        Direction::Below => b.down,
        Direction::Above => b.up,
    };
    if !book.collateral.is_simple() {
        // Coins that move or count at a ratio: the whole account along
        // the price, as the analyzer scans it.
        let group = Book::cross_group(&book.collateral, &all)?;
        let scan = book.cross_scan(prices, m, Boundary::Liquidation, &all)?;
        let label = "the cross collateral at fixed prices (wallet and stablecoins)";
        let w = v("W", group.balance, label);
        return build(
            book,
            &line,
            &group,
            (w, label),
            pick(Bounds::around(&scan, price)),
            title,
            notes,
        );
    }
    // Every asset at a fixed price and counted in full: this market's
    // cross positions along its price, on a balance of the cross wallet
    // plus the other markets' PnL less maintenance — the analyzer's sums.
    let members: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| book.position(i).is_ok_and(|p| p.market == m))
        .collect();
    let mut parts = vec![v("Wc", book.cross_wallet, "the cross wallet")];
    let mut balance = book.cross_wallet;
    for k in 0..book.markets.len() {
        if k == m {
            continue;
        }
        let (mut pnl, mut mm, mut health) = (Vec::new(), Vec::new(), Vec::new());
        let mut sums = crate::rules::CrossSums::default();
        for &i in all
            .iter()
            .filter(|&&i| book.position(i).is_ok_and(|p| p.market == k))
        {
            let f = book.position_figures(i, prices.get(k)?)?;
            sums.add(&f)?;
            let s = super::sub(i);
            if let Some(w) = book.market(k)?.health {
                // Mango: its health counts, nothing beside it.
                health.push(super::health_expr(&f, w, &s));
                continue;
            }
            let name = position_label(book, i)?;
            pnl.push(v(
                &format!("uPnL{s}"),
                f.unrealized_pnl,
                format!("{name}'s PnL at {}", super::plain(prices.get(k)?)),
            ));
            mm.push(v(
                &format!("MM{s}"),
                f.maintenance_margin,
                format!("{name}'s maintenance margin there"),
            ));
        }
        if pnl.is_empty() && health.is_empty() {
            continue;
        }
        balance = balance.plus(sums.surplus_part()?)?;
        parts.push(if health.is_empty() {
            super::expr::diff(sum(pnl), sum(mm))
        } else {
            sum(health)
        });
    }
    let group = Group {
        members: &members,
        balance,
        funds: Funds::default(),
    };
    let surface = Surface::new(
        book,
        &line,
        &members,
        &group.funds,
        Boundary::Liquidation,
        Range::POSITIVE,
    )?;
    let scan = surface.scan(book, balance)?;
    let label = "the cross wallet and the other markets' PnL less maintenance, at their prices";
    let w = match <[Expr; 1]>::try_from(parts) {
        Ok([one]) => one,
        Err(parts) => sum(parts),
    };
    build(
        book,
        &line,
        &group,
        (w, label),
        pick(Bounds::around(&scan, price)),
        title,
        notes,
    )
}

/// The explanation of `result`, a crossing of `group`'s surplus along
/// `line` with the balance `balance`.
fn build(
    book: &Book,
    line: &Line,
    group: &Group<'_>,
    balance: (Expr, &str),
    result: Option<Decimal>,
    title: String,
    mut notes: Vec<String>,
) -> Result<Explanation, Error> {
    let (members, funds) = (group.members, &group.funds);
    let (balance, balance_label) = balance;
    let Some(at) = result else {
        notes.insert(
            0,
            "The surplus never reaches zero at a positive price on this side: no liquidation."
                .to_owned(),
        );
        return Ok(Explanation {
            title,
            result: None,
            rule: RULE.to_owned(),
            steps: Vec::new(),
            tiers: Vec::new(),
            notes,
        });
    };
    let surface = Surface::new(
        book,
        line,
        members,
        funds,
        Boundary::Liquidation,
        Range::POSITIVE,
    )?;
    // The piece holding the price; at a tier floor the piece that ends
    // there may be the one whose line crosses zero (both meet there for a
    // continuous table).
    let mut tries: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
    let floors = surface.on_floor(book, at)?;
    for &(k, below, _) in &floors {
        tries.push(vec![(k, below)]);
    }
    if floors.len() > 1 {
        tries.push(floors.iter().map(|&(k, below, _)| (k, below)).collect());
    }
    for overrides in &tries {
        let terms = surface.terms_at(book, funds, line, members, at, overrides)?;
        let (steps, tiers) = steps_of(terms, balance.clone(), balance_label)?;
        if steps.last().map(|s| s.value) == Some(at) {
            return Ok(Explanation {
                title,
                result,
                rule: RULE.to_owned(),
                steps,
                tiers,
                notes,
            });
        }
    }
    // A table whose amount jumps at a floor: the surplus jumps across zero
    // there, and the liquidation price is that floor's price.
    if let Some(&(k, _, floor)) = floors.first() {
        let i = surface
            .mover_position(k)
            .ok_or_else(|| Error::internal("mover"))?;
        let p = book.position(i)?;
        let m = book.market(p.market)?;
        let s = super::sub(i);
        let expr = match m.contract {
            ContractKind::Linear { .. } => quot(
                v("floor", floor, "the tier's floor"),
                v(&format!("q{s}"), p.size, "size"),
            ),
            ContractKind::Inverse { contract_size } => quot(
                super::expr::prod(vec![
                    v(&format!("q{s}"), p.size, "contracts"),
                    v(&format!("cs{s}"), contract_size, "contract size (USD)"),
                ]),
                v("floor", floor, "the tier's floor (coins)"),
            ),
        };
        let label = format!(
            "the price where {}'s notional reaches a tier floor, where the table's maintenance jumps across the balance",
            position_label(book, i)?
        );
        let rule = "Liquidation where the margin balance meets the maintenance margin; here the maintenance jumps at a tier floor (the table's amounts are not continuous) from below the balance to above it.";
        if let Some(e) = at_a_jump(at, label, expr, rule, (&title, result, &notes))? {
            return Ok(e);
        }
    }
    // An asset's counted value that jumps at one of its collateral tiers
    // (tiers applied to the whole balance).
    if let Some((name, floor, expr)) = surface.pool_floor_at(book, at)? {
        let label = format!("the price where {name}'s balance reaches its collateral tier's floor {}, where its counted value jumps", super::plain(floor));
        let rule = "Liquidation where the margin balance meets the maintenance margin; here the margin balance jumps at a collateral tier's floor (its ratio applies to the whole balance) from above the maintenance margin to below it.";
        if let Some(e) = at_a_jump(at, label, expr, rule, (&title, result, &notes))? {
            return Ok(e);
        }
    }
    Err(Error::internal(
        "liquidation price not reproduced by its explanation",
    ))
}

/// A one-step explanation of a liquidation at a jump (the price `expr`
/// gives, where the balance or the requirement jumps across the other),
/// when `expr` gives the liquidation price `at`.
fn at_a_jump(
    at: Decimal,
    label: String,
    expr: Expr,
    rule: &str,
    (title, result, notes): (&str, Option<Decimal>, &[String]),
) -> Result<Option<Explanation>, Error> {
    let last = step("P", label, expr, &[])?;
    Ok((last.value == at).then(|| Explanation {
        title: title.to_owned(),
        result,
        rule: rule.to_owned(),
        steps: vec![last],
        tiers: Vec::new(),
        notes: notes.to_vec(),
    }))
}

/// The steps `W`, each term's `aⱼ` and `bⱼ`, `A`, `B`, `P`.
fn steps_of(
    terms: Vec<LineTerm>,
    balance: Expr,
    balance_label: &str,
) -> Result<(Vec<Step>, Vec<TierChoice>), Error> {
    let mut steps: Vec<Step> = Vec::with_capacity(terms.len().saturating_mul(2).saturating_add(4));
    let mut tiers = Vec::new();
    let mut a_refs = Vec::new();
    let mut b_refs = Vec::new();
    // Each term's step, remembered for its sum.
    let push = |steps: &mut Vec<Step>,
                symbol: String,
                label: String,
                expr: Expr,
                refs: &mut Vec<Expr>|
     -> Result<(), Error> {
        let st = step(&symbol, label, expr, steps)?;
        refs.push(refer(&st));
        steps.push(st);
        Ok(())
    };
    for (j, t) in terms.into_iter().enumerate() {
        let idx = super::sub(j);
        push(
            &mut steps,
            format!("a{idx}"),
            format!("{} — at P = 0", t.label),
            t.a,
            &mut a_refs,
        )?;
        if !is_zero(&t.b) {
            push(
                &mut steps,
                format!("b{idx}"),
                format!("{} — per unit of P", t.label),
                t.b,
                &mut b_refs,
            )?;
        }
        if let Some(c) = t.tier {
            tiers.push(c);
        }
    }
    let w = step("W", balance_label, balance, &steps)?;
    a_refs.push(refer(&w));
    steps.push(w);
    let a = step(
        "A",
        "the surplus at P = 0 on this piece",
        sum(a_refs),
        &steps,
    )?;
    steps.push(a);
    let b = step(
        "B",
        "how the surplus changes per unit of P",
        sum(b_refs),
        &steps,
    )?;
    steps.push(b);
    let last = {
        let (a, b) = (
            steps.iter().rev().find(|s| s.symbol == "A").map(refer),
            steps.iter().rev().find(|s| s.symbol == "B").map(refer),
        );
        let (Some(a), Some(b)) = (a, b) else {
            return Err(Error::internal("explanation steps"));
        };
        step(
            "P",
            "the liquidation price: A + B·P = 0",
            quot(negative(a), b),
            &steps,
        )?
    };
    steps.push(last);
    Ok((steps, tiers))
}

fn is_zero(e: &Expr) -> bool {
    matches!(e, Expr::Value { value, .. } if value.is_zero())
}

/// The venue rules that applied to `members`' markets, once per market.
pub(super) fn rule_notes(book: &Book, members: &[usize]) -> Result<Vec<String>, Error> {
    let mut seen: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for &i in members {
        let p = book.position(i)?;
        if seen.contains(&p.market) {
            continue;
        }
        seen.push(p.market);
        out.extend(market_notes(book, p.market)?);
    }
    Ok(out)
}

/// What a market's venue rules do to its positions' requirement.
pub(super) fn market_notes(book: &Book, m: usize) -> Result<Vec<String>, Error> {
    let mk = book.market(m)?;
    let s = &mk.symbol;
    let mut out = Vec::new();
    if mk.mm_basis == MmBasis::Entry {
        out.push(format!("{s}: maintenance is measured on the entry notional (the venue's rule), so its tier and amount do not move with the price."));
    }
    if let ContractKind::Inverse { contract_size } = mk.contract {
        out.push(format!("{s}: inverse contract of {} USD each; PnL and margin are in the coin, valued at the price.", super::plain(contract_size)));
    }
    if let Some(r) = mk.size_rates {
        out.push(format!(
            "{s}: maintenance rate linear in size: {} + {} × size (r adds the size part).",
            super::plain(r.maintenance.0),
            super::plain(r.maintenance.1)
        ));
    }
    if let Some(f) = mk.fees {
        match f.close_in_requirement {
            CloseFee::None => {}
            CloseFee::Mark => out.push(format!("{s}: the fee to close at the price is in the requirement: the taker rate {} is added to the maintenance rate (r).", super::plain(f.taker))),
            CloseFee::Bankruptcy => out.push(format!("{s}: the fee to close at the bankruptcy price is in the requirement: taker {} × the notional at entry × (1 ∓ 1/leverage), a fixed amount (F).", super::plain(f.taker))),
            CloseFee::AccountBankruptcy => out.push(format!("{s}: the fee to close at the bankruptcy price is in the requirement (F): for a cross position the bankruptcy price of its cross balance with the fee inside it, taker {} × (notional at entry ± balance) ÷ (1 ± taker); for an isolated one its leverage's.", super::plain(f.taker))),
        }
        if f.funding_in_requirement {
            out.push(format!("{s}: the next funding payment, when a cost to the side, is in the requirement (r)."));
        }
    }
    if mk.hedged_at_entry {
        out.push(format!("{s}: hedge mode: the hedged part of each position (the smaller side's size over its own side's) is margined at its entry price, the rest at the price — a negative rate r and an amount F on the entry notional."));
    }
    if let Some(t) = mk.tick {
        out.push(format!("{s}: prices shown on its tick {} are rounded toward the current price; the exact price is explained here.", super::plain(t)));
    }
    if let Some(w) = mk.health {
        out.push(format!("{s}: Mango's health rule: each position's health, PnL (its unsettled part included) less maintenance, counts at {} when positive and in full when negative, inside its settle asset; nothing is required beside it, so the account goes when its health reaches 0.", super::plain(w)));
    }
    Ok(out)
}
