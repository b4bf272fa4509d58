#!/usr/bin/env python3
"""gen_corpus.py — a deterministic synthetic news corpus for the indexing benchmark (not a test).

  gen_corpus.py jsonl N [SEED]          N documents as JSON Lines on stdout
  gen_corpus.py long N [SEED]           N long articles as JSON Lines: lengths like an encyclopedia's
                                        (median about 8 KB, mean about 13 KB, a tail to 200 KB)
  gen_corpus.py dir N DIR [SEED]        N article files (.txt, 1,000 to a directory) under DIR
  gen_corpus.py fit CORPUS.jsonl        prints the parameters below, measured on a JSON Lines corpus

The same N and SEED always give the same bytes. Words follow a Zipf (power-law) distribution over an
unbounded vocabulary, so the vocabulary keeps growing with the corpus (Heaps' law, V = K * N^beta, with
beta = 1 / ZIPF_EXPONENT); document and title lengths are log-normal. The constants are `fit` run on
../shared/corpora/reuters21578.jsonl: a Zipf exponent from Reuters' Heaps curve, the log-normal of its
word counts, the share of its tokens taken by the most frequent words. Words are made of syllables, so
the stemmer and the analyzer see word-like text; dates, topics and places mimic Reuters' fields.
"""
import json
import math
import os
import random
import re
import sys

# Fitted on Reuters-21578 (gen_corpus.py fit): see the module docstring.
ZIPF_EXPONENT = 1.97     # P(rank r) ~ (r + ZIPF_OFFSET)^-a over an unbounded vocabulary; Heaps beta = 1/a
ZIPF_OFFSET = 227.0      # Zipf-Mandelbrot shift: with it, as many distinct words as Reuters at its size
BODY_LOG_MEAN = 4.59     # ln(words in a body): mean and standard deviation
BODY_LOG_SD = 0.84
# Long articles (the `long` corpus): log-normal word counts with a median of 1,670 words (about 8 KB of
# these syllable words) and a spread that puts the mean near 13 KB; none longer than LONG_MAX_BYTES.
LONG_BODY_LOG_MEAN = 7.42
LONG_BODY_LOG_SD = 1.0
LONG_MAX_BYTES = 200_000
TITLE_LOG_MEAN = 1.95    # ln(words in a title)
TITLE_LOG_SD = 0.20
WORDS_PER_LINE = 11
LINES_PER_PARAGRAPH = 4
MAX_RANK = 50_000_000    # no word rarer than this (a bound on word length)
TOPICS = 120             # keyword vocabularies, Zipf-distributed too
PLACES = 170
DOCS_PER_DIR = 1000

CONSONANTS = "bcdfghjklmnprstvwz"
VOWELS = "aeiou"
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]  # 90


def word(rank):
    """The word of a rank: frequent ranks get short words, like real text."""
    parts = []
    r = rank
    while True:
        parts.append(SYLLABLES[r % len(SYLLABLES)])
        r //= len(SYLLABLES)
        if r == 0:
            break
    w = "".join(parts)
    return w + "n" if rank % 7 == 3 else w


class Corpus:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def rank(self):
        """A Zipf-Mandelbrot rank by inverting the continuous power law's CDF."""
        a1 = ZIPF_EXPONENT - 1.0
        while True:
            u = 1.0 - self.rng.random()
            r = int(ZIPF_OFFSET * (u ** (-1.0 / a1) - 1.0))
            if r < MAX_RANK:
                return r

    def length(self, mean, sd, least):
        return max(least, int(round(math.exp(self.rng.gauss(mean, sd)))))

    def words(self, n):
        return [word(self.rank()) for _ in range(n)]

    def body(self, long=False):
        if long:
            n = self.length(LONG_BODY_LOG_MEAN, LONG_BODY_LOG_SD, 50)
        else:
            n = self.length(BODY_LOG_MEAN, BODY_LOG_SD, 5)
        ws = self.words(n)
        lines, paragraphs = [], []
        for i in range(0, n, WORDS_PER_LINE):
            lines.append(" ".join(ws[i:i + WORDS_PER_LINE]))
            if len(lines) == LINES_PER_PARAGRAPH:
                paragraphs.append("\n".join(lines) + ".")
                lines = []
        if lines:
            paragraphs.append("\n".join(lines) + ".")
        text = "\n\n".join(p[0].upper() + p[1:] for p in paragraphs)
        if long and len(text) > LONG_MAX_BYTES:
            text = text[:text.rindex(" ", 0, LONG_MAX_BYTES)] + "."
        return text

    def title(self):
        t = " ".join(self.words(self.length(TITLE_LOG_MEAN, TITLE_LOG_SD, 1)))
        return t[0].upper() + t[1:]

    def keywords(self, prefix, size):
        k = min(int(self.rng.paretovariate(1.2)), 4)
        return sorted({"%s%d" % (prefix, min(int(self.rng.paretovariate(1.0)), size)) for _ in range(k)})

    def record(self, i, long=False):
        day = self.rng.randrange(365 * 3)
        y, d = 1985 + day // 365, day % 365
        date = "%04d-%02d-%02dT%02d:%02d:00" % (y, 1 + d // 31 % 12, 1 + d % 28, self.rng.randrange(24),
                                                 self.rng.randrange(60))
        rec = {"id": "g%d" % i, "title": self.title(), "date": date, "body": self.body(long)}
        topics = self.keywords("topic", TOPICS)
        if topics:
            rec["topics"] = topics
        rec["places"] = self.keywords("place", PLACES) or ["place1"]
        return rec


def write_jsonl(n, seed, out, long=False):
    c = Corpus(seed)
    for i in range(1, n + 1):
        out.write(json.dumps(c.record(i, long), ensure_ascii=False) + "\n")


def write_dir(n, root, seed):
    c = Corpus(seed)
    for i in range(1, n + 1):
        rec = c.record(i)
        d = os.path.join(root, "%04d" % ((i - 1) // DOCS_PER_DIR))
        if (i - 1) % DOCS_PER_DIR == 0:
            os.makedirs(d, exist_ok=True)
        front = "---\ntitle: %s\ndate: %s\ntopics: [%s]\nplaces: [%s]\n---\n" % (
            rec["title"], rec["date"], ", ".join(rec.get("topics", [])), ", ".join(rec["places"]))
        with open(os.path.join(d, "%07d.txt" % i), "w", encoding="utf-8") as f:
            f.write(front + rec["body"] + "\n")


TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def fit(path):
    """Measures the parameters on a JSON Lines corpus."""
    body_logs, title_logs, seen = [], [], set()
    tokens = 0
    half = None
    docs = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    for i, d in enumerate(docs):
        b = TOKEN.findall((d.get("body") or "").lower())
        t = TOKEN.findall((d.get("title") or "").lower())
        if b:
            body_logs.append(math.log(len(b)))
        if t:
            title_logs.append(math.log(len(t)))
        for w in b + t:
            seen.add(w)
        tokens += len(b) + len(t)
        if half is None and i >= len(docs) // 2:
            half = (tokens, len(seen))
    beta = math.log(len(seen) / half[1]) / math.log(tokens / half[0])

    def mean_sd(xs):
        m = sum(xs) / len(xs)
        return m, math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))

    bm, bs = mean_sd(body_logs)
    tm, ts = mean_sd(title_logs)
    print("documents %d, tokens %d, vocabulary %d" % (len(docs), tokens, len(seen)))
    print("ZIPF_EXPONENT = %.2f  (Heaps beta %.3f)" % (1 / beta, beta))
    print("ZIPF_OFFSET = %.2f" % fit_offset(1 / beta, tokens, len(seen)))
    print("BODY_LOG_MEAN = %.2f, BODY_LOG_SD = %.2f" % (bm, bs))
    print("TITLE_LOG_MEAN = %.2f, TITLE_LOG_SD = %.2f" % (tm, ts))


def fit_offset(exponent, tokens, vocabulary):
    """The Zipf-Mandelbrot shift with which `tokens` samples hold `vocabulary` distinct words."""
    global ZIPF_EXPONENT, ZIPF_OFFSET
    ZIPF_EXPONENT = exponent
    lo, hi = 0.1, 1000.0
    for _ in range(14):
        ZIPF_OFFSET = math.sqrt(lo * hi)
        c = Corpus(1)
        distinct = len({c.rank() for _ in range(tokens)})
        lo, hi = (ZIPF_OFFSET, hi) if distinct < vocabulary else (lo, ZIPF_OFFSET)
    return ZIPF_OFFSET


def main(argv):
    if len(argv) >= 3 and argv[1] in ("jsonl", "long"):
        write_jsonl(int(argv[2]), int(argv[3]) if len(argv) > 3 else 1, sys.stdout, argv[1] == "long")
    elif len(argv) >= 4 and argv[1] == "dir":
        write_dir(int(argv[2]), argv[3], int(argv[4]) if len(argv) > 4 else 1)
    elif len(argv) == 3 and argv[1] == "fit":
        fit(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
