# Synonyms (README "Synonyms"): folio-index --synonyms FILE stores a list in the database, which queries
# apply to their words outside quotes: two-way groups (usa, united states, u.s.), one-way rules
# (nyc, big apple => new york), entries of several words matched as phrases, the word typed ranking
# above its synonyms; --no-synonyms and synonyms=false turn it off; --explain says what was used. The same
# over three shards served by xapian-tcpsrv and over HTTP; the next --synonyms replaces the list, an
# empty file removes it, and a bad file (invalid UTF-8, empty entries, a rule of one entry) is refused
# naming its line, leaving the list as it was; cycles and a list of 100,000 rules are fine.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
CORPUS="$WORK/synonyms.jsonl"
python3 - > "$CORPUS" <<'PY'
import json
docs = [
    ("usa-1", "Trade with the USA", "Exports to the USA rose this year, traders said on Monday."),
    ("us-1", "Trade with the United States", "Exports to the United States rose this year, traders said."),
    ("us-2", "Tariffs", "The U.S. raised tariffs on steel imports from several countries."),
    ("states-1", "States of matter", "Water is united with salt in some of the states we study."),
    ("ny-1", "New York markets", "Stocks in New York fell on Monday after a quiet week."),
    ("nyc-1", "NYC weather", "Snow fell in NYC on Monday, closing schools."),
    ("car-1", "Car sales", "Car sales rose in the spring, dealers said."),
    ("auto-1", "Automobile makers", "Automobile makers cut prices in the spring."),
    ("petrol-1", "Petrol prices", "Petrol prices rose at the pump this week."),
    ("gasolene-1", "A misprint", "The wire story spells the fuel gasolene."),
    ("alpha-1", "Alpha", "The alpha release came first."),
    ("beta-1", "Beta", "The beta release came later."),
]
for id_, title, body in docs:
    print(json.dumps({"id": id_, "title": title, "body": body}))
PY
SYN="$WORK/synonyms.txt"
cat > "$SYN" <<'EOF'
# Countries
usa, united states, u.s.

nyc, big apple => new york
car, automobile
gasoline => petrol
alpha => beta
beta => alpha
EOF
ONE="$WORK/one.db" SHARDED="$WORK/sharded.db" STUB="$WORK/remote.stub"
run "$FOLIO_INDEX" -d "$ONE" --synonyms "$SYN" "$CORPUS"
check_eq "index with --synonyms" 0 "$status"
check_contains "... says how many rules it stored" "6 synonym rules from $SYN stored in $ONE" "$out"
check_contains "--stats: the rules stored" "synonym_rules     6" "$("$FOLIO_SEARCH" -d "$ONE" --stats)"
run "$FOLIO_INDEX" -q --shards 3 -d "$SHARDED" --synonyms "$SYN" "$CORPUS"
check_eq "index as 3 shards with --synonyms" 0 "$status"
serve_shards "$SHARDED" "$STUB"

tsv_ids() { # the ids of a TSV answer, space separated
  awk -F'\t' 'NR > 1 { printf "%s%s", sep, $3; sep = " " }'
}
declare -A answers
for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  search() { "$FOLIO_SEARCH" -d "$db" --format tsv -n 20 "$@" | tsv_ids; }
  check_eq "[$where] usa also finds united states and u.s., the word typed first" "usa-1 us-1 us-2" "$(search usa)"
  check_eq "[$where] ... and the other way: united states finds usa, the phrase typed first" "us-1" \
    "$(search united states | cut -d' ' -f1)"
  check_contains "[$where] ... usa among them" "usa-1" "$(search united states)"
  check_contains "[$where] ... u.s. too" "us-2" "$(search united states)"
  check_eq "[$where] nyc => new york: nyc finds both" "nyc-1 ny-1" "$(search nyc)"
  check_eq "[$where] ... one-way: new york does not find nyc" "ny-1" "$(search new york)"
  check_eq "[$where] a rule's entry of several words on the left: big apple finds new york" "ny-1" \
    "$(search big apple)"
  check_eq "[$where] car, automobile" "auto-1 car-1" "$(search car | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
  check_eq "[$where] never inside quotes" "usa-1" "$(search '"usa"')"
  check_eq "[$where] --no-synonyms" "usa-1" "$(search --no-synonyms usa)"
  check_eq "[$where] words of a query with operators too" "usa-1 us-1" "$(search 'usa AND exports')"
  check_eq "[$where] ... and in a field (us-2's title has no u.s.)" "usa-1 us-1" "$(search 'title:usa')"
  check_eq "[$where] an excluded word is only itself" "us-1" "$(search 'exports -usa')"
  check_eq "[$where] a word with synonyms is not a typo: gasoline means petrol here, not gasolene" "petrol-1" \
    "$(search gasoline)"
  check_eq "[$where] ... without synonyms it is corrected" "gasolene-1" "$(search --no-synonyms gasoline)"
  check_eq "[$where] ... nor offered a did-you-mean" null \
    "$("$FOLIO_SEARCH" -d "$db" --format json gasoline | json_field suggestion)"
  check_eq "[$where] rules apply one step: a cycle (alpha => beta, beta => alpha) is harmless" "alpha-1 beta-1" \
    "$(search alpha)"
  json=$("$FOLIO_SEARCH" -d "$db" --format json -n 5 usa)
  check_contains "[$where] the snippet highlights the synonym" "to the <mark>United States</mark> rose" "$json"
  check_contains "[$where] ... and the title" "Trade with the <mark>United States</mark>" "$json"
  run "$FOLIO_SEARCH" -d "$db" --explain usa trade
  check_contains "[$where] --explain says which synonyms" "synonyms: usa: united states, u.s. (each weighs 0.5" "$out"
  run "$FOLIO_SEARCH" -d "$db" --explain --no-synonyms usa trade
  check_not_contains "[$where] ... none with --no-synonyms" "synonyms:" "$out"
  answers[$where]=$("$FOLIO_SEARCH" -d "$db" --format tsv -n 20 usa; "$FOLIO_SEARCH" -d "$db" --format tsv -n 20 united states)

  serve_folio "$db"
  check_contains "[$where] the server starts" "http://" "$URL"
  check_eq "[$where] the API applies synonyms" "usa-1 us-1 us-2" "$(http_get "/api/search?q=usa" | tail -n +2 | json_ids)"
  check_eq "[$where] ... synonyms=false does not" "usa-1" \
    "$(http_get "/api/search?q=usa&synonyms=false" | tail -n +2 | json_ids)"
  check_eq "[$where] ... synonyms=maybe is a 400" 400 "$(http_get "/api/search?q=usa&synonyms=maybe" | sed -n 1p)"
  kill "${PIDS[-1]}" && wait "${PIDS[-1]}" 2>/dev/null
done
check_eq "3 remote shards rank exactly as one database (ids and scores)" "${answers[one database]}" \
  "${answers[3 remote shards]}"

# The next list replaces the last; a running server follows.
serve_folio "$ONE"
check_eq "before: usa finds 3" "usa-1 us-1 us-2" "$(http_get "/api/search?q=usa" | tail -n +2 | json_ids)"
printf 'usa, u.s.\n' > "$WORK/next.txt"
run "$FOLIO_INDEX" -q -d "$ONE" --synonyms "$WORK/next.txt"
check_eq "--synonyms without SOURCE replaces the list" 0 "$status"
check_eq "... the server applies the new list" "usa-1 us-2" "$(http_get "/api/search?q=usa" | tail -n +2 | json_ids)"
check_eq "... nyc has none now" "nyc-1" "$("$FOLIO_SEARCH" -d "$ONE" --format tsv nyc | tsv_ids)"

# A rebuild (--full) rebuilds the documents, not the settings: the list stays, in each shard too.
run "$FOLIO_INDEX" -q -d "$ONE" --full "$CORPUS"
check_eq "--full keeps the list" "usa-1 us-2" "$("$FOLIO_SEARCH" -d "$ONE" --format tsv usa | tsv_ids)"
run "$FOLIO_INDEX" -q -d "$SHARDED" --full "$CORPUS"
check_eq "... of a sharded index too" "usa-1 us-1 us-2" "$("$FOLIO_SEARCH" -d "$SHARDED" --format tsv usa | tsv_ids)"

# Bad lists are refused whole, naming the line, and leave the list as it was.
refused() { # refused FILE MESSAGE WHAT
  run "$FOLIO_INDEX" -q -d "$ONE" --synonyms "$1" "$CORPUS"
  check_eq "$3: refused (exit 2)" 2 "$status"
  check_contains "$3: ... saying why" "$2" "$err"
  check_eq "$3: ... the list stays" "usa-1 us-2" "$("$FOLIO_SEARCH" -d "$ONE" --format tsv usa | tsv_ids)"
}
printf 'car, automobile\nusa, \xff\xfe states\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "bad.txt: synonym list, line 2: not valid UTF-8" "invalid UTF-8"
printf 'car, automobile\n\n, ,\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "synonym list, line 3: an empty entry" "an empty group"
printf 'car, , automobile\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "synonym list, line 1: an empty entry" "an empty entry"
printf 'usa\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: a rule needs two different entries" "a rule of one entry"
printf 'usa, USA\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: a rule needs two different entries" "a rule of one entry written twice"
printf 'a => b => c\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: more than one =>" "two arrows"
printf 'usa => \n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: an empty entry" "an empty side"
printf 'usa, !!!\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: '!!!' has no words" "an entry without words"
printf 'usa, united\033[2J states\n' > "$WORK/bad.txt"
refused "$WORK/bad.txt" "line 1: a control character" "a control character"
refused "$WORK/missing.txt" "missing.txt: No such file or directory" "a missing file"
python3 -c 'import sys; sys.stdout.write("a, b\n" * (17 * 1024 * 1024 // 5))' > "$WORK/huge.txt"
refused "$WORK/huge.txt" "over 16 MiB" "a list over 16 MiB"

# 100,000 rules: stored and applied, each word to its own.
python3 -c '
for i in range(100000):
    print(f"word{i}x, usa" if i == 99999 else f"word{i}x, term{i}y")' > "$WORK/many.txt"
run "$FOLIO_INDEX" -d "$ONE" --synonyms "$WORK/many.txt"
check_eq "100,000 rules: stored" "0 100000 synonym rules" "$status $(printf '%s' "$out" | grep -o '^[0-9]* synonym rules')"
check_eq "... the last one applies" "usa-1" "$("$FOLIO_SEARCH" -d "$ONE" --format tsv word99999x | tsv_ids)"
# One word in 100,000 rules: a query reads it as its first FOLIO_SYNONYMS_MAX_PER_WORD (16) entries.
python3 -c '
for i in range(100000):
    print(f"usa, filler{i}z")' > "$WORK/same.txt"
run "$FOLIO_INDEX" -q -d "$ONE" --synonyms "$WORK/same.txt"
run "$FOLIO_SEARCH" -d "$ONE" --explain usa
check_contains "100,000 rules for one word: the first 16 are used" "filler14z, filler15z (each weighs" "$out"

# An empty file removes the list.
run "$FOLIO_INDEX" -d "$ONE" --synonyms /dev/null
check_contains "an empty list removes the synonyms" "0 synonym rules" "$out"
check_eq "... usa is only usa" "usa-1" "$("$FOLIO_SEARCH" -d "$ONE" --format tsv usa | tsv_ids)"
finish
