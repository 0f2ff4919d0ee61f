use clap::Parser;

// A million small records and outcomes are allocated and freed from both cores; mimalloc's
// per-thread heaps do that without the system allocator's lock contention.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    fundpolicy::cli::run(fundpolicy::cli::Cli::parse())
}
