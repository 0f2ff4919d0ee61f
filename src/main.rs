use clap::Parser;

fn main() -> std::process::ExitCode {
    fundpolicy::cli::run(fundpolicy::cli::Cli::parse())
}
