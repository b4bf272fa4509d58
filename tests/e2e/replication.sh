# Read replicas with Xapian's replication: folio-index writes the master with XAPIAN_MAX_CHANGESETS set,
# xapian-replicate-server serves it, xapian-replicate pulls it into a replica directory (a stub and a
# replica_N database, which folio opens like any stub); an update on the master (new records) reaches
# the replica and a search there sees it. Waits are bounded; every server is killed on exit.
. "$(dirname "$0")/lib.sh"
RECORDS=$(records_corpus)
command -v xapian-replicate-server >/dev/null || { echo "no xapian-replicate-server (xapian-tools)"; exit 1; }
WAIT_S=30
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null # reaps them (bash reports the kill)
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/master" "$WORK/replicas"
export XAPIAN_MAX_CHANGESETS=10

# A first build is a rebuild swapped in whole; the replica then starts with a full copy.
head -2000 "$RECORDS" > "$WORK/first.jsonl"
run "$FOLIO_INDEX" -q -d "$WORK/master/news" "$WORK/first.jsonl"
check_eq "index the master" 0 "$status"
# One update made with changesets on, so the master has a changeset history from here on.
echo '{"id": "warmup", "title": "Warm up", "body": "first change"}' > "$WORK/warm.jsonl"
run "$FOLIO_INDEX" -q -d "$WORK/master/news" "$WORK/warm.jsonl"
check_eq "update the master" 0 "$status"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# setsid: these servers signal their own process group when they stop.
setsid xapian-replicate-server --interface 127.0.0.1 --port "$PORT" "$WORK/master" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
(cd "$WORK/replicas" && exec setsid xapian-replicate -h 127.0.0.1 -p "$PORT" -m news -i 1 -r 0 -q news) \
  >"$WORK/replicate.log" 2>&1 &
PIDS+=($!)

# wait_for_hits QUERY: until the replica answers QUERY with a hit (bounded); sets $found.
wait_for_hits() {
  local i
  found=0
  for ((i = 0; i < WAIT_S * 5; i++)); do
    if "$FOLIO_SEARCH" -d "$WORK/replicas/news" --count "$1" 2>/dev/null | grep -qv '^0$'; then
      found=1
      return
    fi
    sleep 0.2
  done
}
wait_for_hits warm
check_eq "the replica got the master (full copy)" 1 "$found"
check_eq "the replica holds every document" 2001 "$("$FOLIO_SEARCH" -d "$WORK/replicas/news" --stats 2>/dev/null | awk '$1 == "documents" {print $2}')"

echo '{"id": "late-news", "title": "Glorbnax merger announced", "body": "The glorbnax merger was announced today."}' > "$WORK/update.jsonl"
run "$FOLIO_INDEX" -q -d "$WORK/master/news" "$WORK/update.jsonl"
check_eq "index new records on the master" 0 "$status"
wait_for_hits glorbnax
check_eq "the update reached the replica, and a search there sees it" 1 "$found"
run "$FOLIO_SEARCH" -d "$WORK/replicas/news" --format tsv glorbnax
check_contains "the replica finds the new record" "late-news" "$out"
xapian-check "$WORK/master/news" >/dev/null 2>&1 && pass || fail "xapian-check of the master"

finish
