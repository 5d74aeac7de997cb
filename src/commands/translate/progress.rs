//! Progress while requests run: a bar on a terminal, a plain line every few seconds
//! otherwise, nothing with `--quiet`; retries and split batches in detail with `--verbose`.

use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::commands::Context;
use crate::output::{Printer, Verbosity};
use crate::translate::Event;

/// Shows how far a pass over the pool has come.
pub(super) struct Reporter {
    bar: ProgressBar,
    plain: bool,
    verbose: bool,
    printer: Printer,
    total: u64,
    done: u64,
    retries: u64,
    what: String,
    last_line: Instant,
}

impl Reporter {
    pub(super) fn new(ctx: &Context, total: u64, backend: &str) -> Reporter {
        let printer = ctx.printer;
        let what = format!("translate ({backend})");
        Reporter {
            bar: printer.progress_bar(total, &what),
            plain: !printer.progress && printer.verbosity != Verbosity::Quiet,
            verbose: printer.verbosity == Verbosity::Verbose,
            printer,
            total,
            done: 0,
            retries: 0,
            what,
            last_line: Instant::now(),
        }
    }

    /// Start over for another pass of `total` units, named `what`.
    pub(super) fn restart(&mut self, total: u64, what: &str) {
        self.bar.finish_and_clear();
        self.bar = self.printer.progress_bar(total, what);
        self.total = total;
        self.done = 0;
        self.what = what.to_owned();
    }

    pub(super) fn event(&mut self, event: &Event) {
        match event {
            Event::Stored { units } => {
                self.done += *units as u64;
                self.bar.inc(*units as u64);
                if self.plain && self.last_line.elapsed() >= Duration::from_secs(10) {
                    self.last_line = Instant::now();
                    self.printer.status(format_args!(
                        "{}: {}/{} segments, {} retries",
                        self.what, self.done, self.total, self.retries
                    ));
                }
            }
            Event::Retry {
                first,
                attempt,
                delay,
                reason,
            } => {
                self.retries += 1;
                self.bar.set_message(format!("{} retries", self.retries));
                if self.verbose {
                    self.bar.suspend(|| {
                        self.printer.detail(format_args!(
                            "retry {attempt} of the batch at unit {first} after {reason}, in {:.1} s",
                            delay.as_secs_f64()
                        ));
                    });
                }
            }
            Event::Missing { first, missing } => {
                if self.verbose {
                    self.bar.suspend(|| {
                        self.printer.detail(format_args!(
                            "the answer for the batch at unit {first} left out {missing} segment(s): asking again for those only"
                        ));
                    });
                }
            }
            Event::Split {
                first,
                size,
                reason,
            } => {
                if self.verbose {
                    self.bar.suspend(|| {
                        self.printer.detail(format_args!(
                            "splitting the batch of {size} at unit {first} after {reason}"
                        ));
                    });
                }
            }
        }
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
