//! Everything that reaches the terminal: the [`Printer`] for messages on standard error,
//! colour decisions, progress bars, and the rendering of errors.
//!
//! Data goes to standard output through the writers the commands are given; messages,
//! warnings and progress go to standard error. Progress bars are drawn only on a terminal, and
//! never with `--quiet` or `--verbose` (which print plain lines). Colour follows `--color`:
//! `auto` colours a terminal unless `NO_COLOR` is set; nothing relies on colour alone.

#![allow(
    clippy::print_stderr,
    reason = "this module is the one place that prints messages"
)]

use std::io::IsTerminal;

use crate::cli::{ColorChoice, GlobalArgs};

/// How chatty to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Messages to standard error, and colour for standard output.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub verbosity: Verbosity,
    /// Whether standard output may carry ANSI colour.
    pub color_stdout: bool,
    /// Whether standard error may carry ANSI colour.
    pub color_stderr: bool,
    /// Whether progress bars may be drawn.
    pub progress: bool,
    /// Whether hints (what to do next) are shown: to a person at a terminal, or with
    /// `--verbose`.
    pub hints: bool,
}

impl Printer {
    pub fn new(global: &GlobalArgs, no_color_env: bool) -> Printer {
        Printer::for_terminals(
            global,
            no_color_env,
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        )
    }

    /// The decisions for given terminals: colour with `always`, never with `never`, and with
    /// `auto` on a terminal unless `NO_COLOR` is set; progress bars only on a terminal at
    /// normal verbosity (`--verbose` prints lines instead, `--quiet` nothing).
    pub fn for_terminals(
        global: &GlobalArgs,
        no_color_env: bool,
        stdout_tty: bool,
        stderr_tty: bool,
    ) -> Printer {
        let verbosity = if global.quiet {
            Verbosity::Quiet
        } else if global.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        let decide = |tty: bool| match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color_env,
        };
        Printer {
            verbosity,
            color_stdout: decide(stdout_tty),
            color_stderr: decide(stderr_tty),
            progress: stderr_tty && verbosity == Verbosity::Normal,
            hints: stderr_tty && verbosity == Verbosity::Normal || verbosity == Verbosity::Verbose,
        }
    }

    /// A `hint:` line saying what to do next, for a person (see [`Printer::hints`]).
    pub fn hint(&self, message: impl std::fmt::Display) {
        if self.hints {
            let label = paint(self.color_stderr, "36;1", "hint");
            eprintln!("{label}: {message}");
        }
    }

    /// A status line (`--quiet` hides it).
    pub fn status(&self, message: impl std::fmt::Display) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("{message}");
        }
    }

    /// Detail shown with `--verbose` only.
    pub fn detail(&self, message: impl std::fmt::Display) {
        if self.verbosity == Verbosity::Verbose {
            eprintln!("{message}");
        }
    }

    /// A warning (shown even with `--quiet`).
    pub fn warn(&self, message: impl std::fmt::Display) {
        let label = paint(self.color_stderr, "33;1", "warning");
        eprintln!("{label}: {message}");
    }

    /// Print an error and its causes on one line, and under it what to do next, if anything
    /// (shown always: an error is when a person needs it).
    pub fn error(&self, err: &anyhow::Error, hint: Option<&str>) {
        let label = paint(self.color_stderr, "31;1", "error");
        eprintln!("{label}: {}", one_line(err));
        // One `hint:` line per line of the hint.
        for line in hint.into_iter().flat_map(str::lines) {
            let label = paint(self.color_stderr, "36;1", "hint");
            eprintln!("{label}: {line}");
        }
    }

    /// A progress bar for `len` steps: hidden when not on a terminal or with `--quiet`.
    pub fn progress_bar(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        if !self.progress {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len),
            indicatif::ProgressDrawTarget::stderr(),
        );
        let style = indicatif::ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} {per_sec} eta {eta} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(what.to_owned());
        bar
    }
}

/// An error and its causes on one line: `what failed: why`, leaving out a cause whose text the
/// line already holds.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = err.to_string();
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

/// Wrap `text` in an ANSI colour when `on`.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn global(quiet: bool, verbose: bool, color: ColorChoice) -> GlobalArgs {
        GlobalArgs {
            quiet,
            verbose,
            color,
            project: None,
        }
    }

    #[test]
    fn colour_follows_the_choice_the_terminal_and_no_color() {
        let auto = global(false, false, ColorChoice::Auto);
        let p = Printer::for_terminals(&auto, false, true, false);
        assert!(p.color_stdout && !p.color_stderr);
        let p = Printer::for_terminals(&auto, true, true, true);
        assert!(
            !p.color_stdout && !p.color_stderr,
            "NO_COLOR turns auto off"
        );
        let always = global(false, false, ColorChoice::Always);
        let p = Printer::for_terminals(&always, true, false, false);
        assert!(
            p.color_stdout && p.color_stderr,
            "always beats NO_COLOR and pipes"
        );
        let never = global(false, false, ColorChoice::Never);
        let p = Printer::for_terminals(&never, false, true, true);
        assert!(!p.color_stdout && !p.color_stderr);
    }

    #[test]
    fn progress_only_on_a_terminal_at_normal_verbosity() {
        let normal = global(false, false, ColorChoice::Auto);
        assert!(Printer::for_terminals(&normal, false, false, true).progress);
        assert!(!Printer::for_terminals(&normal, false, true, false).progress);
        let quiet = global(true, false, ColorChoice::Auto);
        let p = Printer::for_terminals(&quiet, false, true, true);
        assert!(!p.progress && p.verbosity == Verbosity::Quiet);
        let verbose = global(false, true, ColorChoice::Auto);
        let p = Printer::for_terminals(&verbose, false, true, true);
        assert!(!p.progress && p.verbosity == Verbosity::Verbose);
    }

    #[test]
    fn paint_wraps_only_when_on() {
        assert_eq!(paint(false, "1", "x"), "x");
        assert_eq!(paint(true, "1", "x"), "\u{1b}[1mx\u{1b}[0m");
    }
}
