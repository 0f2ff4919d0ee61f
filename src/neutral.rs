//! Text from applications is data: before it reaches a spreadsheet or a terminal it is made
//! inert. A CSV cell that Excel/WPS would read as a formula gets the OWASP prefix; control
//! characters and bidirectional overrides are shown as escapes, never sent.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula or a command when they
/// begin it (OWASP "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell as it is safe to write: one that begins like a formula is prefixed with `'`,
/// which spreadsheets show as text. A plain decimal number (`-12.50`) is left alone: it
/// cannot be a formula, and a prefix would turn a negative amount into text.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) && !is_plain_number(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV field as written to the file: [`csv_cell`], then quoted when it holds a comma, a
/// quote or a line break. Every CSV fundpolicy writes goes through here, headers included.
pub fn csv_field(cell: &str) -> Cow<'_, str> {
    let cell = csv_cell(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", cell.replace('"', "\"\"")))
    } else {
        cell
    }
}

/// `-?digits(.digits)?`
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Characters a terminal would act on instead of showing: C0 and C1 controls (escape
/// sequences, OSC title codes, bells, line breaks, tabs), DEL, and the Unicode marks that
/// reorder or hide text (bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width
/// joiners are left alone as they occur in ordinary text).
pub fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text as it is safe to print on a terminal, on one line: every character a terminal would
/// act on is written as its escape (`\u{1b}`), so a record cannot move the cursor, retitle
/// the window, reverse the text or break the table's lines.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts_on_terminal(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `text` to standard error. A standard error that cannot be written (a pipe whose
/// reader has gone) is not the command's failure and has nowhere else to be said: the exit
/// status still tells how the command went (`eprint!` would panic there, and the panic's own
/// message abort the process).
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`to_stderr`] of `text` and a line end.
pub fn line_to_stderr(text: &str) {
    to_stderr(&format!("{text}\n"));
}

/// Like [`terminal`], but keeps line breaks: for multi-line messages whose lines the program
/// itself made; each line's content is still escaped.
pub fn terminal_lines(text: &str) -> String {
    text.split('\n')
        .map(terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_prefixed_and_numbers_are_not() {
        for (cell, safe) in [
            ("=1+1", "'=1+1"),
            ("+86 123", "'+86 123"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=x", "'\r=x"),
            ("-", "'-"),
            ("-12.50", "-12.50"),
            ("-7", "-7"),
            ("12.5", "12.5"),
            ("A001", "A001"),
            ("万州", "万州"),
            ("", ""),
            ("a=b", "a=b"),
            ("-.5", "'-.5"),
            ("-5.", "'-5."),
        ] {
            assert_eq!(csv_cell(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn csv_fields_are_neutral_and_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("-3.50"), "-3.50");
        assert_eq!(csv_field("万州"), "万州");
    }

    #[test]
    fn terminal_text_shows_escapes_instead_of_sending_them() {
        assert_eq!(terminal("plain 万州 text"), "plain 万州 text");
        assert_eq!(terminal("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(terminal("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
        assert_eq!(terminal("abc\u{202E}fed"), "abc\\u{202e}fed");
        assert_eq!(terminal("a\tb\nc\rd"), "a\\u{9}b\\u{a}c\\u{d}d");
        assert_eq!(terminal("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(terminal("x\u{2066}y"), "x\\u{2066}y");
        assert_eq!(terminal_lines("one\u{1b}\ntwo"), "one\\u{1b}\ntwo");
    }
}
