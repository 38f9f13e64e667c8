//! Data derived from the state, outside the reducer and cached: the engine's
//! results for the current book and prices, the charts, and path mode's
//! recording.
//!
//! * [`results`]: the analyzer (once per book) and a snapshot per price vector;
//! * [`charts`]: both charts, redrawn only when what they show changes;
//! * [`path_run`]: path mode's incremental walk.
pub mod charts;
pub mod path_run;
pub mod results;

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::path_run::{PathRun, PathView};
use crate::hooks::results::{Results, Same};
use crate::state::reducer::AppState;

/// Path mode's view: the recording extended to the current prices (`None`
/// when path mode is off).
#[hook]
pub fn use_path(state: &AppState, results: &Same<Results>) -> Option<Rc<PathView>> {
    let cell: Rc<RefCell<Option<PathRun>>> = use_mut_ref(|| None);
    let key = (state.path_on, state.path_run, state.generation, results.prices().clone());
    let view = use_memo(key, {
        let results = results.clone();
        move |(on, run, generation, prices)| {
            let mut slot = cell.borrow_mut();
            if !*on {
                *slot = None;
                return None;
            }
            let current = slot.as_ref().is_some_and(|r| r.run == *run && r.generation == *generation);
            if !current {
                *slot = Some(PathRun::new(results.analyzer.book(), *generation, *run));
            }
            let run = slot.as_mut()?;
            run.visit(prices);
            Some(Rc::new(run.view()))
        }
    });
    (*view).clone()
}
