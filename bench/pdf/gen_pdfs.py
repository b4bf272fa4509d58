#!/usr/bin/env python3
"""gen_pdfs.py — writes PDFS PDF files of PAGES pages each into DIR, filled with the bodies of Reuters-21578
(read from the shared corpus, never copied into the repository), 40 lines of about 90 characters a
page, content streams compressed as PDF writers do.

    gen_pdfs.py DIR PDFS PAGES REUTERS.jsonl
"""
import json
import sys
import textwrap

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/tests/tools")
from make_pdf import write_pdf  # noqa: E402

out, nfiles, npages, reuters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
lines = []
with open(reuters, encoding="utf-8") as f:
    for rec in map(json.loads, f):
        body = (rec.get("body") or "").encode("latin-1", "replace").decode("latin-1")
        lines += textwrap.wrap(body, 90)
        if len(lines) > nfiles * npages * 40:
            break
at = 0
for i in range(nfiles):
    pages = []
    for p in range(npages):
        pages.append("\n".join(lines[at:at + 40]))
        at = (at + 40) % max(1, len(lines) - 40)
    write_pdf("%s/doc%04d.pdf" % (out, i), pages, title="Generated report %d" % i, author="Bench",
              date="20240102030405", compress=True)
