#!/usr/bin/env bash
# Run one fuzz target for a while: fills corpus/<target>/ from the committed seeds and from the
# project's own files, then runs `cargo fuzz` on it.
#
#   fuzz/run.sh <target> [seconds] [extra libFuzzer flags...]
#
# Targets: split, glossary_match, store_load, journal_replay, srx_load, import_xliff, import_tmx,
# docx_read, html_read, markdown_read.
# Environment: SANITIZER (address by default; `none` is faster), FUZZ_TARGET_DIR (a cargo
# target directory for the instrumented build), JOBS (libFuzzer -fork workers, default none).
# Works on a stable toolchain: RUSTC_BOOTSTRAP=1 lets it take the flags cargo-fuzz needs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
target="${1:?usage: fuzz/run.sh <target> [seconds] [libFuzzer flags...]}"
seconds="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))

case "$target" in
  split | glossary_match | store_load | journal_replay | srx_load | import_xliff | import_tmx | docx_read | html_read | markdown_read) ;;
  *) echo "unknown target: $target" >&2; exit 2 ;;
esac

corpus="$here/corpus/$target"
mkdir -p "$corpus"
cp -n "$here/seeds/$target"/* "$corpus"/ 2>/dev/null || true

# Each non-empty line of a file as its own corpus entry.
lines_into() { # file prefix
  local n=0
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    n=$((n + 1))
    printf '%s' "$line" > "$corpus/$2-$n"
  done < "$1"
}

case "$target" in
  split)
    # Split cases: the raw input column, with \n and \t turned back into line breaks and tabs.
    cut -f1 "$root/tests/data/split-cases.tsv" | sed 's/\\n/\n/g; s/\\t/\t/g' > "$corpus/.cases"
    lines_into "$corpus/.cases" case
    rm -f "$corpus/.cases"
    for f in "$root"/seeds/*.txt; do lines_into "$f" "$(basename "$f" .txt)"; done
    ;;
  glossary_match)
    for f in "$root"/seeds/*.txt; do lines_into "$f" "$(basename "$f" .txt)"; done
    ;;
  store_load)
    for f in "$root"/translations/*.yaml "$root"/tests/fixtures/formats/*.yaml; do
      cp "$f" "$corpus/$(basename "$f")"
    done
    ;;
  srx_load) ;;
  import_xliff)
    cp "$root"/tests/fixtures/formats/*.xlf "$corpus"/
    ;;
  import_tmx)
    cp "$root"/tests/fixtures/formats/*.tmx "$corpus"/
    ;;
  docx_read)
    # The fixtures as packages, and the XML of their main parts on their own.
    for f in "$root"/tests/fixtures/documents/*.docx; do
      cp "$f" "$corpus/$(basename "$f")"
      python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))' \
        "$f" > "$corpus/$(basename "$f" .docx).document.xml" 2>/dev/null || true
    done
    ;;
  html_read)
    cp "$root"/tests/fixtures/documents/*.html "$corpus"/
    ;;
  markdown_read)
    cp "$root"/tests/fixtures/documents/*.md "$corpus"/
    ;;
esac

cd "$here"
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi
args=(run --sanitizer "${SANITIZER:-address}")
if [[ -n "${FUZZ_TARGET_DIR:-}" ]]; then
  args+=(--target-dir "$FUZZ_TARGET_DIR")
fi
fork=()
if [[ -n "${JOBS:-}" ]]; then
  fork=(-fork="$JOBS")
fi
exec cargo fuzz "${args[@]}" "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "${fork[@]}" "$@"
