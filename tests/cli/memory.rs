//! `workbench memory`, `analyze` and `search`, and the memory's use by `translate`.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

use crate::harness::{Project, expect};
use crate::translate_remote::Fake;

const OMEGAT: &str = include_str!("../fixtures/memory/project_save.tmx");

/// An empty project with OmegaT's memory imported as `omegat`.
fn with_omegat() -> Project {
    let p = Project::empty();
    p.write("project_save.tmx", OMEGAT);
    assert_eq!(
        p.run(&["memory", "import", "project_save.tmx", "--name", "omegat"]),
        expect(
            0,
            "",
            "stored 3 pairs from `project_save.tmx` as translation memory `translations/.memory/omegat.tmx`\n"
        )
    );
    p
}

#[test]
fn an_omegat_memory_is_imported_listed_looked_up_and_removed() {
    let p = with_omegat();
    assert_eq!(p.read("translations/.memory/omegat.tmx"), OMEGAT);
    assert_eq!(
        p.run(&["memory", "list"]),
        expect(
            0,
            "memory    omegat                          3 entries  translations/.memory/omegat.tmx\n\
             3 entries in 1 sources\n",
            ""
        )
    );
    // One number changed: the closest sentence, with what differs.
    let out = p.run(&["memory", "lookup", "قال المرصد إن 15 شخصا قتلوا في القصف."]);
    insta::assert_snapshot!("memory_lookup_human", out);
    let out = p.run(&[
        "memory",
        "lookup",
        "قال المرصد إن 15 شخصا قتلوا في القصف.",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("memory_lookup_json", out);
    // Orthographic variants score 100.
    let out = p
        .cmd(&["memory", "lookup", "-", "--min", "75", "--limit", "1"])
        .write_stdin("دَخَلَت الدبابات مدينة حمص صباح اليوم.\nفاز الفريق الوطني.\n")
        .output()
        .unwrap();
    let out = p.render(&out);
    let lines: Vec<Value> = out
        .split("----- stdout -----\n")
        .nth(1)
        .unwrap()
        .split("----- stderr -----")
        .next()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        out.starts_with("exit_code: 0\n") && out.ends_with("----- stderr -----\n"),
        "{out}"
    );
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["matches"][0]["score"], 100);
    assert_eq!(
        lines[0]["matches"][0]["target"],
        "Tanks entered the city of Homs this morning."
    );
    assert_eq!(lines[0]["matches"][0]["document"], "memory/omegat");
    assert_eq!(
        lines[1],
        json!({"query": "فاز الفريق الوطني.", "matches": []})
    );
    assert_eq!(
        p.run(&["memory", "import", "project_save.tmx", "--name", "omegat"]),
        expect(
            2,
            "",
            "error: `translations/.memory/omegat.tmx` already exists; remove it with `workbench memory remove omegat` or choose another --name\n"
        )
    );
    assert_eq!(
        p.run(&["memory", "remove", "omegat"]),
        expect(
            0,
            "",
            "removed translation memory `omegat` (`translations/.memory/omegat.tmx`)\n"
        )
    );
    assert_eq!(
        p.run(&["memory", "remove", "omegat"]),
        expect(
            2,
            "",
            "error: no imported memory `omegat` (`translations/.memory/omegat.tmx` does not exist); `workbench memory list` shows them\n"
        )
    );
    assert_eq!(
        p.run(&["memory", "lookup", "قال المرصد إن 15 شخصا قتلوا في القصف."]),
        expect(0, "", "no match scoring 50 or more among 0 entries\n")
    );
}

#[test]
fn import_as_memory_is_memory_import() {
    let p = Project::empty();
    p.write("m.tmx", OMEGAT);
    assert_eq!(
        p.run(&["import", "m.tmx", "--as-memory"]),
        expect(
            0,
            "",
            "stored 3 pairs from `m.tmx` as translation memory `translations/.memory/m.tmx`\n"
        )
    );
    p.write("t.tsv", "id\tsource\ttarget\tstate\n");
    assert_eq!(
        p.run(&["memory", "import", "t.tsv"]),
        expect(
            2,
            "",
            "error: t.tsv: only a TMX can be stored as translation memory (this is TSV)\n"
        )
    );
}

/// A project with the memory and `seeds/batch.txt`: a normalised-exact match, a repetition,
/// a fuzzy match (one number changed) and a new sentence.
fn batch_project() -> Project {
    let p = with_omegat();
    p.write(
        "seeds/batch.txt",
        "دَخَلَت الدبابات مدينة حمص صباح اليوم.\n\
         قال المرصد إن 15 شخصا قتلوا في القصف.\n\
         دخلت الدبابات مدينة حمص صباح اليوم.\n\
         ارتفعت أسعار النفط في الأسواق العالمية.\n",
    );
    p
}

#[test]
fn analyze_counts_each_band_and_weighs_the_words() {
    let p = batch_project();
    let out = p.run(&["analyze", "seeds/batch.txt"]);
    insta::assert_snapshot!("analyze_human", out);
    let out = p
        .cmd(&["analyze", "seeds/batch.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bands = &json["total"];
    assert_eq!(
        bands["100"],
        json!({"segments": 1, "words": 6, "characters": 33})
    );
    assert_eq!(bands["repetitions"]["segments"], 1);
    assert_eq!(bands["85-94"]["segments"], 1);
    assert_eq!(bands["new"]["segments"], 1);
    for key in ["95-99", "75-84", "50-74"] {
        assert_eq!(bands[key]["segments"], 0, "{key}");
    }
    // Weights from the configuration.
    p.write(
        "workbench.yaml",
        "analyze:\n  weights:\n    repetitions: 0\n    \"100\": 0\n    85-94: 0.5\n",
    );
    let out = p
        .cmd(&["analyze", "seeds/batch.txt", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["weighted_words"], json!(4.0 + 6.0));
    p.write("workbench.yaml", "analyze:\n  weights:\n    new: 2\n");
    assert_eq!(
        p.run(&["analyze", "seeds/batch.txt"]),
        expect(
            2,
            "",
            "error: workbench.yaml:3:10: `analyze.weights.new`: 2 is out of range: expected a number from 0 to 1\n"
        )
    );
}

#[test]
fn search_finds_arabic_with_its_clitics_and_english_in_context() {
    let p = with_omegat();
    let out = p.run(&["search", "حمص"]);
    assert_eq!(
        out,
        expect(
            0,
            "memory/omegat #1 (translated)\n  source  دخلت الدبابات مدينة [حمص] صباح اليوم.\n  target  Tanks entered the city of Homs this morning.\n",
            "1 hit in 3 entries\n"
        )
    );
    p.write(
        "more.tmx",
        OMEGAT.replace("دخلت الدبابات مدينة حمص", "ودخلت الدبابات بحمص"),
    );
    p.cmd(&["memory", "import", "more.tmx"]).assert().success();
    let out = p.run(&["search", "دبابات", "--in", "source"]);
    assert_eq!(
        out,
        expect(
            0,
            "memory/more #1 (translated)\n  source  [ودخلت] الدبابات بحمص صباح اليوم.\n  target  Tanks entered the city of Homs this morning.\n"
                .replace("[ودخلت] الدبابات", "ودخلت [الدبابات]")
                .as_str(),
            "2 hits in 6 entries\n"
        )
        .replace(
            "----- stderr -----",
            "memory/omegat #1 (translated)\n  source  دخلت [الدبابات] مدينة حمص صباح اليوم.\n  target  Tanks entered the city of Homs this morning.\n----- stderr -----"
        )
    );
    let out = p
        .cmd(&["search", "بحمص", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["matched"], "بحمص");
    let out = p
        .cmd(&[
            "search",
            "OBSERVATORY",
            "--in",
            "target",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["total"], 2);
    assert_eq!(json["hits"][0]["side"], "target");
    assert_eq!(
        json["hits"][0]["source"],
        "قال المرصد إن 12 شخصا قتلوا في القصف."
    );
    assert_eq!(
        p.run(&["search", "(", "--regex"]),
        expect(
            2,
            "",
            "error: invalid regular expression: regex parse error:\n    (\n    ^\nerror: unclosed group\n"
        )
    );
}

fn openai_echo(req: &Request) -> ResponseTemplate {
    let body: Value = req.body_json().expect("json body");
    let user: Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    let items: Vec<Value> = user["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"id": i["id"], "text": "EN."}))
        .collect();
    let content = json!({ "translations": items }).to_string();
    ResponseTemplate::new(200).set_body_json(json!({
        "id": "c", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content, "refusal": null}}]
    }))
}

#[test]
fn translate_reuses_normalised_matches_and_sends_fuzzy_ones_to_openai() {
    let p = batch_project();
    let fake = Fake::start();
    fake.mount(
        Mock::given(method("POST"))
            .and(path("/v1/chat/completions"))
            .respond_with(openai_echo),
    );
    let out = p
        .cmd(&["translate", "seeds/batch.txt", "--backend", "openai"])
        .env("OPENAI_API_KEY", "sk-test-memory")
        .env("OPENAI_BASE_URL", format!("{}/v1", fake.uri()))
        .output()
        .unwrap();
    let out = p.render(&out);
    assert!(
        out.starts_with("exit_code: 0\n----- stdout -----\n----- stderr -----\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "batch: 4 segments, 4 translated (2 sent to openai, 2 from translation memory)"
        ),
        "{out}"
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let body: Value = requests[0].body_json().unwrap();
    let user: Value =
        serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
    let items = user["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["text"], "قال المرصد إن 15 شخصا قتلوا في القصف.");
    assert_eq!(
        items[0]["memory"],
        json!([{
            "score": 87,
            "source": "قال المرصد إن 12 شخصا قتلوا في القصف.",
            "translation": "The Observatory said 12 people were killed in the shelling."
        }])
    );
    assert!(items[1].get("memory").is_none(), "{}", items[1]);
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("`memory`"), "{system}");
    let store = p.read("translations/batch.yaml");
    assert!(
        store.contains("target: Tanks entered the city of Homs this morning."),
        "{store}"
    );
}

#[test]
fn review_shows_each_segments_best_match_with_its_diff() {
    let p = batch_project();
    p.cmd(&["translate", "seeds/batch.txt", "--backend", "stub"])
        .assert()
        .success();
    let out = p
        .cmd(&["review", "translations/batch.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows[0]["memory"]["score"], 100);
    assert_eq!(
        rows[1]["memory"],
        json!({
            "score": 87,
            "document": "memory/omegat",
            "id": "2",
            "source": "قال المرصد إن 12 شخصا قتلوا في القصف.",
            "target": "The Observatory said 12 people were killed in the shelling.",
            "diff": "قال المرصد إن [-12-] {+15+} شخصا قتلوا في القصف."
        })
    );
    assert!(rows[3].get("memory").is_none(), "{}", rows[3]);
    let out = p.run(&[
        "review",
        "translations/batch.yaml",
        "--segment",
        "2",
        "--width",
        "200",
    ]);
    assert!(
        out.contains(
            "  memory   \u{2068}87% memory/omegat #2: قال المرصد إن [-12-] {+15+} شخصا قتلوا في القصف. \
             → The Observatory said 12 people were killed in the shelling.\u{2069}\n"
        ),
        "{out}"
    );
    p.cmd(&["review", "translations/batch.yaml", "--html", "r.html"])
        .assert()
        .success();
    let html = p.read("r.html");
    assert!(html.contains("<b>memory 87%</b>"), "{html}");
}
