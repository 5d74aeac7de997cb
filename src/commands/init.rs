//! `workbench init [DIR]`: create a project: `seeds/`, `translations/`, a glossary with an
//! example entry, the commented configuration file and a `.gitignore`.
//!
//! Nothing that exists is ever overwritten: a folder that already holds some of these (its
//! own glossary, its texts) keeps them and gets what is missing; a folder that already has a
//! configuration file is a project, and a name taken by the wrong kind of entry (a file
//! where a folder belongs) is an error: then nothing is written.

use std::io::Write;
use std::path::Path;

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
.*.tmp
translations/.*.lock
# The translation memory's cache, rebuilt whenever it is missing.
translations/.memory-index.json
# A run's batches not yet folded into their document (the next command that writes the
# document folds them in); commit the documents after a finished run.
translations/.*.journal
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
    let config_path = dir.join(config::FILE_NAME);
    if config_path.symlink_metadata().is_ok() {
        anyhow::bail!(
            "`{}` already exists: `{}` is a project already (`workbench init` never overwrites anything, and wrote nothing)",
            shown(&config_path),
            shown(&dir)
        );
    }
    // What is there already is kept, when it is what init would make.
    let mut kept = Vec::new();
    for entry in &ENTRIES {
        let path = dir.join(entry.name());
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        let fits = match entry {
            Entry::Folder(_) => meta.is_dir(),
            Entry::File(..) => meta.is_file(),
        };
        if !fits {
            anyhow::bail!(
                "`{}` exists and is not a {}: `workbench init` never overwrites anything, and wrote nothing",
                shown(&path),
                if matches!(entry, Entry::Folder(_)) {
                    "folder"
                } else {
                    "file"
                }
            );
        }
        kept.push(entry.name());
    }
    fs_err::create_dir_all(&dir)?;
    let mut created = Vec::new();
    for entry in &ENTRIES {
        if kept.contains(&entry.name()) {
            continue;
        }
        let path = dir.join(entry.name());
        match entry {
            Entry::Folder(name) => {
                fs_err::create_dir(&path)?;
                created.push(format!("{name}/"));
            }
            Entry::File(name, text) => {
                create_new(&path, text)?;
                created.push((*name).to_owned());
            }
        }
    }
    let kept_note = if kept.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = ENTRIES
            .iter()
            .filter(|e| kept.contains(&e.name()))
            .map(|e| match e {
                Entry::Folder(name) => format!("{name}/"),
                Entry::File(name, _) => (*name).to_owned(),
            })
            .collect();
        format!(" (kept the existing {})", names.join(", "))
    };
    ctx.printer.status(format_args!(
        "Created a project in `{}`: {}{kept_note}",
        shown(&dir),
        created.join(", ")
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
