# folio-search --serve: the JSON API, the page, escaping, limits, hostile requests and index updates under
# load, against the real server on loopback (the checks are in http_check.py).
. "$(dirname "$0")/lib.sh"
need_shared "$SHARED/corpora/reuters21578.jsonl"
FOLIO_SHARED=$SHARED python3 "$(dirname "$0")/http_check.py" "$WORK"
