#!/bin/bash
# Worst-case query times on Reuters-21578 (issue 3: every query answers or errors within one second).
# Each hostile query runs through folio-search (top 10 with snippets, then --count); the table gives the
# best wall-clock time of RUNS runs, the exit status and the verdict. Not a test: the tests only check
# that these queries complete with the right exit status (tests/e2e/query_language.sh).
#
#   bash bench/query_bounds.sh [BUILD_DIR]     (default build/; needs folio-index and folio-search there)
#
# Environment: CORPUS (../shared/corpora/reuters21578.jsonl), WORK (/tmp/folio-bench-bounds; the index
# is kept there and rebuilt when missing or FRESH=1), RUNS (3), LIMIT_S (1.0).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
WORK=${WORK:-/tmp/folio-bench-bounds}
RUNS=${RUNS:-3}
LIMIT_S=${LIMIT_S:-1.0}
mkdir -p "$WORK/queries"
if [ "${FRESH:-0}" = 1 ]; then rm -rf "$WORK/reuters.db"; fi
[ -d "$WORK/reuters.db" ] || { echo "indexing $CORPUS" >&2; "$BUILD/folio-index" -q -d "$WORK/reuters.db" "$CORPUS"; }

# The hostile queries, each at most 16 KB (the query size limit), written to $WORK/queries/NAME.
python3 - "$CORPUS" "$WORK/queries" <<'EOF'
import json, os, random, sys
corpus, out = sys.argv[1], sys.argv[2]
MAX = 16384
rng = random.Random(1)
words = []
with open(corpus, encoding="utf-8") as f:
    for i, line in enumerate(f):
        words += [w for w in json.loads(line).get("body", "").lower().split() if w.isalpha()]
        if i >= 2000:
            break
common = "the of to in and said for on it is was by at with from that its be as".split()

def fit(parts, sep=" "):
    """As many parts as fit in MAX bytes."""
    text = ""
    for p in parts:
        nxt = text + sep + p if text else p
        if len(nxt.encode()) > MAX:
            break
        text = nxt
    return text

queries = {
    "plain-8000-same-word": fit(["a"] * 10000),
    "plain-8000-one-letter-words": fit(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10000)),
    "plain-16KB-corpus-words": fit(rng.choice(words) for _ in range(10000)),
    "or-3000-same-word": fit(["a"] * 10000, " OR "),
    "or-16KB-corpus-words": fit((rng.choice(words) for _ in range(10000)), " OR "),
    "and-16KB-corpus-words": fit((rng.choice(words) for _ in range(10000)), " AND "),
    "not-16KB": "said " + fit("-" + rng.choice(words) for _ in range(10000))[:MAX - 10].rsplit(" ", 1)[0],
    "nest-64": "(" * 64 + "oil OR gas" + ")" * 64,
    "nest-64-alternating": "".join("(w%d OR " % i for i in range(63)) + "oil" + ")" * 63,
    "prefix-a*": "a*",
    "prefix-26-letters": " OR ".join(c + "*" for c in "abcdefghijklmnopqrstuvwxyz"),
    "prefix-16KB-stars": fit((rng.choice(words)[:2] + "*" for _ in range(10000)), " OR "),
    "phrase-100-corpus-words": '"' + " ".join(words[1000:1100]) + '"',
    "phrase-8000-same-word": '"' + fit(["a"] * 10000)[:MAX - 2] + '"',
    "or-of-2-word-phrases": fit(('"%s %s"' % (rng.choice(common), rng.choice(common)) for _ in range(5000)), " OR "),
    "or-of-20-word-phrases": fit(('"%s %s"' % (" ".join(["a"] * 18), rng.choice(common)) for _ in range(5000)), " OR "),
    "near-chain-common": fit(common * 100, " NEAR/50 "),
    "near-pairs-or": fit(("(%s NEAR/20 %s)" % (rng.choice(common), rng.choice(common)) for _ in range(5000)), " OR "),
    # The most positional work a query may ask for (128 words in phrases and NEAR groups):
    "near-64-pairs-or": " OR ".join("(%s NEAR/20 %s)" % (common[i % len(common)], common[i // len(common) + 1]) for i in range(64)),
    "phrase-64-pairs-or": " OR ".join('"%s %s"' % (common[i % len(common)], common[i // len(common) + 1]) for i in range(64)),
    "phrase-128-same-word": '"' + " ".join(["a"] * 128) + '"',
    "near-128-common": " NEAR/1000 ".join((common * 7)[:128]),
}
for name, q in queries.items():
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(q)
EOF

# time_query FILE ARGS...: prints "SECONDS STATUS", the best of RUNS runs.
time_query() {
  local file=$1
  shift
  local best="" status=0 start end t
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    set +e
    "$BUILD/folio-search" -d "$WORK/reuters.db" "$@" -- "$(cat "$file")" > /dev/null 2> "$WORK/stderr"
    status=$?
    set -e
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '%.3f %d\n' "$best" "$status"
}

printf '%-30s %7s %9s %6s  %s\n' query bytes seconds status verdict
slow=0
for file in "$WORK"/queries/*; do
  name=$(basename "$file")
  for mode in top10 count; do
    args=(-n 10)
    [ "$mode" = count ] && args=(--count)
    read -r secs status < <(time_query "$file" "${args[@]}")
    verdict=ok
    if [ "$(echo "$secs > $LIMIT_S" | bc)" = 1 ]; then verdict=SLOW; slow=$((slow + 1)); fi
    [ "$status" -le 2 ] || verdict="$verdict (crashed: status $status)"
    printf '%-30s %7d %9s %6d  %s\n' "$name/$mode" "$(wc -c < "$file")" "$secs" "$status" "$verdict"
  done
done
echo "$slow over ${LIMIT_S}s"
