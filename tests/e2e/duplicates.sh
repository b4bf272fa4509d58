# Duplicates collapsed (issue #16): near-duplicates (the same story republished, cut or lightly edited)
# share a key made at index time and are shown as one hit, "and N similar" with their ids (JSON
# `duplicates`), totals giving matches and distinct documents, with --collapse (collapse=true in the
# API; the default is off, showing them all); related articles leave out the article's duplicates. The same over one database,
# over three shards served by xapian-tcpsrv, and in the JSON API; with Reuters from ../shared, the
# issue's example (`oil prices opec`).
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
python3 - > "$WORK/articles.jsonl" <<'PY'
import json
lead = ("The cartel believes world zinc prices should be set around a fixed average price of 18 dlrs a "
        "tonne, the assistant general secretary of the producers group said in a speech today. ")
fed = ("The Federal Reserve is expected to enter the government securities market to add temporary "
       "reserves, economists said. They expect it to supply the reserves by arranging {} billion dlrs of "
       "customer repurchase agreements. Federal funds were trading at {} pct, after averaging {} pct.")
wire = ("Harbour workers in the northern port walked out over wages on Monday, halting the loading of "
        "grain, sugar and coffee ships, a union spokesman said. The strike is the third this year and "
        "shipping agents said some forty vessels were waiting to load at the quays.")
docs = [
    # The same story, the second a cut version with an edit at its end: one group of two.
    ("zinc-long", "Cartel wants 18 dlr zinc price", lead + "He warned that defending the level had caused "
     "hardship for members, who had been forced to curtail production, and that such cutbacks could not "
     "be sustained. Output was below the agreed ceiling in February, he said, though at a cost."),
    ("zinc-short", "Cartel wants 18 dlr zinc price - official", lead + "Output was below the agreed "
     "ceiling for all members in February, although this had meant sacrifices, he added."),
    # Routine stories on one template, other figures: two stories.
    ("fed-monday", "Fed expected to add temporary reserves", fed.format("1.5", "6-1/8", "6.05")),
    ("fed-tuesday", "Fed expected to add temporary reserves", fed.format("2.0", "6-3/16", "6.11")),
    # Republished three times, once retitled: one group of three.
    ("wire-a", "Port strike halts grain loading", wire),
    ("wire-b", "Port strike halts grain loading", wire),
    ("wire-c", "Dockers strike over wages", wire),
    # Short items: the same body, other companies (told apart by the title), and one repeated.
    ("div-acme", "Acme Corp sets quarterly dividend", "Qtly div 10 cts vs 10 cts prior pay April 1 record March 15"),
    ("div-widget", "Widget Inc sets quarterly dividend", "Qtly div 10 cts vs 10 cts prior pay April 1 record March 15"),
    ("div-widget-again", "Widget Inc sets quarterly dividend", "Qtly div 10 cts vs 10 cts prior pay April 1 record March 15"),
]
docs += [("filler-%d" % i, "Filler %d" % i, "Nothing of note on day %d in the markets." % i) for i in range(12)]
for id_, title, body in docs:
    print(json.dumps({"id": id_, "title": title, "body": body}))
PY
index_one_and_shards "$WORK/articles.jsonl"

# Ranks below are BM25's: of identical bodies the one with the shortest title ranks first (shorter
# document), and a cut version above the longer one.
# hits < JSON: "id<TAB>count<TAB>ids,..." a line a hit, in rank order; then "total distinct".
hits() {
  python3 -c '
import json, sys
r = json.load(sys.stdin)
for h in r["hits"]:
    print("%s\t%d\t%s" % (h["id"], h["duplicates"]["count"], ",".join(h["duplicates"]["ids"])))
print("total %d distinct %d" % (r["total"], r["distinct"]))'
}

# The three shards hold the group of three across more than one of them (routing is by id): collapsing
# happens across shards, not inside one.
shards_of_wire=$(for s in "$SHARDED"/shard-*; do "$FOLIO_SEARCH" -d "$s" --count harbour; done | grep -cv '^0$')
[ "$shards_of_wire" -ge 2 ] && pass || fail "the wire group should span shards, is in $shards_of_wire"

for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  h=$("$FOLIO_SEARCH" -d "$db" --collapse --format json zinc | hits)
  check_eq "[$where] the cut story and the longer one: one hit" $'zinc-short\t1\tzinc-long\ntotal 2 distinct 1' "$h"
  h=$("$FOLIO_SEARCH" -d "$db" --format json zinc | hits)
  check_eq "[$where] without --collapse: both" $'zinc-short\t0\t\nzinc-long\t0\t\ntotal 2 distinct 2' "$h"
  h=$("$FOLIO_SEARCH" -d "$db" --collapse --format json harbour | hits)
  check_eq "[$where] republished three times: one hit and 2 similar (equal scores by id)" $'wire-c\t2\twire-a,wire-b\ntotal 3 distinct 1' "$h"
  h=$("$FOLIO_SEARCH" -d "$db" --collapse --format json reserves | hits)
  check_eq "[$where] template stories with other figures stay apart" $'fed-monday\t0\t\nfed-tuesday\t0\t\ntotal 2 distinct 2' "$h"
  h=$("$FOLIO_SEARCH" -d "$db" --collapse --format json dividend | hits)
  check_eq "[$where] short items: told apart by title, the repeated one collapsed" \
    $'div-acme\t0\t\ndiv-widget\t1\tdiv-widget-again\ntotal 3 distinct 2' "$(printf '%s\n' "$h" | sort)"
  run "$FOLIO_SEARCH" -d "$db" --collapse --color=never harbour
  check_contains "[$where] text: both totals" "3 results, 1 distinct (showing 1-1)" "$out"
  check_contains "[$where] text: and N similar, with the ids" "    and 2 similar: wire-a, wire-b" "$out"
  run "$FOLIO_SEARCH" -d "$db" --color=never harbour
  check_contains "[$where] text, without --collapse: one total" "3 results (showing 1-3)" "$out"
  check_not_contains "[$where] text, without --collapse: no similar line" "similar" "$out"
  run "$FOLIO_SEARCH" -d "$db" --collapse --explain harbour
  check_contains "[$where] --explain says it collapses" "collapse: of the matches sharing a near-duplicate key" "$out"
  run "$FOLIO_SEARCH" -d "$db" --explain harbour
  check_not_contains "[$where] --explain without --collapse: no collapse line" "collapse:" "$out"
  # The total of a query that relaxes, and the page after a collapsed one, count as without collapse.
  check_eq "[$where] --count counts every match" 3 "$("$FOLIO_SEARCH" -d "$db" --collapse --count harbour)"
  h=$("$FOLIO_SEARCH" -d "$db" --collapse --format json --offset 1 'harbour OR zinc' | hits)
  check_eq "[$where] the second page of collapsed hits" $'wire-c\t2\twire-a,wire-b\ntotal 5 distinct 2' "$h"
  # Related articles leave out the article's duplicates (the rest of the group), collapsed or not.
  related=$("$FOLIO_SEARCH" -d "$db" --format tsv --like wire-b -n 50 | cut -f3)
  check_not_contains "[$where] --like leaves out the article's duplicates" "wire-" "$related"
  related=$("$FOLIO_SEARCH" -d "$db" --format tsv --like zinc-long -n 50 | cut -f3)
  check_not_contains "[$where] --like leaves out the cut version" "zinc-short" "$related"
done

# The JSON API over the shards: the CLI's answers with collapse=true; by default (or collapse=false) all.
serve_folio "$STUB"
[ -n "$URL" ] && pass || fail "folio-search --serve did not say where it listens"
check_eq "the API collapses as the CLI does" "$("$FOLIO_SEARCH" -d "$STUB" --collapse --format json harbour | hits)" \
  "$(curl -s --max-time 10 "$URL/api/search?q=harbour&collapse=true" | hits)"
check_eq "collapse=false in the API" $'wire-c\t0\t\nwire-a\t0\t\nwire-b\t0\t\ntotal 3 distinct 3' \
  "$(curl -s --max-time 10 "$URL/api/search?q=harbour&collapse=false" | hits)"
check_eq "... the API's default" "$(curl -s --max-time 10 "$URL/api/search?q=harbour&collapse=false" | hits)" \
  "$(curl -s --max-time 10 "$URL/api/search?q=harbour" | hits)"
check_contains "collapse=nonsense is refused" '"error"' "$(curl -s --max-time 10 "$URL/api/search?q=harbour&collapse=maybe")"
related=$(curl -s --max-time 10 "$URL/api/similar?id=wire-a&limit=50&collapse=false" | hits)
check_not_contains "/api/similar leaves out the duplicates" "wire-" "$related"

# The issue's example on Reuters: each story once in the first ten, with "and 1 similar".
reuters="$SHARED/corpora/reuters21578.jsonl"
if [ -f "$reuters" ]; then
  run "$FOLIO_INDEX" -q -d "$WORK/reuters.db" "$reuters"
  top=$("$FOLIO_SEARCH" -d "$WORK/reuters.db" --collapse --format json 'oil prices opec' | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    print("%s\t%d\t%s" % (h["title"], h["duplicates"]["count"], ",".join(h["duplicates"]["ids"])))')
  check_contains "Reuters: Opec Wants 18 Dlr Oil Price once, and 1 similar" \
    $'Opec Wants 18 Dlr Oil Price - Oapec Official\t1\t6177' "$top"
  check_contains "Reuters: Kuwait Says Opec 2.4 Mln Bpd Below Ceiling once, and 1 similar" \
    $'Kuwait Says Opec 2.4 Mln Bpd Below Ceiling\t1\t8672' "$top"
  check_eq "Reuters: no title twice in the first ten" "" "$(printf '%s\n' "$top" | cut -f1 | sort | uniq -d)"
  both=$("$FOLIO_SEARCH" -d "$WORK/reuters.db" --format tsv 'oil prices opec' | cut -f5 | sort | uniq -d)
  check_contains "Reuters, without --collapse: the Opec story twice" "Opec Wants 18 Dlr Oil Price - Oapec Official" "$both"
else
  echo "note: $reuters not found: the Reuters example is not checked"
fi
finish
