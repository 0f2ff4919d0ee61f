#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The guide's 常见错误 list (policies/README.md) shows the program's real messages: each
//! mistake is made in a copy of policies/2020 (and 2021 where the mistake needs a later year),
//! `fundpolicy --policies policies --lang zh check` runs on it, and its standard error must
//! equal the block between `<!-- error:ID -->` and `<!-- /error -->` in the guide.
//!
//! `FUNDPOLICY_UPDATE_GUIDE=1 cargo test --test guide` rewrites the blocks from the binary
//! instead of failing (read the diff before committing it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn guide_path() -> PathBuf {
    root().join("policies/README.md")
}

/// How a mistake is made in the copied folder.
enum Edit {
    /// Replace the first `from` in `file` (relative to the policy folder) by `to`.
    Replace {
        file: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Save `file` as GBK, as Notepad's or WPS's "ANSI" does on a Chinese Windows.
    Gbk { file: &'static str },
}

struct Mistake {
    id: &'static str,
    /// The year folders copied from policies/.
    years: &'static [&'static str],
    edit: Edit,
    /// `check`'s exit status: 1 for an error, 0 when only warnings are printed.
    status: i32,
}

const CLOUD: &str = "2020/cloud-award.yaml";
const LOAN: &str = "2020/loan-interest.yaml";
const SOFTWARE: &str = "2020/software-integration.yaml";
const Y2020: &[&str] = &["2020"];

const fn replace(
    id: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
) -> Mistake {
    Mistake {
        id,
        years: Y2020,
        edit: Edit::Replace { file, from, to },
        status: 1,
    }
}

const REVENUE_RULE: &str = "    when: revenue_2019 <= revenue_max\n";

fn mistakes() -> Vec<Mistake> {
    vec![
        replace(
            "full-width-colon",
            CLOUD,
            REVENUE_RULE,
            "    when：revenue_2019 <= revenue_max\n",
        ),
        replace(
            "full-width-comma",
            CLOUD,
            "{id: revenue_max, value: 3亿元,",
            "{id: revenue_max，value: 3亿元,",
        ),
        replace(
            "tab",
            CLOUD,
            REVENUE_RULE,
            "\twhen: revenue_2019 <= revenue_max\n",
        ),
        Mistake {
            id: "gbk",
            years: Y2020,
            edit: Edit::Gbk { file: CLOUD },
            status: 1,
        },
        replace(
            "colon-in-formula",
            LOAN,
            "    when: 'sum(l in loans: l.interest_paid) >= interest_min'",
            "    when: sum(l in loans: l.interest_paid) >= interest_min",
        ),
        replace(
            "full-width-bracket",
            CLOUD,
            REVENUE_RULE,
            "    when: revenue_2019 <= 【revenue_max】\n",
        ),
        replace(
            "unknown-name",
            CLOUD,
            REVENUE_RULE,
            "    when: revenue_2019 <= revenu_max\n",
        ),
        replace(
            "unknown-function",
            LOAN,
            "    when: 'sum(l in loans: l.interest_paid) >= interest_min'",
            "    when: 'sun(l in loans: l.interest_paid) >= interest_min'",
        ),
        replace(
            "unit-mismatch",
            CLOUD,
            REVENUE_RULE,
            "    when: revenue_2019 <= 30000\n",
        ),
        replace(
            "missing-key",
            LOAN,
            "  formula: min(loan_subsidies, subsidy_cap)\n",
            "",
        ),
        replace(
            "missing-cite",
            CLOUD,
            "    cite: 二（二）1\n    message: {zh: 2019年度",
            "    message: {zh: 2019年度",
        ),
        Mistake {
            id: "incomplete-new-item",
            years: &["2020", "2021"],
            edit: Edit::Replace {
                file: "2021/software-integration.yaml",
                from: "eligibility:\n",
                to: "eligibility:\n  - id: audit_reprot\n    message: {zh: 须提供会计师事务所出具的审计报告}\n",
            },
            status: 1,
        },
        replace(
            "unknown-key",
            CLOUD,
            "    message: {zh: 2019年度",
            "    mesage: {zh: 2019年度",
        ),
        replace(
            "field-type",
            CLOUD,
            "{id: cloud_months, type: number,",
            "{id: cloud_months, type: numbr,",
        ),
        replace(
            "duplicate-id",
            CLOUD,
            "  - {id: contract_from,",
            "  - {id: revenue_max, value: 2亿元, cite: 二（二）1}\n  - {id: contract_from,",
        ),
        replace(
            "score-over-max",
            CLOUD,
            "      cap: 25\n",
            "      cap: 30\n",
        ),
        replace(
            "award-over-cap",
            SOFTWARE,
            "  cap: subsidy_cap\n",
            "  cap: 50万元\n",
        ),
        replace(
            "last-tier-size",
            CLOUD,
            "    - {amount: 10万元,",
            "    - {size: 100, amount: 10万元,",
        ),
        replace(
            "missing-file",
            "2020/policy.yaml",
            "  - cloud-award.yaml\n",
            "  - cloud_award.yaml\n",
        ),
        Mistake {
            id: "programme-id-typo",
            years: &["2020", "2021"],
            edit: Edit::Replace {
                file: "2021/software-integration.yaml",
                from: "id: software-integration\n",
                to: "id: sofware-integration\n",
            },
            status: 1,
        },
        replace(
            "remove-unknown",
            CLOUD,
            "\ndocuments:\n",
            "\nremove: [smart_mfg_from]\ndocuments:\n",
        ),
        Mistake {
            status: 0,
            ..replace(
                "unused",
                CLOUD,
                "  - {id: contract_from,",
                "  - {id: contract_start, value: 2019-01-01, cite: 附件3 申报材料 二}\n  - {id: contract_from,",
            )
        },
    ]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Makes the mistake in a fresh copy of the policies; the folder is `<tmp>/policies`.
fn broken_folder(m: &Mistake) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let policies = tmp.path().join("policies");
    for year in m.years {
        copy_dir(&root().join("policies").join(year), &policies.join(year));
    }
    match m.edit {
        Edit::Replace { file, from, to } => {
            let path = policies.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.contains(from),
                "{}: `{from}` is no longer in policies/{file}: update the mistake",
                m.id
            );
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Edit::Gbk { file } => {
            let path = policies.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
            assert!(!unmappable, "{file} has characters GBK cannot hold");
            std::fs::write(&path, bytes).unwrap();
        }
    }
    tmp
}

/// What `check` says about the mistake, as a reader of the guide sees it: standard error, with
/// the temporary folder's path (should any be printed absolute) replaced by nothing, so every
/// place reads `policies/2020/…`.
fn message_of(m: &Mistake) -> String {
    let tmp = broken_folder(m);
    let out = Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(tmp.path())
        .args(["--policies", "policies", "--lang", "zh", "check"])
        .env("NO_COLOR", "1")
        .env_remove("FUNDPOLICY_LANG")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(m.status),
        "{}: exit status of check; standard error:\n{stderr}",
        m.id
    );
    let mut text = stderr;
    for dir in [tmp.path().to_path_buf(), tmp.path().canonicalize().unwrap()] {
        text = text.replace(&format!("{}/", dir.display()), "");
    }
    text
}

fn block(message: &str) -> String {
    format!("\n```text\n{}\n```\n", message.trim_end())
}

/// The guide's `<!-- error:ID -->` … `<!-- /error -->` blocks, each opening marker at the start
/// of a line: (id, start and end of the text between the markers).
fn blocks(guide: &str) -> Vec<(String, usize, usize)> {
    const OPEN: &str = "<!-- error:";
    const CLOSE: &str = "<!-- /error -->";
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = guide[at..].find(OPEN) {
        let start = at + i;
        // Only a marker that begins a line: the guide also names the markers in its text.
        if start > 0 && !guide[..start].ends_with('\n') {
            at = start + OPEN.len();
            continue;
        }
        let id_end = start
            + guide[start..]
                .find(" -->")
                .expect("an unclosed error marker");
        let id = guide[start + OPEN.len()..id_end].to_string();
        let body = id_end + " -->".len();
        let end = body
            + guide[body..]
                .find(CLOSE)
                .unwrap_or_else(|| panic!("<!-- error:{id} --> has no <!-- /error -->"));
        out.push((id, body, end));
        at = end + CLOSE.len();
    }
    out
}

#[test]
fn the_guide_shows_the_real_message_of_every_common_mistake() {
    let update = std::env::var_os("FUNDPOLICY_UPDATE_GUIDE").is_some_and(|v| v == "1");
    let guide = std::fs::read_to_string(guide_path()).unwrap();
    let found = blocks(&guide);
    let mistakes = mistakes();

    // Every mistake has its block and every block its mistake.
    for m in &mistakes {
        assert!(
            found.iter().any(|(id, ..)| id == m.id),
            "policies/README.md has no `<!-- error:{0} -->` … `<!-- /error -->` block for the mistake `{0}`",
            m.id
        );
    }
    for (id, ..) in &found {
        assert!(
            mistakes.iter().any(|m| m.id == id),
            "policies/README.md has a block `error:{id}` that tests/guide.rs does not make"
        );
    }

    let mut rewritten = String::new();
    let mut last = 0;
    let mut stale = Vec::new();
    for (id, start, end) in &found {
        let m = mistakes.iter().find(|m| m.id == id).unwrap();
        let want = block(&message_of(m));
        if guide[*start..*end] != want {
            stale.push(format!(
                "── {id}: the guide shows{}── check says{}",
                &guide[*start..*end],
                want
            ));
        }
        rewritten.push_str(&guide[last..*start]);
        rewritten.push_str(&want);
        last = *end;
    }
    rewritten.push_str(&guide[last..]);

    if update {
        if rewritten != guide {
            std::fs::write(guide_path(), rewritten).unwrap();
            eprintln!("policies/README.md: {} block(s) rewritten", stale.len());
        }
        return;
    }
    assert!(
        stale.is_empty(),
        "{} block(s) of policies/README.md differ from what `check` says \
         (FUNDPOLICY_UPDATE_GUIDE=1 cargo test --test guide rewrites them):\n{}",
        stale.len(),
        stale.join("\n")
    );
}

#[test]
fn the_guide_blocks_are_found() {
    let guide = "a `<!-- error:ID -->`\n<!-- error:x -->\n```text\nm\n```\n<!-- /error -->\n<!-- error:y --><!-- /error -->";
    let found = blocks(guide);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].0, "x");
    assert_eq!(&guide[found[0].1..found[0].2], "\n```text\nm\n```\n");
    assert_eq!(found[1].0, "y");
    assert_eq!(&guide[found[1].1..found[1].2], "");
}
