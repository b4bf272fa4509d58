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

# Sections: a hit names the heading (and its anchor) under which its snippet's first match is.
G="$WORK/guide"; mkdir -p "$G"
{
  printf '<html><head><title>Guide</title></head><body><nav><h2 id="nav">Menu</h2></nav><main>\n'
  printf '<p>Welcome text about nothing in particular.</p>\n'
  printf '<h2 id="install">Installing</h2><p>%s Download the quokka package.</p>\n' "$(printf 'filler %.0s' $(seq 1 60))"
  printf '<section id="usage"><h2>Usage</h2><p>%s Run the wombat command.</p></section>\n' "$(printf 'filler %.0s' $(seq 1 60))"
  printf '<h3>Unanchored</h3><p>Numbats live here.</p></main></body></html>\n'
} > "$G/guide.html"
run "$FOLIO_INDEX" -d "$WORK/guide.db" "$G"
run "$FOLIO_SEARCH" -d "$WORK/guide.db" --format json quokka
check_contains "section and anchor of a hit" '"section":"Installing","anchor":"install"' "$out"
run "$FOLIO_SEARCH" -d "$WORK/guide.db" --format json wombat
check_contains "a section's anchor from its <section id>" '"section":"Usage","anchor":"usage"' "$out"
run "$FOLIO_SEARCH" -d "$WORK/guide.db" --format json numbats
check_contains "a section without an anchor" '"section":"Unanchored","anchor":null' "$out"
run "$FOLIO_SEARCH" -d "$WORK/guide.db" --format json welcome
check_contains "text before the first heading has no section" '"section":null,"anchor":null' "$out"
run "$FOLIO_SEARCH" -d "$WORK/guide.db" --color never quokka
check_contains "the section in text output" "§ Installing #install: " "$out"

# ---- PDF -----------------------------------------------------------------------------------------
MAKE_PDF="$FOLIO_SOURCE/tests/tools/make_pdf.py"
P="$WORK/pdf"; mkdir -p "$P"
python3 "$MAKE_PDF" "$P/report.pdf" --title "Annual lighthouse report" --author "Ada Keeper" --date 20240102030405 \
  "Introduction\nThe keepers counted gannets." "Second page\nStorms damaged the jetty." "Third page\nThe narwhals came back." \
  --compress
python3 "$MAKE_PDF" "$P/untitled.pdf" "Tidal Charts of the North\nHigh water tables for kittiwakes."
python3 "$MAKE_PDF" "$P/plain-name.pdf" "2024 - 12 - 03\nA first line without a letter is no title; about puffins"
python3 "$MAKE_PDF" "$P/scanned.pdf" --no-text "invisible"
python3 "$MAKE_PDF" "$P/scanned-titled.pdf" --no-text --title "Scanned minutes of the harbour board" "invisible"
cp "$FOLIO_SOURCE"/tests/e2e/documents/*.pdf "$P/"
run "$FOLIO_INDEX" -d "$WORK/pdf.db" "$P"
check_eq "broken PDFs: exit 3, the run goes on" 3 "$status"
check_contains "good PDFs indexed" "4 documents indexed (4 added" "$out"
check_contains "encrypted PDF skipped" "encrypted.pdf: skipped: encrypted PDF (it needs a password)" "$err"
check_contains "truncated PDF skipped" "truncated.pdf: skipped: damaged PDF" "$err"
check_contains "PDF without pages skipped" "no-pages.pdf: skipped: damaged PDF (no pages)" "$err"
check_contains "not a PDF skipped" "not-a-pdf.pdf: skipped: not a PDF" "$err"
check_contains "scan without a title skipped" "scanned.pdf: skipped: no text in the PDF (a scan without a text layer?)" "$err"
check_contains "scan with a title: indexed, with a warning" "scanned-titled.pdf: no text in the PDF" "$err"
check_eq "a word of the body" "report.pdf " "$(ids_of "$WORK/pdf.db" jetty)"
check_eq "the title from the metadata" "report.pdf " "$(ids_of "$WORK/pdf.db" 'title:lighthouse')"
check_eq "the author from the metadata" "report.pdf " "$(ids_of "$WORK/pdf.db" 'author:keeper')"
check_eq "the date from the metadata" "report.pdf " "$(ids_of "$WORK/pdf.db" 'date:2024-01-02')"
check_eq "the title from the first line" "untitled.pdf " "$(ids_of "$WORK/pdf.db" 'title:"tidal charts"')"
check_eq "the title from the file name" "plain-name.pdf " "$(ids_of "$WORK/pdf.db" 'title:"plain name"')"
check_eq "a scan's metadata title" "scanned-titled.pdf " "$(ids_of "$WORK/pdf.db" 'title:harbour')"
run "$FOLIO_SEARCH" -d "$WORK/pdf.db" --format json narwhals
check_contains "page of the snippet in JSON" '"page":3,' "$out"
run "$FOLIO_SEARCH" -d "$WORK/pdf.db" --format json jetty
check_contains "page 2 in JSON" '"page":2,' "$out"
check_contains "a PDF's anchor is its page" '"section":null,"anchor":"page=2"' "$out"
run "$FOLIO_SEARCH" -d "$WORK/pdf.db" --color never gannets
check_contains "page of the snippet in text" "p. 1: Introduction The keepers counted gannets" "$out"
run "$FOLIO_SEARCH" -d "$WORK/pdf.db" --color never --get report.pdf --page 2
check_contains "--get --page shows the page" "Storms damaged the jetty" "$out"
check_not_contains "--get --page shows only that page" "gannets" "$out"
run "$FOLIO_SEARCH" -d "$WORK/pdf.db" --get report.pdf --page 4
check_contains "--get --page past the last page" "has 3 pages, not 4" "$err"
run "$FOLIO_SEARCH" -d "$WORK/site.db" --format json w5
check_contains "a page that is not paged has no page" '"page":null' "$out"
# Incremental: unchanged PDFs are passed over; a changed one is read again.
run "$FOLIO_INDEX" -d "$WORK/pdf.db" "$P"
check_contains "unchanged PDFs passed over" "4 unchanged" "$out"
sleep 0.01
python3 "$MAKE_PDF" "$P/untitled.pdf" "Tidal Charts of the South\nTables for skuas."
run "$FOLIO_INDEX" -d "$WORK/pdf.db" "$P"
check_eq "a changed PDF is read again" "untitled.pdf " "$(ids_of "$WORK/pdf.db" skuas)"
check_eq "its old text is gone" "" "$(ids_of "$WORK/pdf.db" kittiwakes)"
run "$FOLIO_INDEX" -d "$WORK/pdf-excl.db" --exclude 'plain-*' "$P"
check_eq "--exclude applies to PDFs" "" "$(ids_of "$WORK/pdf-excl.db" puffins)"

# ---- DOCX, ODT, EPUB -------------------------------------------------------------------------------
MAKE_PACKAGE="$FOLIO_SOURCE/tests/tools/make_package.py"
O="$WORK/office"; mkdir -p "$O"
python3 "$MAKE_PACKAGE" docx "$O/memo.docx" --title "Quarterly otter memo" --author "Ada Keeper" --date 2024-01-02T03:04:05Z \
  "The otters moved upstream." "# Dams" "Beavers built a dam." --footnote "Counted by volunteers." --image
python3 "$MAKE_PACKAGE" odt "$O/notes.odt" --title "Heron notes" --author "Bob Marsh" --date 2024-02-03T04:05:06.250 \
  "# Nesting" "Herons nest in March." --footnote "Egrets too." --image
python3 "$MAKE_PACKAGE" epub "$O/book.epub" --title "A book of moles" --author "Cy Burrow" --date 2023-05-06 \
  "Chapter One|Moles dig tunnels." "Chapter Two|Shrews eat insects." --image
python3 "$MAKE_PACKAGE" docx "$O/untitled.docx" "Lemmings migrate."
python3 - "$O" <<'PY'
import sys, zipfile
o = sys.argv[1]
# An EPUB whose second chapter links out of the package: that chapter is left out, the rest kept.
with zipfile.ZipFile(o + "/escape.epub", "w") as z:
    z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>')
    z.writestr("content.opf", '<package><metadata><title>Escape</title></metadata><manifest>'
               '<item id="a" href="a.xhtml"/><item id="b" href="../../etc/passwd"/></manifest>'
               '<spine><itemref idref="a"/><itemref idref="b"/></spine></package>')
    z.writestr("a.xhtml", "<html><body><p>Voles stay home.</p></body></html>")
PY
cp "$FOLIO_SOURCE"/tests/e2e/documents/*.docx "$FOLIO_SOURCE"/tests/e2e/documents/*.odt \
   "$FOLIO_SOURCE"/tests/e2e/documents/*.epub "$O/"
run "$FOLIO_INDEX" -d "$WORK/office.db" "$O"
check_eq "broken packages: exit 3, the run goes on" 3 "$status"
check_contains "good packages indexed" "5 documents indexed (5 added" "$out"
check_contains "zip bomb refused" "bomb.docx: skipped: zip member 'word/document.xml' compressed" "$err"
check_contains "path trick refused" "traversal.odt: skipped: zip member with an unsafe path '../../content.xml'" "$err"
check_contains "malformed XML refused" "malformed.docx: skipped: malformed XML in 'word/document.xml'" "$err"
check_contains "not a zip refused" "not-a-zip.epub: skipped: not a zip archive" "$err"
check_contains "a link out of the package: warned" "escape.epub: spine item left out: link '../../etc/passwd' leaves the package" "$err"
check_eq "the rest of that EPUB is kept" "escape.epub " "$(ids_of "$WORK/office.db" voles)"
check_eq "DOCX body" "memo.docx " "$(ids_of "$WORK/office.db" beavers)"
check_eq "DOCX footnote" "memo.docx " "$(ids_of "$WORK/office.db" volunteers)"
check_eq "DOCX title" "memo.docx " "$(ids_of "$WORK/office.db" 'title:otter')"
check_eq "DOCX author" "memo.docx " "$(ids_of "$WORK/office.db" 'author:ada')"
check_eq "DOCX date" "memo.docx " "$(ids_of "$WORK/office.db" 'date:2024-01-02')"
check_eq "DOCX without a title: the file name" "untitled.docx " "$(ids_of "$WORK/office.db" 'title:untitled')"
check_eq "ODT body" "notes.odt " "$(ids_of "$WORK/office.db" 'herons nest')"
check_eq "ODT footnote" "notes.odt " "$(ids_of "$WORK/office.db" egrets)"
check_eq "ODT title" "notes.odt " "$(ids_of "$WORK/office.db" 'title:heron')"
check_eq "ODT author" "notes.odt " "$(ids_of "$WORK/office.db" 'author:marsh')"
check_eq "ODT date (fractions of a second dropped)" "notes.odt " "$(ids_of "$WORK/office.db" 'date:2024-02-03')"
check_eq "EPUB chapters" "book.epub " "$(ids_of "$WORK/office.db" 'tunnels shrews')"
check_eq "EPUB title" "book.epub " "$(ids_of "$WORK/office.db" 'title:moles')"
check_eq "EPUB author" "book.epub " "$(ids_of "$WORK/office.db" 'author:burrow')"
check_eq "EPUB date" "book.epub " "$(ids_of "$WORK/office.db" 'date:2023-05-06')"
check_eq "images are not text" "" "$(ids_of "$WORK/office.db" 'IMAGEWORD OR IMAGEBYTES')"
check_eq "a chapter's navigation is left out" "" "$(ids_of "$WORK/office.db" tocword)"
run "$FOLIO_SEARCH" -d "$WORK/office.db" --get book.epub --format json
check_contains "EPUB chapters in spine order" 'Chapter One\nMoles dig tunnels.\fChapter Two\nShrews eat insects.' "$out"
run "$FOLIO_SEARCH" -d "$WORK/office.db" --format json shrews
check_contains "an EPUB chapter is a section, anchored by its path and id" \
  '"section":"Chapter Two","anchor":"OEBPS/text/chap1.xhtml#h1"' "$out"
run "$FOLIO_SEARCH" -d "$WORK/office.db" --format json beavers
check_contains "a DOCX heading is a section" '"section":"Dams","anchor":null' "$out"
run "$FOLIO_SEARCH" -d "$WORK/office.db" --format json otters
check_contains "DOCX text before the first heading has no section" '"section":null' "$out"
run "$FOLIO_SEARCH" -d "$WORK/office.db" --format json herons
check_contains "an ODT heading is a section" '"section":"Nesting","anchor":null' "$out"
run "$FOLIO_INDEX" -d "$WORK/office.db" "$O"
check_contains "unchanged packages passed over" "5 unchanged" "$out"

finish
