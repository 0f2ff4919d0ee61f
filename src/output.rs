//! Writing an output file so that nothing but that file can change: the target is checked
//! before any work (not an input of the run, not a device, FIFO, folder or symlink), the bytes
//! go to a new temporary file beside it (created exclusively, with a random name), which is
//! synced and renamed over the target; the original's permissions are kept; an interrupt
//! removes the temporary file.

use std::fs::Metadata;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why an output path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path is one of the run's own inputs.
    IsInput(PathBuf),
    /// What it is instead: `folder`, `fifo`, `device`, `socket` or `other` (the catalogue's
    /// variants of `output-reason-not-regular`).
    NotRegular(&'static str),
    Symlink,
    /// `template` over an existing file without `--force`.
    Exists,
    NoFolder,
    /// An existing file nobody may write (mode without write bits): replacing it by a
    /// rename would go around the protection its owner gave it.
    ReadOnly,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Refusal::IsInput(input) => {
                crate::msg!("output-reason-input", input = input.display().to_string())
            }
            Refusal::NotRegular(kind) => crate::msg!("output-reason-not-regular", kind = *kind),
            Refusal::Symlink => crate::msg!("output-reason-symlink"),
            Refusal::Exists => crate::msg!("output-reason-exists"),
            Refusal::NoFolder => crate::msg!("output-reason-no-folder"),
            Refusal::ReadOnly => crate::msg!("output-reason-read-only"),
        };
        f.write_str(&text)
    }
}

fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else if t.is_socket() {
        "socket"
    } else {
        "other"
    }
}

/// Checks `target` before any work: it may be new, or an existing regular file that is not
/// one of `inputs` (compared as files, so `./a.csv`, `a.csv` and a hard link all match), and
/// its folder must exist. `overwrite: false` also refuses an existing file.
pub fn check_target(target: &Path, inputs: &[&Path], overwrite: bool) -> Result<(), Refusal> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Refusal::Symlink),
        Ok(meta) if !meta.is_file() => Err(Refusal::NotRegular(kind_of(&meta))),
        Ok(meta) => {
            for input in inputs {
                if let Ok(m) = std::fs::metadata(input)
                    && m.dev() == meta.dev()
                    && m.ino() == meta.ino()
                {
                    return Err(Refusal::IsInput(input.to_path_buf()));
                }
            }
            use std::os::unix::fs::PermissionsExt;
            if !overwrite {
                Err(Refusal::Exists)
            } else if meta.permissions().mode() & 0o222 == 0 {
                Err(Refusal::ReadOnly)
            } else {
                Ok(())
            }
        }
        Err(_) if folder_of(target).is_dir() => Ok(()),
        Err(_) => Err(Refusal::NoFolder),
    }
}

/// The input that standard output is, when it was redirected into one of them
/// (`evaluate a.csv > a.csv`, `>> a.csv`, `1<>a.csv`): the shell has opened it already, but
/// nothing may be written over the applications being read. Linux names the file behind
/// descriptor 1 in /proc; where it cannot be looked up, standard output is not a file that
/// could be an input.
pub fn stdout_input<'a>(inputs: &[&'a Path]) -> Option<&'a Path> {
    let out = std::fs::metadata("/proc/self/fd/1").ok()?;
    if !out.is_file() {
        return None;
    }
    inputs.iter().copied().find(|input| {
        std::fs::metadata(input).is_ok_and(|m| m.dev() == out.dev() && m.ino() == out.ino())
    })
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The temporary file being written, for the interrupt handler to remove.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// On SIGINT, SIGTERM or SIGHUP: remove the temporary output file, then exit as an
/// interrupted program does (130). Installed once, before the first write.
fn remove_on_interrupt() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Failing to install (another handler exists) leaves the old behaviour: the
        // temporary file may stay after an interrupt; the output itself is never half-written.
        let _ = ctrlc::set_handler(|| {
            if let Ok(pending) = PENDING.lock()
                && let Some(path) = pending.as_ref()
            {
                let _ = std::fs::remove_file(path);
            }
            std::process::exit(130);
        });
    });
}

/// Writes `target` through a temporary file beside it and a rename: never a half-written
/// file, never a write through a link planted at the temporary name (it is created with
/// `O_EXCL` under a random name). Call [`check_target`] first; the checks are repeated just
/// before the rename so a target that became a link or a device meanwhile is not replaced.
pub fn write_atomically(
    target: &Path,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    remove_on_interrupt();
    let folder = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Mode 0666 as for any new file, which open(2) narrows by the umask (tempfile's own
    // default is a private 0600, which would surprise whoever shares the results folder).
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(folder)?;
    if let Ok(mut pending) = PENDING.lock() {
        *pending = Some(tmp.path().to_path_buf());
    }
    let result = (|| {
        // A file written again keeps its permissions (a 0600 results file stays private).
        if let Ok(meta) = std::fs::symlink_metadata(target)
            && meta.is_file()
        {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        tmp.as_file().sync_all()?;
        check_target(target, &[], overwrite)
            .map_err(|r| std::io::Error::other(format!("{}: {r}", target.display())))?;
        if overwrite {
            tmp.persist(target).map_err(|e| e.error)?;
        } else {
            tmp.persist_noclobber(target).map_err(|e| e.error)?;
        }
        // The rename is durable once the folder is synced.
        std::fs::File::open(folder)?.sync_all()
    })();
    if let Ok(mut pending) = PENDING.lock() {
        *pending = None;
    }
    result
}
