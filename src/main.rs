//! The `workbench` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    workbench::main(workbench::cli::Cli::parse())
}
