# needs_shared.sh PATH CMD...: runs CMD when PATH (data of ../shared) exists; otherwise says why and
# exits 77, which ctest reports as a skipped test (SKIP_RETURN_CODE). For tests that are not shell
# scripts of tests/e2e (those call need_shared in lib.sh).
[ -e "$1" ] || { echo "skipped: $1 not found (the corpora of ../shared are not beside this clone)"; exit 77; }
shift
exec "$@"
