#!/usr/bin/env python3
"""to_scriptindex.py — JSON Lines (stdin) to scriptindex's dump format (stdout), for the benchmark.

Each record becomes `name=value` lines and a blank line; a value's further lines start with `=`.
Only the fields the index script uses (id, title, body, date) are written.
"""
import json
import sys

FIELDS = ("id", "title", "body", "date")


def main():
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        rec = json.loads(line)
        for name in FIELDS:
            value = rec.get(name)
            if value is None:
                continue
            lines = str(value).split("\n")
            out.write("%s=%s\n" % (name, lines[0]))
            for more in lines[1:]:
                out.write("=%s\n" % more)
        out.write("\n")


if __name__ == "__main__":
    main()
