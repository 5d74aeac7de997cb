//! The command-line tests: one binary, one file per subcommand.

mod harness;

mod diff;
mod edit;
mod errors;
mod review;
mod translate;
