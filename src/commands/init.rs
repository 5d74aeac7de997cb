//! `workbench init` (not yet built).

use super::Context;
use crate::cli::InitArgs;

pub(crate) fn run(_args: InitArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench init` is not built yet")
}
