# bench/corpus.sh — sourced by the query benchmarks (bench/batch/run.sh, bench/http/run.sh): picks the
# corpus from the environment and names the index after it, so that switching corpora never reuses an
# index built from another one.
#
#   LONG=N     N generated long articles (bench/indexing/gen_corpus.py long N 1), written once under
#              $LONG_DIR (default /tmp/folio-bench-corpora: generated corpora stay out of the repository)
#   CORPUS=F   any JSON Lines corpus F (default ../shared/corpora/reuters21578.jsonl); LONG wins over it
#
# Sets CORPUS (the file) and CORPUS_NAME (its file name without .jsonl, for naming indexes).
# Needs ROOT (the repository) set by the caller.
if [ -n "${LONG:-}" ]; then
  case $LONG in *[!0-9]*|'') echo "LONG must be a number of articles, not '$LONG'" >&2; exit 1 ;; esac
  LONG_DIR=${LONG_DIR:-/tmp/folio-bench-corpora}
  mkdir -p "$LONG_DIR"
  CORPUS="$LONG_DIR/long$LONG-seed1.jsonl"
  if [ ! -s "$CORPUS" ]; then
    echo "generating $LONG long articles into $CORPUS" >&2
    python3 "$ROOT/bench/indexing/gen_corpus.py" long "$LONG" 1 > "$CORPUS.part"
    mv "$CORPUS.part" "$CORPUS"
  fi
fi
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 1; }
CORPUS_NAME=$(basename "$CORPUS" .jsonl)
