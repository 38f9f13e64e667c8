//! A formula as data: a tree whose leaves are the book's own numbers, each
//! with the symbol it has in the formula and what it is. The same tree
//! prints as the formula (`q·EP ÷ L`), as the formula with the numbers put
//! in (`2 × 60000 ÷ 10`), and evaluates — with the engine's checked
//! arithmetic — to the number it explains.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dec;
use crate::error::Error;
use crate::num::{neg, significant, Checked};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Expr {
    /// A number from the book, the rules or the prices.
    Value {
        symbol: String,
        #[serde(with = "dec::string")]
        value: Decimal,
        /// What it is, in words ("entry price", "tier 2's rate").
        meaning: String,
    },
    /// The result of an earlier step, by its symbol.
    Step {
        symbol: String,
        #[serde(with = "dec::string")]
        value: Decimal,
    },
    Sum {
        terms: Vec<Expr>,
    },
    Difference {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Product {
        factors: Vec<Expr>,
    },
    Quotient {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Negative {
        of: Box<Expr>,
    },
    /// The larger of two (a margin left after funding is never negative).
    Max {
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// Kept to `digits` significant digits (the engine's default margins).
    Rounded {
        of: Box<Expr>,
        digits: u32,
    },
}

/// A leaf.
pub fn v(symbol: &str, value: Decimal, meaning: impl Into<String>) -> Expr {
    Expr::Value {
        symbol: symbol.to_owned(),
        value,
        meaning: meaning.into(),
    }
}

pub fn sum(terms: Vec<Expr>) -> Expr {
    Expr::Sum { terms }
}

pub fn diff(left: Expr, right: Expr) -> Expr {
    Expr::Difference {
        left: Box::new(left),
        right: Box::new(right),
    }
}

pub fn prod(factors: Vec<Expr>) -> Expr {
    Expr::Product { factors }
}

pub fn quot(left: Expr, right: Expr) -> Expr {
    Expr::Quotient {
        left: Box::new(left),
        right: Box::new(right),
    }
}

pub fn negative(of: Expr) -> Expr {
    Expr::Negative { of: Box::new(of) }
}

pub fn max(left: Expr, right: Expr) -> Expr {
    Expr::Max {
        left: Box::new(left),
        right: Box::new(right),
    }
}

pub fn rounded(of: Expr, digits: u32) -> Expr {
    Expr::Rounded {
        of: Box::new(of),
        digits,
    }
}

/// How a renderer writes a leaf.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Leaves {
    Symbols,
    Numbers,
}

impl Expr {
    /// The tree's value, computed with checked arithmetic; `step(symbol)`
    /// gives an earlier step's value.
    pub fn evaluate(&self, step: &impl Fn(&str) -> Option<Decimal>) -> Result<Decimal, Error> {
        match self {
            Expr::Value { value, .. } => Ok(*value),
            Expr::Step { symbol, .. } => {
                step(symbol).ok_or_else(|| Error::internal("explanation step used before it is"))
            }
            Expr::Sum { terms } => {
                let mut it = terms.iter();
                let mut acc = match it.next() {
                    Some(t) => t.evaluate(step)?,
                    None => return Ok(Decimal::ZERO),
                };
                for t in it {
                    acc = acc.plus(t.evaluate(step)?)?;
                }
                Ok(acc)
            }
            Expr::Difference { left, right } => left.evaluate(step)?.minus(right.evaluate(step)?),
            Expr::Product { factors } => {
                let mut it = factors.iter();
                let mut acc = match it.next() {
                    Some(t) => t.evaluate(step)?,
                    None => return Ok(Decimal::ONE),
                };
                for t in it {
                    acc = acc.times(t.evaluate(step)?)?;
                }
                Ok(acc)
            }
            Expr::Quotient { left, right } => left.evaluate(step)?.over(right.evaluate(step)?),
            Expr::Negative { of } => Ok(neg(of.evaluate(step)?)),
            Expr::Max { left, right } => Ok(left.evaluate(step)?.max(right.evaluate(step)?)),
            Expr::Rounded { of, digits } => Ok(significant(of.evaluate(step)?, *digits)),
        }
    }

    /// The formula as text, leaves as symbols or as numbers written by
    /// `number` (the page groups digits; the CLI writes them plainly).
    pub fn render(&self, leaves: Leaves, number: &dyn Fn(Decimal) -> String) -> String {
        let mut out = String::new();
        self.write(&mut out, leaves, number, Prec::Top);
        out
    }

    fn write(
        &self,
        out: &mut String,
        leaves: Leaves,
        number: &dyn Fn(Decimal) -> String,
        at: Prec,
    ) {
        let own = self.prec();
        let paren = own < at;
        if paren {
            out.push('(');
        }
        match self {
            Expr::Value { symbol, value, .. } | Expr::Step { symbol, value } => {
                match leaves {
                    Leaves::Symbols => out.push_str(symbol),
                    Leaves::Numbers => {
                        let text = number(*value);
                        // A negative number inside a product or after a
                        // minus sign reads better in brackets.
                        if value.is_sign_negative() && !value.is_zero() && at > Prec::Top {
                            out.push('(');
                            out.push_str(&text);
                            out.push(')');
                        } else {
                            out.push_str(&text);
                        }
                    }
                }
            }
            Expr::Sum { terms } => {
                for (k, t) in terms.iter().enumerate() {
                    match t {
                        // `a + −x` reads `a − x`.
                        Expr::Negative { of } if k > 0 => {
                            out.push_str(" − ");
                            of.write(out, leaves, number, Prec::Product);
                        }
                        _ => {
                            if k > 0 {
                                out.push_str(" + ");
                            }
                            t.write(out, leaves, number, Prec::Sum);
                        }
                    }
                }
            }
            Expr::Difference { left, right } => {
                left.write(out, leaves, number, Prec::Sum);
                match right.as_ref() {
                    // `a − −x` reads `a + x`.
                    Expr::Negative { of } => {
                        out.push_str(" + ");
                        of.write(out, leaves, number, Prec::Sum);
                    }
                    r => {
                        out.push_str(" − ");
                        r.write(out, leaves, number, Prec::Product);
                    }
                }
            }
            Expr::Product { factors } => {
                let sep = match leaves {
                    Leaves::Symbols => "·",
                    Leaves::Numbers => " × ",
                };
                for (k, t) in factors.iter().enumerate() {
                    if k > 0 {
                        out.push_str(sep);
                    }
                    t.write(out, leaves, number, Prec::Product);
                }
            }
            Expr::Quotient { left, right } => {
                left.write(out, leaves, number, Prec::Product);
                out.push_str(" ÷ ");
                right.write(out, leaves, number, Prec::Atom);
            }
            Expr::Negative { of } => {
                out.push('−');
                of.write(out, leaves, number, Prec::Atom);
            }
            Expr::Max { left, right } => {
                out.push_str("max(");
                left.write(out, leaves, number, Prec::Top);
                out.push_str(", ");
                right.write(out, leaves, number, Prec::Top);
                out.push(')');
            }
            Expr::Rounded { of, digits } => {
                out.push_str("round(");
                of.write(out, leaves, number, Prec::Top);
                out.push_str(&format!(", {digits} digits)"));
            }
        }
        if paren {
            out.push(')');
        }
    }

    fn prec(&self) -> Prec {
        match self {
            Expr::Sum { terms } if terms.len() > 1 => Prec::Sum,
            Expr::Difference { .. } => Prec::Sum,
            Expr::Product { factors } if factors.len() > 1 => Prec::Product,
            Expr::Quotient { .. } => Prec::Product,
            Expr::Negative { .. } => Prec::Product,
            Expr::Sum { terms } => terms.first().map_or(Prec::Atom, Expr::prec),
            Expr::Product { factors } => factors.first().map_or(Prec::Atom, Expr::prec),
            _ => Prec::Atom,
        }
    }

    /// Every leaf, once each in order (a symbol that appears twice with
    /// one value is listed once): the legend under a formula.
    pub fn leaves(&self) -> Vec<(&str, Decimal, &str)> {
        let mut out: Vec<(&str, Decimal, &str)> = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(&'a str, Decimal, &'a str)>) {
        match self {
            Expr::Value {
                symbol,
                value,
                meaning,
            } => {
                if !out.iter().any(|(s, x, _)| *s == symbol && *x == *value) {
                    out.push((symbol, *value, meaning));
                }
            }
            Expr::Step { .. } => {}
            Expr::Sum { terms } => terms.iter().for_each(|t| t.collect(out)),
            Expr::Product { factors } => factors.iter().for_each(|t| t.collect(out)),
            Expr::Difference { left, right }
            | Expr::Quotient { left, right }
            | Expr::Max { left, right } => {
                left.collect(out);
                right.collect(out);
            }
            Expr::Negative { of } | Expr::Rounded { of, .. } => of.collect(out),
        }
    }
}

/// Binding strength, for brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Top,
    Sum,
    Product,
    Atom,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        crate::dec::parse(s).unwrap_or_default()
    }

    #[test]
    fn renders_symbols_and_numbers_and_evaluates() {
        // (M + cum − q·EP) ÷ (q·mmr − q)
        let e = quot(
            diff(
                sum(vec![v("M", d("1000"), "margin"), v("cum", d("50"), "cum")]),
                prod(vec![v("q", d("0.5"), "size"), v("EP", d("60000"), "entry")]),
            ),
            diff(
                prod(vec![v("q", d("0.5"), "size"), v("mmr", d("0.005"), "rate")]),
                v("q", d("0.5"), "size"),
            ),
        );
        let plain = |x: Decimal| crate::dec::to_string(&x);
        assert_eq!(
            e.render(Leaves::Symbols, &plain),
            "(M + cum − q·EP) ÷ (q·mmr − q)"
        );
        assert_eq!(
            e.render(Leaves::Numbers, &plain),
            "(1000 + 50 − 0.5 × 60000) ÷ (0.5 × 0.005 − 0.5)"
        );
        let x = e.evaluate(&|_| None);
        assert_eq!(
            x.ok(),
            Some(d("-28950").checked_div(d("-0.4975")).unwrap_or_default())
        );
        assert_eq!(e.leaves().len(), 5);
    }

    #[test]
    fn a_negative_number_in_a_product_is_bracketed() {
        let e = prod(vec![v("s", d("-1"), "side"), v("q", d("2"), "size")]);
        let plain = |x: Decimal| crate::dec::to_string(&x);
        assert_eq!(e.render(Leaves::Numbers, &plain), "(-1) × 2");
        assert_eq!(negative(e).render(Leaves::Symbols, &plain), "−(s·q)");
    }
}
