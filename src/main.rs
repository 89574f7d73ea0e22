//! `kuni`: the command line of the Kuni engine.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
