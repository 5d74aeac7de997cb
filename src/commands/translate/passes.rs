//! One pass over a pool of units: the engine, the async runtime and the request options
//! every pass shares, Ctrl-C, and the counts of passes added up.

use std::sync::Arc;

use anyhow::Context as _;
use tokio::runtime::Runtime;

use super::progress::Reporter;
use crate::store::WriteError;
use crate::translate::{
    self, Outcome, RunOptions, SinkError, Stats, Translation, Translator, Unit,
};

/// The engine, the runtime and the request options: what every pass over a pool shares.
pub(super) struct Passes<T> {
    engine: Arc<T>,
    runtime: Runtime,
    options: RunOptions,
}

impl<T: Translator + Send + Sync + 'static> Passes<T> {
    pub(super) fn new(engine: Arc<T>, options: RunOptions) -> anyhow::Result<Passes<T>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        Ok(Passes {
            engine,
            runtime,
            options,
        })
    }

    /// Send `units`, reporting progress and handing each finished batch to `store`, until
    /// done, stopped by an error, or interrupted.
    pub(super) fn run(
        &self,
        units: Vec<Unit>,
        reporter: &mut Reporter,
        mut store: impl FnMut(Vec<Translation>) -> Result<(), WriteError>,
    ) -> Result<Outcome, translate::Error> {
        self.runtime.block_on(translate::run(
            Arc::clone(&self.engine),
            units,
            self.options,
            interrupt(),
            |e| reporter.event(e),
            move |batch| store(batch).map_err(SinkError::from),
        ))
    }
}

/// Ctrl-C: completes on the first interrupt; never, when no handler can be installed.
async fn interrupt() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// The counts of two passes together.
pub(super) fn add(a: Stats, b: Stats) -> Stats {
    a.plus(b)
}
