//! The command-line tests: one binary, one file per subcommand.

mod harness;

mod edit;
mod errors;
mod translate;
mod translate_remote;
