# Differential test: folio's answers to generated phrase, NEAR, NOT/-, prefix and field queries on the
# BBC corpus must be exactly the sets a brute-force scan of the raw files finds (brute_force.py, which
# reads words with folio's own analyzer through tests/tools/folio_tokens).
# The same over Chinese, Japanese and Korean articles (../shared/corpora/multilingual, written out here as
# article files), whose words are the bigrams of runs (segment.h): phrases are consecutive bigrams.
# FOLIO_DIFF_QUERIES (default 400) and FOLIO_DIFF_SEED (default fixed) vary the run.
. "$(dirname "$0")/lib.sh"
BBC="$SHARED/corpora/bbc"
MULTI="$SHARED/corpora/multilingual"
need_shared "$BBC" "$MULTI/zh.jsonl" "$MULTI/ja.jsonl" "$MULTI/ko.jsonl"
# folio_tokens is built next to the unit tests (tests/ in the build directory).
TOKENS=${FOLIO_TOKENS:-$(dirname "$FOLIO_SEARCH")/tests/folio_tokens}
[ -x "$TOKENS" ] || { echo "no folio_tokens at $TOKENS (set FOLIO_TOKENS)"; exit 1; }

run "$FOLIO_INDEX" -q -d "$WORK/bbc.db" "$BBC"
check_eq "index BBC" 0 "$status"

python3 "$(dirname "$0")/brute_force.py" --corpus "$BBC" --tokens "$TOKENS" --search "$FOLIO_SEARCH" \
  --db "$WORK/bbc.db" --work "$WORK" --queries "${FOLIO_DIFF_QUERIES:-400}" --seed "${FOLIO_DIFF_SEED:-20260128}"
check_eq "folio and the brute force agree on every query" 0 $?

# 60 articles of each: title line, blank line, body, as the article parser reads them.
mkdir -p "$WORK/cjk"
python3 - "$MULTI" "$WORK/cjk" <<'PY'
import json, sys
for lang in ("zh", "ja", "ko"):
    for n, line in enumerate(open(f"{sys.argv[1]}/{lang}.jsonl", encoding="utf-8")):
        if n == 60:
            break
        d = json.loads(line)
        title = " ".join(d["title"].split())
        with open(f"{sys.argv[2]}/{lang}-{n:03d}.txt", "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + d["body"] + "\n")
PY
run "$FOLIO_INDEX" -q -d "$WORK/cjk.db" "$WORK/cjk"
check_eq "index CJK articles" 0 "$status"
python3 "$(dirname "$0")/brute_force.py" --corpus "$WORK/cjk" --tokens "$TOKENS" --search "$FOLIO_SEARCH" \
  --db "$WORK/cjk.db" --work "$WORK" --queries "${FOLIO_DIFF_QUERIES:-400}" --seed "${FOLIO_DIFF_SEED:-20260128}"
check_eq "folio and the brute force agree on every CJK query" 0 $?

finish
