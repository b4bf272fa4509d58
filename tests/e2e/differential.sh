# Differential test: folio's answers to generated phrase, NEAR, NOT/-, prefix and field queries on the
# BBC corpus must be exactly the sets a brute-force scan of the raw files finds (brute_force.py, which
# reads words with folio's own analyzer through tests/tools/folio_tokens).
# FOLIO_DIFF_QUERIES (default 400) and FOLIO_DIFF_SEED (default fixed) vary the run.
. "$(dirname "$0")/lib.sh"
BBC="$SHARED/corpora/bbc"
need_shared "$BBC"
# folio_tokens is built next to the unit tests (tests/ in the build directory).
TOKENS=${FOLIO_TOKENS:-$(dirname "$FOLIO_SEARCH")/tests/folio_tokens}
[ -x "$TOKENS" ] || { echo "no folio_tokens at $TOKENS (set FOLIO_TOKENS)"; exit 1; }

run "$FOLIO_INDEX" -q -d "$WORK/bbc.db" "$BBC"
check_eq "index BBC" 0 "$status"

python3 "$(dirname "$0")/brute_force.py" --corpus "$BBC" --tokens "$TOKENS" --search "$FOLIO_SEARCH" \
  --db "$WORK/bbc.db" --work "$WORK" --queries "${FOLIO_DIFF_QUERIES:-400}" --seed "${FOLIO_DIFF_SEED:-20260128}"
check_eq "folio and the brute force agree on every query" 0 $?

finish
