//! The test harness: a temporary project, a `workbench` command in it, and one place that
//! renders a run (exit code, stdout, stderr) for exact comparison or snapshots.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The seed article, copied into every project that needs it.
pub(crate) const SEED_NAME: &str = "syria-homs-lavrov-2012";
pub(crate) const SEED: &str = include_str!("../../seeds/syria-homs-lavrov-2012.txt");
pub(crate) const GLOSSARY: &str = include_str!("../../glossary.yaml");

/// A fixed clock for reproducible files.
pub(crate) const EPOCH: &str = "1767225600";

/// Environment variables of ours that must never leak from the developer's shell into a test.
const CLEARED: &[&str] = &[
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "DEEPL_AUTH_KEY",
    "DEEPL_API_KEY",
    "DEEPL_API_URL",
    "LIBRETRANSLATE_URL",
    "LIBRETRANSLATE_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_TRANSLATE_URL",
    "NO_COLOR",
    "EDITOR",
    "VISUAL",
];

/// A temporary project folder.
pub(crate) struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// An empty folder.
    pub(crate) fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A project with the seed article in `seeds/` and the project glossary.
    pub(crate) fn with_seed() -> Project {
        let p = Project::empty();
        p.write(&format!("seeds/{SEED_NAME}.txt"), SEED);
        p.write("glossary.yaml", GLOSSARY);
        p
    }

    /// A project with the seed, its glossary and its stub translation (revision 1).
    pub(crate) fn with_stub_translation() -> Project {
        let p = Project::with_seed();
        p.cmd(&[
            "translate",
            &format!("seeds/{SEED_NAME}.txt"),
            "--backend",
            "stub",
        ])
        .assert()
        .success();
        p
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            fs_err::create_dir_all(parent).expect("mkdir");
        }
        fs_err::write(path, content).expect("write");
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs_err::read_to_string(self.join(rel)).expect("read")
    }

    /// `workbench ARGS` run in the project folder, with a clean environment.
    pub(crate) fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd(args))
    }

    /// The same as a plain [`std::process::Command`], for a run that is spawned and then
    /// waited for, interrupted or killed.
    pub(crate) fn std_cmd(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("workbench"));
        cmd.current_dir(self.path());
        for var in CLEARED {
            cmd.env_remove(var);
        }
        cmd.env("SOURCE_DATE_EPOCH", EPOCH);
        cmd.args(args);
        cmd
    }

    /// Run and render the outcome, with the project path replaced by `[PROJECT]`.
    pub(crate) fn run(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().expect("run workbench");
        self.render(&output)
    }

    pub(crate) fn render(&self, output: &Output) -> String {
        let text = render(output);
        let dir = self.path().to_string_lossy().into_owned();
        let text = text.replace(&dir, "[PROJECT]");
        match self.path().canonicalize() {
            Ok(canon) => text.replace(&*canon.to_string_lossy(), "[PROJECT]"),
            Err(_) => text,
        }
    }
}

/// `exit_code`, stdout and stderr in one string.
pub(crate) fn render(output: &Output) -> String {
    format!(
        "exit_code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The rendering of a run with an exact expectation.
pub(crate) fn expect(code: i32, stdout: &str, stderr: &str) -> String {
    format!("exit_code: {code}\n----- stdout -----\n{stdout}----- stderr -----\n{stderr}")
}

/// A test whose tool is missing: under CI (`CI=true`) it fails, since CI installs every tool
/// the tests use; elsewhere it is skipped, saying so and how to install the tool.
#[allow(clippy::print_stderr, reason = "a skipped test says why")]
pub(crate) fn missing_tool(what: &str, install: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{what} is missing under CI, which installs it ({install}): the test cannot pass by skipping"
    );
    eprintln!("skipped: {what} is missing (install it with `{install}`)");
}
