# Crash safety on generated data (issue #21), so that a clone without ../shared runs it too
# (tests/e2e/indexing.sh does the same on Reuters and BBC when they are there): folio-index killed with
# SIGKILL at several moments of an incremental run in place, of a first (bulk) build and of a large
# addition built in parallel and merged. After each kill xapian-check finds the database sound and it
# opens; a run after the kills completes with every record, and leaves no work directory behind.
. "$(dirname "$0")/lib.sh"
command -v xapian-check >/dev/null || { echo "no xapian-check (xapian-tools)"; exit 1; }

N=6000
python3 "$FOLIO_SOURCE/bench/indexing/gen_corpus.py" jsonl $N 21 > "$WORK/gen.jsonl"
printf '{"id":"seed-1","title":"Lighthouse keeper retires","body":"The keeper of the lighthouse retired."}\n' > "$WORK/seed.jsonl"

doc_count() { "$FOLIO_SEARCH" -d "$1" --stats | awk '$1 == "documents" {print $2}'; }
xapian_ok() {
  if xapian-check "$2" >"$WORK/check.txt" 2>&1; then pass; else fail "$1: xapian-check: $(tail -3 "$WORK/check.txt")"; fi
}
landed=0 # kills that met a run still going (the others came after it ended: they test nothing)
# kill_at SECS WHAT DB CMD...: runs CMD, kills it (SIGKILL) SECS seconds later, then checks DB.
kill_at() {
  local secs=$1 what=$2 db=$3
  shift 3
  "$@" &
  local victim=$!
  sleep "$secs"
  if kill -9 "$victim" 2>/dev/null; then landed=$((landed + 1)); fi
  wait "$victim" 2>/dev/null
  xapian_ok "after kill -9 at ${secs}s ($what)" "$db"
  run "$FOLIO_SEARCH" -d "$db" --stats
  check_eq "the database opens after kill -9 at ${secs}s ($what)" 0 "$status"
}

# An incremental run in place, committing as it goes: killed three times, then completed.
KDB="$WORK/incremental.db"
"$FOLIO_INDEX" -q -d "$KDB" "$WORK/seed.jsonl"
for secs in 0.3 1 2; do
  kill_at $secs "incremental" "$KDB" "$FOLIO_INDEX" -q -j 1 --memory 16 --in-place -d "$KDB" "$WORK/gen.jsonl"
  n=$(doc_count "$KDB")
  [ "$n" -ge 1 ] && [ "$n" -le $((N + 1)) ] && pass || fail "after a kill the count is out of range: $n"
done
run "$FOLIO_INDEX" -q -d "$KDB" "$WORK/gen.jsonl"
check_eq "the run after the kills completes" 0 "$status"
check_eq "with every record and the seed" $((N + 1)) "$(doc_count "$KDB")"
check_eq "the seed is kept" 1 "$("$FOLIO_SEARCH" -d "$KDB" --count lighthouse)"
xapian_ok "after the completing run (incremental)" "$KDB"

# A first build (parts built in parallel, merged at the end): killed twice, then completed.
BDB="$WORK/bulk.db"
for secs in 0.5 1.5; do
  kill_at $secs "first build" "$BDB" "$FOLIO_INDEX" -q --memory 16 -d "$BDB" "$WORK/gen.jsonl"
done
run "$FOLIO_INDEX" -q -d "$BDB" "$WORK/gen.jsonl"
check_eq "the build after the kills completes" 0 "$status"
check_eq "with every record" $N "$(doc_count "$BDB")"
xapian_ok "after the completing build" "$BDB"
[ -e "$BDB.rebuild" ] && fail "the build's work directory is left behind" || pass

# A large addition to a database that holds documents, built apart and merged: a kill leaves the
# database as it was.
ADB="$WORK/addition.db"
"$FOLIO_INDEX" -q -d "$ADB" "$WORK/seed.jsonl"
kill_at 1 "merged addition" "$ADB" "$FOLIO_INDEX" -q -j 1 --memory 16 -d "$ADB" "$WORK/gen.jsonl"
check_eq "a killed addition leaves the database as it was" 1 "$(doc_count "$ADB")"
run "$FOLIO_INDEX" -d "$ADB" "$WORK/gen.jsonl"
check_eq "the addition after the kill completes" 0 "$status"
check_contains "built apart and merged" "building it in parallel, then merging" "$err"
check_eq "with every record and the seed" $((N + 1)) "$(doc_count "$ADB")"
xapian_ok "after the completing addition" "$ADB"
[ -e "$ADB.rebuild" ] && fail "the addition's work directory is left behind" || pass

# Most kills must have met a run still going, or the test tested nothing (a far faster machine).
echo "$landed of 6 kills met a running folio-index"
[ "$landed" -ge 4 ] && pass || fail "only $landed of 6 kills met a running folio-index"
finish
