//! `workbench export` (not yet built).

use super::Context;
use crate::cli::ExportArgs;

pub(crate) fn run(_args: ExportArgs, _ctx: &Context) -> anyhow::Result<u8> {
    anyhow::bail!("`workbench export` is not built yet")
}
