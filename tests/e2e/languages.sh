# Text in scripts without spaces (issue 15), on a small corpus written here, so that it runs without
# ../shared: Chinese, Japanese and Korean words found inside runs (bigrams), Thai by dictionary words,
# quoted CJK phrases matching only consecutive characters, a mixed-script query, snippets highlighting
# whole matched words on character boundaries, did-you-mean offering no broken UTF-8. multilingual.sh checks known-item search
# on ../shared's real articles.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/docs.jsonl" <<'JSON'
{"id":"zh1","title":"新疆庇护案","body":"关于新疆的庇护申请，法院作出了裁决。维吾尔族人权组织表示欢迎。","lang":"zh"}
{"id":"zh2","title":"北京天气","body":"北京大学的学生说，今天北京的天气很好。","lang":"zh"}
{"id":"zh3","title":"疆界","body":"新的边界与旧的疆界不同，护照申请需要时间。","lang":"zh"}
{"id":"ja1","title":"東京の天気","body":"iPhone 15の新機能と東京の天気予報。ｶﾞｲﾄﾞはこちら。","lang":"ja"}
{"id":"ja2","title":"大阪の祭り","body":"大阪では夏祭りが開かれ、多くの人が集まった。","lang":"ja"}
{"id":"ko1","title":"서울 날씨","body":"서울의 날씨는 맑고 서울에서 축제가 열립니다.","lang":"ko"}
{"id":"th1","title":"ข่าวไทย","body":"ฉันกินข้าวที่ร้านอาหารในกรุงเทพมหานคร","lang":"th"}
{"id":"en1","title":"Asylum ruling","body":"The court ruled on the asylum appeal of Guan Heng.","lang":"en"}
JSON
run "$FOLIO_INDEX" -q -d "$WORK/db" "$WORK/docs.jsonl"
check_eq "index" 0 "$status"
export FOLIO_DB="$WORK/db"

# ids QUERY...: the ids of all matches, sorted, space-separated.
ids() {
  "$FOLIO_SEARCH" --format jsonl -n 100 "$@" 2>/dev/null |
    python3 -c 'import json,sys; print(" ".join(sorted(h["id"] for l in sys.stdin for h in json.loads(l).get("hits", []))))'
}

# Words inside runs, as the issue's first example.
check_eq "新疆" "zh1" "$(ids 新疆)"
check_eq "庇护" "zh1" "$(ids 庇护)"
check_eq "東京" "ja1" "$(ids 東京)"
check_eq "天気" "ja1" "$(ids 天気)"
check_eq "天气 (simplified)" "zh2" "$(ids 天气)"
check_eq "서울 (with its particles in the text)" "ko1" "$(ids 서울)"
check_eq "날씨" "ko1" "$(ids 날씨)"
check_eq "Thai dictionary word" "th1" "$(ids ข้าว)"
check_eq "Thai word inside a run" "th1" "$(ids ร้านอาหาร)"
# Half-width katakana in the text, full-width in the query.
check_eq "ガイド finds ｶﾞｲﾄﾞ" "ja1" "$(ids ガイド)"
check_eq "ｶﾞｲﾄﾞ finds itself" "ja1" "$(ids ｶﾞｲﾄﾞ)"
# A run typed unquoted stands for its bigrams, as if typed with spaces between them. Required (+), all
# must be there, anywhere: 新疆的 is in zh1 only (as 新疆 and 疆的); a run's bigrams include the one
# across the join of two words (疆申 in 新疆申请), which the text may not have, so words meant apart are
# typed apart. As a plain query, ranking relaxes to any of them when few documents hold all (README
# "Ranking"), the one holding most first.
check_eq "unquoted run: all its bigrams" "zh1" "$(ids '+新疆的')"
check_eq "unquoted run: a bigram missing" "" "$(ids '+新疆申请')"
check_eq "two runs typed apart" "zh1" "$(ids '+新疆 +申请')"
check_eq "unquoted run, relaxed" "zh1 zh3" "$(ids '新疆申请')"
run "$FOLIO_SEARCH" '新疆申请'
check_eq "unquoted run, relaxed: first hit" "zh1" "$(first_id "$out")"
# Quoted: consecutive only. zh3 holds 护照申请, zh1 庇护申请: "护申请" is only in zh1.
check_eq "quoted phrase" "zh1" "$(ids '"护申请"')"
check_eq "quoted phrase, not apart" "" "$(ids '"新疆法院"')"
check_eq "phrase across punctuation-free run" "zh2" "$(ids '"北京大学"')"
# Mixed scripts in one query word and across words.
check_eq "iPhone15の新機能" "ja1" "$(ids 'iPhone15の新機能')"
check_eq "mixed query: CJK word and English word" "" "$(ids '+新疆 +asylum')"
check_eq "mixed query, relaxed" "en1 zh1" "$(ids '新疆 asylum')"
check_eq "mixed query, OR" "en1 zh1" "$(ids '新疆 OR asylum')"
check_eq "English unchanged" "en1" "$(ids 'Guan')"
# Plain (relaxed) questions rank the article holding the most of the words first.
run "$FOLIO_SEARCH" --plain "北京的天气怎么样"
check_eq "plain question: first hit" "zh2" "$(first_id "$out")"

# Snippets: whole matched words highlighted, overlapping bigrams as one highlight, valid UTF-8.
snippet=$("$FOLIO_SEARCH" --format json '新疆的庇护' | python3 -c '
import json, sys
h = json.load(sys.stdin)["hits"][0]
s = h["snippet"].encode()
print(h["snippet_html"])
print(" ".join(s[a:b].decode() for a, b in h["highlights"]))')
check_contains "highlight of a run" "<mark>新疆的庇护</mark>" "$snippet"
check_contains "highlight spans decode" "新疆的庇护" "$(printf '%s' "$snippet" | tail -1)"
snippet=$("$FOLIO_SEARCH" --format json '天気' | python3 -c '
import json, sys
h = json.load(sys.stdin)["hits"][0]
print(h["snippet_html"])')
check_contains "highlight of one bigram" "東京の<mark>天気</mark>予報" "$snippet"

# `lang` of JSON Lines is a keyword field (as any string member is): filterable and facetable.
check_eq "lang:zh" "zh1 zh2 zh3" "$(ids 'lang:zh')"
check_eq "天気 lang:ja" "ja1" "$(ids '天気 lang:ja')"
check_eq "天気 lang:zh" "" "$(ids '+天気 lang:zh')"
facets=$("$FOLIO_SEARCH" --format json --facet lang '新疆 OR 東京 OR 서울 OR asylum' | python3 -c '
import json, sys
f = json.load(sys.stdin)["facets"]["lang"]
print(" ".join("%s=%s" % (v["value"], v["count"]) for v in sorted(f, key=lambda v: v["value"])))' 2>&1)
check_eq "facet lang" "en=1 ja=1 ko=1 zh=1" "$facets"

# Did-you-mean: whole words of the index, valid UTF-8.
run "$FOLIO_SEARCH" "东京"
check_not_contains "did-you-mean: no broken bytes" $'\xef\xbf\xbd' "$out"
printf '%s' "$out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 && pass || fail "did-you-mean is not valid UTF-8"

# Elision, in a French database: the article is split from the word, with either apostrophe.
cat > "$WORK/fr.jsonl" <<'JSON'
{"id":"fr1","title":"L'amour et l’été","body":"Il est allé à l'école avec l'ami d'Anne."}
{"id":"fr2","title":"Aujourd'hui","body":"Les écoles ferment aujourd'hui."}
JSON
run "$FOLIO_INDEX" -q -l french -d "$WORK/fr.db" "$WORK/fr.jsonl"
check_eq "index French" 0 "$status"
check_eq "amour finds L'amour" "fr1" "$(ids -d "$WORK/fr.db" amour)"
check_eq "été finds l’été (typographic)" "fr1" "$(ids -d "$WORK/fr.db" été)"
check_eq "école finds l'école and écoles (stemmed)" "fr1 fr2" "$(ids -d "$WORK/fr.db" école)"
check_eq "l'école as typed" "fr1 fr2" "$(ids -d "$WORK/fr.db" "l'école")"
check_eq "anne finds d'Anne" "fr1" "$(ids -d "$WORK/fr.db" anne)"
check_eq "aujourd'hui is one word" "fr2" "$(ids -d "$WORK/fr.db" "aujourd'hui")"
# French stopwords (Snowball's list) are dropped from plain queries as English ones are.
check_eq "le dropped from a plain query" "1" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --count "le amour")"
check_eq "le kept when required" "0" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --count "+le +amour")"
# Typo tolerance reads the word after the article: l'amuor is searched as l'amour, the article kept as typed.
check_eq "typo after an elided article corrected" "fr1" "$(ids -d "$WORK/fr.db" "l'amuor")"
run "$FOLIO_SEARCH" -d "$WORK/fr.db" "l'amuor"
check_contains "the correction keeps the article" "Showing results for l'amour" "$out"
check_eq "--exact: l'amuor as typed" "0" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --exact --count "l'amuor")"
finish
