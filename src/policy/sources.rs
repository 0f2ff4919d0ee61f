//! Stage 1, sources: where policies are read from, and every file a year needs — its
//! manifest, common and programme files, and those of every year it extends — read and
//! parsed once, however deep the `extends` chain.

use super::model::{self, FileId, Manifest, ProgrammeFile, S};
use super::{Reports, problem_at, words};
use crate::diag::Code;
use crate::diag::{Report, SourceFile};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

thread_local! {
    /// While recording ([`record_reads`]): the paths `Source::read` was asked for on this
    /// thread.
    static READS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Starts recording the paths read through [`Source::read`] on this thread: lets a test
/// prove that loading reads each file once.
#[doc(hidden)]
pub fn record_reads() {
    READS.with(|r| *r.borrow_mut() = Some(Vec::new()));
}

/// The paths recorded since [`record_reads`]; recording stops.
#[doc(hidden)]
pub fn take_reads() -> Vec<String> {
    READS.with(|r| r.borrow_mut().take().unwrap_or_default())
}

/// Where policies are read from: a folder, or the copy built into the binary.
#[derive(Clone, Debug)]
pub enum Source {
    Dir(PathBuf),
    Builtin,
}

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

impl Source {
    /// `--policies DIR`, else `./policies` when present, else the built-in copy. A folder
    /// that was asked for and does not exist, is not a folder or holds no policy year is an
    /// error naming it: checking staff's rules against other rules without a word would be
    /// a silent wrong answer.
    pub fn choose(dir: Option<&Path>) -> Result<Source, SourceError> {
        match dir {
            Some(d) => {
                let meta = std::fs::metadata(d).map_err(|e| SourceError {
                    path: d.to_path_buf(),
                    // Not there: said in the catalogue's words (an empty reason); any
                    // other reason is the system's.
                    reason: SourceErrorKind::Missing(if e.kind() == std::io::ErrorKind::NotFound {
                        String::new()
                    } else {
                        e.to_string()
                    }),
                })?;
                if !meta.is_dir() {
                    return Err(SourceError {
                        path: d.to_path_buf(),
                        reason: SourceErrorKind::NotAFolder,
                    });
                }
                let source = Source::Dir(d.to_path_buf());
                if source.years().is_empty() {
                    return Err(SourceError {
                        path: d.to_path_buf(),
                        reason: SourceErrorKind::NoYear,
                    });
                }
                Ok(source)
            }
            None if Path::new("policies").is_dir() => Ok(Source::Dir(PathBuf::from("policies"))),
            None => Ok(Source::Builtin),
        }
    }

    /// `builtin`, or the folder as it was given.
    pub fn label(&self) -> String {
        match self {
            Source::Dir(root) => root.display().to_string(),
            Source::Builtin => "builtin".to_string(),
        }
    }

    /// The `.yaml` files directly inside folder `rel` of the policies, sorted.
    pub fn list(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = match self {
            Source::Dir(root) => std::fs::read_dir(root.join(rel))
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter_map(|e| e.file_name().to_str().map(String::from))
                        .filter(|n| n.ends_with(".yaml"))
                        .map(|n| format!("{rel}/{n}"))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .map(|(n, _)| (*n).to_string())
                .filter(|n| {
                    n.strip_prefix(&format!("{rel}/"))
                        .is_some_and(|rest| !rest.contains('/'))
                })
                .collect(),
        };
        names.sort();
        names
    }

    /// Reads `rel` (a path inside the policies folder, with `/`).
    pub fn read(&self, rel: &str) -> Result<SourceFile, String> {
        self.read_text(rel).map_err(|e| match e {
            ReadError::Other(e) => e,
            ReadError::Encoding(e) => format!("{}: {}", e.message(), e.help()),
        })
    }

    /// Reads `rel`, telling a file that is not UTF-8 from one that cannot be read.
    pub fn read_text(&self, rel: &str) -> Result<SourceFile, ReadError> {
        READS.with(|r| {
            if let Some(reads) = r.borrow_mut().as_mut() {
                reads.push(rel.to_string());
            }
        });
        if rel.split('/').any(|part| part == ".." || part.is_empty()) || rel.starts_with('/') {
            return Err(ReadError::Other(crate::msg!(
                "policy-read-outside",
                path = rel
            )));
        }
        match self {
            Source::Dir(root) => {
                let path = root.join(rel);
                let other = |e: String| ReadError::Other(e);
                // The system's reason is in English; the one every user meets is worded here.
                let failed = |p: &Path, e: std::io::Error| {
                    let path = p.display().to_string();
                    ReadError::Other(if e.kind() == std::io::ErrorKind::NotFound {
                        crate::msg!("policy-read-not_found", path = path)
                    } else {
                        crate::msg!("policy-read-failed", path = path, reason = e.to_string())
                    })
                };
                // Only files inside the policies folder are policy files: a link out of it
                // (to /etc/shadow, say) is refused before a byte of it is read, so nothing of
                // another file can reach an error message.
                let real = std::fs::canonicalize(&path).map_err(|e| failed(&path, e))?;
                let real_root = std::fs::canonicalize(root).map_err(|e| failed(root, e))?;
                if !real.starts_with(&real_root) {
                    return Err(other(crate::msg!(
                        "policy-read-link",
                        path = path.display().to_string(),
                        target = real.display().to_string()
                    )));
                }
                let meta = std::fs::metadata(&real).map_err(|e| failed(&path, e))?;
                if !meta.is_file() {
                    return Err(other(crate::msg!(
                        "policy-read-not_file",
                        path = path.display().to_string()
                    )));
                }
                if meta.len() > crate::yaml::MAX_YAML_BYTES as u64 {
                    return Err(other(crate::msg!(
                        "policy-read-too_large",
                        path = path.display().to_string()
                    )));
                }
                let bytes = std::fs::read(&path).map_err(|e| failed(&path, e))?;
                let name = path.display().to_string();
                // A UTF-16 file can be valid UTF-8 byte by byte (ASCII with NULs between):
                // its look decides before UTF-8 is tried.
                if let Some(found) = Encoding::utf16(&bytes) {
                    return Err(ReadError::Encoding(EncodingError {
                        path: name,
                        found,
                        line: None,
                    }));
                }
                match String::from_utf8(bytes) {
                    Ok(text) => Ok(SourceFile::new(name, text)),
                    Err(e) => {
                        let at = e.utf8_error().valid_up_to();
                        let bytes = e.into_bytes();
                        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                        Err(ReadError::Encoding(EncodingError {
                            path: name,
                            found: Encoding::not_utf8(&bytes),
                            line: Some(line),
                        }))
                    }
                }
            }
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(name, text)| SourceFile::new(format!("policies/{name}"), *text))
                .ok_or_else(|| ReadError::Other(crate::msg!("policy-read-no_builtin", path = rel))),
        }
    }

    /// The policy years present.
    pub fn years(&self) -> Vec<u32> {
        let mut years: Vec<u32> = match self {
            Source::Dir(root) => std::fs::read_dir(root)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter(|e| e.path().join("policy.yaml").is_file())
                        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
                        .collect()
                })
                .unwrap_or_default(),
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .filter_map(|(n, _)| n.strip_suffix("/policy.yaml").and_then(|y| y.parse().ok()))
                .collect(),
        };
        years.sort_unstable();
        years
    }
}

/// Why a policy file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// It is not there, not a file, too large, or the system refused it.
    Other(String),
    /// It is there but not UTF-8 text.
    Encoding(EncodingError),
}

/// The encoding a file that is not UTF-8 looks like it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
    /// Decodes as GB18030 (GBK is a part of it): what 记事本 and WPS save as "ANSI" on a
    /// Chinese Windows.
    Gb18030,
    Unknown,
}

impl Encoding {
    /// UTF-16, by its byte order mark or, without one, by the NUL bytes that ASCII text has
    /// on every other byte.
    fn utf16(bytes: &[u8]) -> Option<Encoding> {
        if bytes.starts_with(&[0xFF, 0xFE]) {
            return Some(Encoding::Utf16Le { bom: true });
        }
        if bytes.starts_with(&[0xFE, 0xFF]) {
            return Some(Encoding::Utf16Be { bom: true });
        }
        let head = &bytes[..bytes.len().min(512) & !1];
        if head.len() < 4 {
            return None;
        }
        let pairs = head.len() / 2;
        let zero_at = |parity: usize| {
            head.iter()
                .skip(parity)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
        };
        // Most of a YAML file is ASCII: in UTF-16 one byte of nearly every pair is NUL.
        if zero_at(1) * 4 >= pairs * 3 && zero_at(0) * 4 < pairs {
            Some(Encoding::Utf16Le { bom: false })
        } else if zero_at(0) * 4 >= pairs * 3 && zero_at(1) * 4 < pairs {
            Some(Encoding::Utf16Be { bom: false })
        } else {
            None
        }
    }

    /// What bytes that are not UTF-8 (nor UTF-16) look like.
    fn not_utf8(bytes: &[u8]) -> Encoding {
        let (_, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        if had_errors {
            Encoding::Unknown
        } else {
            Encoding::Gb18030
        }
    }

    /// Its name, in the language of diagnostics (`unknown` when it cannot be told).
    fn name(self) -> String {
        let (base, bom) = match self {
            Encoding::Utf16Le { bom } => ("UTF-16 LE", Some(bom)),
            Encoding::Utf16Be { bom } => ("UTF-16 BE", Some(bom)),
            Encoding::Gb18030 => ("GBK/GB18030", None),
            Encoding::Unknown => ("unknown", None),
        };
        match bom {
            None => base.to_string(),
            Some(true) => crate::msg!("policy-encoding-bom", encoding = base),
            Some(false) => crate::msg!("policy-encoding-no_bom", encoding = base),
        }
    }
}

/// A policy file that is not UTF-8.
#[derive(Debug, Clone)]
pub struct EncodingError {
    pub path: String,
    pub found: Encoding,
    /// The line of the first byte that is not UTF-8 (none for UTF-16, wrong throughout).
    pub line: Option<usize>,
}

impl EncodingError {
    /// Its `policy::encoding` problem, worded by the catalogue.
    fn problem(&self) -> crate::diag::Diagnostic {
        let reopen = match self.found {
            Encoding::Utf16Le { .. } => "UTF-16 LE",
            Encoding::Utf16Be { .. } => "UTF-16 BE",
            Encoding::Gb18030 | Encoding::Unknown => "GB18030",
        };
        problem_at(
            Code::PolicyEncoding,
            words!(
                path = &self.path,
                encoding = self.found.name(),
                // 0: no line to name (Fluent selects on it).
                line = self.line.unwrap_or(0),
                reopen = reopen,
            ),
            None,
        )
    }

    pub fn message(&self) -> String {
        self.problem().message()
    }

    pub fn help(&self) -> String {
        crate::diag::Problem::help(&self.problem()).unwrap_or_default()
    }
}

/// Why `--policies DIR` cannot be used.
#[derive(Debug)]
pub struct SourceError {
    pub path: PathBuf,
    pub reason: SourceErrorKind,
}

#[derive(Debug)]
pub enum SourceErrorKind {
    Missing(String),
    NotAFolder,
    NoYear,
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display().to_string();
        match &self.reason {
            SourceErrorKind::Missing(e) => {
                let reason = crate::msg!("policy-folder-not_found");
                let reason = if e.is_empty() { &reason } else { e };
                write!(
                    f,
                    "{}",
                    crate::msg!("policy-folder-unusable", path = path, reason = reason)
                )
            }
            SourceErrorKind::NotAFolder => write!(
                f,
                "{}",
                crate::msg!("policy-folder-not_folder", path = path)
            ),
            SourceErrorKind::NoYear => {
                write!(f, "{}", crate::msg!("policy-folder-no_year", path = path))
            }
        }
    }
}

/// The files that make up `year`: its manifest and the files it lists, and those of every
/// year it extends, as paths inside the policies folder, sorted. A file that cannot be read
/// or parsed ends the walk (loading reports it).
fn year_files(source: &Source, year: u32, depth: usize, out: &mut Vec<String>) {
    let rel = format!("{year}/policy.yaml");
    let Ok(file) = source.read(&rel) else {
        return;
    };
    out.push(rel);
    let Ok(manifest) = crate::yaml::from_file::<Manifest>(&file) else {
        return;
    };
    for listed in manifest.common.iter().chain(&manifest.programmes) {
        out.push(format!("{year}/{}", listed.value));
    }
    if let Some(base) = &manifest.extends
        && base.value != year
        && depth <= 8
    {
        year_files(source, base.value, depth + 1, out);
    }
}

/// `sha256:` and the SHA-256 over the files of `year` and the years it extends, each as its
/// path inside the policies folder, its length and its bytes, in sorted path order: a
/// canonical order, so the built-in copy and a folder with the same files agree.
pub fn digest(source: &Source, year: u32) -> Result<String, String> {
    let mut files = Vec::new();
    year_files(source, year, 0, &mut files);
    files.sort();
    files.dedup();
    let mut texts = Vec::new();
    for rel in &files {
        // Loading read every one of these files; one gone since is an error, not a digest of less.
        texts.push((rel.as_str(), source.read(rel)?.text));
    }
    Ok(hash(texts.iter().map(|(r, t)| (*r, &**t)).collect()))
}

/// One file as read: its path inside the policies folder and its text.
#[derive(Debug, Clone)]
pub struct Read {
    pub rel: String,
    pub file: SourceFile,
}

/// One year of the chain: its manifest and its parsed files.
#[derive(Debug)]
pub struct YearSources {
    pub year: u32,
    pub manifest: Manifest,
    pub manifest_file: FileId,
    pub common: Vec<(FileId, ProgrammeFile)>,
    pub programmes: Vec<(FileId, ProgrammeFile)>,
}

/// Everything a year is made of: every file read, and the years from the first base to the
/// year asked for.
#[derive(Debug)]
pub struct Sources {
    pub files: Vec<Read>,
    pub years: Vec<YearSources>,
}

/// How many years an `extends` chain may hold.
const MAX_CHAIN: usize = 16;

impl Sources {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize].file
    }

    /// The SHA-256 of [`digest`], computed from the texts this stage read.
    pub fn digest(&self) -> String {
        let mut files: Vec<(&str, &str)> = self
            .files
            .iter()
            .map(|r| (r.rel.as_str(), &*r.file.text))
            .collect();
        files.sort();
        files.dedup();
        hash(files)
    }
}

/// Reads `year` and the years it extends, base first. Problems are reported; a year whose
/// manifest cannot be read or parsed ends the chain (None).
pub fn read(source: &Source, year: u32, reports: &mut Reports) -> Option<Sources> {
    let mut files: Vec<Read> = Vec::new();
    let mut years: Vec<YearSources> = Vec::new();
    let mut next = Some((year, None::<(FileId, S<u32>)>));
    while let Some((y, asked_by)) = next.take() {
        let rel = format!("{y}/policy.yaml");
        let manifest_file = match source.read_text(&rel) {
            Ok(f) => f,
            Err(ReadError::Encoding(e)) => {
                reports.push(encoding_report(&e));
                return None;
            }
            Err(ReadError::Other(e)) => {
                let known = source
                    .years()
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(&crate::msg!("policy-sep-item"));
                let (file, span) = match &asked_by {
                    Some((f, s)) => (
                        Some(&files[*f as usize].file),
                        Some(crate::yaml::span_at(
                            &files[*f as usize].file.text,
                            &s.referenced,
                        )),
                    ),
                    None => (None, None),
                };
                reports.push(Report::new(
                    &problem_at(
                        Code::PolicyUnknownYear,
                        words!(year = y.to_string(), reason = e, years = known),
                        span,
                    ),
                    file,
                ));
                return None;
            }
        };
        let manifest_id = files.len() as FileId;
        files.push(Read {
            rel,
            file: manifest_file.clone(),
        });
        let manifest: Manifest = match model::read_as(&manifest_file, manifest_id) {
            Ok(m) => m,
            Err(e) => {
                reports.push(Report::new(&e, Some(&manifest_file)));
                return None;
            }
        };
        let mut parts = |list: &[S<String>], reports: &mut Reports| {
            let mut out = Vec::new();
            for listed in list {
                let rel = format!("{y}/{}", listed.value);
                match source.read_text(&rel) {
                    Err(ReadError::Encoding(e)) => reports.push(encoding_report(&e)),
                    Ok(file) => {
                        let id = files.len() as FileId;
                        files.push(Read {
                            rel,
                            file: file.clone(),
                        });
                        match model::read_as::<ProgrammeFile>(&file, id) {
                            Ok(p) => out.push((id, p)),
                            Err(e) => reports.push(Report::new(&e, Some(&file))),
                        }
                    }
                    Err(ReadError::Other(e)) => reports.push(Report::new(
                        &problem_at(
                            Code::PolicyMissingFile,
                            words!(reason = e),
                            Some(crate::yaml::span_at(
                                &manifest_file.text,
                                &listed.referenced,
                            )),
                        ),
                        Some(&manifest_file),
                    )),
                }
            }
            out
        };
        let common = parts(&manifest.common, reports);
        let programmes = parts(&manifest.programmes, reports);
        if let Some(base) = &manifest.extends {
            if base.value == y
                || years.iter().any(|earlier| earlier.year == base.value)
                || years.len() + 1 >= MAX_CHAIN
            {
                reports.push(Report::new(
                    &problem_at(
                        Code::PolicyExtendsCycle,
                        words!(year = y.to_string(), base = base.value.to_string()),
                        Some(crate::yaml::span_at(&manifest_file.text, &base.referenced)),
                    ),
                    Some(&manifest_file),
                ));
                return None;
            }
            next = Some((base.value, Some((manifest_id, base.clone()))));
        }
        years.push(YearSources {
            year: y,
            manifest,
            manifest_file: manifest_id,
            common,
            programmes,
        });
    }
    years.reverse();
    Some(Sources { files, years })
}

/// `policy::encoding`: the file exists but is not UTF-8. No text is shown: it cannot be.
fn encoding_report(e: &EncodingError) -> Report {
    Report::new(&e.problem(), None)
}

fn hash(files: Vec<(&str, &str)>) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for (rel, text) in files {
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}
