#!/usr/bin/env python3
"""make_package.py — writes DOCX, ODT and EPUB files (zip archives of XML) with python3's zipfile.

    make_package.py docx OUT --title T --author A --date ISO PARAGRAPH... [--footnote TEXT]
                                                 (a PARAGRAPH "# Text" is a heading)
    make_package.py odt  OUT --title T --author A --date ISO PARAGRAPH... [--footnote TEXT]
    make_package.py epub OUT --title T --author A --date ISO CHAPTER...   (CHAPTER: "Heading|text")

An EPUB lists its chapters in the spine in reverse file-name order (chap2 before chap1 for two), so a
reader that follows the files' order instead of the spine's is caught. --image adds an image member
and a reference to it (its bytes must never be read as text).
"""
import argparse
import zipfile
from xml.sax.saxutils import escape


def docx(out, a):
    def para(p):
        if p.startswith("# "):  # a heading: Word's Heading1 style
            return '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>' % escape(p[2:])
        return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p)
    body = "".join(para(p) for p in a.text)
    if a.footnote:
        body += '<w:p><w:r><w:t>See</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    if a.image:
        body += '<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic>IMAGEWORD</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (ns, body))
        if a.footnote:
            z.writestr("word/footnotes.xml", '<?xml version="1.0"?><w:footnotes %s>'
                       '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                       '<w:footnote w:id="1"><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:footnote></w:footnotes>' % (ns, escape(a.footnote)))
        z.writestr("docProps/core.xml", '<?xml version="1.0"?><cp:coreProperties '
                   'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
                   '<dc:title>%s</dc:title><dc:creator>%s</dc:creator><dcterms:created>%s</dcterms:created>'
                   '</cp:coreProperties>' % (escape(a.title or ""), escape(a.author or ""), escape(a.date or "")))
        if a.image:
            z.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\nIMAGEBYTES")


def odt(out, a):
    body = "".join('<text:h text:outline-level="1">%s</text:h>' % escape(p[2:]) if p.startswith("# ")
                   else "<text:p>%s</text:p>" % escape(p) for p in a.text)
    if a.footnote:
        body += ('<text:p>See<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                 '<text:note-body><text:p>%s</text:p></text:note-body></text:note></text:p>' % escape(a.footnote))
    if a.image:
        body += '<text:p><draw:frame><draw:image xlink:href="Pictures/a.png"><svg:desc>IMAGEWORD</svg:desc></draw:image></draw:frame></text:p>'
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body>'
                   '<office:text>%s</office:text></office:body></office:document-content>' % (ns, body), zipfile.ZIP_DEFLATED)
        z.writestr("meta.xml", '<?xml version="1.0"?><office:document-meta %s><office:meta><dc:title>%s</dc:title>'
                   '<meta:initial-creator>%s</meta:initial-creator><meta:creation-date>%s</meta:creation-date>'
                   '</office:meta></office:document-meta>' % (ns, escape(a.title or ""), escape(a.author or ""),
                                                             escape(a.date or "")), zipfile.ZIP_DEFLATED)
        if a.image:
            z.writestr("Pictures/a.png", b"\x89PNG\r\n\x1a\nIMAGEBYTES")


def epub(out, a):
    chapters = [c.split("|", 1) if "|" in c else ["", c] for c in a.text]
    n = len(chapters)
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                   'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                   '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                   '</rootfiles></container>', zipfile.ZIP_DEFLATED)
        items, spine = [], []
        for i, (head, text) in enumerate(chapters):
            name = "chap%d.xhtml" % (n - i)  # spine order is the reverse of the file names' order
            items.append('<item id="c%d" href="text/%s" media-type="application/xhtml+xml"/>' % (i, name))
            spine.append('<itemref idref="c%d"/>' % i)
            z.writestr("OEBPS/text/" + name, '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                       '<head><title>%s</title></head><body><nav>Tocword</nav><h1 id="h%d">%s</h1><p>%s</p></body></html>'
                       % (escape(head), i, escape(head), escape(text)), zipfile.ZIP_DEFLATED)
        if a.image:
            items.append('<item id="img" href="images/a.png" media-type="image/png"/>')
            z.writestr("OEBPS/images/a.png", b"\x89PNG\r\n\x1a\nIMAGEBYTES")
        z.writestr("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
                   '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title><dc:creator>%s</dc:creator>'
                   '<dc:date>%s</dc:date></metadata><manifest>%s</manifest><spine>%s</spine></package>'
                   % (escape(a.title or ""), escape(a.author or ""), escape(a.date or ""), "".join(items), "".join(spine)),
                   zipfile.ZIP_DEFLATED)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["docx", "odt", "epub"])
    ap.add_argument("out")
    ap.add_argument("text", nargs="*")
    ap.add_argument("--title")
    ap.add_argument("--author")
    ap.add_argument("--date")
    ap.add_argument("--footnote")
    ap.add_argument("--image", action="store_true")
    a = ap.parse_intermixed_args()
    {"docx": docx, "odt": odt, "epub": epub}[a.kind](a.out, a)


if __name__ == "__main__":
    main()
