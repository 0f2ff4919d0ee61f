#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Standard output that is closed or full never makes fundpolicy panic: a reader that stopped
//! reading ends the run quietly (exit 0), a full device is one line on stderr and exit 1.
//! Standard error closed (`2>&1 | head -1`) does not change how a command ends either.

use std::process::{Command, Stdio};

const COMMANDS: [&[&str]; 6] = [
    &["list"],
    &["check"],
    &["test"],
    &["diff", "2020", "2021"],
    &["calc", "1 + 2"],
    &[
        "explain",
        "--year",
        "2020",
        "--programme",
        "cloud-award",
        "policies/2020/examples/cloud-award.yaml",
        "--id",
        "K01",
    ],
];

fn fundpolicy() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fundpolicy"));
    c.args(["--policies", "policies"]);
    c
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    for args in COMMANDS {
        // The read end is closed before the program starts: its first write gets EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = fundpolicy()
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_full_device_is_one_line_and_exit_1() {
    for args in COMMANDS {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = fundpolicy().args(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains("无法写入标准输出"), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}

/// Commands whose stderr says something (an error, a warning, the policy line) with stderr
/// closed before they start: each ends with its own status, never the abort (134) of a
/// panic while printing.
#[test]
fn a_closed_stderr_leaves_the_exit_status_as_it_was() {
    let example = "policies/2020/examples/cloud-award.yaml";
    let cases: [(&[&str], i32); 4] = [
        (&["calc", "1/0"], 1),
        (&["calc", "1 +"], 1),
        (
            &[
                "evaluate",
                "--year",
                "2020",
                "--programme",
                "cloud-award",
                example,
            ],
            0,
        ),
        (
            &["evaluate", "--year", "2020", "--programme", "nope", example],
            1,
        ),
    ];
    for (args, code) in cases {
        for lang in ["zh", "en"] {
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            let out = fundpolicy()
                .args(args)
                .args(["--lang", lang])
                .stdout(Stdio::null())
                .stderr(writer)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(code), "{args:?} {lang}");
        }
    }
}
