//! One way to report what a user got wrong: every stage's error type implements [`Problem`]
//! (a stable code, a message, a help line, labelled spans), and [`Report`] renders any of
//! them with miette against the text the spans point into.
//!
//! Formula spans are relative to the formula text. A [`FormulaOrigin`] maps them into the
//! file the formula came from (a YAML policy file, say), so a type error found inside a
//! formula string labels the exact characters of that file.

use miette::{
    LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::sync::Arc;

mod code;
pub use crate::formula::words::{Word, Words};
pub use code::Code;

/// A byte range in some text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The one diagnostic type: what every stage's error is (a type error in a formula, a file
/// that cannot be read, results that cannot be verified, a failed evaluation). A stable
/// code, its words as a catalogue key with arguments (worded only when shown, in the
/// language of diagnostics then; [`Words::worded`] where a stage words it itself), a help
/// and labelled spans, the first the primary one.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub words: Words,
    /// A help other than the message's own `.help` attribute; without one, a message
    /// worded by its stage has no help.
    pub help: Option<Words>,
    pub labels: Vec<(Span, Words)>,
}

impl Diagnostic {
    /// A diagnostic without labels and with its message's own help.
    pub fn new(code: Code, words: Words) -> Diagnostic {
        Diagnostic {
            code,
            words,
            help: None,
            labels: Vec::new(),
        }
    }

    /// The same diagnostic with another help.
    pub fn help_by(mut self, help: Words) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// The same diagnostic with one more label.
    pub fn label(mut self, span: Span, words: Words) -> Diagnostic {
        self.labels.push((span, words));
        self
    }

    /// The primary span, if it points anywhere.
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|(s, _)| *s)
    }

    /// The message, in the language of diagnostics.
    pub fn message(&self) -> String {
        self.words.say()
    }
}

impl Problem for Diagnostic {
    fn code(&self) -> Code {
        self.code
    }
    fn message(&self) -> String {
        self.words.say()
    }
    fn help(&self) -> Option<String> {
        match &self.help {
            Some(h) => Some(h.say()),
            None if self.words.is_worded() => None,
            None => Some(self.words.help()),
        }
    }
    fn labels(&self) -> Vec<(Span, String)> {
        self.labels.iter().map(|(s, w)| (*s, w.say())).collect()
    }
}

/// A boxed diagnostic (an evaluation error) says what it holds.
impl Problem for Box<Diagnostic> {
    fn code(&self) -> Code {
        self.as_ref().code()
    }
    fn message(&self) -> String {
        self.as_ref().message()
    }
    fn help(&self) -> Option<String> {
        Problem::help(self.as_ref())
    }
    fn labels(&self) -> Vec<(Span, String)> {
        Problem::labels(self.as_ref())
    }
}

/// What every user-facing error of every stage can say about itself.
pub trait Problem {
    /// Stable, documented code such as `formula::unknown_name`.
    fn code(&self) -> Code;
    fn message(&self) -> String;
    fn help(&self) -> Option<String>;
    /// Labelled spans, the first being the primary one.
    fn labels(&self) -> Vec<(Span, String)>;
}

/// A named text that spans point into: a policy file, an input file, or a formula typed
/// on the command line.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: Arc<str>,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, col)
    }
}

/// Where a formula's text sits in its file: for each byte offset of the formula (and one past
/// its end), the byte offset in the file.
#[derive(Clone, Debug)]
pub struct FormulaOrigin {
    pub file: SourceFile,
    offsets: Arc<[usize]>,
}

impl FormulaOrigin {
    /// A formula that is the whole text of `file` (typed on the command line).
    pub fn whole(file: SourceFile) -> FormulaOrigin {
        let offsets: Vec<usize> = (0..=file.text.len()).collect();
        FormulaOrigin {
            file,
            offsets: offsets.into(),
        }
    }

    /// A formula that is the value of a YAML scalar starting at byte `scalar_start` of `file`.
    ///
    /// The value's characters are found in order in the file text: indentation, quotes,
    /// folded line breaks and block indicators are the characters skipped. This one rule
    /// covers plain, quoted and block scalars alike.
    pub fn in_file(file: SourceFile, scalar_start: usize, formula: &str) -> FormulaOrigin {
        let text = file.text.as_bytes();
        let mut offsets = Vec::with_capacity(formula.len() + 1);
        let mut cursor = scalar_start.min(text.len());
        for (i, ch) in formula.char_indices() {
            let mut buf = [0u8; 4];
            let want = ch.encode_utf8(&mut buf).as_bytes();
            let mut probe = cursor;
            // Folded scalars turn a line break into a space: accept either.
            while probe < text.len()
                && !text[probe..].starts_with(want)
                && !(ch == ' ' && text[probe] == b'\n')
            {
                probe += 1;
            }
            if probe >= text.len() {
                probe = cursor.min(text.len());
            }
            for k in 0..want.len() {
                debug_assert_eq!(offsets.len(), i + k);
                offsets.push(probe + k);
            }
            cursor = (probe + want.len()).min(text.len());
        }
        offsets.push(cursor);
        FormulaOrigin {
            file,
            offsets: offsets.into(),
        }
    }

    /// The file span of a formula span.
    pub fn map(&self, span: Span) -> Span {
        let last = self.offsets.len().saturating_sub(1);
        let start = self
            .offsets
            .get((span.start as usize).min(last))
            .copied()
            .unwrap_or(0);
        let end_index = (span.end as usize).min(last);
        // The end is exclusive: map the last included byte and step past it.
        let end = if span.end > span.start && end_index > 0 {
            self.offsets.get(end_index - 1).map_or(start, |o| o + 1)
        } else {
            start
        };
        Span::new(start, end.max(start))
    }
}

/// A rendered, self-contained diagnostic: what `fundpolicy` prints for any problem.
#[derive(Debug, Clone)]
pub struct Report {
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
    pub source: Option<SourceFile>,
    /// Spans in `source`'s text.
    pub labels: Vec<(Span, String)>,
    /// What miette is shown of `source`: the whole text, or a window of a long line.
    shown: Option<Shown>,
    /// A warning (shown with ⚠, does not fail a command) rather than an error.
    pub warning: bool,
}

impl Report {
    /// A problem whose spans are already offsets in `file` (or that points at no text).
    pub fn new(problem: &dyn Problem, file: Option<&SourceFile>) -> Report {
        Report {
            code: problem.code(),
            message: problem.message(),
            help: problem.help(),
            source: file.cloned(),
            shown: None,
            labels: if file.is_some() {
                problem.labels()
            } else {
                Vec::new()
            },
            warning: false,
        }
        .with_shown()
    }

    /// The same report as a warning.
    pub fn as_warning(mut self) -> Report {
        self.warning = true;
        self
    }

    /// A problem inside a formula, pointed at in the file the formula came from.
    pub fn in_formula(problem: &dyn Problem, origin: &FormulaOrigin) -> Report {
        Report {
            code: problem.code(),
            message: problem.message(),
            help: problem.help(),
            source: Some(origin.file.clone()),
            shown: None,
            labels: problem
                .labels()
                .into_iter()
                .map(|(span, label)| (origin.map(span), label))
                .collect(),
            warning: false,
        }
        .with_shown()
    }

    /// Chooses what miette renders: the whole file, unless the primary label sits on a line
    /// too long to show (miette panics past column 65,535, and a screen of one line says
    /// nothing): then a window of that line around the label, numbered as in the file.
    fn with_shown(mut self) -> Report {
        let Some(file) = &self.source else {
            return self;
        };
        let text = &file.text;
        let line_of = |at: u32| {
            let at = floor_char(text, at as usize);
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            (start, end)
        };
        let long = |at: u32| {
            let (start, end) = line_of(at);
            end - start > MAX_SHOWN_LINE
        };
        let primary = self.labels.first().map(|(s, _)| *s);
        let (line_start, line_end) = primary.map_or((0, 0), |s| line_of(s.start));
        let any_long = self
            .labels
            .iter()
            .any(|(s, _)| long(s.start) || long(s.end));
        let Some(span) = primary.filter(|_| any_long) else {
            self.shown = Some(Shown::whole(file));
            return self;
        };
        // Up to WINDOW bytes either side of the label's start, the label cut to WINDOW bytes.
        let start = (span.start as usize).clamp(line_start, line_end);
        let from = floor_char(text, start.saturating_sub(WINDOW).max(line_start));
        let to = floor_char(text, (start + 2 * WINDOW).min(line_end));
        let before = if from > line_start { "…" } else { "" };
        let after = if to < line_end { "…" } else { "" };
        let (line, _) = file.line_col(from);
        let shift = before.len();
        self.shown = Some(Shown {
            name: file.name.clone(),
            text: format!("{before}{}{after}", &text[from..to]).into(),
            offset: from,
            shift,
            limit: to,
            longest: WINDOW,
            line: line - 1,
            // In characters; `read_span` takes off the marker `…` in front of the window.
            column: text[line_start..from].chars().count(),
        });
        self
    }

    /// `file:line:col` of the primary label, for one-line summaries and tests.
    pub fn location(&self) -> Option<String> {
        let file = self.source.as_ref()?;
        let (span, _) = self.labels.first()?;
        let (line, col) = file.line_col(span.start as usize);
        Some(format!("{}:{line}:{col}", file.name))
    }

    /// Renders the report as miette's graphical output without colours (stable for snapshots).
    pub fn render_plain(&self) -> String {
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_width(100);
        let mut out = String::new();
        if handler.render_report(&mut out, self).is_err() {
            out = format!("{}: {}", self.code, self.message);
        }
        // miette writes `help:` in English whatever the language; the catalogue's word
        // (`提示：`, as wide as `help: `, so the wrapped lines stay aligned).
        let word = crate::msg!("diag-help");
        out.replace("\n  help: ", &format!("\n  {word}"))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn severity(&self) -> Option<miette::Severity> {
        self.warning.then_some(miette::Severity::Warning)
    }

    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.shown.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let shown = self.shown.as_ref()?;
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().enumerate().filter_map(
            move |(i, (span, label))| {
                let at = shown.span(*span)?;
                let text = Some(label.clone()).filter(|l| !l.is_empty());
                Some(if i == 0 {
                    LabeledSpan::new_primary_with_span(text, at)
                } else {
                    LabeledSpan::new_with_span(text, at)
                })
            },
        )))
    }
}

/// A line longer than this (in bytes) is shown as a window around the label.
const MAX_SHOWN_LINE: usize = 400;
/// Bytes shown before a label on a long line (and the most of the label shown).
const WINDOW: usize = 80;

/// The largest char boundary of `text` at or below `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The text miette renders: a file, or a window of one of its lines (`offset..limit` of the
/// file, after `shift` bytes of marker) that keeps the file's line and column numbers.
#[derive(Debug, Clone)]
struct Shown {
    name: Arc<str>,
    text: Arc<str>,
    offset: usize,
    shift: usize,
    limit: usize,
    /// The most of a label shown (labels on a long line are cut).
    longest: usize,
    /// 0-based line and column (in characters) of the window's first character in the file.
    line: usize,
    column: usize,
}

impl Shown {
    fn whole(file: &SourceFile) -> Shown {
        Shown {
            name: file.name.clone(),
            text: file.text.clone(),
            offset: 0,
            shift: 0,
            limit: file.text.len(),
            longest: usize::MAX,
            line: 0,
            column: 0,
        }
    }

    /// A file span in the shown text (cut to the window); `None` when it lies outside it.
    fn span(&self, span: Span) -> Option<SourceSpan> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < self.offset || start > self.limit {
            return None;
        }
        let end = end.clamp(start, self.limit.min(start.saturating_add(self.longest)));
        let at = start - self.offset + self.shift;
        let end = floor_char(&self.text, end - self.offset + self.shift);
        Some(SourceSpan::new(at.into(), end.saturating_sub(at)))
    }
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = (*self.text).read_span(span, before, after)?;
        // miette counts columns in bytes; editors and `location` count characters (`10万元`
        // is 4 columns, not 8), so the header says the column an editor shows.
        let start = floor_char(&self.text, inner.span().offset());
        let before_start = &self.text[..start];
        let line_start = before_start.rfind('\n').map_or(0, |i| i + 1);
        let chars = before_start[line_start..].chars().count();
        let column = if line_start == 0 {
            (chars + self.column).saturating_sub(usize::from(self.shift > 0))
        } else {
            chars
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line,
            column,
            inner.line_count(),
        )))
    }
}

/// A miette source with the file's name, for renderers that want one.
pub fn named_source(file: &SourceFile) -> NamedSource<Arc<str>> {
    NamedSource::new(&*file.name, file.text.clone())
}

/// A value as echoed in an error: whole when short, else its first 60 characters and its
/// length (a 10 MB cell must not come back in every message about it).
pub fn echo(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 60;
    match text.char_indices().nth(SHOWN) {
        None => text.into(),
        Some((cut, _)) => crate::msg!(
            "echo-cut",
            shown = &text[..cut],
            count = text.chars().count()
        )
        .into(),
    }
}

/// Edit distance, for "did you mean …?" suggestions: insertions, deletions, substitutions
/// and transpositions of neighbours (`investmnet` → `investment`) count one each.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: the one before the last, the last and the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j - 1] + cost).min(row[j - 1] + 1).min(last[j] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// The closest candidate within a distance that grows with the word's length.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    // Names are short; a long word has no near neighbour, and comparing it would cost
    // length × candidates.
    if length > 64 {
        return None;
    }
    let limit = (length / 3).max(1);
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// The operating system's reason for a failed read or write (`… (os error 28)`), in the
/// language of messages: the common ones in our words with the system's number, any other
/// as the system words it.
pub fn os_reason(text: &str) -> String {
    use std::io::ErrorKind;
    let code = text
        .rsplit_once("(os error ")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .and_then(|n| n.parse::<i32>().ok());
    let Some(code) = code else {
        return text.to_string();
    };
    let key = match std::io::Error::from_raw_os_error(code).kind() {
        ErrorKind::NotFound => "cli-os-not-found",
        ErrorKind::PermissionDenied => "cli-os-permission",
        ErrorKind::StorageFull => "cli-os-full",
        ErrorKind::ReadOnlyFilesystem => "cli-os-read-only",
        ErrorKind::IsADirectory => "cli-os-folder",
        ErrorKind::NotADirectory => "cli-os-not-folder",
        ErrorKind::AlreadyExists => "cli-os-exists",
        ErrorKind::AddrInUse => "cli-os-addr-in-use",
        ErrorKind::AddrNotAvailable => "cli-os-addr-not-here",
        ErrorKind::ResourceBusy => "cli-os-busy",
        ErrorKind::FileTooLarge => "cli-os-too-large",
        ErrorKind::OutOfMemory => "cli-os-memory",
        ErrorKind::InvalidFilename => "cli-os-name",
        // Any other: the system's own words in English, its number in Chinese (the system's
        // words would be the only English on the line).
        _ if crate::Lang::for_messages() == crate::Lang::En => return text.to_string(),
        _ => "cli-os-other",
    };
    crate::i18n::text(crate::Lang::for_messages(), key, &[("code", code.into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Evaluation errors are one pointer, so a result on the hot path is no larger than
    /// the value it carries.
    #[test]
    fn an_evaluation_error_is_one_pointer() {
        use crate::formula::EvalError;
        use crate::value::Value;
        assert_eq!(size_of::<EvalError>(), size_of::<usize>());
        assert_eq!(
            size_of::<Result<Value, EvalError>>(),
            size_of::<Value>(),
            "a Result<Value, EvalError> grew"
        );
    }

    #[test]
    fn help_is_the_message_own_unless_worded_or_given() {
        let key = Diagnostic::new(Code::FormulaEmpty, Words::new("formula-empty"));
        let worded = Diagnostic::new(Code::TemplateWrite, Words::worded("disk full"));
        crate::Lang::En.with_messages(|| {
            assert_eq!(Problem::help(&key), Some(crate::msg!("formula-empty.help")));
            assert_eq!(key.message(), crate::msg!("formula-empty"));
            assert_eq!(worded.message(), "disk full");
            assert_eq!(Problem::help(&worded), None);
            let given = worded.clone().help_by(Words::worded("free some space"));
            assert_eq!(Problem::help(&given).as_deref(), Some("free some space"));
            assert_eq!(given.span(), None);
        });
    }

    #[test]
    fn a_transposition_is_one_edit() {
        assert_eq!(edit_distance("investmnet_min", "investment_min"), 1);
        assert_eq!(edit_distance("cloud_award", "cloud-award"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn plain_scalar_maps_by_offset() {
        let file = SourceFile::new("p.yaml", "when: revenue > 3亿元\n");
        let origin = FormulaOrigin::in_file(file.clone(), 6, "revenue > 3亿元");
        let span = origin.map(Span::new(10, 17));
        assert_eq!(&file.text[span.range()], "3亿元");
    }

    #[test]
    fn block_scalar_skips_indentation() {
        let text = "when: |\n  a +\n  bbb\n";
        let file = SourceFile::new("p.yaml", text);
        let origin = FormulaOrigin::in_file(file.clone(), 6, "a +\nbbb\n");
        let span = origin.map(Span::new(4, 7));
        assert_eq!(&text[span.range()], "bbb");
        assert_eq!(file.line_col(span.start as usize), (3, 3));
    }

    #[test]
    fn folded_and_quoted_scalars() {
        let text = "when: >\n  a >\n  中文b\nx: \"q 'r'\"\n";
        let file = SourceFile::new("p.yaml", text);
        let origin = FormulaOrigin::in_file(file.clone(), 6, "a > 中文b\n");
        let span = origin.map(Span::new(4, 11));
        assert_eq!(&text[span.range()], "中文b");
        let quoted = FormulaOrigin::in_file(file, text.find('"').unwrap_or(0), "q 'r'");
        assert_eq!(&text[quoted.map(Span::new(2, 5)).range()], "'r'");
    }

    #[test]
    fn suggestions_prefer_the_closest_name() {
        let names = ["revenue_2019", "cloud_investment", "cloud_months"];
        assert_eq!(did_you_mean("revenue_2018", names), Some("revenue_2019"));
        assert_eq!(
            did_you_mean("cloud_invesment", names),
            Some("cloud_investment")
        );
        assert_eq!(did_you_mean("zzz", names), None);
    }
}
