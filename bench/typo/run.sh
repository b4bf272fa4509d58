#!/usr/bin/env bash
# The headline-with-a-typo test (issue #16): a seeded draw of 200 Reuters headlines; each is searched as
# it is and with one typo (a deletion, insertion, substitution or swap of neighbouring letters) in one
# word of at least 6 letters. Prints how often the headline's own article comes first either way, and
# their ratio (target: at least 0.95), and the same with typo tolerance off (--exact).
#   bash bench/typo/run.sh [BUILD_DIR]       Environment: SEED (1), N (200), CORPUS, WORK (a temp dir)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
SEED=${SEED:-1}
N=${N:-200}
WORK=${WORK:-$(mktemp -d)}
[ -f "$CORPUS" ] || { echo "no corpus at $CORPUS" >&2; exit 77; }
[ -d "$WORK/folio.db" ] || "$BUILD/folio-index" -q -d "$WORK/folio.db" "$CORPUS"
python3 - "$CORPUS" "$SEED" "$N" "$WORK" <<'PY'
import json, random, re, sys
corpus, seed, n, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
docs = []
for line in open(corpus, encoding="utf-8"):
    d = json.loads(line)
    t = d.get("title", "")
    if len(t.split()) >= 3 and any(len(w) >= 6 and w.isalpha() for w in t.split()):
        docs.append((str(d["id"]), t))
letters = "abcdefghijklmnopqrstuvwxyz"
def typo(word):
    i = rng.randrange(len(word))
    kind = rng.choice("dist")
    if kind == "d":
        return word[:i] + word[i + 1:]
    if kind == "i":
        return word[:i] + rng.choice(letters) + word[i:]
    if kind == "s":
        return word[:i] + rng.choice(letters.replace(word[i].lower(), "")) + word[i + 1:]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]
with open(f"{work}/clean.txt", "w") as c, open(f"{work}/typo.txt", "w") as t, open(f"{work}/ids.txt", "w") as ids:
    for doc_id, title in rng.sample(docs, n):
        words = title.split()
        long = [k for k, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        k = rng.choice(long)
        typed = words[:k] + [typo(words[k])] + words[k + 1:]
        # the query language's syntax stays plain words: quotes and operators out
        clean = re.sub(r'["()+\-:*~]', " ", title)
        c.write(clean + "\n")
        t.write(re.sub(r'["()+\-:*~]', " ", " ".join(typed)) + "\n")
        ids.write(doc_id + "\n")
PY
first() { # the id of the first hit of each query, one a line
  "$BUILD/folio-search" -d "$WORK/folio.db" --plain --batch "$@" --format tsv -n 1 |
    awk -F'\t' '$2 == 1 { print $1 "\t" $3 }'
}
score() { # how many queries found their own article first
  first "$@" | awk -F'\t' 'NR == FNR { want[FNR] = $1; next } want[$1] == $2 { n++ } END { print n + 0 }' \
    "$WORK/ids.txt" -
}
clean=$(score "$WORK/clean.txt")
typod=$(score "$WORK/typo.txt")
exact=$(score --exact "$WORK/typo.txt")
echo "headlines: $N (seed $SEED); target article first: clean $clean, with a typo $typod (ratio $(python3 -c "print(round($typod/$clean, 3))")), with a typo and --exact $exact"
