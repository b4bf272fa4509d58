#!/bin/bash
# PDF benchmark (issue 19): text extraction throughput (MB/s of PDF, pages/s) of folio_doc_parse_pdf on
# generated PDFs, the share of folio-index's time it takes (one worker: extraction alone over indexing
# the same files), and folio-index's peak RSS against its --memory budget. Not a test.
#
#   bash bench/pdf/run.sh [BUILD_DIR]      (default build/)
#
# Environment: PDFS (200 files), PAGES (20 pages each), MEMORY (--memory for the RSS run, MB; 64),
# WORK (/tmp/folio-bench-pdf).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
REUTERS=${REUTERS:-$ROOT/../shared/corpora/reuters21578.jsonl}
PDFS=${PDFS:-200}
PAGES=${PAGES:-20}
MEMORY=${MEMORY:-64}
WORK=${WORK:-/tmp/folio-bench-pdf}
mkdir -p "$WORK/pdfs"
if [ "$(ls "$WORK/pdfs" | wc -l)" -ne "$PDFS" ]; then
  rm -f "$WORK"/pdfs/*.pdf
  python3 "$HERE/gen_pdfs.py" "$WORK/pdfs" "$PDFS" "$PAGES" "$REUTERS"
fi
cc -O2 -I"$ROOT/libfolio/include" "$HERE/extract.c" -L"$BUILD" -lfolio -Wl,-rpath,"$BUILD" -o "$WORK/extract"

read -r files pages input text seconds < <("$WORK/extract" "$WORK"/pdfs/*.pdf)
# Indexing the same files with one worker, fresh each time (best of 3).
best=""
for _ in 1 2 3; do
  rm -rf "$WORK/index.db"
  start=$(date +%s.%N)
  "$BUILD/folio-index" -q -j 1 -d "$WORK/index.db" "$WORK/pdfs"
  t=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
  if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
done
rm -rf "$WORK/rss.db"
/usr/bin/time -f "%M" -o "$WORK/rss" "$BUILD/folio-index" -q --memory "$MEMORY" -d "$WORK/rss.db" "$WORK/pdfs"
rss_kb=$(tail -1 "$WORK/rss")
awk -v f="$files" -v p="$pages" -v inb="$input" -v tx="$text" -v s="$seconds" -v ix="$best" -v rss="$rss_kb" -v mem="$MEMORY" 'BEGIN {
  printf "| PDFs | pages | PDF MB | text MB | extraction s | MB/s | pages/s | index -j1 s | extraction share | peak RSS (--memory %d) |\n", mem
  printf "|---|---|---|---|---|---|---|---|---|---|\n"
  printf "| %d | %d | %.1f | %.1f | %.2f | %.1f | %.0f | %.2f | %.0f%% | %.0f MB |\n", f, p, inb/1e6, tx/1e6, s, inb/1e6/s, p/s, ix, 100*s/ix, rss/1024
}'
