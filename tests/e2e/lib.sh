# lib.sh — shared helpers for the end-to-end tests (sourced, not run). Each test runs the real binaries
# ($FOLIO_INDEX, $FOLIO_SEARCH, set by ctest) on real data and checks concrete answers.
set -uo pipefail

: "${FOLIO_INDEX:?run through ctest}" "${FOLIO_SEARCH:?run through ctest}"
SHARED=${FOLIO_SHARED:-$FOLIO_SOURCE/../shared}
mkdir -p "${FOLIO_TEST_TMP:-/tmp}"
WORK=$(mktemp -d "${FOLIO_TEST_TMP:-/tmp}/e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0
checks=0

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*" >&2; }

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then pass; else fail "$1: expected [$2], got [$3]"; fi
}

# check_contains WHAT NEEDLE HAYSTACK
check_contains() {
  case "$3" in
    *"$2"*) pass ;;
    *) fail "$1: [$2] not found in: $(printf '%s' "$3" | head -c 600)" ;;
  esac
}

check_not_contains() {
  case "$3" in
    *"$2"*) fail "$1: [$2] should not be in: $(printf '%s' "$3" | head -c 600)" ;;
    *) pass ;;
  esac
}

# run_status VAR CMD...: runs CMD, stores stdout in $out, stderr in $err, exit status in VAR.
run() {
  out=$("$@" 2>"$WORK/stderr")
  status=$?
  err=$(cat "$WORK/stderr")
}

# The id of the first hit of a text-format search: the indented line after the "1." title line.
first_id() {
  printf '%s\n' "$1" | awk '/^ *1\. /{getline; sub(/^ +/, ""); split($0, a, "  "); print a[1]; exit}'
}

first_title() {
  printf '%s\n' "$1" | awk '/^ *1\. /{sub(/^ *1\. /, ""); print; exit}'
}

finish() {
  echo "$checks checks, $failures failed"
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
