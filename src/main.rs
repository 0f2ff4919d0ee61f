use clap::Parser;

// A million small records and outcomes are allocated and freed from both cores; mimalloc's
// per-thread heaps do that without the system allocator's lock contention. Its `no_thp`
// feature (Cargo.toml) keeps it from asking for transparent huge pages: memory it purges
// and reuses was refaulted 2 MB at a time, and zeroing those pages was over half the
// run's system time on a 1M-row batch.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    fundpolicy::cli::run(fundpolicy::cli::Cli::parse())
}
