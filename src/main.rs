//! The `fundpolicy` binary: the command line (`cli`, binary-only) over the library's `api`.

mod cli;

use std::io::ErrorKind;

// A million small records and outcomes are allocated and freed from both cores; mimalloc's
// per-thread heaps do that without the system allocator's lock contention. Its `no_thp`
// feature (Cargo.toml) keeps it from asking for transparent huge pages: memory it purges
// and reuses was refaulted 2 MB at a time, and zeroing those pages was over half the
// run's system time on a 1M-row batch.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::panic::set_hook(Box::new(last_resort));
    cli::run(cli::parse())
}

/// What a panic prints instead of Rust's message and backtrace. `print!` panics when standard
/// output is closed or full: a reader that stopped reading (`| head -1`) ends the run quietly
/// with success, as other Unix tools do; any other failure to write (`> /dev/full`) is one
/// line and exit 1, like an unusable output file. Anything else is a bug: one line saying
/// where, exit 101.
fn last_resort(info: &std::panic::PanicHookInfo<'_>) {
    let message = info
        .payload()
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| info.payload().downcast_ref::<&str>().copied())
        .map(str::to_string)
        .unwrap_or_else(|| fundpolicy::msg!("cli-no-message"));
    if let Some(cause) = message.strip_prefix("failed printing to stdout: ") {
        if cause.contains(&std::io::Error::from(ErrorKind::BrokenPipe).to_string())
            || cause.contains("os error 32")
        {
            std::process::exit(0);
        }
        fundpolicy::neutral::line_to_stderr(&cli::stdout_unwritable(&cause));
        std::process::exit(i32::from(cli::EXIT_UNUSABLE));
    }
    let text = match info.location() {
        Some(l) => fundpolicy::msg!(
            "cli-internal-error-at",
            message = message,
            place = format!("{}:{}", l.file(), l.line())
        ),
        None => fundpolicy::msg!("cli-internal-error", message = message),
    };
    fundpolicy::neutral::line_to_stderr(&text);
}
