//! What every command needs: the printer, the project layout, the clock.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::GlobalArgs;
use crate::output::Printer;
use crate::store::Layout;

pub(crate) struct Context {
    pub printer: Printer,
    pub layout: Layout,
    /// Where the user stands (for relative paths in messages).
    pub cwd: PathBuf,
    /// Now, as RFC 3339 UTC; fixed by `SOURCE_DATE_EPOCH` for reproducible files.
    pub now: String,
}

impl Context {
    pub fn new(global: &GlobalArgs, printer: Printer) -> anyhow::Result<Context> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let root = match &global.project {
            Some(dir) => {
                if !dir.is_dir() {
                    anyhow::bail!("{}: the project folder does not exist", dir.display());
                }
                dir.clone()
            }
            None => discover_root(&cwd).unwrap_or_else(|| cwd.clone()),
        };
        Ok(Context {
            printer,
            layout: Layout::new(root),
            cwd,
            now: now()?,
        })
    }

    /// A path as the user should see it: relative to where they stand when it is below.
    pub fn show(&self, path: &Path) -> String {
        path.strip_prefix(&self.cwd)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// The nearest folder upwards holding `workbench.yaml` or `glossary.yaml`.
fn discover_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("workbench.yaml").is_file() || dir.join("glossary.yaml").is_file())
        .map(Path::to_path_buf)
}

fn now() -> anyhow::Result<String> {
    let at = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => {
            let secs: i64 = v
                .trim()
                .parse()
                .with_context(|| format!("SOURCE_DATE_EPOCH=`{v}` is not a whole number of seconds"))?;
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
