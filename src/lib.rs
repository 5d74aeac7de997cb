//! workbench: a command-line translation and alignment workbench for Arabic news into English.
//!
//! The binary parses its arguments into [`cli::Cli`] and calls [`main`]; every subcommand lives
//! in `commands/` and calls the domain modules (`segment`, `glossary`, `translate`, `align`,
//! `store`, `review`, `diff`), which never print, exit or read the environment.

pub mod cli;
mod commands;
pub mod diff;
pub mod formats;

pub mod output;
pub mod review;
pub mod source;
pub mod store;
pub mod translate;

#[path = "interim/align.rs"]
pub mod align;
#[path = "interim/glossary.rs"]
pub mod glossary;
#[path = "interim/segment.rs"]
pub mod segment;

use std::process::ExitCode;

/// Success, no findings, no differences.
pub const EXIT_OK: u8 = 0;
/// Findings at or above the threshold, or differences.
pub const EXIT_FINDINGS: u8 = 1;
/// Any error: bad input, bad options, a failed request.
pub const EXIT_ERROR: u8 = 2;
/// Interrupted by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Run the parsed command line and return the process exit code.
pub fn main(cli: cli::Cli) -> ExitCode {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let printer = output::Printer::new(&cli.global, no_color);
    match commands::dispatch(cli, printer) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            printer.error(&err);
            ExitCode::from(EXIT_ERROR)
        }
    }
}
