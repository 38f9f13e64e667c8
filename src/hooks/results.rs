//! The engine's answer for the current book and prices: the analyzer, built
//! once per book, and a snapshot per price vector that reuses the previous
//! one's unchanged markets. One evaluation per input; every number the page
//! shows is read from here.
use std::cell::RefCell;
use std::rc::Rc;

use margin_engine::{Analyzer, Error, Prices, Snapshot};
use yew::prelude::*;

use crate::state::reducer::AppState;

/// The book's analysis at the prices in use.
#[derive(Debug)]
pub struct Results {
    pub analyzer: Rc<Analyzer>,
    pub snapshot: Rc<Snapshot>,
    /// The book's generation these belong to.
    pub generation: u64,
    /// The same book with its coins' starting value in stablecoins, at the
    /// same prices (the third comparison), when it holds coins that follow
    /// a market. Kept like the main one: a price move recomputes what moved.
    pub stable: Option<Stable>,
}

/// The stablecoin-funded book's analyzer and its snapshot at the prices in use.
#[derive(Debug, Clone)]
pub struct Stable {
    pub analyzer: Rc<Analyzer>,
    pub snapshot: Rc<Snapshot>,
}

impl Results {
    /// The prices in use.
    pub fn prices(&self) -> &Prices {
        self.snapshot.prices()
    }
}

/// An `Rc` compared by pointer: cheap props for components that only need to
/// know whether they were given the same value.
#[derive(Debug)]
pub struct Same<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(Rc::clone(&self.0))
    }
}

impl<T: ?Sized> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: ?Sized> std::ops::Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The analysis for `state`, or why there is none (never expected for a
/// validated book; shown rather than hidden).
#[hook]
pub fn use_results(state: &AppState) -> Result<Same<Results>, Error> {
    let book = Rc::clone(&state.book);
    let analyzer = use_memo(state.generation, move |_| {
        Analyzer::new((*book).clone()).map(Rc::new)
    });
    let book = Rc::clone(&state.book);
    let stable_analyzer = use_memo(state.generation, move |_| -> Option<Rc<Analyzer>> {
        if !book.holds_market_coins().unwrap_or(false) {
            return None;
        }
        // A book the engine cannot fund in stablecoins simply has no third
        // comparison (the panel then shows the assets alone).
        book.in_stablecoins()
            .and_then(Analyzer::new)
            .ok()
            .map(Rc::new)
    });
    // The last good snapshot: the next one shares its unchanged markets, and
    // it stays on screen if the prices in use are ever not valid.
    let last: Rc<RefCell<Option<Rc<Results>>>> = use_mut_ref(|| None);
    let prices = state.prices.effective(&state.book);
    let results = use_memo((state.generation, prices), {
        let analyzer = Rc::clone(&analyzer);
        let stable_analyzer = Rc::clone(&stable_analyzer);
        let last = Rc::clone(&last);
        move |(generation, prices)| -> Result<Rc<Results>, Error> {
            let analyzer = analyzer.as_ref().clone()?;
            // The last results of this book, whose snapshots the new ones share.
            let before = last
                .borrow()
                .as_ref()
                .filter(|r| r.generation == *generation)
                .map(Rc::clone);
            let previous = before.as_ref().map(|r| Rc::clone(&r.snapshot));
            let prices = match prices {
                Ok(p) => p.clone(),
                Err(_) => match &previous {
                    Some(s) => s.prices().clone(),
                    None => analyzer.book().marks(),
                },
            };
            let snapshot = Rc::new(analyzer.snapshot(&prices, previous.as_deref())?);
            let stable = match stable_analyzer.as_ref() {
                Some(sa) => {
                    let before = before
                        .as_ref()
                        .and_then(|r| r.stable.as_ref().map(|s| Rc::clone(&s.snapshot)));
                    sa.snapshot(&prices, before.as_deref())
                        .ok()
                        .map(|s| Stable {
                            analyzer: Rc::clone(sa),
                            snapshot: Rc::new(s),
                        })
                }
                None => None,
            };
            let r = Rc::new(Results {
                analyzer,
                snapshot,
                generation: *generation,
                stable,
            });
            *last.borrow_mut() = Some(Rc::clone(&r));
            Ok(r)
        }
    });
    results.as_ref().clone().map(Same)
}
