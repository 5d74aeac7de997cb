//! workbench: a command-line translation and alignment workbench for Arabic news into English.
//!
//! The binary parses its arguments into [`cli::Cli`] and calls [`main`]; every subcommand lives
//! in `commands/` and calls the domain modules (`segment`, `glossary`, `translate`, `memory`,
//! `align`, `store`, `review`, `diff`, `config`), which never print, exit or read the environment.
//! Text, display and file primitives live in `text`, `display` and `fs`, named by concept.

pub mod align;
pub mod cli;
pub mod codes;
mod commands;
pub mod config;
pub mod diff;
pub mod display;
pub mod document;
pub mod formats;
pub mod fs;
pub mod glossary;
pub mod memory;
pub mod output;
pub mod review;
pub mod segment;
pub mod serve;
pub mod source;
pub mod store;
pub mod text;
pub mod translate;

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
///
/// A closed standard output (`workbench review … | head`) ends the run quietly with 0, as it
/// does for other Unix tools. Ctrl-C ends it with 130, except in commands that handle it
/// themselves to finish what they are writing (`translate`, `serve`).
pub fn main(cli: cli::Cli) -> ExitCode {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let printer = output::Printer::new(&cli.global, no_color);
    if !matches!(
        cli.command,
        cli::Command::Translate(_) | cli::Command::Serve(_)
    ) {
        exit_on_interrupt();
    }
    match commands::dispatch(cli, printer) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            printer.error(&err, commands::hint_for(&err).as_deref());
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Whether the error is a write to a reader that went away.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}

/// Exit with [`EXIT_INTERRUPTED`] on Ctrl-C, from a thread that waits for it.
fn exit_on_interrupt() {
    let waiter = std::thread::Builder::new().name("ctrl-c".into()).spawn(|| {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        if runtime.block_on(tokio::signal::ctrl_c()).is_ok() {
            #[allow(
                clippy::exit,
                reason = "Ctrl-C ends the process with its own exit code"
            )]
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
    // Without the waiter, Ctrl-C still stops the process: by the signal, not with 130.
    drop(waiter);
}
