#!/usr/bin/env bash
# Write API benchmark of folio-search --serve --write-keys (#17; not a test), on loopback:
#  1. throughput: Reuters-21578 pushed in requests of 100 records (JSON Lines) from 4 clients into a
#     database holding one record, against folio-index --in-place adding the same file to the same
#     starting database on this machine;
#  2. single-record push latency (one client, one record a request) while wrk runs the search
#     benchmark load of run.sh (16 connections over real queries) on the Reuters index;
#  3. search latency under that write load against the same wrk run with no writes.
#
#   bash bench/http/push.sh [BUILD_DIR]   (default build/; CLIENTS=4 BATCH=100 DURATION_S=10 CONNECTIONS=16
#                                          THREADS=2 QUERIES=2000 may be set)
# Run it on a quiet machine: the clients, wrk and the server share its cores.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
CLIENTS=${CLIENTS:-4} BATCH=${BATCH:-100} SECONDS_=${DURATION_S:-10}
CONNECTIONS=${CONNECTIONS:-16} THREADS=${THREADS:-2} QUERIES=${QUERIES:-2000}
OUT="$ROOT/bench/out/push"
rm -rf "$OUT"
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is not installed (bash scripts/deps)" >&2; exit 1; }

head -1 "$CORPUS" | sed 's/"id": *"[^"]*"/"id": "seed-record"/' > "$OUT/seed.jsonl"
fresh_db() { rm -rf "$1"; "$BUILD/folio-index" -q -d "$1" "$OUT/seed.jsonl"; }

server=""
start_server() { # DB: starts the server with a new key; sets port and key
  read -r key line < <("$BUILD/folio-search" --make-key 2>/dev/null | paste -sd' ')
  echo "$line" > "$OUT/keys"
  rm -f "$OUT/server.log" # a fresh log: the port read below is this server's
  "$BUILD/folio-search" -d "$1" --serve --port 0 --quiet --write-keys "$OUT/keys" 2> "$OUT/server.log" &
  server=$!
  port=""
  for _ in $(seq 100); do
    port=$(grep -soE '127\.0\.0\.1:[0-9]+' "$OUT/server.log" | head -1 | cut -d: -f2 || true)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$OUT/server.log" >&2; exit 1; }
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
trap '[ -n "$server" ] && kill $server 2>/dev/null; true' EXIT

echo "== 1. throughput: $(wc -l < "$CORPUS") records"
fresh_db "$OUT/indexed.db"
start=$(date +%s.%N)
"$BUILD/folio-index" -q --in-place -d "$OUT/indexed.db" "$CORPUS"
end=$(date +%s.%N)
index_rate=$(python3 -c "print(round($(wc -l < "$CORPUS") / ($end - $start)))")
echo "folio-index --in-place: $index_rate documents/s"
fresh_db "$OUT/pushed.db"
start_server "$OUT/pushed.db"
python3 "$HERE/push_client.py" bulk "$port" "$key" "$CORPUS" "$CLIENTS" "$BATCH" | tee "$OUT/bulk.txt"
stop_server
push_rate=$(grep -oE 'documents_per_s=[0-9]+' "$OUT/bulk.txt" | cut -d= -f2)
echo "push: $push_rate documents/s = $(python3 -c "print(round(100 * $push_rate / $index_rate))")% of folio-index --in-place"

echo "== 2, 3. latency under the search load"
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" 1 | python3 -c '
import sys, urllib.parse
seen = set()
for line in sys.stdin:
    q = line.rstrip("\n").split("\t", 1)[1]
    if q not in seen:
        seen.add(q)
        print("/api/search?q=" + urllib.parse.quote(q, safe=""))
' > "$OUT/paths.txt"
start_server "$OUT/pushed.db"
url="http://127.0.0.1:$port"
wrk -t "$THREADS" -c "$CONNECTIONS" -d 3s -s "$HERE/rotate.lua" "$url" -- "$OUT/paths.txt" > /dev/null
idle=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_}s" -s "$HERE/rotate.lua" "$url" -- "$OUT/paths.txt" | grep '^RESULT')
echo "search, idle:              $idle"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_}s" -s "$HERE/rotate.lua" "$url" -- "$OUT/paths.txt" \
  | grep '^RESULT' > "$OUT/loaded.txt" &
wrk_pid=$!
python3 "$HERE/push_client.py" single "$port" "$key" "$SECONDS_" > "$OUT/single.txt"
wait "$wrk_pid"
echo "search, with single pushes: $(cat "$OUT/loaded.txt")"
echo "single-record push:         $(cat "$OUT/single.txt")"
stop_server
