#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The common mistakes of policy staff, each made in a copy of the bundled policies: the
//! guide's 常见错误 list (tests/guide.rs) and the Chinese-first corpus (tests/chinese_first.rs)
//! run the same broken folders.

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How a mistake is made in the copied folder.
pub enum Edit {
    /// Replace the first `from` in `file` (relative to the policy folder) by `to`.
    Replace {
        file: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Save `file` as GBK, as Notepad's or WPS's "ANSI" does on a Chinese Windows.
    Gbk { file: &'static str },
}

pub struct Mistake {
    pub id: &'static str,
    /// The year folders copied from policies/.
    pub years: &'static [&'static str],
    pub edit: Edit,
    /// `check`'s exit status: 1 for an error, 0 when only warnings are printed.
    pub status: i32,
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

pub fn mistakes() -> Vec<Mistake> {
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
            "enum-value-typo",
            CLOUD,
            r#"when: company_size in ["medium", "small", "micro"]"#,
            r#"when: company_size in ["medium", "smal", "micro"]"#,
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
            "table-coverage",
            "2020/common.yaml",
            "      - {id: 万盛经开区, aliases: [万盛经济技术开发区, 万盛]}\n",
            "      - {id: 万盛经开区, aliases: [万盛经济技术开发区, 万盛]}\n      - {id: 西部科学城, aliases: [西部（重庆）科学城]}\n",
        ),
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

pub fn copy_dir(from: &Path, to: &Path) {
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
pub fn broken_folder(m: &Mistake) -> tempfile::TempDir {
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
