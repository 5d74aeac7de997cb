//! The command-line tests: one binary, one file per subcommand.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers as well as tests: a failed unwrap is a failed test"
)]

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
mod memory;
mod reliability;
mod review;
mod serve;
mod translate;
mod translate_remote;
mod trust;
mod workflow;
