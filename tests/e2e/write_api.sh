# folio-search --serve --write-keys: the write API of #17 against the real server on loopback (the
# checks are in write_api_check.py). Runs on Reuters when ../shared has it, else on generated records.
. "$(dirname "$0")/lib.sh"
python3 "$(dirname "$0")/write_api_check.py" "$WORK" "$(records_corpus)"
