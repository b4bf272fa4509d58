#!/usr/bin/env python3
"""Usage: export_docs.py CORPUS.jsonl > docs.tsv — ID<TAB>TITLE<TAB>BODY lines for the peer engines of
the batch benchmark (tabs and line breaks inside fields become spaces)."""
import json
import re
import sys

SPACE = re.compile(r"[\t\r\n]+")
for line in open(sys.argv[1], encoding="utf-8"):
    rec = json.loads(line)
    print("\t".join(SPACE.sub(" ", str(rec.get(k, ""))) for k in ("id", "title", "body")))
