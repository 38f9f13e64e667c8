//! Fixtures shared by the app's unit tests: the shipped default book in
//! each of the forms the tests start from.
use margin_engine::{Analyzer, Book, Scenario};

use crate::state::draft::Draft;

/// The shipped default scenario.
pub fn scenario() -> Scenario {
    Scenario::from_json(margin_engine::samples::default_json()).unwrap()
}

/// The default book.
pub fn book() -> Book {
    Book::new(&scenario()).unwrap()
}

/// The default book, prepared for snapshots.
pub fn analyzer() -> Analyzer {
    Analyzer::new(book()).unwrap()
}

/// The default book as typed.
pub fn draft() -> Draft {
    Draft::from_scenario(&scenario())
}
