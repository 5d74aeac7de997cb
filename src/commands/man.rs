//! `workbench man [COMMAND]`: print a manual page in roff, generated from the same clap
//! definitions as `--help`; `--dir` writes every page (`workbench.1`, `workbench-split.1`…).

use std::io::Write;

use clap::CommandFactory;

use super::Context;
use crate::cli::{Cli, ManArgs};

pub(crate) fn run(args: ManArgs, ctx: &Context) -> anyhow::Result<u8> {
    let ManArgs { command, dir } = args;
    let mut cli = Cli::command();
    // Building propagates the global options and names the subcommands `workbench-<name>`.
    cli.build();
    let version = cli.get_version().unwrap_or_default().to_owned();
    let page = |cmd: &clap::Command| -> anyhow::Result<Vec<u8>> {
        let mut roff = Vec::new();
        clap_mangen::Man::new(cmd.clone())
            .manual("workbench manual")
            .source(format!("workbench {version}"))
            .render(&mut roff)?;
        Ok(roff)
    };
    if let Some(dir) = dir {
        fs_err::create_dir_all(&dir)?;
        let mut commands = vec![cli.clone()];
        commands.extend(
            cli.get_subcommands()
                .filter(|c| c.get_name() != "help")
                .cloned(),
        );
        for cmd in &commands {
            let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
            let path = dir.join(format!("{name}.1"));
            crate::fs::write_atomic(&path, &page(cmd)?)?;
            ctx.printer
                .detail(format_args!("wrote `{}`", path.display()));
        }
        ctx.printer.status(format_args!(
            "Wrote {} manual pages to `{}`",
            commands.len(),
            dir.display()
        ));
        return Ok(crate::EXIT_OK);
    }
    let roff = match command {
        None => page(&cli)?,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(&name) else {
                let names: Vec<&str> = cli
                    .get_subcommands()
                    .map(clap::Command::get_name)
                    .filter(|n| *n != "help")
                    .collect();
                anyhow::bail!(
                    "no command `{name}`; the commands are: {}",
                    names.join(", ")
                );
            };
            page(sub)?
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(&roff)?;
    out.flush()?;
    Ok(crate::EXIT_OK)
}
