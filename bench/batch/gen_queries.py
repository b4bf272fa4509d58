#!/usr/bin/env python3
"""Seeded query generator for the batch benchmark.

Usage: gen_queries.py CORPUS.jsonl N SEED > queries.tsv

Writes N queries as QID<TAB>QUERY lines, the QID being KIND-NUMBER, in four kinds drawn in turn:
  and2    two words from one story (both must match)
  phrase  "two words" adjacent in one story
  single  one word
  or3     three words joined with OR (from three stories)
Words are lower-case ASCII letters, 3 to 15 of them, minus a few stopwords, taken from the titles and
bodies of the corpus as they occur (so common words come up as often as they are used). The syntax is
the same for folio, Xapian's QueryParser and SQLite FTS5.
"""
import json
import random
import re
import sys

KINDS = ("and2", "phrase", "single", "or3")
WORD = re.compile(r"[A-Za-z]+")
STOPWORDS = set("the and for that with was are this from has its but not his will have had been were "
                "which would they their said also near".split())


def usable(word):
    return 3 <= len(word) <= 15 and word not in STOPWORDS


def stories(path):
    """Each story as its list of words in order (lower-cased), keeping only stories with a few words."""
    out = []
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        words = [w.lower() for w in WORD.findall(rec.get("title", "") + " . " + rec.get("body", ""))]
        if len(words) >= 4:
            out.append(words)
    return out


def pick_word(rng, words):
    for _ in range(100):
        w = rng.choice(words)
        if usable(w):
            return w
    return None


def make(kind, rng, docs):
    """One query of the kind, or None when the story drawn does not give one."""
    words = rng.choice(docs)
    if kind == "single":
        return pick_word(rng, words)
    if kind == "and2":
        a, b = pick_word(rng, words), pick_word(rng, words)
        return f"{a} {b}" if a and b and a != b else None
    if kind == "phrase":
        i = rng.randrange(len(words) - 1)
        a, b = words[i], words[i + 1]
        return f'"{a} {b}"' if usable(a) and usable(b) else None
    picks = [pick_word(rng, rng.choice(docs)) for _ in range(3)]
    return " OR ".join(picks) if all(picks) and len(set(picks)) == 3 else None


def main():
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    docs = stories(path)
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        q = None
        while q is None:
            q = make(kind, rng, docs)
        print(f"{kind}-{i // len(KINDS) + 1}\t{q}")


if __name__ == "__main__":
    main()
