#!/usr/bin/env python3
"""report.py RESULTS.tsv — the Markdown tables of bench/indexing/run.sh (medians over runs).

RESULTS.tsv lines: corpus, engine, run, documents, input bytes, wall seconds, peak RSS KB, user seconds,
system seconds[, index bytes]. CPU seconds are user plus system: on a shared machine they move less than
wall-clock time.
"""
import statistics
import sys
from collections import OrderedDict


def main(path):
    groups = OrderedDict()
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        groups.setdefault((f[0], f[1]), []).append(f)

    print("| corpus | engine | docs | MB | runs | time s | CPU s | docs/s | MB/s | peak RSS MB | index MB | "
          "time vs FTS5 | index vs FTS5 | docs/s vs scriptindex |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    med = {}
    for (corpus, engine), rows in groups.items():
        if corpus == "churn":
            continue
        docs, mb = int(rows[0][3]), int(rows[0][4]) / 1e6
        wall = statistics.median(float(r[5]) for r in rows)
        rss = statistics.median(int(r[6]) for r in rows) / 1024
        cpu = statistics.median(float(r[7]) + float(r[8]) for r in rows)
        size = statistics.median(int(r[9]) for r in rows) / 1e6
        med[(corpus, engine)] = (docs, mb, wall, rss, size, cpu)
    for (corpus, engine), (docs, mb, wall, rss, size, cpu) in med.items():
        fts = med.get((corpus, "fts5"))
        si = med.get((corpus, "scriptindex"))
        vs_fts = "%.1fx" % (wall / fts[2]) if fts else "-"
        size_fts = "%.2fx" % (size / fts[4]) if fts else "-"
        vs_si = "%.2fx" % (si[2] / wall) if si else "-"
        print("| %s | %s | %d | %.1f | %d | %.2f | %.1f | %.0f | %.2f | %.0f | %.1f | %s | %s | %s |" % (
            corpus, engine, docs, mb, len(groups[(corpus, engine)]), wall, cpu, docs / wall, mb / wall, rss, size,
            vs_fts, size_fts, vs_si))

    folio = sorted(((docs, docs / wall) for (c, e), (docs, mb, wall, rss, size, cpu) in med.items()
                    if e == "folio" and c.startswith("gen")))
    if len(folio) >= 2:
        print("\nfolio throughput at %d documents is %.0f%% of that at %d." % (
            folio[-1][0], 100 * folio[-1][1] / folio[0][1], folio[0][0]))

    churn = [(e, rows) for (c, e), rows in groups.items() if c == "churn"]
    if churn:
        print("\n| directory corpus (folio) | files | runs | time s | CPU s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|---:|")
        full = None
        for engine, rows in churn:
            wall = statistics.median(float(r[5]) for r in rows)
            rss = statistics.median(int(r[6]) for r in rows) / 1024
            cpu = statistics.median(float(r[7]) + float(r[8]) for r in rows)
            full = wall if engine == "full build" else full
            share = " (%.1f%% of the full build)" % (100 * wall / full) if full and engine != "full build" else ""
            print("| %s | %s | %d | %.2f%s | %.2f | %.0f |" % (engine, rows[0][3], len(rows), wall, share, cpu, rss))


if __name__ == "__main__":
    main(sys.argv[1])
