//! Any text with a span anywhere in it, rendered as fundpolicy renders a diagnostic: never a
//! panic (miette panicked past column 65,535), whatever the line lengths and characters.
#![no_main]

use fundpolicy::diag::{Code, Diagnostic, Report, SourceFile, Span, Words};
use libfuzzer_sys::fuzz_target;

/// A diagnostic labelling `spans`, worded without the catalogue.
fn labelled(spans: [Span; 2]) -> Diagnostic {
    let mut d = Diagnostic::new(Code::YamlInvalid, Words::worded("fuzz"));
    for span in spans {
        d = d.label(span, Words::worded("here"));
    }
    d
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (spans, text) = data.split_at(8);
    let Ok(text) = std::str::from_utf8(text) else { return };
    // Repeat the text to reach long lines cheaply.
    let times = usize::from(spans[0] % 4) * 20_000 + 1;
    let text = text.repeat(times.min(1 + 200_000 / text.len().max(1)));
    let len = text.len().max(1);
    let at = |a: u8, b: u8| usize::from(u16::from_le_bytes([a, b])) * len / 65_536;
    let s1 = Span::new(at(spans[1], spans[2]), at(spans[1], spans[2]) + usize::from(spans[3]));
    let s2 = Span::new(at(spans[4], spans[5]), at(spans[6], spans[7]));
    let file = SourceFile::new("f", text);
    let _ = Report::new(&labelled([s1, s2]), Some(&file)).render_plain();
});
