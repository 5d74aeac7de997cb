//! The commented configuration file that `workbench init` writes.

/// The configuration file `workbench init` writes: every setting, commented, at its default.
pub const TEMPLATE: &str = r#"# workbench project configuration.
#
# Every setting is shown at its default: change what you need, or delete a line to keep the
# default. A flag on the command line overrides the setting here. Unknown keys are an error.
# API keys never go in this file: they are read from the environment only (OPENAI_API_KEY,
# DEEPL_AUTH_KEY, LIBRETRANSLATE_API_KEY, GOOGLE_API_KEY).

# The version of this file's format.
version: 1

# The project's languages, as BCP 47 tags, recorded in every new translation document.
# workbench translates Arabic into English: a regional tag (ar-SY, en-GB) is accepted,
# another language is an error.
languages:
  # The language of the documents in seeds/.
  source: ar
  # The language of the translations.
  target: en

translate:
  # The engine `workbench translate` uses when no --backend is given: stub (offline and
  # deterministic, for trying things out), openai, deepl, libretranslate or google.
  backend: stub
  # Settings per engine; ~ means the engine's own default, or its environment variable where
  # it has one (OPENAI_BASE_URL, DEEPL_API_URL, LIBRETRANSLATE_URL, GOOGLE_TRANSLATE_URL).
  #   model:       the model, for engines that have several            (--model)
  #   base_url:    the engine's address, http:// or https://           (--base-url)
  #   batch_size:  segments per request, capped by the engine's limits (--batch-size)
  #   jobs:        requests in flight at once                          (--jobs)
  #   rate:        at most this many requests per second               (--rate)
  #   price:       what the engine costs, per million units, in your currency: for deepl,
  #                google and libretranslate `characters` (of source text), for openai
  #                `input_tokens` and `output_tokens`; `currency` is only shown. It turns
  #                the usage of a run and `--dry-run`'s estimate into money (`--max-cost`).
  #                For example: price: {characters: 20, currency: EUR}
  openai:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
    price: ~
  deepl:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
    price: ~
  libretranslate:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
    price: ~
  google:
    model: ~
    base_url: ~
    batch_size: ~
    jobs: ~
    rate: ~
    price: ~
  # The translation memory (every target in translations/ and the memories imported with
  # `workbench memory import`): exact and normalised-exact matches are reused as they are.
  memory:
    # Fuzzy matches scoring at least this (50 to 99) go to openai with the sentence, as
    # examples of earlier translations.
    min_fuzzy: 75
    # At most this many fuzzy matches per sentence (0 to 10; 0 sends none).
    examples: 3

review:
  # The quality checks of `workbench review`; set one to false to turn it off.
  checks:
    # The target is empty.
    untranslated: true
    # The target is a copy of the source.
    same-as-source: true
    # A number differs between source and target (Arabic-Indic and Latin digits compared).
    numbers: true
    # A glossary name is missing from the target, or a forbidden rendering is used.
    glossary: true
    # One name is spelled in different ways across the document.
    name-spelling: true
    # The same source sentence is translated differently in two places.
    inconsistent: true
    # The target is far longer or shorter than is usual in the document (see length_ratio).
    length-ratio: true
    # Brackets or quotes in the target do not balance as in the source.
    unbalanced: true
    # Invisible bidi control characters in the text (shown, never obeyed).
    invisible: true
    # Kashida (tatweel) stretching in the text.
    kashida: true
    # Double spaces, or stray whitespace at either end.
    whitespace: true
    # The aligner was unsure of the pair (see min_confidence).
    low-confidence: true
    # The source changed under a target a person had made.
    stale: true
    # The inline codes (markup such as links or bold, shown as <g1>…</g1> and <x2/>) of the
    # target differ from the source's: lost, added, repeated, crossed, moved out of their
    # pair, or put back around the whole sentence after an engine lost them.
    tags: true
    # Arabic letters, Arabic-Indic digits or Arabic punctuation left in the English target
    # (a glossary term marked do_not_translate excepted).
    arabic-script: true
  # A pair whose target/source length ratio lies more than this many robust deviations
  # (median absolute deviation) from the document's median ratio is flagged. Above 1.
  length_ratio: 3.5
  # Aligned pairs scored below this are flagged as low confidence. From 0 to 1.
  min_confidence: 0.5

align:
  # `workbench align` flags pairs whose confidence is below this (--threshold). From 0 to 1.
  threshold: 0.5

analyze:
  # `workbench analyze`: the weight of a word in each match band, from 0 to 1, for the
  # weighted word count.
  weights:
    repetitions: 0.25
    "100": 0.25
    95-99: 0.5
    85-94: 0.6
    75-84: 0.7
    50-74: 1.0
    new: 1.0
"#;
