# Related articles (README "Related articles"): folio-search --like ID and GET /api/similar?id=ID rank the
# articles most like a given one by its own words, without the article itself, on a small corpus of its
# own: three cocoa stories (the first two about Bahia's temporao crop), and others about oil, grain,
# banks and steel. The same answers over three shards served by xapian-tcpsrv (a docid there is not the
# one database's), and over HTTP; an unknown id is an error (exit 2; HTTP 404).
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
CORPUS="$WORK/related.jsonl"
python3 - > "$CORPUS" <<'PY'
import json
docs = [
    ("cocoa-1", "Bahia cocoa review", "Showers continued throughout the week in the Bahia cocoa zone, easing the "
     "drought. The temporao crop of cocoa beans should reach farmers late this year, growers in Bahia said."),
    ("cocoa-2", "Temporao estimate cut", "Traders cut their estimates of the Bahia temporao cocoa crop: the drought "
     "in the cocoa zone hurt the beans, and showers came too late for growers."),
    ("cocoa-3", "London futures steady", "London cocoa futures were steady in quiet trade; dealers said buyers "
     "waited for news of the crop."),
    ("oil-1", "Oil prices rise", "Crude oil prices rose on Monday as refiners bought more crude for the week ahead."),
    ("oil-2", "Opec output", "Opec ministers said crude oil output would stay below the ceiling this year."),
    ("grain-1", "Wheat exports", "Wheat exports grew this week; grain shipments to Egypt were strong."),
    ("grain-2", "Corn harvest", "The corn harvest in Iowa was late this year after rain, farmers said."),
    ("bank-1", "Bank rates", "The central bank left interest rates unchanged, dealers said on Monday."),
    ("bank-2", "Dollar", "The dollar fell against the yen in quiet trade as dealers waited for the bank."),
    ("steel-1", "Steel output", "Steel output fell in the week as mills cut production."),
    ("empty-1", "A title alone", ""),
]
for id_, title, body in docs:
    print(json.dumps({"id": id_, "title": title, "body": body}))
PY
index_one_and_shards "$CORPUS"
# shard_of ID: the shard holding the record, and its docid there.
shard_of() {
  for i in 0 1 2; do
    xapian-delve -1 -t "Q$1" "$SHARDED/shard-$i" 2>/dev/null | awk -v s="$i" 'NR > 1 { print s, $1 }'
  done
}
# The article and its most related one in different shards: the docid of the relevance set is the
# combined database's, not the shard's.
check_eq "cocoa-1 and cocoa-2 are in different shards" 2 "$( (shard_of cocoa-1; shard_of cocoa-2) | cut -d' ' -f1 | sort -u | wc -l)"


declare -A answers
for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  run "$FOLIO_SEARCH" -d "$db" --format json -n 20 --like cocoa-1
  check_eq "[$where] --like finds related articles" 0 "$status"
  related=$(printf '%s' "$out" | json_ids)
  check_eq "[$where] the most related to the Bahia story is the other Bahia story" "cocoa-2" "${related%% *}"
  check_not_contains "[$where] ... and the article itself is not among them" "cocoa-1" "$related"
  check_contains "[$where] ... the London cocoa story is among them" "cocoa-3" "$related"
  check_not_contains "[$where] an article without the words of cocoa-1 is not" "empty-1" "$related"
  check_eq "[$where] JSON says which article" '"cocoa-1"' "$(printf '%s' "$out" | json_field like)"
  check_eq "[$where] ... and has no query" '""' "$(printf '%s' "$out" | json_field query)"
  answers[$where]=$("$FOLIO_SEARCH" -d "$db" --format tsv -n 20 --like cocoa-1)
  check_eq "[$where] the TSV format lists the same" "$related" \
    "$(printf '%s\n' "${answers[$where]}" | awk -F'\t' 'NR > 1 { printf "%s%s", sep, $3; sep = " " }')"
  check_eq "[$where] the oil stories are most like each other" "oil-2" \
    "$("$FOLIO_SEARCH" -d "$db" --format json -n 1 --like oil-1 | json_ids)"
  check_eq "[$where] --offset pages through them" "$(printf '%s' "$related" | cut -d' ' -f2)" \
    "$("$FOLIO_SEARCH" -d "$db" --format json -n 1 --offset 1 --like cocoa-1 | json_ids)"
  run "$FOLIO_SEARCH" -d "$db" --color never --like cocoa-1
  check_contains "[$where] text output says whose related articles these are" "Articles like cocoa-1:" "$out"
  check_contains "[$where] ... the snippet shows the words shared" "temporao" "$out"
  run "$FOLIO_SEARCH" -d "$db" --count --like cocoa-1
  check_eq "[$where] --count counts them" "$(printf '%s' "$related" | wc -w)" "$out"
  run "$FOLIO_SEARCH" -d "$db" --format json --like empty-1
  check_eq "[$where] an article without body words has none (exit 1)" "1 " "$status $(printf '%s' "$out" | json_ids)"
  run "$FOLIO_SEARCH" -d "$db" --like no-such-id
  check_eq "[$where] an unknown id is an error (exit 2)" 2 "$status"
  check_eq "[$where] ... saying so" "folio-search: no document with id 'no-such-id'" "$err"
  run "$FOLIO_SEARCH" -d "$db" --format json --like no-such-id
  check_contains "[$where] ... JSON gets the error object" '"like":"no-such-id","error":{"message":"no document with id' "$out"

  serve_folio "$db"
  check_contains "[$where] the server starts" "http://" "$URL"
  reply=$(http_get "/api/similar?id=cocoa-1&limit=20")
  code=$(printf '%s\n' "$reply" | head -1)
  check_eq "[$where] /api/similar answers" 200 "$code"
  [ "$code" = 200 ] || echo "the server's log: $(cat "$WORK/serve.log")" >&2
  check_eq "[$where] ... the same articles as --like" "$related" "$(printf '%s\n' "$reply" | tail -n +2 | json_ids)"
  reply=$(http_get "/api/similar?id=cocoa-1&limit=1&page=2")
  check_eq "[$where] ... paged" "$(printf '%s' "$related" | cut -d' ' -f2)" "$(printf '%s\n' "$reply" | tail -n +2 | json_ids)"
  reply=$(http_get "/api/similar?id=no-such-id")
  check_eq "[$where] an unknown id is a 404" 404 "$(printf '%s\n' "$reply" | head -1)"
  check_contains "[$where] ... with the JSON error" '"error":{"message":"no document with id' "$reply"
  reply=$(http_get "/api/similar")
  check_eq "[$where] no id is a 400" 400 "$(printf '%s\n' "$reply" | head -1)"
  reply=$(http_get "/api/similar?id=$(printf 'a%.0s' $(seq 4097))")
  check_eq "[$where] an id over 4096 bytes is a 400" 400 "$(printf '%s\n' "$reply" | head -1)"
  check_contains "[$where] ... saying so" "the id is too long" "$reply"
  reply=$(http_get "/api/similar?id=cocoa-1&limit=51")
  check_eq "[$where] limit is bounded as for searches" 400 "$(printf '%s\n' "$reply" | head -1)"
  kill "${PIDS[-1]}" && wait "${PIDS[-1]}" 2>/dev/null
done
check_eq "3 remote shards rank exactly as one database (ids and scores)" "${answers[one database]}" \
  "${answers[3 remote shards]}"
run "$FOLIO_SEARCH" -d "$ONE" --like cocoa-1 cocoa
check_eq "--like takes no query" 2 "$status"
run "$FOLIO_SEARCH" -d "$ONE" --explain --like cocoa-1
check_eq "--like does not go with --explain" 2 "$status"
finish
