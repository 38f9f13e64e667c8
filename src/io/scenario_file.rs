//! The scenario as a JSON file: export text, and import with the same
//! validation as a link (the engine's typed error naming the field). Pure.
use margin_engine::{Book, Error, Scenario};

pub const FILE_NAME: &str = "margin-lab-scenario.json";

/// The file's text: the engine's canonical scenario JSON.
pub fn export(s: &Scenario) -> String {
    s.to_json()
}

/// Reads a scenario file; the error is the engine's (`field: reason`).
pub fn import(text: &str) -> Result<Scenario, Error> {
    let s = Scenario::from_json(text)?;
    Book::new(&s)?;
    Ok(s)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn export_import_export_is_identical() {
        let s = Scenario::from_json(margin_engine::samples::default_json()).unwrap();
        let text = export(&s);
        let back = import(&text).unwrap();
        assert_eq!(back, s);
        assert_eq!(export(&back), text);
    }

    #[test]
    fn bad_files_name_the_field() {
        let text = margin_engine::samples::default_json().replacen(
            "\"wallet\": \"10000\"",
            "\"wallet\": \"ten\"",
            1,
        );
        assert_ne!(
            text,
            margin_engine::samples::default_json(),
            "fixture edit applied"
        );
        let e = import(&text).unwrap_err();
        assert_eq!(e.field, "wallet");
        assert!(e.to_string().starts_with("wallet:"), "{e}");
        assert!(import("not json").is_err());
    }
}
