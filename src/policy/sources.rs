//! Stage 1, sources: where policies are read from, and every file a year needs — its
//! manifest, common and programme files, and those of every year it extends — read and
//! parsed once, however deep the `extends` chain.

use super::model::{self, FileId, Manifest, ProgrammeFile, S};
use super::{Reports, problem_at};
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
                    reason: SourceErrorKind::Missing(e.to_string()),
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
        READS.with(|r| {
            if let Some(reads) = r.borrow_mut().as_mut() {
                reads.push(rel.to_string());
            }
        });
        if rel.split('/').any(|part| part == ".." || part.is_empty()) || rel.starts_with('/') {
            return Err(format!("`{rel}` leaves the policies folder"));
        }
        match self {
            Source::Dir(root) => {
                let path = root.join(rel);
                let meta = std::fs::metadata(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                if !meta.is_file() {
                    return Err(format!("{} is not a file", path.display()));
                }
                if meta.len() > crate::yaml::MAX_YAML_BYTES as u64 {
                    return Err(format!("{} is too large for a policy file", path.display()));
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                Ok(SourceFile::new(path.display().to_string(), text))
            }
            Source::Builtin => BUILTIN_POLICIES
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(name, text)| SourceFile::new(format!("policies/{name}"), *text))
                .ok_or_else(|| format!("no built-in policy file {rel}")),
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
        let path = self.path.display();
        match &self.reason {
            SourceErrorKind::Missing(e) => {
                write!(f, "the policies folder {path} cannot be used: {e}")
            }
            SourceErrorKind::NotAFolder => write!(f, "the policies folder {path} is not a folder"),
            SourceErrorKind::NoYear => write!(
                f,
                "the policies folder {path} holds no policy year (a folder such as 2020/ with a policy.yaml)"
            ),
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
        let manifest_file = match source.read(&rel) {
            Ok(f) => f,
            Err(e) => {
                let known = source
                    .years()
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
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
                        "policy::unknown_year",
                        format!("no policy for {y}: {e}"),
                        format!("the policy years found are: {known}"),
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
                match source.read(&rel) {
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
                    Err(e) => reports.push(Report::new(
                        &problem_at(
                            "policy::missing_file",
                            e,
                            "list files that exist in the year folder",
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
                        "policy::extends_cycle",
                        format!("{y} extends {}, which leads back to itself", base.value),
                        "a year may extend an earlier year only",
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
