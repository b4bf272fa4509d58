# The query language (issue 3) end to end: every row of the syntax table, combinations, strict errors
# with their columns, --lenient and --plain, the size and nesting bounds, --explain, the prefix expansion
# cap, and highlighting that follows the query. BBC (no dates) for text; Reuters-21578 for keyword
# fields (topics, places) and dates (1987). Counts are checked against the raw corpus where a scan is
# simple (keywords, dates) and against set algebra of folio's own answers elsewhere; the brute-force
# differential test (differential.sh) covers phrase, NEAR, NOT, prefix and fields on generated queries.
. "$(dirname "$0")/lib.sh"
BBC="$SHARED/corpora/bbc"
REUTERS="$SHARED/corpora/reuters21578.jsonl"
need_shared "$BBC" "$REUTERS"

run "$FOLIO_INDEX" -q -d "$WORK/bbc.db" "$BBC"
check_eq "index BBC" 0 "$status"
run "$FOLIO_INDEX" -q -d "$WORK/reuters.db" "$REUTERS"
check_eq "index Reuters" 0 "$status"

export FOLIO_DB="$WORK/bbc.db"

# count ARGS...: the exact number of matches (--count); sets $status.
count() {
  run "$FOLIO_SEARCH" --count "$@"
  printf '%s' "$out"
}

# ids ARGS...: the ids of all matches, sorted, one a line.
ids() {
  "$FOLIO_SEARCH" --format jsonl -n 10000 "$@" 2>/dev/null |
    python3 -c 'import json,sys; [print(h["id"]) for l in sys.stdin for h in json.loads(l).get("hits", [])]' |
    LC_ALL=C sort
}

# check_some WHAT VALUE: VALUE is not empty (so that comparing answers is not comparing nothing).
check_some() {
  if [ -n "$2" ]; then pass; else fail "$1: empty"; fi
}

# json_member NAME ARGS...: one member of the JSON answer (Python repr).
json_member() {
  local name=$1
  shift
  run "$FOLIO_SEARCH" --format json "$@"
  printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get(sys.argv[1]))' "$name"
}

# highlighted ID ARGS...: the highlighted words in the snippet of hit ID, one a line ("" if not a hit).
highlighted() {
  local id=$1
  shift
  "$FOLIO_SEARCH" --format jsonl -n 10000 "$@" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    for h in json.loads(line).get("hits", []):
        if h["id"] == sys.argv[1]:
            s = h["snippet"].encode()
            for a, b in h["highlights"]:
                print(s[a:b].decode())' "$id"
}

# all_highlighted ARGS...: every word highlighted in the snippets of all hits, lower case, one a line.
all_highlighted() {
  "$FOLIO_SEARCH" --format jsonl -n 10000 "$@" 2>/dev/null | python3 -c '
import json, sys
words = set()
for line in sys.stdin:
    for h in json.loads(line).get("hits", []):
        s = h["snippet"].encode()
        words.update(s[a:b].decode().lower() for a, b in h["highlights"])
print("\n".join(sorted(words)))'
}

# every_hit PYTHON-PREDICATE ARGS...: "ok" when the predicate (over hit h) holds for every hit, else the
# first hit failing it.
every_hit() {
  local pred=$1
  shift
  "$FOLIO_SEARCH" --format jsonl -n 10000 "$@" 2>/dev/null | python3 -c '
import json, re, sys
pred = eval("lambda h, hl: " + sys.argv[1])
for line in sys.stdin:
    for h in json.loads(line).get("hits", []):
        s = h["snippet"].encode()
        hl = [s[a:b].decode().lower() for a, b in h["highlights"]]
        if not pred(h, hl):
            print("failed on", h["id"], h["title"], hl)
            sys.exit()
print("ok")' "$pred"
}

# ---- Syntax table, one row at a time (BBC) -------------------------------------------------------------

# Plain words: matched and ranked by the ranking issue's rule; here only that they answer.
run "$FOLIO_SEARCH" ad sales boost
check_eq "plain words" 0 "$status"

# Phrases: consecutive words after analysis; stopwords inside count; stemming applies.
check_eq "phrase with a stopword" "business/001.txt" "$(ids '"profits at US media giant"')"
check_eq "phrase stemmed and case-folded" "business/001.txt" "$(ids '"PROFIT at us Media giants"')"
count '"profits us media giant"' >/dev/null
check_eq "phrase without its stopword is another phrase" 1 "$status"
count '"warner time"' >/dev/null
check_eq "phrase word order" 1 "$status"

# Boolean operators: set algebra over folio's own answers.
a=$(ids +chelsea)
b=$(ids +arsenal)
both=$(ids chelsea AND arsenal)
check_some "chelsea" "$a"
check_some "arsenal" "$b"
check_some "chelsea AND arsenal" "$both"
check_eq "AND is the intersection" "$(comm -12 <(echo "$a") <(echo "$b"))" "$both"
check_eq "OR is the union" "$(sort -u <(echo "$a") <(echo "$b") | LC_ALL=C sort)" "$(ids chelsea OR arsenal)"
check_eq "NOT is the difference" "$(comm -23 <(echo "$a") <(echo "$b"))" "$(ids chelsea NOT arsenal)"
check_eq "-word is NOT word" "$(ids chelsea NOT arsenal)" "$(ids 'chelsea -arsenal')"
check_eq "+word alone" "$a" "$(ids +chelsea)"
check_eq "+word among words is required" "$(ids chelsea AND arsenal)" "$(ids +chelsea +arsenal)"
check_eq "excluded words are analyzed: -films excludes filmed" "$(ids 'chelsea -filmed')" "$(ids 'chelsea -films')"
check_eq "excluded words are analyzed: -film" "$(ids 'chelsea -film')" "$(ids 'chelsea -films')"
check_not_contains "lower-case or is a word" "(OR" "$(json_member parsed 'chelsea or arsenal')"
check_not_contains "lower-case and is a word" "(AND (WORD \"chelsea\") (WORD \"arsenal\"))" \
  "$(json_member parsed 'chelsea and arsenal')"
check_contains "lower-case not is a word" '(WORD "not")' "$(json_member parsed 'chelsea not arsenal')"
check_eq "AND binds tighter than OR" "$(ids chelsea OR '(arsenal AND everton)')" "$(ids chelsea OR arsenal AND everton)"
check_eq "implicit AND binds tighter than OR" "$(ids '(chelsea AND mourinho)' OR arsenal)" \
  "$(ids chelsea mourinho OR arsenal)"
check_eq "NOT binds tighter than AND" "$(ids '(chelsea -arsenal) AND mourinho')" "$(ids chelsea NOT arsenal mourinho)"
check_contains "precedence in the tree" '(OR (WORD "chelsea") (AND (WORD "mourinho") (NOT (WORD "arsenal"))))' \
  "$(json_member parsed 'chelsea OR mourinho NOT arsenal')"

# Grouping.
check_eq "grouping" "$(sort -u <(ids chelsea AND mourinho) <(ids arsenal AND mourinho) | LC_ALL=C sort)" \
  "$(ids '(chelsea OR arsenal)' mourinho)"

# NEAR: "profits at US media giant" — profits and giant have 3 words between them.
check_contains "NEAR/3 reaches 3 words" "business/001.txt" "$(ids profits NEAR/3 giant)"
check_contains "NEAR either order" "business/001.txt" "$(ids giant NEAR/3 profits)"
check_not_contains "NEAR/2 does not reach 3 words" "business/001.txt" "$(ids profits NEAR/2 giant)"
check_eq "NEAR is NEAR/10" "$(ids chelsea NEAR/10 arsenal)" "$(ids chelsea NEAR arsenal)"
near=$(ids chelsea NEAR arsenal)
check_some "chelsea NEAR arsenal" "$near"
check_eq "NEAR within AND" "$near" "$(comm -12 <(echo "$near") <(echo "$both"))"
check_eq "NEAR/0 is adjacency in either order" \
  "$(sort -u <(ids '"time warner"') <(ids '"warner time"') | LC_ALL=C sort)" "$(ids time NEAR/0 warner)"

# Prefixes: over the index's folded, unstemmed words.
run "$FOLIO_SEARCH" --explain 'runn*'
check_contains "runn* expands to running" "Wrunning" "$out"
check_not_contains "runn* never to run" "Wrun " "$out"
check_not_contains "runn* never to run)" "Wrun)" "$out"
check_eq "prefix hits hold a word with the prefix" "ok" \
  "$(every_hit 'all(w.startswith("detent") for w in hl) and hl' 'detent*')"
check_eq "prefix is folded" "$(ids 'detent*')" "$(ids 'DÉTENT*')"

# Fields.
check_eq "title:word" "ok" "$(every_hit '"chelsea" in h["title"].lower()' title:chelsea)"
check_eq "title:phrase" "business/001.txt" "$(ids 'title:"time warner"')"
check_eq "body:phrase not in the body" "" "$(ids 'body:"ad sales boost"')"
check_eq "title:(a OR b)" "ok" "$(every_hit 're.search("chelsea|arsenal", h["title"].lower())' 'title:(chelsea OR arsenal)')"
check_eq "title or body is the default" "$(sort -u <(ids title:mourinho) <(ids body:mourinho) | LC_ALL=C sort)" \
  "$(ids +mourinho)"
count author:chelsea >/dev/null
check_eq "author: field (none in BBC)" 1 "$status"
count url:chelsea >/dev/null
check_eq "url: field (none in BBC)" 1 "$status"

# Keyword fields and dates, checked against a scan of the JSON Lines file.
expected=$(python3 - "$REUTERS" <<'EOF'
import json, sys
def values(v):
    return [v] if isinstance(v, str) else v or []
counts = dict.fromkeys(["grain", "usa", "dated", "day", "month", "from-april", "to-march-1", "combo"], 0)
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    topics = [t.lower() for t in values(d.get("topics"))]
    places = [p.lower() for p in values(d.get("places"))]
    date = d.get("date") or ""
    counts["grain"] += "grain" in topics
    counts["usa"] += "usa" in places
    if date:
        counts["dated"] += 1
        counts["day"] += date[:10] == "1987-03-02"
        counts["month"] += date[:7] == "1987-03"
        counts["from-april"] += date[:7] >= "1987-04"
        counts["to-march-1"] += date[:10] <= "1987-03-01"
        counts["combo"] += "grain" in topics and "usa" not in places and date[:7] == "1987-03"
print(" ".join("%s=%d" % kv for kv in counts.items()))
EOF
)
R=(-d "$WORK/reuters.db")
for pair in "grain=topics:grain" "grain=topics:GRAIN" "usa=places:usa" "dated=date:1987..1987" "dated=date:..2100" \
  "day=date:1987-03-02" "month=date:1987-03" "from-april=date:>=1987-04" "to-march-1=date:..1987-03-01" \
  "combo=topics:grain date:1987-03 -places:usa"; do
  key=${pair%%=*} query=${pair#*=}
  want=$(printf '%s\n' $expected | sed -n "s/^$key=//p")
  check_eq "Reuters $query" "$want" "$(count "${R[@]}" "$query")"
done
# A date filter does not change ranking: the same scores with and without it.
scores() {
  "$FOLIO_SEARCH" "${R[@]}" --format tsv -n 20 "$@" | awk -F'\t' 'NR > 1 {print $3, $4}'
}
check_eq "date filter keeps scores" "$(scores +wheat +export)" "$(scores +wheat +export date:1987)"

# ---- Combinations ------------------------------------------------------------------------------------
# The issue's shape, on Reuters: title phrase, open date range, exclusion, group with a prefix (each
# part narrows the answer: 37, 25, 21, then 17 articles).
combo='title:"interest rates" date:1987-04.. -japan (german* OR bank)'
run "$FOLIO_SEARCH" "${R[@]}" --count "$combo"
check_eq "combination answers" 0 "$status"
want=$(comm -12 <(ids "${R[@]}" 'title:"interest rates"') <(ids "${R[@]}" 'date:1987-04..') |
  comm -23 - <(ids "${R[@]}" +japan) | comm -12 - <(ids "${R[@]}" 'german* OR bank'))
check_some "combination" "$want"
check_eq "combination is the set algebra of its parts" "$want" "$(ids "${R[@]}" "$combo")"
want=$(comm -12 <(ids 'title:"time warner"') <(ids '+profit OR shar*') | comm -23 - <(ids +china))
check_eq "BBC combination" "$want" "$(ids 'title:"time warner" -china (profit OR shar*)')"

# ---- Strict errors: one line, the column, exit 2 ------------------------------------------------------
while IFS='|' read -r query column message; do
  run "$FOLIO_SEARCH" -- "$query"
  check_eq "error status: [$query]" 2 "$status"
  check_eq "error line: [$query]" "folio-search: query error at column $column: $message" "$err"
  check_eq "nothing on stdout: [$query]" "" "$out"
done <<'EOF'
(asylum judge|1|unbalanced '('
asylum (judge OR refugee|8|unbalanced '('
asylum judge)|13|unexpected ')'
asylum NEAR/5 "well founded"|15|NEAR works only on words and prefixes
asylum "judge|8|unbalanced quote
asylum AND|8|'AND' has nothing to apply to
OR asylum|1|'OR' has nothing to apply to
asylum NOT|8|'NOT' has nothing to apply to
date:2025-13-01|6|bad date '2025-13-01': month 13 out of range
date:yesterday|6|bad date 'yesterday': expected a 4-digit year
colour:red|1|unknown field 'colour'
|1|empty query
   |1|empty query
asylum ()|8|empty group
-china|1|nothing to exclude from
-china -asylum|1|nothing to exclude from
EOF
run "$FOLIO_SEARCH" --format json -- '-china'
check_eq "JSON error" '{"version":1,"query":"-china","error":{"message":"nothing to exclude from","column":1}}' "$out"
check_eq "JSON error status" 2 "$status"

# ---- --lenient and --plain -------------------------------------------------------------------------
run "$FOLIO_SEARCH" --lenient -- '(chelsea "mourinho'
check_eq "lenient: a bad query is read as words" 0 "$status"
check_eq "lenient: no error line" "" "$err"
check_eq "lenient: the words" '(AND (WORD "(chelsea") (WORD "\"mourinho"))' \
  "$(json_member parsed --lenient -- '(chelsea "mourinho')"
run "$FOLIO_SEARCH" --lenient -- '-china'
check_eq "lenient: only exclusions find nothing" 1 "$status"
check_eq "lenient: only exclusions, no error" "" "$err"
check_eq "lenient: a good query is read strictly" "$(ids 'chelsea -arsenal')" "$(ids --lenient 'chelsea -arsenal')"
parsed=$(json_member parsed --plain 'I AM INTERESTED IN title:chelsea AND "arsenal" NOT (everton*')
check_eq "plain: only words" \
  '(AND (WORD "I") (WORD "AM") (WORD "INTERESTED") (WORD "IN") (WORD "title:chelsea") (WORD "AND") (WORD "\"arsenal\"") (WORD "NOT") (WORD "(everton*"))' \
  "$parsed"
run "$FOLIO_SEARCH" --plain -- '-china'
check_eq "plain: -china is the word china" 0 "$status"

# ---- Bounds: 16 KB, 64 levels ------------------------------------------------------------------------
long=$(python3 -c 'print(("chelsea " * 3000)[:16384])')
run "$FOLIO_SEARCH" --count "$long"
check_eq "16 KB query answers" 0 "$status"
for mode in "" --lenient --plain; do
  run "$FOLIO_SEARCH" --count $mode "${long}x"
  check_eq "16 KB + 1 byte is an error $mode" 2 "$status"
  check_contains "16 KB + 1 byte message $mode" "query too long (16385 bytes, at most 16384)" "$err"
done
nest() { python3 -c "import sys; n = int(sys.argv[1]); print('(' * n + 'chelsea OR arsenal' + ')' * n)" "$1"; }
run "$FOLIO_SEARCH" --count "$(nest 64)"
check_eq "64 levels answer" 0 "$status"
run "$FOLIO_SEARCH" --count "$(nest 65)"
check_eq "65 levels are an error" 2 "$status"
check_contains "65 levels message" "query nested deeper than 64 levels" "$err"
run "$FOLIO_SEARCH" --count --lenient "$(nest 65)"
check_eq "65 levels are an error in lenient mode too" 2 "$status"
# At most 128 words in phrases and NEAR groups (repeats count once).
phrases() { python3 -c "import sys; print(' OR '.join('\"w%d x\"' % i for i in range(int(sys.argv[1]))))" "$1"; }
run "$FOLIO_SEARCH" --count "$(phrases 64)"
check_eq "128 words in phrases answer" 1 "$status"
run "$FOLIO_SEARCH" --count "$(phrases 65)"
check_eq "129 words in phrases are an error" 2 "$status"
check_contains "129 words in phrases message" "query too complex (more than 128 words in phrases and NEAR groups)" "$err"
run "$FOLIO_SEARCH" --count "$(python3 -c 'print(" OR ".join(["\"time warner\""] * 200))')"
check_eq "a repeated phrase counts once" 0 "$status"
# Hostile sizes answer (their times are measured by bench/query_bounds.sh, not tested).
run "$FOLIO_SEARCH" "${R[@]}" --count "$(python3 -c 'print(" ".join("abcdefghij"[i % 10] for i in range(8000)))')"
check_eq "8,000-word query answers" 0 "$status"
run "$FOLIO_SEARCH" "${R[@]}" --count 'a*'
check_eq "a* answers" 0 "$status"
check_contains "a* reports the cap" "some were left out" "$err"

# ---- --explain and the expansion cap -------------------------------------------------------------------
run "$FOLIO_SEARCH" --explain 'films -"time warner" detent*'
check_eq "explain status" 0 "$status"
check_contains "explain: the tree" 'parsed: (AND (WORD "films") (NOT (PHRASE "time warner")) (PREFIX "detent"))' "$out"
check_contains "explain: stems" "film OR 0.5 * Sfilm" "$out"
check_contains "explain: phrase terms" "time PHRASE 2 warner" "$out"
check_contains "explain: prefix expansions" "Wdetention" "$out"
check_contains "explain: the ranking of an operator query" "ranking: BM25 k1=1.2 b=0.75; title match +0.5 x a body match" "$out"
# A relaxed question names every component of its ranking, with its weight.
run "$FOLIO_SEARCH" --explain --plain 'why did the government decide to raise taxes on cigarettes and petrol'
check_contains "explain: relaxed" "relaxed to any of its 6 words" "$out"
check_contains "explain: phrase boost" "whole-query phrase +1" "$out"
check_contains "explain: proximity" "proximity over 5 word pairs: within 8 positions +0.1" "$out"
check_contains "explain: proximity terms" "(govern NEAR 8 decid)" "$out"
check_contains "explain: feedback" "feedback: 10 terms (Xapian's ESet)" "$out"
check_contains "explain: feedback weight" "each weighed 0.5 x its share of the best term's" "$out"
run "$FOLIO_SEARCH" --explain 'films cinema'
check_contains "explain: words required" "all 2 words required" "$out"
check_eq "explain: no proximity when all words are required" 0 "$(grep -c proximity <<< "$out")"
check_eq "no cap hit" "False" "$(json_member expansion_capped 'detent*')"
check_eq "cap hit in JSON" "True" "$(json_member expansion_capped --max-expansion 3 'th*')"
run "$FOLIO_SEARCH" --max-expansion 3 'th*'
check_contains "cap hit in text" "a prefix matched more words than --max-expansion allows" "$err"
check_eq "a smaller cap matches less" 1 \
  "$([ "$(count --max-expansion 3 'th*')" -lt "$(count 'th*')" ] && echo 1)"

# ---- Highlighting follows the query ------------------------------------------------------------------
check_eq "stemmed variants highlighted" "ok" \
  "$(every_hit 'all(w.startswith("film") for w in hl)' film)"
check_contains "film highlights filming" "filming" "$(all_highlighted +film)"
check_eq "a phrase is highlighted as one unit" "Time Warner" "$(highlighted business/001.txt '"time warner"')"
check_eq "never words of a NOT clause" "ok" \
  "$(every_hit 'hl and "mourinho" not in hl and "arsenal" not in hl' 'chelsea -(mourinho arsenal)')"
check_eq "NEAR pair highlighted" "profits giant" "$(highlighted business/001.txt profits NEAR/3 giant | tr '\n' ' ' | sed 's/ $//')"
check_eq "prefix expansions highlighted" "ok" \
  "$(every_hit 'hl and all(w.startswith("detent") for w in hl)' 'detent*')"
check_eq "words of a field restricted to the title not highlighted in the body" "ok" \
  "$(every_hit '"chelsea" not in hl' title:chelsea mourinho)"
# The window prefers the passage holding the most distinct query terms: "earlier" occurs near the start
# of business/001.txt, but the snippet is where it meets "Alexander", 1,200 bytes further on.
check_eq "window with most distinct terms" "Alexander earlier" \
  "$(highlighted business/001.txt earlier AND alexander | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

finish
