//! Embeds the policy files and the message catalogue in the binary, so an installed
//! `fundpolicy` works from any folder.

use std::fmt::Write as _;
use std::path::Path;

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            // Example applications are data for users, not policy.
            if path.file_name().is_some_and(|n| n != "examples") {
                walk(&path, root, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((
                rel,
                path.canonicalize()
                    .unwrap_or(path.clone())
                    .to_string_lossy()
                    .into_owned(),
            ));
        }
    }
}

fn main() {
    let root = Path::new("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    walk(root, root, &mut files);
    let mut code = String::from(
        "/// Policy files built into the binary: (path inside `policies/`, text).\npub static BUILTIN_POLICIES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &files {
        let _ = writeln!(code, "    ({rel:?}, include_str!({abs:?})),");
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = std::fs::write(Path::new(&out).join("builtin_policies.rs"), code);
    catalogue(Path::new(&out));
}

/// `locales/<lang>/*.ftl` as `CATALOGUE_ZH` / `CATALOGUE_EN`: (file name, text), sorted.
fn catalogue(out: &Path) {
    println!("cargo:rerun-if-changed=locales");
    let mut code = String::new();
    for (lang, name) in [("zh", "CATALOGUE_ZH"), ("en", "CATALOGUE_EN")] {
        let dir = Path::new("locales").join(lang);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "ftl"));
        files.sort();
        let _ = writeln!(code, "static {name}: &[(&str, &str)] = &[");
        for path in files {
            let file = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let abs = path.canonicalize().unwrap_or(path.clone());
            let _ = writeln!(
                code,
                "    ({file:?}, include_str!({:?})),",
                abs.to_string_lossy()
            );
        }
        code.push_str("];\n");
    }
    let _ = std::fs::write(out.join("catalogue.rs"), code);
}
