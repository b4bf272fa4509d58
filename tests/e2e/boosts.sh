# Recency and field boosts (README "Recency and field boosts"): `--recency 30d` puts a newer, less
# relevant article above an older one, `--boost title=4` puts a title match above a body match, as
# options of a query, as the database's setting (folio-index --recency/--boost) and in the JSON API;
# over one database and over three shards served by xapian-tcpsrv, with the same order and scores.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }

# Two dated articles on oil prices (January's more about oil), two on wheat (one with the word only in
# its title), and filler so that the three shards each hold some.
{
  cat <<'J'
{"id":"opec-january","title":"Opec talks on oil output","body":"Oil ministers met on oil output. Oil prices held as oil traders waited for oil news.","date":"1987-01-05"}
{"id":"opec-march","title":"Markets in March","body":"Shares were mixed. Oil prices firmed a little on the day.","date":"1987-03-06"}
{"id":"wheat-title","title":"Wheat","body":"A report on farm exports from the ministry, with grain, corn and soybeans.","date":"1987-02-01"}
{"id":"wheat-body","title":"Farm exports","body":"Wheat exports rose; wheat stocks fell; wheat sales rose; wheat ships sailed.","date":"1987-02-01"}
{"id":"undated","title":"Oil prices","body":"Oil prices and oil output, oil and more oil prices."}
J
  for i in $(seq 1 30); do
    printf '{"id":"filler-%d","title":"Report %d","body":"Nothing of note happened on day %d of the month.","date":"1987-02-%02d"}\n' \
      "$i" "$i" "$i" $(((i % 28) + 1))
  done
} > "$WORK/articles.jsonl"

index_one_and_shards "$WORK/articles.jsonl"

# ids DB ARGS...: the ids of the hits, in order, space-separated.
ids() {
  local db=$1
  shift
  "$FOLIO_SEARCH" -d "$db" --format tsv "$@" | awk -F'\t' 'NR > 1 {printf "%s%s", sep, $3; sep = " "}'
}
# scores DB ARGS...: the hits' ids and scores (to 6 significant digits).
scores() {
  local db=$1
  shift
  "$FOLIO_SEARCH" -d "$db" --format tsv "$@" | awk -F'\t' 'NR > 1 {printf "%s %.6g;", $3, $4}'
}

for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  check_eq "$where: by relevance, January's article first" "undated opec-january opec-march" "$(ids "$db" "oil prices")"
  check_eq "$where: --recency 30d, March's first, the undated last" "opec-march opec-january undated" \
    "$(ids "$db" --recency 30d "oil prices")"
  # 60 days apart: with a 10-year half-life the factors differ by 1%, so relevance decides between them.
  check_eq "$where: --recency 10y keeps January first (the undated last)" "opec-january opec-march undated" "$(ids "$db" --recency 10y "oil prices")"
  check_eq "$where: --recency 30d, the second page" "undated" "$(ids "$db" --recency 30d --offset 2 "oil prices")"
  check_eq "$where: recency does not change a date order" "opec-january opec-march undated" \
    "$(ids "$db" --recency 30d --sort date "oil prices")"
  check_eq "$where: a body match above a title match" "wheat-body wheat-title" "$(ids "$db" wheat)"
  check_eq "$where: --boost title=4, the title match first" "wheat-title wheat-body" "$(ids "$db" --boost title=4 wheat)"
  check_eq "$where: --boost body=0.2 does the same" "wheat-title wheat-body" "$(ids "$db" --boost body=0.2 wheat)"
  check_eq "$where: a query of fields is boosted too" "wheat-title wheat-body" "$(ids "$db" --boost title=4 'wheat OR soybeans')"
done
# Recency decays with the clock: two runs a second apart differ in the 7th digit (ln 2 / 30 days a
# second), so their scores are compared to 1 part in 10^5, their ids exactly.
python3 - "$(scores "$ONE" --recency 30d "oil prices")" "$(scores "$STUB" --recency 30d "oil prices")" <<'PY' &&
import sys
rows = [[h.split() for h in side.split(";") if h] for side in sys.argv[1:]]
ok = len(rows[0]) == len(rows[1]) and all(
    a[0] == b[0] and abs(float(a[1]) - float(b[1])) <= 1e-5 * max(abs(float(a[1])), abs(float(b[1])))
    for a, b in zip(*rows))
sys.exit(0 if ok and rows[0] else 1)
PY
  pass || fail "recency scores alike over shards"
check_eq "boosted scores alike over shards" "$(scores "$ONE" --boost title=4 wheat)" "$(scores "$STUB" --boost title=4 wheat)"

# The decay is 0.5^(age / half-life): March's article is 60 days newer, so its factor is 4x January's.
python3 - "$ONE" "$FOLIO_SEARCH" <<'PY' && pass || fail "the recency factor is 0.5^(age / half-life)"
import subprocess, sys
def score(*args):
    out = subprocess.run([sys.argv[2], "-d", sys.argv[1], "--format", "tsv", *args, "oil prices"],
                         capture_output=True, text=True, check=True).stdout
    return {r.split("\t")[2]: float(r.split("\t")[3]) for r in out.splitlines()[1:]}
plain, decayed = score(), score("--recency", "30d")
ratio = (decayed["opec-march"] / decayed["opec-january"]) / (plain["opec-march"] / plain["opec-january"])
assert abs(ratio - 2 ** (60 / 30)) < 1e-6, ratio
PY

run "$FOLIO_SEARCH" -d "$ONE" --explain --recency 30d --boost title=4 "oil prices"
check_contains "--explain names the field boost" "field boosts: title x4" "$out"
check_contains "--explain names recency and its depth" "recency: relevance x 0.5^(age / 30 days), re-ranking the best 1000 by relevance" "$out"
check_contains "--explain: the title's weight boosted" "title match +2 x a body match" "$out"
run "$FOLIO_SEARCH" -d "$ONE" --explain "oil prices"
check_not_contains "no boost, none explained" "recency" "$out"

run "$FOLIO_SEARCH" -d "$ONE" --recency 30x wheat
check_eq "a bad half-life is refused" 2 "$status"
check_contains "... saying what it takes" "is not a half-life such as 30d" "$err"
run "$FOLIO_SEARCH" -d "$ONE" --boost summary=2 wheat
check_eq "an unknown field is refused" 2 "$status"
check_contains "... naming it" "'summary' is not a text field" "$err"
run "$FOLIO_INDEX" -d "$ONE" --boost title=-1
check_eq "folio-index refuses a bad boost" 2 "$status"
check_contains "... before indexing" "title takes a weight from 0 to 100" "$err"

# ---- The database's setting, stored by folio-index (in every shard) ------------------------------
run "$FOLIO_INDEX" -q -d "$ONE" --recency 30d --boost title=4
check_eq "folio-index --recency --boost on one database" 0 "$status"
run "$FOLIO_INDEX" -q -d "$SHARDED" --recency 30d --boost title=4
check_eq "folio-index --recency --boost on the shards" 0 "$status"
stop_servers # they serve the shards as they were
serve_shards "$SHARDED" "$STUB"
for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  check_eq "$where: the database's recency" "opec-march opec-january undated" "$(ids "$db" "oil prices")"
  check_eq "$where: the database's boost" "wheat-title wheat-body" "$(ids "$db" wheat)"
  check_eq "$where: a query turns recency off" "undated opec-january opec-march" "$(ids "$db" --recency off "oil prices")"
  check_eq "$where: a query's boost replaces the database's" "wheat-body wheat-title" "$(ids "$db" --boost "" wheat)"
done

# ---- The JSON API: recency= and boost= -----------------------------------------------------------
port=$(free_port)
"$FOLIO_SEARCH" -d "$STUB" --serve --port "$port" --quiet &
PIDS+=($!)
wait_for_port "$port" || fail "folio-search --serve did not start"
api_ids() {
  curl -s "http://127.0.0.1:$port/api/search?$1" |
    python3 -c 'import json, sys; print(" ".join(h["id"] for h in json.load(sys.stdin)["hits"]))'
}
check_eq "API over shards: the database's setting" "opec-march opec-january undated" "$(api_ids "q=oil+prices")"
check_eq "API: recency=off" "undated opec-january opec-march" "$(api_ids "q=oil+prices&recency=off")"
check_eq "API: boost=body%3D1 (the database's title=4 replaced)" "wheat-body wheat-title" "$(api_ids "q=wheat&boost=body%3D1")"
check_eq "API: a bad recency is a 400" "400" \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=wheat&recency=soon")"

# folio-index --recency off and --boost "" clear the setting.
run "$FOLIO_INDEX" -q -d "$ONE" --recency off --boost ""
check_eq "folio-index clears the setting" 0 "$status"
check_eq "cleared: relevance again" "undated opec-january opec-march" "$(ids "$ONE" "oil prices")"
check_eq "cleared: no boost again" "wheat-body wheat-title" "$(ids "$ONE" wheat)"
finish
