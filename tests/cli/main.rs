//! The command-line tests: one binary, one file per subcommand.

mod harness;

mod edit;
mod errors;
mod export_import;
mod help;
mod translate;
mod workflow;
