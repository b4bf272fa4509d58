# folio-search --serve --query-log and --report (issue #16): the lines written for real searches over
# loopback, concurrent requests, addresses only when asked, a log that cannot be written, and the report
# of a log with malformed lines (query_log.py).
. "$(dirname "$0")/lib.sh"
FOLIO_SHARED=$SHARED timeout -k 5 120 python3 "$(dirname "$0")/query_log.py" "$WORK"
