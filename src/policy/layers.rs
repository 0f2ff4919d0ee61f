//! Stage 2, layers: the files that make up each programme, merged into one.
//!
//! A programme's layers, lowest first: for each year of the `extends` chain (base first),
//! that year's common files, then its file for the programme. Each layer merges into what
//! is below it:
//! - a list of items with ids merges by id: a stated id changes only the keys it states, a
//!   new id is added at the end, `remove: [ids]` (in the map holding the list) deletes;
//! - a map (`scores`, `award`, `allocation`, `quota`, a table's `groups`, a text's zh/en)
//!   merges key by key;
//! - a scalar, and a list without ids (`order`, `aliases`, a group's keys), replaces.
//!
//! A new id that states only some of an item's required keys is refused
//! (`policy::unknown_id`, with did-you-mean over the ids below it): a typo must not become a
//! new rule. A complete new item one edit away from an inherited id is added with a warning
//! (`policy::near_id`). Items first written in a common file come first in their list.
//!
//! Merging works on the parsed files (every key optional, every value spanned with its file),
//! so each key keeps the file, line and column it was written at; `lower` then checks that
//! every item has its required keys.

use super::model::*;
use super::sources::Sources;
use super::{Place, Reports, problem, words};
use crate::diag::Code;
use crate::diag::{Report, did_you_mean, edit_distance};

/// What a layer did to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Added,
    /// The keys it stated.
    Changed(Vec<&'static str>),
    Removed,
}

/// One change a year makes to what it inherits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The list the item is in (`eligibility`, `scores.items`, `fields.district.values`), or
    /// empty for a part (`scores`, `award`, `allocation`).
    pub list: String,
    pub id: String,
    pub what: What,
}

/// What a year's own files do to one of its programmes.
#[derive(Debug, Clone)]
pub struct Inheritance {
    pub programme: String,
    /// The year it extends.
    pub base: u32,
    /// Whether the programme is new in this year (nothing inherited but the common files).
    pub new: bool,
    /// Items of the year below kept as they were, counted by list.
    pub inherited: Vec<(&'static str, usize)>,
    pub changes: Vec<Change>,
}

/// One programme, its layers merged.
pub struct Layered {
    pub id: String,
    pub body: ProgrammeFile,
    /// The last file written for the programme (its own file in the latest year that has one).
    pub file: FileId,
    pub inheritance: Option<Inheritance>,
}

/// Something a layer can merge into.
pub trait Merge {
    /// Merges `over` into `self`; returns the keys `over` stated.
    fn merge(&mut self, over: Self, m: &mut Merger<'_>) -> Vec<&'static str>;
}

/// An item of a list merged by id.
pub trait Item: Merge {
    fn key(&self) -> Option<&S<String>>;
    /// The required keys it does not state.
    fn missing(&self) -> Vec<&'static str>;
}

/// Merges the layers of every programme of the last year of `sources`.
pub fn merge(sources: &Sources, reports: &mut Reports, warnings: &mut Reports) -> Vec<Layered> {
    let mut m = Merger {
        sources,
        reports,
        warnings,
        record: false,
        path: Vec::new(),
        changes: Vec::new(),
        from_common: false,
        common_ids: Vec::new(),
    };
    // (programme id, its layers: file, is common, the parsed file), in programme order.
    type Layers = Vec<(FileId, bool, ProgrammeFile)>;
    let mut programmes: Vec<(String, Layers, u32)> = Vec::new();
    let mut commons: Layers = Vec::new();
    let last_year = sources.years.len().saturating_sub(1);
    let mut base_programmes: Vec<String> = Vec::new();
    for (index, year) in sources.years.iter().enumerate() {
        if index == last_year {
            base_programmes = programmes.iter().map(|(id, ..)| id.clone()).collect();
        }
        for removed in &year.manifest.remove_programmes {
            let before = programmes.len();
            programmes.retain(|(id, ..)| *id != removed.value);
            if programmes.len() == before {
                let known: Vec<&str> = programmes.iter().map(|(id, ..)| id.as_str()).collect();
                let near = did_you_mean(&removed.value, known.iter().copied());
                let known = known.join(&crate::msg!("policy-sep-item"));
                m.error(
                    Code::PolicyUnknownProgramme,
                    words!(
                        case = "remove",
                        hint = if near.is_some() { "near" } else { "list" },
                        id = &removed.value,
                        near = near.unwrap_or_default(),
                        known = known,
                    ),
                    removed,
                );
            }
        }
        let year_commons: Layers = year
            .common
            .iter()
            .map(|(f, p)| (*f, true, p.clone()))
            .collect();
        // Inherited programmes take this year's common files above what they have.
        for (_, layers, _) in &mut programmes {
            layers.extend(year_commons.iter().cloned());
        }
        commons.extend(year_commons);
        let inherited: Vec<String> = programmes.iter().map(|(id, ..)| id.clone()).collect();
        for (file, part) in &year.programmes {
            let Some(id) = part.id.as_ref().map(|i| i.value.clone()) else {
                m.reports.push(Report::new(
                    &super::problem_at(
                        Code::PolicyMissingKey,
                        words!(case = "programme_id", what = "", key = "id"),
                        Some(crate::diag::Span::new(0, 0)),
                    ),
                    Some(sources.file(*file)),
                ));
                continue;
            };
            match programmes.iter_mut().find(|(p, ..)| *p == id) {
                Some((_, layers, last)) => {
                    layers.push((*file, false, part.clone()));
                    *last = *file;
                }
                None => {
                    // One edit from an inherited programme: a typo, whose changes would
                    // otherwise make a new programme and leave the intended one as it was.
                    let near = inherited
                        .iter()
                        .find(|k| edit_distance(&k.to_lowercase(), &id.to_lowercase()) == 1);
                    if let (Some(near), Some(at)) = (near, &part.id) {
                        m.error(
                            Code::PolicyUnknownProgramme,
                            words!(
                                case = "near",
                                hint = "near",
                                id = &id,
                                near = near,
                                known = "",
                            ),
                            at,
                        );
                        continue;
                    }
                    let mut layers = commons.clone();
                    layers.push((*file, false, part.clone()));
                    programmes.push((id, layers, *file));
                }
            }
        }
    }
    let extends = sources.years.len() > 1;
    let last_files: Vec<FileId> = sources
        .years
        .last()
        .map(|y| {
            y.common
                .iter()
                .chain(&y.programmes)
                .map(|(f, _)| *f)
                .collect()
        })
        .unwrap_or_default();
    let base = sources
        .years
        .len()
        .checked_sub(2)
        .map(|i| sources.years[i].year)
        .unwrap_or(0);
    let mut out = Vec::new();
    for (id, layers, file) in programmes {
        let mut body = ProgrammeFile::default();
        m.changes.clear();
        m.common_ids.clear();
        let mut before: Option<Vec<(&'static str, Vec<String>)>> = None;
        for (layer_file, is_common, mut part) in layers {
            name_tiers(&mut part, layer_file);
            check_duplicates(&mut m, &part);
            m.record = extends && last_files.contains(&layer_file);
            if m.record && before.is_none() {
                before = Some(ids_by_list(&body));
            }
            m.from_common = is_common;
            body.merge(part, &mut m);
        }
        commons_first(&mut body, &m.common_ids);
        let inheritance = extends.then(|| {
            let new = !base_programmes.contains(&id);
            let before = before.unwrap_or_else(|| ids_by_list(&body));
            let inherited = before
                .into_iter()
                .map(|(list, ids)| {
                    let touched = ids
                        .iter()
                        .filter(|i| m.changes.iter().any(|c| c.list == list && c.id == **i))
                        .count();
                    (list, ids.len() - touched)
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            Inheritance {
                programme: id.clone(),
                base,
                new,
                inherited: if new { Vec::new() } else { inherited },
                changes: m.changes.clone(),
            }
        });
        out.push(Layered {
            id,
            body,
            file,
            inheritance,
        });
    }
    out
}

/// The ids of each top-level list (and the parts present), for what a year inherits.
fn ids_by_list(p: &ProgrammeFile) -> Vec<(&'static str, Vec<String>)> {
    fn ids<T: Item>(items: &[T]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| i.key().map(|k| k.value.clone()))
            .collect()
    }
    let mut out = vec![
        ("fields", ids(&p.fields)),
        ("checks", ids(&p.checks)),
        ("params", ids(&p.params)),
        ("tables", ids(&p.tables)),
        ("eligibility", ids(&p.eligibility)),
        ("computed", ids(&p.computed)),
    ];
    if let Some(s) = &p.scores {
        out.push(("scores.items", ids(&s.value.items)));
    }
    if let Some(a) = &p.allocation {
        out.push(("allocation.tiers", ids(&a.value.tiers)));
    }
    out.extend([
        ("flags", ids(&p.flags)),
        ("documents", ids(&p.documents)),
        ("summary_by", ids(&p.summary_by)),
    ]);
    out
}

/// Tiers without an id are named by their position in their file's list (`1`, `2`, …).
fn name_tiers(part: &mut ProgrammeFile, file: FileId) {
    if let Some(a) = &mut part.allocation {
        for (i, t) in a.value.tiers.iter_mut().enumerate() {
            if t.id.is_none() {
                let at = t
                    .amount
                    .as_ref()
                    .or(t.size.as_ref())
                    .map_or(a.referenced, |s| s.referenced);
                t.id = Some(S {
                    value: (i + 1).to_string(),
                    referenced: at,
                    file,
                });
            }
        }
    }
}

/// Items first written in a common file move to the front of their list (order kept).
fn commons_first(p: &mut ProgrammeFile, common: &[(String, String)]) {
    fn sort<T: Item>(list: &str, items: &mut [T], common: &[(String, String)]) {
        items.sort_by_key(|i| {
            !i.key()
                .is_some_and(|k| common.iter().any(|(l, id)| l == list && *id == k.value))
        });
    }
    sort("fields", &mut p.fields, common);
    sort("checks", &mut p.checks, common);
    sort("params", &mut p.params, common);
    sort("tables", &mut p.tables, common);
    sort("eligibility", &mut p.eligibility, common);
    sort("computed", &mut p.computed, common);
    sort("flags", &mut p.flags, common);
    sort("documents", &mut p.documents, common);
    sort("summary_by", &mut p.summary_by, common);
    if let Some(s) = &mut p.scores {
        sort("scores.items", &mut s.value.items, common);
    }
}

/// Two items of one kind with the same id in one file: the second would silently merge into
/// the first.
fn check_duplicates(m: &mut Merger<'_>, p: &ProgrammeFile) {
    fn dups<T: Item>(m: &mut Merger<'_>, items: &[T]) {
        let mut seen: Vec<&str> = Vec::new();
        for item in items {
            let Some(id) = item.key() else { continue };
            if seen.contains(&id.value.as_str()) {
                m.error(Code::PolicyDuplicateId, words!(id = &id.value), id);
            }
            seen.push(&id.value);
        }
    }
    dups(m, &p.fields);
    for f in &p.fields {
        dups(m, &f.values);
        dups(m, &f.fields);
    }
    dups(m, &p.checks);
    dups(m, &p.params);
    dups(m, &p.tables);
    dups(m, &p.eligibility);
    dups(m, &p.computed);
    if let Some(s) = &p.scores {
        dups(m, &s.value.items);
    }
    if let Some(a) = &p.allocation {
        dups(m, &a.value.tiers);
    }
    dups(m, &p.flags);
    dups(m, &p.documents);
    dups(m, &p.summary_by);
}

pub struct Merger<'s> {
    sources: &'s Sources,
    reports: &'s mut Reports,
    warnings: &'s mut Reports,
    /// Whether changes are recorded (the layers of the year asked for, when it extends).
    record: bool,
    /// The lists above the item being merged (`fields`, `district`, `values`).
    path: Vec<String>,
    changes: Vec<Change>,
    /// Whether the layer being merged is a common file.
    from_common: bool,
    /// (list, id) of items first written in a common file.
    common_ids: Vec<(String, String)>,
}

impl Merger<'_> {
    fn place<T>(&self, at: &S<T>) -> Place {
        Place {
            file: at.file,
            span: crate::yaml::span_at(&self.sources.file(at.file).text, &at.referenced),
        }
    }

    fn report_to(&mut self, warning: bool, p: super::PolicyProblem) {
        let file = p.file.map(|f| self.sources.file(f).clone());
        let report = Report::new(&p.diagnostic, file.as_ref());
        if warning {
            self.warnings.push(report.as_warning());
        } else {
            self.reports.push(report);
        }
    }

    fn error<T>(&mut self, code: Code, args: &[(&str, crate::i18n::Arg<'_>)], at: &S<T>) {
        let place = self.place(at);
        self.report_to(false, problem(code, args, Some(place)));
    }

    fn list_name(&self) -> String {
        self.path.join(".")
    }

    fn note(&mut self, id: &str, what: What) {
        if self.record {
            let list = self.list_name();
            self.changes.push(Change {
                list,
                id: id.to_string(),
                what,
            });
        }
    }

    /// Merges the items of `src` into `dst` by id.
    fn list<T: Item>(
        &mut self,
        keys: &mut Vec<&'static str>,
        name: &'static str,
        dst: &mut Vec<T>,
        src: Vec<T>,
    ) {
        if src.is_empty() {
            return;
        }
        keys.push(name);
        self.path.push(name.to_string());
        for item in src {
            let Some(id) = item.key().cloned() else {
                dst.push(item);
                continue;
            };
            if let Some(existing) = dst
                .iter_mut()
                .find(|d| d.key().is_some_and(|k| k.value == id.value))
            {
                self.path.push(id.value.clone());
                let stated = existing.merge(item, self);
                self.path.pop();
                self.note(&id.value, What::Changed(stated));
                continue;
            }
            let known: Vec<String> = dst
                .iter()
                .filter_map(|d| d.key().map(|k| k.value.clone()))
                .collect();
            let missing = item.missing();
            if !missing.is_empty() && !known.is_empty() {
                let near = did_you_mean(&id.value, known.iter().map(String::as_str));
                let list = self.list_name();
                let missing = missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(&crate::msg!("policy-sep-item"));
                self.error(
                    Code::PolicyUnknownId,
                    words!(
                        case = "change",
                        hint = if near.is_some() { "near" } else { "list" },
                        id = &id.value,
                        list = &list,
                        missing = missing,
                        near = near.unwrap_or_default(),
                        ids = some_ids(&known),
                        top = "no",
                    ),
                    &id,
                );
                continue;
            }
            if let Some(near) = known
                .iter()
                .find(|k| edit_distance(&k.to_lowercase(), &id.value.to_lowercase()) == 1)
            {
                let place = self.place(&id);
                let list = self.list_name();
                self.report_to(
                    true,
                    problem(
                        Code::PolicyNearId,
                        words!(id = &id.value, list = &list, near = near),
                        Some(place),
                    ),
                );
            }
            if self.from_common {
                self.common_ids.push((self.list_name(), id.value.clone()));
            }
            self.note(&id.value, What::Added);
            dst.push(item);
        }
        self.path.pop();
    }

    /// A map holding one part (`scores`, `quota`): merged key by key, or added.
    fn part<T: Merge>(
        &mut self,
        keys: &mut Vec<&'static str>,
        name: &'static str,
        dst: &mut Option<S<T>>,
        src: Option<S<T>>,
    ) {
        let Some(src) = src else { return };
        keys.push(name);
        match dst {
            Some(d) => {
                self.path.push(name.to_string());
                let stated = d.value.merge(src.value, self);
                self.path.pop();
                // A part changed only by removals says so through them, not as `part ()`.
                if !stated.is_empty() {
                    self.note(name, What::Changed(stated));
                }
            }
            None => {
                self.note(name, What::Added);
                *dst = Some(src);
            }
        }
    }

    /// `remove: [ids]` of one map over its lists and parts.
    fn remove(&mut self, removes: Vec<S<String>>, lists: &mut [(&'static str, &mut dyn IdList)]) {
        for r in removes {
            let (only, id) = match r.value.split_once('.') {
                Some((list, id)) if lists.iter().any(|(n, _)| *n == list) => (Some(list), id),
                _ => (None, r.value.as_str()),
            };
            let holders: Vec<usize> = lists
                .iter()
                .enumerate()
                .filter(|(_, (n, l))| only.is_none_or(|o| o == *n) && l.has(id))
                .map(|(i, _)| i)
                .collect();
            match holders.as_slice() {
                [i] => {
                    let (name, list) = &mut lists[*i];
                    list.drop_id(id);
                    let name = *name;
                    if list.is_part() {
                        self.note(name, What::Removed);
                    } else {
                        self.path.push(name.to_string());
                        self.note(id, What::Removed);
                        self.path.pop();
                    }
                }
                [] => {
                    let all: Vec<String> = lists.iter().flat_map(|(_, l)| l.ids()).collect();
                    let near = did_you_mean(id, all.iter().map(String::as_str));
                    let hint = match near {
                        Some(_) => "near",
                        None if all.is_empty() => "empty",
                        None => "list",
                    };
                    let top = if self.path.is_empty() { "yes" } else { "no" };
                    self.error(
                        Code::PolicyUnknownId,
                        words!(
                            case = "remove",
                            hint = hint,
                            id = &r.value,
                            list = "",
                            missing = "",
                            near = near.unwrap_or_default(),
                            ids = some_ids(&all),
                            top = top,
                        ),
                        &r,
                    );
                }
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .map(|i| format!("`{}.{id}`", lists[*i].0))
                        .collect();
                    self.error(
                        Code::PolicyAmbiguousRemove,
                        words!(id = id, choices = names.join(&crate::msg!("policy-sep-or"))),
                        &r,
                    );
                }
            }
        }
    }
}

/// Ids for a help line: the first dozen of a long list.
fn some_ids(ids: &[String]) -> String {
    match ids.get(..12) {
        Some(first) if ids.len() > 12 => crate::msg!(
            "policy-some_ids",
            ids = first.join(&crate::msg!("policy-sep-item")),
            n = ids.len()
        ),
        _ => ids.join(&crate::msg!("policy-sep-item")),
    }
}

/// A list (or a part) that `remove:` can drop ids from.
trait IdList {
    fn ids(&self) -> Vec<String>;
    fn has(&self, id: &str) -> bool {
        self.ids().iter().any(|i| i == id)
    }
    fn drop_id(&mut self, id: &str);
    fn is_part(&self) -> bool {
        false
    }
}

impl<T: Item> IdList for Vec<T> {
    fn ids(&self) -> Vec<String> {
        self.iter()
            .filter_map(|i| i.key().map(|k| k.value.clone()))
            .collect()
    }
    fn drop_id(&mut self, id: &str) {
        self.retain(|i| i.key().is_none_or(|k| k.value != id));
    }
}

/// A part such as `scores`, removable by its name.
struct Part<'a, T>(&'static str, &'a mut Option<T>);

impl<T> IdList for Part<'_, T> {
    fn ids(&self) -> Vec<String> {
        self.1.iter().map(|_| self.0.to_string()).collect()
    }
    fn drop_id(&mut self, _: &str) {
        *self.1 = None;
    }
    fn is_part(&self) -> bool {
        true
    }
}

/// A table's groups, removable by value.
struct Groups<'a>(&'a mut std::collections::BTreeMap<String, Vec<S<String>>>);

impl IdList for Groups<'_> {
    fn ids(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
    fn drop_id(&mut self, id: &str) {
        self.0.remove(id);
    }
}

fn opt<T>(keys: &mut Vec<&'static str>, name: &'static str, dst: &mut Option<T>, src: Option<T>) {
    if let Some(v) = src {
        *dst = Some(v);
        keys.push(name);
    }
}

fn text(keys: &mut Vec<&'static str>, name: &'static str, dst: &mut Text, src: Text) {
    if src.is_empty() {
        return;
    }
    keys.push(name);
    if src.zh.is_some() {
        dst.zh = src.zh;
    }
    if src.en.is_some() {
        dst.en = src.en;
    }
}

fn listed<T>(
    keys: &mut Vec<&'static str>,
    name: &'static str,
    dst: &mut Listed<T>,
    src: Listed<T>,
) {
    if src.0.is_some() {
        *dst = src;
        keys.push(name);
    }
}

impl Merge for ProgrammeFile {
    fn merge(&mut self, o: Self, m: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let ProgrammeFile {
            remove,
            id,
            title,
            cite,
            source,
            fields,
            checks,
            params,
            tables,
            eligibility,
            computed,
            scores,
            award,
            allocation,
            flags,
            documents,
            summary_by,
        } = o;
        m.remove(
            remove,
            &mut [
                ("fields", &mut self.fields),
                ("checks", &mut self.checks),
                ("params", &mut self.params),
                ("tables", &mut self.tables),
                ("eligibility", &mut self.eligibility),
                ("computed", &mut self.computed),
                ("flags", &mut self.flags),
                ("documents", &mut self.documents),
                ("summary_by", &mut self.summary_by),
                ("scores", &mut Part("scores", &mut self.scores)),
                ("award", &mut Part("award", &mut self.award)),
                ("allocation", &mut Part("allocation", &mut self.allocation)),
            ],
        );
        if self.id.is_none() {
            self.id = id;
        }
        text(&mut k, "title", &mut self.title, title);
        opt(&mut k, "cite", &mut self.cite, cite);
        opt(&mut k, "source", &mut self.source, source);
        m.list(&mut k, "fields", &mut self.fields, fields);
        m.list(&mut k, "checks", &mut self.checks, checks);
        m.list(&mut k, "params", &mut self.params, params);
        m.list(&mut k, "tables", &mut self.tables, tables);
        m.list(&mut k, "eligibility", &mut self.eligibility, eligibility);
        m.list(&mut k, "computed", &mut self.computed, computed);
        m.part(&mut k, "scores", &mut self.scores, scores);
        m.part(&mut k, "award", &mut self.award, award);
        m.part(&mut k, "allocation", &mut self.allocation, allocation);
        m.list(&mut k, "flags", &mut self.flags, flags);
        m.list(&mut k, "documents", &mut self.documents, documents);
        m.list(&mut k, "summary_by", &mut self.summary_by, summary_by);
        k
    }
}

/// `Merge` for a type whose keys are all scalars, texts or plain lists, taken apart key by key
/// (every key, so that a key added to the format cannot be left out of the merge); the keys
/// listed in braces first (the id) are not merged.
macro_rules! merge_keys {
    ($t:ident { $($skip:ident),* } $($kind:ident $f:ident),*) => {
        impl Merge for $t {
            fn merge(&mut self, o: Self, _m: &mut Merger<'_>) -> Vec<&'static str> {
                let mut k = Vec::new();
                let $t { $($skip: _,)* $($f),* } = o;
                $( merge_keys!(@$kind k, self, $f); )*
                k
            }
        }
    };
    (@opt $k:ident, $s:ident, $f:ident) => {
        opt(&mut $k, stringify!($f), &mut $s.$f, $f)
    };
    (@text $k:ident, $s:ident, $f:ident) => {
        text(&mut $k, stringify!($f), &mut $s.$f, $f)
    };
    (@listed $k:ident, $s:ident, $f:ident) => {
        listed(&mut $k, stringify!($f), &mut $s.$f, $f)
    };
}

/// `Merge` and `Item` for an item with an id whose other keys are all scalars, texts or
/// plain lists.
macro_rules! item {
    ($t:ident { $($kind:ident $f:ident),* } required { $($req:ident),* }) => {
        merge_keys!($t { id } $($kind $f),*);
        impl Item for $t {
            fn key(&self) -> Option<&S<String>> {
                Some(&self.id)
            }
            #[allow(unused_mut)]
            fn missing(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $( if Absent::absent(&self.$req) { out.push(stringify!($req)); } )*
                out
            }
        }
    };
}

/// Whether a required key is not stated.
trait Absent {
    fn absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

impl Absent for Text {
    fn absent(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Absent for std::collections::BTreeMap<K, V> {
    fn absent(&self) -> bool {
        self.is_empty()
    }
}

item!(EnumValue { opt zh, opt en, listed aliases } required {});
item!(Check { opt when, opt field, text message } required { when, message });
item!(Param { opt value, text label, opt cite, opt source, opt interpretation } required { value });
item!(Rule { opt when, text message, opt cite, opt source, opt interpretation } required { when, message });
item!(Computed { opt formula, text label, opt cite, opt source, opt interpretation } required { formula });
item!(ScoreItem { opt formula, opt cap, text label, opt cite, opt interpretation } required { formula });
// A flag may have no `when`: open fields raise it (lower checks that one does).
item!(Flag { opt when, text message, opt cite } required {});
item!(Document { text label, opt when, opt cite } required { label });
item!(SummaryGroup { opt formula, text label } required { formula });

impl Merge for Field {
    fn merge(&mut self, o: Self, m: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let Field {
            id: _,
            remove,
            ty,
            unit,
            label,
            help,
            required,
            values,
            of,
            fields,
            min,
            max,
            cite,
            interpretation,
            unique,
            open,
            flag,
        } = o;
        m.remove(
            remove,
            &mut [("values", &mut self.values), ("fields", &mut self.fields)],
        );
        opt(&mut k, "type", &mut self.ty, ty);
        opt(&mut k, "unit", &mut self.unit, unit);
        text(&mut k, "label", &mut self.label, label);
        text(&mut k, "help", &mut self.help, help);
        opt(&mut k, "required", &mut self.required, required);
        m.list(&mut k, "values", &mut self.values, values);
        opt(&mut k, "of", &mut self.of, of);
        m.list(&mut k, "fields", &mut self.fields, fields);
        opt(&mut k, "min", &mut self.min, min);
        opt(&mut k, "max", &mut self.max, max);
        opt(&mut k, "cite", &mut self.cite, cite);
        opt(
            &mut k,
            "interpretation",
            &mut self.interpretation,
            interpretation,
        );
        opt(&mut k, "unique", &mut self.unique, unique);
        opt(&mut k, "open", &mut self.open, open);
        opt(&mut k, "flag", &mut self.flag, flag);
        k
    }
}

impl Item for Field {
    fn key(&self) -> Option<&S<String>> {
        Some(&self.id)
    }
    fn missing(&self) -> Vec<&'static str> {
        if self.ty.is_none() {
            vec!["type"]
        } else {
            Vec::new()
        }
    }
}

impl Merge for TableDef {
    fn merge(&mut self, o: Self, m: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let TableDef {
            id: _,
            remove,
            label,
            cite,
            source,
            groups,
        } = o;
        m.remove(remove, &mut [("groups", &mut Groups(&mut self.groups))]);
        text(&mut k, "label", &mut self.label, label);
        opt(&mut k, "cite", &mut self.cite, cite);
        opt(&mut k, "source", &mut self.source, source);
        if !groups.is_empty() {
            k.push("groups");
            self.groups.extend(groups);
        }
        k
    }
}

impl Item for TableDef {
    fn key(&self) -> Option<&S<String>> {
        Some(&self.id)
    }
    fn missing(&self) -> Vec<&'static str> {
        if self.groups.is_empty() {
            vec!["groups"]
        } else {
            Vec::new()
        }
    }
}

impl Merge for Tier {
    fn merge(&mut self, o: Self, _: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let Tier {
            id: _,
            size,
            amount,
            label,
        } = o;
        opt(&mut k, "size", &mut self.size, size);
        opt(&mut k, "amount", &mut self.amount, amount);
        text(&mut k, "label", &mut self.label, label);
        k
    }
}

impl Item for Tier {
    fn key(&self) -> Option<&S<String>> {
        self.id.as_ref()
    }
    fn missing(&self) -> Vec<&'static str> {
        if self.amount.is_none() {
            vec!["amount"]
        } else {
            Vec::new()
        }
    }
}

impl Merge for Scores {
    fn merge(&mut self, o: Self, m: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let Scores {
            remove,
            items,
            round,
            max_score,
            cite,
        } = o;
        m.remove(remove, &mut [("items", &mut self.items)]);
        m.list(&mut k, "items", &mut self.items, items);
        opt(&mut k, "round", &mut self.round, round);
        opt(&mut k, "max_score", &mut self.max_score, max_score);
        opt(&mut k, "cite", &mut self.cite, cite);
        k
    }
}

merge_keys!(Award {} opt formula, opt cap, opt round, opt cite, opt source, opt interpretation);

impl Merge for Allocation {
    fn merge(&mut self, o: Self, m: &mut Merger<'_>) -> Vec<&'static str> {
        let mut k = Vec::new();
        // Every key, so that a key added to the format cannot be left out of the merge.
        let Allocation {
            remove,
            order,
            awards,
            quota,
            tiers,
            demotion,
            cite,
            interpretation,
        } = o;
        m.remove(
            remove,
            &mut [
                ("tiers", &mut self.tiers),
                ("quota", &mut Part("quota", &mut self.quota)),
                ("demotion", &mut Part("demotion", &mut self.demotion)),
            ],
        );
        listed(&mut k, "order", &mut self.order, order);
        opt(&mut k, "awards", &mut self.awards, awards);
        m.part(&mut k, "quota", &mut self.quota, quota);
        m.list(&mut k, "tiers", &mut self.tiers, tiers);
        m.part(&mut k, "demotion", &mut self.demotion, demotion);
        opt(&mut k, "cite", &mut self.cite, cite);
        opt(
            &mut k,
            "interpretation",
            &mut self.interpretation,
            interpretation,
        );
        k
    }
}

merge_keys!(Quota {} opt counts, opt share, opt rounding, opt flag, opt cite, opt interpretation);

merge_keys!(Demotion {} opt when, opt flag, opt cite);

/// The name of a list (or part) in `lang`: its name in Chinese, the YAML key in English.
fn list_name(list: &str, lang: crate::Lang) -> String {
    // Fluent selects on identifiers: `scores.items` is looked up as `scores_items`.
    crate::t!(
        lang,
        "policy-list",
        kind = list.replace('.', "_"),
        list = list
    )
}

impl Inheritance {
    /// What `check` prints under the programme: inherits, changes, adds, removes.
    pub fn lines(&self, lang: crate::Lang) -> Vec<String> {
        let base = self.base.to_string();
        let sep_item = crate::t!(lang, "policy-sep-item");
        let sep_group = crate::t!(lang, "policy-sep-group");
        let mut out = Vec::new();
        if self.new {
            out.push(crate::t!(lang, "policy-inherit-new", base = &base));
        } else {
            let counts: Vec<String> = self
                .inherited
                .iter()
                .map(|(list, n)| {
                    crate::t!(
                        lang,
                        "policy-inherit-count",
                        list = list_name(list, lang),
                        n = *n
                    )
                })
                .collect();
            out.push(crate::t!(
                lang,
                "policy-inherit-unchanged",
                base = &base,
                counts = counts.join(&crate::t!(lang, "policy-sep-list"))
            ));
        }
        let item = |list: &str, id: &str| {
            let name = list_name(list, lang);
            let id = format!("`{id}`");
            if name.is_empty() {
                id
            } else {
                crate::t!(lang, "policy-inherit-item", list = name, id = id)
            }
        };
        let changed: Vec<String> = self
            .changes
            .iter()
            .filter_map(|c| match &c.what {
                What::Changed(keys) if keys.is_empty() => Some(item(&c.list, &c.id)),
                What::Changed(keys) => Some(crate::t!(
                    lang,
                    "policy-inherit-keys",
                    item = item(&c.list, &c.id),
                    keys = keys.join(&sep_item)
                )),
                _ => None,
            })
            .collect();
        // Items of one list together: `fields `a`, `b``.
        let of = |what: What| -> Vec<String> {
            let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
            for c in self.changes.iter().filter(|c| c.what == what) {
                match grouped.iter_mut().find(|(n, _)| *n == c.list) {
                    Some((_, ids)) => ids.push(c.id.clone()),
                    None => grouped.push((c.list.clone(), vec![c.id.clone()])),
                }
            }
            grouped
                .into_iter()
                .map(|(list, ids)| {
                    let ids: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                    let ids = ids.join(&sep_item);
                    let name = list_name(&list, lang);
                    if name.is_empty() {
                        ids
                    } else {
                        crate::t!(lang, "policy-inherit-item", list = name, id = ids)
                    }
                })
                .collect()
        };
        for (key, items) in [
            ("policy-inherit-changes", changed),
            ("policy-inherit-adds", of(What::Added)),
            ("policy-inherit-removes", of(What::Removed)),
        ] {
            let listed = if items.is_empty() {
                crate::t!(lang, "policy-inherit-none")
            } else {
                items.join(&sep_group)
            };
            out.push(crate::i18n::text(lang, key, &[("items", listed.into())]));
        }
        out
    }
}
