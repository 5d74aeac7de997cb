//! What every command needs: the printer, the project (its layout and configuration), where
//! the user stands, and the clock.
//!
//! The project is found as git finds a repository: from the current folder upwards, the first
//! folder holding `workbench.yaml` or `glossary.yaml` is the root; `--project DIR` overrides
//! that. Its `workbench.yaml`, when there is one, is loaded and validated here, once, so that
//! every command sees the same settings in `ctx.config`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::GlobalArgs;
use crate::config::{self, Config};
use crate::output::Printer;
use crate::store::{self, Layout};

pub(crate) struct Context {
    pub printer: Printer,
    pub layout: Layout,
    /// The project's settings (the defaults when it has no `workbench.yaml`).
    pub config: Config,
    /// The configuration file that was loaded, if any.
    pub config_path: Option<PathBuf>,
    /// Where the user stands (for relative paths in messages).
    pub cwd: PathBuf,
    /// Whether a project was found (or given by `--project`); else the root is the current
    /// folder.
    pub project_found: bool,
    /// Now, as RFC 3339 UTC; fixed by `SOURCE_DATE_EPOCH` for reproducible files.
    pub now: String,
}

impl Context {
    pub(crate) fn new(global: &GlobalArgs, printer: Printer) -> anyhow::Result<Context> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let (root, how, project_found) = match &global.project {
            Some(dir) => {
                if !dir.is_dir() {
                    anyhow::bail!("{}: the project folder does not exist", dir.display());
                }
                (dir.clone(), "given by --project", true)
            }
            None => match discover_root(&cwd) {
                Some(root) => (root, "found upwards", true),
                None => (
                    cwd.clone(),
                    "the current folder: no project file found upwards",
                    false,
                ),
            },
        };
        let mut ctx = Context {
            printer,
            layout: Layout::new(root),
            config: Config::default(),
            config_path: None,
            cwd,
            project_found,
            now: now()?,
        };
        ctx.printer.detail(format_args!(
            "project: `{}` ({how})",
            ctx.show_dir(&ctx.layout.root)
        ));
        let path = ctx.layout.root.join(config::FILE_NAME);
        if path.is_file() {
            let shown = PathBuf::from(ctx.show(&path));
            let text = super::document::read_at_most(&path, &shown, config::MAX_CONFIG_BYTES)?;
            let text = String::from_utf8(text).map_err(|e| config::Error::Encoding {
                path: shown.clone(),
                at: e.utf8_error().valid_up_to(),
            })?;
            ctx.config = Config::parse(&text, &shown)?;
            ctx.printer
                .detail(format_args!("configuration: `{}`", shown.display()));
            ctx.config_path = Some(path);
        } else {
            ctx.printer
                .detail("configuration: the defaults (no workbench.yaml)");
        }
        Ok(ctx)
    }

    /// A path as the user should see it: relative to where they stand when it is below them
    /// or elsewhere in the same project (`../translations/a.yaml`), as given otherwise.
    pub(crate) fn show(&self, path: &Path) -> String {
        if path.is_relative() {
            return path.display().to_string();
        }
        if let Ok(below) = path.strip_prefix(&self.cwd) {
            return below.display().to_string();
        }
        let root = crate::fs::lexical_absolute(&self.layout.root, &self.cwd);
        if let (Ok(rest), Ok(up)) = (path.strip_prefix(&root), self.cwd.strip_prefix(&root)) {
            let mut out = PathBuf::new();
            for _ in up.components() {
                out.push("..");
            }
            if !rest.as_os_str().is_empty() {
                out.push(rest);
            }
            return out.display().to_string();
        }
        path.display().to_string()
    }

    /// The project's source and target languages (`languages` in `workbench.yaml`).
    pub(crate) fn languages(&self) -> [&str; 2] {
        [
            self.config.languages.source.as_str(),
            self.config.languages.target.as_str(),
        ]
    }

    /// `path` as a document records it: relative to the project root (see
    /// [`store::project_path`]).
    pub(crate) fn project_path(&self, path: &Path) -> String {
        store::project_path(&self.layout.root, &self.cwd, path)
    }

    /// Like [`Context::show`], but the folder the user stands in is `.`.
    fn show_dir(&self, dir: &Path) -> String {
        let shown = self.show(dir);
        if shown.is_empty() {
            ".".to_owned()
        } else {
            shown
        }
    }
}

/// The nearest folder upwards holding `workbench.yaml` or `glossary.yaml`.
fn discover_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(config::FILE_NAME).is_file() || dir.join("glossary.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Now, as RFC 3339 UTC (fixed by `SOURCE_DATE_EPOCH`).
pub(crate) fn now() -> anyhow::Result<String> {
    let at = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v.trim().parse().with_context(|| {
                format!("SOURCE_DATE_EPOCH=`{v}` is not a whole number of seconds")
            })?;
            time::OffsetDateTime::from_unix_timestamp(secs)
                .with_context(|| format!("SOURCE_DATE_EPOCH=`{v}` is out of range"))?
        }
        Err(_) => time::OffsetDateTime::now_utc(),
    };
    let at = at.replace_nanosecond(0).unwrap_or(at);
    Ok(at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default())
}
