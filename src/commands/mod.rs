//! Glue between the command line and the domain: one file per subcommand.

mod align;
mod analyze;
mod build;
mod completions;
mod context;
mod diff;
mod document;
mod edit;
mod export;
mod glossary;
mod import;
mod init;
mod man;
mod memory;
mod review;
mod search;
mod serve;
mod split;
mod status;
mod translate;

pub(crate) use context::Context;

use crate::cli::{Cli, Command};
use crate::output::Printer;

/// An error of a command's own, with what to do next (see [`hint_for`]).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Hinted {
    message: String,
    hint: String,
}

/// An error saying `message`, with `hint` shown under it.
pub(crate) fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    Hinted {
        message: message.into(),
        hint: hint.into(),
    }
    .into()
}

/// What to do next about `err`: the hint of the first error in its chain that has one. Hints
/// are data on the domain's errors (their `hint` methods), kept out of the one-line message.
pub(crate) fn hint_for(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<Hinted>() {
            Some(e.hint.clone())
        } else if let Some(e) = cause.downcast_ref::<crate::config::Error>() {
            e.hint()
        } else if let Some(e) = cause.downcast_ref::<crate::source::Error>() {
            e.hint()
        } else if let Some(e) = cause.downcast_ref::<crate::document::Error>() {
            e.hint()
        } else {
            None
        }
    })
}

/// Run one subcommand; the result is the exit code.
pub(crate) fn dispatch(cli: Cli, printer: Printer) -> anyhow::Result<u8> {
    let ctx = Context::new(&cli.global, printer)?;
    match cli.command {
        Command::Split(args) => split::run(args, &ctx),
        Command::Translate(args) => translate::run(args, &ctx),
        Command::Align(args) => align::run(args, &ctx),
        Command::Build(args) => build::run(args, &ctx),
        Command::Review(args) => review::run(args, &ctx),
        Command::Diff(args) => diff::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::Glossary(args) => glossary::run(args, &ctx),
        Command::Init(args) => init::run(args, &ctx),
        Command::Status(args) => status::run(args, &ctx),
        Command::Completions(args) => completions::run(args, &ctx),
        Command::Man(args) => man::run(args, &ctx),
        Command::Edit(args) => edit::run(args, &ctx),
        Command::Serve(args) => serve::run(args, &ctx),
        Command::Memory(args) => memory::run(args, &ctx),
        Command::Analyze(args) => analyze::run(args, &ctx),
        Command::Search(args) => search::run(args, &ctx),
    }
}
