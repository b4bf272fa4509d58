#!/usr/bin/env python3
"""Usage: report.py WORKDIR RUNS ENGINE... — the batch benchmark's table, from the files run.sh wrote:
WORKDIR/ENGINE.RUN.out (QID<TAB>MS<TAB>TOTAL lines, or folio's JSON Lines with "took_ms") and
WORKDIR/ENGINE.RUN.wall (the process's wall-clock seconds).

Per query kind (the QID's prefix) and engine: p50 and p95 latency in ms and queries/s (queries over the
summed latencies), each the median over the runs; then the whole batch's queries/s by wall clock, and how
often each peer's total agrees with folio's."""
import json
import statistics
import sys

KINDS = ("and2", "phrase", "single", "or3")


def load(path):
    """{qid: (ms, total)} from a runner's output."""
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("{"):
            o = json.loads(line)
            if "error" not in o:
                out[o["qid"]] = (o["took_ms"], o["total"])
        elif line.strip():
            qid, ms, total = line.rstrip("\n").split("\t")
            out[qid] = (float(ms), int(total))
    return out


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))]


def figures(results, kind):
    ms = [m for q, (m, _) in results.items() if q.split("-")[0] == kind]
    return percentile(ms, 50), percentile(ms, 95), len(ms) / (sum(ms) / 1000)


def main():
    work, runs, engines = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    data = {e: [load(f"{work}/{e}.{r}.out") for r in range(1, runs + 1)] for e in engines}
    walls = {e: [float(open(f"{work}/{e}.{r}.wall").read()) for r in range(1, runs + 1)] for e in engines}
    nq = len(data[engines[0]][0])
    print(f"{nq} queries, top 10 with snippets, medians of {runs} runs\n")
    print("| kind | engine | p50 ms | p95 ms | queries/s |")
    print("|---|---|---:|---:|---:|")
    for kind in KINDS:
        for e in engines:
            per_run = [figures(d, kind) for d in data[e]]
            p50, p95, qps = (statistics.median(x[i] for x in per_run) for i in range(3))
            print(f"| {kind} | {e} | {p50:.3f} | {p95:.3f} | {qps:.0f} |")
    print("\n| engine | whole batch, wall clock (process start to exit) | queries/s |")
    print("|---|---:|---:|")
    for e in engines:
        wall = statistics.median(walls[e])
        print(f"| {e} | {wall:.2f} s | {nq / wall:.0f} |")
    base = data[engines[0]][0]
    for e in engines[1:]:
        other = data[e][0]
        same = sum(1 for q, (_, t) in base.items() if q in other and other[q][1] == t)
        print(f"\ntotals equal to {engines[0]}'s: {e} {same}/{len(base)} queries", end="")
    print()
    if "fts5" in engines:
        relaxed_split(data, engines)


def relaxed_split(data, engines):
    """Two-word queries split by whether folio relaxed them: fewer than 10 documents hold both words
    (FTS5's count, which is of documents holding all words), so folio ranks documents holding either."""
    strict_total = data["fts5"][0]
    relaxed = {q for q, (_, t) in strict_total.items() if q.startswith("and2-") and t < 10}
    print("\n| and2 queries | engine | queries | p50 ms | p95 ms |")
    print("|---|---|---:|---:|---:|")
    for label, keep in (("both words in 10+ documents", lambda q: q not in relaxed),
                        ("both words in fewer than 10 (relaxed by folio)", lambda q: q in relaxed)):
        for e in engines:
            per_run = []
            for d in data[e]:
                ms = [m for q, (m, _) in d.items() if q.startswith("and2-") and keep(q)]
                if ms:
                    per_run.append((len(ms), percentile(ms, 50), percentile(ms, 95)))
            if per_run:
                n = per_run[0][0]
                p50, p95 = (statistics.median(x[i] for x in per_run) for i in (1, 2))
                print(f"| {label} | {e} | {n} | {p50:.3f} | {p95:.3f} |")


if __name__ == "__main__":
    main()
