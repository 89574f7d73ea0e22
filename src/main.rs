//! `kuni`: the command line of the Kuni engine.

mod cli;

fn main() -> std::process::ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away
    // (`kuni search … | head`) instead of panicking on the broken pipe.
    sigpipe::reset();
    cli::run()
}
