#!/usr/bin/env python3
"""Near-duplicate groups of a corpus as folio's index keys them, and a seeded sample of merged pairs to
read by hand (README "Duplicates collapsed").

usage: bench/duplicates/sample.py BUILD_DIR CORPUS [--sample N] [--seed S] [--below X] [--work DIR]

CORPUS is a directory of articles or a JSON Lines file. It is indexed with BUILD_DIR/folio-index; the
key of every document is read from value slot 6 (xapian-delve), its id from slot 1. Printed: documents,
groups of two or more, documents merged into another (all but one of each group), and N pairs (a
member drawn at random, with the group's first member in index order), each with both titles, dates, the
share of the shorter text's 3-word shingles that the longer one holds, and the words each has that the
other lacks, for a reader to judge whether they are the same story. --below X shows instead every merged pair whose
shingle share is below X (the pairs most likely to be wrongly merged)."""
import argparse, json, os, random, re, subprocess, sys, tempfile, difflib

WORD = re.compile(r"\w+", re.UNICODE)


def delve_slot(db, slot):
    out = subprocess.run(["xapian-delve", "-V%d" % slot, db], check=True, capture_output=True, text=True).stdout
    values = {}
    for item in out.split(":", 1)[1].split():
        docid, _, value = item.partition(":")
        values[int(docid)] = value
    return values


def load_texts(corpus):
    texts = {}
    if os.path.isfile(corpus):
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    texts[str(r["id"])] = (r.get("title", ""), r.get("date", ""), r.get("body", ""))
        return texts
    for top, dirs, files in os.walk(corpus):
        for name in files:
            path = os.path.join(top, name)
            rel = os.path.relpath(path, corpus)
            with open(path, encoding="utf-8", errors="replace") as f:
                title, _, body = f.read().partition("\n")
            texts[rel] = (title.strip(), "", body)
    return texts


def shingles(words):
    return {tuple(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("corpus")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--below", type=float)
    ap.add_argument("--work")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "dup.db")
    if not os.path.exists(db):
        subprocess.run([os.path.join(a.build, "folio-index"), "-q", "-d", db, a.corpus], check=True)
    keys, ids = delve_slot(db, 6), delve_slot(db, 1)
    groups = {}
    for docid in sorted(keys):
        groups.setdefault(keys[docid], []).append(ids[docid])
    multi = [g for g in groups.values() if len(g) > 1]
    merged = [(g[0], m) for g in multi for m in g[1:]]
    print("%s: %d documents, %d with a key, %d groups of 2 or more, %d documents merged into another"
          % (a.corpus, len(ids), len(keys), len(multi), len(merged)))
    texts = load_texts(a.corpus)
    def held(pair):
        w1, w2 = (WORD.findall(texts[i][2].lower()) for i in pair)
        s1, s2 = shingles(w1), shingles(w2)
        return len(s1 & s2) / max(1, min(len(s1), len(s2)))

    if a.below is not None:
        sample = [p for p in merged if held(p) < a.below]
        print("%d merged pairs hold less than %.2f of the shorter text's shingles" % (len(sample), a.below))
    else:
        sample = random.Random(a.seed).sample(merged, min(a.sample, len(merged)))
    identical = 0
    for n, (first, other) in enumerate(sample, 1):
        (t1, d1, b1), (t2, d2, b2) = texts[first], texts[other]
        w1, w2 = WORD.findall(b1.lower()), WORD.findall(b2.lower())
        contained = held((first, other))
        identical += w1 == w2 and t1 == t2
        only1 = sorted(set(w1) - set(w2))[:12]
        only2 = sorted(set(w2) - set(w1))[:12]
        print("\n%2d. %s | %s  (%s | %s)  words %d | %d  shingles held %.2f%s"
              % (n, first, other, d1, d2, len(w1), len(w2), contained,
                 "  identical" if w1 == w2 and t1 == t2 else ""))
        print("    %s\n    %s" % (t1, t2))
        if w1 != w2:
            print("    only in the first: %s\n    only in the second: %s" % (" ".join(only1), " ".join(only2)))
            diff = [d for d in difflib.ndiff(w1[:120], w2[:120]) if d[0] in "+-"]
            print("    first 120 words, changed: %s" % " ".join(diff[:24]))
    print("\n%d of the %d pairs sampled are identical (title and body words)" % (identical, len(sample)))


if __name__ == "__main__":
    sys.exit(main())
