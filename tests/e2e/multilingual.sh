# Known-item search over ../shared's real articles in eleven languages (issue 15), all indexed together
# with the defaults: each article's title as a plain query puts it in the top 3, and a run from the
# middle of its body (8 words; 10 characters of Chinese or Japanese) in the top 10, for at least 95% of
# the articles of every language (bench/eval/known_item.py; README "Languages" has the figures); once
# with each article's `lang`, once without, its language guessed (--language auto).
. "$(dirname "$0")/lib.sh"
CORPUS="$SHARED/corpora/multilingual"
need_shared "$CORPUS/zh.jsonl" "$CORPUS/ja.jsonl" "$CORPUS/ko.jsonl"

build=$(dirname "$FOLIO_INDEX")
run python3 "$FOLIO_SOURCE/bench/eval/known_item.py" "$build" "$CORPUS" "$WORK" --min-title 0.95 --min-body 0.95
echo "$out"
[ -n "$err" ] && echo "$err" >&2
check_eq "known-item search, every language at 95% or more" 0 "$status"
check_contains "all eleven languages scored" "zh-Hant" "$out"
# The same with the tags removed and the languages guessed (--language auto).
run python3 "$FOLIO_SOURCE/bench/eval/known_item.py" "$build" "$CORPUS" "$WORK/auto" --strip-lang \
  --index-arg=-l --index-arg=auto --min-title 0.95 --min-body 0.95
echo "$out"
[ -n "$err" ] && echo "$err" >&2
check_eq "known-item search with --language auto, every language at 95% or more" 0 "$status"
finish
