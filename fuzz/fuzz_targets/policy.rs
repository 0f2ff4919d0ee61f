//! A programme file's bytes → a 2020 policy folder → load, check and compile.
#![no_main]

use fundpolicy::policy::{self, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    let year = dir.join("2020");
    if std::fs::create_dir_all(&year).is_err() {
        return;
    }
    let manifest = "year: 2020\ntitle: {zh: 测试}\nstatus: draft\nprogrammes: [p.yaml]\n";
    if std::fs::write(year.join("policy.yaml"), manifest).is_err() || std::fs::write(year.join("p.yaml"), data).is_err() {
        return;
    }
    let _ = policy::load(&Source::Dir(dir.clone()), 2020);
});

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("fundpolicy-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
