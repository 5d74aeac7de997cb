//! `workbench completions SHELL`: print a completion script, generated from the same clap
//! definitions as `--help`.

use std::io::Write;

use clap::CommandFactory;

use super::Context;
use crate::cli::{Cli, CompletionsArgs, Shell};

pub(crate) fn run(args: CompletionsArgs, _ctx: &Context) -> anyhow::Result<u8> {
    let CompletionsArgs { shell } = args;
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    // Generated into memory first: the generator panics on a failed write, and a closed pipe
    // must end quietly instead.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "workbench", &mut script);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(crate::EXIT_OK)
}
