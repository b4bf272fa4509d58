#!/usr/bin/env bash
# hostile.sh — input built to hurt (issue #21): symbolic links that fan out or leave the root, records
# with huge numbers of fields and values, output carrying terminal escapes. Each case is bounded in
# time (timeout) so a regression fails instead of hanging.
. "$(dirname "$0")/lib.sh"

# ---- Symbolic links: each directory once, never out of the root unless asked ---------------------
F="$WORK/fan"; d="$F"; mkdir -p "$F"
for level in $(seq 1 22); do     # 3^22 paths to one file before directories were walked once
  mkdir "$d/n"; ln -s n "$d/a"; ln -s n "$d/b"; d="$d/n"
done
printf 'Bottom of the tree\n\nThe only article here, about cormorants.\n' > "$d/bottom.txt"
mkdir -p "$WORK/elsewhere"
printf 'Outside\n\nA file outside the root about pelicans.\n' > "$WORK/elsewhere/outside.txt"
ln -s "$WORK/elsewhere" "$F/out"
ln -s /etc/passwd "$F/passwd.txt"
ln -s / "$F/slash"
run timeout -k 5 20 "$FOLIO_INDEX" -d "$WORK/fan.db" "$F"
check_eq "fan-out: one link out of the root skipped per link" 3 "$status"
check_contains "fan-out: the one file, once" "1 documents indexed (1 added" "$out"
check_contains "a link out of the root is not followed" \
  "passwd.txt: skipped: symbolic link out of the SOURCE directory (not followed without --follow-links)" "$err"
check_contains "a link to / is not followed" "slash: skipped: symbolic link out of the SOURCE directory" "$err"
check_contains "a second name of a directory is said" "fan/a: not walked: a second name of a directory" "$err"
run "$FOLIO_SEARCH" -d "$WORK/fan.db" --format tsv cormorants
check_contains "the file keeps its real path" "n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/bottom.txt" "$out"
run "$FOLIO_SEARCH" -d "$WORK/fan.db" root
check_eq "/etc/passwd was not indexed" 1 "$status"
rm "$F/slash" "$F/passwd.txt"   # --follow-links would walk the whole machine
ln -s /proc "$F/proc"
run timeout -k 5 20 "$FOLIO_INDEX" --follow-links -d "$WORK/follow.db" "$F"
check_contains "--follow-links never follows a link into /proc" \
  "proc: skipped: symbolic link into a kernel pseudo-filesystem such as /proc (never followed)" "$err"
check_contains "--follow-links: each directory still once" "2 documents indexed (2 added" "$out"
run "$FOLIO_SEARCH" -d "$WORK/follow.db" --format tsv pelicans
check_contains "--follow-links follows a link out of the root" "out/outside.txt" "$out"

# ---- Records with huge numbers of keyword values and field names ---------------------------------
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
with open(w + "/values.jsonl", "w") as f:
    f.write(json.dumps({"id": "ok", "title": "Fine record", "tags": ["t%d" % i for i in range(1000)]}) + "\n")
    f.write(json.dumps({"id": "many", "title": "Many values", "tags": ["t%d" % i for i in range(100000)]}) + "\n")
    wide = {"id": "wide", "title": "Many field names"}
    wide.update({"f%d" % i: "v" for i in range(20000)})
    f.write(json.dumps(wide) + "\n")
with open(w + "/names.jsonl", "w") as f:   # 20,000 field names in the database, 50 a record
    for r in range(400):
        rec = {"id": "r%d" % r, "title": "record %d" % r, "body": "one of many"}
        rec.update({"f%d_%d" % (r, i): "v" for i in range(50)})
        f.write(json.dumps(rec) + "\n")
PY
run timeout -k 5 30 "$FOLIO_INDEX" -d "$WORK/values.db" "$WORK/values.jsonl"
check_eq "records over the limits are skipped" 3 "$status"
check_contains "100,000 values: skipped, naming the line and the limit" \
  "values.jsonl:2: skipped: more than 1024 keyword values in one document" "$err"
check_contains "20,000 field names: skipped, naming the line and the limit" \
  "values.jsonl:3: skipped: more than 64 keyword fields in one document" "$err"
run "$FOLIO_SEARCH" -d "$WORK/values.db" --format tsv 'tags:t999'
check_contains "a record within the limits keeps all its values" "ok" "$out"
run timeout -k 5 60 "$FOLIO_INDEX" -q -d "$WORK/names.db" "$WORK/names.jsonl"
check_eq "400 records of 50 field names each are indexed" 0 "$status"
run "$FOLIO_SEARCH" -d "$WORK/names.db" --format tsv 'f399_49:v'
check_contains "the last field name is known" "r399" "$out"
# Every query opened the database's 20,000 names in quadratic time (0.7 s a query); now linear.
start=$(date +%s%N)
for i in 1 2 3 4 5 6 7 8 9 10; do "$FOLIO_SEARCH" -d "$WORK/names.db" -n 1 record > /dev/null; done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 5000 ] && pass || fail "10 queries on a database of 20,000 field names took $ms ms"

# ---- A rebuild that stops while removing its work directory ---------------------------------------
# After the swap, DB.rebuild (holding the old database) is removed. Stopped midway (a kill, an error:
# here strace fails its first rmdir), it must still hold its marker, or every later --full, --compact
# and first build is refused until it is removed by hand.
if command -v strace > /dev/null; then
  # LeakSanitizer cannot run under ptrace (it would fail the exit status of an ASan build).
  traced() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -o /dev/null "$@"; }
  R="$WORK/rsrc"; mkdir -p "$R"
  for i in 1 2 3; do printf 'Title %s\n\nBody of article %s.\n' "$i" "$i" > "$R/$i.txt"; done
  "$FOLIO_INDEX" -q -d "$WORK/r.db" "$R"
  traced -e trace=rmdir -e inject=rmdir:error=EIO:when=1 \
    "$FOLIO_INDEX" -q --full -d "$WORK/r.db" "$R"
  check_eq "the stopped removal left the work directory" yes "$([ -d "$WORK/r.db.rebuild" ] && echo yes)"
  check_eq "... with its marker" yes "$([ -e "$WORK/r.db.rebuild/folio-rebuild" ] && echo yes)"
  run "$FOLIO_INDEX" --full -d "$WORK/r.db" "$R"
  check_eq "the next --full removes it and completes" 0 "$status"
  check_contains "... with every document" "3 documents indexed (3 added" "$out"
  check_eq "... leaving no work directory" no "$([ -e "$WORK/r.db.rebuild" ] && echo yes || echo no)"

  # A sharded --full is swapped whole: a failure at any of its swaps (strace fails the Nth
  # renameat2) leaves the old index or the new one, never shards of each.
  for name in alpha beta; do
    for i in $(seq 1 60); do printf '{"id":"%s%d","title":"%s %d","body":"%s words"}\n' "$name" "$i" "$name" "$i" "$name"; done > "$WORK/$name.jsonl"
  done
  "$FOLIO_INDEX" -q --shards 3 -d "$WORK/s.db" "$WORK/alpha.jsonl"
  total() { "$FOLIO_SEARCH" -d "$1" --format json "$2" | grep -o '"total":[0-9]*' | cut -d: -f2; }
  for when in 1 2 3; do
    rm -rf "$WORK/s2.db"; cp -a "$WORK/s.db" "$WORK/s2.db"
    traced -e trace=renameat2 -e inject=renameat2:error=EIO:when=$when \
      "$FOLIO_INDEX" -q --full -d "$WORK/s2.db" "$WORK/beta.jsonl" 2> /dev/null
    state="$(total "$WORK/s2.db" alpha)/$(total "$WORK/s2.db" beta)"
    case "$state" in
      60/0|0/60) pass ;;
      *) fail "sharded --full failing at swap $when left old/new documents $state" ;;
    esac
  done
  run "$FOLIO_INDEX" --full -d "$WORK/s2.db" "$WORK/beta.jsonl"
  check_eq "a sharded --full then completes" "0/60" "$(total "$WORK/s2.db" alpha)/$(total "$WORK/s2.db" beta)"
  check_eq "... leaving no work directory" no "$([ -e "$WORK/s2.db.swap" ] && echo yes || echo no)"

  # A full disk is said to be one, naming the database (strace fails every write with ENOSPC); what was
  # committed stays, and the next run completes.
  printf 'New article\n\nA new body.\n' > "$R/4.txt"
  run traced -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC "$FOLIO_INDEX" -d "$WORK/r.db" "$R"
  check_eq "a full disk is fatal" 2 "$status"
  check_contains "... and said to be a full disk, naming the database" \
    "r.db: the disk is full (no space left on device) while" "$err"
  run "$FOLIO_INDEX" -d "$WORK/r.db" "$R"
  check_contains "the next run completes" "1 documents indexed (1 added, 0 replaced), 0 skipped, 3 unchanged" "$out"
else
  fail "strace is needed for the rebuild removal tests (apt-get install strace)"
fi

# ---- Prefixes each get their own --max-expansion -------------------------------------------------
P="$WORK/prefixes"; mkdir -p "$P"
printf 'Sundry words\n\nsa sb sc sd se sf sg and aa ab ac ad ae xa\n' > "$P/1.txt"
printf 'Other words\n\nnothing here but xb\n' > "$P/2.txt"
"$FOLIO_INDEX" -q -d "$WORK/prefixes.db" "$P"
run "$FOLIO_SEARCH" -d "$WORK/prefixes.db" --max-expansion 3 --format json 's* s*'
check_contains "s* s*: the second prefix is not left empty" '"total":1,' "$out"
run "$FOLIO_SEARCH" -d "$WORK/prefixes.db" --max-expansion 3 --format json 'a* x*'
check_contains "a* x*: x* keeps its own budget" '"total":1,' "$out"
check_contains "... and the cap on a* is said" '"expansion_capped":true' "$out"
run "$FOLIO_SEARCH" -d "$WORK/prefixes.db" 'a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q*'
check_eq "17 prefixes are a query error" 2 "$status"
check_contains "... saying why and where" "query error at column 49: query too complex (more than 16 prefixes)" "$err"
run "$FOLIO_SEARCH" -d "$WORK/prefixes.db" --max-expansion 1 's* s* s*'
check_eq "prefixes expanding to more than 4 x --max-expansion words: a query error" 2 "$status"
check_contains "... saying why" "query too complex (its prefixes expand to more than 4 words; use longer prefixes)" "$err"

# ---- Terminal escapes in documents are never printed raw -----------------------------------------
E="$WORK/escapes"; mkdir -p "$E"
printf 'Evil \033]0;owned\007 title\n\nThe body \033[2J clears the screen\rand rings \007 the bell, \302\23331m CSI.\tTab.\nSecond line.\n' > "$E/e.txt"
printf '{"id":"j\\u001b[1m","title":"x\\u001b[31mred","body":"evil \\u001b]52;c;aGk=\\u0007 clipboard"}\n' > "$E/e.jsonl"
"$FOLIO_INDEX" -q -d "$WORK/escapes.db" "$E"
controls() { LC_ALL=C tr -d '\n\t' | LC_ALL=C tr -dc '\000-\037\177' | wc -c; }
has_c1() { LC_ALL=C grep -c $'\xc2\x9b' || true; }
for format in text tsv; do
  run "$FOLIO_SEARCH" -d "$WORK/escapes.db" --color=never --format "$format" evil
  check_eq "$format output holds no control characters" 0 "$(printf '%s' "$out" | controls)"
  check_contains "$format output shows them as U+FFFD" "x�[31mred" "$out"
done
run "$FOLIO_SEARCH" -d "$WORK/escapes.db" --get e.txt
check_eq "--get prints no control characters but tab and newline" 0 "$(printf '%s' "$out" | controls)"
check_eq "--get prints no C1 control (CSI)" 0 "$(printf '%s' "$out" | has_c1)"
check_contains "--get keeps the body's lines and tabs" $'CSI.\tTab.\nSecond line.' "$out"
check_contains "--get replaces the title's escapes visibly" "title: Evil �]0;owned� title" "$out"
run "$FOLIO_SEARCH" -d "$WORK/escapes.db" --color=always evil
check_contains "--color=always keeps its own bold" $'\033[1m' "$out"
check_eq "... and only its own escapes" 0 "$(printf '%s' "$out" | sed 's/\x1b\[[01]m//g' | controls)"

# ---- A lost position table is noticed, not read as "no phrase matches anything" / AND ------------
"$FOLIO_INDEX" -q -d "$WORK/pos.db" "$WORK/prefixes"
run "$FOLIO_SEARCH" -d "$WORK/pos.db" --format tsv '"but xb"'
check_contains "a phrase matches with positions" "2.txt" "$out"
rm "$WORK/pos.db/position.glass"
run "$FOLIO_SEARCH" -d "$WORK/pos.db" '"xb but"'
check_eq "a phrase on an index that lost position.glass is an error" 2 "$status"
check_contains "... saying so" "position table, position.glass, is missing" "$err"
run "$FOLIO_SEARCH" -d "$WORK/pos.db" --format tsv 'xb but'
check_contains "plain words still work" "2.txt" "$out"

# ---- A database another folio-index is creating this moment --------------------------------------
# Xapian makes the directory and its lock file before the version file: a second first build meeting
# that state was told "not a folio database (a directory holding other files)".
mkdir "$WORK/racing.db"; : > "$WORK/racing.db/flintlock"
run "$FOLIO_INDEX" -d "$WORK/racing.db" "$WORK/prefixes"
check_eq "a database being created is not called foreign" 0 "$status"
check_not_contains "... no 'not a folio database'" "not a folio database" "$err"
mkdir "$WORK/foreign.db"; : > "$WORK/foreign.db/notes.txt"
run "$FOLIO_INDEX" -d "$WORK/foreign.db" "$WORK/prefixes"
check_contains "a directory of other files is still refused" "not a folio database (a directory holding other files)" "$err"

# ---- HTML nested past the parser's limit is refused, not indexed without its body ----------------
H="$WORK/deep"; mkdir -p "$H"
python3 -c "
import sys
d = sys.argv[1]
open(d + '/deep.html', 'w').write('<html><head><title>Deep page</title></head><body><p>top words</p>'
                                  + '<div>' * 100000 + 'bottom cormorant' + '</div>' * 100000 + '</body></html>')
open(d + '/ok.html', 'w').write('<html><body>' + '<div>' * 200 + 'fine pelican' + '</div>' * 200 + '</body></html>')
" "$H"
run timeout -k 5 30 "$FOLIO_INDEX" -d "$WORK/deep.db" "$H"
check_eq "a page nested 100,000 deep is skipped" 3 "$status"
check_contains "... saying why" "deep.html: skipped: HTML nested more than 256 elements deep" "$err"
run "$FOLIO_SEARCH" -d "$WORK/deep.db" --format tsv pelican
check_contains "a page nested 200 deep is indexed whole" "ok.html" "$out"

# ---- A JSON Lines record past the bound (16 MiB, JSONL_MAX_RECORD_BYTES) is skipped, the rest kept ----
python3 -c "
import json, sys
with open(sys.argv[1], 'w') as f:
    f.write(json.dumps({'id': 'before', 'title': 'Before', 'body': 'a quokka'}) + '\\n')
    f.write(json.dumps({'id': 'huge', 'title': 'Huge', 'body': 'quokka ' * 2500000}) + '\\n')
    f.write(json.dumps({'id': 'after', 'title': 'After', 'body': 'another quokka'}) + '\\n')
" "$WORK/huge.jsonl"
run timeout -k 5 60 "$FOLIO_INDEX" -d "$WORK/huge.db" "$WORK/huge.jsonl"
check_eq "a record over 16 MiB: the run reports a skip" 3 "$status"
check_contains "... naming the file and line" "huge.jsonl:2: skipped: a record longer than 16 MiB" "$err"
check_contains "... and the records around it are indexed" "2 documents indexed (2 added" "$out"
check_eq "... and found" "2" "$("$FOLIO_SEARCH" -d "$WORK/huge.db" --count quokka)"

finish
