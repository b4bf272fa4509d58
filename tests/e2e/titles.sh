# Highlighted titles (issue #16): a hit's title carries its matched words as the snippet does: JSON
# title_html (escaped, matches in <mark>) and title_highlights, bold on a terminal; a title that a
# snippet would show otherwise (a control character in it) is left unhighlighted and shown safely. The
# same over one database, over three shards served by xapian-tcpsrv, and in the JSON API.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
python3 - > "$WORK/articles.jsonl" <<'PY'
import json
docs = [
    ("markup", '<b>Grain</b> & "ships" <img src=x onerror=alert(1)>', "Grain ships wait at the port."),
    ("prices", "Wheat and grain prices", "Grain prices rose as wheat and grain prices firmed."),
    ("control", "Grain\x1b[31m red alert", "A grain story with an escape in its title."),
    ("body-only", "Harvest report", "The grain harvest was large."),
]
docs += [(f"filler-{i}", f"Filler {i}", f"Nothing of note on day {i}.") for i in range(12)]
for id_, title, body in docs:
    print(json.dumps({"id": id_, "title": title, "body": body}))
PY
index_one_and_shards "$WORK/articles.jsonl"

# titles < JSON: "id<TAB>title_html<TAB>the title's highlighted words, |-separated", a line a hit.
titles() {
  python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    t = h["title"].encode()
    words = "|".join(t[s:e].decode() for s, e in h["title_highlights"])
    assert h["title_html"].count("<mark>") == len(h["title_highlights"]), h
    print("%s\t%s\t%s" % (h["id"], h["title_html"], words))' | sort
}

for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  t=$("$FOLIO_SEARCH" -d "$db" --format json grain | titles)
  check_contains "[$where] the match in an HTML-like title is marked, the rest escaped" \
    $'markup\t&lt;b&gt;<mark>Grain</mark>&lt;/b&gt; &amp; &quot;ships&quot; &lt;img src=x onerror=alert(1)&gt;\tGrain' "$t"
  check_contains "[$where] a plain title" $'prices\tWheat and <mark>grain</mark> prices\tgrain' "$t"
  check_contains "[$where] a title with a control character is left unhighlighted" $'control\tGrain\x1b[31m red alert\t' "$t"
  check_contains "[$where] a title without the word has no highlight" $'body-only\tHarvest report\t' "$t"
  t=$("$FOLIO_SEARCH" -d "$db" --format json '"grain prices"' | titles)
  check_eq "[$where] a phrase is marked as one" $'prices\tWheat and <mark>grain prices</mark>\tgrain prices' "$t"
  t=$("$FOLIO_SEARCH" -d "$db" --format json 'ships grain' | titles)
  check_contains "[$where] every query word, in title order" $'markup\t&lt;b&gt;<mark>Grain</mark>&lt;/b&gt; &amp; &quot;<mark>ships</mark>&quot;' "$t"
  run "$FOLIO_SEARCH" -d "$db" --color=always '"grain prices"'
  check_contains "[$where] bold on a terminal: the matched words only" $' 1. Wheat and \033[1mgrain prices\033[0m\n' "$out"
  run "$FOLIO_SEARCH" -d "$db" --color=always grain
  check_contains "[$where] the control character is shown as U+FFFD, unhighlighted" $'Grain\xef\xbf\xbd[31m red alert\n' "$out"
  check_not_contains "[$where] ... never sent to the terminal" $'\x1b[31m' "$out"
done

# The JSON API over the shards gives the same title_html.
serve_folio "$STUB"
[ -n "$URL" ] && pass || fail "folio-search --serve did not say where it listens"
check_eq "the API's titles are the CLI's" "$("$FOLIO_SEARCH" -d "$STUB" --format json grain | titles)" \
  "$(curl -s --max-time 10 "$URL/api/search?q=grain" | titles)"
finish
