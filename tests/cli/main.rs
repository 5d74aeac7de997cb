//! The command-line tests: one binary, one file per subcommand.

mod harness;

mod align;
mod build;
mod diff;
mod documents;
mod edit;
mod errors;
mod export_import;
mod glossary;
mod help;
mod reliability;
mod review;
mod translate;
mod translate_remote;
mod workflow;
