//! Command-line types (clap derive) and nothing else: the doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  workbench init my-project && cd my-project
  workbench translate seeds/article.txt --backend stub
  workbench status

Every command run inside a project finds it by walking up to `workbench.yaml` (or
`glossary.yaml`), as git does; `--project DIR` overrides. Settings in `workbench.yaml` apply
unless a flag overrides them; API keys are read from the environment only.

Exit codes:
  0    success
  1    findings or differences (`review --fail-on`, `diff`)
  2    error: bad input, bad options, a failed request
  130  interrupted (Ctrl-C)";

/// A translation and alignment workbench for Arabic news into English.
///
/// Split an article into sentences, draft English with a machine backend, pair an existing
/// translation with its source, keep names consistent with a glossary, review and compare
/// revisions, and exchange work with other translation tools.
#[derive(Debug, Parser)]
#[command(name = "workbench", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print nothing but data, warnings and errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is being done (the project and configuration in use, files
    /// written).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to colour output (`auto` respects `NO_COLOR`).
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The project folder (default: the nearest folder upwards holding `workbench.yaml` or
    /// `glossary.yaml`, else the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub project: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour, even into a pipe or a file.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split a text into sentences, one per line.
    #[command(after_help = "Examples:\n  workbench split seeds/article.txt\n  \
        cat article.txt | workbench split - --format json")]
    Split(SplitArgs),
    /// Draft English for every untranslated sentence of a document.
    #[command(
        after_help = "Examples:\n  workbench translate seeds/article.txt --backend stub\n  \
        workbench translate seeds/*.txt --backend openai --model gpt-4o-mini --jobs 8"
    )]
    Translate(TranslateArgs),
    /// Write the translated document in its source's format.
    #[command(
        after_help = "Examples:\n  workbench build translations/article.yaml\n  \
        workbench build translations/article.yaml --min-state approved -o article.en.html\n  \
        workbench build translations/article.yaml --from source -o - | cmp - seeds/article.html"
    )]
    Build(BuildArgs),
    /// Pair an existing English translation with its Arabic source, sentence by sentence.
    #[command(
        after_help = "Examples:\n  workbench align seeds/article.txt article.en.txt\n  \
        workbench align --presplit --format beads article.ar article.en"
    )]
    Align(AlignArgs),
    /// Show a document's source and target side by side, with quality findings.
    #[command(
        after_help = "Examples:\n  workbench review translations/article.yaml\n  \
        workbench review translations/article.yaml --flagged --fail-on error"
    )]
    Review(ReviewArgs),
    /// Compare two revisions of a translation word by word.
    #[command(
        after_help = "Examples:\n  workbench diff translations/article.yaml\n  \
        workbench diff translations/article.yaml --from 1 --to 3 --format json"
    )]
    Diff(DiffArgs),
    /// Write a document as XLIFF 2.1, XLIFF 1.2, TMX, TSV or CSV.
    #[command(
        after_help = "Examples:\n  workbench export translations/article.yaml --format xliff2 -o article.xlf\n  \
        workbench export translations/article.yaml --format tmx --min-state approved -o article.tmx"
    )]
    Export(ExportArgs),
    /// Bring back a file edited in another tool (XLIFF, TMX, TSV, CSV) as a new revision.
    #[command(
        after_help = "Example:\n  workbench import article.xlf --into translations/article.yaml"
    )]
    Import(ImportArgs),
    /// Check, list, add, import and export glossary terms.
    #[command(
        after_help = "Examples:\n  workbench glossary check translations/article.yaml\n  \
        workbench glossary add --arabic حمص --arabic حمس --english Homs --kind place\n  \
        workbench glossary export --format tbx -o glossary.tbx"
    )]
    Glossary(GlossaryArgs),
    /// Create a new project: folders, a glossary and a commented configuration file.
    ///
    /// Creates `seeds/` (the Arabic source texts), `translations/` (one document per source),
    /// `glossary.yaml` (with one example entry), `workbench.yaml` (every setting, commented, at
    /// its default) and a `.gitignore`. Nothing that exists is overwritten: if any of these is
    /// already there, nothing is written.
    #[command(after_help = "Examples:\n  workbench init my-project\n  \
        mkdir project && cd project && workbench init")]
    Init(InitArgs),
    /// Where every document stands: segments per state, findings, glossary adherence.
    ///
    /// For each document in `translations/`: its segments per state (and how many are stale),
    /// the number of review findings, how many glossary names in translated segments are
    /// rendered as the glossary says, its last revision, and whether its source file changed
    /// since it was translated. Then the totals.
    #[command(after_help = "Examples:\n  workbench status\n  \
        workbench status --format json | jq '.totals.states'")]
    Status(StatusArgs),
    /// Print a shell completion script (bash, zsh, fish or PowerShell).
    #[command(after_help = "Examples:\n  \
        workbench completions bash > ~/.local/share/bash-completion/completions/workbench\n  \
        workbench completions zsh > \"${fpath[1]}/_workbench\"")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write every page to a folder.
    #[command(after_help = "Examples:\n  workbench man | man -l -\n  \
        workbench man --dir /usr/local/share/man/man1")]
    Man(ManArgs),
    /// Set a segment's target and/or state, as a new revision.
    #[command(after_help = "Example:\n  workbench edit translations/article.yaml 7 \
        --target \"The tanks entered Homs.\" --state reviewed")]
    Edit(EditArgs),
    /// Review and edit in the browser: a local editor for the bilingual text.
    ///
    /// Serves the project's documents on 127.0.0.1 and prints, as the first line on standard
    /// output, the address to open (with a fresh random token; the page trades it for a
    /// cookie). The page shows the documents as `status` does and a document as rows: the
    /// Arabic right to left with the glossary terms marked, the English editable, findings,
    /// origin and history. Every save is a revision, under the same lock as every command;
    /// approving follows the same rule as `edit`. Runs until Ctrl-C.
    #[command(after_help = "Examples:\n  workbench serve --open\n  \
        workbench serve --port 0\n  \
        workbench serve --listen 192.168.1.5 --port 8080   # reachable from other machines")]
    Serve(ServeArgs),
    /// Look up sentences in the translation memory; import, list and remove memories.
    ///
    /// The memory is every target in `translations/` and every memory imported from TMX
    /// (kept in `translations/.memory/`). Matches are exact, normalised exact (diacritics,
    /// tatweel, hamza and alef forms, ى/ي, ة/ه and digits ignored: both score 100) and fuzzy
    /// (a word-level score from 0 to 99 on the normalised text).
    #[command(
        after_help = "Examples:\n  workbench memory lookup \"قال الوزير إن المحادثات استمرت\"\n  \
        cut -f1 queries.tsv | workbench memory lookup - --min 75 --limit 3\n  \
        workbench memory import project_save.tmx --name omegat\n  \
        workbench memory list"
    )]
    Memory(MemoryArgs),
    /// Count the words of documents per translation-memory match band, for quoting a job.
    ///
    /// Bands: `repetitions` (a sentence seen earlier in the batch), `100` (exact and normalised
    /// exact), `95-99`, `85-94`, `75-84`, `50-74` and `new`, each with segments, source words
    /// and characters, per document and in total, plus a weighted word count (weights under
    /// `analyze.weights` in `workbench.yaml`). The analysed documents are not part of the
    /// memory they are analysed against.
    #[command(after_help = "Examples:\n  workbench analyze seeds/article.txt\n  \
        workbench analyze translations/*.yaml --format json | jq .total")]
    Analyze(AnalyzeArgs),
    /// Find how a word or phrase was translated before, in every document and memory.
    ///
    /// On the Arabic side the text is matched as the glossary matches names: normalised and
    /// with proclitics (و ف ب ك ل ال) allowed in front of its first word. Each hit is shown in
    /// its sentence, with the sentence's translation.
    #[command(after_help = "Examples:\n  workbench search حمص\n  \
        workbench search \"foreign minister\" --in target\n  \
        workbench search 'ال(جيش|قوات)' --regex --format json")]
    Search(SearchArgs),
}

/// How `split` prints segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SplitFormat {
    /// One sentence per line.
    Text,
    /// One JSON object per line: id, byte range, text.
    Json,
    /// Tab-separated: id, start, end, text.
    Tsv,
}

/// The language of a text to split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Ar,
    En,
}

/// How a source document is read.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct ReadArgs {
    /// The document's format (default: from its extension: `.html`/`.htm`, `.md`, `.docx`,
    /// anything else plain text).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// How plain text is cut into paragraphs: `line` (each line), `blank` (blank lines; a line
    /// break inside a paragraph is a space), `auto` (`blank` for hard-wrapped text) [default:
    /// the document's stored mode, else auto].
    #[arg(long, value_enum, value_name = "MODE")]
    pub paragraphs: Option<ParagraphMode>,
}

/// Source document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text.
    Text,
    /// An HTML page or fragment.
    Html,
    /// CommonMark with tables.
    Markdown,
    /// A Word document (.docx).
    Docx,
}

/// Paragraph modes for plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParagraphMode {
    /// Every line is a paragraph.
    Line,
    /// Paragraphs are separated by blank lines.
    Blank,
    /// `blank` for hard-wrapped text, else `line`.
    Auto,
}

/// Which side of a document `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BuildSide {
    /// The translation.
    Target,
    /// The source, written back through the same path (gives back the input byte for byte).
    Source,
}

/// What `build` writes for a segment without a usable target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Fallback {
    /// Refuse to build, listing the segments.
    Error,
    /// Keep the source sentence.
    Source,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The translation document (`translations/<doc>.yaml`).
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// Where to write (default `translations/<doc>.<target language>.<ext>`; `-` for standard
    /// output, text formats only).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Which side to write.
    #[arg(long, value_enum, default_value_t = BuildSide::Target)]
    pub from: BuildSide,
    /// For a segment without a target (or below `--min-state`): refuse, or keep the source.
    #[arg(long, value_enum, default_value_t = Fallback::Error)]
    pub fallback: Fallback,
    /// Use only targets at or above this state, in the order new/rejected, draft,
    /// translated, reviewed, approved (a publishing gate: `--min-state approved`).
    #[arg(long, value_enum, value_name = "STATE")]
    pub min_state: Option<StateArg>,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The text to split (`-` for standard input).
    #[arg(default_value = "-", value_name = "FILE")]
    pub input: PathBuf,
    /// The language of the text.
    #[arg(long, value_enum, default_value_t = Lang::Ar)]
    pub lang: Lang,
    /// SRX 2.0 rules to use instead of the built-in ones.
    #[arg(long, value_name = "FILE.srx")]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SplitFormat::Text)]
    pub format: SplitFormat,
    /// Print, for each candidate break, whether it broke and the rule that decided.
    #[arg(long, conflicts_with = "export_rules")]
    pub explain: bool,
    /// Print the built-in rules as SRX 2.0 and exit.
    #[arg(long)]
    pub export_rules: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The machine-translation engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackendName {
    /// Offline and deterministic: glossary renderings plus a readable romanisation.
    Stub,
    /// Any OpenAI-compatible chat-completions server.
    Openai,
    /// DeepL API v2.
    Deepl,
    /// A LibreTranslate server.
    Libretranslate,
    /// Google Cloud Translation v2.
    Google,
}

/// English variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetVariant {
    /// American English.
    #[value(name = "en-us")]
    EnUs,
    /// British English.
    #[value(name = "en-gb")]
    EnGb,
}

/// Output for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// Source documents (Arabic text files, or folders of `.txt` files) to translate, all in
    /// one run sharing one pool of requests.
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// The engine that drafts the English (default: `translate.backend` in `workbench.yaml`,
    /// else `stub`).
    #[arg(long, value_enum)]
    pub backend: Option<BackendName>,
    /// The model, for backends that have several (`openai`: default `gpt-4o-mini`).
    #[arg(long)]
    pub model: Option<String>,
    /// The backend's address (overrides its environment variable); for `openai`, a
    /// comma-separated list of servers used in turn.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Requests in flight at once (default 4).
    #[arg(long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
    /// Segments per request (capped by the provider's limits).
    #[arg(long, value_name = "N")]
    pub batch_size: Option<std::num::NonZeroUsize>,
    /// At most this many requests per second.
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<f64>,
    /// Show the requests that would be sent (keys redacted) and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Ask the backend once more for segments whose draft breaks the glossary.
    #[arg(long)]
    pub glossary_retry: bool,
    /// The English variant asked of the engine (DeepL `EN-US`/`EN-GB`, the LLM prompt).
    #[arg(long, value_enum, value_name = "VARIANT")]
    pub target_variant: Option<TargetVariant>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Give up on a request after this many seconds (connecting included).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Retries of a failed request before the run stops (default 4); also the probes sent
    /// while the server seems down. Rate limits (HTTP 429) are not counted: see
    /// `--rate-limit-wait`.
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// Keep retrying rate-limited requests (HTTP 429) until the run has gone this long
    /// without storing anything (default 300).
    #[arg(long, value_name = "SECONDS")]
    pub rate_limit_wait: Option<f64>,
    /// Refuse to start a run whose estimated cost is above this amount (needs
    /// `translate.<engine>.price` in `workbench.yaml`).
    #[arg(long, value_name = "AMOUNT")]
    pub max_cost: Option<f64>,
    /// Refuse to start a run that would send more than this many characters of source text.
    #[arg(long, value_name = "N")]
    pub max_characters: Option<u64>,
    /// Backoff before the first retry, in milliseconds (tests: quick retries).
    #[arg(long, value_name = "MS", hide = true)]
    pub backoff_ms: Option<u64>,
    /// The shortest time over which the rate is measured at the first rate limit, in
    /// milliseconds (tests: a limiter on a shorter clock).
    #[arg(long, value_name = "MS", hide = true)]
    pub rate_window_ms: Option<u64>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// How `align` prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignFormat {
    /// A summary; the pairs are stored in `translations/`.
    Human,
    /// The pairs as JSON; stored too.
    Json,
    /// Only the bead listing (`0:0`, `1,2:1`, `4:`, `:5`), nothing stored.
    Beads,
}

/// Alignment methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AlignMethod {
    /// Length, numbers, names, glossary terms, a news lexicon and punctuation in one search.
    Workbench,
    /// Sentence length only (Gale and Church, 1993): the classic baseline.
    GaleChurch,
}

#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The Arabic source text.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The English translation of it.
    #[arg(value_name = "TARGET")]
    pub target: PathBuf,
    /// Both files are already one sentence per line: do not re-split them.
    #[arg(long)]
    pub presplit: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AlignFormat::Human)]
    pub format: AlignFormat,
    /// The alignment method: ours, or the length-only Gale–Church baseline (for comparison).
    #[arg(long, value_enum, default_value_t = AlignMethod::Workbench)]
    pub method: AlignMethod,
    /// Pairs with a confidence below this are flagged for review (default: `align.threshold`
    /// in `workbench.yaml`, else 0.5).
    #[arg(long, value_name = "0..1")]
    pub threshold: Option<f64>,
    /// The document's name, stored as `translations/<NAME>.yaml` (default: the source file's
    /// stem).
    #[arg(long)]
    pub name: Option<String>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The translation document (`translations/<doc>.yaml`).
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Show only segments in these states.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub state: Vec<StateArg>,
    /// Show only segments with findings.
    #[arg(long)]
    pub flagged: bool,
    /// Show only these segment ids: `7` or `3..9` (inclusive).
    #[arg(long, value_name = "ID|FROM..TO")]
    pub segment: Option<String>,
    /// Exit with 1 when there is a finding at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// Also write a self-contained HTML report to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Open the selected segments in `$EDITOR` and apply the changes as one revision.
    #[arg(long, conflicts_with = "approve")]
    pub edit: bool,
    /// Approve every selected segment that has a target and no finding.
    #[arg(long)]
    pub approve: bool,
    /// Terminal width for the side-by-side view (default: the terminal's, or 100).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// A translation document, or the first of two to compare.
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// A second document with the same source, to compare against the first.
    #[arg(value_name = "OTHER")]
    pub other: Option<PathBuf>,
    /// The older revision (default: the one before `--to`).
    #[arg(long, value_name = "REV")]
    pub from: Option<u32>,
    /// The newer revision (default: the last).
    #[arg(long, value_name = "REV")]
    pub to: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Also write a side-by-side HTML page of the changes to this file.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// The states a person can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateArg {
    New,
    Draft,
    Translated,
    Reviewed,
    Approved,
    Rejected,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: a free one, printed in the address).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The address to listen on instead of 127.0.0.1; anything but a loopback address lets
    /// other machines reach the server (the token still guards it).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::IpAddr>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The translation document.
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// The segment's id.
    #[arg(value_name = "ID")]
    pub id: u64,
    /// The new target text.
    #[arg(long)]
    pub target: Option<String>,
    /// The new state (default with `--target`: `translated`).
    #[arg(long, value_enum)]
    pub state: Option<StateArg>,
    /// Approve even when review finds a problem in the segment (the revision records it).
    #[arg(long, requires = "state")]
    pub force: bool,
}

/// Interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    /// XLIFF 2.1 (OASIS).
    Xliff2,
    /// XLIFF 1.2, for tools that read only 1.2.
    Xliff12,
    /// TMX 1.4b translation memory.
    Tmx,
    /// Tab-separated: id, source, target, state.
    Tsv,
    /// Comma-separated: id, source, target, state.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The translation document.
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExchangeFormat,
    /// The file to write (`-` for standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Export only segments at or above this state, in the order new/rejected, draft,
    /// translated, reviewed, approved (TMX default: translated; machine drafts with
    /// `--min-state draft`).
    #[arg(long, value_enum, value_name = "STATE")]
    pub min_state: Option<StateArg>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import (format from its content and extension).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The document to apply it to (default: the one the file names).
    #[arg(long, value_name = "DOC")]
    pub into: Option<PathBuf>,
    /// Show what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The file's format (default: from its content, or the extension for tables).
    #[arg(long, value_enum)]
    pub format: Option<ExchangeFormat>,
    /// Store a TMX as translation memory `translations/.memory/<NAME>.tmx` instead of
    /// applying it to a document (the same as `workbench memory import`).
    #[arg(long, conflicts_with = "into")]
    pub as_memory: bool,
    /// The memory's name (default: the TMX file's stem).
    #[arg(long, requires = "as_memory")]
    pub name: Option<String>,
    /// Apply the file's side of a conflict (a segment changed both in the file and in the
    /// store since the export), replacing the store's newer target.
    #[arg(long, conflicts_with = "as_memory")]
    pub theirs: bool,
    /// Approve the segments the file marks approved even when review finds problems in them
    /// (recorded in the revision).
    #[arg(long, conflicts_with = "as_memory")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the project in; created when missing (default: the current one).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command whose page to print instead of the main one (`workbench-<command>(1)`).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page (`workbench.1`, `workbench-split.1`…) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(subcommand)]
    pub command: GlossaryCommand,
}

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Show the glossary terms found in documents, and every target that breaks the glossary
    /// (exit 1 when there is one).
    Check(GlossaryCheckArgs),
    /// List the glossary's terms.
    List(GlossaryListArgs),
    /// Add a term to `glossary.yaml`.
    Add(GlossaryAddArgs),
    /// Add the terms of a CSV, TSV or TBX file to `glossary.yaml`.
    Import(GlossaryImportArgs),
    /// Write the glossary as CSV, TSV or TBX.
    Export(GlossaryExportArgs),
}

#[derive(Debug, Args)]
pub struct GlossaryCheckArgs {
    /// Translation documents (`translations/*.yaml`) or Arabic texts (matches only).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct GlossaryListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// Kinds of glossary terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TermKindArg {
    Person,
    Place,
    Organisation,
    Title,
    Term,
}

#[derive(Debug, Args)]
pub struct GlossaryAddArgs {
    /// An Arabic form of the term (repeat for every spelling).
    #[arg(long, required = true, value_name = "FORM")]
    pub arabic: Vec<String>,
    /// The English rendering every translation must use.
    #[arg(long, value_name = "RENDERING")]
    pub english: String,
    /// What the term names.
    #[arg(long, value_enum)]
    pub kind: Option<TermKindArg>,
    /// A note for translators.
    #[arg(long)]
    pub note: Option<String>,
    /// A rendering the house style rejects (repeatable).
    #[arg(long, value_name = "RENDERING")]
    pub forbidden: Vec<String>,
    /// Keep the term as it is in the translation.
    #[arg(long)]
    pub do_not_translate: bool,
}

/// Glossary interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GlossaryFormat {
    /// Comma-separated: arabic, english, note, kind, forbidden, do_not_translate.
    Csv,
    /// Tab-separated, same columns.
    Tsv,
    /// TBX-Basic (ISO 30042:2008, `<martif>`), read by OmegaT and Okapi.
    Tbx,
    /// TBX-Basic in TBX v3 (ISO 30042:2019).
    Tbx3,
}

#[derive(Debug, Args)]
pub struct GlossaryImportArgs {
    /// The file to import.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Its format (default: from the extension; `.tbx` files of either version are read).
    #[arg(long, value_enum)]
    pub format: Option<GlossaryFormat>,
}

#[derive(Debug, Args)]
pub struct GlossaryExportArgs {
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: GlossaryFormat,
    /// The file to write (`-` for standard output).
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct MemoryArgs {
    #[command(subcommand)]
    pub command: MemoryCommand,
}

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    /// The best matches of a sentence, best first (with `-`: one sentence per line of standard
    /// input, one JSON line per sentence).
    Lookup(MemoryLookupArgs),
    /// Store a TMX (1.1 to 1.4, OmegaT's `project_save.tmx` too) as a translation memory.
    Import(MemoryImportArgs),
    /// List the memory's sources: documents and imported memories, with their entries.
    List(MemoryListArgs),
    /// Remove an imported memory.
    Remove(MemoryRemoveArgs),
}

#[derive(Debug, Args)]
pub struct MemoryLookupArgs {
    /// The Arabic sentence, or `-` for one per line of standard input.
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// The lowest score shown, 1 to 100.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub min: u8,
    /// At most this many matches per sentence.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
    /// Output format (with `-`, always one JSON line per sentence).
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct MemoryImportArgs {
    /// The TMX file.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The memory's name (default: the file's stem).
    #[arg(long)]
    pub name: Option<String>,
    /// Show what would be stored and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct MemoryListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct MemoryRemoveArgs {
    /// The memory's name, as `memory list` shows it.
    #[arg(value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Source texts (split as `translate` would) or translation documents
    /// (`translations/*.yaml`).
    #[arg(required = true, value_name = "FILE|DOC")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Which side `search` looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchSide {
    /// The Arabic sources (normalised, proclitics allowed).
    Source,
    /// The English targets (case ignored).
    Target,
    /// Both.
    Both,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The word or phrase (a regular expression with `--regex`).
    #[arg(value_name = "TEXT")]
    pub text: String,
    /// Where to look.
    #[arg(long = "in", value_enum, default_value_t = SearchSide::Both)]
    pub side: SearchSide,
    /// TEXT is a regular expression (matched against the normalised Arabic, or the English
    /// as it is, case ignored).
    #[arg(long)]
    pub regex: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}
