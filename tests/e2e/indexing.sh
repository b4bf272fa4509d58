# Indexing at scale (issue 7): incremental runs over directories and JSON Lines, deletion scoped to its
# root, renames, --exclude, --url-prefix, --delete, --full, --compact, HTML, bad input of every kind,
# a second writer, and crash safety (kill -9 and SIGINT, then xapian-check and a run that finishes).
. "$(dirname "$0")/lib.sh"
REUTERS="$SHARED/corpora/reuters21578.jsonl"
need_shared "$REUTERS" "$SHARED/corpora/bbc"
command -v xapian-check >/dev/null || { echo "no xapian-check (xapian-tools)"; exit 1; }

# The number of documents in database $1.
doc_count() { "$FOLIO_SEARCH" -d "$1" --stats | awk '$1 == "documents" {print $2}'; }
# The ids of the documents matching query $2 in database $1, sorted, on one line.
ids_of() { "$FOLIO_SEARCH" -d "$1" --format tsv -n 100 -- "$2" | tail -n +2 | cut -f3 | sort | tr '\n' ' '; }
# Waits (up to 20 s) until process $1 holds the Xapian lock of database $2.
wait_for_lock() {
  for _ in $(seq 200); do
    ls -l "/proc/$1/fd" 2>/dev/null | grep -q "$2/flintlock" && return 0
    sleep 0.1
  done
  return 1
}
# Runs the command after $1 in the background and kills it (SIGKILL) $1 seconds later.
kill_after() {
  local secs=$1
  shift
  "$@" &
  local victim=$!
  sleep "$secs"
  kill -9 "$victim" 2>/dev/null
  wait "$victim" 2>/dev/null
  return 0
}
xapian_ok() {
  if xapian-check "$2" >"$WORK/check.txt" 2>&1; then pass; else fail "$1: xapian-check: $(tail -3 "$WORK/check.txt")"; fi
}

# ---- Incremental runs over a directory ---------------------------------------------------------------
A="$WORK/a"; DB="$WORK/inc.db"
mkdir -p "$A/news"
printf 'Harbour cranes arrive\n\nThe port of Lisbon received four cranes.\n' > "$A/news/cranes.txt"
printf 'Orchard frost warning\n\nGrowers expect frost in the orchard tonight.\n' > "$A/news/frost.txt"
printf -- '---\ntitle: Glacier retreat measured\ndate: 2024-05-01\n---\nThe glacier lost forty metres.\n' > "$A/glacier.md"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_eq "first run exit status" 0 "$status"
check_contains "first run adds all" "3 documents indexed (3 added, 0 replaced), 0 skipped, 0 unchanged, 0 deleted" "$out"
check_not_contains "a small new index is merged without a note" "merging" "$err"

run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "unchanged run passes everything over" "0 documents indexed (0 added, 0 replaced), 0 skipped, 3 unchanged, 0 deleted" "$out"

# Modify one, add one, delete one, rename one (same content, new name), touch one (same content).
printf 'Orchard frost damage\n\nGrowers counted the frost damage in the orchard.\n' > "$A/news/frost.txt"
printf 'Ferry timetable changes\n\nThe ferry will sail hourly.\n' > "$A/news/ferry.txt"
rm "$A/glacier.md"
mv "$A/news/cranes.txt" "$A/news/cranes-arrive.txt"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "modified, added, renamed" "3 documents indexed (1 added, 1 replaced), 0 skipped, 0 unchanged, 1 deleted, 1 renamed" "$out"
check_eq "modified text is found" "news/frost.txt " "$(ids_of "$DB" damage)"
check_eq "old text is gone" "" "$(ids_of "$DB" '"frost warning"')"
check_eq "added file is found" "news/ferry.txt " "$(ids_of "$DB" ferry)"
check_eq "deleted file is gone" "" "$(ids_of "$DB" glacier)"
check_eq "renamed file has its new id only" "news/cranes-arrive.txt " "$(ids_of "$DB" cranes)"
check_eq "three documents" 3 "$(doc_count "$DB")"

touch -d '2001-01-01' "$A/news/ferry.txt"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "a touched file with the same content is unchanged" "0 documents indexed (0 added, 0 replaced), 0 skipped, 3 unchanged" "$out"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "and its new time is remembered" "3 unchanged" "$out"

# ---- Deletion is scoped to its root; the same path under two roots is two documents ---------------
B="$WORK/b"
mkdir -p "$B/news"
printf 'Ferry strike called off\n\nThe ferry crews accepted the offer.\n' > "$B/news/ferry.txt"
run "$FOLIO_INDEX" -d "$DB" "$B"
check_contains "second root adds its file" "(1 added, 0 replaced)" "$out"
check_contains "indexing one root deletes nothing of another" "0 deleted" "$out"
check_eq "same relative path under two roots: two documents" "news/ferry.txt news/ferry.txt " "$(ids_of "$DB" ferry)"
rm "$A/news/ferry.txt"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "the vanished file of root a is deleted" "1 deleted" "$out"
check_eq "root b's file of the same path stays" "news/ferry.txt " "$(ids_of "$DB" ferry)"
run "$FOLIO_SEARCH" -d "$DB" ferry
check_contains "the one left is root b's" "Ferry strike called off" "$out"
run "$FOLIO_SEARCH" -d "$DB" --get news/ferry.txt
check_contains "--get finds a file by its displayed id" "Ferry strike called off" "$out"
# A root given by another spelling of its path is the same root.
run "$FOLIO_INDEX" -d "$DB" "$WORK/./b/"
check_contains "the same root by another path" "0 documents indexed (0 added, 0 replaced), 0 skipped, 1 unchanged, 0 deleted" "$out"

# ---- --exclude, --url-prefix, --delete -----------------------------------------------------------
mkdir -p "$A/drafts"
printf 'Draft about walruses\n\nWalrus colony notes.\n' > "$A/drafts/walrus.txt"
printf 'Markdown note on walruses\n\nMore walrus notes.\n' > "$A/news/walrus.md"
run "$FOLIO_INDEX" -d "$DB" --exclude 'drafts/*' --exclude '*.md' "$A"
check_eq "excluded files are not indexed" "" "$(ids_of "$DB" walrus)"
run "$FOLIO_INDEX" -d "$DB" --exclude 'drafts' "$A"
check_eq "excluding a directory by name; the .md is in" "news/walrus.md " "$(ids_of "$DB" walrus)"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_eq "without exclusions the draft is in" "drafts/walrus.txt news/walrus.md " "$(ids_of "$DB" walrus)"
run "$FOLIO_INDEX" -d "$DB" --exclude '*.md' "$A"
check_contains "a file excluded later is deleted" "1 deleted" "$out"
rm "$A/news/walrus.md"

run "$FOLIO_INDEX" -d "$DB" --url-prefix https://example.org/a/ "$A"
check_contains "a new URL prefix re-indexes the root" "3 documents indexed (0 added, 3 replaced)" "$out"
run "$FOLIO_SEARCH" -d "$DB" --format json cranes
check_contains "url from the prefix" '"url":"https://example.org/a/news/cranes-arrive.txt"' "$out"
run "$FOLIO_INDEX" -d "$DB" "$A"
check_contains "the prefix is remembered" "0 replaced), 0 skipped, 3 unchanged" "$out"

run "$FOLIO_INDEX" -d "$DB" --delete drafts/walrus.txt no-such-id
check_eq "--delete with an unknown id exits 0" 0 "$status"
check_contains "--delete counts" "1 deleted" "$out"
check_contains "--delete warns about an unknown id" "no-such-id" "$err"
check_eq "the deleted document is gone" "" "$(ids_of "$DB" walrus)"

# ---- JSON Lines: upserts, unchanged records, deletion records -----------------------------------
J="$WORK/records.jsonl"; JDB="$WORK/records.db"
cat > "$J" <<'EOF'
{"id": "r1", "title": "Copper prices rise", "body": "Copper rose on strong demand."}
{"id": "r2", "title": "Tin output falls", "body": "Tin mines cut output."}
{"id": "r3", "title": "Zinc stocks", "body": "Zinc stocks were unchanged."}
EOF
run "$FOLIO_INDEX" -d "$JDB" "$J"
check_contains "records added" "3 documents indexed (3 added, 0 replaced)" "$out"
run "$FOLIO_INDEX" -d "$JDB" "$J"
check_contains "unchanged records are passed over" "0 documents indexed (0 added, 0 replaced), 0 skipped, 3 unchanged" "$out"
cat > "$WORK/update.jsonl" <<'EOF'
{"title": "Copper prices rise", "id": "r1", "body": "Copper rose on strong demand."}
{"id": "r2", "title": "Tin output recovers", "body": "Tin mines resumed output."}
{"id": "r3", "deleted": true}
{"id": "r4", "title": "Nickel", "body": "Nickel was quiet."}
{"id": "r4", "title": "Nickel rallies", "body": "Nickel rallied late."}
EOF
run "$FOLIO_INDEX" -d "$JDB" "$WORK/update.jsonl"
check_contains "upserts and a deletion record" "3 documents indexed (1 added, 2 replaced), 0 skipped, 1 unchanged, 1 deleted" "$out"
check_eq "the deleted record is gone" "" "$(ids_of "$JDB" zinc)"
check_eq "the later of two versions wins" "r4 " "$(ids_of "$JDB" rallied)"
check_eq "the earlier version is gone" "" "$(ids_of "$JDB" quiet)"
check_eq "records absent from a later run stay" 3 "$(doc_count "$JDB")"
printf '{"id": "r2", "deleted": true}\n' | "$FOLIO_INDEX" -q -d "$JDB" -
check_eq "a deletion record on standard input" "" "$(ids_of "$JDB" tin)"

# A first (bulk) build: a record given twice keeps its last version, a deletion record deletes.
printf '%s\n' '{"id": "d1", "title": "First", "body": "alpha"}' '{"id": "d2", "title": "Second", "body": "beta"}' \
  '{"id": "d1", "title": "First again", "body": "gamma"}' '{"id": "d2", "deleted": true}' > "$WORK/dups.jsonl"
run "$FOLIO_INDEX" -d "$WORK/dups.db" "$WORK/dups.jsonl"
check_eq "first build: the last version of a record given twice" "d1 " "$(ids_of "$WORK/dups.db" gamma)"
check_eq "first build: not its earlier version" "" "$(ids_of "$WORK/dups.db" alpha)"
check_eq "first build: a deletion record deletes" 1 "$(doc_count "$WORK/dups.db")"

# ---- HTML ----------------------------------------------------------------------------------------
H="$WORK/html"; mkdir -p "$H"
cat > "$H/page.html" <<'EOF'
<!DOCTYPE html><html><head><title>Lighthouse keepers &amp; their logs</title>
<meta name="author" content="Ada Keeper"><style>.kittiwake { color: red }</style>
<script>var puffin = 1;</script></head>
<body><h1>Logs</h1><p>The keeper wrote about gan<b>nets</b> every day.<br>Storms came in <i>October</i>.</p>
<script>document.write("puffin")</script></body></html>
EOF
printf '<html><body><p>Unclosed <div>tags and <b>broken markup about cormorants\n' > "$H/broken.htm"
run "$FOLIO_INDEX" -d "$WORK/html.db" "$H"
check_contains "HTML files indexed" "2 documents indexed (2 added" "$out"
run "$FOLIO_SEARCH" -d "$WORK/html.db" gannets
check_contains "title from <title>, entities decoded" "Lighthouse keepers & their logs" "$out"
check_eq "inline markup does not split words" "page.html " "$(ids_of "$WORK/html.db" gannets)"
check_eq "script text is not indexed" "" "$(ids_of "$WORK/html.db" puffin)"
check_eq "style text is not indexed" "" "$(ids_of "$WORK/html.db" kittiwake)"
check_eq "author from <meta>" "page.html " "$(ids_of "$WORK/html.db" 'author:keeper')"
check_eq "broken markup is recovered" "broken.htm " "$(ids_of "$WORK/html.db" cormorants)"

# ---- Bad input of every kind ------------------------------------------------------------------------
X="$WORK/bad"; mkdir -p "$X/sub"
printf 'Good article\n\nIt is fine.\n' > "$X/good.txt"
: > "$X/empty.txt"
printf '   \n\n' > "$X/blank.md"
printf 'Binary\0data\n' > "$X/binary.txt"
printf 'Caf\xe9 au lait\n\nLatin-1 text.\n' > "$X/latin1.txt"
truncate -s 65M "$X/huge.txt"
ln -s .. "$X/sub/loop"
ln -s nowhere.txt "$X/dangling.txt"
printf '{"id": "ok", "title": "Fine"}\n{"id": \n{"title": "no id"}\n' > "$X/records.jsonl"
printf '<html><head><script>x</script></head></html>' > "$X/scriptonly.html"
unreadable=0
if [ "$(id -u)" -ne 0 ]; then
  printf 'Secret\n\nUnreadable.\n' > "$X/secret.txt"; chmod 000 "$X/secret.txt"; unreadable=1
fi
run "$FOLIO_INDEX" -d "$WORK/bad.db" "$X"
check_eq "skipped input exits 3" 3 "$status"
check_contains "good files are indexed" "documents indexed (3 added" "$out"
check_contains "empty file" "empty.txt: skipped: empty file" "$err"
check_contains "blank file" "blank.md: skipped: empty file" "$err"
check_contains "binary file" "binary.txt: skipped: binary file" "$err"
check_contains "Latin-1 is decoded with a warning" "latin1.txt: not valid UTF-8" "$err"
check_contains "file over the size cap" "huge.txt: skipped: larger than 64 MiB" "$err"
check_contains "symbolic link loop" "sub/loop: skipped: symbolic link loop" "$err"
check_contains "broken symbolic link" "dangling.txt: skipped: broken symbolic link" "$err"
check_contains "bad JSON names file and line" "records.jsonl:2: skipped: invalid JSON" "$err"
check_contains "record without id" "records.jsonl:3: skipped: record has no id" "$err"
check_contains "HTML without text" "scriptonly.html: skipped: no text in the HTML" "$err"
[ "$unreadable" -eq 1 ] && check_contains "unreadable file" "secret.txt: skipped: Permission denied" "$err"
run "$FOLIO_SEARCH" -d "$WORK/bad.db" cafe
check_contains "Latin-1 text is readable" "Café au lait" "$out"
run "$FOLIO_INDEX" -d "$WORK/bad.db" "$X"
check_contains "bad files stay skipped, good ones unchanged" "3 unchanged" "$out"
run "$FOLIO_INDEX" -d "$WORK/bad.db" "$WORK/no-such-dir"
check_contains "a missing source is reported" "no-such-dir: skipped: No such file or directory" "$err"

# ---- A second writer is refused ------------------------------------------------------------------
mkfifo "$WORK/fifo"
"$FOLIO_INDEX" -q -d "$JDB" - < "$WORK/fifo" &
holder=$!
exec 3> "$WORK/fifo"
if wait_for_lock "$holder" "$JDB"; then pass; else fail "the first writer never took the lock"; fi
run "$FOLIO_INDEX" -d "$JDB" "$J"
check_eq "second writer exits 2" 2 "$status"
check_contains "second writer gets a clear error" "$JDB: the database is locked: another writer holds it (another folio-index is writing to it)" "$err"
printf '{"id": "late", "title": "Late record", "body": "Arrived through the pipe."}\n' >&3
exec 3>&-
wait "$holder"
check_eq "the first writer finishes" 0 "$?"
check_eq "and its record is stored" "late " "$(ids_of "$JDB" pipe)"

# ---- A large new source added to a database that holds documents: built in parallel, then merged ----
SMALL="$WORK/small"; LARGE="$WORK/large"; ADB="$WORK/add.db"
mkdir -p "$SMALL" "$LARGE"
printf 'Lighthouse keeper retires\n\nThe keeper of the lighthouse retired.\n' > "$SMALL/lighthouse.txt"
printf 'Canal reopens\n\nBarges returned to the canal.\n' > "$SMALL/canal.txt"
cp -r "$SHARED/corpora/bbc/business" "$LARGE/"
run "$FOLIO_INDEX" -d "$ADB" "$SMALL"
check_contains "the small root first" "2 documents indexed (2 added" "$out"
run "$FOLIO_INDEX" -d "$ADB" "$LARGE"
check_eq "adding a large new root exits 0" 0 "$status"
check_contains "a large new root is built in parallel and merged" "building it in parallel, then merging" "$err"
check_contains "the merge, the run's longest silence, is announced" "merging the parts into $ADB" "$err"
check_contains "all of it added" "510 documents indexed (510 added, 0 replaced), 0 skipped, 0 unchanged, 0 deleted" "$out"
check_eq "the database holds both roots" 512 "$(doc_count "$ADB")"
check_eq "the first root's documents are kept" "lighthouse.txt " "$(ids_of "$ADB" lighthouse)"
check_eq "the new root's documents are found" "business/001.txt " "$(ids_of "$ADB" '"time warner" profit')"
xapian_ok "after a merged addition" "$ADB"
[ -e "$ADB.rebuild" ] && fail "the merge's work directory is left behind" || pass
run "$FOLIO_INDEX" -d "$ADB" "$SMALL" "$LARGE"
check_contains "both roots are known afterwards: nothing to do" "0 documents indexed (0 added, 0 replaced), 0 skipped, 512 unchanged, 0 deleted" "$out"
printf 'Canal closes again\n\nThe canal froze.\n' > "$SMALL/canal.txt"
rm "$LARGE/business/002.txt"
run "$FOLIO_INDEX" -d "$ADB" "$SMALL" "$LARGE"
check_contains "later runs over both are incremental" "1 documents indexed (0 added, 1 replaced), 0 skipped, 510 unchanged, 1 deleted" "$out"
check_not_contains "and go in place" "merging" "$err"
mkdir -p "$WORK/tiny"
printf 'Tram line opens\n\nThe first tram ran today.\n' > "$WORK/tiny/tram.txt"
run "$FOLIO_INDEX" -d "$ADB" "$WORK/tiny"
check_contains "a small new root is added" "1 documents indexed (1 added" "$out"
check_not_contains "in place" "merging" "$err"
# Killed while building or merging: the database stays as it was.
mkdir -p "$WORK/rdir"
cp "$REUTERS" "$WORK/rdir/"
before=$(doc_count "$ADB")
kill_after 2 "$FOLIO_INDEX" -q -j 1 --memory 16 -d "$ADB" "$WORK/rdir"
xapian_ok "after kill -9 (merged addition)" "$ADB"
check_eq "a killed addition leaves the database as it was" "$before" "$(doc_count "$ADB")"
run "$FOLIO_INDEX" -d "$ADB" "$WORK/rdir"
check_eq "the next run completes the addition" 0 "$status"
check_contains "merging again" "building it in parallel, then merging" "$err"
check_eq "with every document" $((before + 19043)) "$(doc_count "$ADB")"
check_eq "old and new documents are found" "lighthouse.txt " "$(ids_of "$ADB" lighthouse)"

# ---- A large JSON Lines file added to a database that holds records: upserts, built apart and merged --
JADD="$WORK/jadd"; mkdir -p "$JADD"
head -100 "$REUTERS" > "$JADD/first.jsonl"
# One record unchanged, one changed, one deleted, a deletion of an id never stored, 2,900 new records
# and one of them given twice (the second version wins).
read -r unchanged_id changed_id deleted_id twice_id < <(python3 - "$REUTERS" "$JADD/add.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
first, changed, deleted = (json.loads(lines[i]) for i in range(3))
changed["body"] += " zorblatt"
twice = json.loads(lines[200])
twice["body"] += " quuxword"
out = [lines[0], json.dumps(changed), json.dumps({"id": deleted["id"], "deleted": True}),
       json.dumps({"id": "never-stored", "deleted": True})] + lines[100:3000] + [json.dumps(twice)]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
print(first["id"], changed["id"], deleted["id"], twice["id"])
PY
)
for mode in merged sharded in-place; do
  MDB="$JADD/$mode.db"
  if [ "$mode" = sharded ]; then
    "$FOLIO_INDEX" -q --shards 3 -d "$MDB" "$JADD/first.jsonl"
  else
    "$FOLIO_INDEX" -q -d "$MDB" "$JADD/first.jsonl"
  fi
  if [ "$mode" != in-place ]; then
    run "$FOLIO_INDEX" -d "$MDB" "$JADD/add.jsonl"
    check_contains "$mode: a large JSON Lines file is built in parallel and merged" "building it in parallel, then merging" "$err"
  else
    run "$FOLIO_INDEX" --in-place -d "$MDB" "$JADD/add.jsonl"
    check_not_contains "--in-place adds where the database is" "merging" "$err"
  fi
  check_eq "$mode: the addition exits 0" 0 "$status"
  check_contains "$mode: added, replaced, unchanged and deleted are counted as in place" \
    "2902 documents indexed (2900 added, 2 replaced), 0 skipped, 1 unchanged, 1 deleted" "$out"
  check_eq "$mode: one document per id" 2999 "$(doc_count "$MDB")"
  check_eq "$mode: the changed record replaced the stored one" "$changed_id " "$(ids_of "$MDB" zorblatt)"
  check_eq "$mode: the record given twice: its last version" "$twice_id " "$(ids_of "$MDB" quuxword)"
  run "$FOLIO_SEARCH" -d "$MDB" --get "$deleted_id"
  check_eq "$mode: the deleted record is gone" 1 "$status"
  run "$FOLIO_SEARCH" -d "$MDB" --get "$unchanged_id"
  check_eq "$mode: the unchanged record is kept" 0 "$status"
  if [ "$mode" = sharded ]; then
    for i in 0 1 2; do xapian_ok "$mode: shard $i after the JSON Lines addition" "$MDB/shard-$i"; done
  else
    xapian_ok "$mode: after the JSON Lines addition" "$MDB"
  fi
  run "$FOLIO_INDEX" -d "$MDB" "$JADD/add.jsonl"
  # Given again, only the record given twice changes (to its first version, then back to its last).
  check_contains "$mode: given again, the rest is unchanged" \
    "2 documents indexed (0 added, 2 replaced), 0 skipped, 2901 unchanged, 0 deleted" "$out"
  check_eq "$mode: and the last version stays" "$twice_id " "$(ids_of "$MDB" quuxword)"
done
run "$FOLIO_INDEX" --in-place --full -d "$JADD/x.db" "$JADD/first.jsonl"
check_eq "--in-place with --full is refused" 2 "$status"
check_contains "with a reason" "--in-place and --full do not go together" "$err"

# ---- Crash safety: kill -9 during an incremental run and during a first (bulk) build --------------
KDB="$WORK/kill.db"
"$FOLIO_INDEX" -q -d "$KDB" "$J"   # not empty: the next run updates in place, committing as it goes
kill_after 2 "$FOLIO_INDEX" -q -j 1 --memory 16 --in-place -d "$KDB" "$REUTERS"
xapian_ok "after kill -9 (incremental)" "$KDB"
run "$FOLIO_SEARCH" -d "$KDB" --stats
check_eq "the killed database opens" 0 "$status"
run "$FOLIO_INDEX" -d "$KDB" "$REUTERS"
check_eq "the next run completes" 0 "$status"
check_eq "every record is in" 19046 "$(doc_count "$KDB")"
xapian_ok "after the completing run" "$KDB"

# A first build with a small memory budget writes many small parts (merged at the end).
run "$FOLIO_INDEX" -q -j 2 --memory 16 -d "$WORK/parts.db" "$REUTERS" "$J"
check_eq "a build in many parts" 0 "$status"
check_eq "a build in many parts holds every document" 19046 "$(doc_count "$WORK/parts.db")"
check_eq "and searches like any other" 90 "$("$FOLIO_SEARCH" -d "$WORK/parts.db" --count cocoa)"
xapian_ok "a build in many parts" "$WORK/parts.db"

# A new index of 10,000 documents (MERGE_NOTE_MIN_DOCS in indexer/main.c) announces its merge.
python3 -c 'import json
for i in range(10000): print(json.dumps({"id": f"r{i}", "title": f"Record {i}", "body": f"body of record {i}"}))' \
  > "$WORK/tenk.jsonl"
run "$FOLIO_INDEX" -d "$WORK/tenk.db" "$WORK/tenk.jsonl"
check_contains "10,000 new documents" "10000 documents indexed (10000 added" "$out"
check_contains "a large new index announces its merge" "merging the parts into $WORK/tenk.db" "$err"

BDB="$WORK/bulk.db"
kill_after 2 "$FOLIO_INDEX" -q -d "$BDB" "$REUTERS"
xapian_ok "after kill -9 (bulk build)" "$BDB"
run "$FOLIO_SEARCH" -d "$BDB" --stats
check_eq "a killed first build leaves a database that opens" 0 "$status"
run "$FOLIO_INDEX" -d "$BDB" "$REUTERS"
check_eq "the next run completes the build" 0 "$status"
check_eq "every record is in" 19043 "$(doc_count "$BDB")"
[ -e "$BDB.rebuild" ] && fail "the build directory is left behind" || pass

# SIGINT commits what is done.
IDB="$WORK/int.db"
"$FOLIO_INDEX" -q -d "$IDB" "$J"
"$FOLIO_INDEX" -j 1 --memory 16 --in-place -d "$IDB" "$REUTERS" > "$WORK/int.out" 2> "$WORK/int.err" &
victim=$!
sleep 2
kill -INT "$victim" 2>/dev/null
wait "$victim"
int_status=$?
if [ "$int_status" -eq 130 ]; then
  check_contains "SIGINT says it committed" "interrupted: what was indexed is committed" "$(cat "$WORK/int.err")"
  xapian_ok "after SIGINT" "$IDB"
  n=$(doc_count "$IDB")
  [ "$n" -gt 3 ] && pass || fail "SIGINT kept nothing ($n documents)"
else
  check_eq "SIGINT after the run ended (a fast machine) still exits 0" 0 "$int_status"
fi
run "$FOLIO_INDEX" -d "$IDB" "$REUTERS"
check_eq "the run after SIGINT completes" 19046 "$(doc_count "$IDB")"

# ---- Progress: a bar on a terminal, nothing with -q ------------------------------------------------
if command -v script >/dev/null; then
  script -qefc "'$FOLIO_INDEX' -j 1 -d '$WORK/tty.db' '$REUTERS'" /dev/null > "$WORK/tty.out" 2>&1
  check_contains "a progress bar on a terminal" "ETA" "$(cat "$WORK/tty.out")"
  check_contains "the bar counts documents" " docs " "$(cat "$WORK/tty.out")"
  rm -rf "$WORK/tty.db"
  script -qefc "'$FOLIO_INDEX' -q -j 1 -d '$WORK/tty.db' '$REUTERS'" /dev/null > "$WORK/tty.out" 2>&1
  check_eq "-q shows nothing" "" "$(cat "$WORK/tty.out")"
fi

# ---- --full and --compact -------------------------------------------------------------------------
run "$FOLIO_INDEX" -d "$DB" --full "$B"
check_contains "--full rebuilds from the sources given" "1 documents indexed (1 added, 0 replaced)" "$out"
check_eq "--full keeps only what was given" 1 "$(doc_count "$DB")"
run "$FOLIO_INDEX" -d "$KDB" --compact
check_eq "--compact alone" 0 "$status"
xapian_ok "after --compact" "$KDB"
check_eq "--compact keeps every document" 19046 "$(doc_count "$KDB")"
run "$FOLIO_SEARCH" -d "$KDB" --count cocoa
check_eq "searching after --compact" 90 "$out"

finish
