//! `workbench import` (not yet built).

use super::Context;
use crate::cli::ImportArgs;

pub(crate) fn run(_args: ImportArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench import` is not built yet")
}
