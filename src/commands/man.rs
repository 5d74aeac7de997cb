//! `workbench man` (not yet built).

use super::Context;
use crate::cli::ManArgs;

pub(crate) fn run(_args: ManArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench man` is not built yet")
}
