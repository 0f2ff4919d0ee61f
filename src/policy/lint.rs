//! Stage 4, lint: what is valid but is probably not what was meant. Lint findings are
//! warnings: `check` prints them and still passes (a finding may be a false alarm that the
//! policy cannot silence), but they are never dropped.

use super::sources::Sources;
use super::{Reports, problem_at, words};
use crate::diag::Code;
use crate::diag::{Report, Span};

/// Keys of the policy format that a text (`zh:`, `en:`, `interpretation:`) should not hold:
/// `en: "growth enterprise, aliases: [成长型]"` is one English text, not a text and aliases.
const KEYS: &[&str] = &[
    "aliases",
    "values",
    "when",
    "id",
    "zh",
    "en",
    "label",
    "message",
    "cite",
    "formula",
    "cap",
    "type",
    "unit",
    "help",
    "min",
    "max",
    "fields",
    "interpretation",
    "groups",
    "items",
    "round",
    "max_score",
    "order",
    "awards",
    "quota",
    "tiers",
    "demotion",
    "remove",
    "flag",
    "size",
    "amount",
    "required",
    "counts",
    "share",
    "rounding",
    "direction",
    "source",
];

/// The keys whose values are texts people read.
const TEXT_KEYS: &[&str] = &["zh", "en", "interpretation"];

/// Texts of the asked year's own files that hold what looks like a policy key.
pub fn texts(sources: &Sources) -> Reports {
    let mut out = Vec::new();
    let Some(year) = sources.years.last() else {
        return out;
    };
    let own = std::iter::once(year.manifest_file)
        .chain(year.common.iter().map(|(f, _)| *f))
        .chain(year.programmes.iter().map(|(f, _)| *f));
    for id in own {
        let file = sources.file(id);
        for (key, text, start) in quoted_texts(&file.text) {
            if let Some((found, at)) = key_inside(text) {
                let begin = start + at;
                out.push(
                    Report::new(
                        &problem_at(
                            Code::LintKeyInText,
                            words!(key = key, found = found),
                            Some(Span::new(begin, begin + found.len() + 1)),
                        ),
                        Some(file),
                    )
                    .as_warning(),
                );
            }
        }
    }
    out
}

/// `lint::unlisted_file`: a YAML file in a year folder of the chain that the year's
/// `policy.yaml` does not list is neither read nor in the digest; its rules would be ignored
/// without a word. (`tests/` and `examples/` are folders, not looked at.)
pub fn unlisted(source: &super::Source, sources: &Sources) -> Reports {
    let mut out = Vec::new();
    for year in &sources.years {
        let folder = year.year.to_string();
        let manifest = sources.file(year.manifest_file);
        let listed: Vec<&str> = std::iter::once("policy.yaml")
            .chain(
                (year.manifest.common.iter())
                    .chain(&year.manifest.programmes)
                    .map(|l| l.value.as_str()),
            )
            .collect();
        for rel in source.list(&folder) {
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            if listed.contains(&name) {
                continue;
            }
            out.push(
                Report::new(
                    &problem_at(
                        Code::LintUnlistedFile,
                        words!(file = &rel, folder = &folder),
                        Some(Span::new(0, 0)),
                    ),
                    Some(manifest),
                )
                .as_warning(),
            );
        }
    }
    out
}

/// Quoted scalars written as the value of a text key: (key, content, byte offset of content).
fn quoted_texts(text: &str) -> Vec<(&'static str, &str, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for key in TEXT_KEYS {
        let pattern = format!("{key}:");
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(&pattern)) {
            let at = from + found;
            from = at + pattern.len();
            // A key starts a line, or follows `{`, `,` or a space.
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if !matches!(
                before,
                None | Some(b' ' | b'{' | b',' | b'\n' | b'\t' | b'-')
            ) {
                continue;
            }
            // Not inside a comment.
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[line_start..at];
            if line.trim_start().starts_with('#') || line.contains(" #") {
                continue;
            }
            let rest = &text[from..];
            let value = rest.trim_start_matches([' ', '\t']);
            let open = from + (rest.len() - value.len());
            let Some(quote @ ('"' | '\'')) = value.chars().next() else {
                continue;
            };
            let body = &text[open + 1..];
            let mut end = None;
            let mut chars = body.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if quote == '"' && c == '\\' {
                    chars.next();
                } else if c == quote {
                    if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        end = Some(i);
                        break;
                    }
                }
            }
            if let Some(end) = end {
                out.push((*key, &body[..end], open + 1));
            }
        }
    }
    out
}

/// The first policy key written as `key:` inside a text, and its offset in the text.
fn key_inside(text: &str) -> Option<(&'static str, usize)> {
    let bytes = text.as_bytes();
    let mut best: Option<(&'static str, usize)> = None;
    for key in KEYS {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|t| t.find(key)) {
            let at = from + found;
            from = at + key.len();
            let word_start =
                at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            let colon = bytes.get(at + key.len()) == Some(&b':');
            let after = bytes.get(at + key.len() + 1);
            if word_start && colon && matches!(after, None | Some(b' ' | b'[' | b'{' | b'\n')) {
                if best.is_none_or(|(_, b)| at < b) {
                    best = Some((key, at));
                }
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_key_in_a_quoted_text_only() {
        let text = "values:\n  - {id: g, zh: 成长型, en: \"growth enterprise, aliases: [成长型]\"}\n  - {id: h, en: \"ratio: 1/3\"}\n  # was {id: i, en: \"x, aliases: [y]\"}\n";
        let found: Vec<_> = quoted_texts(text)
            .into_iter()
            .filter_map(|(k, t, s)| {
                key_inside(t).map(|(key, at)| (k, key, &text[s + at..s + at + key.len()]))
            })
            .collect();
        assert_eq!(found, [("en", "aliases", "aliases")]);
    }
}
