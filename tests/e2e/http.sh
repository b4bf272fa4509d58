# folio-search --serve: the JSON API, the page, escaping, limits, hostile requests and index updates under
# load, against the real server on loopback (the checks are in http_check.py).
. "$(dirname "$0")/lib.sh"
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "no $SHARED/corpora/reuters21578.jsonl"; exit 1; }
FOLIO_SHARED=$SHARED python3 "$(dirname "$0")/http_check.py" "$WORK"
