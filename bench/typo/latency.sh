#!/usr/bin/env bash
# What typo tolerance costs (issue #16's targets), in one run so that a loaded machine weighs on both
# sides alike: bench/batch's generated queries (which need no correction) answered with typo tolerance
# on and with --exact (the code path of before), and bench/typo's headlines with a typo (corrected)
# against the same headlines typed right. Medians of folio's own took_ms per query over RUNS
# alternating runs of one long-lived --batch process each (the vocabulary is read once per process).
#   bash bench/typo/latency.sh [BUILD_DIR]     Environment: RUNS (3), QUERIES (2000), WORK (bench/typo's)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$ROOT/build}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-2000}
export WORK=${WORK:-/tmp/folio-bench-typo}
mkdir -p "$WORK"
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 77; }
[ -f "$WORK/typo.txt" ] || bash "$HERE/run.sh" "$BUILD" >/dev/null
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" 1 > "$WORK/batch.tsv"
for n in $(seq 1 "$RUNS"); do
  for side in typo exact; do
    flag=$([ $side = exact ] && echo --exact || true)
    "$BUILD/folio-search" -d "$WORK/folio.db" $flag --batch "$WORK/batch.tsv" --format jsonl -n 10 > "$WORK/batch.$side.$n.jsonl"
  done
  "$BUILD/folio-search" -d "$WORK/folio.db" --plain --batch "$WORK/clean.txt" --format jsonl -n 10 > "$WORK/headlines.clean.$n.jsonl"
  "$BUILD/folio-search" -d "$WORK/folio.db" --plain --batch "$WORK/typo.txt" --format jsonl -n 10 > "$WORK/headlines.typo.$n.jsonl"
done
python3 - "$WORK" "$RUNS" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def took(name, only_corrected=None):
    per_run = []
    for n in range(1, runs + 1):
        rows = [json.loads(l) for l in open(f"{work}/{name}.{n}.jsonl")]
        per_run.append(rows)
    keep = range(len(per_run[0]))
    if only_corrected is not None:
        keep = [i for i in keep if (per_run[0][i].get("corrected_query") is not None) == only_corrected]
    return [statistics.median(r[i]["took_ms"] for r in per_run) for i in keep], keep
b_typo, _ = took("batch.typo")
b_exact, _ = took("batch.exact")
corrected = [json.loads(l).get("corrected_query") is not None for l in open(f"{work}/headlines.typo.1.jsonl")]
idx = [i for i, c in enumerate(corrected) if c]
h_typo, _ = took("headlines.typo")
h_clean, _ = took("headlines.clean")
def p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]
print(f"bench/batch queries ({len(b_typo)}; "
      f"{sum(1 for l in open(f'{work}/batch.typo.1.jsonl') if json.loads(l).get('corrected_query'))} corrected): "
      f"typo on p50 {p(b_typo, .5):.3f} ms p95 {p(b_typo, .95):.3f} ms; --exact p50 {p(b_exact, .5):.3f} ms "
      f"p95 {p(b_exact, .95):.3f} ms; mean ratio {statistics.mean(b_typo) / statistics.mean(b_exact):.3f}")
ht = [h_typo[i] for i in idx]
hc = [h_clean[i] for i in idx]
print(f"headlines corrected ({len(idx)} of {len(corrected)}): corrected p50 {p(ht, .5):.3f} ms p95 {p(ht, .95):.3f} ms; "
      f"the same headlines clean p50 {p(hc, .5):.3f} ms p95 {p(hc, .95):.3f} ms; mean ratio "
      f"{statistics.mean(ht) / statistics.mean(hc):.2f}x")
PY
