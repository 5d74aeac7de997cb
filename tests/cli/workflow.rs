//! The daily workflow: `init`, the configuration file, `status`, project discovery from a
//! subfolder, shell integration (`completions`, `man`) and the process conventions (closed
//! pipes, Ctrl-C, `--quiet`, `--verbose`, `--color`).

use std::process::Command;

use crate::harness::{Project, SEED, SEED_NAME, expect};

const INIT_MESSAGE: &str = "\
Created a project in `.`: seeds/, translations/, glossary.yaml, workbench.yaml, .gitignore
Next: put an Arabic text in seeds/ and run `workbench translate seeds/<file>.txt`
";

/// A project made by `workbench init`, with the seed article in `seeds/`.
fn initialised() -> Project {
    let p = Project::empty();
    assert_eq!(p.run(&["init"]), expect(0, "", INIT_MESSAGE));
    p.write(&format!("seeds/{SEED_NAME}.txt"), SEED);
    p
}

/// `workbench ARGS` run from the folder `rel` inside the project.
fn run_in(p: &Project, rel: &str, args: &[&str]) -> String {
    fs_err::create_dir_all(p.join(rel)).expect("mkdir");
    let output = p
        .cmd(args)
        .current_dir(p.join(rel))
        .output()
        .expect("run workbench");
    p.render(&output)
}

fn json_of(rendered: &str) -> serde_json::Value {
    let stdout = rendered
        .split("----- stdout -----\n")
        .nth(1)
        .and_then(|s| s.split("----- stderr -----\n").next())
        .expect("stdout");
    serde_json::from_str(stdout).expect("JSON on stdout")
}

#[test]
fn init_creates_a_project() {
    let p = initialised();
    for dir in ["seeds", "translations"] {
        assert!(p.join(dir).is_dir(), "{dir}");
    }
    assert!(p.read("workbench.yaml").contains("min_confidence: 0.5"));
    assert!(p.read("glossary.yaml").contains("english: Damascus"));
    assert!(p.read(".gitignore").contains(".env"));
    // Into a named folder, which is created.
    let out = p.run(&["init", "sub/project"]);
    assert_eq!(
        out,
        expect(0, "", &INIT_MESSAGE.replace("in `.`", "in `sub/project`"))
    );
    assert!(p.join("sub/project/workbench.yaml").is_file());
}

#[test]
fn init_then_translate_then_status_from_a_subfolder() {
    let p = initialised();
    let seed = format!("seeds/{SEED_NAME}.txt");
    let out = p.run(&["translate", &seed, "--backend", "stub"]);
    assert!(
        out.starts_with("exit_code: 0\n----- stdout -----\n----- stderr -----\n"),
        "{out}"
    );
    let doc = format!("translations/{SEED_NAME}.yaml");
    p.cmd(&[
        "edit",
        &doc,
        "3",
        "--target",
        "Activists said tanks entered.",
        "--state",
        "reviewed",
    ])
    .assert()
    .success();

    let human = run_in(&p, "notes/today", &["status"]);
    insta::assert_snapshot!("status_human_from_subfolder", human);

    let out = run_in(&p, "notes", &["status", "--format", "json"]);
    assert!(out.ends_with("----- stderr -----\n"), "{out}");
    let json = json_of(&out);
    let d = &json["documents"][0];
    assert_eq!(d["document"], SEED_NAME);
    assert_eq!(d["path"], format!("../{doc}"));
    assert_eq!(d["segments"], 42);
    let states = &d["states"];
    assert_eq!(states["new"], 0);
    assert_eq!(states["draft"], 41);
    assert_eq!(states["reviewed"], 1);
    assert_eq!(states["approved"], 0);
    assert_eq!(states["stale"], 0);
    assert_eq!(d["last_revision"]["number"], 2);
    assert_eq!(d["last_revision"]["action"], "edit");
    assert_eq!(d["source"], "current");
    assert_eq!(json["totals"]["documents"], 1);
    assert_eq!(json["totals"]["states"]["draft"], 41);
    assert_eq!(json["totals"]["sources_changed"], 0);
}

#[test]
fn translate_from_a_subfolder_finds_the_project() {
    let p = initialised();
    let out = run_in(
        &p,
        "notes",
        &["translate", &format!("../seeds/{SEED_NAME}.txt")],
    );
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    assert!(p.join(&format!("translations/{SEED_NAME}.yaml")).is_file());
    assert!(!p.join("notes/translations").exists());
}

#[test]
fn status_flags_a_changed_source() {
    let p = initialised();
    p.cmd(&["translate", &format!("seeds/{SEED_NAME}.txt")])
        .assert()
        .success();
    p.write(
        &format!("seeds/{SEED_NAME}.txt"),
        format!("{SEED}\nسطر جديد.\n"),
    );
    let out = p.run(&["status"]);
    assert!(
        out.contains(&format!(
            "  source    seeds/{SEED_NAME}.txt changed since it was translated: run \
             `workbench translate seeds/{SEED_NAME}.txt` to bring it up to date\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("  sources   1 changed or missing since translated\n"),
        "{out}"
    );
    let json = json_of(&p.run(&["status", "--format", "json"]));
    assert_eq!(json["documents"][0]["source"], "changed");
    assert_eq!(json["totals"]["sources_changed"], 1);
}

#[test]
fn status_of_an_empty_project() {
    let p = initialised();
    assert_eq!(
        p.run(&["status"]),
        expect(
            0,
            "No documents in `translations` yet: start with `workbench translate seeds/<file>.txt`.\n",
            ""
        )
    );
    let json = json_of(&p.run(&["status", "--format", "json"]));
    assert_eq!(json["documents"], serde_json::json!([]));
    assert_eq!(json["totals"]["segments"], 0);
}

#[test]
fn project_option_overrides_discovery() {
    let p = initialised();
    p.cmd(&["translate", &format!("seeds/{SEED_NAME}.txt")])
        .assert()
        .success();
    let elsewhere = Project::empty();
    let root = p.path().to_string_lossy().into_owned();
    let output = elsewhere
        .cmd(&["--project", &root, "status", "--format", "json"])
        .output()
        .expect("run");
    let out = p.render(&output);
    let json = json_of(&out);
    assert_eq!(json["totals"]["segments"], 42);
    assert_eq!(
        json["documents"][0]["path"],
        format!("[PROJECT]/translations/{SEED_NAME}.yaml")
    );
    let out = elsewhere.run(&["--project", "nowhere", "status"]);
    assert_eq!(
        out,
        expect(2, "", "error: nowhere: the project folder does not exist\n")
    );
}

#[test]
fn init_adds_what_is_missing_and_never_overwrites() {
    // A folder with its own glossary and texts keeps them and gets the rest.
    let p = Project::empty();
    p.write("glossary.yaml", "terms: []\n");
    p.write("seeds/a.txt", "نص.");
    let out = p.run(&["init"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "Created a project in `.`: translations/, workbench.yaml, .gitignore (kept the existing seeds/, glossary.yaml)\n\
             Next: put an Arabic text in seeds/ and run `workbench translate seeds/<file>.txt`\n"
        )
    );
    assert!(p.join("workbench.yaml").is_file());
    assert!(p.join("translations").is_dir());
    assert_eq!(p.read("glossary.yaml"), "terms: []\n");
    let ignore = p.read(".gitignore");
    for pattern in [".*.tmp", "translations/.*.lock", "translations/.*.journal"] {
        assert!(ignore.lines().any(|l| l == pattern), "{pattern}: {ignore}");
    }
    assert!(!p.read("workbench.yaml").contains("Quotes or unbalanced"));

    // A second init over a project.
    let q = initialised();
    let before = q.read("workbench.yaml");
    let out = q.run(&["init"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: `workbench.yaml` already exists: `.` is a project already (`workbench init` never overwrites anything, and wrote nothing)\n"
        )
    );
    assert_eq!(q.read("workbench.yaml"), before);

    // A file where the folder should be.
    let r = Project::empty();
    r.write("taken", "x");
    assert_eq!(
        r.run(&["init", "taken"]),
        expect(2, "", "error: taken: exists and is not a folder\n")
    );
}

#[test]
fn misspelt_config_key_names_file_line_and_key() {
    let p = initialised();
    let config = p.read("workbench.yaml");
    let line = config
        .lines()
        .position(|l| l == "    numbers: true")
        .expect("the template has the numbers check")
        + 1;
    p.write(
        "workbench.yaml",
        config.replace("    numbers: true", "    numbrs: true"),
    );
    let message = |path: &str| {
        format!(
            "error: {path}:{line}:5: unknown key `numbrs` in `review.checks`\nhint: did you mean `numbers`?\n"
        )
    };
    assert_eq!(
        p.run(&["status"]),
        expect(2, "", &message("workbench.yaml"))
    );
    assert_eq!(
        run_in(&p, "notes", &["status"]),
        expect(2, "", &message("../workbench.yaml"))
    );
}

#[test]
fn a_key_in_the_config_is_refused() {
    let p = initialised();
    let config = p.read("workbench.yaml");
    p.write(
        "workbench.yaml",
        config.replacen("  openai:\n", "  openai:\n    api_key: sk-not-here\n", 1),
    );
    let out = p.run(&["status"]);
    assert!(
        out.starts_with(
            "exit_code: 2\n----- stdout -----\n----- stderr -----\nerror: workbench.yaml:"
        ),
        "{out}"
    );
    assert!(
        out.ends_with(
            ":5: `api_key` looks like a secret: keys never go in the configuration file; set \
             OPENAI_API_KEY in the environment instead\n"
        ),
        "{out}"
    );
    assert!(!out.contains("sk-not-here"));
}

#[test]
fn bash_completion_parses() {
    let p = Project::empty();
    let output = p.cmd(&["completions", "bash"]).output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let script = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(script.contains("workbench"));
    p.write("workbench.bash", &script);
    let check = Command::new("bash")
        .arg("-n")
        .arg(p.join("workbench.bash"))
        .output()
        .expect("bash runs");
    assert_eq!(crate::harness::render(&check), expect(0, "", ""));
    for shell in ["zsh", "fish", "powershell"] {
        let out = p.cmd(&["completions", shell]).output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(out.stdout.len() > 100 && out.stderr.is_empty(), "{shell}");
    }
}

#[test]
fn man_page_renders() {
    let p = Project::empty();
    let output = p.cmd(&["man"]).output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH workbench 1"),
        "{page}"
    );
    p.write("workbench.1", &page);
    let sub = p.cmd(&["man", "status"]).output().expect("run");
    assert_eq!(sub.status.code(), Some(0));
    p.write("workbench-status.1", &sub.stdout);
    for name in ["workbench.1", "workbench-status.1"] {
        let rendered = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(p.join(name))
            .output();
        match rendered {
            Ok(out) => assert_eq!(crate::harness::render(&out), expect(0, "", ""), "{name}"),
            Err(_) => {
                crate::harness::missing_tool("groff", "apt-get install groff");
                return;
            }
        }
    }
    let text = Command::new("groff")
        .args(["-man", "-Tascii", "-P", "-c"])
        .arg(p.join("workbench.1"))
        .output()
        .expect("groff");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("workbench-status(1)"), "{text}");
    assert!(text.contains("130"), "the exit codes are in the page");

    // Every page into a folder.
    let out = p.run(&["man", "--dir", "man1"]);
    assert_eq!(out, expect(0, "", "Wrote 19 manual pages to `man1`\n"));
    assert!(p.join("man1/workbench-translate.1").is_file());
}

#[test]
fn closed_stdout_ends_quietly() {
    let p = Project::empty();
    // Far more than a pipe holds, so that the writer meets the closed pipe.
    let line = "قال الوزير إن الدبابات دخلت حمص. ".repeat(40);
    p.write("big.txt", format!("{line}\n").repeat(3000));
    let bin = assert_cmd::cargo::cargo_bin("workbench");
    let output = Command::new("bash")
        .arg("-c")
        .arg(r#""$0" split big.txt | head -n 1 > /dev/null; echo "exit ${PIPESTATUS[0]}""#)
        .arg(bin)
        .current_dir(p.path())
        .output()
        .expect("bash runs");
    assert_eq!(crate::harness::render(&output), expect(0, "exit 0\n", ""));
}

#[test]
#[allow(clippy::print_stderr, reason = "a skipped check says so")]
fn ctrl_c_exits_130() {
    let p = Project::empty();
    let bin = assert_cmd::cargo::cargo_bin("workbench");
    // `split -` waits for standard input, which stays open.
    let mut child = Command::new(bin)
        .args(["split", "-"])
        .current_dir(p.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let status_file = format!("/proc/{}/status", child.id());
    if fs_err::metadata(&status_file).is_err() {
        let _ = child.kill();
        let _ = child.wait();
        eprintln!("skipped: no /proc to see when the Ctrl-C handler is in place");
        return;
    }
    // Wait until SIGINT (bit 2) is caught, so the signal does not meet the default action.
    let caught = || {
        fs_err::read_to_string(&status_file)
            .ok()
            .and_then(|s| {
                let mask = s
                    .lines()
                    .find_map(|l| l.strip_prefix("SigCgt:"))?
                    .trim()
                    .to_owned();
                u64::from_str_radix(&mask, 16).ok()
            })
            .is_some_and(|mask| mask & 0b10 != 0)
    };
    for _ in 0..500 {
        if caught() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Standard input stays open until the end, so `split` cannot finish on its own.
    let stdin = child.stdin.take();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let output = child.wait_with_output().expect("wait");
    drop(stdin);
    assert_eq!(crate::harness::render(&output), expect(130, "", ""));
}

#[test]
fn quiet_verbose_and_color() {
    let p = initialised();
    let q = Project::empty();
    assert_eq!(q.run(&["--quiet", "init"]), expect(0, "", ""));
    p.cmd(&["translate", &format!("seeds/{SEED_NAME}.txt")])
        .assert()
        .success();
    let out = run_in(&p, "notes", &["status", "--verbose", "--format", "json"]);
    assert!(
        out.ends_with(
            "----- stderr -----\nproject: `..` (found upwards)\nconfiguration: `../workbench.yaml`\n"
        ),
        "{out}"
    );
    let plain = p.run(&["status"]);
    assert!(!plain.contains('\u{1b}'));
    let colored = p.run(&["--color", "always", "status"]);
    assert!(
        colored.contains(&format!("\u{1b}[1m{SEED_NAME}\u{1b}[0m")),
        "{colored}"
    );
    let never = p
        .cmd(&["--color", "always", "status"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&never.stdout).contains('\u{1b}'),
        "always beats NO_COLOR"
    );
    let auto = p
        .cmd(&["status"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&auto.stdout).contains('\u{1b}'));
}

#[test]
fn status_counts_only_the_checks_that_are_on() {
    let p = initialised();
    p.cmd(&["translate", &format!("seeds/{SEED_NAME}.txt")])
        .assert()
        .success();
    let doc = format!("translations/{SEED_NAME}.yaml");
    p.cmd(&["edit", &doc, "3", "--target", "", "--state", "new"])
        .assert()
        .success();
    let findings = |p: &Project| {
        json_of(&p.run(&["status", "--format", "json"]))["totals"]["findings"].clone()
    };
    assert_eq!(findings(&p), 1);
    let config = p.read("workbench.yaml");
    p.write(
        "workbench.yaml",
        config.replace("    untranslated: true", "    untranslated: false"),
    );
    assert_eq!(findings(&p), 0);
}

#[test]
fn status_counts_a_glossary_name_as_glossary_check_does() {
    // "Homsville" holds "Homs" but does not render it: status agrees with `glossary check`.
    let p = Project::empty();
    p.write(
        "glossary.yaml",
        "terms:\n  - arabic: [حمص]\n    english: Homs\n",
    );
    p.write("seeds/h.txt", "قصفت القوات حمص.\n");
    p.cmd(&["translate", "seeds/h.txt"]).assert().success();
    p.cmd(&[
        "edit",
        "translations/h.yaml",
        "1",
        "--target",
        "The forces shelled Homsville.",
    ])
    .assert()
    .success();
    let check = p.run(&["glossary", "check", "translations/h.yaml"]);
    assert!(check.starts_with("exit_code: 1\n"), "{check}");
    assert!(
        check.contains("segment 1: the glossary rendering `Homs` is missing from the target"),
        "{check}"
    );
    let json = json_of(&p.run(&["status", "--format", "json"]));
    let share = &json["documents"][0]["glossary"];
    assert_eq!(share["names"], 1);
    assert_eq!(share["correct"], 0);
    assert_eq!(share["share"], 0.0);
    // Rendered as a whole word, it counts.
    p.cmd(&[
        "edit",
        "translations/h.yaml",
        "1",
        "--target",
        "The forces shelled Homs.",
    ])
    .assert()
    .success();
    let json = json_of(&p.run(&["status", "--format", "json"]));
    assert_eq!(json["totals"]["glossary"]["correct"], 1);
}
