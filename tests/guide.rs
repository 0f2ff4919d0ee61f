#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]
//! The guide's 常见错误 list (policies/README.md) shows the program's real messages: each
//! mistake is made in a copy of policies/2020 (and 2021 where the mistake needs a later year),
//! `fundpolicy --policies policies --lang zh check` runs on it, and its standard error must
//! equal the block between `<!-- error:ID -->` and `<!-- /error -->` in the guide.
//!
//! `FUNDPOLICY_UPDATE_GUIDE=1 cargo test --test guide` rewrites the blocks from the binary
//! instead of failing (read the diff before committing it).

#[path = "support/mistakes.rs"]
mod mistakes;

use mistakes::{Mistake, broken_folder, mistakes, root};
use std::path::PathBuf;
use std::process::Command;

fn guide_path() -> PathBuf {
    root().join("policies/README.md")
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
