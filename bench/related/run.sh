#!/usr/bin/env bash
# Related articles (issue #16, README "Related articles"): a seeded draw of N Reuters-21578 stories that
# have topics; for each, the top 10 of `folio-search --like ID`, and 10 stories drawn at random (not
# itself), and 10 drawn among the stories that have topics. Prints the share of those that share at least
# one topic with the story, each way, and the ratios; also the share of the first related story alone, and
# the median time libfolio took to find the related stories (took_ms).
#   bash bench/related/run.sh [BUILD_DIR]     Environment: SEED (1), N (200), CORPUS, WORK (a temp dir)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
SEED=${SEED:-1}
N=${N:-200}
WORK=${WORK:-$(mktemp -d)}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 77; }
[ -d "$WORK/folio.db" ] || "$BUILD/folio-index" -q -d "$WORK/folio.db" "$CORPUS"
python3 - "$CORPUS" "$SEED" "$N" "$WORK/folio.db" "$BUILD/folio-search" <<'PY'
import json, random, statistics, subprocess, sys
corpus, seed, n, db, search = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rng = random.Random(seed)
topics = {}
for line in open(corpus, encoding="utf-8"):
    d = json.loads(line)
    topics[str(d["id"])] = set(d.get("topics") or [])
ids = sorted(topics, key=int)
with_topics = [i for i in ids if topics[i]]
sample = rng.sample(with_topics, n)
def shares(doc, others):
    return sum(1 for o in others if topics[doc] & topics.get(o, set()))
related_shared = related_shown = first_shared = first_shown = 0
random_shared = random_shown = topical_shared = topical_shown = 0
took = []
for doc in sample:
    out = subprocess.run([search, "-d", db, "--format", "json", "-n", "10", "--like", doc],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"folio-search --like {doc} failed: {out.stderr.strip()}")
    answer = json.loads(out.stdout)
    hits = [h["id"] for h in answer["hits"]]
    took.append(answer["took_ms"])
    assert doc not in hits, f"{doc} is related to itself"
    related_shared += shares(doc, hits)
    related_shown += len(hits)
    first_shared += shares(doc, hits[:1])
    first_shown += len(hits[:1])
    drawn = rng.sample([i for i in ids if i != doc], 10)
    random_shared += shares(doc, drawn)
    random_shown += len(drawn)
    drawn = rng.sample([i for i in with_topics if i != doc], 10)
    topical_shared += shares(doc, drawn)
    topical_shown += len(drawn)
related = related_shared / related_shown
chance = random_shared / random_shown
topical = topical_shared / topical_shown
print(f"{n} stories with topics (seed {seed}), the share of other stories that share a topic with the story:")
print(f"  top 10 related (--like):           {related_shared}/{related_shown} = {related:.1%}")
print(f"  the first related alone:           {first_shared}/{first_shown} = {first_shared / first_shown:.1%}")
print(f"  10 random stories:                 {random_shared}/{random_shown} = {chance:.1%} (related: {related / chance:.1f}x)")
print(f"  10 random stories that have topics: {topical_shared}/{topical_shown} = {topical:.1%} (related: {related / topical:.1f}x)")
print(f"  median time to find the related stories: {statistics.median(took):.1f} ms")
PY
