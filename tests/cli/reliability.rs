//! Reliability and safety: runs killed at random moments (nothing stored is ever lost or
//! changed, a person's edit survives, a stale lock never blocks), two writers of one document,
//! untrusted text in the outputs and in document names, and the size limits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use wiremock::matchers::method;
use wiremock::{Mock, Request};

use workbench::store::{Document, State};

use crate::errors::tree;
use crate::harness::{Project, expect};
use crate::translate_remote::{Fake, english, libre_ok, texts_of};

/// Documents and sentences of the crash-safety project.
const DOCS: usize = 5;
/// Sentences of document `d`: the first is large enough for its batches to go to a journal,
/// the others small enough to be rewritten whole for each batch.
fn sentences_in(d: usize) -> usize {
    if d == 1 { 400 } else { 80 }
}
/// Kills the crash-safety test must make, each while a run is still going.
const KILLS: usize = 20;

/// Sentence `i` of document `d`: distinct across the project, so that nothing comes from the
/// translation memory and every missing segment is one request item.
fn sentence(d: usize, i: usize) -> String {
    format!("أعلنت الوزارة في البيان رقم {i} من الملف {d} أن المحادثات مستمرة.")
}

fn doc_name(d: usize) -> String {
    format!("doc{d}")
}

/// A fake LibreTranslate that answers each request after 40 to 80 ms.
fn slowish_server() -> Fake {
    let fake = Fake::start();
    fake.mount(Mock::given(method("POST")).respond_with(|req: &Request| {
        let ms = 40 + req.body.len() as u64 % 41;
        libre_ok(req).set_delay(Duration::from_millis(ms))
    }));
    fake
}

/// `translate seeds` against the fake, spawned, its output going to files outside the project.
fn spawn_translate(p: &Project, fake: &Fake, logs: &Path, round: usize) -> Child {
    let out = fs_err::File::create(logs.join(format!("{round}.out"))).expect("log");
    let err = fs_err::File::create(logs.join(format!("{round}.err"))).expect("log");
    p.std_cmd(&[
        "translate",
        "seeds",
        "--backend",
        "libretranslate",
        "--batch-size",
        "4",
        "--jobs",
        "2",
    ])
    .env("LIBRETRANSLATE_URL", fake.uri())
    .stdout(Stdio::from(out.into_file()))
    .stderr(Stdio::from(err.into_file()))
    .spawn()
    .expect("spawn workbench")
}

/// What one look at `translations/` found.
#[derive(Debug, Default)]
struct Look {
    /// Documents by name.
    docs: BTreeMap<String, Document>,
    /// Half-written files (`.<file>.XXXXXX.tmp`) left by a killed run.
    temps: usize,
    /// Lock files left by a killed run.
    locks: usize,
    /// Journals of batches a killed run stored but had not yet folded into its document.
    journals: usize,
}

impl Look {
    fn missing(&self, d: usize) -> usize {
        self.docs.get(&doc_name(d)).map_or(sentences_in(d), |doc| {
            doc.segments
                .iter()
                .filter(|s| s.state == State::New)
                .count()
        })
    }
}

/// Every file in `translations/` is a document that parses (with its journal), a temp file,
/// a journal or a lock; every document holds its sentences; every segment seen stored before
/// is still exactly as it was (`seen` grows with what is new); a stored target is the
/// engine's draft or a person's.
fn look(p: &Project, seen: &mut BTreeMap<(usize, u64), (String, State)>) -> Look {
    let mut found = Look::default();
    let dir = p.join("translations");
    if dir.is_dir() {
        for entry in fs_err::read_dir(&dir).expect("read translations/") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".tmp") {
                found.temps += 1;
            } else if name.starts_with('.') && name.ends_with(".yaml.lock") {
                found.locks += 1;
            } else if name.starts_with('.') && name.ends_with(".yaml.journal") {
                // Read with its document: `Document::load` replays it.
                found.journals += 1;
            } else if let Some(stem) = name.strip_suffix(".yaml") {
                let doc = Document::load(&path)
                    .unwrap_or_else(|e| panic!("{name} does not parse after a kill: {e}"));
                found.docs.insert(stem.to_owned(), doc);
            } else {
                panic!("unexpected file in translations/: {name}");
            }
        }
    }
    for (name, doc) in &found.docs {
        let d: usize = name
            .strip_prefix("doc")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected document {name}"));
        assert_eq!(doc.segments.len(), sentences_in(d), "{name}");
        for (i, seg) in doc.segments.iter().enumerate() {
            assert_eq!(seg.id, i as u64 + 1, "{name}");
            assert_eq!(seg.source, sentence(d, i + 1), "{name} {}", seg.id);
            let key = (d, seg.id);
            let now = (seg.target.clone(), seg.state);
            match seen.get(&key) {
                Some(before) => assert_eq!(&now, before, "{name} segment {} changed", seg.id),
                None if seg.state == State::New => assert!(seg.target.is_empty()),
                None => {
                    assert_eq!(seg.state, State::Draft, "{name} {}", seg.id);
                    assert_eq!(seg.target, english(&seg.source), "{name} {}", seg.id);
                    seen.insert(key, now);
                }
            }
        }
    }
    for (d, id) in seen.keys() {
        assert!(
            found.docs.contains_key(&doc_name(*d)),
            "document {} with stored segment {id} is gone",
            doc_name(*d)
        );
    }
    found
}

/// Kill `workbench translate` at pseudo-random moments, again and again, with a person's edits
/// in between; then one run finishes the job asking only for what is missing.
#[cfg(unix)]
#[test]
fn killed_runs_lose_nothing_and_resume() {
    let p = Project::empty();
    for d in 1..=DOCS {
        let text: Vec<String> = (1..=sentences_in(d)).map(|i| sentence(d, i)).collect();
        p.write(
            &format!("seeds/{}.txt", doc_name(d)),
            text.join("\n") + "\n",
        );
    }
    let fake = slowish_server();
    let logs = tempfile::tempdir().expect("logs");
    let mut rng = fastrand::Rng::with_seed(0x5eed_0009);
    let mut seen = BTreeMap::new();
    let mut edits = 0;
    let (mut kills, mut rounds, mut takeovers, mut journaled) = (0, 0, 0, 0);
    while kills < KILLS {
        rounds += 1;
        assert!(rounds <= 3 * KILLS, "only {kills} kills in {rounds} rounds");
        let wait = Duration::from_millis(rng.u64(5..260));
        let mut child = spawn_translate(&p, &fake, logs.path(), rounds);
        let spawned = Instant::now();
        while spawned.elapsed() < wait && child.try_wait().expect("poll").is_none() {
            std::thread::sleep(Duration::from_millis(2));
        }
        match child.try_wait().expect("poll") {
            // It finished first: then it must have succeeded (a stale lock never blocks).
            Some(status) => {
                let err =
                    fs_err::read_to_string(logs.path().join(format!("{rounds}.err"))).expect("log");
                assert_eq!(status.code(), Some(0), "round {rounds}: {err}");
            }
            None => {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                kills += 1;
            }
        }
        let found = look(&p, &mut seen);
        if found.journals > 0 {
            journaled += 1;
        }
        // The killed run's lock is taken over: a dry run locks every document, plans exactly
        // the missing segments, and sends and writes nothing.
        if found.locks > 0 {
            takeovers += 1;
            let missing: usize = (1..=DOCS).map(|d| found.missing(d)).sum();
            let sent = fake.requests().len();
            let out = p
                .cmd(&["translate", "seeds", "--backend", "libretranslate"])
                .args(["--batch-size", "4", "--dry-run"])
                .env("LIBRETRANSLATE_URL", fake.uri())
                .output()
                .expect("dry run");
            let stderr = format!(
                "dry run: {missing} segment(s) in {} request(s) to libretranslate; nothing sent, nothing written\n",
                missing.div_ceil(4)
            );
            assert_eq!(out.status.code(), Some(0), "{}", p.render(&out));
            // Then the estimate, when something is missing (its figures are checked in
            // translate_remote.rs).
            let shown = String::from_utf8_lossy(&out.stderr);
            let (first, estimate) = shown.split_at(stderr.len().min(shown.len()));
            assert_eq!(first, stderr);
            if missing == 0 {
                assert_eq!(estimate, "");
            } else {
                assert!(
                    estimate.starts_with("estimate: ")
                        && estimate.ends_with(" characters billed, no price set (`translate.libretranslate.price` in workbench.yaml)\n"),
                    "{estimate}"
                );
            }
            assert_eq!(out.stdout.is_empty(), missing == 0);
            assert_eq!(fake.requests().len(), sent);
            let after = look(&p, &mut seen);
            assert_eq!(after.locks, 0);
            assert_eq!(after.docs, found.docs);
        }
        // Left-over files are never taken for documents.
        let status = p.cmd(&["status"]).output().expect("status");
        let shown = String::from_utf8_lossy(&status.stdout);
        assert_eq!(status.status.code(), Some(0), "{}", p.render(&status));
        assert!(status.stderr.is_empty(), "{}", p.render(&status));
        if !found.docs.is_empty() {
            let total = match found.docs.len() {
                1 => "Total: 1 document\n".to_owned(),
                n => format!("Total: {n} documents\n"),
            };
            assert!(shown.contains(&total), "{shown}");
        }
        // Now and then a person reviews a segment, through the killed run's stale lock.
        if rounds % 3 == 0 && !found.docs.is_empty() {
            let names: Vec<&String> = found.docs.keys().collect();
            let name = names[rng.usize(..names.len())].clone();
            let d: usize = name["doc".len()..].parse().expect("doc number");
            let open: Vec<u64> = found.docs[&name]
                .segments
                .iter()
                .filter(|s| s.state != State::Reviewed)
                .map(|s| s.id)
                .collect();
            let id = open[rng.usize(..open.len())];
            let target = format!("Checked by hand: {name} {id}.");
            let out = p
                .cmd(&[
                    "edit",
                    &format!("translations/{name}.yaml"),
                    &id.to_string(),
                    "--target",
                    &target,
                    "--state",
                    "reviewed",
                ])
                .output()
                .expect("edit");
            let out = p.render(&out);
            assert!(
                out.starts_with(&format!(
                    "exit_code: 0\n----- stdout -----\n----- stderr -----\nsegment {id} is now `reviewed` (revision "
                )),
                "{out}"
            );
            seen.insert((d, id), (target, State::Reviewed));
            edits += 1;
            look(&p, &mut seen);
        }
    }

    // The last run completes the job and asks only for what is still missing.
    let before = look(&p, &mut seen);
    let missing: BTreeSet<String> = (1..=DOCS)
        .flat_map(|d| {
            let doc = before.docs.get(&doc_name(d));
            (1..=sentences_in(d))
                .filter(move |&i| doc.is_none_or(|doc| doc.segments[i - 1].state == State::New))
                .map(move |i| sentence(d, i))
        })
        .collect();
    fake.reset();
    fake.mount(Mock::given(method("POST")).respond_with(libre_ok));
    let out = p
        .cmd(&["translate", "seeds", "--backend", "libretranslate"])
        .args(["--batch-size", "4", "--jobs", "2"])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .output()
        .expect("run");
    let out = p.render(&out);
    let requests = fake.requests();
    let sent: Vec<String> = requests.iter().flat_map(|r| texts_of(r, "q")).collect();
    assert_eq!(sent.len(), missing.len(), "a segment was asked for twice");
    assert_eq!(sent.iter().cloned().collect::<BTreeSet<_>>(), missing);
    assert_eq!(requests.len(), missing.len().div_ceil(4));
    let mut stderr = String::new();
    for d in 1..=DOCS {
        let n = before.missing(d);
        let name = doc_name(d);
        let what = if n > 0 { "wrote" } else { "unchanged" };
        let total = sentences_in(d);
        stderr.push_str(&format!(
            "{name}: {total} segments, {n} translated ({n} sent to libretranslate); {what} `translations/{name}.yaml`\n"
        ));
    }
    if !missing.is_empty() {
        let chars: usize = missing.iter().map(|s| s.chars().count()).sum();
        let (n, r) = (missing.len(), requests.len());
        let requests = if r == 1 {
            "1 request".to_owned()
        } else {
            format!("{r} requests")
        };
        let segments = if n == 1 {
            "1 segment".to_owned()
        } else {
            format!("{n} segments")
        };
        stderr.push_str(&format!(
            "libretranslate: {segments} in {requests} (0 retries, 0 split batches), {chars} characters sent\n\
             libretranslate: usage: {chars} characters billed\n"
        ));
    }
    assert_eq!(out, expect(0, "", &stderr));
    let after = look(&p, &mut seen);
    // A run that completes leaves no lock, no journal and no temp file: it removed those the
    // killed runs left.
    assert_eq!(after.locks, 0);
    assert_eq!(after.journals, 0);
    assert_eq!(after.temps, 0);
    assert_eq!(seen.len(), (1..=DOCS).map(sentences_in).sum::<usize>());
    for (key, (_, state)) in &seen {
        assert!(
            matches!(state, State::Draft | State::Reviewed),
            "{key:?} is {state}"
        );
    }
    assert!(edits > 0);
    assert!(takeovers > 0, "no kill left a lock behind");
    assert!(journaled > 0, "no kill left a journal behind");
}

/// The lock message a second writer gets while process `pid` writes document `name`.
fn held(name: &str, pid: u32) -> String {
    format!(
        "error: translations/{name}.yaml: another workbench process (pid {pid}) is writing this document; wait for it to finish, or remove `translations/.{name}.yaml.lock` if it is gone\n"
    )
}

/// While one `translate` holds a document, every other writer of it fails at once with exit 2
/// and the lock's message, and writes nothing; once the first is done, they succeed.
#[cfg(unix)]
#[test]
fn a_second_writer_is_refused_while_the_first_runs() {
    let p = Project::empty();
    let s: Vec<String> = (1..=6).map(|i| sentence(1, i)).collect();
    p.write("seeds/news.txt", s.join("\n") + "\n");
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .respond_with(|req: &Request| libre_ok(req).set_delay(Duration::from_millis(300))),
    );
    let first = p
        .std_cmd(&[
            "translate",
            "seeds/news.txt",
            "--backend",
            "libretranslate",
            "--batch-size",
            "1",
            "--jobs",
            "1",
        ])
        .env("LIBRETRANSLATE_URL", fake.uri())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = first.id();
    let deadline = Instant::now() + Duration::from_secs(30);
    // The document is written beside the first request: wait for both.
    while fake.requests().is_empty() || !p.join("translations/news.yaml").exists() {
        assert!(Instant::now() < deadline, "the first run did not start");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Reading is never refused: an export sees a whole document.
    let out = p.run(&[
        "export",
        "translations/news.yaml",
        "--format",
        "xliff2",
        "-o",
        "news.xlf",
    ]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let refused = held("news", pid);
    let seconds: [&[&str]; 4] = [
        &["translate", "seeds/news.txt"],
        &[
            "edit",
            "translations/news.yaml",
            "1",
            "--target",
            "SECOND WRITER",
            "--state",
            "reviewed",
        ],
        &["import", "news.xlf"],
        &["review", "translations/news.yaml", "--approve"],
    ];
    for args in seconds {
        let out = p.run(args);
        assert_eq!(out, expect(2, "", &refused), "{args:?}");
    }
    let output = first.wait_with_output().expect("wait");
    let chars: usize = s.iter().map(|t| t.chars().count()).sum();
    assert_eq!(
        p.render(&output),
        expect(
            0,
            "",
            &format!(
                "news: 6 segments, 6 translated (6 sent to libretranslate); wrote `translations/news.yaml`\n\
                 libretranslate: 6 segments in 6 requests (0 retries, 0 split batches), {chars} characters sent\n\
                 libretranslate: usage: {chars} characters billed\n"
            )
        )
    );
    // Nothing of the refused writers reached the document; the first run's work is whole.
    let store = p.read("translations/news.yaml");
    assert!(!store.contains("SECOND WRITER"), "{store}");
    assert!(!store.contains("backend: stub"), "{store}");
    assert!(!store.contains("approved"), "{store}");
    let doc = Document::load(&p.join("translations/news.yaml")).expect("load");
    assert!(doc.segments.iter().all(|s| s.state == State::Draft));
    let files: Vec<String> = tree(&p.join("translations")).into_keys().collect();
    assert_eq!(files, vec!["news.yaml".to_owned()]);

    // Once the first is done, the second writer goes through.
    let out = p.run(&[
        "edit",
        "translations/news.yaml",
        "1",
        "--target",
        "SECOND WRITER",
        "--state",
        "reviewed",
    ]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "segment 1 is now `reviewed` (revision 2 of `translations/news.yaml`)\n"
        )
    );
    let out = p.run(&["translate", "seeds/news.txt"]);
    assert!(
        out.starts_with(
            "exit_code: 0\n----- stdout -----\n----- stderr -----\nnews: 6 segments, 5 translated (5 sent to stub); wrote `translations/news.yaml`\n"
        ),
        "{out}"
    );
    assert!(p.read("translations/news.yaml").contains("SECOND WRITER"));
}

/// Markup and bidi controls in a source are text: escaped in HTML, spelled out on a terminal.
#[test]
fn untrusted_text_is_escaped_and_controls_are_shown() {
    let p = Project::empty();
    p.write(
        "seeds/evil.txt",
        "قال المتحدث إن الاجتماع انتهى.\n\
         وأضاف أن <script>alert(1)</script> ثم \"><img src=x onerror=alert(1)> في \u{202E}النص\u{2066} هنا\u{2069}.\n",
    );
    let out = p.run(&["translate", "seeds/evil.txt"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let out = p.run(&["review", "translations/evil.yaml", "--html", "report.html"]);
    assert!(
        out.ends_with("----- stderr -----\nwrote the report to `report.html`\n"),
        "{out}"
    );
    let html = p.read("report.html");
    for raw in ["<script", "<img", "\u{202E}", "\u{2066}"] {
        assert!(!html.contains(raw), "{raw:?} in the HTML report");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;U+202E&gt;"), "{html}");

    let out = p.run(&["review", "translations/evil.yaml", "--width", "200"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    for raw in ['\u{202E}', '\u{2066}'] {
        assert!(!out.contains(raw), "{raw:?} shown raw: {out}");
    }
    // The only isolates on the terminal are the review's own, one pair per source line.
    assert_eq!(
        out.matches('\u{2068}').count(),
        out.matches('\u{2069}').count()
    );
    for shown in [
        "<U+202E>",
        "<U+2066>",
        "<U+2069>",
        "<script>alert(1)</script>",
    ] {
        assert!(out.contains(shown), "{shown} missing: {out}");
    }
}

const XLIFF_HEAD: &str = "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" srcLang=\"ar\" trgLang=\"en\">\n";

/// A document name taken from a file can never write outside `translations/`.
#[test]
fn names_from_files_cannot_escape_the_project() {
    let p = Project::empty();
    p.write("seeds/news.txt", sentence(1, 1) + "\n");
    p.cmd(&["translate", "seeds/news.txt"]).assert().success();
    let outside = p.join("outside");
    let absolute = outside.display().to_string();
    let xliff = |name: &str| {
        format!(
            "{XLIFF_HEAD}<file id=\"f\" original=\"{name}\"><unit id=\"1\"><segment><source>a</source><target>b</target></segment></unit></file></xliff>\n"
        )
    };
    p.write("up.xlf", xliff("../x"));
    p.write("abs.xlf", xliff(&absolute));
    p.write(
        "m.tmx",
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"ar\"/><body><tu><tuv xml:lang=\"ar\"><seg>أ</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu></body></tmx>\n",
    );
    let cases: [(&[&str], String); 4] = [
        (
            &["import", "up.xlf"],
            "error: invalid document name `../x`: it may not contain `..`\n".to_owned(),
        ),
        (
            &["import", "abs.xlf"],
            format!(
                "error: invalid document name `{absolute}`: it may not contain a path separator or NUL\n"
            ),
        ),
        (
            &["import", "m.tmx", "--as-memory", "--name", "../x"],
            "error: invalid document name `../x`: it may not contain `..`\n".to_owned(),
        ),
        (
            &["import", "m.tmx", "--as-memory", "--name", &absolute],
            format!(
                "error: invalid document name `{absolute}`: it may not contain a path separator or NUL\n"
            ),
        ),
    ];
    for (args, stderr) in cases {
        let before = tree(p.path());
        let out = p.cmd(args).output().expect("run");
        assert_eq!(
            crate::harness::render(&out),
            expect(2, "", &stderr),
            "{args:?}"
        );
        assert_eq!(tree(p.path()), before, "{args:?} wrote something");
        assert!(!outside.exists());
        assert!(!p.path().parent().unwrap().join("x.yaml").exists());
    }
}

/// A sparse file of `size` bytes: over a limit without writing the bytes.
fn sparse(p: &Project, rel: &str, size: u64) {
    p.write(rel, "");
    fs_err::OpenOptions::new()
        .write(true)
        .open(p.join(rel))
        .and_then(|f| f.set_len(size))
        .expect("sparse file");
}

/// The documented limits are errors naming the file and the limit, and nothing is written.
#[test]
fn limits_are_clear_errors() {
    use workbench::config::MAX_CONFIG_BYTES;
    use workbench::formats::MAX_IMPORT_BYTES;
    use workbench::glossary::MAX_GLOSSARY_BYTES;
    use workbench::segment::MAX_RULES_BYTES;
    use workbench::source::{MAX_SEGMENT_BYTES, MAX_TEXT_BYTES};
    use workbench::store::MAX_DOCUMENT_BYTES;
    use workbench::translate::http::MAX_KEY_FILE_BYTES;

    let p = Project::empty();
    // A sentence just over the limit, and one just under it, with no sentence end inside.
    let word = "كلمة ";
    let over = word.repeat(MAX_SEGMENT_BYTES / word.len() + 1);
    let under = word.repeat((MAX_SEGMENT_BYTES - 100) / word.len());
    p.write("seeds/long.txt", format!("جملة أولى.\n{}.\n", over.trim()));
    p.write("seeds/fine.txt", format!("{}.\n", under.trim()));
    sparse(&p, "seeds/huge.txt", MAX_TEXT_BYTES + 1);
    // Under the limit is fine.
    let out = p.run(&["translate", "seeds/fine.txt"]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    let mib = |n: u64| n / (1024 * 1024);
    // (arguments, a sparse file to make and its size, the error)
    type Case<'a> = (&'a [&'a str], Option<(&'a str, u64)>, String);
    let cases: Vec<Case> = vec![
        (
            &["translate", "seeds/long.txt"],
            None,
            format!(
                "error: seeds/long.txt:2:1: a sentence of {} bytes is longer than the limit of {MAX_SEGMENT_BYTES}\nhint: break it up with line breaks or punctuation\n",
                over.trim().len() + 1
            ),
        ),
        (
            &["translate", "seeds/huge.txt"],
            None,
            format!(
                "error: seeds/huge.txt: {} bytes is larger than the limit of {MAX_TEXT_BYTES} bytes\n",
                MAX_TEXT_BYTES + 1
            ),
        ),
        (
            &["glossary", "list"],
            Some(("glossary.yaml", MAX_GLOSSARY_BYTES + 1)),
            format!(
                "error: glossary.yaml: the file is {} bytes, larger than the limit of {MAX_GLOSSARY_BYTES} bytes ({} MiB)\n",
                MAX_GLOSSARY_BYTES + 1,
                mib(MAX_GLOSSARY_BYTES)
            ),
        ),
        (
            &["review", "translations/big.yaml"],
            Some(("translations/big.yaml", MAX_DOCUMENT_BYTES + 1)),
            format!(
                "error: translations/big.yaml: the file is {} bytes, larger than the limit of {MAX_DOCUMENT_BYTES} bytes ({} MiB)\n",
                MAX_DOCUMENT_BYTES + 1,
                mib(MAX_DOCUMENT_BYTES)
            ),
        ),
        (
            &["import", "big.xlf", "--into", "translations/fine.yaml"],
            Some(("big.xlf", MAX_IMPORT_BYTES + 1)),
            format!(
                "error: big.xlf: the file is {} bytes, larger than the limit of {MAX_IMPORT_BYTES} bytes ({} MiB)\n",
                MAX_IMPORT_BYTES + 1,
                mib(MAX_IMPORT_BYTES)
            ),
        ),
        (
            &["glossary", "import", "big.csv"],
            Some(("big.csv", MAX_GLOSSARY_BYTES + 1)),
            format!(
                "error: big.csv: the file is {} bytes, larger than the limit of {MAX_GLOSSARY_BYTES} bytes ({} MiB)\n",
                MAX_GLOSSARY_BYTES + 1,
                mib(MAX_GLOSSARY_BYTES)
            ),
        ),
        (
            &["split", "--rules", "big.srx", "seeds/fine.txt"],
            Some(("big.srx", MAX_RULES_BYTES + 1)),
            format!(
                "error: big.srx: the file is {} bytes, larger than the limit of {MAX_RULES_BYTES} bytes ({} MiB)\n",
                MAX_RULES_BYTES + 1,
                mib(MAX_RULES_BYTES)
            ),
        ),
        (
            &["status"],
            Some(("workbench.yaml", MAX_CONFIG_BYTES + 1)),
            format!(
                "error: workbench.yaml: the file is {} bytes, larger than the limit of {MAX_CONFIG_BYTES} bytes ({} MiB)\n",
                MAX_CONFIG_BYTES + 1,
                mib(MAX_CONFIG_BYTES)
            ),
        ),
    ];
    for (args, big, stderr) in cases {
        if let Some((rel, size)) = big {
            sparse(&p, rel, size);
        }
        let before = tree_sizes(p.path());
        let out = p.run(args);
        assert_eq!(out, expect(2, "", &stderr), "{args:?}");
        assert_eq!(tree_sizes(p.path()), before, "{args:?} wrote something");
        if let Some((rel, _)) = big {
            fs_err::remove_file(p.join(rel)).expect("remove");
        }
    }
    // A key file over its limit: the error names the variable and the file.
    sparse(&p, "key.txt", MAX_KEY_FILE_BYTES + 1);
    let out = p
        .cmd(&["translate", "seeds/fine.txt", "--backend", "google"])
        .env("GOOGLE_API_KEY_FILE", p.join("key.txt"))
        .env_remove("GOOGLE_API_KEY")
        .output()
        .expect("translate");
    let out = p.render(&out);
    assert!(out.starts_with("exit_code: 2\n"), "{out}");
    assert!(
        out.contains("cannot read the key file named by GOOGLE_API_KEY_FILE")
            && out.contains(&format!(
                "larger than the limit of {MAX_KEY_FILE_BYTES} bytes"
            )),
        "{out}"
    );
}

/// Every file below `dir` with its size (the sparse files are too large to read).
fn tree_sizes(dir: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs_err::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let size = fs_err::metadata(&path).expect("metadata").len();
                out.insert(path.strip_prefix(dir).unwrap().display().to_string(), size);
            }
        }
    }
    out
}

/// Batches a killed run left in a document's journal are part of the document for every
/// command, and the next writer folds them into the document file and removes the journal.
#[test]
fn a_journal_left_by_a_killed_run_is_read_and_folded() {
    use workbench::store::{Journal, Record, hash_source, journal_path};
    let p = Project::with_stub_translation();
    let store = p.join("translations/syria-homs-lavrov-2012.yaml");
    let before = p.read("translations/syria-homs-lavrov-2012.yaml");
    // What a killed run stored: segment 2 drafted anew, in a revision of its own.
    let mut doc = Document::load(&store).expect("load");
    let revision = doc.next_revision();
    let seg = doc.segment_mut(2).expect("segment 2");
    seg.set(
        "A draft from the killed run.".into(),
        State::Draft,
        None,
        revision,
    );
    doc.record_revision(revision, "2026-01-02T00:00:00Z", "translate openai", 1);
    let record = Record {
        revisions: doc.revisions.clone(),
        segments: vec![doc.segment(2).expect("segment 2").clone()],
    };
    let mut journal =
        Journal::begin(&store, hash_source(before.as_bytes())).expect("begin a journal");
    journal.append(&[record]).expect("append");
    drop(journal);

    let out = p.run(&[
        "export",
        "translations/syria-homs-lavrov-2012.yaml",
        "--format",
        "tsv",
        "--output",
        "-",
    ]);
    assert!(out.starts_with("exit_code: 0\n"), "{out}");
    assert!(out.contains("\tA draft from the killed run.\t"), "{out}");
    assert_eq!(p.read("translations/syria-homs-lavrov-2012.yaml"), before);

    let out = p.run(&[
        "edit",
        "translations/syria-homs-lavrov-2012.yaml",
        "3",
        "--target",
        "Checked by hand.",
        "--state",
        "translated",
    ]);
    assert_eq!(
        out,
        expect(
            0,
            "",
            "segment 3 is now `translated` (revision 3 of `translations/syria-homs-lavrov-2012.yaml`)\n"
        )
    );
    assert!(!journal_path(&store).exists());
    let folded = p.read("translations/syria-homs-lavrov-2012.yaml");
    assert!(folded.contains("  target: A draft from the killed run.\n"));
    assert!(folded.contains("  target: Checked by hand.\n"));
    assert!(folded.contains("action: translate openai\n"));
}
