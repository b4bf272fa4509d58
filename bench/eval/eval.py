#!/usr/bin/env python3
"""Relevance evaluation of folio against two anchors computed in the same run (bench/eval/run.sh).

For each judged collection (docs.jsonl, queries.tsv, qrels.txt under ../shared/eval or
../shared/eval-multilingual):
  folio    folio-index docs.jsonl; folio-search --batch --plain --format trec -n 1000
  fts5     SQLite FTS5, tokenize 'porter unicode61', bm25(), the OR of the query's words
           (multilingual: 'unicode61 remove_diacritics 2' and 'trigram', as ../shared/README.md says)
  xapian   Xapian 1.4 QueryParser (English stemmer, OR) + BM25Weight defaults (xapian_anchor.cpp)
all scored with ../shared/tools/trec_eval.py (MAP, nDCG@10, P@10, R@100).

--loo GRIDFILE: for each ranking parameter of GRIDFILE ('name value value ...' lines; the values are
passed as folio-search's hidden --ranking name=value), the leave-one-collection-out result: the value
chosen on the other collections (best mean ratio to the better anchor over MAP and nDCG@10), scored on
the held-out one.
"""
import argparse, json, os, re, sqlite3, subprocess, sys, concurrent.futures as cf
from nolang import strip_lang

METRICS = ("map", "nDCG@10", "P@10", "R@100")
ENGLISH = ("cranfield", "cisi", "npl", "scifact", "nfcorpus")
MULTI = ("xquad-zh", "xquad-de", "xquad-es", "xquad-ru", "xquad-th")

def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)

def score(trec_eval, qrels, run):
    out = subprocess.run([sys.executable, trec_eval, qrels, run], check=True, capture_output=True, text=True).stdout
    vals = dict(kv.split("=") for kv in out.split())
    return {m: float(vals[m]) for m in METRICS}

def read_docs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                yield str(d.get("id", "")), d.get("title") or "", d.get("body") or ""

def read_queries(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                yield line.split("\t", 1)

WORD = re.compile(r"[^\W_]+")

def fts5_run(coll_dir, out, tokenize, trigram=False):
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, body, tokenize={tokenize!r})")
    db.executemany("INSERT INTO t VALUES (?, ?, ?)", read_docs(os.path.join(coll_dir, "docs.jsonl")))
    with open(out, "w") as f:
        for qid, text in read_queries(os.path.join(coll_dir, "queries.tsv")):
            words = WORD.findall(text.lower())
            if trigram:
                words = sorted({w[i:i + 3] for w in words for i in range(len(w) - 2)})
            if not words:
                continue
            match = " OR ".join('"%s"' % w.replace('"', '""') for w in words)
            rows = db.execute("SELECT id, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t), rowid LIMIT 1000",
                              (match,)).fetchall()
            for rank, (did, s) in enumerate(rows, 1):
                f.write(f"{qid} Q0 {did} {rank} {-s:.6f} fts5\n")

def xapian_run(peer, coll_dir, work, out):
    tsv = os.path.join(work, "docs.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        for did, title, body in read_docs(os.path.join(coll_dir, "docs.jsonl")):
            clean = lambda s: re.sub(r"[\t\r\n]+", " ", s)
            f.write(f"{clean(did)}\t{clean(title)}\t{clean(body)}\n")
    db = os.path.join(work, "xapian.db")
    sh([peer, "index", db, tsv])
    with open(out, "w") as f:
        sh([peer, "run", db, os.path.join(coll_dir, "queries.tsv")], stdout=f)

class Eval:
    def __init__(self, a):
        self.a = a
        self.trec = os.path.join(a.shared, "tools", "trec_eval.py")

    def coll_dir(self, c):
        return os.path.join(self.a.shared, "eval-multilingual" if c in MULTI else "eval", c)

    def wdir(self, c):
        d = os.path.join(self.a.work, c)
        os.makedirs(d, exist_ok=True)
        return d

    def anchors(self, c):
        """{engine: metrics}, computed once per work directory."""
        cache = os.path.join(self.wdir(c), "anchors.json")
        if os.path.exists(cache):
            return json.load(open(cache))
        d, w, res = self.coll_dir(c), self.wdir(c), {}
        qrels = os.path.join(d, "qrels.txt")
        if c in MULTI:
            for name, tok, tri in (("fts5 unicode61", "unicode61 remove_diacritics 2", False),
                                   ("fts5 trigram", "trigram", True)):
                run = os.path.join(w, name.replace(" ", "_") + ".run")
                fts5_run(d, run, tok, tri)
                res[name] = score(self.trec, qrels, run)
        else:
            run = os.path.join(w, "fts5.run")
            fts5_run(d, run, "porter unicode61")
            res["fts5"] = score(self.trec, qrels, run)
            run = os.path.join(w, "xapian.run")
            xapian_run(self.a.xapian_peer, d, w, run)
            res["xapian"] = score(self.trec, qrels, run)
        json.dump(res, open(cache, "w"))
        return res

    def index(self, c):
        db = os.path.join(self.wdir(c), "folio.db")
        stamp = os.path.join(self.wdir(c), "folio.db.built")
        exe = os.path.join(self.a.build, "folio-index")
        if not (self.a.reuse and os.path.exists(stamp)):
            sh(["rm", "-rf", db])
            lang = ["-l", self.a.language] if self.a.language else []
            docs = os.path.join(self.coll_dir(c), "docs.jsonl")
            if self.a.strip_lang:
                docs = strip_lang(docs, os.path.join(self.wdir(c), "docs.nolang.jsonl"))
            sh([exe, "-q", "-d", db] + lang + [docs])
            open(stamp, "w").close()
        return db

    def folio(self, c, ranking=None):
        db = self.index(c)
        tag = re.sub(r"[^A-Za-z0-9.=_-]", "_", ranking or "default")
        run = os.path.join(self.wdir(c), f"folio.{tag}.run")
        cmd = [os.path.join(self.a.build, "folio-search"), "-d", db, "--batch",
               os.path.join(self.coll_dir(c), "queries.tsv"), "--plain", "--format", "trec", "-n", "1000"]
        if ranking:
            cmd.append("--ranking=" + ranking)
        with open(run, "w") as f:
            sh(cmd, stdout=f)
        return score(self.trec, os.path.join(self.coll_dir(c), "qrels.txt"), run)

def better(anchors, metric):
    return max(v[metric] for v in anchors.values())

def quality(m, anchors):
    """Mean ratio to the better anchor over MAP and nDCG@10 (what parameters are chosen by)."""
    return (m["map"] / better(anchors, "map") + m["nDCG@10"] / better(anchors, "nDCG@10")) / 2

def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("collections", nargs="*")
    p.add_argument("--shared", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--xapian-peer", required=True)
    p.add_argument("--multilingual", action="store_true", help="also the collections of eval-multilingual")
    p.add_argument("--ranking", help="folio-search --ranking SPEC for the folio runs (experiments)")
    p.add_argument("--loo", help="grid file: leave-one-collection-out per parameter")
    p.add_argument("--language", help="folio-index --language for the folio indexes (e.g. porter)")
    p.add_argument("--strip-lang", action="store_true", help="index the documents without their lang "
                   "(with --language auto: how well detection does)")
    p.add_argument("--brief", action="store_true", help="one line: MAP/nDCG@10 per collection, the means")
    p.add_argument("--reuse", action="store_true", help="keep folio indexes already in --work")
    p.add_argument("--guard", type=float, help="exit 1 if a collection's MAP is below the better anchor's "
                   "or the mean MAP below GUARD times the better anchors' mean")
    p.add_argument("--min-map", action="append", default=[], help="COLLECTION=MAP: exit 1 below it")
    p.add_argument("--min-mean-ratio", type=float, help="exit 1 if the mean MAP is below this many times the "
                   "better anchors' mean MAP")
    a = p.parse_intermixed_args()
    colls = a.collections or list(ENGLISH) + (list(MULTI) if a.multilingual else [])
    for c in colls:
        d = os.path.join(a.shared, "eval-multilingual" if c in MULTI else "eval", c)
        if not os.path.isdir(d):
            print(f"skipped: ../shared/{os.path.relpath(d, a.shared)} not found")
            return 77
    e = Eval(a)
    with cf.ThreadPoolExecutor(2) as pool:
        anchors = dict(zip(colls, pool.map(e.anchors, colls)))
        folio = dict(zip(colls, pool.map(lambda c: e.folio(c, a.ranking), colls)))
    a.reuse = True
    if a.brief:
        cs = [c for c in colls if c in ENGLISH] or colls
        fm = {k: sum(folio[c][k] for c in cs) / len(cs) for k in METRICS}
        bm = {k: sum(better(anchors[c], k) for c in cs) / len(cs) for k in METRICS}
        print("%-40s " % (a.ranking or "default") + " ".join(
            "%s %.4f/%.4f" % (c[:4], folio[c]["map"], folio[c]["nDCG@10"]) for c in cs) +
            "  mean %.4f/%.4f %.3fx/%.3fx" % (fm["map"], fm["nDCG@10"], fm["map"] / bm["map"],
                                            fm["nDCG@10"] / bm["nDCG@10"]))
        return 0
    fmt = "%-10s %-16s" + " %8s" * 4
    print(fmt % ("collection", "engine", "MAP", "nDCG@10", "P@10", "R@100"))
    for c in colls:
        for name, m in list(anchors[c].items()) + [("folio", folio[c])]:
            print(fmt % ((c, name) + tuple("%.4f" % m[k] for k in METRICS)))
        print(fmt % (c, "folio/better", "%.3fx" % (folio[c]["map"] / better(anchors[c], "map")),
                     "%.3fx" % (folio[c]["nDCG@10"] / better(anchors[c], "nDCG@10")), "", ""))
    status = 0
    for group in (ENGLISH, MULTI):
        cs = [c for c in colls if c in group]
        if not cs:
            continue
        engines = list(anchors[cs[0]])
        mean = lambda f: {k: sum(f(c)[k] for c in cs) / len(cs) for k in METRICS}
        label = "mean(%d)" % len(cs)
        for name in engines:
            print(fmt % ((label, name) + tuple("%.4f" % mean(lambda c: anchors[c][name])[k] for k in METRICS)))
        fm = mean(lambda c: folio[c])
        print(fmt % ((label, "folio") + tuple("%.4f" % fm[k] for k in METRICS)))
        bm = {k: sum(better(anchors[c], k) for c in cs) / len(cs) for k in METRICS}
        print(fmt % (label, "folio/better", "%.3fx" % (fm["map"] / bm["map"]),
                     "%.3fx" % (fm["nDCG@10"] / bm["nDCG@10"]), "", ""))
        if a.min_mean_ratio and group == ENGLISH and fm["map"] < a.min_mean_ratio * bm["map"]:
            print(f"FAIL: mean MAP {fm['map']:.4f} is below {a.min_mean_ratio}x the better anchors' "
                  f"{bm['map']:.4f}", file=sys.stderr)
            status = 1
        if a.guard:
            for c in cs:
                if folio[c]["map"] < better(anchors[c], "map"):
                    print(f"FAIL: {c} MAP {folio[c]['map']:.4f} is below the better anchor's "
                          f"{better(anchors[c], 'map'):.4f}", file=sys.stderr)
                    status = 1
            if fm["map"] < a.guard * bm["map"]:
                print(f"FAIL: mean MAP {fm['map']:.4f} is below {a.guard}x the better anchors' "
                      f"{bm['map']:.4f}", file=sys.stderr)
                status = 1
    for spec in a.min_map:
        c, v = spec.split("=")
        if c in folio and folio[c]["map"] < float(v):
            print(f"FAIL: {c} MAP {folio[c]['map']:.4f} is below {v}", file=sys.stderr)
            status = 1
    if a.loo:
        status |= loo(e, a, colls, anchors)
    return status

def loo(e, a, colls, anchors):
    grid = []
    for line in open(a.loo):
        parts = line.split("#")[0].split()
        if parts:
            grid.append((parts[0], parts[1:]))
    print("\nleave-one-collection-out (value chosen on the other collections; held-out MAP / nDCG@10)")
    for name, values in grid:
        specs = [f"{name}={v}" for v in values]
        base = (a.ranking + ",") if a.ranking else ""
        jobs = [(c, s) for s in specs for c in colls]
        with cf.ThreadPoolExecutor(2) as pool:
            got = dict(zip(jobs, pool.map(lambda j: e.folio(j[0], base + j[1]), jobs)))
        print(f"  {name}: " + "  ".join(
            "%s=%.4f" % (v, sum(quality(got[(c, s)], anchors[c]) for c in colls) / len(colls))
            for v, s in zip(values, specs)) + "   (mean ratio to the better anchor)")
        for held in colls:
            rest = [c for c in colls if c != held]
            best = max(specs, key=lambda s: sum(quality(got[(c, s)], anchors[c]) for c in rest))
            m = got[(held, best)]
            print("    %-10s chosen %-16s MAP %.4f nDCG@10 %.4f (%.3fx / %.3fx the better anchor)" % (
                held, best, m["map"], m["nDCG@10"], m["map"] / better(anchors[held], "map"),
                m["nDCG@10"] / better(anchors[held], "nDCG@10")))
    return 0

if __name__ == "__main__":
    sys.exit(main())
