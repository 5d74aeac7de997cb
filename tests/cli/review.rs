//! `workbench review`: the side-by-side view, JSON, filters, exit codes, the HTML report (in
//! headless Chromium when it is installed), `--edit` through `$EDITOR` and `--approve`.

use std::path::{Path, PathBuf};

use crate::harness::{Project, SEED_NAME, expect};

fn doc() -> String {
    format!("translations/{SEED_NAME}.yaml")
}

/// The seed translated by the stub, then segment 1 edited by hand with problems to find: a
/// changed number, a bidi override, a double space and an HTML tag.
fn reviewed_project() -> Project {
    let p = Project::with_stub_translation();
    let target = "Damascus: the visit of Foreign Minister Sergei Lavrov to Damascus did not stop \
        the Syrian killing machine; at least 60 were killed\u{202E} today,  including 20 \
        children in Homs <script>document.title='pwned'</script>, shelled by Assad's army.";
    p.cmd(&["edit", &doc(), "1", "--target", target])
        .assert()
        .success();
    p
}

#[test]
fn review_side_by_side() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--segment", "1..3", "--width", "100"]);
    insta::assert_snapshot!("review_side_by_side", out);
}

#[test]
fn review_narrow_terminal_wraps() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--segment", "2", "--width", "60"]);
    insta::assert_snapshot!("review_narrow", out);
}

#[test]
fn review_json() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--segment", "1..2", "--format", "json"]);
    insta::assert_snapshot!("review_json", out);
}

#[test]
fn review_fail_on_sets_the_exit_code() {
    let p = reviewed_project();
    let flagged = p
        .cmd(&["review", &doc(), "--flagged", "--fail-on", "error"])
        .output()
        .unwrap();
    assert_eq!(flagged.status.code(), Some(1));
    let text = String::from_utf8_lossy(&flagged.stdout).into_owned();
    assert!(text.contains("── 1 · translated · human"), "{text}");
    assert!(!text.contains("── 2 ·"), "{text}");
    let clean = p.run(&[
        "review",
        &doc(),
        "--segment",
        "3",
        "--fail-on",
        "error",
        "--format",
        "json",
    ]);
    assert!(clean.starts_with("exit_code: 0\n"), "{clean}");
    let state = p.run(&[
        "review",
        &doc(),
        "--state",
        "translated",
        "--format",
        "json",
    ]);
    assert!(state.contains("\"shown\": 1"), "{state}");
}

#[test]
fn review_bad_segment_range() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--segment", "9..3"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: invalid segment selection `9..3`: the range ends before it starts\n"
        )
    );
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

fn dump_dom(browser: &Path, page: &Path) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn review_html_in_chromium() {
    let p = reviewed_project();
    let out = p.run(&[
        "review",
        &doc(),
        "--segment",
        "1..4",
        "--html",
        "report.html",
        "--format",
        "json",
    ]);
    assert!(out.contains("wrote the report to `report.html`"), "{out}");
    let html = p.read("report.html");
    // Self-contained: no script, no external resource.
    assert!(!html.contains("<script"), "a script element in the page");
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src="));
    assert!(html.contains("&lt;script&gt;"));
    let Some(browser) = chromium() else {
        crate::harness::missing_tool("chromium", "apt-get install chromium");
        return;
    };
    let dom = dump_dom(&browser, &p.join("report.html"));
    // The escaped `<script>` stayed text: no element, the title is ours.
    assert!(!dom.contains("<script"), "{dom}");
    assert!(dom.contains("&lt;script&gt;document.title="), "{dom}");
    assert!(
        dom.contains(&format!("<title>Review of {SEED_NAME}</title>")),
        "{dom}"
    );
    assert!(!dom.contains("<title>pwned"));
    // An RTL row with its LTR run isolated.
    assert!(
        dom.contains("<td class=\"text source\" dir=\"rtl\" lang=\"ar\">"),
        "{dom}"
    );
    assert!(dom.contains("<bdi dir=\"ltr\">20</bdi>"), "{dom}");
    // States as badges, findings highlighted, the bidi override shown, not obeyed.
    assert!(dom.contains("<span class=\"badge state-translated\">translated</span>"));
    assert!(dom.contains("<mark class=\"sev-error\""), "{dom}");
    assert!(
        dom.contains("<span class=\"ctl\">&lt;U+202E&gt;</span>"),
        "{dom}"
    );
    assert!(!dom.contains('\u{202E}'));
}

/// An editor: a shell script that rewrites the form with sed.
fn editor(p: &Project, sed: &str) -> String {
    let script = format!("#!/bin/sh\nsed -i {sed} \"$1\"\n");
    p.write("editor.sh", script);
    let path = p.join("editor.sh");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs_err::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

#[test]
fn review_edit_applies_one_revision() {
    let p = reviewed_project();
    let ed = editor(
        &p,
        "-e 's/^@@ 3 draft$/@@ 3 reviewed/' -e 's/^Wadaf .*/Activists added that tanks entered Inshaat./' \
         -e 's/^@@ 4 draft$/@@ 4 approved/'",
    );
    let out = p.render(
        &p.cmd(&["review", &doc(), "--segment", "3..4", "--edit"])
            .env("EDITOR", &ed)
            .output()
            .unwrap(),
    );
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!("2 segments changed (revision 3 of `{}`)\n", doc())
        )
    );
    let store = p.read(&doc());
    assert!(
        store.contains("action: review edit\n  changed: 2"),
        "{store}"
    );
    assert!(
        store.contains("target: Activists added that tanks entered Inshaat.\n  state: reviewed")
    );
    assert!(store.contains("state: approved"));
    assert!(store.contains("approval:\n    source: sha256:"));
    // Nothing changed: nothing written.
    let out = p.render(
        &p.cmd(&["review", &doc(), "--segment", "3", "--edit"])
            .env("EDITOR", "true")
            .output()
            .unwrap(),
    );
    assert_eq!(out, expect(0, "", "nothing changed; nothing written\n"));
}

#[test]
fn review_edit_bad_state_is_an_error() {
    let p = reviewed_project();
    let before = p.read(&doc());
    let ed = editor(&p, "-e 's/^@@ 3 draft$/@@ 3 done/'");
    let out = p.render(
        &p.cmd(&["review", &doc(), "--segment", "3", "--edit"])
            .env("EDITOR", &ed)
            .output()
            .unwrap(),
    );
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
    assert!(
        out.contains("error: the edited text, line 7: unknown state `done`"),
        "{out}"
    );
    assert!(out.contains("your edits are kept in"), "{out}");
    assert_eq!(p.read(&doc()), before);
}

#[test]
fn review_approve_binds_the_approval_to_the_text() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--segment", "1..3", "--approve"]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            &format!(
                "approved 2 segments (revision 3 of `{}`); 1 with findings left as they are\n",
                doc()
            )
        )
    );
    // Another tool changes segment 3's target behind our back: the approval no longer holds.
    let store = p.read(&doc());
    let changed = store.replacen("Wadaf al-nshta'", "Wadaf al-nashta'", 1);
    assert_ne!(store, changed);
    p.write(&doc(), changed);
    let out = p.run(&["review", &doc(), "--segment", "3", "--fail-on", "warning"]);
    assert!(out.starts_with("exit_code: 1\n"), "{out}");
    assert!(
        out.contains("stale: the text changed after it was approved"),
        "{out}"
    );
    // The next write drops it back to `translated`.
    let out = p.run(&["review", &doc(), "--segment", "3", "--approve"]);
    assert!(out.contains("approved 0 segments (revision 4"), "{out}");
    let out = p.run(&["review", &doc(), "--segment", "3", "--format", "json"]);
    assert!(out.contains("\"state\": \"translated\""), "{out}");
}

#[test]
fn review_missing_document() {
    let p = Project::empty();
    let out = p.run(&["review", "nope.yaml"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: nope.yaml: cannot read: No such file or directory (os error 2)\n"
        )
    );
}

#[test]
fn review_edit_needs_an_editor() {
    let p = reviewed_project();
    let out = p.run(&["review", &doc(), "--edit"]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            "error: set VISUAL or EDITOR to the editor to open (e.g. `EDITOR=nano`)\n"
        )
    );
}
