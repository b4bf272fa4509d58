# A language per document (issue 15, README "How text is analyzed"): JSON Lines `lang` and `language`,
# front matter `lang:`, HTML <html lang> and Content-Language, each document analyzed (elision,
# stemming) in its own language in an English database; a query word read in every language of the
# index, or in the one a lang: filter names; stopwords of any of them dropped; `lang` filterable by tag
# and primary subtag, facetable, shown with hits (the database's for an untagged document) in JSON, over
# HTTP and on the page's markup; snippets highlighted in the hit's language. The same over three shards
# served by xapian-tcpsrv. --language auto guesses the language of documents that do not say it.
# Written here, so it runs without ../shared.
. "$(dirname "$0")/lib.sh"
command -v xapian-tcpsrv >/dev/null || { echo "no xapian-tcpsrv (xapian-tools)"; exit 1; }
mkdir -p "$WORK/src"
cat > "$WORK/src/records.jsonl" <<'JSON'
{"id":"fr1","title":"L'amour et l’été","body":"La chanteuse parle de l'école et de l'amour.","lang":"fr"}
{"id":"fr2","title":"Nations unies","body":"Les nations se réunissent à New York.","lang":"fr-CA"}
{"id":"de1","title":"Die Häuser","body":"Die Häuser in Berlin sind alt und schön.","lang":"de"}
{"id":"en1","title":"Singers","body":"The singers sang about love and the summer."}
{"id":"en2","title":"A French word","body":"The word chanteuses is French for female singers.","lang":"en"}
{"id":"es1","title":"Canciones","body":"Las canciones del verano.","language":"es"}
{"id":"zh1","title":"北京天气","body":"北京的天气很好。","lang":"zh-Hans"}
JSON
cat > "$WORK/src/article.txt" <<'TXT'
---
title: D'Artagnan
lang: fr
---
D'Artagnan arrive à Paris avec l'épée de son père.
TXT
cat > "$WORK/src/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Kinder</title>
<meta http-equiv="Content-Language" content="de"></head>
<body><p>Die Kinder spielen in den Gärten.</p></body></html>
HTML
index_one_and_shards "$WORK/src"

for db in "$ONE" "$STUB"; do
  where=$([ "$db" = "$ONE" ] && echo "one database" || echo "3 remote shards")
  ids() { "$FOLIO_SEARCH" -d "$db" --format json -n 50 "$@" | python3 -c 'import json,sys; print(" ".join(sorted(h["id"] for h in json.load(sys.stdin)["hits"])))'; }
  # Elision by the document's language: l'amour is "amour" in French, one word "l'amour" in English.
  check_eq "[$where] amour finds l'amour of a French document" "fr1" "$(ids amour)"
  check_eq "[$where] épée finds l'épée (front matter lang:)" "article.txt" "$(ids épée)"
  # Stemming by the document's language: German Häuser is "haus", English would keep "hauser".
  check_eq "[$where] haus finds Häuser (German stems)" "de1" "$(ids haus)"
  check_eq "[$where] garten finds Gärten (Content-Language)" "page.html" "$(ids garten)"
  # A query word in every language: chanteuses is "chanteux" in French (as chanteuse is) and
  # "chanteus" in English, so it finds the French document's chanteuse and the English one's word.
  check_eq "[$where] chanteuses in French and English" "en2 fr1" "$(ids chanteuses)"
  check_eq "[$where] chanteuse too" "en2 fr1" "$(ids chanteuse)"
  check_eq "[$where] English stems unchanged" "en1 en2" "$(ids singer)"
  # lang: narrows both the matches and the languages a word is read in.
  check_eq "[$where] lang:fr chanteuses" "fr1" "$(ids lang:fr chanteuses)"
  check_eq "[$where] lang:en chanteuses" "en2" "$(ids lang:en chanteuses)"
  check_eq "[$where] --language fr chanteuses" "fr1" "$(ids --language fr chanteuses)"
  check_eq "[$where] --language en chanteuses" "en2" "$(ids --language en chanteuses)"
  check_eq "[$where] --language en-GB: only en-GB documents (none here)" "" "$(ids --language en-GB chanteuses)"
  check_eq "[$where] --language de, plain words" "de1" "$(ids --language de --plain die häuser)"
  run "$FOLIO_SEARCH" -d "$db" --explain chanteuses
  check_contains "[$where] --explain names the stems in each language" \
    "languages: chanteuses: english chanteus, french chanteux" "$out"
  run "$FOLIO_SEARCH" -d "$db" --explain lang:fr chanteuses
  check_not_contains "[$where] --explain: lang:fr reads the word in French only" "chanteus " "$out"
  check_contains "[$where] ... its French stem" "chanteux" "$out"
  # Filters: by tag, by primary subtag, from `language`, and the database's language for untagged ones.
  check_eq "[$where] lang:fr (fr and fr-CA)" "article.txt fr1 fr2" "$(ids lang:fr)"
  check_eq "[$where] lang:fr-ca" "fr2" "$(ids lang:fr-ca)"
  check_eq "[$where] lang:en (tagged and untagged)" "en1 en2" "$(ids lang:en)"
  check_eq "[$where] lang:es from a language member" "es1" "$(ids lang:es)"
  check_eq "[$where] lang:de (lang and Content-Language)" "de1 page.html" "$(ids lang:de)"
  check_eq "[$where] lang:zh" "zh1" "$(ids lang:zh)"
  check_eq "[$where] -lang:en" "fr1" "$(ids 'amour -lang:en')"
  facets=$("$FOLIO_SEARCH" -d "$db" --format json --facet lang 'amour OR nations OR haus OR singer OR canciones OR 北京' |
    python3 -c 'import json,sys; print(" ".join("%s=%s" % (v["value"], v["count"]) for v in sorted(json.load(sys.stdin)["facets"]["lang"], key=lambda v: v["value"])))')
  check_eq "[$where] facet lang" "de=1 en=2 es=1 fr=1 fr-CA=1 zh-Hans=1" "$facets"
  langs=$("$FOLIO_SEARCH" -d "$db" --format json -n 50 'amour OR nations OR singer OR canciones' |
    python3 -c 'import json,sys; print(" ".join("%s=%s" % (h["id"], h["lang"]) for h in sorted(json.load(sys.stdin)["hits"], key=lambda h: h["id"])))')
  check_eq "[$where] lang of each hit" "en1=en en2=en es1=es fr1=fr fr2=fr-CA" "$langs"
  check_eq "[$where] --stats: the languages of the index" "english french german spanish" \
    "$("$FOLIO_SEARCH" -d "$db" --stats --format json | python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["languages"])))')"
  # A stopword of any of the index's languages is dropped from a plain query: "le" is French's.
  check_eq "[$where] le dropped from a plain query" "1" "$("$FOLIO_SEARCH" -d "$db" --count "le amour")"
  check_eq "[$where] the dropped too" "1" "$("$FOLIO_SEARCH" -d "$db" --count "the haus")"
  # Snippets read the hit in its own language: écoles (French stem "ecol") highlights l'école.
  snippet=$("$FOLIO_SEARCH" -d "$db" --format json écoles | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["snippet_html"])')
  check_contains "[$where] snippet highlight in French" "l&#39;<mark>école</mark>" "$snippet"
  title=$("$FOLIO_SEARCH" -d "$db" --format json haus | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["title_html"])')
  check_eq "[$where] title highlight in German" "Die <mark>Häuser</mark>" "$title"
done

# A database of another language: untagged documents take it, tagged ones their own.
printf '%s\n' '{"id":"u1","body":"Les enfants jouent."}' '{"id":"e1","body":"The children played.","lang":"en-GB"}' \
  > "$WORK/fr.jsonl"
run "$FOLIO_INDEX" -q -l french -d "$WORK/fr.db" "$WORK/fr.jsonl"
check_eq "index a French database" 0 "$status"
check_eq "untagged in French: enfant" "u1" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --format json enfant | json_ids)"
check_eq "en-GB in English: play finds played" "e1" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --format json play | json_ids)"
check_eq "untagged: lang:fr" "u1" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --format json lang:fr | json_ids)"
check_eq "lang:en finds en-GB" "e1" "$("$FOLIO_SEARCH" -d "$WORK/fr.db" --format json lang:en | json_ids)"

# --language auto: documents that do not say their language get the detector's guess (stored as their
# lang), those that do keep theirs; a record indexed again unchanged is still "unchanged".
cat > "$WORK/auto.jsonl" <<'JSON'
{"id":"a-fr","title":"L'été à Paris","body":"Pendant l'été, les habitants de Paris quittent la ville pour la mer et la montagne. Les rues sont calmes et les touristes visitent les musées."}
{"id":"a-de","title":"Der Sommer in Berlin","body":"Im Sommer fahren viele Berliner an die Ostsee oder in die Berge. Die Straßen der Stadt sind ruhig, und die Touristen besuchen die Museen."}
{"id":"a-ru","title":"Лето в Москве","body":"Летом многие москвичи уезжают на дачу или на море. Улицы города становятся тихими, а туристы посещают музеи."}
{"id":"a-en","title":"Summer in London","body":"In the summer many Londoners leave the city for the sea or the mountains. The streets are quiet and the tourists visit the museums."}
{"id":"a-zh","title":"北京的夏天","body":"夏天很多北京人离开城市去海边或者山上。城市的街道很安静，游客们参观博物馆。"}
{"id":"a-zt","title":"台北的夏天","body":"夏天很多台北人離開城市去海邊或者山上。這個城市的街道很安靜，遊客們參觀博物館。"}
{"id":"a-ja","title":"東京の夏","body":"夏になると多くの東京の人々は海や山へ出かけます。街の通りは静かで、観光客は美術館を訪れます。"}
{"id":"a-ko","title":"서울의 여름","body":"여름에는 많은 서울 사람들이 바다나 산으로 떠납니다. 도시의 거리는 조용하고 관광객들은 박물관을 방문합니다."}
{"id":"a-said","title":"Le mot","body":"Ce texte est en français, mais il dit être en anglais.","lang":"en"}
JSON
run "$FOLIO_INDEX" -l auto -d "$WORK/auto.db" "$WORK/auto.jsonl"
check_eq "index with --language auto" 0 "$status"
auto_langs=$("$FOLIO_SEARCH" -d "$WORK/auto.db" --format json -n 50 'lang:fr OR lang:de OR lang:ru OR lang:en OR lang:zh OR lang:ja OR lang:ko' |
  python3 -c 'import json,sys; print(" ".join("%s=%s" % (h["id"], h["lang"]) for h in sorted(json.load(sys.stdin)["hits"], key=lambda h: h["id"])))')
check_eq "each guessed, the one that said its own kept" "a-de=de a-en=en a-fr=fr a-ja=ja a-ko=ko a-ru=ru a-said=en a-zh=zh-Hans a-zt=zh-Hant" "$auto_langs"
check_eq "auto: analyzed in the guess (French elision)" "a-fr" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --format json ete | json_ids)"
check_eq "auto: analyzed in the guess (Russian stems)" "a-ru" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --format json музей | json_ids)"
check_contains "auto: stored as the record's lang" "lang: de" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --get a-de)"
run "$FOLIO_INDEX" -l auto -d "$WORK/auto.db" "$WORK/auto.jsonl"
check_contains "auto: the same records again are unchanged" "9 unchanged" "$out"
# The database remembers --language auto: a later run without it, a --full rebuild, and the write API
# guess the language of what they add.
printf '%s\n' '{"id":"a-later","title":"Der Winter","body":"Im Winter fahren viele Menschen in die Berge, und die Seen der Stadt sind gefroren."}' > "$WORK/later.jsonl"
run "$FOLIO_INDEX" -d "$WORK/auto.db" "$WORK/later.jsonl"
check_eq "auto remembered: a later run guesses" "lang: de" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --get a-later | grep '^lang:')"
run "$FOLIO_INDEX" -q --full -d "$WORK/auto.db" "$WORK/auto.jsonl" "$WORK/later.jsonl"
check_eq "auto remembered over --full" "lang: de" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --get a-later | grep '^lang:')"
check_eq "... and the others again" "lang: ru" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --get a-ru | grep '^lang:')"
check_eq "auto: an English database" "english" "$("$FOLIO_SEARCH" -d "$WORK/auto.db" --format json --stats | json_field language | tr -d '"')"

# Over HTTP: lang in the API's hits.
serve_folio "$ONE"
[ -n "$URL" ] || fail "folio-search --serve did not start"
resp=$(http_get "/api/search?q=nations")
check_eq "HTTP status" 200 "$(printf '%s\n' "$resp" | head -1)"
check_contains "HTTP hit lang" '"lang":"fr-CA"' "$resp"
resp=$(http_get "/api/search?q=chanteuses&lang=fr")
check_eq "HTTP lang=fr" "fr1" "$(printf '%s\n' "$resp" | tail -n +2 | json_ids)"
check_eq "HTTP lang= (empty) is refused" 400 "$(http_get "/api/search?q=chanteuses&lang=" | head -1)"
run "$FOLIO_SEARCH" -d "$ONE" --language "" chanteuses
check_eq "--language '' is refused" 2 "$status"
check_contains "... saying why" "a language is a tag" "$err"
finish
