#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `--output` writes its own file and nothing else: never an input, a device, a FIFO, a
//! folder or a symlink's target; an existing file keeps its permissions; `template` keeps a
//! filled workbook unless `--force`; `-` is standard output; the extension picks the format.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(dir)
        .arg("--policies")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .args(args)
        .output()
        .unwrap()
}

/// A folder holding one application file, `apps.yaml`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/2020/examples/cloud-award.yaml"),
        dir.path().join("apps.yaml"),
    )
    .unwrap();
    dir
}

const EVALUATE: [&str; 6] = [
    "evaluate",
    "--year",
    "2020",
    "--programme",
    "cloud-award",
    "apps.yaml",
];

fn evaluate_to(dir: &Path, output: &str, extra: &[&str]) -> Output {
    let mut args = EVALUATE.to_vec();
    args.extend(["--output", output]);
    args.extend(extra);
    run(dir, &args)
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// Refused with the code and, in the default language (Chinese), the reason `says`.
fn refused(out: &Output, says: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("output::refused"), "{stderr}");
    assert!(stderr.contains(says), "{stderr}");
}

#[test]
fn the_input_is_never_the_output() {
    let dir = folder();
    let before = std::fs::read(dir.path().join("apps.yaml")).unwrap();
    for name in ["apps.yaml", "./apps.yaml"] {
        refused(
            &evaluate_to(dir.path(), name, &["--format", "json"]),
            "它是本次的输入",
        );
    }
    // A hard link is the same file under another name.
    std::fs::hard_link(dir.path().join("apps.yaml"), dir.path().join("same.json")).unwrap();
    refused(&evaluate_to(dir.path(), "same.json", &[]), "它是本次的输入");
    assert_eq!(std::fs::read(dir.path().join("apps.yaml")).unwrap(), before);
    assert_eq!(names(dir.path()), ["apps.yaml", "same.json"]);
}

#[test]
fn devices_fifos_folders_and_symlinks_are_refused() {
    let dir = folder();
    refused(
        &evaluate_to(dir.path(), "/dev/full", &["--format", "json"]),
        "它是设备",
    );
    assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    let fifo = dir.path().join("pipe.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    refused(&evaluate_to(dir.path(), "pipe.json", &[]), "命名管道");
    std::fs::create_dir(dir.path().join("out.json")).unwrap();
    refused(&evaluate_to(dir.path(), "out.json", &[]), "它是文件夹");
    // A link to another file: that file must not change.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("link.json")).unwrap();
    refused(&evaluate_to(dir.path(), "link.json", &[]), "符号链接");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_replaced_file_keeps_its_permissions_and_no_temporary_file_stays() {
    let dir = folder();
    let out = dir.path().join("r.json");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let done = evaluate_to(dir.path(), "r.json", &[]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let meta = std::fs::metadata(&out).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert!(json["results"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(names(dir.path()), ["apps.yaml", "r.json"]);
}

#[test]
fn the_extension_chooses_the_format_and_a_mismatch_is_an_error() {
    let dir = folder();
    let done = evaluate_to(dir.path(), "r.xlsx", &[]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        std::fs::read(dir.path().join("r.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
    let done = evaluate_to(dir.path(), "r.csv", &[]);
    assert!(done.status.success());
    assert!(
        std::fs::read_to_string(dir.path().join("r.csv"))
            .unwrap()
            .contains(',')
    );
    let mismatch = evaluate_to(dir.path(), "x.xlsx", &["--format", "json"]);
    assert_eq!(mismatch.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mismatch.stderr).contains("不符"));
    let unknown = evaluate_to(dir.path(), "results", &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("无法从输出文件名"));
    assert_eq!(names(dir.path()), ["apps.yaml", "r.csv", "r.xlsx"]);
}

#[test]
fn a_dash_is_standard_output() {
    let dir = folder();
    let done = evaluate_to(dir.path(), "-", &["--format", "json"]);
    assert!(done.status.success());
    let json: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    assert!(json["results"].is_array());
    assert_eq!(names(dir.path()), ["apps.yaml"]);
}

#[test]
fn template_keeps_an_existing_workbook_unless_forced() {
    let dir = folder();
    let book = dir.path().join("form.xlsx");
    std::fs::write(&book, "filled in").unwrap();
    let args = [
        "template",
        "--year",
        "2020",
        "--programme",
        "cloud-award",
        "--output",
        "form.xlsx",
    ];
    let out = run(dir.path(), &args);
    refused(&out, "文件已存在");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&book).unwrap(), "filled in");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(run(dir.path(), &forced).status.success());
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
    // A new name needs no --force.
    let mut fresh = args.to_vec();
    fresh[6] = "new.xlsx";
    assert!(run(dir.path(), &fresh).status.success());
    assert_eq!(names(dir.path()), ["apps.yaml", "form.xlsx", "new.xlsx"]);
}

/// SIGTERM while the results are being written removes the temporary file: the folder holds
/// what it held before.
#[test]
fn an_interrupted_write_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gen-cloud-award-300.csv"),
    )
    .unwrap();
    let (header, rows) = sample.split_once('\n').unwrap();
    let rows: Vec<&str> = rows.lines().collect();
    // Enough rows that writing the results takes a while even in a release build.
    let mut csv = format!("{header}\n");
    for n in 0..150_000 {
        let row = rows[n % rows.len()];
        let rest = row.split_once(',').unwrap().1;
        csv.push_str(&format!("R{n:07},{rest}\n"));
    }
    std::fs::write(dir.path().join("apps.csv"), csv).unwrap();
    // The signal can land after the rename on a loaded machine (the run then ends normally
    // or with its output complete); what must never happen is a temporary file left behind.
    // Try a few times so that at least one signal lands during the write.
    let mut interrupted_during_write = false;
    for _attempt in 0..5 {
        let _ = std::fs::remove_file(dir.path().join("r.csv"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
            .current_dir(dir.path())
            .arg("--policies")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
            .args(["evaluate", "--year", "2020", "--programme", "cloud-award"])
            .args(["apps.csv", "--output", "r.csv"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let writing = || names(dir.path()).iter().any(|n| n.ends_with(".tmp"));
        let started = std::time::Instant::now();
        while !writing() && child.try_wait().unwrap().is_none() {
            assert!(started.elapsed().as_secs() < 300);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let left = names(dir.path());
        assert!(
            !left.iter().any(|n| n.ends_with(".tmp")),
            "a temporary file stayed: {left:?}"
        );
        if status.code() == Some(130) && left == ["apps.csv"] {
            interrupted_during_write = true;
            break;
        }
    }
    assert!(
        interrupted_during_write,
        "no attempt was interrupted while writing: make the batch larger"
    );
}

/// The blank template, an empty CSV or an empty JSON list is not a finished run with nobody
/// on it: the file is named and the user told to fill it in (exit 1, nothing written).
#[test]
fn an_empty_input_is_refused_with_a_hint() {
    let dir = folder();
    let blank = run(
        dir.path(),
        &[
            "template",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--output",
            "blank.xlsx",
        ],
    );
    assert!(blank.status.success());
    std::fs::write(dir.path().join("empty.json"), "[]").unwrap();
    let header = run(
        dir.path(),
        &[
            "template",
            "--year",
            "2020",
            "--programme",
            "cloud-award",
            "--output",
            "header.csv",
        ],
    );
    assert!(header.status.success());
    for input in ["blank.xlsx", "empty.json", "header.csv"] {
        let out = run(
            dir.path(),
            &[
                "evaluate",
                "--year",
                "2020",
                "--programme",
                "cloud-award",
                input,
                "--output",
                "r.json",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{input}: {stderr}");
        assert!(stderr.contains("文件中没有申报记录"), "{stderr}");
        assert!(stderr.contains(input), "{stderr}");
        assert!(stderr.contains("请先填写"), "{stderr}");
    }
    assert!(!dir.path().join("r.json").exists());
}

/// Standard output redirected into an input (`>> apps.yaml`) is refused before anything is
/// written, and a read-only file is not replaced behind its owner's back.
#[test]
fn standard_output_into_an_input_and_read_only_files_are_refused() {
    let dir = folder();
    let apps = dir.path().join("apps.yaml");
    let before = std::fs::read(&apps).unwrap();
    let append = std::fs::OpenOptions::new()
        .append(true)
        .open(&apps)
        .unwrap();
    let mut args = EVALUATE.to_vec();
    args.extend(["--format", "json"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fundpolicy"))
        .current_dir(dir.path())
        .arg("--policies")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("policies"))
        .args(&args)
        .stdout(append)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("标准输出就是输入文件"), "{stderr}");
    assert_eq!(std::fs::read(&apps).unwrap(), before);

    let locked = dir.path().join("r.json");
    std::fs::write(&locked, "keep").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    refused(&evaluate_to(dir.path(), "r.json", &[]), "只读");
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "keep");
}
