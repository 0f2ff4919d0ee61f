//! Warnings about inputs: something a run went on despite (an unknown column ignored, …),
//! said once, never dropped. Readers push them on the batch's `Warnings`; the command line
//! prints them on standard error for the table and CSV, and `evaluate --format json` carries
//! them as `warnings: [{code, message, location}]`.

use crate::diag::Code;
use crate::location::Location;
use serde::Serialize;

/// One warning: a stable `code` (`input::unknown_column`), a message and, when there is one,
/// the place it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: Code,
    pub message: String,
    /// What to do about it, when there is something to do.
    pub help: Option<String>,
    pub location: Option<Location>,
}

impl Warning {
    pub fn new(code: Code, message: impl Into<String>) -> Warning {
        Warning {
            code,
            message: message.into(),
            help: None,
            location: None,
        }
    }

    /// The same warning with `help`.
    pub fn help(mut self, help: impl Into<String>) -> Warning {
        self.help = Some(help.into());
        self
    }

    /// The same warning at `location`.
    pub fn at(mut self, location: Location) -> Warning {
        self.location = Some(location);
        self
    }
}

/// `warning[input::unknown_column] a.csv:1: …` (`警告[…]` in Chinese) — as standard error
/// shows it.
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", crate::msg!("input-warning"), self.code)?;
        if let Some(l) = &self.location {
            write!(f, " {l}")?;
        }
        // A full-width colon after Chinese words, as Chinese punctuation goes.
        let colon = match crate::Lang::for_messages() {
            crate::Lang::Zh => "：",
            crate::Lang::En => ": ",
        };
        write!(f, "{colon}{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  {}{colon}{help}", crate::msg!("input-warning-help"))?;
        }
        Ok(())
    }
}

/// The warnings of one run, in the order they were found.
pub type Warnings = Vec<Warning>;
