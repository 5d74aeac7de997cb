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
mod split;
mod status;
mod translate;

pub(crate) use context::Context;

use crate::cli::{Cli, Command};
use crate::output::Printer;

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
        Command::Memory(args) => memory::run(args, &ctx),
        Command::Analyze(args) => analyze::run(args, &ctx),
        Command::Search(args) => search::run(args, &ctx),
    }
}
