# Typo tolerance (README "Typo tolerance"), on a small corpus of its own: a word the index does not hold
# is read as the index word within a bounded edit distance that occurs next to the query's other words
# ("oill" next to "prices" is "oil", though "will" is more frequent), the results say so (text and
# JSON), --exact turns it off and leaves a did-you-mean; quoted, short and numeric words are never
# corrected. The same over three shards served by xapian-tcpsrv, where Xapian's spelling data is not
# served: corrections and did-you-mean come from the shards' words.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
CORPUS="$WORK/typo.jsonl"
python3 - > "$CORPUS" <<'PY'
import json
docs = [
    ("oil-1", "Oil prices rise", "Oil prices rose sharply on Monday as supplies tightened."),
    ("oil-2", "Crude market", "Traders said oil prices could climb further this week."),
    ("oil-3", "Refiners", "Higher oil prices hurt refiners, the report said."),
    ("grain-1", "Grain exports", "Grain exports grew. Wheat and grain shipments were strong."),
    ("graen-1", "Misprint", "A wire story that spells the crop graen."),
]
# A word held by few articles (the wire's misprint "goverment") beside one in over 100 times as many:
# a query with few matches reads it as the frequent one; "bugdet" is in one article, "budget" in 12.
docs.append(("goverment-1", "Misprinted budget", "The goverment budget was cut."))
docs.append(("bugdet-1", "Misprinted bugdet", "The government bugdet and the tax plans."))
for i in range(110):
    docs.append((f"gov-{i}", f"Government note {i}", f"The government said it will act {i}." +
                 (" The budget was approved." if i < 12 else "")))
# "will" is more frequent than "oil", and sits apart from "prices".
for i in range(8):
    docs.append((f"will-{i}", f"Company note {i}", f"The board will meet on Tuesday. Later in the year, "
                 f"analysts expect that consumer goods see stable demand and prices {i}."))
for id_, title, body in docs:
    print(json.dumps({"id": id_, "title": title, "body": body}))
PY
index_one_and_shards "$CORPUS"


for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  run "$FOLIO_SEARCH" -d "$db" --color never oill pricse
  check_eq "[$where] a typo query finds results" 0 "$status"
  check_contains "[$where] ... saying what it searched" "Showing results for oil prices — search instead for oill pricse" "$out"
  json=$("$FOLIO_SEARCH" -d "$db" --format json oill pricse)
  check_eq "[$where] JSON corrected_query" '"oil prices"' "$(printf '%s' "$json" | json_field corrected_query)"
  check_eq "[$where] the first hits are the oil articles (oil next to prices, not will)" "oil-1 oil-2 oil-3" \
    "$(printf '%s' "$json" | json_ids | tr ' ' '\n' | head -3 | sort | tr '\n' ' ' | sed 's/ $//')"
  check_eq "[$where] the corrected query ranks as the query typed right" \
    "$("$FOLIO_SEARCH" -d "$db" --format json oil prices | json_ids)" "$(printf '%s' "$json" | json_ids)"
  json=$("$FOLIO_SEARCH" -d "$db" --format json grian)
  check_eq "[$where] one word corrected" '"grain"' "$(printf '%s' "$json" | json_field corrected_query)"
  check_eq "[$where] ... its article" "grain-1" "$(printf '%s' "$json" | json_ids)"
  run "$FOLIO_SEARCH" -d "$db" --exact --format json grian
  check_eq "[$where] --exact: no results" 1 "$status"
  check_eq "[$where] --exact: nothing corrected" 'null' "$(printf '%s' "$out" | json_field corrected_query)"
  check_eq "[$where] --exact: did-you-mean offers the correction" '"grain"' "$(printf '%s' "$out" | json_field suggestion)"
  run "$FOLIO_SEARCH" -d "$db" --format json '"grian"'
  check_eq "[$where] a quoted word is not corrected" 'null' "$(printf '%s' "$out" | json_field corrected_query)"
  run "$FOLIO_SEARCH" -d "$db" --format json 'oli'
  check_eq "[$where] a word of 3 letters is not corrected" 'null' "$(printf '%s' "$out" | json_field corrected_query)"
  run "$FOLIO_SEARCH" -d "$db" --format json 'oil 19877'
  check_eq "[$where] a number is not corrected" 'null' "$(printf '%s' "$out" | json_field corrected_query)"
  run "$FOLIO_SEARCH" -d "$db" --format json 'oil prices'
  check_eq "[$where] a clean query is not corrected" 'null' "$(printf '%s' "$out" | json_field corrected_query)"
  run "$FOLIO_SEARCH" -d "$db" --explain oill pricse
  check_contains "[$where] --explain says what was corrected" "corrected: oil prices" "$out"
  # A word the index holds is not corrected; word~ asks for its neighbours too, the word as written first.
  check_eq "[$where] a word the index holds matches as written" "graen-1" \
    "$("$FOLIO_SEARCH" -d "$db" --format json graen | json_ids)"
  json=$("$FOLIO_SEARCH" -d "$db" --format json 'graen~')
  check_eq "[$where] word~: the word as written first, then the words one edit away" "graen-1 grain-1" \
    "$(printf '%s' "$json" | json_ids)"
  check_eq "[$where] word~ is the query language, not a correction" 'null' "$(printf '%s' "$json" | json_field corrected_query)"
  check_eq "[$where] word~2 reaches two edits" "grain-1" "$("$FOLIO_SEARCH" -d "$db" --format json 'graixx~2' | json_ids)"
  check_eq "[$where] word~1 does not" "" "$("$FOLIO_SEARCH" -d "$db" --exact --format json 'graixx~1' | json_ids)"
  # Few matches: a rare word corrected to one far more frequent, when the corrected query has enough.
  json=$("$FOLIO_SEARCH" -d "$db" --format json goverment budget)
  check_eq "[$where] few matches: a rare word corrected" '"government budget"' "$(printf '%s' "$json" | json_field corrected_query)"
  check_eq "[$where] ... its results are the corrected query's" \
    "$("$FOLIO_SEARCH" -d "$db" --format json government budget | json_ids)" "$(printf '%s' "$json" | json_ids)"
  run "$FOLIO_SEARCH" -d "$db" --color never goverment budget
  check_contains "[$where] ... saying so" "Showing results for government budget — search instead for goverment budget" "$out"
  run "$FOLIO_SEARCH" -d "$db" --explain goverment budget
  check_contains "[$where] ... in --explain" "corrected: government budget (typo tolerance; rare words" "$out"
  check_eq "[$where] --exact keeps the rare word" 'null' \
    "$("$FOLIO_SEARCH" -d "$db" --exact --format json goverment budget | json_field corrected_query)"
  check_eq "[$where] one rare word alone, with one match, too" '"government"' \
    "$("$FOLIO_SEARCH" -d "$db" --format json goverment | json_field corrected_query)"
  check_eq "[$where] a rare word without a far more frequent neighbour stays" 'null' \
    "$("$FOLIO_SEARCH" -d "$db" --format json graen shipments | json_field corrected_query)"
  check_eq "[$where] bugdet: 12 is not 100 times 1, so it stays" 'null' \
    "$("$FOLIO_SEARCH" -d "$db" --format json government bugdet | json_field corrected_query)"
  run "$FOLIO_SEARCH" -d "$db" --explain 'graen~'
  check_contains "[$where] --explain shows word~" '(WORD~ "graen")' "$out"
  check_contains "[$where] ... and the corrected words weighed below the word" "0.5 * " "$out"
done
finish
