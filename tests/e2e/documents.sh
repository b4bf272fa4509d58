# Documents as people keep them (#19): the main text of web pages (a generated site of 50 pages with the
# same menus), and each format's fields, warnings and incremental runs. Every document is generated here.
. "$(dirname "$0")/lib.sh"
ids_of() { "$FOLIO_SEARCH" -d "$1" --format tsv -n 100 -- "$2" | tail -n +2 | cut -f3 | sort | tr '\n' ' '; }

# ---- A site: 50 pages with the same header, navigation, side bar, footer and cookie banner ----------
SITE="$WORK/site"; mkdir -p "$SITE"
python3 - "$SITE" <<'PY'
import sys
site = sys.argv[1]
# Words of the site's chrome; page 7's main text says "pricing", page 23's "careers" and "pricing".
chrome = """<header class="site"><a href="/">Acmewidgets</a><form role="search"><input placeholder="Searchbox"></form></header>
<nav><ul><li><a href="/products">Products</a></li><li><a href="/pricing">Pricing</a></li>
<li><a href="/careers">Careers</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<div id="cookie-consent">We use cookies. Acceptcookies</div>
<aside><h3>Related</h3><a>Webinars</a></aside>"""
footer = '<footer><p>Copyright Acmewidgets. Imprint</p><div role="navigation">Sitemap</div></footer>'
topics = ["gears", "springs", "levers", "pulleys", "wheels"]
for i in range(50):
    extra = {7: "Our pricing is simple.", 23: "Careers in engineering and pricing of parts."}.get(i, "")
    body = f"<h1 id=\"top\">Page {i} about {topics[i % 5]}</h1><p>Widget number w{i} is made of {topics[i % 5]}. {extra}</p>"
    if i == 11:  # a page that marks its body exactly, and sets its date
        body = (f"<div data-folio-body><p>Exactly this text: marked{i}.</p>"
                f"<span data-folio-meta=\"date:2026-01-28, kind:guide\"></span></div><p>Not this: unmarked{i}</p>")
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Widget page {i}</title>
<meta name="description" content="Summary of widget page {i}, all about {topics[i % 5]}.">
<link rel="canonical" href="https://acme.example/w/{i}"></head>
<body>{chrome}<main>{body}<p hidden>Hiddenword</p><p data-folio-ignore>Ignoreword</p></main>{footer}</body></html>"""
    open(f"{site}/page{i:02d}.html", "w").write(html)
PY
run "$FOLIO_INDEX" -d "$WORK/site.db" "$SITE"
check_eq "site indexed" 0 "$status"
check_contains "50 pages" "50 documents indexed (50 added" "$out"
for word in Products Contact Acmewidgets Searchbox Acceptcookies Webinars Related Copyright Imprint Sitemap \
            Hiddenword Ignoreword unmarked11; do
  check_eq "menu word '$word' matches no page" "" "$(ids_of "$WORK/site.db" "$word")"
done
check_eq "a menu word in one page's main text matches that page" "page07.html page23.html " \
  "$(ids_of "$WORK/site.db" pricing)"
check_eq "a menu word matches only where the main text says it" "page23.html " "$(ids_of "$WORK/site.db" careers)"
check_eq "main text is indexed" "page03.html " "$(ids_of "$WORK/site.db" w3)"
check_eq "data-folio-body is the body" "page11.html " "$(ids_of "$WORK/site.db" marked11)"
check_eq "data-folio-meta sets the date" "page11.html " "$(ids_of "$WORK/site.db" 'date:2026-01-28')"
check_eq "data-folio-meta sets a keyword field" "page11.html " "$(ids_of "$WORK/site.db" 'kind:guide')"
check_eq "<html lang> is recorded" 50 "$("$FOLIO_SEARCH" -d "$WORK/site.db" --count 'lang:en')"
run "$FOLIO_SEARCH" -d "$WORK/site.db" --format json w5
check_contains "the canonical link is the url" '"url":"https://acme.example/w/5"' "$out"
# A hit whose body has no match (the title matched) shows the page's description as its snippet.
run "$FOLIO_SEARCH" -d "$WORK/site.db" --format json 'title:"widget page 42"'
check_contains "description as the snippet when the body has no match" \
  '"snippet":"Summary of widget page 42, all about levers."' "$out"
run "$FOLIO_SEARCH" -d "$WORK/site.db" --format json w42
check_contains "the body's snippet when it matches" '"snippet":"Page 42 about levers' "$out"

finish
