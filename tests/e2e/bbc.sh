# The BBC News corpus from ../shared: a real, messy directory of articles.
. "$(dirname "$0")/lib.sh"
BBC="$SHARED/corpora/bbc"
need_shared "$BBC"
export FOLIO_DB="$WORK/bbc.db"   # both binaries honour FOLIO_DB

run "$FOLIO_INDEX" "$BBC"
check_eq "index exit status" 0 "$status"
check_contains "all 2,225 articles indexed" "2225 documents indexed (2225 added, 0 replaced), 0 skipped" "$out"
check_contains "README.TXT is not an article" "1 other files ignored" "$out"
check_contains "the Latin-1 file is named in a warning" "sport/199.txt: not valid UTF-8" "$err"

# A known article is the top hit for a query made of its headline: every 40th article, in path order.
# (The corpus holds a few duplicated stories, so the check is on the headline of the top hit.)
n=0
while IFS= read -r file; do
  n=$((n + 1))
  [ $((n % 40)) -eq 1 ] || continue
  headline=$(head -n 1 "$file" | tr -d '\r')
  run "$FOLIO_SEARCH" --plain -- "$headline"
  check_eq "headline query: $headline" "$headline" "$(first_title "$out")"
done < <(find "$BBC" -name '*.txt' ! -name 'README*' | LC_ALL=C sort)

run "$FOLIO_SEARCH" "Ad sales boost Time Warner profit"
check_eq "headline query" "business/001.txt" "$(first_id "$out")"

# Word order matters in phrases.
run "$FOLIO_SEARCH" '"time warner"'
check_eq "phrase in order" 0 "$status"
run "$FOLIO_SEARCH" '"warner time"'
check_eq "phrase reversed finds nothing" 1 "$status"

# Both words are common in the corpus, but never side by side.
run "$FOLIO_SEARCH" chelsea
check_eq "chelsea occurs" 0 "$status"
run "$FOLIO_SEARCH" broadband
check_eq "broadband occurs" 0 "$status"
run "$FOLIO_SEARCH" '"chelsea broadband"'
check_eq "phrase of words never adjacent" 1 "$status"

# The Latin-1 article reads correctly: its pound sign decoded, not mangled.
run "$FOLIO_SEARCH" "Chelsea sack Mutu" -n 1
check_eq "Latin-1 article found" "sport/199.txt" "$(first_id "$out")"
run "$FOLIO_SEARCH" '"15.8m signing"' -n 1
check_contains "Latin-1 pound sign decoded" "£15.8m" "$out"

# Stemming: a query word present only in another inflection.
run "$FOLIO_SEARCH" --color=never '"sacked" mutu'
check_eq "sacked finds sack" "sport/199.txt" "$(first_id "$out")"

# Ties in score are broken by id, so the order is stable: two runs give the same list.
run "$FOLIO_SEARCH" -n 50 said
first=$out
run "$FOLIO_SEARCH" -n 50 said
check_eq "deterministic order" "$first" "$out"

finish
