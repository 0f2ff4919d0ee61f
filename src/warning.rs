//! Warnings about inputs: something a run went on despite (an unknown column ignored, …),
//! said once, never dropped. Readers push them on the batch's `Warnings`; the command line
//! prints them on standard error for the table and CSV, and `evaluate --format json` carries
//! them as `warnings: [{code, message, location}]`.

use crate::location::Location;
use serde::Serialize;

/// One warning: a stable `code` (`input::unknown_column`), a message and, when there is one,
/// the place it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Warning {
        Warning {
            code,
            message: message.into(),
            location: None,
        }
    }

    /// The same warning at `location`.
    pub fn at(mut self, location: Location) -> Warning {
        self.location = Some(location);
        self
    }
}

/// `warning[input::unknown_column] a.csv:1: …` — one line, as standard error shows it.
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning[{}]", self.code)?;
        if let Some(l) = &self.location {
            write!(f, " {l}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The warnings of one run, in the order they were found.
pub type Warnings = Vec<Warning>;
