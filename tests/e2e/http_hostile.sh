# folio-search --serve against hostile clients (issue #21): slowloris, the per-address bound that must
# not lock out a reverse proxy, request smuggling with two Content-Length headers (http_hostile.py).
. "$(dirname "$0")/lib.sh"
FOLIO_SHARED=$SHARED timeout -k 5 120 python3 "$(dirname "$0")/http_hostile.py" "$WORK"
