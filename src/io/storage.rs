//! The book kept in this browser (`localStorage`), so a reload or a visit
//! tomorrow finds it again. It is stored in the share-link format, so the
//! one scenario parser reads it back. Embeds neither read nor write it (a
//! lesson's embed must show the lesson's book, not the reader's own).
//! Storage can be missing or refused (private modes, sandboxed frames,
//! full quota): then nothing is kept, and nothing fails.

const KEY: &str = "margin-lab.book";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved book as a `#v1=…` fragment, if any.
pub fn load() -> Option<String> {
    storage()?
        .get_item(KEY)
        .ok()?
        .filter(|s| s.starts_with('#'))
}

/// Keeps `fragment` (a `#v1=…` share fragment) as the saved book.
pub fn save(fragment: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, fragment);
    }
}
