#!/usr/bin/env python3
"""make_pdf.py — writes a PDF from text, for the tests and the benchmark (no library needed).

    make_pdf.py OUT.pdf [--title T] [--author A] [--date YYYYMMDDHHMMSS] [--compress] [--no-text] PAGE...

Each PAGE argument is the text of one page ('\\n' separates lines); "@FILE" reads the pages from FILE,
separated by form feeds. The PDF uses the standard Helvetica font (WinAnsi: Latin-1 text), one content
stream per page (Flate-compressed with --compress), and an Info dictionary for the metadata (a title
with characters outside Latin-1 is written in UTF-16). --no-text draws a grey box instead of the text,
as a scan without a text layer.
"""
import argparse
import zlib


def pdf_string(s):
    try:
        b = s.encode("latin-1")
    except UnicodeEncodeError:
        return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"
    out = b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return "(" + out.decode("latin-1") + ")"


def page_stream(text, no_text):
    if no_text:
        return b"0.5 g 72 72 468 648 re f\n"
    lines = ["BT /F1 11 Tf 72 740 Td 14 TL"]
    for line in text.split("\n"):
        lines.append(pdf_string(line) + " Tj T*")
    lines.append("ET")
    return ("\n".join(lines) + "\n").encode("latin-1", "replace")


def write_pdf(path, pages, title=None, author=None, date=None, compress=False, no_text=False):
    objs = []  # object bodies (bytes), numbered from 1

    def add(body):
        objs.append(body if isinstance(body, bytes) else body.encode("latin-1"))
        return len(objs)

    catalog = add("")  # filled in below
    pages_obj = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for text in pages:
        data = page_stream(text, no_text)
        extra = ""
        if compress:
            data = zlib.compress(data)
            extra = " /Filter /FlateDecode"
        content = add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode()) + data + b"\nendstream")
        kids.append(add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
                        "/Contents %d 0 R >>" % (pages_obj, font, content)))
    objs[catalog - 1] = ("<< /Type /Catalog /Pages %d 0 R >>" % pages_obj).encode()
    objs[pages_obj - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
                           % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()
    info = []
    if title is not None:
        info.append("/Title " + pdf_string(title))
    if author is not None:
        info.append("/Author " + pdf_string(author))
    if date is not None:
        info.append("/CreationDate (D:%sZ)" % date)
    info_obj = add("<< %s >>" % " ".join(info)) if info else None

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    trailer = "<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    if info_obj:
        trailer += " /Info %d 0 R" % info_obj
    out += ("trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)).encode()
    with open(path, "wb") as f:
        f.write(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--title")
    ap.add_argument("--author")
    ap.add_argument("--date")
    ap.add_argument("--compress", action="store_true")
    ap.add_argument("--no-text", action="store_true")
    a = ap.parse_intermixed_args()
    pages = []
    for p in a.pages:
        if p.startswith("@"):
            pages += open(p[1:], encoding="utf-8").read().split("\f")
        else:
            pages.append(p.replace("\\n", "\n"))
    write_pdf(a.out, pages or [""], a.title, a.author, a.date, a.compress, a.no_text)


if __name__ == "__main__":
    main()
