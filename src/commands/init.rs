//! `workbench init [DIR]`: create a project: `seeds/`, `translations/`, a glossary with an
//! example entry, the commented configuration file and a `.gitignore`.
//!
//! Nothing that exists is ever overwritten: when any of these is already there, the command
//! names it, writes nothing and fails.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::Context;
use crate::cli::InitArgs;
use crate::config;

/// The glossary a new project starts with: the format explained, and one example entry.
const GLOSSARY: &str = "\
# Project glossary: the one English rendering every translation must use for a name.
#
# One entry per term under `terms:`:
#   arabic:   the Arabic forms, a list: every spelling in use (variants, known misspellings)
#   english:  the rendering
#   kind:     person, place, organisation, title or term (optional)
#   note:     free text for translators (optional)
#   forbidden: renderings the house style rejects (optional list)
#   do_not_translate: true keeps the Arabic form (optional)
#
# The entry below is an example: keep it, change it or delete it.
terms:
  - arabic:
      - دمشق
    english: Damascus
    kind: place
    note: Capital of Syria.
";

/// What a project's repository should not track.
const GITIGNORE: &str = "\
# Half-written files and locks left by an interrupted or killed workbench run.
.workbench-*.tmp
translations/.*.lock
# The translation memory's cache, rebuilt whenever it is missing.
translations/.memory-index.json
translations/.*.tmp
# API keys live in the environment; a file that sets them must never be committed.
.env
.env.*
";

/// One thing `init` creates.
enum Entry {
    Folder(&'static str),
    File(&'static str, &'static str),
}

impl Entry {
    fn name(&self) -> &'static str {
        match self {
            Entry::Folder(name) | Entry::File(name, _) => name,
        }
    }
}

const ENTRIES: [Entry; 5] = [
    Entry::Folder("seeds"),
    Entry::Folder("translations"),
    Entry::File("glossary.yaml", GLOSSARY),
    Entry::File(config::FILE_NAME, config::TEMPLATE),
    Entry::File(".gitignore", GITIGNORE),
];

pub(crate) fn run(args: InitArgs, ctx: &Context) -> anyhow::Result<u8> {
    let InitArgs { dir } = args;
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("{}: exists and is not a folder", dir.display());
    }
    let existing: Vec<PathBuf> = ENTRIES
        .iter()
        .map(|e| dir.join(e.name()))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        let names: Vec<String> = existing.iter().map(|p| format!("`{}`", shown(p))).collect();
        anyhow::bail!(
            "{} already {}: `workbench init` never overwrites anything, and wrote nothing",
            names.join(", "),
            if names.len() == 1 { "exists" } else { "exist" }
        );
    }
    fs_err::create_dir_all(&dir)?;
    for entry in &ENTRIES {
        let path = dir.join(entry.name());
        match entry {
            Entry::Folder(_) => fs_err::create_dir(&path)?,
            Entry::File(_, text) => create_new(&path, text)?,
        }
    }
    ctx.printer.status(format_args!(
        "Created a project in `{}`: seeds/, translations/, glossary.yaml, {}, .gitignore",
        shown(&dir),
        config::FILE_NAME
    ));
    ctx.printer.status(format_args!(
        "Next: put an Arabic text in seeds/ and run `workbench translate seeds/<file>.txt`"
    ));
    Ok(crate::EXIT_OK)
}

/// Write a new file, failing if it appeared in the meantime.
fn create_new(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = fs_err::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

/// `./x` as `x`; the current folder as `.`.
fn shown(path: &Path) -> String {
    let s = path.display().to_string();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if s.is_empty() {
        ".".to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;

    #[test]
    fn the_glossary_parses() {
        let g = Glossary::parse(GLOSSARY, Path::new("glossary.yaml")).unwrap();
        assert_eq!(g.terms().len(), 1);
        assert_eq!(g.terms()[0].english, "Damascus");
    }
}
