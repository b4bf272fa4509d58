#!/usr/bin/env bash
# HTTP benchmark of folio-search --serve (not a test): wrk on loopback, 16 connections for 10 s, rotating
# over at least 1,000 distinct real queries (bench/batch/gen_queries.py: two words, a phrase, one word,
# three words OR'ed, drawn from the corpus: Reuters-21578, or CORPUS=F, or LONG=N generated long
# articles, bench/corpus.sh), no response cache. Reports requests/s, p50 and p99 latency and errors for
# each run, then the medians.
#
#   bash bench/http/run.sh [BUILD_DIR]     (default build/; RUNS=3 QUERIES=2000 SEED=1 CONNECTIONS=16
#                                           DURATION=10s THREADS=2 may be set, and KINDS="single phrase"
#                                           to keep only some kinds of query; FRESH=1 indexes anew: the
#                                           index, bench/out/http/<corpus name>.db, is kept between
#                                           runs, also across folio versions)
# Run it on a quiet machine: wrk and the server share its cores.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
. "$ROOT/bench/corpus.sh"
RUNS=${RUNS:-3} QUERIES=${QUERIES:-2000} SEED=${SEED:-1}
CONNECTIONS=${CONNECTIONS:-16} DURATION=${DURATION:-10s} THREADS=${THREADS:-2}
KINDS=${KINDS:-and2 phrase single or3}
OUT="$ROOT/bench/out/http"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is not installed (bash scripts/deps)" >&2; exit 1; }

DB="$OUT/$CORPUS_NAME.db"
if [ "${FRESH:-0}" = 1 ]; then rm -rf "$DB"; fi
if [ ! -d "$DB" ]; then
  echo "== indexing $CORPUS"
  "$BUILD/folio-index" -q -d "$DB" "$CORPUS"
fi

# One request path a line: /api/search?q=<query, percent-encoded>.
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" "$SEED" | python3 -c '
import sys, urllib.parse
kinds, seen = set(sys.argv[1].split()), set()
for line in sys.stdin:
    qid, q = line.rstrip("\n").split("\t", 1)
    if qid.split("-")[0] in kinds and q not in seen:
        seen.add(q)
        print("/api/search?q=" + urllib.parse.quote(q, safe=""))
' "$KINDS" > "$OUT/paths.txt"
echo "== $(wc -l < "$OUT/paths.txt") distinct queries ($KINDS)"

"$BUILD/folio-search" -d "$DB" --serve --port 0 --quiet 2> "$OUT/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$OUT/server.log" | head -1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$OUT/server.log" >&2; exit 1; }

# Warm the page cache and every thread's database handle.
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$HERE/rotate.lua" "http://127.0.0.1:$port" -- "$OUT/paths.txt" > /dev/null

: > "$OUT/results.txt"
for run in $(seq "$RUNS"); do
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" -s "$HERE/rotate.lua" "http://127.0.0.1:$port" \
    -- "$OUT/paths.txt" | grep '^RESULT' | tee -a "$OUT/results.txt"
done

python3 - "$OUT/results.txt" <<'PY'
import statistics, sys
runs = [dict(kv.split("=") for kv in line.split()[1:]) for line in open(sys.argv[1])]
med = lambda k: statistics.median(float(r[k]) for r in runs)
print(f"median of {len(runs)} runs: {med('requests_per_s'):.0f} requests/s, p50 {med('p50_ms'):.2f} ms, "
      f"p99 {med('p99_ms'):.2f} ms, errors {sum(int(r['errors']) for r in runs)}")
PY
