#!/usr/bin/env python3
"""Usage: export_docs.py CORPUS.jsonl > docs.tsv — ID<TAB>TITLE<TAB>BODY lines for the peer engines of
the batch benchmark (tabs and line breaks inside fields become spaces). FTS5 keys documents by integer
rowid: a corpus whose first id is not a decimal number (the generated long articles: "g1", ...) gets
every document numbered by its line instead."""
import json
import re
import sys

SPACE = re.compile(r"[\t\r\n]+")
by_line = None
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    rec = json.loads(line)
    if by_line is None:
        by_line = not str(rec.get("id", "")).isdigit()
    fields = [str(n)] if by_line else [str(rec.get("id", ""))]
    fields += [str(rec.get(k, "")) for k in ("title", "body")]
    print("\t".join(SPACE.sub(" ", f) for f in fields))
