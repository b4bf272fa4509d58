# folio-search for scripts: the JSON schema, batches, TSV and TREC output, paging totals, --count,
# --facet, --get, --stats, and a reader that closes the pipe early. On Reuters-21578 and a few
# hand-made records.
. "$(dirname "$0")/lib.sh"
REUTERS="$SHARED/corpora/reuters21578.jsonl"
TREC_EVAL="$SHARED/tools/trec_eval.py"
need_shared "$REUTERS" "$TREC_EVAL"
export FOLIO_DB="$WORK/reuters.db"
SMALL="$WORK/small.db"

# check_py WHAT FILE CODE: runs CODE (python3) with the parsed lines of FILE in `objs`; passes when it
# exits 0, else reports what it printed.
check_py() {
  local msg
  if msg=$(python3 - "$2" 2>&1 <<EOF
import json, sys
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')            # strict: the output must be valid UTF-8
objs = [json.loads(l) for l in text.splitlines() if l.strip()]
$3
EOF
  ); then pass; else fail "$1: $msg"; fi
}

run "$FOLIO_INDEX" -q "$REUTERS"
check_eq "index Reuters" 0 "$status"

# ---- A few records made to test escaping, ids and round trips --------------------------------------
cat > "$WORK/small.jsonl" <<'EOF'
{"id": "xss 1%", "title": "<script>alert(1)</script> & Co", "body": "Tom & Jerry <b>cheese</b> \"quoted\" cheddar cheese", "date": "2001-02-03", "url": "http://example.com/?a=1&b=2", "topics": ["dairy", "food"], "places": "uk"}
{"id": "uni", "title": "Café naïve 日本語 title", "body": "Crème brûlée in the café, with a tab\there", "author": "Zoë"}
{"id": "tabs", "title": "A title\twith a tab\nand a newline", "body": "cheese again"}
EOF
run "$FOLIO_INDEX" -q -d "$SMALL" "$WORK/small.jsonl"
check_eq "index the small records" 0 "$status"

# ---- Schema: every documented field, with its type ------------------------------------------------
"$FOLIO_SEARCH" grain -n 5 --format json --facet topics --facet places > "$WORK/schema.json"
check_eq "json search exit status" 0 "$?"
check_py "search object schema" "$WORK/schema.json" '
assert len(objs) == 1, "one object, got %d" % len(objs)
o = objs[0]
types = {"version": int, "query": str, "parsed": str, "total": int, "total_exact": bool, "offset": int,
         "limit": int, "took_ms": (int, float), "hits": list, "expansion_capped": bool, "facets": dict}
for k, t in types.items():
    assert k in o, "missing " + k
    assert isinstance(o[k], t) and not (t is int and isinstance(o[k], bool)), "%s: %r" % (k, o[k])
assert "suggestion" in o and o["suggestion"] is None, "suggestion must be null"
assert "qid" not in o, "no qid outside a batch"
assert o["query"] == "grain" and o["limit"] == 5 and o["offset"] == 0 and o["version"] == 1
assert len(o["hits"]) == 5
for i, h in enumerate(o["hits"]):
    for k, t in {"rank": int, "id": str, "score": (int, float), "title": str, "snippet": str,
                 "snippet_html": str, "highlights": list}.items():
        assert k in h and isinstance(h[k], t), "hit %s: %r" % (k, h.get(k))
    for k in ("date", "url"):
        assert k in h and (h[k] is None or isinstance(h[k], str)), "hit " + k
    assert h["rank"] == i + 1
    assert h["highlights"], "a grain hit has highlights"
    snip = h["snippet"].encode()
    for s, e in h["highlights"]:
        assert 0 <= s < e <= len(snip), "span out of range"
        assert snip[s:e].decode().lower().startswith("grain"), "span is not the match: %r" % snip[s:e]
    assert h["snippet_html"].count("<mark>") == len(h["highlights"])
assert [h["score"] for h in o["hits"]] == sorted([h["score"] for h in o["hits"]], reverse=True)
f = o["facets"]
assert set(f) == {"topics", "places"}
for vals in f.values():
    assert 0 < len(vals) <= 10
    for v in vals:
        assert isinstance(v["value"], str) and isinstance(v["count"], int) and v["count"] > 0
'

"$FOLIO_SEARCH" grain -n 2 --format jsonl > "$WORK/one.jsonl"
check_py "jsonl without facets has no facets member" "$WORK/one.jsonl" '
assert len(objs) == 1 and "facets" not in objs[0] and len(objs[0]["hits"]) == 2'

# HTML in documents is escaped in snippet_html; the plain snippet keeps the text as it is.
"$FOLIO_SEARCH" -d "$SMALL" cheese --format json > "$WORK/html.json"
check_py "snippet_html escapes HTML" "$WORK/html.json" '
hits = {h["id"]: h for h in objs[0]["hits"]}
h = hits["xss 1%"]
assert h["title"] == "<script>alert(1)</script> & Co", h["title"]
assert "<b>" in h["snippet"] and "&" in h["snippet"]
html = h["snippet_html"]
assert "<b>" not in html and "<script" not in html, html
assert "&amp;" in html and "&lt;b&gt;" in html and ("&quot;" in html or "&#34;" in html), html
assert "<mark>cheese</mark>" in html, html
assert h["url"] == "http://example.com/?a=1&b=2" and h["date"] == "2001-02-03"
'

"$FOLIO_SEARCH" -d "$SMALL" cafe --format json > "$WORK/unicode.json"
check_py "unicode survives as valid UTF-8" "$WORK/unicode.json" '
h = objs[0]["hits"][0]
assert h["title"] == "Café naïve 日本語 title", h["title"]
assert "Crème brûlée" in h["snippet"]
snip = h["snippet"].encode()
assert [snip[s:e].decode() for s, e in h["highlights"]] == ["café"], h["highlights"]
'

# ---- TSV and TREC ---------------------------------------------------------------------------------
run "$FOLIO_SEARCH" -d "$SMALL" cheese --format tsv
check_eq "tsv header" $'qid\trank\tid\tscore\ttitle' "$(printf '%s\n' "$out" | head -n 1)"
check_eq "tsv: one line a hit, five fields each" "2 2" \
  "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { n++; if (NF == 5) ok++ } END { print n, ok }')"
check_contains "tsv: tab and newline in a title become spaces" $'\tA title with a tab and a newline' "$out"

run "$FOLIO_SEARCH" -d "$SMALL" cheese --format trec
check_contains "trec: white space and % in ids are encoded" "1 Q0 xss%201%25 " "$out"
check_eq "trec: six fields a line" "2" "$(printf '%s\n' "$out" | awk 'NF == 6 && $2 == "Q0" && $6 == "folio"' | wc -l)"

printf 'g1\tgrain\no1\t"crude oil"\nc1\tcocoa prices\n' > "$WORK/trec-queries.txt"
"$FOLIO_SEARCH" --batch "$WORK/trec-queries.txt" --format trec -n 100 > "$WORK/run.trec"
check_eq "trec batch exit status" 0 "$?"
# qrels: the first hit of each query relevant, plus a document no query finds.
awk '$4 == 1 { print $1, 0, $3, 1 }' "$WORK/run.trec" > "$WORK/qrels.txt"
echo "g1 0 no-such-doc 1" >> "$WORK/qrels.txt"
run python3 "$TREC_EVAL" "$WORK/qrels.txt" "$WORK/run.trec"
check_eq "trec_eval accepts the run" 0 "$status"
check_contains "trec_eval scores all three queries" "queries=3" "$out"
check_contains "trec_eval: the relevant first hits give MAP (1 + 1 + 0.5) / 3" "map=0.8333" "$out"

# ---- Batch -----------------------------------------------------------------------------------------
printf 'grain wheat\nq2\t"crude oil"\n\n(bad\nq5\ttitle:"unclosed\nzzzqqqxx\nq7\tcocoa\n' > "$WORK/batch.txt"
for fmt in json jsonl; do
  run "$FOLIO_SEARCH" --batch "$WORK/batch.txt" --format $fmt -n 3
  check_eq "batch with bad lines ($fmt): exit 2" 2 "$status"
  check_contains "batch errors named on stderr ($fmt)" "query 4: query error at column 1" "$err"
  printf '%s\n' "$out" > "$WORK/batch.$fmt"
  check_py "batch answers ($fmt)" "$WORK/batch.$fmt" '
assert [o["qid"] for o in objs] == ["1", "q2", "4", "q5", "6", "q7"], [o["qid"] for o in objs]
by = {o["qid"]: o for o in objs}
for q in ("4", "q5"):
    e = by[q]["error"]
    assert isinstance(e["message"], str) and e["message"], e
    assert isinstance(e["column"], int) and e["column"] >= 1, e
    assert "hits" not in by[q]
assert by["4"]["query"] == "(bad" and by["4"]["error"]["column"] == 1
assert by["q2"]["query"] == "\"crude oil\"" and by["q2"]["total"] > 0 and len(by["q2"]["hits"]) == 3
assert by["6"]["total"] == 0 and by["6"]["hits"] == []
assert by["q7"]["total"] > 0, "the lines after an error are answered"
'
done

run "$FOLIO_SEARCH" --batch --format jsonl -n 1 < <(printf 'grain\ncocoa\n')
check_eq "batch from stdin, all good: exit 0" 0 "$status"
check_eq "batch from stdin: one object a line" 2 "$(printf '%s\n' "$out" | wc -l)"

printf 'caf\xe9 grain\nbad\xffqid\tcocoa\n' > "$WORK/latin1.txt"
"$FOLIO_SEARCH" --batch "$WORK/latin1.txt" --format jsonl -n 1 > "$WORK/latin1.jsonl"
check_py "invalid UTF-8 in the input still gives valid JSON" "$WORK/latin1.jsonl" '
assert len(objs) == 2 and objs[0]["query"] == "caf\ufffd grain" and objs[1]["qid"] == "bad\ufffdqid", objs'

run "$FOLIO_SEARCH" --batch "$WORK/batch.txt" --count
check_eq "batch --count exit status" 2 "$status"
check_contains "batch --count: qid and count" $'q2\t' "$out"
check_eq "batch --count: a line per good query" 4 "$(printf '%s\n' "$out" | wc -l)"

run "$FOLIO_SEARCH" --batch "$WORK/no-such-file"
check_eq "batch file missing: exit 2" 2 "$status"

# ---- Totals are the same on every page; --count is the exact total -----------------------------
for q in grain said '"crude oil"'; do
  totals=$(for off in 0 10 20; do
    "$FOLIO_SEARCH" "$q" --offset $off --format json | python3 -c \
      'import json,sys; o=json.load(sys.stdin); print(o["total"], o["total_exact"], o["hits"][0]["rank"])'
  done | tr '\n' ' ')
  first=$(printf '%s' "$totals" | cut -d' ' -f1,2)
  check_eq "same total on pages 1-3 of $q" "$first 1 $first 11 $first 21 " "$totals"
done

total=$("$FOLIO_SEARCH" grain --format json | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["total"] if o["total_exact"] else "inexact")')
run "$FOLIO_SEARCH" grain --count
check_eq "--count equals the exact total" "$total" "$out"
check_eq "--count exit status" 0 "$status"
run "$FOLIO_SEARCH" said --count
check_eq "--count is exact past the exact range" 1 "$([ "$out" -gt 10000 ] && echo 1)"
said_lower=$("$FOLIO_SEARCH" said --format json | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["total"], o["total_exact"])')
check_eq "beyond 10,000 matches the total is a lower bound" "10000 False" "$said_lower"
"$FOLIO_SEARCH" said --count --format json > "$WORK/count.json"
check_py "--count in JSON: exact total, no hits" "$WORK/count.json" "
o = objs[0]
assert o['total'] == $out and o['total_exact'] is True and o['hits'] == [], o"
run "$FOLIO_SEARCH" grain -n 0
check_eq "-n 0: the status says the query matched" 0 "$status"
check_eq "-n 0: totals only" "No results (387 matching)." "$out"
run "$FOLIO_SEARCH" zzzqqqxx --count
check_eq "--count of nothing" "0" "$out"
check_eq "--count of nothing: exit 1" 1 "$status"

# ---- Facets agree with folio's own filter -------------------------------------------------------
"$FOLIO_SEARCH" grain --facet topics --format json -n 0 > "$WORK/facets.json"
python3 -c 'import json,sys
for v in json.load(open(sys.argv[1]))["facets"]["topics"][:4]: print(v["value"], v["count"])' \
  "$WORK/facets.json" > "$WORK/facet-values.txt"
check_eq "four facet values" 4 "$(wc -l < "$WORK/facet-values.txt")"
check_contains "grain's top topic is grain" "grain " "$(head -n 1 "$WORK/facet-values.txt")"
while read -r value count; do
  check_eq "facet count of topics:$value" "$count" "$("$FOLIO_SEARCH" --count "grain topics:$value")"
done < "$WORK/facet-values.txt"
run "$FOLIO_SEARCH" grain --facet topics -n 1
check_contains "facets in text" "topics: grain (" "$out"

# ---- --get: the stored document, and a round trip through folio-index ----------------------------
"$FOLIO_SEARCH" -d "$SMALL" --get 'xss 1%' --format json > "$WORK/got.jsonl"
check_py "--get returns the record as indexed" "$WORK/got.jsonl" '
src = json.loads(open(sys.argv[1].replace("got.jsonl", "small.jsonl")).readline())
src["places"] = [src["places"]]
assert objs == [src], objs'
run "$FOLIO_INDEX" -q -d "$WORK/again.db" "$WORK/got.jsonl"
check_eq "the --get record indexes again" 0 "$status"
check_eq "--get after the round trip is the same" "$(cat "$WORK/got.jsonl")" \
  "$("$FOLIO_SEARCH" -d "$WORK/again.db" --get 'xss 1%' --format json)"
run "$FOLIO_SEARCH" -d "$SMALL" --get uni
check_contains "--get text: title" "title: Café naïve 日本語 title" "$out"
check_contains "--get text: author" "author: Zoë" "$out"
check_contains "--get text: body" "Crème brûlée in the café" "$out"
run "$FOLIO_SEARCH" -d "$SMALL" --get nothing-here
check_eq "--get of a missing id: exit 1" 1 "$status"
check_contains "--get of a missing id: said on stderr" "no document with id 'nothing-here'" "$err"

# ---- --stats --------------------------------------------------------------------------------------
"$FOLIO_SEARCH" --stats --format json > "$WORK/stats.json"
check_py "--stats in JSON" "$WORK/stats.json" '
import os
o = objs[0]
assert o["documents"] == 19043, o
for k in ("terms", "analyzer_version", "bytes"):
    assert isinstance(o[k], int) and o[k] > 0, k
assert o["language"] == "english" and isinstance(o["updated"], str) and o["updated"].startswith("20")
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.environ["FOLIO_DB"]) for f in fs)
assert o["bytes"] == size, (o["bytes"], size)'
run "$FOLIO_SEARCH" --stats
check_contains "--stats text: documents" "documents         19043" "$out"
check_contains "--stats text: language" "language          english" "$out"

# ---- --explain -------------------------------------------------------------------------------------
run "$FOLIO_SEARCH" --explain 'grain -wheat'
check_contains "--explain shows the parsed tree" '(AND (WORD "grain") (NOT (WORD "wheat")))' "$out"
"$FOLIO_SEARCH" --explain 'grain -wheat' --format json > "$WORK/explain.json"
check_py "--explain in JSON" "$WORK/explain.json" '
assert objs[0]["query"] == "grain -wheat" and "NOT" in objs[0]["explain"]'

# ---- A reader that stops early: no crash, no "Broken pipe" ---------------------------------------
yes 'grain' | head -n 3000 > "$WORK/many.txt"
"$FOLIO_SEARCH" --batch "$WORK/many.txt" --format jsonl 2>"$WORK/pipe.err" | head -n 1 > /dev/null
check_eq "batch into head -1: exit 0" 0 "${PIPESTATUS[0]}"
check_eq "batch into head -1: nothing on stderr" "" "$(cat "$WORK/pipe.err")"
"$FOLIO_SEARCH" said -n 1000 2>"$WORK/pipe.err" | head -c 10 > /dev/null
check_eq "text into head -c 10: the normal status" 0 "${PIPESTATUS[0]}"
check_eq "text into head -c 10: nothing on stderr" "" "$(cat "$WORK/pipe.err")"
"$FOLIO_SEARCH" --get 1 >&- 2>"$WORK/pipe.err"
check_eq "closed stdout is a write error" 2 "$?"

# ---- Exit statuses and options ---------------------------------------------------------------------
run "$FOLIO_SEARCH" zzzqqqxx --format json
check_eq "no hits: exit 1" 1 "$status"
run "$FOLIO_SEARCH" '(grain' --format json
check_eq "query error: exit 2" 2 "$status"
check_contains "query error: JSON error object" '"error":{"message":"unbalanced '"'('"'","column":1}' "$out"
run "$FOLIO_SEARCH" --get 1 --format trec
check_eq "--get has no trec form" 2 "$status"
run "$FOLIO_SEARCH" --count --explain grain
check_eq "--count and --explain conflict" 2 "$status"
run "$FOLIO_SEARCH" --format xml grain
check_eq "unknown format" 2 "$status"
run "$FOLIO_SEARCH" --plain 'grain AND (' --format json
check_eq "--plain takes operators as words" 0 "$status"
run "$FOLIO_SEARCH" 'w*' --max-expansion 5 --format json
check_contains "--max-expansion reports its cap" '"expansion_capped":true' "$out"

# ---- Every option is in --help, the man page and the bash completion --------------------------------
help=$("$FOLIO_SEARCH" --help)
man=$(sed 's/\\-/-/g' "$FOLIO_SOURCE/docs/folio-search.1")
completion=$(cat "$FOLIO_SOURCE/contrib/bash-completion/folio")
for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z-]*' | sort -u); do
  check_contains "folio-search.1 documents $opt" "$opt" "$man"
  case $opt in --colour) ;; *) check_contains "completion offers $opt" "$opt" "$completion" ;; esac
done
index_help=$("$FOLIO_INDEX" --help)
man=$(sed 's/\\-/-/g' "$FOLIO_SOURCE/docs/folio-index.1")
for opt in $(printf '%s\n' "$index_help" | grep -o -- '--[a-z-]*' | sort -u); do
  check_contains "folio-index.1 documents $opt" "$opt" "$man"
  check_contains "completion offers $opt" "$opt" "$completion"
done
run bash -c ". '$FOLIO_SOURCE/contrib/bash-completion/folio' && complete -p folio-search folio-index"
check_eq "the completion file defines both completions" 0 "$status"

finish
