//! `workbench status` (not yet built).

use super::Context;
use crate::cli::StatusArgs;

pub(crate) fn run(_args: StatusArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench status` is not built yet")
}
