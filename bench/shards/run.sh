#!/bin/bash
# Sharding benchmark (issue 8): the same batch of generated queries (bench/batch/gen_queries.py) over
# Reuters-21578 answered by `folio-search --batch --format jsonl -n 10` from
#   one       one local database
#   local3    the 3 shards of `folio-index --shards 3`, opened locally through their stub
#   remote3   the same 3 shards served by 3 xapian-tcpsrv processes on loopback (a stub of remote lines)
#   shard     one shard alone (a third of the corpus: latency against index size)
# Prints queries/s and p50/p99 latency (each query's took_ms), medians of RUNS runs. Not a test.
#
#   bash bench/shards/run.sh [BUILD_DIR]     (default build/)
#
# Environment: QUERIES (default 1000), SEED (1), RUNS (3), CORPUS, WORK (/tmp/folio-bench-shards).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpora/reuters21578.jsonl}
QUERIES=${QUERIES:-1000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/folio-bench-shards}
mkdir -p "$WORK"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done; wait 2>/dev/null || true; }
trap cleanup EXIT

[ -d "$WORK/one.db" ] || "$BUILD/folio-index" -q -d "$WORK/one.db" "$CORPUS"
[ -d "$WORK/sharded.db" ] || "$BUILD/folio-index" -q --shards 3 -d "$WORK/sharded.db" "$CORPUS"
python3 "$ROOT/bench/batch/gen_queries.py" "$CORPUS" "$QUERIES" "$SEED" > "$WORK/queries.tsv"

: > "$WORK/remote.stub"
for i in 0 1 2; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # setsid: xapian-tcpsrv signals its whole process group when it stops.
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$WORK/sharded.db/shard-$i" >/dev/null 2>&1 &
  PIDS+=($!)
  echo "remote 127.0.0.1:$port" >> "$WORK/remote.stub"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

declare -A DB=([one]="$WORK/one.db" [local3]="$WORK/sharded.db" [remote3]="$WORK/remote.stub"
               [shard]="$WORK/sharded.db/shard-0")
SETUPS="one local3 remote3 shard"
for n in $(seq 1 "$RUNS"); do
  for s in $SETUPS; do
    start=$(date +%s.%N)
    "$BUILD/folio-search" -d "${DB[$s]}" --batch "$WORK/queries.tsv" --format jsonl -n 10 > "$WORK/$s.$n.jsonl" || true
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' > "$WORK/$s.$n.wall"
  done
done

echo "command: bash bench/shards/run.sh  (QUERIES=$QUERIES SEED=$SEED RUNS=$RUNS; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$WORK" "$RUNS" $SETUPS <<'PY'
import json, statistics, sys
work, runs, setups = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print("| setup | queries/s | p50 ms | p99 ms |")
print("|---|---|---|---|")
for s in setups:
    qps, p50, p99 = [], [], []
    for n in range(1, runs + 1):
        took = sorted(json.loads(l)["took_ms"] for l in open(f"{work}/{s}.{n}.jsonl") if '"took_ms"' in l)
        wall = float(open(f"{work}/{s}.{n}.wall").read())
        qps.append(len(took) / wall)
        p50.append(took[len(took) // 2])
        p99.append(took[min(len(took) - 1, int(len(took) * 0.99))])
    print(f"| {s} | {statistics.median(qps):.0f} | {statistics.median(p50):.2f} | {statistics.median(p99):.2f} |")
PY
