//! A message about something the page could not do (open a link, import a
//! file, load an example): the engine's typed error and what was tried.
use margin_engine::{Error, ErrorKind};

/// What the page was trying to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Open a shared link (the default book is shown instead).
    Link,
    /// Import a scenario file (the book stays).
    Import,
    /// Load a shipped example.
    Example,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub attempt: Attempt,
    /// Field and code, as the engine gives them.
    pub error: Error,
}

impl Notice {
    pub fn new(attempt: Attempt, error: Error) -> Notice {
        Notice { attempt, error }
    }

    /// A notice whose reason is plain text (no field).
    pub fn text(attempt: Attempt, message: impl Into<String>) -> Notice {
        Notice {
            attempt,
            error: Error::new(
                "",
                ErrorKind::Malformed {
                    message: message.into(),
                },
            ),
        }
    }

    /// The sentence shown.
    pub fn message(&self) -> String {
        let e = &self.error;
        match self.attempt {
            Attempt::Link => {
                format!("Could not open the shared link: {e}. Showing the default book instead.")
            }
            Attempt::Import => {
                format!("Could not import the scenario file: {e}. Keeping the current book.")
            }
            Attempt::Example => format!("Could not load the example: {e}."),
        }
    }
}
