#!/bin/bash
# The batch benchmark (issue 4): one batch of generated queries over Reuters-21578 answered by folio
# (`folio-search --batch --format jsonl -n 10`), bare Xapian (xapian_peer.cpp) and SQLite FTS5
# (fts5_peer.c), each one long-lived process, top 10 with snippets; prints a table of per-kind p50/p95
# latency and queries/s (medians of RUNS runs). Not a test.
#
#   bash bench/batch/run.sh [BUILD_DIR]     (default build/; needs folio-index and folio-search there)
#
# Environment: QUERIES (default 2000), SEED (1), RUNS (3), CORPUS (../shared/corpora/reuters21578.jsonl)
# or LONG=N (N generated long articles: bench/corpus.sh), WORK (/tmp/folio-bench-batch/<corpus name>;
# indexes are kept there and rebuilt when missing or FRESH=1).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
. "$ROOT/bench/corpus.sh"
QUERIES=${QUERIES:-2000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/folio-bench-batch/$CORPUS_NAME}
mkdir -p "$WORK"

echo "building the peers" >&2
g++ -O2 -std=c++17 -o "$WORK/xapian_peer" "$HERE/xapian_peer.cpp" $(pkg-config --cflags --libs xapian-core)
gcc -O2 -std=c11 -o "$WORK/fts5_peer" "$HERE/fts5_peer.c" -lsqlite3

if [ "${FRESH:-0}" = 1 ]; then rm -rf "$WORK/folio.db" "$WORK/xapian.db" "$WORK/fts5.db"; fi
python3 "$HERE/export_docs.py" "$CORPUS" > "$WORK/docs.tsv"
[ -d "$WORK/folio.db" ] || { echo "indexing for folio" >&2; "$BUILD/folio-index" -q -d "$WORK/folio.db" "$CORPUS"; }
[ -d "$WORK/xapian.db" ] || { echo "indexing for xapian" >&2; "$WORK/xapian_peer" index "$WORK/xapian.db" "$WORK/docs.tsv"; }
[ -f "$WORK/fts5.db" ] || { echo "indexing for fts5" >&2; "$WORK/fts5_peer" index "$WORK/fts5.db" "$WORK/docs.tsv"; }

python3 "$HERE/gen_queries.py" "$CORPUS" "$QUERIES" "$SEED" > "$WORK/queries.tsv"

# run ENGINE RUN CMD...: runs CMD with its output in ENGINE.RUN.out and its wall-clock time in .wall.
run() {
  local engine=$1 n=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  "$@" > "$WORK/$engine.$n.out" 2>> "$WORK/$engine.err"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' > "$WORK/$engine.$n.wall"
}

for n in $(seq 1 "$RUNS"); do
  echo "run $n of $RUNS" >&2
  # The batch holds no failing query, so folio exits 0 (2 would mean one failed).
  run folio "$n" "$BUILD/folio-search" -d "$WORK/folio.db" --batch "$WORK/queries.tsv" --format jsonl -n 10
  run xapian "$n" "$WORK/xapian_peer" search "$WORK/xapian.db" "$WORK/queries.tsv"
  run fts5 "$n" "$WORK/fts5_peer" search "$WORK/fts5.db" "$WORK/queries.tsv"
done

echo "command: bash bench/batch/run.sh  (corpus $CORPUS_NAME, QUERIES=$QUERIES SEED=$SEED RUNS=$RUNS)"
python3 "$HERE/report.py" "$WORK" "$RUNS" folio xapian fts5
