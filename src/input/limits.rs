//! How much fundpolicy reads before it stops: every limit has a default that a real batch
//! stays well under, and an environment variable that raises it for a trusted file. A limit
//! is checked while reading (a zip bomb or `/dev/zero` is stopped, not read to the end).

/// One limit: its environment variable, its default and what it counts.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub var: &'static str,
    pub default: u64,
    /// Counts bytes (shown as MiB/GiB) or things (shown as a number).
    pub bytes: bool,
}

/// Bytes of an input read whole (YAML, JSON, JSON Lines, xlsx), whatever it is (a file,
/// standard input, a FIFO, a device). A document in memory takes about six times its size
/// by the time its records are built: 256 MiB keeps a batch within 2 GB.
pub const INPUT_BYTES: Limit = Limit {
    var: "FUNDPOLICY_MAX_INPUT_BYTES",
    default: 256 << 20,
    bytes: true,
};

/// Bytes of CSV read as it streams from something that is not a regular file (standard
/// input, a FIFO, a device): CSV is held a row at a time, so this only ends a stream that
/// would not.
pub const STREAM_BYTES: Limit = Limit {
    var: "FUNDPOLICY_MAX_STREAM_BYTES",
    default: 4 << 30,
    bytes: true,
};

/// Bytes an xlsx workbook unzips to (all its parts together), counted as they come out. The
/// XML parser holds a whole text or tag in memory (900 MiB of spaces in a sheet peaked at
/// 1.5 GB), and a workbook at the cell limit unzips to about 300 MiB.
pub const UNZIPPED_BYTES: Limit = Limit {
    var: "FUNDPOLICY_MAX_UNZIPPED_BYTES",
    default: 512 << 20,
    bytes: true,
};

/// Filled cells of an xlsx workbook. A cell costs about 340 bytes by the time its record is
/// evaluated (10 million took 3.4 GB): 4 million keeps a workbook within 1.5 GB.
pub const CELLS: Limit = Limit {
    var: "FUNDPOLICY_MAX_CELLS",
    default: 4_000_000,
    bytes: false,
};

/// Bytes of one CSV row (a file with no line breaks is one row).
pub const ROW_BYTES: Limit = Limit {
    var: "FUNDPOLICY_MAX_ROW_BYTES",
    default: 64 << 20,
    bytes: true,
};

impl Limit {
    /// The limit in force: the environment variable's value, else the default. A value that
    /// cannot be read is an error, never the default in disguise.
    pub fn get(&self) -> Result<u64, String> {
        match std::env::var(self.var) {
            Err(std::env::VarError::NotPresent) => Ok(self.default),
            Ok(text) => parse_size(&text).ok_or_else(|| {
                crate::msg!(
                    "input-limit-not_a_size",
                    var = self.var,
                    value = crate::diag::echo(&text)
                )
            }),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(crate::msg!("input-limit-not_utf8", var = self.var))
            }
        }
    }

    /// `512 MiB`, `10000000`: an amount as this limit counts it.
    pub fn show(&self, n: u64) -> String {
        if !self.bytes {
            return n.to_string();
        }
        match n {
            n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
            n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
            n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
            n => crate::msg!("input-limit-bytes", n = n),
        }
    }

    /// How to raise the limit, for the help line of the error that names it.
    pub fn help(&self, limit: u64) -> String {
        let example = limit.saturating_mul(4);
        let example = if self.bytes {
            self.show(example).replace(' ', "")
        } else {
            example.to_string()
        };
        crate::msg!(
            "input-limit-raise",
            limit = self.show(limit),
            var = self.var,
            example = example
        )
    }
}

/// `1048576`, `64KiB`, `512MiB`, `2GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all binary).
fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let n: u64 = t[..digits].parse().ok()?;
    let shift = match t[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return None,
    };
    n.checked_mul(1 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_binary_units() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("512MiB"), Some(512 << 20));
        assert_eq!(parse_size("2 GiB"), Some(2 << 30));
        assert_eq!(parse_size("64k"), Some(64 << 10));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
        assert_eq!(INPUT_BYTES.show(512 << 20), "512 MiB");
        assert!(
            INPUT_BYTES
                .help(512 << 20)
                .contains("FUNDPOLICY_MAX_INPUT_BYTES=2GiB")
        );
    }
}
