#!/usr/bin/env python3
"""Known-item search over ../shared/corpora/multilingual: every article's own title as a plain query
(found when the article ranks in the top 3), and a run from the middle of its body (8 consecutive words,
or 10 characters of Chinese or Japanese, which have no spaces; found in the top 10). All languages are
indexed together in one database, as a mixed archive would be.

usage: known_item.py BUILD_DIR CORPUS_DIR WORK_DIR [--index-arg ARG ...] [--strip-lang] [--min-title 0.95]
                     [--min-body 0.95]
--strip-lang indexes the articles without their `lang` (with --index-arg=-l --index-arg=auto: the
languages detected).
Prints one line per language: articles, title success, body success; the index's size and indexing time.
Exits 1 when a language is below --min-title or --min-body.
"""
import argparse, json, os, subprocess, sys, time
from nolang import strip_lang

UNSPACED = ("zh", "zh-Hant", "ja")

def body_run(lang, body):
    text = " ".join(body.split())
    if lang in UNSPACED:
        mid = len(text) // 2
        return text[mid:mid + 10]
    words = text.split()
    mid = max(0, len(words) // 2 - 4)
    return " ".join(words[mid:mid + 8])

def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("corpus")
    p.add_argument("work")
    p.add_argument("--index-arg", action="append", default=[])
    p.add_argument("--strip-lang", action="store_true")
    p.add_argument("--min-title", type=float, default=0.0)
    p.add_argument("--min-body", type=float, default=0.0)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    files = sorted(f for f in os.listdir(a.corpus) if f.endswith(".jsonl"))
    db = os.path.join(a.work, "known_item.db")
    subprocess.run(["rm", "-rf", db], check=True)
    sources = [os.path.join(a.corpus, f) for f in files]
    if a.strip_lang:
        sources = [strip_lang(src, os.path.join(a.work, os.path.basename(src))) for src in sources]
    t0 = time.time()
    subprocess.run([os.path.join(a.build, "folio-index"), "-q", "-d", db] + a.index_arg + sources, check=True)
    took = time.time() - t0
    size = sum(os.path.getsize(os.path.join(db, f)) for f in os.listdir(db))
    queries, lang_of = [], {}
    for f in files:
        lang = f[:-len(".jsonl")]
        for line in open(os.path.join(a.corpus, f), encoding="utf-8"):
            d = json.loads(line)
            did = str(d["id"])
            lang_of[did] = lang
            for kind, text in (("t", d.get("title") or ""), ("b", body_run(lang, d.get("body") or ""))):
                text = " ".join(text.split())
                if text:
                    queries.append((f"{kind}{len(queries)}", text, did))
    tsv = os.path.join(a.work, "known_item.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        for qid, text, _ in queries:
            f.write(f"{qid}\t{text}\n")
    wanted = {qid: did for qid, _, did in queries}
    out = subprocess.run([os.path.join(a.build, "folio-search"), "-d", db, "--batch", tsv, "--plain",
                          "--format", "trec", "-n", "10"], check=True, capture_output=True, text=True).stdout
    rank = {}
    for line in out.splitlines():
        qid, _, did, r = line.split(" ")[:4]
        if wanted.get(qid) == did:
            rank[qid[0], did] = int(r)
    status = 0
    print("%-8s %5s %7s %7s" % ("lang", "docs", "title", "body"))
    for f in files:
        lang = f[:-len(".jsonl")]
        ids = [did for did, l in lang_of.items() if l == lang]
        t = sum(1 for did in ids if rank.get(("t", did), 99) <= 3) / len(ids)
        b = sum(1 for did in ids if rank.get(("b", did), 99) <= 10) / len(ids)
        print("%-8s %5d %6.1f%% %6.1f%%" % (lang, len(ids), 100 * t, 100 * b))
        if t < a.min_title or b < a.min_body:
            print(f"FAIL: {lang} below title {a.min_title} / body {a.min_body}", file=sys.stderr)
            status = 1
    print(f"index {size / 1e6:.1f} MB, indexed in {took:.1f} s")
    return status

if __name__ == "__main__":
    sys.exit(main())
