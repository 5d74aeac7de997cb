//! `workbench completions` (not yet built).

use super::Context;
use crate::cli::CompletionsArgs;

pub(crate) fn run(_args: CompletionsArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench completions` is not built yet")
}
