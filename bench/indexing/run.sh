#!/bin/bash
# The indexing benchmark (issue 7): folio-index in its default configuration, Xapian's scriptindex and
# SQLite FTS5 side by side on Reuters-21578 and on generated corpora (gen_corpus.py), medians of RUNS
# runs: documents/s, MB/s, CPU time, peak RSS (children included: /usr/bin/time), index size; then folio's re-index
# time after changing 1% of the files of a directory corpus. Prints a Markdown table. Not a test.
#
#   bash bench/indexing/run.sh [BUILD_DIR]      (default build/; needs folio-index and folio-search)
#
# Environment: RUNS (3), SIZES (generated corpora run RUNS times; default 100000), BIG (a generated
# corpus run once, last; default 1000000, about 0.85 GB; 0 skips it), CHURN (files of the directory
# corpus; default 20000), SEED (1), ENGINES ("folio scriptindex fts5"), WORK (/tmp/folio-bench-indexing).
# Needs xapian-omega (scriptindex) and sqlite3 (scripts/deps installs both).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REUTERS=${REUTERS:-$ROOT/../shared/corpora/reuters21578.jsonl}
RUNS=${RUNS:-3}
SIZES=${SIZES:-100000}
BIG=${BIG:-1000000}
CHURN=${CHURN:-20000}
SEED=${SEED:-1}
ENGINES=${ENGINES:-folio scriptindex fts5}
WORK=${WORK:-/tmp/folio-bench-indexing}
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for tool in scriptindex sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (bash scripts/deps)" >&2; exit 1; }
done

# corpus NAME: makes $WORK/NAME.jsonl and its scriptindex dump (not timed).
corpus() {
  local name=$1
  if [ ! -s "$WORK/$name.jsonl" ]; then
    echo "generating $name" >&2
    if [ "$name" = reuters ]; then cp "$REUTERS" "$WORK/$name.jsonl"
    else python3 "$HERE/gen_corpus.py" jsonl "${name#gen}" "$SEED" > "$WORK/$name.jsonl"; fi
  fi
  [ -s "$WORK/$name.si" ] || python3 "$HERE/to_scriptindex.py" < "$WORK/$name.jsonl" > "$WORK/$name.si"
}

# measure ENGINE CORPUS RUN CMD...: runs CMD under /usr/bin/time; appends a line to $RESULTS.
measure() {
  local engine=$1 name=$2 run=$3 db=$4
  shift 4
  rm -rf "$db" "$db.rebuild"
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$@" > "$WORK/$engine.out" 2> "$WORK/$engine.err" ||
    { echo "$engine failed on $name:" >&2; tail -5 "$WORK/$engine.err" >&2; exit 1; }
  local docs bytes size
  docs=$(grep -c . "$WORK/$name.jsonl")
  bytes=$(stat -c %s "$WORK/$name.jsonl")
  size=$(du -sb "$db" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$engine" "$run" "$docs" "$bytes" $(cat "$WORK/time.txt") "$size" \
    >> "$RESULTS"
}

index_with() {
  local engine=$1 name=$2 run=$3
  case $engine in
    folio) measure folio "$name" "$run" "$WORK/folio.db" "$BUILD/folio-index" -q -d "$WORK/folio.db" "$WORK/$name.jsonl" ;;
    scriptindex) measure scriptindex "$name" "$run" "$WORK/xapian.db" \
                   scriptindex "$WORK/xapian.db" "$HERE/scriptindex.index" "$WORK/$name.si" ;;
    fts5) sed "s|@CORPUS@|$WORK/$name.jsonl|" "$HERE/fts5.sql" > "$WORK/fts5.sql"
          measure fts5 "$name" "$run" "$WORK/fts5.db" sh -c "sqlite3 '$WORK/fts5.db' < '$WORK/fts5.sql'" ;;
  esac
}

bench_corpus() {
  local name=$1 runs=$2
  corpus "$name"
  for run in $(seq 1 "$runs"); do
    for engine in $ENGINES; do
      echo "$name: $engine, run $run of $runs" >&2
      index_with "$engine" "$name" "$run"
    done
  done
}

bench_corpus reuters "$RUNS"
for n in $SIZES; do bench_corpus "gen$n" "$RUNS"; done

# ---- Re-indexing a directory corpus after 1% of its files changed ------------------------------------
CHURN_DIR="$WORK/churn"
if [ ! -d "$CHURN_DIR" ]; then
  echo "generating the directory corpus ($CHURN files)" >&2
  python3 "$HERE/gen_corpus.py" dir "$CHURN" "$CHURN_DIR" "$SEED"
fi
# churn_run LABEL RUN FILES BYTES: times one folio-index run over the directory corpus.
churn_run() {
  /usr/bin/time -f "%e %M %U %S" -o "$WORK/time.txt" "$BUILD/folio-index" -q -d "$WORK/churn.db" "$CHURN_DIR"
  printf 'churn\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" $(cat "$WORK/time.txt") >> "$RESULTS"
}
rm -rf "$WORK/churn.db"
churn_run "full build" 1 "$CHURN" "$(du -sb "$CHURN_DIR" | cut -f1)"
for run in $(seq 1 "$RUNS"); do
  # Every 100th file gets a new paragraph (different in every run): 1% of the files changed.
  find "$CHURN_DIR" -name '*.txt' | sort | awk 'NR % 100 == 0' |
    while read -r f; do printf '\nA new paragraph, edit %s of the benchmark.\n' "$run" >> "$f"; done
  churn_run "1% changed" "$run" "$((CHURN / 100))" 0
done
churn_run "nothing changed" 1 0 0

[ "$BIG" != 0 ] && bench_corpus "gen$BIG" 1

echo "command: bash bench/indexing/run.sh  (RUNS=$RUNS SIZES=$SIZES BIG=$BIG CHURN=$CHURN SEED=$SEED; $(nproc) cores)"
python3 "$HERE/report.py" "$RESULTS"
