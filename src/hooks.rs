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
    let key = (
        state.path_on,
        state.path_run,
        state.generation,
        results.prices().clone(),
        Rc::clone(&state.path_time),
    );
    let view = use_memo(key, {
        let results = results.clone();
        let seed = std::rc::Rc::clone(&state.path_seed);
        move |(on, run, generation, prices, time)| {
            let mut slot = cell.borrow_mut();
            if !*on {
                *slot = None;
                return None;
            }
            let current = slot
                .as_ref()
                .is_some_and(|r| r.run == *run && r.generation == *generation);
            if !current {
                let mut fresh = PathRun::new(results.analyzer.book(), *generation, *run);
                for sample in seed.iter() {
                    fresh.visit(sample);
                }
                *slot = Some(fresh);
            }
            let run = slot.as_mut()?;
            run.visit(prices);
            run.pass_time(time);
            Some(Rc::new(run.view()))
        }
    });
    (*view).clone()
}

/// The latest value of something that changes on every input, behind a
/// handle that does not: a component given the handle is not rendered again
/// on every input, and reads the value only when the user acts (a button
/// that copies a link, downloads a file).
#[derive(Debug)]
pub struct Latest<T>(Rc<RefCell<Option<T>>>);

impl<T> Clone for Latest<T> {
    fn clone(&self) -> Self {
        Latest(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Latest<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: Clone> Latest<T> {
    /// The value as of the last render.
    pub fn get(&self) -> Option<T> {
        self.0.borrow().clone()
    }
}

/// A [`Latest`] handle holding `value` (updated on every render).
#[hook]
pub fn use_latest<T>(value: T) -> Latest<T>
where
    T: 'static,
{
    let cell: Rc<RefCell<Option<T>>> = use_mut_ref(|| None);
    *cell.borrow_mut() = Some(value);
    Latest(cell)
}
