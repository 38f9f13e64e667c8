//! Teaching scenarios for the page's "Load example" menu: the engine's shipped
//! samples (`margin_engine::samples::SAMPLES`: id, title, lesson, JSON).
use margin_engine::samples::{Sample, SAMPLES};
use margin_engine::Scenario;

/// Every example, in the engine's order.
pub fn all() -> &'static [Sample] {
    SAMPLES
}

/// The scenario of an example by id.
pub fn scenario(id: &str) -> Result<Scenario, String> {
    let s = margin_engine::samples::get(id).ok_or_else(|| format!("no example \"{id}\""))?;
    Scenario::from_json(s.json).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use margin_engine::Book;

    #[test]
    fn every_example_is_a_valid_book() {
        assert!(all().len() >= 4);
        for s in all() {
            Book::new(&scenario(s.id).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", s.id));
        }
        assert!(scenario("nope").is_err());
    }
}
