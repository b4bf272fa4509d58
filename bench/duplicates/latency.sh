#!/usr/bin/env bash
# What collapsing near-duplicates costs: bench/batch's generated queries over Reuters-21578 answered with
# --collapse and without it (folio-search's default, the code path of before), medians of
# folio's own took_ms per query over RUNS alternating runs of one --batch process each.
#   bash bench/duplicates/latency.sh [BUILD_DIR]     Environment: RUNS (3), QUERIES (2000), WORK
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-2000}
WORK=${WORK:-/tmp/folio-bench-duplicates}
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 77; }
mkdir -p "$WORK"
[ -d "$WORK/folio.db" ] || "$BUILD/folio-index" -q -d "$WORK/folio.db" "$CORPUS"
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" 1 > "$WORK/batch.tsv"
for n in $(seq 1 "$RUNS"); do
  "$BUILD/folio-search" -d "$WORK/folio.db" --collapse --batch "$WORK/batch.tsv" --format jsonl -n 10 > "$WORK/collapse.$n.jsonl"
  "$BUILD/folio-search" -d "$WORK/folio.db" --batch "$WORK/batch.tsv" --format jsonl -n 10 > "$WORK/all.$n.jsonl"
done
python3 - "$WORK" "$RUNS" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def load(name):
    return [[json.loads(l) for l in open(f"{work}/{name}.{n}.jsonl")] for n in range(1, runs + 1)]
def took(rows):
    return [statistics.median(r[i]["took_ms"] for r in rows) for i in range(len(rows[0]))]
def p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]
c, a = load("collapse"), load("all")
tc, ta = took(c), took(a)
grouped = sum(1 for r in c[0] if any(h["duplicates"]["count"] for h in r["hits"]))
fewer = sum(1 for r in c[0] if r["distinct"] < r["total"])
same_total = all(x["total"] == y["total"] for x, y in zip(c[0], a[0]))
print(f"{len(tc)} queries; {grouped} show a collapsed group in their top 10, {fewer} have fewer distinct than "
      f"matches; totals equal with and without collapse: {same_total}")
print(f"collapse p50 {p(tc, .5):.3f} ms p95 {p(tc, .95):.3f} ms; without p50 {p(ta, .5):.3f} ms "
      f"p95 {p(ta, .95):.3f} ms; mean ratio {statistics.mean(tc) / statistics.mean(ta):.3f}")
PY
