//! Path mode's recording: the prices visited since it was switched on, each
//! new price vector walked as one more step (the engine's `PathWalker`), so
//! a long drag costs one step per input, not the whole path again. Pure.
use std::rc::Rc;

use margin_engine::{Book, Error, PathResult, PathWalker, Prices, Variant};

use crate::format::shown_variants;
use crate::state::reducer::PathTime;

/// One recording: which book and run it belongs to, and a walker per set-up.
#[derive(Debug)]
pub struct PathRun {
    pub generation: u64,
    pub run: u64,
    walkers: Vec<(Variant, Result<PathWalker, Error>)>,
    last: Option<Prices>,
    samples: usize,
    /// How many of the recording's time presses were read, and how many
    /// of them walked (a full recording walks no more).
    held: usize,
    holds: usize,
    /// The books the walks left, with the event counts they were built at:
    /// they change only when a liquidation happens, not at every sample.
    left: (Vec<usize>, Rc<Vec<Left>>),
}

/// The book a walk left one set-up: its open positions (`index[k]` is
/// survivor `k`'s row in the book) and what is left of its wallet.
#[derive(Debug, Clone, PartialEq)]
pub struct Left {
    pub variant: Variant,
    pub book: Book,
    pub index: Vec<usize>,
}

/// What the page shows of a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct PathView {
    pub samples: usize,
    /// Of those, the prices visited (the others are time let pass).
    pub prices: usize,
    /// Per set-up shown: the walk so far, or why it could not run.
    pub results: Vec<(Variant, Result<PathResult, Error>)>,
    /// Per set-up whose walk ran: the book it left.
    pub left: Rc<Vec<Left>>,
}

impl PathView {
    /// `variant`'s walk, if it ran.
    pub fn result(&self, variant: Variant) -> Option<&PathResult> {
        self.results
            .iter()
            .find(|(v, _)| *v == variant)
            .and_then(|(_, r)| r.as_ref().ok())
    }
}

impl PathRun {
    /// A new recording of `book` (run `run` of generation `generation`).
    pub fn new(book: &Book, generation: u64, run: u64) -> PathRun {
        let walkers = shown_variants(book)
            .into_iter()
            .map(|v| (v, v.apply(book).and_then(|b| PathWalker::new(&b))))
            .collect();
        PathRun {
            generation,
            run,
            walkers,
            last: None,
            samples: 0,
            held: 0,
            holds: 0,
            left: (Vec::new(), Rc::default()),
        }
    }

    /// Extends the recording to `prices` (nothing when they did not change).
    pub fn visit(&mut self, prices: &Prices) {
        if self.last.as_ref() == Some(prices) || self.samples >= margin_engine::MAX_SAMPLES {
            return;
        }
        self.each_walker(|w| w.push(prices));
        self.last = Some(prices.clone());
        self.samples = self.samples.saturating_add(1);
    }

    /// Takes one more step of every walk still running; a walk that fails
    /// keeps its error (shown in place of its set-up's path).
    fn each_walker(&mut self, mut step: impl FnMut(&mut PathWalker) -> Result<(), Error>) {
        for (_, w) in &mut self.walkers {
            if let Ok(walker) = w {
                if let Err(e) = step(walker) {
                    *w = Err(e);
                }
            }
        }
    }

    /// Walks the hours let pass since the last call (those of this
    /// recording only), at the prices the recording stands at.
    pub fn pass_time(&mut self, time: &PathTime) {
        if (time.generation, time.run) != (self.generation, self.run) {
            return;
        }
        for &h in time.hours.iter().skip(self.held) {
            if self.samples >= margin_engine::MAX_SAMPLES {
                break;
            }
            self.each_walker(|w| w.hold(h));
            self.samples = self.samples.saturating_add(1);
            self.holds = self.holds.saturating_add(1);
        }
        self.held = time.hours.len();
    }

    pub fn view(&mut self) -> PathView {
        let results = self
            .walkers
            .iter()
            .map(|(v, w)| {
                (
                    *v,
                    w.as_ref()
                        .map_err(Clone::clone)
                        .and_then(PathWalker::result),
                )
            })
            .collect();
        let events: Vec<usize> = self
            .walkers
            .iter()
            .map(|(_, w)| w.as_ref().map_or(0, |w| w.events().len()))
            .collect();
        if self.left.0 != events {
            let left = self
                .walkers
                .iter()
                .filter_map(|(v, w)| {
                    let (book, index) = w.as_ref().ok()?.survivors().ok()?;
                    Some(Left {
                        variant: *v,
                        book,
                        index,
                    })
                })
                .collect();
            self.left = (events, Rc::new(left));
        }
        PathView {
            samples: self.samples,
            prices: self.samples.saturating_sub(self.holds),
            results,
            left: Rc::clone(&self.left.1),
        }
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use margin_engine::{Decimal, EventKind};

    #[test]
    fn path_mode_latches_liquidations() {
        let book = Book::from_json(margin_engine::samples::default_json()).unwrap();
        let mut run = PathRun::new(&book, 0, 1);
        let mut at = book.marks();
        run.visit(&at);
        at.0[0] = Decimal::from(30_000);
        run.visit(&at);
        at.0[0] = Decimal::from(60_000);
        run.visit(&at);
        run.visit(&at);
        let v = run.view();
        assert_eq!(v.samples, 3, "an unchanged price adds no sample");
        let (variant, iso) = v
            .results
            .iter()
            .find(|(v, _)| *v == Variant::AllIsolated)
            .unwrap();
        assert_eq!(*variant, Variant::AllIsolated);
        let iso = iso.as_ref().unwrap();
        assert!(iso
            .events
            .iter()
            .any(|e| e.kind == EventKind::Isolated { position: 0 }));
        assert!(
            !iso.open[0],
            "the BTC position stays closed when BTC comes back"
        );
    }

    #[test]
    fn time_let_pass_is_walked_once_and_only_on_its_recording() {
        let text = margin_engine::samples::default_json().replace(
            r#""preset": "binance-usdm-btcusdt-2024-10"}"#,
            r#""preset": "binance-usdm-btcusdt-2024-10", "funding": {"rate": "0.001"}}"#,
        );
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["version"] = 2.into();
        let book = Book::from_json(&v.to_string()).unwrap();
        let mut run = PathRun::new(&book, 3, 1);
        run.visit(&book.marks());
        let week = PathTime {
            generation: 3,
            run: 1,
            hours: vec![Decimal::from(168)],
        };
        run.pass_time(&week);
        run.pass_time(&week);
        let v = run.view();
        assert_eq!((v.samples, v.prices), (2, 1), "one press, one sample");
        let iso = v.result(Variant::AllIsolated).unwrap();
        assert_eq!(iso.hours, Decimal::from(168));
        // Another recording's time is not walked here.
        let other = PathTime {
            generation: 2,
            run: 1,
            hours: vec![Decimal::from(8); 3],
        };
        run.pass_time(&other);
        assert_eq!(run.view().samples, 2);
    }
}
