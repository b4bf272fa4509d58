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

finish
