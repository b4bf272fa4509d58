#!/usr/bin/env bash
# What synonyms cost: on Reuters-21578, a list of rules for the wire's own abbreviations (usa, u.s.,
# united states; opec; mln, million; ...) plus 100,000 rules of words no query holds, so that the list
# is as large as a site's would be. bench/batch's generated queries are answered with the list applied
# and with --no-synonyms (the code path of a database without a list), in alternating runs of one
# --batch process each; medians of folio's own took_ms per query. Queries naming an entry of the list
# are reported apart: those are the ones that do more work. Also: the time of a first query, which reads
# the list (the process's whole time, --count, median of RUNS), with the list and without.
#   bash bench/synonyms/run.sh [BUILD_DIR]     Environment: RUNS (3), QUERIES (2000), CORPUS, WORK
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-2000}
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
WORK=${WORK:-$(mktemp -d)}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 77; }
mkdir -p "$WORK"
[ -d "$WORK/folio.db" ] || "$BUILD/folio-index" -q -d "$WORK/folio.db" "$CORPUS"
cat > "$WORK/rules.txt" <<'RULES'
usa, united states, u.s.
uk, britain, united kingdom
opec => organization of petroleum exporting countries
mln, million
bln, billion
dlrs, dollars
pct, percent
bpd => barrels per day
fed => federal reserve
ec, european community
gatt => general agreement on tariffs and trade
shr, share
qtr, quarter
RULES
python3 -c '
import sys
sys.stdout.write(open(sys.argv[1]).read())
for i in range(100000):
    print(f"filler{i}q, padding{i}q")' "$WORK/rules.txt" > "$WORK/synonyms.txt"
"$BUILD/folio-index" -q -d "$WORK/folio.db" --synonyms "$WORK/synonyms.txt"
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" 1 > "$WORK/queries.tsv"
for n in $(seq 1 "$RUNS"); do
  for side in synonyms none; do
    flag=$([ $side = none ] && echo --no-synonyms || true)
    "$BUILD/folio-search" -d "$WORK/folio.db" $flag --batch "$WORK/queries.tsv" --format jsonl -n 10 > "$WORK/$side.$n.jsonl"
    start=$(date +%s%N)
    "$BUILD/folio-search" -d "$WORK/folio.db" $flag --count usa > /dev/null
    echo $(( ($(date +%s%N) - start) / 1000 )) >> "$WORK/first.$side"
  done
done
python3 - "$WORK" "$RUNS" <<'PY'
import json, re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
keys = set()
for line in open(f"{work}/rules.txt"):
    left = line.split("=>")[0] if "=>" in line else line
    for entry in left.split(","):
        keys.update(entry.split())  # any word of an entry: an upper bound on what a query may name
queries = [l.rstrip("\n").split("\t", 1)[1] for l in open(f"{work}/queries.tsv")]
named = [any(w in keys for w in re.findall(r"[a-z.]+", q.lower())) for q in queries]
def took(side):
    rows = [[json.loads(l)["took_ms"] for l in open(f"{work}/{side}.{n}.jsonl")] for n in range(1, runs + 1)]
    return [statistics.median(r[i] for r in rows) for i in range(len(queries))]
def p(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]
syn, none = took("synonyms"), took("none")
named[0] = None  # the first query of a process reads the list: reported below, not here
for label, pick in (("all queries but the first", [k is not None for k in named]),
                    ("naming an entry", [k is True for k in named]), ("naming none", [k is False for k in named])):
    a = [x for x, k in zip(syn, pick) if k]
    b = [x for x, k in zip(none, pick) if k]
    print(f"{label} ({len(a)}): with the list p50 {p(a, .5):.3f} ms p95 {p(a, .95):.3f} ms; --no-synonyms "
          f"p50 {p(b, .5):.3f} ms p95 {p(b, .95):.3f} ms; mean ratio {statistics.mean(a) / statistics.mean(b):.3f}")
first = {s: statistics.median(int(x) for x in open(f"{work}/first.{s}")) / 1000 for s in ("synonyms", "none")}
print(f"a first query (folio-search --count usa, the whole process; the list of 100,013 rules read): "
      f"{first['synonyms']:.1f} ms with the list, {first['none']:.1f} ms with --no-synonyms")
PY
