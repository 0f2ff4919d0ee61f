//! CSV text cut into pieces of whole records, pieces parsed apart (on any thread), and
//! their rows joined into the row groups of records in file order.
//!
//! A cut is made just past a line end outside quotes, where quotes are read as csv_core
//! reads them: a quote opens a quoted cell only at the start of a cell, and in a quoted
//! cell `""` is a quote. Each piece then parses on its own as it would within the file.

use std::io::Read;
use std::sync::Arc;

/// Bytes read from the source at a time: the size of most pieces.
pub const BLOCK: usize = 1 << 20;

/// CSV text holding whole records (the last piece of a file may end without a line end),
/// and the line it starts on.
pub struct Piece {
    bytes: Vec<u8>,
    line: u64,
    /// The file's first piece: csv_core skips a byte order mark only there.
    first: bool,
}

/// Why reading stopped, and the line of the first record not passed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub line: u64,
    pub reason: String,
}

/// The end of the last whole record in `bytes` (which start where a record starts): just
/// past a line end outside quotes; `None` when no record ends in them.
pub fn last_boundary(bytes: &[u8]) -> Option<usize> {
    boundaries(bytes).map(|(_, last)| last)
}

/// The ends of the first and of the last whole record in `bytes`.
fn boundaries(bytes: &[u8]) -> Option<(usize, usize)> {
    scan(bytes).0
}

/// The ends of the first and of the last whole record in `bytes`, and where a quoted cell
/// opens that no quote in `bytes` closes (at the end of a file: a quote never closed, which
/// would make the rest of the file one cell).
fn scan(bytes: &[u8]) -> (Option<(usize, usize)>, Option<usize>) {
    let (ends, open, _) = scan_from(bytes, Resume::Start);
    (ends, open)
}

/// Where a scan that found no record end stopped, for the next one over the same bytes and
/// more to go on from there: a record that spans many blocks is read once, not once a block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Resume {
    #[default]
    Start,
    /// Outside quotes, everything before read.
    Outside(usize),
    /// In the quoted cell opened at `open`, read up to `at`.
    Inside { open: usize, at: usize },
}

/// [`scan`] from `resume` (made by a scan of the first bytes of these that found no record
/// end), and where to go on from when it finds none either.
fn scan_from(bytes: &[u8], resume: Resume) -> (Option<(usize, usize)>, Option<usize>, Resume) {
    let mut first = None;
    let mut last = None;
    // Where the text outside quotes starts, and the quoted cell being read.
    let (mut from, mut inside) = match resume {
        Resume::Start => (0, None),
        Resume::Outside(from) => (from, None),
        Resume::Inside { open, at } => (open, Some((open, at))),
    };
    loop {
        if let Some((q, mut at)) = inside.take() {
            // The quoted cell ends at a quote that is not followed by another.
            loop {
                let Some(i) = memchr::memchr(b'"', &bytes[at..]) else {
                    let resume = Resume::Inside {
                        open: q,
                        at: bytes.len(),
                    };
                    return (first.zip(last), Some(q), resume);
                };
                let close = at + i;
                match bytes.get(close + 1) {
                    Some(b'"') => at = close + 2,
                    Some(_) => {
                        from = close + 1;
                        break;
                    }
                    // What follows is not read yet (at the end of a file, the cell ends here).
                    None => {
                        let resume = Resume::Inside { open: q, at: close };
                        return (first.zip(last), None, resume);
                    }
                }
            }
        }
        // The next quote that opens a quoted cell: at the start of a record or after a
        // comma (elsewhere csv_core keeps a quote as it is).
        let mut search = from;
        let open = loop {
            match memchr::memchr(b'"', &bytes[search..]) {
                None => break None,
                Some(i) => {
                    let q = search + i;
                    if q == 0 || matches!(bytes[q - 1], b',' | b'\n' | b'\r') {
                        break Some(q);
                    }
                    search = q + 1;
                }
            }
        };
        let end = open.unwrap_or(bytes.len());
        if let Some(i) = memchr::memrchr2(b'\n', b'\r', &bytes[from..end]) {
            last = Some(from + i + 1);
            if first.is_none() {
                first = memchr::memchr2(b'\n', b'\r', &bytes[from..end]).map(|i| from + i + 1);
            }
        }
        let Some(q) = open else {
            return (first.zip(last), None, Resume::Outside(bytes.len()));
        };
        inside = Some((q, q + 1));
    }
}

/// The line ends in `bytes[range]`: a LF, a CR not followed by a LF (files saved as
/// "CSV (Macintosh)" end lines with CR alone), a CRLF once, at its LF (a CR last in the range
/// and followed by a LF in `bytes` is left to whoever counts from there). A CR last in
/// `bytes` counts: nothing follows it.
pub fn line_ends(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let from = range.start;
    let crlf = |i: usize| bytes.get(from + i + 1) == Some(&b'\n');
    memchr::memchr2_iter(b'\n', b'\r', &bytes[range])
        .filter(|&i| bytes[from + i] == b'\n' || !crlf(i))
        .count() as u64
}

/// The line ends in all of `bytes`.
fn newlines(bytes: &[u8]) -> u64 {
    line_ends(bytes, 0..bytes.len())
}

/// A source read a block at a time and cut into pieces. Bytes held without a record ending
/// in them are bounded: more than `limit` (and a block read ahead) is an error, so a file
/// with no line break is not read into memory whole.
pub struct Splitter<R> {
    source: R,
    /// Bytes read after the last piece: the start of a record not yet whole.
    carry: Vec<u8>,
    /// The line `carry` starts on.
    line: u64,
    limit: u64,
    first: bool,
    /// A read that failed after whole records: said once they are passed on.
    failed: Option<String>,
    ended: bool,
    /// Where the scan of `carry` for a record end goes on from.
    resume: Resume,
}

impl<R: Read> Splitter<R> {
    pub fn new(source: R, limit: u64) -> Self {
        Splitter {
            source,
            carry: Vec::new(),
            line: 1,
            limit,
            first: true,
            failed: None,
            ended: false,
            resume: Resume::Start,
        }
    }

    fn piece(&mut self, bytes: Vec<u8>) -> Piece {
        let line = self.line;
        self.line += newlines(&bytes);
        let first = std::mem::take(&mut self.first);
        Piece { bytes, line, first }
    }

    /// The whole records of `carry` as a piece, the rest kept; an error when the first is
    /// longer than the limit (the others lie within one block).
    fn cut(&mut self) -> Option<Result<Piece, Stop>> {
        let (ends, _, resume) = scan_from(&self.carry, self.resume);
        let Some((first, mut end)) = ends else {
            // Nothing before the resume point changes when more is read.
            self.resume = resume;
            return self.too_long(self.carry.len()).map(Err);
        };
        self.resume = Resume::Start;
        // A CR last in what is read so far may be the first half of a CRLF: the piece ends
        // before it, so that the line end is counted once, by the piece that holds all of it.
        if end == self.carry.len() && self.carry[end - 1] == b'\r' {
            end -= 1;
            if end == 0 {
                return None;
            }
        }
        let first = first.min(end);
        if let Some(stop) = self.too_long(first) {
            return Some(Err(stop));
        }
        let mut rest = Vec::with_capacity(BLOCK + (self.carry.len() - end));
        rest.extend_from_slice(&self.carry[end..]);
        self.carry.truncate(end);
        let bytes = std::mem::replace(&mut self.carry, rest);
        Some(Ok(self.piece(bytes)))
    }

    /// The error when a record of `len` bytes (or its start) is beyond the limit: a quote
    /// never closed, when that is why, at the line it opens on.
    fn too_long(&mut self, len: usize) -> Option<Stop> {
        if len as u64 <= self.limit.saturating_add(BLOCK as u64) {
            return None;
        }
        if let Some(stop) = self.unclosed_quote() {
            return Some(stop);
        }
        let limit = crate::input::limits::ROW_BYTES;
        let reason = crate::msg!(
            "input-row_too_long",
            limit = limit.show(self.limit),
            raise = limit.help(self.limit)
        );
        Some(self.stop(reason))
    }

    /// The error when `carry` holds a quoted cell that opens and is not closed in it.
    fn unclosed_quote(&mut self) -> Option<Stop> {
        let (_, open) = scan(&self.carry);
        let line = self.line + line_ends(&self.carry, 0..open?);
        self.line = line;
        Some(self.stop(crate::msg!("input-csv-unclosed_quote")))
    }

    fn stop(&mut self, reason: String) -> Stop {
        self.ended = true;
        self.carry = Vec::new();
        self.resume = Resume::Start;
        Stop {
            line: self.line,
            reason,
        }
    }
}

impl<R: Read> Iterator for Splitter<R> {
    type Item = Result<Piece, Stop>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(reason) = self.failed.take() {
                return Some(Err(self.stop(reason)));
            }
            if self.ended {
                if self.carry.is_empty() {
                    return None;
                }
                // The last record may end without a line end; a quote it leaves open would
                // make every line after it one cell, and those records silently gone.
                if let Some(stop) = self.too_long(self.carry.len()) {
                    return Some(Err(stop));
                }
                if let Some(stop) = self.unclosed_quote() {
                    return Some(Err(stop));
                }
                let bytes = std::mem::take(&mut self.carry);
                return Some(Ok(self.piece(bytes)));
            }
            let read = (&mut self.source)
                .take(BLOCK as u64)
                .read_to_end(&mut self.carry);
            match read {
                Ok(0) => self.ended = true,
                Ok(_) => {
                    if let Some(piece) = self.cut() {
                        return Some(piece);
                    }
                }
                Err(e) => {
                    // The whole records read before the failure are passed on first.
                    let reason = crate::input::io_reason(&e);
                    match self.cut() {
                        Some(Ok(piece)) => {
                            self.failed = Some(reason);
                            return Some(Ok(piece));
                        }
                        Some(Err(stop)) => return Some(Err(stop)),
                        None => return Some(Err(self.stop(reason))),
                    }
                }
            }
        }
    }
}

/// A piece's first record, read on its own (the header): its cells, the cell with text after
/// its closing quote ([`stray_quote`]), and the piece that follows it.
pub struct FirstRecord {
    pub cells: Vec<Vec<u8>>,
    pub stray: Option<usize>,
    pub rest: Piece,
}

/// Reads a piece's first record on its own (the header); `None` when the piece holds none.
pub fn first_record(piece: Piece) -> Option<FirstRecord> {
    let input = &piece.bytes[..];
    let mut core = csv_core::Reader::new();
    let mut out = vec![0u8; input.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut at, mut written, mut fields) = (0, 0, 0);
    loop {
        let (res, nin, nout, nend) =
            core.read_record(&input[at..], &mut out[written..], &mut ends[fields..]);
        at += nin;
        written += nout;
        fields += nend;
        match res {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => break,
            csv_core::ReadRecordResult::End => return None,
        }
    }
    let mut start = 0;
    let cells = ends[..fields]
        .iter()
        .map(|&end| {
            let cell = out[start..end].to_vec();
            start = end;
            cell
        })
        .collect();
    let stray = stray_quote(&input[record_start(&piece, 0)..at]);
    let rest = Piece {
        bytes: input[at..].to_vec(),
        line: piece.line + line_ends(input, 0..at),
        first: false,
    };
    Some(FirstRecord { cells, stray, rest })
}

/// The rows of a piece, parsed.
#[derive(Debug)]
pub struct Parsed {
    /// The cells' bytes: one after another as csv_core writes them (`gap` 0), or the piece's
    /// own bytes, the cells of a row a comma apart (`gap` 1).
    cells: Vec<u8>,
    /// Where each cell ends in `cells`.
    ends: Vec<usize>,
    /// The bytes between a cell's end and the start of the next cell of its row.
    gap: usize,
    /// Each row's first cell (an index in `ends`), line and start in `cells`; and one past
    /// the last row.
    rows: Vec<(usize, u64, usize)>,
    /// The rows (indexes in `rows`, ascending) with a cell whose closing quote is followed by
    /// more text, and that cell (see [`stray_quote`]).
    stray: Vec<(usize, usize)>,
    /// The rows (ascending) with a quoted cell that runs over more than one line.
    spanning: Vec<usize>,
}

/// Whether a cell holds nothing but whitespace (checked without validating ordinary cells).
pub fn blank(cell: &[u8]) -> bool {
    match cell.first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => std::str::from_utf8(cell).is_ok_and(|t| t.trim().is_empty()),
    }
}

/// The UTF-8 byte order mark, which csv_core skips first in a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The bytes of a byte order mark that open the piece, if it is the file's first (0 else).
fn leading_bom(piece: &Piece) -> usize {
    if piece.first && piece.bytes.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

/// Where the record that csv_core reads from `at` starts: after the line ends it skips
/// (and, first in the file, a byte order mark before them).
fn record_start(piece: &Piece, at: usize) -> usize {
    let bom = if at == 0 { leading_bom(piece) } else { 0 };
    let rest = piece.bytes.get(at + bom..).unwrap_or_default();
    at + bom
        + rest
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
}

/// Parses a piece; rows with nothing but blank cells are left out.
pub fn parse(piece: Piece) -> Parsed {
    // Most files quote nothing: then a cell is the bytes between commas and a row a line,
    // read as csv_core reads them without its state machine byte by byte (a third of the
    // instructions of reading a row went there).
    if memchr::memchr(b'"', &piece.bytes).is_none() {
        return parse_unquoted(piece);
    }
    parse_any(piece)
}

/// [`parse`] for a piece without a quote: records end at CR, LF or CRLF, the line ends
/// before a record are skipped (blank lines are no rows), a byte order mark is skipped at
/// the start of the file only; lines counted by [`line_ends`] (a lone CR ends one). The cells
/// stay where they are in the piece's bytes: nothing is copied.
fn parse_unquoted(piece: Piece) -> Parsed {
    let mut at = leading_bom(&piece);
    let Piece { bytes, line, .. } = piece;
    let mut ends: Vec<usize> = Vec::with_capacity(bytes.len() / 8 + 1);
    let mut rows = Vec::with_capacity(bytes.len() / 128 + 1);
    let mut row_line = line;
    loop {
        while let Some(&b) = bytes.get(at) {
            match b {
                b'\n' => row_line += 1,
                b'\r' if bytes.get(at + 1) != Some(&b'\n') => row_line += 1,
                b'\r' => {}
                _ => break,
            }
            at += 1;
        }
        let Some(rest) = bytes.get(at..).filter(|r| !r.is_empty()) else {
            break;
        };
        let end = at + memchr::memchr2(b'\r', b'\n', rest).unwrap_or(rest.len());
        let record = &bytes[at..end];
        let first_cell = ends.len();
        let (mut from, mut filled) = (0, false);
        for_each_comma(record, |comma| {
            filled = filled || !blank(&record[from..comma]);
            ends.push(at + comma);
            from = comma + 1;
        });
        filled = filled || !blank(&record[from..]);
        ends.push(end);
        if filled {
            rows.push((first_cell, row_line, at));
        } else {
            ends.truncate(first_cell);
        }
        at = end;
    }
    rows.push((ends.len(), line + newlines(&bytes), bytes.len()));
    Parsed {
        cells: bytes,
        ends,
        gap: 1,
        rows,
        stray: Vec::new(),
        spanning: Vec::new(),
    }
}

/// Calls `f` with the place of every comma in `bytes`, in order. Cells are a few bytes
/// long, so the commas are found eight bytes at a time in a word (a byte is a comma exactly
/// when it is zero after an exclusive or with commas; the test below has no carries between
/// bytes) rather than by memchr, whose setup per call costs more than a short cell.
fn for_each_comma(bytes: &[u8], mut f: impl FnMut(usize)) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const COMMAS: u64 = 0x2c2c_2c2c_2c2c_2c2c;
    let (words, rest) = bytes.as_chunks::<8>();
    for (w, word) in words.iter().enumerate() {
        let x = u64::from_le_bytes(*word) ^ COMMAS;
        let mut zero = !(((x & LOW7) + LOW7) | x) & !LOW7;
        while zero != 0 {
            f(w * 8 + (zero.trailing_zeros() / 8) as usize);
            zero &= zero - 1;
        }
    }
    let base = words.len() * 8;
    for (i, _) in rest.iter().enumerate().filter(|(_, b)| **b == b',') {
        f(base + i);
    }
}

/// [`parse`] for any piece, through csv_core.
fn parse_any(piece: Piece) -> Parsed {
    use csv_core::ReadRecordResult as Read;
    let input = &piece.bytes[..];
    let mut core = csv_core::Reader::new();
    // Cells are never longer than their text (quotes are dropped, nothing added).
    let mut cells = vec![0u8; input.len() + 1];
    let mut ends: Vec<usize> = Vec::with_capacity(input.len() / 8 + 1);
    let mut found = vec![0usize; 64];
    let mut rows = Vec::with_capacity(input.len() / 128 + 1);
    let (mut stray, mut spanning) = (Vec::new(), Vec::new());
    let (mut at, mut written) = (0, 0);
    // The line ends before `counted`.
    let (mut counted, mut counted_lines) = (0, 0);
    // csv_core skips a byte order mark before its first byte: after the file's first piece,
    // such bytes are a cell's, so the first call is given one byte only.
    let mut one_byte = !piece.first;
    loop {
        // Lines are counted here, not by csv_core, which counts LFs only.
        let raw_start = record_start(&piece, at);
        counted_lines += line_ends(input, counted..raw_start);
        counted = raw_start;
        let line = piece.line + counted_lines;
        let (record_start, mut fields) = (written, 0);
        if found.len() < 64 {
            found.resize(64, 0);
        }
        let more = loop {
            let end = if one_byte {
                input.len().min(at + 1)
            } else {
                input.len()
            };
            one_byte = false;
            let (res, nin, nout, nend) =
                core.read_record(&input[at..end], &mut cells[written..], &mut found[fields..]);
            at += nin;
            written += nout;
            fields += nend;
            match res {
                Read::InputEmpty => {}
                Read::OutputFull => cells.resize(cells.len() * 2, 0),
                Read::OutputEndsFull => found.resize(found.len() * 2, 0),
                Read::Record => break true,
                Read::End => break false,
            }
        };
        if !more {
            break;
        }
        let first = ends.len();
        let mut start = record_start;
        let mut filled = false;
        for &end in &found[..fields] {
            let end = record_start + end;
            filled = filled || !blank(&cells[start..end]);
            ends.push(end);
            start = end;
        }
        if filled {
            let raw = &input[raw_start.min(at)..at];
            if let Some(cell) = stray_quote(raw) {
                stray.push((rows.len(), cell));
            }
            let ended = raw
                .iter()
                .rposition(|b| !matches!(b, b'\r' | b'\n'))
                .map_or(&raw[..0], |last| &raw[..=last]);
            if memchr::memchr2(b'\r', b'\n', ended).is_some() {
                spanning.push(rows.len());
            }
            rows.push((first, line, record_start));
        } else {
            ends.truncate(first);
            written = record_start;
        }
    }
    rows.push((ends.len(), piece.line + newlines(input), written));
    cells.truncate(written);
    Parsed {
        cells,
        ends,
        gap: 0,
        rows,
        stray,
        spanning,
    }
}

/// The first cell of a record (its bytes as in the file) whose closing quote is followed
/// by more text before the cell ends, as in `"50"00`: csv_core, like Excel, joins the parts
/// (`5000`), which is a guess about what the writer meant, so the row is refused instead.
/// `None` when every quoted cell ends at its closing quote (and spaces). A quote that never closes is
/// the splitter's error, not this one; a quote inside a cell that does not open with one is
/// text, as csv_core reads it.
pub fn stray_quote(record: &[u8]) -> Option<usize> {
    let (mut at, mut cell) = (0, 0);
    loop {
        if record.get(at) == Some(&b'"') {
            at += 1;
            // To the closing quote: a doubled quote is a quote in the text.
            loop {
                let quote = at + memchr::memchr(b'"', record.get(at..)?)?;
                at = quote + 1;
                if record.get(at) != Some(&b'"') {
                    break;
                }
                at += 1;
            }
            // Up to the cell's end: what follows the quote may be white space only, which is
            // trimmed with the cell's own (a full-width or no-break space too).
            let rest = &record[at..];
            let end = memchr::memchr3(b',', b'\r', b'\n', rest).unwrap_or(rest.len());
            let after = &rest[..end];
            let blank = after.iter().all(|b| matches!(b, b' ' | b'\t'))
                || std::str::from_utf8(after).is_ok_and(|t| t.trim().is_empty());
            if !blank {
                return Some(cell);
            }
            at += end;
            if record.get(at) != Some(&b',') {
                return None;
            }
        } else {
            let rest = record.get(at..)?;
            at += memchr::memchr3(b',', b'\r', b'\n', rest).unwrap_or(rest.len());
            if record.get(at) != Some(&b',') {
                return None;
            }
        }
        at += 1;
        cell += 1;
    }
}

impl Parsed {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, index: usize) -> Row<'_> {
        Row {
            parsed: self,
            index,
        }
    }
}

/// One row of a parsed piece.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    parsed: &'a Parsed,
    index: usize,
}

impl<'a> Row<'a> {
    fn cells(&self) -> std::ops::Range<usize> {
        self.parsed.rows[self.index].0..self.parsed.rows[self.index + 1].0
    }

    /// Where this row's bytes start.
    fn base(&self) -> usize {
        self.parsed.rows[self.index].2
    }

    /// Where cell `i` (of all the piece's cells, one of this row's) starts.
    fn start(&self, i: usize) -> usize {
        if i == self.cells().start {
            self.base()
        } else {
            self.parsed.ends[i - 1] + self.parsed.gap
        }
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.cells().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The line the row starts on.
    pub fn line(&self) -> u64 {
        self.parsed.rows[self.index].1
    }

    /// Every cell's bytes, one after another (with the commas between them when the file
    /// quoted nothing).
    pub fn bytes(&self) -> &'a [u8] {
        let cells = self.cells();
        let end = self.parsed.ends[cells.end - 1];
        &self.parsed.cells[self.base()..end]
    }

    /// Where cell `c` is in [`Row::bytes`].
    pub fn range(&self, c: usize) -> Option<std::ops::Range<usize>> {
        let cells = self.cells();
        let i = cells.start + c;
        (i < cells.end).then(|| {
            let base = self.base();
            self.start(i) - base..self.parsed.ends[i] - base
        })
    }

    /// Where each cell is in [`Row::bytes`], in order (one pass, no lookup per cell).
    pub fn ranges(&self) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        let cells = self.cells();
        let (base, gap) = (self.base(), self.parsed.gap);
        let mut from = 0;
        self.parsed.ends[cells].iter().map(move |&end| {
            let range = from..end - base;
            from = range.end + gap;
            range
        })
    }

    /// The cell whose closing quote is followed by more text (see [`stray_quote`]), if any.
    pub fn stray_quote(&self) -> Option<usize> {
        let stray = &self.parsed.stray;
        stray
            .binary_search_by_key(&self.index, |&(row, _)| row)
            .ok()
            .map(|i| stray[i].1)
    }

    /// Whether a quoted cell of the row runs over more than one line.
    pub fn spans_lines(&self) -> bool {
        self.parsed.spanning.binary_search(&self.index).is_ok()
    }

    pub fn get(&self, c: usize) -> Option<&'a [u8]> {
        let cells = self.cells();
        let i = cells.start + c;
        (i < cells.end).then(|| &self.parsed.cells[self.start(i)..self.parsed.ends[i]])
    }
}

/// The rows of one record: adjacent rows sharing an id.
pub struct RowGroup {
    rows: GroupRows,
    /// The first line of earlier rows of the same id that are not next to these: the
    /// record is invalid (its other part is too, as a duplicate id), never half read.
    pub apart_from: Option<u64>,
}

/// Most records have one row: it is held without a vector of its own.
enum GroupRows {
    One((Arc<Parsed>, usize)),
    Many(Vec<(Arc<Parsed>, usize)>),
}

impl RowGroup {
    fn refs(&self) -> &[(Arc<Parsed>, usize)] {
        match &self.rows {
            GroupRows::One(r) => std::slice::from_ref(r),
            GroupRows::Many(v) => v,
        }
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.refs().iter().map(|(p, i)| p.row(*i))
    }

    fn push(&mut self, row: (Arc<Parsed>, usize)) {
        match &mut self.rows {
            GroupRows::One(first) => {
                let first = first.clone();
                self.rows = GroupRows::Many(vec![first, row]);
            }
            GroupRows::Many(v) => v.push(row),
        }
    }

    /// The line the record starts on.
    pub fn line(&self) -> u64 {
        self.rows().next().map_or(0, |r| r.line())
    }

    /// Whether the record has one row (most do).
    pub fn is_one_row(&self) -> bool {
        matches!(self.rows, GroupRows::One(_))
    }
}

/// Joins the rows of parsed pieces, in file order, into row groups.
pub struct Stitch {
    id_column: Option<usize>,
    /// The last group, which the next rows may still join.
    open: Option<RowGroup>,
    first_lines: FirstLines,
}

/// The line each id's rows were first seen on. A million ids in a map of boxed keys take
/// about 70 MB (and twice the table while it grows); here the ids lie one after another
/// and a table of indexes finds them, hashed with a per-process random key (ids come from
/// applicants: no one can line up collisions).
struct FirstLines {
    hasher: std::collections::hash_map::RandomState,
    /// Every distinct id's bytes, one after another.
    bytes: Vec<u8>,
    /// Each distinct id's end in `bytes`, and its first line.
    ids: Vec<(u32, u32)>,
    /// An index in `ids` plus one in the low [`INDEX_BITS`] (0 where free) and the top of its
    /// id's hash above them, which rules out most other ids without reading their bytes; at
    /// most half full.
    slots: Vec<u32>,
    /// Ids that do not fit the table (past sixteen million ids, or four billion bytes or
    /// lines: more than memory holds records for), in a plain map.
    more: std::collections::HashMap<Box<[u8]>, u64>,
}

/// The bits of a slot that hold an index: sixteen million ids, ten times what a batch takes.
const INDEX_BITS: u32 = 24;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

impl FirstLines {
    fn new() -> Self {
        FirstLines {
            hasher: std::collections::hash_map::RandomState::new(),
            bytes: Vec::new(),
            ids: Vec::new(),
            slots: vec![0; 1024],
            more: std::collections::HashMap::new(),
        }
    }

    fn id(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |p| self.ids[p].0 as usize);
        &self.bytes[start..self.ids[i].0 as usize]
    }

    /// Where `id` is in the table, or the free slot where it goes; and its hash's tag (the
    /// bits of a slot above its index).
    fn slot(&self, id: &[u8]) -> (usize, u32) {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(id);
        let tag = ((hash >> 32) as u32) & !INDEX_MASK;
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            match self.slots[at] {
                0 => return (at, tag),
                s if s & !INDEX_MASK == tag && self.id((s & INDEX_MASK) as usize - 1) == id => {
                    return (at, tag);
                }
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The first line of `id` when it was seen before; else `line` is kept as its first.
    fn seen(&mut self, id: &[u8], line: u64) -> Option<u64> {
        let (at, tag) = self.slot(id);
        if let Some(i) = ((self.slots[at] & INDEX_MASK) as usize).checked_sub(1) {
            return Some(u64::from(self.ids[i].1));
        }
        if let Some(&first) = self.more.get(id) {
            return Some(first);
        }
        let fits = (
            u32::try_from(self.ids.len() + 1)
                .ok()
                .filter(|&i| i <= INDEX_MASK)
                .ok_or(()),
            u32::try_from(self.bytes.len() + id.len()),
            u32::try_from(line),
        );
        let (Ok(index), Ok(end), Ok(first)) = fits else {
            self.more.insert(id.into(), line);
            return None;
        };
        self.bytes.extend_from_slice(id);
        self.ids.push((end, first));
        self.slots[at] = index | tag;
        if self.ids.len() * 2 > self.slots.len() {
            let mut slots = vec![0; self.slots.len() * 2];
            std::mem::swap(&mut self.slots, &mut slots);
            for (i, index) in (1..=self.ids.len() as u32).enumerate() {
                let (at, tag) = self.slot(self.id(i));
                self.slots[at] = index | tag;
            }
        }
        None
    }
}

impl Stitch {
    pub fn new(id_column: Option<usize>) -> Self {
        Stitch {
            id_column,
            open: None,
            first_lines: FirstLines::new(),
        }
    }

    fn id_of(id_column: Option<usize>, row: Row<'_>) -> Option<&[u8]> {
        id_column
            .and_then(|c| row.get(c))
            .map(<[u8]>::trim_ascii)
            .filter(|s| !s.is_empty())
    }

    /// The groups that the rows of `parsed` end; the last one stays open.
    pub fn push(&mut self, parsed: &Arc<Parsed>, out: &mut Vec<RowGroup>) {
        for r in 0..parsed.len() {
            let row = parsed.row(r);
            let id = Self::id_of(self.id_column, row);
            if let (Some(id), Some(open)) = (id, &mut self.open) {
                let first = open.rows().next();
                let same = first.and_then(|f| Self::id_of(self.id_column, f)) == Some(id);
                if same {
                    open.push((parsed.clone(), r));
                    continue;
                }
            }
            out.extend(self.open.take());
            let apart_from = id.and_then(|id| self.first_lines.seen(id, row.line()));
            let group = RowGroup {
                rows: GroupRows::One((parsed.clone(), r)),
                apart_from,
            };
            // Only rows with an id are joined by the rows that follow.
            match id {
                Some(_) => self.open = Some(group),
                None => out.push(group),
            }
        }
    }

    /// The last group, once no rows follow.
    pub fn finish(&mut self, out: &mut Vec<RowGroup>) {
        out.extend(self.open.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that gives `block` bytes at most per read, so the cuts fall everywhere.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The rows of `text` read `block` bytes at a time, as (line, cells).
    fn rows_of(text: &[u8], block: usize) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        for piece in Splitter::new(Trickle(text, block), u64::MAX) {
            let parsed = parse(piece.unwrap());
            for r in 0..parsed.len() {
                let row = parsed.row(r);
                let cells = (0..row.len())
                    .map(|c| String::from_utf8(row.get(c).unwrap().to_vec()).unwrap())
                    .collect();
                out.push((row.line(), cells));
            }
        }
        out
    }

    /// The rows as the csv crate reads the whole text, with the lines they start on.
    fn whole(text: &[u8]) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        reader
            .byte_records()
            .map(|r| {
                r.unwrap()
                    .iter()
                    .map(|c| String::from_utf8(c.to_vec()).unwrap())
                    .collect::<Vec<_>>()
            })
            .filter(|cells| !cells.iter().all(|c| c.trim().is_empty()))
            .collect()
    }

    #[test]
    fn text_after_a_closing_quote_is_found_in_its_cell() {
        let cases: &[(&[u8], Option<usize>)] = &[
            (b"\"50\"00", Some(0)),
            (b"a,\"b\"c,d", Some(1)),
            (b",,\"x\"y\r\n", Some(2)),
            (b"\"a,b\"x", Some(0)),
            (b"\"two\nlines\"x,y\n", Some(0)),
            (b"\"a\" x,b", Some(0)),
            // A quote that closes where the cell ends, spaces after it, a doubled quote.
            (b"\"a\",\"b\"\r\n\"c\"x", None),
            (b"\"a\" \t,b", None),
            // Full-width and no-break spaces are trimmed as ASCII ones are.
            ("\"万州\"\u{3000},b\"x\"\u{a0}\r\n".as_bytes(), None),
            ("\"万州\"\u{3000}x,b".as_bytes(), Some(0)),
            (b"\"a\"\"b\"\"\",c", None),
            (b"\"\"\"\",c", None),
            // A quote inside a cell that does not open with one is text, as csv_core reads it.
            (b"a\"b\"c,d", None),
            (b" \"a\"b", None),
            // Never closed: the splitter's error.
            (b"\"a,b\n", None),
            (b"", None),
            (b"a,b", None),
        ];
        for (record, cell) in cases {
            assert_eq!(
                stray_quote(record),
                *cell,
                "{}",
                String::from_utf8_lossy(record)
            );
        }
    }

    #[test]
    fn rows_name_their_cell_with_text_after_its_closing_quote() {
        // The first piece (a byte order mark, blank lines first) and a later one.
        for (first, text) in [
            (
                true,
                &b"\xef\xbb\xbf\r\n\nA,\"x\"1\nB,\"y\"\n\n,\r\nC,z,\"w\"\"\"v\n"[..],
            ),
            (false, &b"A,\"x\"1\nB,\"y\"\n,\nC,z,\"w\"\"\"v"[..]),
        ] {
            let parsed = parse(Piece {
                bytes: text.to_vec(),
                line: 1,
                first,
            });
            let stray: Vec<_> = (0..parsed.len())
                .map(|r| parsed.row(r).stray_quote())
                .collect();
            assert_eq!(stray, [Some(1), None, Some(2)], "{first}");
        }
        let unquoted = parse(Piece {
            bytes: b"A,x1\nB,y\n".to_vec(),
            line: 1,
            first: true,
        });
        assert_eq!(unquoted.row(0).stray_quote(), None);
    }

    #[test]
    fn cuts_fall_only_where_a_record_ends() {
        assert_eq!(last_boundary(b"a,b\nc,d"), Some(4));
        assert_eq!(last_boundary(b"a,\"b\nc\",d\ne"), Some(10));
        // Inside quotes: no record ends yet.
        assert_eq!(last_boundary(b"a,\"b\nc"), None);
        // A quote inside an unquoted cell is kept as it is: it opens nothing.
        assert_eq!(last_boundary(b"a,b\"c\nd,\"e\nf"), Some(6));
        // `""` in a quoted cell is a quote; a quote last in the bytes may be half of one.
        assert_eq!(last_boundary(b"\"a\"\"\n\"\nb"), Some(7));
        assert_eq!(last_boundary(b"x\n\"a\""), Some(2));
        // CRLF, and a lone CR, end records too.
        assert_eq!(last_boundary(b"a\r\nb\r"), Some(5));
        assert_eq!(last_boundary(b""), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]

        /// A scan that goes on from where the last one over fewer of the same bytes stopped
        /// finds what a scan of all of them finds, wherever the bytes are cut.
        #[test]
        fn a_resumed_scan_finds_what_a_whole_scan_finds(bytes in proptest::collection::vec(
            proptest::sample::select(vec![b'a', b',', b'"', b'\n', b'\r']), 0..40)) {
            let mut resume = Resume::Start;
            for len in 0..=bytes.len() {
                let (ends, open, next) = scan_from(&bytes[..len], resume);
                proptest::prop_assert_eq!((ends, open), scan(&bytes[..len]), "{:?} at {}", bytes, len);
                resume = if ends.is_none() { next } else { Resume::Start };
            }
        }
    }

    /// A quote never closed stops the reading at its line (the csv crate would read every
    /// line after it as one cell), wherever the reads are cut; a quote closed by the last
    /// byte of the file is closed.
    #[test]
    fn a_quote_never_closed_stops_at_its_line() {
        for block in [1, 2, 3, 5, 7, 64, 4096] {
            let text = b"id,note\nA,1\nB,\"unterminated\nC,2\nD,3\n";
            let mut pieces = Splitter::new(Trickle(text, block), u64::MAX);
            let stop = pieces.find_map(Result::err).expect("a stop");
            assert_eq!(stop.line, 3, "in blocks of {block}");
            let closed = b"id,note\nA,\"x\ny\"";
            assert!(
                Splitter::new(Trickle(closed, block), u64::MAX).all(|p| p.is_ok()),
                "in blocks of {block}"
            );
        }
        assert_eq!(scan(b"a,\"b\nc").1, Some(2));
        assert_eq!(scan(b"a,\"b\"\"\nc\"").1, None);
        assert_eq!(scan(b"a,b\"c\n").1, None);
    }

    #[test]
    fn pieces_parse_as_the_whole_file_does() {
        let texts: [&[u8]; 5] = [
            b"id,note\nA,\"line\nbreak\"\nB,\"with \"\"quotes\"\"\r\nand CRLF\"\r\nC,x\n",
            b"id,note\r\nA,1\r\nB,2\r\n\r\nC,\"3\r\n\"\r\n",
            b"id,a,b\nA,\"x\",y\"z\nB,\"\"\"\",\"\n\n\"\nC,,\n , ,\nD,1,2",
            b"id,note\nA,\xef\xbb\xbfbom\n\xef\xbb\xbfB,2\n",
            b"id\n\n\n\nA\n",
        ];
        for text in texts {
            let expected = whole(text);
            for block in [1, 2, 3, 5, 7, 64, 4096] {
                let got: Vec<Vec<String>> =
                    rows_of(text, block).into_iter().map(|(_, c)| c).collect();
                assert_eq!(got, expected, "{:?} in blocks of {block}", text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5_000))]

        /// A piece without quotes parses as csv_core parses it: cells, rows, lines, blank
        /// rows left out, CR, LF and CRLF, byte order marks at the start of the file and
        /// elsewhere, bytes that are not UTF-8. (It found that the csv_core path gave the
        /// first record after a byte order mark and blank lines the line of the mark.)
        #[test]
        fn an_unquoted_piece_parses_as_csv_core_parses_it(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(b"a".to_vec()),
                proptest::strategy::Just(b"12.5".to_vec()),
                proptest::strategy::Just(b",".to_vec()),
                proptest::strategy::Just(b" ".to_vec()),
                proptest::strategy::Just(b"\r".to_vec()),
                proptest::strategy::Just(b"\n".to_vec()),
                proptest::strategy::Just(b"\r\n".to_vec()),
                proptest::strategy::Just(b"\xef\xbb\xbf".to_vec()),
                proptest::strategy::Just("中　".as_bytes().to_vec()),
                proptest::strategy::Just(b"\xff\t\x00".to_vec()),
            ], 0..40),
            first: bool,
            line in 1u64..1000,
        ) {
            let bytes: Vec<u8> = parts.concat();
            let piece = || Piece { bytes: bytes.clone(), line, first };
            let (unquoted, any) = (parse_unquoted(piece()), parse_any(piece()));
            proptest::prop_assert_eq!(observed(&unquoted), observed(&any));
        }
    }

    /// Each row's line and cells as every way of reading them gives them (`get`, `range`
    /// and `ranges` over `bytes`), after checking that those ways agree.
    fn observed(parsed: &Parsed) -> Vec<(u64, Vec<Vec<u8>>)> {
        (0..parsed.len())
            .map(|r| {
                let row = parsed.row(r);
                let cells: Vec<Vec<u8>> = (0..row.len())
                    .map(|c| row.get(c).unwrap().to_vec())
                    .collect();
                let by_ranges: Vec<Vec<u8>> =
                    row.ranges().map(|x| row.bytes()[x].to_vec()).collect();
                assert_eq!(by_ranges, cells);
                for (c, cell) in cells.iter().enumerate() {
                    assert_eq!(&row.bytes()[row.range(c).unwrap()], &cell[..]);
                }
                assert_eq!(row.range(row.len()), None);
                assert_eq!(row.get(row.len()), None);
                (row.line(), cells)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3_000))]

        /// The commas found a word at a time are the commas, for bytes of every value.
        #[test]
        fn every_comma_is_found_and_nothing_else(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::strategy::Just(b','), proptest::num::u8::ANY],
            0..70,
        )) {
            let mut found = Vec::new();
            for_each_comma(&bytes, |i| found.push(i));
            let expected: Vec<usize> =
                (0..bytes.len()).filter(|&i| bytes[i] == b',').collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    /// What `observed` reads of a plain piece, by either path.
    #[test]
    fn observed_reads_rows_and_cells() {
        let expected = vec![
            (4, vec![b"a".to_vec(), b"b".to_vec()]),
            (6, vec![b"c".to_vec(), Vec::new()]),
        ];
        let piece = || Piece {
            bytes: b"a,b\r\n\r\nc,\n".to_vec(),
            line: 4,
            first: false,
        };
        assert_eq!(observed(&parse_unquoted(piece())), expected);
        assert_eq!(observed(&parse_any(piece())), expected);
    }

    #[test]
    fn rows_keep_the_lines_they_start_on() {
        let text = b"id,note\r\nA,\"two\r\nlines\"\r\n\r\n\nB,x\r\nC,y\n ,\nD,z";
        for block in [1, 2, 3, 4, 9, 4096] {
            let lines: Vec<u64> = rows_of(text, block).iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, [1, 2, 6, 7, 9], "blocks of {block}");
            // A byte order mark and blank lines before the first row, quoted or not.
            for text in [
                &b"\xef\xbb\xbf\r\n\nid\nA\n"[..],
                b"\xef\xbb\xbf\n\n\"id\"\nA\n",
            ] {
                let lines: Vec<u64> = rows_of(text, block).iter().map(|(l, _)| *l).collect();
                assert_eq!(lines, [3, 4], "{text:?} in blocks of {block}");
            }
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_a_lf_and_a_crlf_do() {
        assert_eq!(newlines(b"a\rb\r\nc\nd\r\re\n\r"), 7);
        // A CR whose LF follows the range is counted with the LF.
        assert_eq!(line_ends(b"a\r\nb", 0..2), 0);
        assert_eq!(line_ends(b"a\r\nb", 0..3), 1);
        assert_eq!(line_ends(b"a\rb", 0..2), 1);
        // Files saved as "CSV (Macintosh)" end lines with CR alone, a quoted cell's lines too.
        let quoted = b"id,note\rA,\"two\rlines\"\rB,x\r\rC,y\r\nD,z\n\rE,w";
        let unquoted = b"id,note\rA,two\rB,x\r\rC,y\r\nD,z\n\rE,w";
        for (text, want) in [
            (&quoted[..], [1, 2, 4, 6, 7, 9]),
            (&unquoted[..], [1, 2, 3, 5, 6, 8]),
        ] {
            let lines: Vec<u64> = rows_of(text, 4096).iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, want, "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn a_line_end_across_a_cut_is_counted_once() {
        // The first row's line end starts at the last byte of the first block read.
        for end in ["\r\n", "\r", "\n"] {
            for quote in ["", "\""] {
                let header = format!("id,a{end}");
                let pad = BLOCK - 1 - header.len() - "R1,".len() - 2 * quote.len();
                let text = format!(
                    "{header}R1,{quote}{}{quote}{end}R2,x{end}{end}R3,{quote}y{quote}{end}R4,z",
                    "p".repeat(pad)
                );
                assert_eq!(text.as_bytes()[BLOCK - 1], end.as_bytes()[0]);
                let pieces = Splitter::new(text.as_bytes(), u64::MAX).count();
                assert!(pieces > 1, "{end:?} {quote:?}");
                let lines: Vec<u64> = rows_of(text.as_bytes(), 4096)
                    .iter()
                    .map(|(l, _)| *l)
                    .collect();
                assert_eq!(lines, [1, 2, 3, 5, 6], "{end:?} {quote:?}");
            }
        }
    }

    #[test]
    fn a_record_beyond_the_limit_stops_reading() {
        for end in ["", "\n", "\nC,2\n"] {
            let text = format!("id,a\nA,1\nB,{}{end}", "x".repeat(BLOCK + 2000));
            let pieces: Vec<_> = Splitter::new(text.as_bytes(), 1000).collect();
            let Some(Err(stop)) = pieces.last() else {
                panic!("no error: {}", pieces.len())
            };
            assert_eq!(stop.line, 3, "{end:?}");
            assert!(
                stop.reason.contains("FUNDPOLICY_MAX_ROW_BYTES"),
                "{}",
                stop.reason
            );
            assert!(pieces[..pieces.len() - 1].iter().all(Result::is_ok));
            // Within the limit and a block read ahead, the same record is read.
            let pieces: Vec<_> = Splitter::new(text.as_bytes(), 4000).collect();
            assert!(pieces.iter().all(Result::is_ok), "{end:?}");
        }
    }

    #[test]
    fn first_lines_are_kept_for_every_id() {
        let mut lines = FirstLines::new();
        let id = |n: u64| format!("C{n:07}").into_bytes();
        for n in 0..5000 {
            assert_eq!(lines.seen(&id(n), n + 2), None);
        }
        for n in (0..5000).rev() {
            assert_eq!(lines.seen(&id(n), 9999), Some(n + 2));
        }
        // An id that is a prefix of another is still its own.
        assert_eq!(lines.seen(b"C000000", 7), None);
        assert_eq!(lines.seen(b"", 8), None);
        assert_eq!(lines.seen(b"", 9), Some(8));
        // A line past what the table holds is kept all the same.
        let far = u64::from(u32::MAX) + 10;
        assert_eq!(lines.seen(b"far", far), None);
        assert_eq!(lines.seen(b"far", 3), Some(far));
        assert_eq!(lines.seen(&id(7), 3), Some(9));
    }

    #[test]
    fn rows_of_one_id_join_across_pieces() {
        let text = b"A,1\nA,2\nB,1\nC,1\nC,2\nC,3\nB,2\n,x\n,y\n";
        for block in [1, 3, 4, 8, 4096] {
            let mut stitch = Stitch::new(Some(0));
            let mut groups = Vec::new();
            for piece in Splitter::new(Trickle(text, block), u64::MAX) {
                stitch.push(&Arc::new(parse(piece.unwrap())), &mut groups);
            }
            stitch.finish(&mut groups);
            let shape: Vec<(Vec<u64>, Option<u64>)> = groups
                .iter()
                .map(|g| (g.rows().map(|r| r.line()).collect(), g.apart_from))
                .collect();
            assert_eq!(
                shape,
                [
                    (vec![1, 2], None),
                    (vec![3], None),
                    (vec![4, 5, 6], None),
                    (vec![7], Some(3)),
                    (vec![8], None),
                    (vec![9], None),
                ]
            );
        }
    }
}
