//! What changed between two policy years, rule by rule: every programme is described as
//! entries (kind, id, what it says, its citation) and the entries are compared by id.

use crate::Lang;
use crate::policy::{FieldKind, Policy, Programme};
use crate::value::{Value, money_text, plain};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Param,
    Field,
    Check,
    Rule,
    Value,
    Award,
    Allocation,
    Flag,
    Document,
}

impl Kind {
    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Param, Lang::Zh) => "参数",
            (Kind::Field, Lang::Zh) => "字段",
            (Kind::Check, Lang::Zh) => "校验",
            (Kind::Rule, Lang::Zh) => "资格规则",
            (Kind::Value, Lang::Zh) => "计算值/评分项",
            (Kind::Award, Lang::Zh) => "奖补",
            (Kind::Allocation, Lang::Zh) => "分配",
            (Kind::Flag, Lang::Zh) => "标记",
            (Kind::Document, Lang::Zh) => "申报材料",
            (Kind::Param, Lang::En) => "parameter",
            (Kind::Field, Lang::En) => "field",
            (Kind::Check, Lang::En) => "check",
            (Kind::Rule, Lang::En) => "eligibility rule",
            (Kind::Value, Lang::En) => "value",
            (Kind::Award, Lang::En) => "award",
            (Kind::Allocation, Lang::En) => "allocation",
            (Kind::Flag, Lang::En) => "flag",
            (Kind::Document, Lang::En) => "document",
        }
    }
}

/// One comparable statement of a programme.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    kind: Kind,
    id: String,
    says: String,
    cite: String,
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Money(d) => money_text(*d),
        Value::Number(d) => plain(*d),
        other => other.to_string(),
    }
}

fn kind_text(kind: &FieldKind) -> String {
    match kind {
        FieldKind::Money(unit) => format!("money ({}元 per unit)", plain(*unit)),
        FieldKind::List(inner) => format!("list of {}", kind_text(inner)),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn entries(p: &Programme) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut push = |kind, id: &str, says: String, cite: &str| {
        out.push(Entry {
            kind,
            id: id.to_string(),
            says,
            cite: cite.to_string(),
        })
    };
    for (id, value, _, cite) in &p.params {
        push(Kind::Param, id, show_value(value), cite);
    }
    for f in &p.fields {
        let mut says = kind_text(&f.kind);
        if !f.values.is_empty() {
            says.push_str(&format!(" of {} values", f.values.len()));
        }
        push(Kind::Field, &f.id, says, "");
    }
    for c in &p.checks {
        push(
            Kind::Check,
            &c.id,
            crate::report::one_line(&c.formula.text),
            &c.cite,
        );
    }
    for r in &p.rules {
        push(
            Kind::Rule,
            &r.id,
            crate::report::one_line(&r.formula.text),
            &r.cite,
        );
    }
    for v in p.values.iter().filter(|v| !v.formula.text.is_empty()) {
        let cap = v
            .cap
            .map(|c| format!(", capped at {}", plain(c)))
            .unwrap_or_default();
        push(
            Kind::Value,
            &v.id,
            format!("{}{cap}", crate::report::one_line(&v.formula.text)),
            &v.cite,
        );
    }
    if let Some(a) = &p.award {
        push(
            Kind::Award,
            "award",
            format!(
                "{}, capped at {}",
                crate::report::one_line(&a.formula.text),
                money_text(a.cap)
            ),
            &a.cite,
        );
    }
    if let Some(a) = &p.allocation {
        let tiers: Vec<String> = a
            .tiers
            .iter()
            .map(|t| match t.size {
                Some(n) => format!("{n} × {}", money_text(t.amount)),
                None => format!("rest × {}", money_text(t.amount)),
            })
            .collect();
        let quota = a
            .quota
            .as_ref()
            .map(|q| {
                format!(
                    "; quota {} ({})",
                    plain(q.share),
                    crate::report::one_line(&q.counts.text)
                )
            })
            .unwrap_or_default();
        push(
            Kind::Allocation,
            "allocation",
            format!("{} awards; tiers {}{quota}", a.awards, tiers.join(", ")),
            &a.cite,
        );
    }
    for f in &p.flags {
        push(
            Kind::Flag,
            &f.id,
            crate::report::one_line(&f.formula.text),
            &f.cite,
        );
    }
    for d in &p.documents {
        let when = d
            .when
            .as_ref()
            .map(|w| format!(" when {}", crate::report::one_line(&w.text)))
            .unwrap_or_default();
        push(
            Kind::Document,
            &d.id,
            format!("{}{when}", d.label.get(Lang::Zh)),
            "",
        );
    }
    out
}

fn cite_suffix(cite: &str) -> String {
    if cite.is_empty() {
        String::new()
    } else {
        format!(" [{cite}]")
    }
}

/// The changes from `old` to `new`, in words.
pub fn diff(old: &Policy, new: &Policy, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = format!("{} → {}\n", old.year, new.year);
    let mut ids: Vec<&str> = old.programmes.iter().map(|p| p.id.as_str()).collect();
    for p in &new.programmes {
        if !ids.contains(&p.id.as_str()) {
            ids.push(&p.id);
        }
    }
    for id in ids {
        match (old.programme(id), new.programme(id)) {
            (Some(p), None) => {
                out.push_str(&format!(
                    "- {} {id} {}\n",
                    if zh {
                        "删除项目"
                    } else {
                        "removed programme"
                    },
                    p.title.get(lang)
                ));
            }
            (None, Some(p)) => {
                out.push_str(&format!(
                    "+ {} {id} {}\n",
                    if zh {
                        "新增项目"
                    } else {
                        "added programme"
                    },
                    p.title.get(lang)
                ));
            }
            (Some(a), Some(b)) => {
                out.push_str(&format!("  {id} {}\n", b.title.get(lang)));
                let (before, after) = (entries(a), entries(b));
                let mut unchanged = 0;
                for e in &before {
                    match after.iter().find(|x| x.kind == e.kind && x.id == e.id) {
                        None => out.push_str(&format!(
                            "    - {} {}: {}{}\n",
                            e.kind.name(lang),
                            e.id,
                            e.says,
                            cite_suffix(&e.cite)
                        )),
                        Some(x) if x == e => unchanged += 1,
                        Some(x) => {
                            out.push_str(&format!(
                                "    ~ {} {}{}\n",
                                e.kind.name(lang),
                                e.id,
                                cite_suffix(&x.cite)
                            ));
                            if x.says != e.says {
                                out.push_str(&format!(
                                    "        {} {}\n",
                                    if zh { "原：" } else { "was:" },
                                    e.says
                                ));
                                out.push_str(&format!(
                                    "        {} {}\n",
                                    if zh { "现：" } else { "now:" },
                                    x.says
                                ));
                            }
                            if x.cite != e.cite {
                                out.push_str(&format!(
                                    "        {} {} → {}\n",
                                    if zh { "出处：" } else { "cite:" },
                                    e.cite,
                                    x.cite
                                ));
                            }
                        }
                    }
                }
                for x in after
                    .iter()
                    .filter(|x| !before.iter().any(|e| e.kind == x.kind && e.id == x.id))
                {
                    out.push_str(&format!(
                        "    + {} {}: {}{}\n",
                        x.kind.name(lang),
                        x.id,
                        x.says,
                        cite_suffix(&x.cite)
                    ));
                }
                out.push_str(&format!(
                    "    ({unchanged} {})\n",
                    if zh { "项未变" } else { "unchanged" }
                ));
            }
            (None, None) => {}
        }
    }
    out
}
