#!/usr/bin/env bash
# Relevance evaluation on the judged collections in ../shared/eval: for each collection, index
# docs.jsonl with folio's defaults, run queries.tsv through
#   folio-search --batch --plain --format trec -n 1000
# score the run with ../shared/tools/trec_eval.py against qrels.txt, and print the figures beside the
# anchors of ../shared/README.md.
#
# usage: bench/eval/run.sh [BUILD_DIR] [COLLECTION...]     (default: build, cranfield cisi)
# env:   EVAL_MIN_MAP=0.3013  exit 1 if a collection's MAP falls below it (used by the ctest guard)
#        EVAL_WORK=DIR        where indexes and runs go (default: a temporary directory)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
shift || true
collections=("$@")
[ ${#collections[@]} -gt 0 ] || collections=(cranfield cisi)
shared=${FOLIO_SHARED:-$root/../shared}
work=${EVAL_WORK:-$(mktemp -d)}
[ -n "${EVAL_WORK:-}" ] || trap 'rm -rf "$work"' EXIT

anchor() { # collection engine -> "MAP nDCG@10 P@10" from ../shared/README.md's table
  awk -F'|' -v c="$1" -v e="$2" '$2 ~ c && $3 ~ e {gsub(/ /, ""); print $4, $5, $6}' "$shared/README.md"
}

status=0
printf '%-10s %-28s %7s %8s %7s %7s\n' collection engine MAP nDCG@10 P@10 R@100
for c in "${collections[@]}"; do
  dir="$shared/eval/$c"
  db="$work/$c.db"
  rm -rf "$db"
  "$build/folio-index" -q -d "$db" "$dir/docs.jsonl"
  "$build/folio-search" -d "$db" --batch "$dir/queries.tsv" --plain --format trec -n 1000 > "$work/$c.run"
  read -r map ndcg p10 r100 < <(python3 "$shared/tools/trec_eval.py" "$dir/qrels.txt" "$work/$c.run" |
    tr ' ' '\n' | awk -F= '$1 ~ /^(map|nDCG@10|P@10|R@100)$/ {printf "%s ", $2} END {print ""}')
  for engine in "Xapian" "SQLite FTS5"; do
    read -r amap andcg ap10 < <(anchor "$c" "$engine")
    printf '%-10s %-28s %7s %8s %7s %7s\n' "$c" "$engine (anchor)" "$amap" "$andcg" "$ap10" "-"
  done
  printf '%-10s %-28s %7s %8s %7s %7s\n' "$c" "folio" "$map" "$ndcg" "$p10" "$r100"
  if [ -n "${EVAL_MIN_MAP:-}" ] && python3 -c "import sys; sys.exit(0 if $map < $EVAL_MIN_MAP else 1)"; then
    echo "FAIL: $c MAP $map is below $EVAL_MIN_MAP" >&2
    status=1
  fi
done
exit $status
