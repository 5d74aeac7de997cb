//! `workbench serve`: the address it prints, the token, the security checks (a catalogue of bad
//! requests), saves as revisions, conflicts, 20 clients at once, and the page in a real
//! Chromium driven through WebDriver.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::errors::tree;
use crate::harness::{Project, SEED_NAME, expect, missing_tool};

/// A running `workbench serve --port 0` in a project; killed when dropped.
pub(crate) struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub(crate) base: String,
    pub(crate) url: String,
    pub(crate) token: String,
}

impl Served {
    pub(crate) fn start(p: &Project) -> Served {
        let mut child = p
            .std_cmd(&["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start workbench serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_owned();
        assert!(url.starts_with("http://127.0.0.1:"), "first line: {url:?}");
        let (base, token) = url.split_once("/?token=").expect("a token in the address");
        Served {
            base: base.to_owned(),
            token: token.to_owned(),
            url: url.clone(),
            child,
        }
    }

    fn doc_url(&self, rest: &str) -> String {
        format!("{}/api/documents/{SEED_NAME}{rest}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The document's segment `id` as the API shows it.
async fn segment(s: &Served, id: u64) -> Value {
    let got: Value = client()
        .get(s.doc_url(&format!("/segments/{id}")))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    got["segment"].clone()
}

async fn patch(s: &Served, id: u64, body: Value) -> (StatusCode, Value) {
    let response = client()
        .patch(s.doc_url(&format!("/segments/{id}")))
        .bearer_auth(&s.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// `review --format json`'s rows, by the CLI.
fn reviewed(p: &Project) -> Vec<Value> {
    let out = p
        .cmd(&[
            "review",
            &format!("translations/{SEED_NAME}.yaml"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["rows"].as_array().unwrap().clone()
}

#[test]
fn serve_trades_the_token_for_a_strict_cookie_and_answers_the_api() {
    let p = Project::with_stub_translation();
    let s = Served::start(&p);
    runtime().block_on(async {
        let c = client();
        let page = c.get(&s.url).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::SEE_OTHER);
        assert_eq!(page.headers()["location"], "/");
        let cookie = page.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let pair = cookie.split(';').next().unwrap().to_owned();
        let index = c
            .get(format!("{}/", s.base))
            .header("cookie", &pair)
            .send()
            .await
            .unwrap();
        assert_eq!(index.status(), StatusCode::OK);
        let headers = index.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let html = index.text().await.unwrap();
        assert!(html.contains("<script src=\"/app.js\""), "{html}");
        assert!(!html.contains("<script>"), "no inline script");

        let list: Value = c
            .get(format!("{}/api/documents", s.base))
            .header("cookie", &pair)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["documents"][0]["document"], SEED_NAME);
        assert_eq!(list["documents"][0]["states"]["draft"], 42);
        let doc: Value = c
            .get(s.doc_url(""))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let first = &doc["segments"][0];
        assert_eq!(doc["total"], 42);
        for key in [
            "id", "source", "target", "state", "origin", "findings", "revision",
        ] {
            assert!(first.get(key).is_some(), "{key} in {first}");
        }
        assert!(
            first["spans"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["term"] == "Homs"),
            "glossary terms are marked: {first}"
        );
        // Arabic matched on its normalised form: إ, أ and ا fold together.
        let homs: Value = c
            .get(s.doc_url("?q=%D8%AD%D9%85%D8%B5&state=draft"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = homs["segments"].as_array().unwrap().len();
        assert!(n > 0 && n < 42, "{n} segments mention Homs");
    });
}

#[test]
fn a_save_is_a_revision_the_cli_sees_and_a_stale_save_is_a_conflict() {
    let p = Project::with_stub_translation();
    let s = Served::start(&p);
    runtime().block_on(async {
        let seg = segment(&s, 2).await;
        assert_eq!(seg["revision"], 1);
        let body = json!({"target": "Activists said armoured forces entered Homs.", "revision": 1});
        let (status, saved) = patch(&s, 2, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["state"], "translated");
        assert_eq!(saved["origin"], "human");
        assert_eq!(saved["revision"], 2);
        let (status, conflict) = patch(&s, 2, json!({"target": "Other.", "revision": 1})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["segment"]["target"], body["target"]);
        // The history shows the change as a word diff.
        let history: Value = client()
            .get(s.doc_url("/segments/2"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let last = history["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["action"], "serve edit");
        assert!(last["changes"].as_array().unwrap().len() > 1, "{last}");
        // The command line keeps working while the server runs, and the server sees its
        // change at once: a save based on the revision before it is a conflict.
        p.cmd(&[
            "edit",
            &format!("translations/{SEED_NAME}.yaml"),
            "6",
            "--target",
            "From the command line.",
        ])
        .assert()
        .success();
        assert_eq!(segment(&s, 6).await["target"], "From the command line.");
        let (status, conflict) =
            patch(&s, 6, json!({"target": "From a tab.", "revision": 1})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["segment"]["target"], "From the command line.");
    });
    let rows = reviewed(&p);
    assert_eq!(
        rows[1]["target"],
        "Activists said armoured forces entered Homs."
    );
    assert_eq!(rows[1]["state"], "translated");
    let diff = p
        .cmd(&[
            "diff",
            &format!("translations/{SEED_NAME}.yaml"),
            "--from",
            "1",
            "--to",
            "2",
        ])
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&diff.stdout);
    assert!(diff.contains("revision 1 → revision 2: 1 of 42"), "{diff}");
}

/// The page shows each segment's best translation-memory match from elsewhere in the project
/// (as `review` does), never the segment itself.
#[test]
fn a_segment_shows_its_best_memory_match_from_another_document() {
    let p = Project::with_stub_translation();
    let first = reviewed(&p)[0]["source"].as_str().unwrap().to_owned();
    // The same sentence, one word changed.
    let changed = first.replacen("الأربعاء", "الخميس", 1);
    assert_ne!(changed, first);
    p.write("seeds/b.txt", format!("{changed}\n"));
    let out = p.run(&["translate", "seeds/b.txt"]);
    assert!(out.starts_with("exit_code: 0"), "{out}");
    let s = Served::start(&p);
    runtime().block_on(async {
        let got: Value = client()
            .get(s.doc_url("?limit=2"))
            .bearer_auth(&s.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let memory = &got["segments"][0]["memory"];
        assert_eq!(memory["document"], "b", "{got}");
        let score = memory["score"].as_u64().unwrap();
        assert!((75..100).contains(&score), "{memory}");
        assert!(memory["diff"].as_str().unwrap().contains("{+"), "{memory}");
        let second = &got["segments"][1];
        assert!(
            second.get("memory").is_none(),
            "no match, no hint: {second}"
        );
    });
}

#[test]
fn approval_follows_the_one_rule_and_force_is_recorded() {
    let p = Project::with_stub_translation();
    let s = Served::start(&p);
    runtime().block_on(async {
        let (status, refused) = patch(
            &s,
            1,
            json!({"target": "Damascus.", "state": "approved", "revision": 1}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(
            refused["error"]
                .as_str()
                .unwrap()
                .contains("cannot be approved"),
            "{refused}"
        );
        assert!(!refused["findings"].as_array().unwrap().is_empty());
        assert_eq!(segment(&s, 1).await["revision"], 1, "nothing written");
        let (status, clean) = patch(&s, 3, json!({"state": "approved", "revision": 1})).await;
        assert_eq!(status, StatusCode::OK, "{clean}");
        assert_eq!(clean["state"], "approved");
        let (status, forced) = patch(
            &s,
            1,
            json!({"target": "Damascus.", "state": "approved", "revision": 1, "force": true}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{forced}");
        let (status, empty) = patch(
            &s,
            4,
            json!({"target": "", "state": "approved", "revision": 1, "force": true}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{empty}");
    });
    let doc = p.read(&format!("translations/{SEED_NAME}.yaml"));
    assert!(doc.contains("action: serve edit --force"), "{doc}");
}

#[test]
fn twenty_clients_at_once_lose_nothing_and_one_of_two_racing_saves_conflicts() {
    let p = Project::with_stub_translation();
    let s = Served::start(&p);
    runtime().block_on(async {
        let saves = (1..=20u64).map(|id| {
            let s = &s;
            async move {
                patch(
                    s,
                    id,
                    json!({"target": format!("Sentence {id}, by client {id}."), "revision": 1}),
                )
                .await
            }
        });
        for (status, body) in futures_join_all(saves).await {
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let racing = [
            patch(&s, 30, json!({"target": "First.", "revision": 1})),
            patch(&s, 30, json!({"target": "Second.", "revision": 1})),
        ];
        let mut statuses: Vec<StatusCode> = futures_join_all(racing)
            .await
            .into_iter()
            .map(|(status, _)| status)
            .collect();
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    });
    let rows = reviewed(&p);
    for id in 1..=20usize {
        assert_eq!(
            rows[id - 1]["target"],
            format!("Sentence {id}, by client {id}.")
        );
    }
    let doc = p.read(&format!("translations/{SEED_NAME}.yaml"));
    assert_eq!(
        doc.matches("action: serve edit").count(),
        21,
        "one revision a save"
    );
    assert!(
        !p.join(&format!("translations/.{SEED_NAME}.yaml.lock"))
            .exists()
    );
}

/// Run futures at once on the runtime and wait for all of them, in order.
async fn futures_join_all<F, T>(futures: impl IntoIterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T>,
{
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    let mut out = Vec::with_capacity(set.len());
    // Polled together: each is driven while the others wait on the server.
    let mut pending: Vec<Option<_>> = set.into_iter().map(Some).collect();
    let mut results: Vec<Option<T>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.extend(results.into_iter().map(|r| r.unwrap()));
    out
}

/// The bad requests: each refused with its status and a one-line JSON error, nothing written.
#[test]
fn bad_request_catalogue() {
    let p = Project::with_stub_translation();
    let s = Served::start(&p);
    let before = tree(p.path());
    let port = s.base.rsplit(':').next().unwrap().to_owned();
    let wording = runtime().block_on(async {
        let c = client();
        let seg = s.doc_url("/segments/1");
        let ok_body = json!({"target": "x", "revision": 1}).to_string();
        let cases: Vec<(&str, reqwest::RequestBuilder, StatusCode)> = vec![
            (
                "no token",
                c.get(format!("{}/api/documents", s.base)),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "no token for the page",
                c.get(format!("{}/", s.base)),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "wrong token in the address",
                c.get(format!(
                    "{}/?token=00000000000000000000000000000000",
                    s.base
                )),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "wrong Bearer token",
                c.get(format!("{}/api/documents", s.base))
                    .bearer_auth("nope"),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "wrong cookie",
                c.get(format!("{}/api/documents", s.base))
                    .header("cookie", format!("workbench_token_{port}=nope")),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "DNS rebinding: another Host",
                c.get(format!("{}/api/documents", s.base))
                    .bearer_auth(&s.token)
                    .header("host", format!("evil.example:{port}")),
                StatusCode::MISDIRECTED_REQUEST,
            ),
            (
                "save from another site (Origin)",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("origin", "http://evil.example")
                    .header("content-type", "application/json")
                    .body(ok_body.clone()),
                StatusCode::FORBIDDEN,
            ),
            (
                "save from another site (Sec-Fetch-Site)",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("sec-fetch-site", "cross-site")
                    .header("content-type", "application/json")
                    .body(ok_body.clone()),
                StatusCode::FORBIDDEN,
            ),
            (
                "body too large",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(json!({"target": "x".repeat(300_000), "revision": 1}).to_string()),
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
            (
                "name reaching out of translations/",
                c.get(format!("{}/api/documents/..%2F..%2Fetc%2Fpasswd", s.base))
                    .bearer_auth(&s.token),
                StatusCode::BAD_REQUEST,
            ),
            (
                "hidden name",
                c.get(format!("{}/api/documents/.{SEED_NAME}.yaml", s.base))
                    .bearer_auth(&s.token),
                StatusCode::BAD_REQUEST,
            ),
            (
                "no such document",
                c.get(format!("{}/api/documents/nope", s.base))
                    .bearer_auth(&s.token),
                StatusCode::NOT_FOUND,
            ),
            (
                "no such segment",
                c.patch(s.doc_url("/segments/999"))
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(ok_body.clone()),
                StatusCode::NOT_FOUND,
            ),
            (
                "malformed JSON",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body("{\"target\":"),
                StatusCode::BAD_REQUEST,
            ),
            (
                "unknown field",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(r#"{"target":"x","revision":1,"colour":"red"}"#),
                StatusCode::BAD_REQUEST,
            ),
            (
                "no revision",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(r#"{"target":"x"}"#),
                StatusCode::BAD_REQUEST,
            ),
            (
                "no such state",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(r#"{"state":"done","revision":1}"#),
                StatusCode::BAD_REQUEST,
            ),
            (
                "no such filter state",
                c.get(s.doc_url("?state=done")).bearer_auth(&s.token),
                StatusCode::BAD_REQUEST,
            ),
            (
                "a stale revision",
                c.patch(&seg)
                    .bearer_auth(&s.token)
                    .header("content-type", "application/json")
                    .body(json!({"target": "x", "revision": 0}).to_string()),
                StatusCode::CONFLICT,
            ),
        ];
        let mut wording = String::new();
        for (name, request, want) in cases {
            let response = request.send().await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            let error = body["error"].as_str().unwrap_or_default().to_owned();
            assert_eq!(status, want, "{name}: {body}");
            assert!(!error.is_empty() && !error.contains('\n'), "{name}: {body}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{name}");
            assert!(headers.contains_key("content-security-policy"), "{name}");
            let error = error.replace(&port, "[port]");
            let error = error.chars().take(160).collect::<String>();
            wording.push_str(&format!("{name}\n  {} {error}\n", status.as_u16()));
        }
        wording
    });
    assert_eq!(tree(p.path()), before, "nothing written");
    insta::assert_snapshot!("serve_bad_request_catalogue", wording);
}

#[test]
fn serve_on_a_port_in_use_says_so() {
    let p = Project::with_stub_translation();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = p.run(&["serve", "--port", &port]);
    assert_eq!(
        out,
        expect(
            2,
            "",
            &format!(
                "error: cannot listen on 127.0.0.1:{port}: Address already in use (os error 98)\n"
            )
        )
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let p = Project::with_stub_translation();
    let mut child = p
        .std_cmd(&["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("http://127.0.0.1:"), "{line}");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("serving the documents of `translations` at http://127.0.0.1:"),
        "{stderr}"
    );
    assert!(stderr.ends_with("; Ctrl-C stops\nstopped\n"), "{stderr}");
}

/// The system's chromedriver, if any.
fn chromedriver() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// A chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(path: &std::path::Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_page_in_chromium_edits_approves_filters_and_never_runs_a_target() {
    let Some(driver_path) = chromedriver() else {
        return missing_tool("chromedriver", "apt-get install chromium-driver");
    };
    let p = Project::with_stub_translation();
    let evil = r#"<img src=x onerror="document.title='pwned'">"#;
    p.cmd(&[
        "edit",
        &format!("translations/{SEED_NAME}.yaml"),
        "5",
        "--target",
        evil,
    ])
    .assert()
    .success();
    let s = Served::start(&p);
    let driver = Driver::start(&driver_path);
    runtime().block_on(async {
        use fantoccini::{ClientBuilder, Locator};
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}),
        );
        // The driver is on 127.0.0.1: plain HTTP, no TLS.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let b = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("connect to chromedriver");
        b.goto(&s.url).await.unwrap();
        b.goto(&format!("{}/#doc={SEED_NAME}", s.base)).await.unwrap();
        let target = |id: u64| format!(r#".row[data-segment-id="{id}"] [data-field="target"]"#);
        let first = b.wait().for_element(Locator::Css(&target(1))).await.unwrap();
        let source = b
            .find(Locator::Css(r#".row[data-segment-id="1"] [data-field="source"]"#))
            .await
            .unwrap();
        assert_eq!(source.attr("dir").await.unwrap().as_deref(), Some("rtl"));
        // A target that is markup stays text.
        let fifth = b.find(Locator::Css(&target(5))).await.unwrap();
        assert_eq!(fifth.prop("value").await.unwrap().as_deref(), Some(evil));
        assert!(b.find_all(Locator::Css("#rows img")).await.unwrap().is_empty());
        assert_ne!(b.title().await.unwrap(), "pwned");

        // Edit segment 1, Ctrl+Enter: saved, and the next segment's editor has the focus.
        first.clear().await.unwrap();
        first.send_keys("Damascus, edited in the browser.").await.unwrap();
        first.send_keys("\u{E009}\u{E007}\u{E000}").await.unwrap();
        let badge = r#".row[data-segment-id="1"] [data-field="state"]"#;
        wait_text(&b, badge, "translated").await;
        let active = b
            .execute(
                "return document.activeElement.closest('.row').getAttribute('data-segment-id')",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(active, json!("2"));

        // Approve segment 3 with its button, then filter on approved.
        b.find(Locator::Css(r#".row[data-segment-id="3"] [data-action="approve"]"#))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&b, r#".row[data-segment-id="3"] [data-field="state"]"#, "approved").await;
        // Approve segment 4 from the keyboard.
        let fourth = b.find(Locator::Css(&target(4))).await.unwrap();
        fourth.click().await.unwrap();
        fourth.send_keys("\u{E00A}a\u{E000}").await.unwrap();
        wait_text(&b, r#".row[data-segment-id="4"] [data-field="state"]"#, "approved").await;
        // Alt+Z undoes the last save (the approval of segment 4); Alt+N goes to the next
        // segment with findings.
        b.active_element()
            .await
            .unwrap()
            .send_keys("\u{E00A}z\u{E000}")
            .await
            .unwrap();
        wait_text(&b, r#".row[data-segment-id="4"] [data-field="state"]"#, "draft").await;
        // Focused from script: the sticky header may cover the row where a click would land.
        b.execute(
            "document.querySelector(arguments[0]).focus()",
            vec![json!(target(4))],
        )
        .await
        .unwrap();
        b.active_element()
            .await
            .unwrap()
            .send_keys("\u{E00A}n\u{E000}")
            .await
            .unwrap();
        let flagged = b
            .execute(
                "const row = document.activeElement.closest('.row'); \
                 return [row.getAttribute('data-segment-id'), row.querySelectorAll('.findings li').length > 0]",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(flagged[1], json!(true), "{flagged}");
        assert!(flagged[0].as_str().unwrap().parse::<u64>().unwrap() > 4, "{flagged}");
        b.find(Locator::Css("#filter-state"))
            .await
            .unwrap()
            .select_by_value("approved")
            .await
            .unwrap();
        for _ in 0..50 {
            if b.find_all(Locator::Css(".row")).await.unwrap().len() == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let ids: Vec<String> = {
            let mut ids = Vec::new();
            for row in b.find_all(Locator::Css(".row")).await.unwrap() {
                ids.push(row.attr("data-segment-id").await.unwrap().unwrap());
            }
            ids
        };
        assert_eq!(ids, ["3"]);
        b.close().await.unwrap();
    });
    drop(driver);
    let rows = reviewed(&p);
    assert_eq!(rows[0]["target"], "Damascus, edited in the browser.");
    assert_eq!(rows[0]["state"], "translated");
    assert_eq!(rows[2]["state"], "approved");
    assert_eq!(rows[3]["state"], "draft", "the undone approval");
    assert_eq!(rows[4]["target"], evil);
}

async fn wait_text(b: &fantoccini::Client, css: &str, want: &str) {
    let mut got = String::new();
    for _ in 0..50 {
        if let Ok(e) = b.find(fantoccini::Locator::Css(css)).await {
            got = e.text().await.unwrap_or_default();
            if got == want {
                return;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{css}: `{got}`, not `{want}`");
}
