#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A policy file is read only inside the policies folder: a link out of it is refused by
//! name, and nothing of the file it points at is shown.

use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_policy_file_linking_out_of_the_folder_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    copy_dir(Path::new("policies/2020"), &policies.join("2020"));
    // A secret outside the folder, shaped so that a YAML error would quote it.
    let secret = dir.path().join("shadow");
    std::fs::write(&secret, "root:$6$SECRET-HASH:19000:0:99999:7:::\n").unwrap();
    let common = policies.join("2020/common.yaml");
    std::fs::remove_file(&common).unwrap();
    std::os::unix::fs::symlink(&secret, &common).unwrap();
    let out = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(&policies)
        .args(["--lang", "en", "check", "--year", "2020"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("leads outside the policies folder"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("SECRET") && !stdout.contains("SECRET"),
        "{stderr}"
    );
    // A link that stays inside the folder is an ordinary file.
    std::fs::remove_file(&common).unwrap();
    std::fs::copy(
        "policies/2020/common.yaml",
        policies.join("2020/shared.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("shared.yaml", &common).unwrap();
    let ok = assert_cmd::Command::cargo_bin("fundpolicy")
        .unwrap()
        .arg("--policies")
        .arg(&policies)
        .args(["check", "--year", "2020"])
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}
