//! The prices the user sets: a base price per market (typed, dragged or from
//! a link) and a whole-market move in percent on top. The engine applies the
//! move (`Book::moved_prices`); this only keeps what was typed and whether it
//! reads as a price.
use std::collections::BTreeMap;

use margin_engine::num::Checked;
use margin_engine::{Book, Decimal, Error, ErrorKind, Prices};

use crate::format::plain;
use crate::state::field;

/// The whole-market slider's range, in percent; the price sliders span the
/// same moves around each mark.
pub const MOVE_MIN_PERCENT: i64 = -90;
pub const MOVE_MAX_PERCENT: i64 = 200;

/// A price slider's range: the mark moved by [`MOVE_MIN_PERCENT`] and [`MOVE_MAX_PERCENT`].
pub fn slider_range(mark: Decimal) -> (Decimal, Decimal) {
    let at = |pct: i64| {
        mark.times(
            Decimal::ONE
                .plus(Decimal::new(pct, 2))
                .unwrap_or(Decimal::ONE),
        )
        .unwrap_or(mark)
    };
    (at(MOVE_MIN_PERCENT), at(MOVE_MAX_PERCENT))
}

#[derive(Debug, Clone, PartialEq)]
pub struct PriceControls {
    /// Base price per market (the book's market order) and its box text.
    pub base: Vec<Decimal>,
    pub text: Vec<String>,
    /// Whole-market move in percent, and its box text.
    pub market_move: Decimal,
    pub move_text: String,
    /// A typed price or move that is not usable (the prices stay at the last good ones).
    pub error: Option<Error>,
}

impl PriceControls {
    /// Every market at its mark, no move.
    pub fn at_marks(book: &Book) -> PriceControls {
        PriceControls::from_shared(book, &BTreeMap::new(), Decimal::ZERO)
    }

    /// Prices from a link: a listed, valid price per symbol, else the mark.
    pub fn from_shared(
        book: &Book,
        prices: &BTreeMap<String, Decimal>,
        market_move: Decimal,
    ) -> PriceControls {
        let base: Vec<Decimal> = book
            .markets()
            .iter()
            .map(|m| {
                prices
                    .get(&m.symbol)
                    .copied()
                    .filter(|p| margin_engine::check_price(*p).is_ok())
                    .unwrap_or(m.mark)
            })
            .collect();
        let mut c = PriceControls {
            text: base.iter().map(|p| plain(*p)).collect(),
            base,
            market_move: Decimal::ZERO,
            move_text: "0".into(),
            error: None,
        };
        c.set_move(book, plain(market_move));
        c
    }

    /// The prices in use: the base moved by the whole-market move.
    pub fn effective(&self, book: &Book) -> Result<Prices, Error> {
        let x = self.market_move.over(Decimal::ONE_HUNDRED)?;
        book.moved_prices(&Prices(self.base.clone()), x, "market_move")
    }

    /// Market `m`'s box: a valid price becomes its base. The boxes show the
    /// prices in use, so editing one under a whole-market move first makes
    /// the moved prices the base (the move folds into the prices). A
    /// percentage ("-15%") is a move of the market from its mark.
    pub fn set_price(&mut self, book: &Book, m: usize, text: String) {
        if m >= self.text.len() {
            return;
        }
        if !self.market_move.is_zero() {
            self.anchor(book);
        }
        let Some(slot) = self.text.get_mut(m) else {
            return;
        };
        slot.clone_from(&text);
        let market = book.markets().get(m);
        let symbol = market.map(|x| x.symbol.as_str()).unwrap_or_default();
        let at = format!("prices.{symbol}");
        let read = match field::relative_move(&at, &text) {
            Some(x) => x.and_then(|x| {
                let mark = market.map(|x| x.mark).unwrap_or_default();
                Decimal::ONE
                    .plus(x)
                    .and_then(|f| mark.times(f))
                    .map_err(|e| Error::new(&at, e.kind))
            }),
            None => field::parse(&at, &text),
        };
        let parsed = read.and_then(|v| {
            margin_engine::check_price(v)
                .map(|_| v)
                .map_err(|e| e.within(&at))
        });
        match parsed {
            Ok(v) => {
                if let Some(b) = self.base.get_mut(m) {
                    *b = v;
                }
                self.error = None;
                self.check(book);
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The whole-market move box (percent, within the slider's range).
    pub fn set_move(&mut self, book: &Book, text: String) {
        self.move_text.clone_from(&text);
        match field::parse("market_move", &text) {
            Ok(v)
                if v >= Decimal::from(MOVE_MIN_PERCENT) && v <= Decimal::from(MOVE_MAX_PERCENT) =>
            {
                let before = self.market_move;
                self.market_move = v;
                self.error = None;
                if !self.check(book) {
                    self.market_move = before;
                }
            }
            Ok(v) => {
                self.error = Some(Error::new(
                    "market_move",
                    ErrorKind::OutOfRange {
                        value: v,
                        min: Decimal::from(MOVE_MIN_PERCENT),
                        max: Decimal::from(MOVE_MAX_PERCENT),
                    },
                ))
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The moved prices become the new base; the move goes back to 0.
    pub fn anchor(&mut self, book: &Book) {
        if let Ok(p) = self.effective(book) {
            self.base = p.0;
            self.text = self.base.iter().map(|p| plain(*p)).collect();
            self.market_move = Decimal::ZERO;
            self.move_text = "0".into();
        }
    }

    /// Every market back at its mark.
    pub fn reset(&mut self, book: &Book) {
        *self = PriceControls::at_marks(book);
    }

    /// After the book changed from `old` to `new`: a market keeps its price
    /// (by symbol) unless its mark changed; new markets start at their mark.
    pub fn follow(&mut self, old: &Book, new: &Book) {
        let keep: BTreeMap<&str, (Decimal, Decimal)> = old
            .markets()
            .iter()
            .zip(&self.base)
            .map(|(m, p)| (m.symbol.as_str(), (m.mark, *p)))
            .collect();
        let base: Vec<Decimal> = new
            .markets()
            .iter()
            .map(|m| match keep.get(m.symbol.as_str()) {
                Some((mark, p)) if *mark == m.mark => *p,
                _ => m.mark,
            })
            .collect();
        if base != self.base {
            self.text = base.iter().map(|p| plain(*p)).collect();
            self.base = base;
            self.error = None;
        }
    }

    /// Whether the move keeps every price in range; if not, says which.
    fn check(&mut self, book: &Book) -> bool {
        match self.effective(book) {
            Ok(_) => true,
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    use crate::test_support::book;

    #[test]
    fn a_price_and_a_move_combine_and_anchor() {
        let b = book();
        let mut c = PriceControls::at_marks(&b);
        c.set_price(&b, 0, "52000".into());
        c.set_move(&b, "-10".into());
        assert_eq!(c.base[0], Decimal::from(52_000));
        assert_eq!(c.effective(&b).unwrap().0[0], Decimal::from(46_800));
        c.anchor(&b);
        assert_eq!(c.base[0], Decimal::from(46_800));
        assert_eq!(c.market_move, Decimal::ZERO);
        // A box edited under a move: the move folds into the prices first.
        c.set_move(&b, "10".into());
        c.set_price(&b, 1, "2900".into());
        assert_eq!(c.market_move, Decimal::ZERO);
        assert_eq!(c.base[0], Decimal::new(514_800, 1));
        assert_eq!(c.base[1], Decimal::from(2_900));
        c.set_price(&b, 0, "-5".into());
        assert_eq!(
            c.error.as_ref().map(|e| e.field.as_str()),
            Some("prices.BTCUSDT")
        );
        assert_eq!(c.base[0], Decimal::new(514_800, 1));
        assert_eq!(c.text[0], "-5", "the box keeps what was typed");
    }

    #[test]
    fn a_percentage_moves_the_market_from_its_mark() {
        let b = book();
        let mut c = PriceControls::at_marks(&b);
        c.set_price(&b, 0, "-15%".into());
        assert_eq!(c.base[0], Decimal::from(51_000));
        assert_eq!(c.text[0], "-15%", "the box keeps what was typed");
        c.set_price(&b, 2, "+20 %".into());
        assert_eq!(c.base[2], Decimal::from(180));
        c.set_price(&b, 0, "-100%".into());
        assert!(c.error.is_some(), "a zero price is refused");
        assert_eq!(c.base[0], Decimal::from(51_000));
        c.set_price(&b, 0, "25,000".into());
        assert_eq!(c.base[0], Decimal::from(25_000));
    }

    #[test]
    fn hostile_text_is_an_error_not_a_price() {
        let b = book();
        let mut c = PriceControls::at_marks(&b);
        for t in [
            "",
            "1e5",
            "٣٠٠٠",
            "<b>1</b>",
            &"9".repeat(400),
            "-0",
            "79228162514264337593543950335",
        ] {
            c.set_price(&b, 0, t.to_owned());
            assert!(c.error.is_some(), "{t:?} accepted");
            assert_eq!(c.base[0], Decimal::from(60_000));
        }
        c.set_move(&b, "500".into());
        assert_eq!(
            c.error.as_ref().map(|e| e.field.as_str()),
            Some("market_move")
        );
        assert_eq!(c.market_move, Decimal::ZERO);
    }

    #[test]
    fn slider_range_is_minus_90_to_plus_200_percent() {
        assert_eq!(
            slider_range(Decimal::from(60_000)),
            (Decimal::from(6_000), Decimal::from(180_000))
        );
    }
}
