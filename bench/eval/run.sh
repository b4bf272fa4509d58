#!/usr/bin/env bash
# Relevance evaluation on the judged collections of ../shared/eval (and, with --multilingual,
# ../shared/eval-multilingual): folio and two anchors computed in the same run on the same data (SQLite
# FTS5 bm25 'porter unicode61' and Xapian's QueryParser + BM25 defaults, each the OR of the query's
# words), scored with ../shared/tools/trec_eval.py; per collection MAP, nDCG@10, P@10, R@100, the means
# and folio's ratio to the better anchor. See bench/eval/eval.py.
#
# usage: bench/eval/run.sh [BUILD_DIR] [COLLECTION...] [--multilingual] [--loo bench/eval/grid]
#                          [--ranking SPEC] [--guard 1.05] [--min-map COLLECTION=MAP]
# env:   EVAL_WORK=DIR   keep indexes, anchors and runs there (default: a temporary directory)
# Exits 77 ("skipped: ../shared/eval/X not found") when a collection's data is absent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
if [ $# -gt 0 ] && [ -d "$1" ]; then build=$1; shift; fi
build=$(cd "$build" && pwd)
shared=${FOLIO_SHARED:-$root/../shared}
work=${EVAL_WORK:-$(mktemp -d)}
[ -n "${EVAL_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
peer=$work/xapian_anchor
if [ ! -x "$peer" ] || [ "$here/xapian_anchor.cpp" -nt "$peer" ]; then
  g++ -O2 -std=c++17 -o "$peer" "$here/xapian_anchor.cpp" $(pkg-config --cflags --libs xapian-core)
fi
exec python3 "$here/eval.py" "$build" --shared "$shared" --work "$work" --xapian-peer "$peer" "$@"
