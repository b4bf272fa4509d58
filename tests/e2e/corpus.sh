# The shipped corpus/: index it and search it as the README quickstart does.
. "$(dirname "$0")/lib.sh"
DB="$WORK/corpus.db"

run "$FOLIO_INDEX" -d "$DB" "$FOLIO_SOURCE/corpus"
check_eq "index corpus/ exit status" 0 "$status"
check_contains "index summary" "1 documents indexed (1 added, 0 replaced), 0 skipped" "$out"

run "$FOLIO_SEARCH" -d "$DB" '"well founded fear"'
check_eq "phrase exit status" 0 "$status"
check_eq "phrase finds the seed article" "guan-heng-asylum.txt" "$(first_id "$out")"
check_contains "hit shows the front-matter date" "2026-01-28" "$out"
check_contains "hit shows the front-matter title" "US judge grants asylum to Guan Heng" "$out"
check_contains "snippet shows the phrase" "well founded fear" "$out"

run "$FOLIO_SEARCH" -d "$DB" '"fear founded well"'
check_eq "words in the wrong order find nothing" 1 "$status"

run "$FOLIO_SEARCH" -d "$DB" '"judge asylum"'
check_eq "words that are never adjacent find nothing" 1 "$status"

# Only "filmed", "filming" and "Filming" occur in the article.
run "$FOLIO_SEARCH" -d "$DB" films
check_eq "stemming: films finds filmed/filming" "guan-heng-asylum.txt" "$(first_id "$out")"

run "$FOLIO_SEARCH" -d "$DB" --color=always films
check_contains "highlight on a terminal is bold" $'\033[1m' "$out"
run "$FOLIO_SEARCH" -d "$DB" films
check_not_contains "no escape codes when piped" $'\033[' "$out"

# Guan's (possessive) and visa-free (hyphenated) as written and as typed differently.
run "$FOLIO_SEARCH" -d "$DB" "Guan's journey"
check_eq "apostrophe word" 0 "$status"
run "$FOLIO_SEARCH" -d "$DB" '"visa free"'
check_eq "hyphenated word as a phrase" 0 "$status"
run "$FOLIO_SEARCH" -d "$DB" 'visa-free'
check_eq "hyphenated word as typed" 0 "$status"

run "$FOLIO_SEARCH" -d "$DB" zyxwvut
check_eq "no hits exits 1" 1 "$status"

run "$FOLIO_SEARCH" -d "$WORK/missing.db" asylum
check_eq "missing database exits 2" 2 "$status"
check_contains "missing database message" "no database at $WORK/missing.db" "$err"

run "$FOLIO_SEARCH" -d "$DB" '"unbalanced'
check_eq "query error exits 2" 2 "$status"
check_contains "query error names the column" "query error at column 1" "$err"

# Re-indexing the same input never duplicates: unchanged files are passed over (incremental indexing).
run "$FOLIO_INDEX" -d "$DB" "$FOLIO_SOURCE/corpus"
check_contains "re-index passes over the unchanged file" "(0 added, 0 replaced), 0 skipped, 1 unchanged" "$out"

# Accent folding both ways, on a document of our own.
mkdir -p "$WORK/accents"
printf 'Café Müller reopens\n\nThe CAFÉ on the Straße serves crème brûlée.\n' > "$WORK/accents/cafe.txt"
run "$FOLIO_INDEX" -d "$WORK/accents.db" "$WORK/accents"
run "$FOLIO_SEARCH" -d "$WORK/accents.db" cafe muller
check_eq "cafe finds Café" "cafe.txt" "$(first_id "$out")"
run "$FOLIO_SEARCH" -d "$WORK/accents.db" "CRÈME brulee strasse"
check_eq "accented query finds folded text" "cafe.txt" "$(first_id "$out")"

run "$FOLIO_SEARCH" --version
check_contains "folio-search --version" "folio-search " "$out"
run "$FOLIO_INDEX" --version
check_contains "folio-index --version" "folio-index " "$out"

finish
