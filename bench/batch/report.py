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


if __name__ == "__main__":
    main()
