//! What the server holds: the years in service (the last version of each that checked) and
//! the problems of the latest reload, swapped whole under a lock so a request sees one
//! consistent set of years.

use super::Limits;
use super::metrics::Metrics;
use crate::Lang;
use crate::api::{Policies, Year};
use crate::report::machine::report_json;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// One year as served.
#[derive(Clone, Debug, Default)]
pub struct Served {
    /// The last version that loaded; `None` when it never has.
    pub year: Option<Year>,
    /// Why the files as they are now do not load (diagnostics as data, `{code, severity,
    /// message, help, location}`), worded in Chinese and in English; empty when the version
    /// in service is the current one.
    problems: [Vec<Json>; 2],
    /// The same problems as one line of text each, for the pages' banner.
    problem_lines: [Vec<String>; 2],
}

impl Served {
    /// Why the files as they are now do not load, worded in `lang`.
    pub fn problems(&self, lang: Lang) -> &[Json] {
        &self.problems[lang_index(lang)]
    }

    /// [`Served::problems`] as one line of text each.
    pub fn problem_lines(&self, lang: Lang) -> &[String] {
        &self.problem_lines[lang_index(lang)]
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

/// The shared state of a running server.
pub struct State {
    pub(crate) policies: Policies,
    pub(crate) years: RwLock<Arc<BTreeMap<u32, Served>>>,
    pub(crate) metrics: Metrics,
    pub(crate) limits: Limits,
    /// SHA-256 of the bearer token, compared in constant time; `None`: no token asked.
    pub(crate) token: Option<[u8; 32]>,
    /// Evaluations running now (bounded by `limits.evaluations`) and waiting for a turn
    /// (bounded by `limits.queue`).
    pub(crate) running: Arc<tokio::sync::Semaphore>,
    pub(crate) waiting: AtomicUsize,
    /// Request bodies in memory, a permit per KiB (see `Limits::buffered_bytes`).
    pub(crate) buffered: tokio::sync::Semaphore,
}

impl State {
    pub(crate) fn new(policies: Policies, limits: Limits, token: Option<&str>) -> State {
        State {
            policies,
            years: RwLock::new(Arc::new(BTreeMap::new())),
            metrics: Metrics::default(),
            running: Arc::new(tokio::sync::Semaphore::new(limits.evaluations.max(1))),
            buffered: tokio::sync::Semaphore::new(
                (limits.buffered_bytes / 1024).clamp(1, tokio::sync::Semaphore::MAX_PERMITS),
            ),
            limits,
            token: token.map(super::auth::token_digest),
            waiting: AtomicUsize::new(0),
        }
    }

    /// The years in service now.
    pub fn years(&self) -> Arc<BTreeMap<u32, Served>> {
        match self.years.read() {
            Ok(y) => y.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// One year in service, when it has a version that loaded.
    pub fn year(&self, year: u32) -> Option<Year> {
        self.years().get(&year).and_then(|s| s.year.clone())
    }

    /// Loads every year of the folder again. A year that loads replaces the one in service;
    /// one that does not keeps its last good version and records why. A year whose folder
    /// is gone is no longer served. Returns whether every year loaded.
    pub fn reload(&self) -> bool {
        let before = self.years();
        let mut next = BTreeMap::new();
        let mut all_good = true;
        for number in self.policies.year_numbers() {
            let served = match self.policies.load(number) {
                Ok(year) => Served {
                    year: Some(year),
                    ..Served::default()
                },
                Err(problems) => {
                    all_good = false;
                    // Diagnostics are worded as they are made: loaded again in the other
                    // language, so each request reads them in its own. Should the files
                    // change in between and load, the first wording stands (never none).
                    let here = Lang::for_messages();
                    let other = match here {
                        Lang::Zh => Lang::En,
                        Lang::En => Lang::Zh,
                    };
                    let again = other
                        .with_messages(|| self.policies.load(number).err())
                        .unwrap_or_else(|| problems.clone());
                    let mut worded = [problems.clone(), problems];
                    worded[lang_index(other)] = again;
                    let said = crate::msg!(
                        "serve-reload-failed",
                        year = number,
                        n = worded[lang_index(here)].len()
                    );
                    crate::neutral::line_to_stderr(&said);
                    Served {
                        year: before.get(&number).and_then(|s| s.year.clone()),
                        problems: worded
                            .each_ref()
                            .map(|p| p.iter().map(report_json).collect()),
                        problem_lines: worded
                            .each_ref()
                            .map(|p| p.iter().map(problem_line).collect()),
                    }
                }
            };
            next.insert(number, served);
        }
        match self.years.write() {
            Ok(mut y) => *y = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        self.metrics.reloaded(all_good);
        all_good
    }
}

/// A diagnostic as one line: where, code, message.
fn problem_line(r: &crate::diag::Report) -> String {
    let at = crate::report::machine::report_location(r)
        .map(|l| format!("{l}: "))
        .unwrap_or_default();
    format!("{at}[{}] {}", r.code, r.message)
}

pub(crate) type Stamp = Vec<(std::path::PathBuf, u64, Option<SystemTime>)>;

/// What changes when a policy file is edited, added or removed: every path under the folder
/// with its size and modification time. Cheap enough to take every second for a folder of
/// policies.
pub(crate) fn stamp(root: &std::path::Path) -> Stamp {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path.clone());
            }
            out.push((path, meta.len(), meta.modified().ok()));
        }
    }
    out.sort();
    out
}

/// `--watch`: polls the folder's file stamps and reloads when they change. Polling (rather
/// than file-system events) needs no dependency and behaves the same on every system and on
/// network folders; a second's delay is nothing for an edit to a policy. `last` is the stamp
/// taken before the policies in service were loaded; each later stamp is taken before the
/// load it triggers, so an edit made during a load is seen by the next look.
pub(crate) async fn watch(
    state: Arc<State>,
    root: std::path::PathBuf,
    mut last: Stamp,
    every: Duration,
) {
    loop {
        tokio::time::sleep(every).await;
        let root2 = root.clone();
        let Ok(now) = tokio::task::spawn_blocking(move || stamp(&root2)).await else {
            continue;
        };
        if now != last {
            last = now;
            let s = state.clone();
            let _ = tokio::task::spawn_blocking(move || s.reload()).await;
        }
    }
}

/// Counts a waiting evaluation for as long as it lives.
pub(crate) struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    /// Joins the queue, or `None` when it is full.
    pub(crate) fn join(counter: &'a AtomicUsize, max: usize) -> Option<Waiting<'a>> {
        let mut n = counter.load(Ordering::Relaxed);
        loop {
            if n >= max {
                return None;
            }
            match counter.compare_exchange(n, n + 1, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => return Some(Waiting(counter)),
                Err(seen) => n = seen,
            }
        }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
