#!/usr/bin/env python3
"""Differential test of folio's query language against a brute-force scan of a raw article corpus.

The corpus (a directory of .txt articles such as ../shared/corpora/bbc) is read here, not through folio:
files are listed, decoded and split into title and body by the article rules of README "Indexing"; only
the analyzer (segmentation, folding, stemming) is folio's own, through tests/tools/folio_tokens, so both
sides see the same words. Seeded random queries drawn from the corpus (phrases, NEAR, NOT/-, prefixes,
field restrictions and their combinations) are evaluated here by the definitions of README "Query
language" and by `folio-search --batch`; the sets of matching ids must be equal.

Usage: brute_force.py --corpus DIR --tokens FOLIO_TOKENS --search FOLIO_SEARCH --db DB
                      [--queries N] [--seed S] [--work DIR]
Exit status 0 when every query agrees, 1 otherwise (each difference printed with its query).
"""
import argparse
import bisect
import os
import random
import subprocess
import sys
import tempfile

FIELDS = ("title", "body")
IGNORED_STEMS = ("readme", "license", "copying", "changelog")  # described the corpus, not indexed
ARTICLE_EXTENSIONS = (".txt", ".md")
NEAR_DEFAULT = 10
MAX_HITS = 10000           # -n for folio-search (its maximum): more than the corpus holds
MAX_EXPANSION = 1000000    # no prefix cap in the differential test: the cap has its own e2e test
SHOW_IDS = 5               # ids shown per difference


# ---- Reading the corpus ----------------------------------------------------------------------------

def article_paths(root):
    """The article files of a directory, as folio-index walks it: sorted, hidden entries skipped."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            stem, ext = os.path.splitext(name)
            if name.startswith(".") or ext.lower() not in ARTICLE_EXTENSIONS:
                continue
            if stem.lower() in IGNORED_STEMS:
                continue
            found.append(os.path.join(dirpath, name))
    return sorted(found, key=lambda p: os.path.relpath(p, root).encode())


def decode(raw):
    """UTF-8, else Windows-1252 (bytes it leaves undefined become U+FFFD: both separate words)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def title_and_body(text):
    """The first non-blank line is the title, the rest the body (the corpus has no front matter)."""
    if text.lstrip().startswith("---"):
        raise SystemExit("brute_force.py: front matter is not supported by this test")
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        return "", ""
    return lines[i].strip(), "\n".join(lines[i + 1:])


def run_tokens(tool, paths):
    """{path: [(position, stem, word)]} from folio_tokens, run over many files at once."""
    out = subprocess.run([tool] + paths, check=True, capture_output=True).stdout.decode("utf-8")
    tokens, current = {}, None
    for line in out.split("\n"):
        if line.startswith("# "):
            current = tokens.setdefault(line[2:], [])
        elif line:
            pos, stem, word = line.split("\t")
            current.append((int(pos), stem, word))
    return tokens


class Corpus:
    """Per field: stem -> {doc: sorted positions}, folded word -> {doc: positions}, the sorted words."""

    def __init__(self, root, tool, work):
        self.docs = []                       # ids
        self.tokens = {f: [] for f in FIELDS}  # per doc: [(pos, stem, word)]
        self.stems = {f: {} for f in FIELDS}
        self.words = {f: {} for f in FIELDS}
        self.stem_of = {}                    # folded word -> its stem
        paths = article_paths(root)
        batch = []
        for n, path in enumerate(paths):
            with open(path, "rb") as fh:
                title, body = title_and_body(decode(fh.read()))
            self.docs.append(os.path.relpath(path, root))
            for field, text in zip(FIELDS, (title, body)):
                tmp = os.path.join(work, "%d.%s" % (n, field))
                with open(tmp, "w", encoding="utf-8") as out:
                    out.write(text)
                batch.append(tmp)
        tokens = run_tokens(tool, batch)
        for n in range(len(self.docs)):
            for field in FIELDS:
                toks = tokens[os.path.join(work, "%d.%s" % (n, field))]
                self.tokens[field].append(toks)
                for pos, stem, word in toks:
                    self.stems[field].setdefault(stem, {}).setdefault(n, []).append(pos)
                    self.words[field].setdefault(word, {}).setdefault(n, []).append(pos)
                    self.stem_of[word] = stem
        self.sorted_words = {f: sorted(self.words[f]) for f in FIELDS}

    def prefix_stems(self, prefix):
        """What a prefix stands for inside NEAR (README): the stems of the words of titles and bodies
        that start with it."""
        return {self.stem_of[w] for f in FIELDS for w in self.words_with_prefix(f, prefix)}

    def words_with_prefix(self, field, prefix):
        words = self.sorted_words[field]
        i = bisect.bisect_left(words, prefix)
        while i < len(words) and words[i].startswith(prefix):
            yield words[i]
            i += 1


# ---- Queries: a small tree, rendered as folio syntax and evaluated here ------------------------------
#   ("term", stems, text)       a word (one stem) or a phrase (several, consecutive)
#   ("prefix", folded, text)
#   ("near", distance, [operands], written_distance)   operands are term or prefix nodes
#   ("and", [kids]) ("or", [kids]) ("field", name, kid)
#   ("not", kid, spelled)       inside an AND: written "-kid", or "NOT kid" when spelled

def render(q):
    kind = q[0]
    if kind == "term":
        return q[2]
    if kind == "prefix":
        return q[2] + "*"
    if kind == "near":
        op = " NEAR " if q[3] is None else " NEAR/%d " % q[3]
        return op.join(render(k) for k in q[2])
    if kind == "and":
        return " ".join((" NOT " + group(k[1])) if k[0] == "not" and k[2] else group(k) for k in q[1]).strip()
    if kind == "or":
        return " OR ".join(group(k) for k in q[1])
    if kind == "not":
        return "-" + group(q[1])
    if kind == "field":
        return q[1] + ":" + group(q[2])
    raise ValueError(kind)


def group(q):
    return "(" + render(q) + ")" if q[0] in ("and", "or", "near") else render(q)


class Evaluator:
    def __init__(self, corpus):
        self.c = corpus
        self.all = set(range(len(corpus.docs)))

    def occurrences(self, q, field, doc):
        """[(start, end)] positions of a term/phrase/prefix node in one field of one doc."""
        if q[0] == "prefix":
            return sorted((p, p) for w in self.c.words_with_prefix(field, q[1])
                          for p in self.c.words[field][w].get(doc, ()))
        stems = q[1]
        first = self.c.stems[field].get(stems[0], {}).get(doc, ())
        rest = [set(self.c.stems[field].get(s, {}).get(doc, ())) for s in stems[1:]]
        return [(p, p + len(stems) - 1) for p in first
                if all(p + i + 1 in r for i, r in enumerate(rest))]

    def docs_with(self, q, field):
        """Candidate docs of a node in a field (a superset for phrases)."""
        if q[0] == "prefix":
            docs = set()
            for w in self.c.words_with_prefix(field, q[1]):
                docs.update(self.c.words[field][w])
            return docs
        docs = None
        for s in q[1]:
            d = set(self.c.stems[field].get(s, {}))
            docs = d if docs is None else docs & d
        return docs

    def near_occurrences(self, q, field, doc):
        """Positions of a NEAR operand: a word's, or for a prefix (README) those of every word whose
        stem is the stem of a word with that prefix."""
        if q[0] != "prefix":
            return self.occurrences(q, field, doc)
        return sorted((p, p) for s in self.c.prefix_stems(q[1])
                      for p in self.c.stems[field].get(s, {}).get(doc, ()))

    def near_in(self, operands, distance, field, doc):
        """FTS5's NEAR: occurrences of every operand such that, S being the latest start, each
        operand's occurrence ends at most `distance` words before S (for two words: at most
        `distance` words between them, in either order)."""
        occ = [self.near_occurrences(o, field, doc) for o in operands]
        if not all(occ):
            return False
        for s in sorted({start for o in occ for start, _ in o}):
            if all(max((e for b, e in o if b <= s), default=-10**9) >= s - distance - 1 for o in occ):
                return True
        return False

    def eval(self, q, fields=FIELDS):
        kind = q[0]
        if kind in ("term", "prefix"):
            out = set()
            for f in fields:
                cand = self.docs_with(q, f)
                if kind == "term" and len(q[1]) > 1:
                    cand = {d for d in cand if self.occurrences(q, f, d)}
                out |= cand
            return out
        if kind == "near":
            out = set()
            for f in fields:
                cand = set.intersection(*({d for s in self.c.prefix_stems(o[1]) for d in self.c.stems[f].get(s, {})}
                                           if o[0] == "prefix" else self.docs_with(o, f) for o in q[2]))
                out |= {d for d in cand if self.near_in(q[2], q[1], f, d)}
            return out
        if kind == "field":
            return self.eval(q[2], (q[1],))
        if kind == "or":
            return set().union(*(self.eval(k, fields) for k in q[1]))
        if kind == "and":
            pos = [self.eval(k, fields) for k in q[1] if k[0] != "not"]
            neg = [self.eval(k[1], fields) for k in q[1] if k[0] == "not"]
            out = set.intersection(*pos) if pos else set(self.all)
            for n in neg:
                out -= n
            return out
        raise ValueError(kind)


# ---- Drawing queries from the corpus --------------------------------------------------------------

class Generator:
    def __init__(self, corpus, rng):
        self.c = corpus
        self.rng = rng

    def spot(self, field="body", min_len=1):
        """A random (doc, tokens) with at least min_len words in the field."""
        while True:
            doc = self.rng.randrange(len(self.c.docs))
            toks = self.c.tokens[field][doc]
            if len(toks) >= min_len:
                return doc, toks

    def text(self, word):
        """The word as a user might type it: sometimes capitalized (never all upper case: operators)."""
        return word[:1].upper() + word[1:] if len(word) > 1 and self.rng.random() < 0.2 else word

    def exclude(self, q):
        return ("not", q, self.rng.random() < 0.3)

    def word(self, tok):
        return ("term", [tok[1]], self.text(tok[2]))

    def phrase(self, toks):
        return ("term", [t[1] for t in toks], '"' + " ".join(self.text(t[2]) for t in toks) + '"')

    def prefix(self, tok, min_len=3):
        w = tok[2]
        n = self.rng.randint(min(min_len, len(w)), max(min(min_len, len(w)), min(len(w), 6)))
        return ("prefix", w[:n], self.text(w[:n]))

    # Each maker returns a query tree, or None to draw again.
    def make_phrase(self):
        field = self.rng.choice(("body", "body", "title"))
        n = self.rng.randint(2, 4)
        _, toks = self.spot(field, n)
        i = self.rng.randrange(len(toks) - n + 1)
        return self.phrase(toks[i:i + n])

    def make_scrambled_phrase(self):
        """Two words of one article that are usually not side by side, as a phrase."""
        _, toks = self.spot("body", 10)
        a, b = self.rng.sample(toks, 2)
        return self.phrase([a, b])

    def make_near(self, operands=2):
        """Words of one article a few positions apart, so that distances around N are common."""
        field = self.rng.choice(("body", "body", "title"))
        _, toks = self.spot(field, operands + 1)
        span = min(len(toks), self.rng.randint(operands, 20))
        i = self.rng.randrange(len(toks) - span + 1)
        chosen = [toks[i + p] for p in self.rng.sample(range(span), operands)]
        if len({t[1] for t in chosen}) < operands:
            return None  # the same stem twice: not a meaningful NEAR
        self.rng.shuffle(chosen)
        written = None if self.rng.random() < 0.2 else self.rng.randint(0, 15)
        distance = NEAR_DEFAULT if written is None else written
        return ("near", distance, [self.word(t) for t in chosen], written)

    def make_near_prefix(self):
        _, toks = self.spot("body", 30)
        i = self.rng.randrange(len(toks) - 20)
        j = i + self.rng.randint(1, 14)
        a, b = self.prefix(toks[i], 4), self.word(toks[j])
        if toks[j][2].startswith(a[1]):
            return None
        written = self.rng.randint(0, 12)
        return ("near", written, [a, b], written)

    def make_not(self):
        _, toks = self.spot("body", 10)
        a, b, c = self.rng.sample(toks, 3)
        if len({a[1], b[1], c[1]}) < 3:
            return None
        shape = self.rng.randrange(4)
        if shape == 0:
            return ("and", [self.word(a), self.exclude(self.word(b))])
        if shape == 1:
            return ("and", [("or", [self.word(a), self.word(b)]), self.exclude(self.word(c))])
        if shape == 2:
            i = self.rng.randrange(len(toks) - 1)
            ph = self.phrase(toks[i:i + 2])
            return None if c[1] in ph[1] else ("and", [ph, self.exclude(self.word(c))])
        return ("and", [self.word(a), self.exclude(("or", [self.word(b), self.word(c)]))])

    def make_prefix(self):
        _, toks = self.spot(self.rng.choice(("body", "title")), 1)
        t = self.rng.choice(toks)
        p = self.prefix(t)
        shape = self.rng.randrange(3)
        if shape == 0:
            return p
        other = self.word(self.rng.choice(self.spot("body", 1)[1]))
        if shape == 1:
            return ("and", [p, self.exclude(other)])
        return ("and", [p, other])

    def make_field(self):
        doc, title = self.spot("title", 2)
        body = self.c.tokens["body"][doc]
        shape = self.rng.randrange(6)
        if shape == 0:
            return ("field", "title", self.word(self.rng.choice(title)))
        if shape == 1:
            return ("field", "body", self.word(self.rng.choice(title)))
        if shape == 2:
            i = self.rng.randrange(len(title) - 1)
            return ("field", self.rng.choice(("title", "body")), self.phrase(title[i:i + 2]))
        if shape == 3:
            a, b = self.rng.sample(title, 2)
            return ("field", "title", ("or", [self.word(a), self.word(b)]))
        if shape == 4:
            return ("field", "title", self.prefix(self.rng.choice(title)))
        if not body:
            return None
        return ("and", [("field", "title", self.word(self.rng.choice(title))),
                        self.exclude(("field", "body", self.word(self.rng.choice(body))))])

    def make_combination(self):
        """title:x (y OR z*) -w, drawn from one article."""
        doc, title = self.spot("title", 1)
        body = self.c.tokens["body"][doc]
        if len(body) < 10:
            return None
        t, a, b, w = self.rng.choice(title), *self.rng.sample(body, 3)
        if w[1] in (t[1], a[1], b[1]):
            return None
        return ("and", [("field", "title", self.word(t)), ("or", [self.word(a), self.prefix(b)]),
                        self.exclude(self.word(w))])

    def queries(self, n):
        makers = [(self.make_phrase, 4), (self.make_scrambled_phrase, 1), (self.make_near, 4),
                  (lambda: self.make_near(3), 1), (self.make_near_prefix, 1),
                  (self.make_not, 3), (self.make_prefix, 3), (self.make_field, 3), (self.make_combination, 2)]
        pool = [m for m, w in makers for _ in range(w)]
        out, seen = [], set()
        while len(out) < n:
            q = self.rng.choice(pool)()
            if q is not None and render(q) not in seen:
                seen.add(render(q))
                out.append(q)
        return out


# ---- Checking the query words analyze as drawn, and asking folio -------------------------------------

def leaves(q):
    if q[0] in ("term", "prefix"):
        return [q]
    kids = {"near": lambda: q[2], "and": lambda: q[1], "or": lambda: q[1], "not": lambda: [q[1]],
            "field": lambda: [q[2]]}[q[0]]()
    return [leaf for k in kids for leaf in leaves(k)]


def misanalyzed(tool, queries):
    """The queries whose words folio's analyzer does not read back as the stems they were drawn as."""
    terms = [(i, leaf) for i, q in enumerate(queries) for leaf in leaves(q) if leaf[0] == "term"]
    text = "\n".join(leaf[2].strip('"') for _, leaf in terms)
    out = subprocess.run([tool], input=text.encode(), check=True, capture_output=True).stdout.decode()
    stems = [line.split("\t")[1] for line in out.split("\n") if line]
    want = [s for _, leaf in terms for s in leaf[1]]
    if len(stems) != len(want):
        return list(range(len(queries)))
    bad, k = set(), 0
    for i, leaf in terms:
        if stems[k:k + len(leaf[1])] != leaf[1]:
            bad.add(i)
        k += len(leaf[1])
    return sorted(bad)


def folio_answers(search, db, queries):
    lines = "".join("%d\t%s\n" % (i, render(q)) for i, q in enumerate(queries))
    # Every matching document, near-duplicates too: collapsing them into one hit is checked by
    # e2e.duplicates; here the set of matches is compared.
    proc = subprocess.run([search, "-d", db, "--batch", "--format", "tsv", "-n", str(MAX_HITS),
                           "--max-expansion", str(MAX_EXPANSION), "--no-collapse"],
                          input=lines.encode(), capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit("brute_force.py: folio-search --batch failed (status %d)" % proc.returncode)
    answers = {i: set() for i in range(len(queries))}
    for line in proc.stdout.decode().split("\n")[1:]:
        if line:
            qid, _rank, doc_id = line.split("\t")[:3]
            answers[int(qid)].add(doc_id)
    return answers


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--search", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--seed", type=int, default=20260128)
    ap.add_argument("--work")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(dir=args.work) as work:
        corpus = Corpus(args.corpus, args.tokens, work)
    ev = Evaluator(corpus)
    queries = Generator(corpus, random.Random(args.seed)).queries(args.queries)
    bad = misanalyzed(args.tokens, queries)
    if bad:
        raise SystemExit("brute_force.py: query words analyze differently from the corpus: %s"
                         % [render(queries[i]) for i in bad[:5]])
    answers = folio_answers(args.search, args.db, queries)
    failures = 0
    matched = 0
    for i, q in enumerate(queries):
        want = {corpus.docs[d] for d in ev.eval(q)}
        got = answers[i]
        matched += bool(want)
        if want != got:
            failures += 1
            missing, extra = sorted(want - got), sorted(got - want)
            print("DIFF: %s\n  brute force %d, folio %d; only brute force: %s; only folio: %s"
                  % (render(q), len(want), len(got), missing[:SHOW_IDS], extra[:SHOW_IDS]))
    print("%d queries (%d with matches), %d differences (seed %d)" % (len(queries), matched, failures, args.seed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
