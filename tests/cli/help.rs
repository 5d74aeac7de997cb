//! `--help` of `workbench` and of every subcommand, snapshotted: any change to the command
//! line shows up in review.

use clap::CommandFactory;

use crate::harness::Project;

/// `workbench ARGS --help` at a fixed width.
fn help(p: &Project, args: &[&str]) -> String {
    let output = p
        .cmd(args)
        .arg("--help")
        .env("COLUMNS", "100")
        .output()
        .expect("run workbench");
    p.render(&output)
}

#[test]
fn help_top_level() {
    let p = Project::empty();
    insta::assert_snapshot!("help_top_level", help(&p, &[]));
}

#[test]
fn help_every_subcommand() {
    let p = Project::empty();
    let cli = workbench::cli::Cli::command();
    let names: Vec<&str> = cli.get_subcommands().map(clap::Command::get_name).collect();
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let out = help(&p, &[name]);
        assert!(out.starts_with("exit_code: 0\n"), "{name}: {out}");
        assert!(
            out.contains("Example"),
            "`workbench {name} --help` shows no example"
        );
        insta::assert_snapshot!(format!("help_{name}"), out);
    }
}
