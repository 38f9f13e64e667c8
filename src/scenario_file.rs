//! The scenario as a JSON file: export text, and import with the same
//! validation as a link (the engine's message naming the field). Pure.
use margin_engine::{Book, Scenario};

pub const FILE_NAME: &str = "margin-lab-scenario.json";

/// The file's text: the engine's canonical scenario JSON.
pub fn export(s: &Scenario) -> String {
    s.to_json()
}

/// Reads a scenario file; an error is the engine's message (`field: reason`).
pub fn import(text: &str) -> Result<Scenario, String> {
    let s = Scenario::from_json(text).map_err(|e| e.to_string())?;
    Book::new(&s).map_err(|e| e.to_string())?;
    Ok(s)
}

/// The message shown when a file cannot be imported.
pub fn import_notice(e: &str) -> String {
    format!("Could not import the scenario file: {e}. Keeping the current book.")
}

#[cfg(test)]
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
        let text = margin_engine::samples::default_json().replacen("\"wallet\": \"10000\"", "\"wallet\": \"ten\"", 1);
        assert_ne!(text, margin_engine::samples::default_json(), "fixture edit applied");
        let e = import(&text).unwrap_err();
        assert!(e.starts_with("wallet:"), "{e}");
        assert!(import("not json").is_err());
        assert!(import_notice("x: y").contains("x: y"));
    }
}
