#!/usr/bin/env python3
"""folio-search --serve --query-log FILE and folio-search --report FILE, on loopback (run by query_log.sh).

Usage: query_log.py WORKDIR (with FOLIO_INDEX and FOLIO_SEARCH in the environment).
Every wait is bounded; prints one line per failure and ends with "N passed, M failed".
"""
import concurrent.futures
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_check as hc  # noqa: E402  (its Server, check and index helpers)

LINE_MAX = 8192  # search/query_log.h QUERY_LOG_LINE_MAX
KEYS = ["time", "query", "page", "total", "corrected_query", "ms"]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def search(srv, q, page=None):
    path = "/api/search?q=" + urllib.parse.quote(q) + (f"&page={page}" if page else "")
    status, _, body = srv.request("GET", path)
    return status, body


def read_lines(path):
    with open(path, "rb") as f:
        return f.read().split(b"\n")[:-1]


def check_log_lines(db, log):
    srv = hc.Server(db, "--quiet", "--query-log", log)
    try:
        searches = [("grain", None), ("Grain  ", None), ("grain", 2), ("cocoa", None), ("zzzqx", None),
                    ("zzzqx", None), ("grain", None)]
        for q, page in searches:
            status, _ = search(srv, q, page)
            hc.check(f"search {q!r}: 200", status == 200, status)
        search(srv, "")  # an empty query is no search: not logged
        srv.request("GET", "/healthz")  # nor other requests
        status, _ = search(srv, "x" * 3000)  # refused (400): not logged
        hc.check("an over-long query is refused", status == 400, status)
    finally:
        hc.check("the server stops cleanly", srv.stop() == 0)
    lines = [json.loads(line) for line in read_lines(log)]
    hc.check("one line per search", len(lines) == len(searches), len(lines))
    hc.check("the members of a line, in order", all(list(o) == KEYS for o in lines), lines[:1])
    hc.check("times are UTC with milliseconds", all(TIME.match(o["time"]) for o in lines), lines[:1])
    hc.check("queries as typed", [o["query"] for o in lines] == [q for q, _ in searches],
             [o["query"] for o in lines])
    hc.check("pages", [o["page"] for o in lines] == [1, 1, 2, 1, 1, 1, 1], [o["page"] for o in lines])
    totals = [o["total"] for o in lines]
    hc.check("totals: grain 12, cocoa 8, zzzqx 0", totals == [12, 12, 12, 8, 0, 0, 12], totals)
    hc.check("no correction: corrected_query null", all(o["corrected_query"] is None for o in lines))
    hc.check("times taken", all(isinstance(o["ms"], (int, float)) and 0 <= o["ms"] < 10000 for o in lines))
    hc.check("no address without --log-addresses", all("address" not in o for o in lines))


def check_corrected(db, log):
    # A typo searched as its correction: the line says both; typo=false searches it as typed.
    srv = hc.Server(db, "--quiet", "--query-log", log)
    try:
        search(srv, "graim")
        srv.request("GET", "/api/search?q=graim&typo=false")
    finally:
        hc.check("the server stops cleanly", srv.stop() == 0)
    lines = [json.loads(line) for line in read_lines(log)]
    got = [(o["query"], o["total"], o["corrected_query"]) for o in lines]
    hc.check("graim logged as searched for grain (12), then as typed (0)",
             got == [("graim", 12, "grain"), ("graim", 0, None)], got)


def check_concurrent(db, log):
    # Many threads at once, with long queries: every line whole, none lost, none interleaved.
    srv = hc.Server(db, "--quiet", "--query-log", log, "--log-addresses")
    queries = [f"grain {i} " + "w" * 1500 for i in range(200)] + ['quote " and \\ and \u00e9\u4e2d'] * 4
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda q: search(srv, q)[0], queries))
        hc.check("concurrent searches: all 200", statuses.count(200) == len(queries), statuses.count(200))
    finally:
        hc.check("the server stops cleanly", srv.stop() == 0)
    lines = read_lines(log)
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            pass
    hc.check("concurrent searches: a whole line each", len(parsed) == len(lines) == len(queries),
             f"{len(parsed)} parsed of {len(lines)} lines, {len(queries)} searches")
    hc.check("... every query once", sorted(o["query"] for o in parsed) == sorted(queries))
    hc.check("... lines bounded", all(len(line) < LINE_MAX for line in lines), max(map(len, lines)))
    hc.check("--log-addresses: the client's address", all(o.get("address") == "127.0.0.1" for o in parsed),
             parsed[:1])


def check_write_failure(db):
    # /dev/full takes the open but no write: searches go on, the failure is said once.
    srv = hc.Server(db, "--quiet", "--query-log", "/dev/full")
    try:
        statuses = [search(srv, q)[0] for q in ("grain", "cocoa", "grain")]
        hc.check("a log that cannot be written stops no search", statuses == [200, 200, 200], statuses)
    finally:
        hc.check("the server stops cleanly", srv.stop() == 0)
    said = srv.read_log().count("--query-log /dev/full: No space left on device")
    hc.check("the write failure is said once", said == 1, srv.read_log())
    r = hc.run(hc.SEARCH, "-d", db, "--serve", "--port", "0", "--query-log", os.path.join(hc.WORK, "no/such/dir/log"))
    hc.check("a log that cannot be opened: exit 2 before serving", r.returncode == 2 and "serving" not in r.stderr,
             r.stderr)
    r = hc.run(hc.SEARCH, "-d", db, "--serve", "--log-addresses")
    hc.check("--log-addresses alone is refused", r.returncode == 2 and "--query-log" in r.stderr, r.stderr)


def check_report(log):
    with open(log, "ab") as f:  # what a log may also hold: torn, foreign, hostile and huge lines
        f.write(b'{"time":"x","query":"grain","total":3\n')                  # torn
        f.write(b"GET /api/search 200 1.0ms\n")                              # not JSON
        f.write(b'{"query":"\xff\xfe","total":0,"ms":1}\n')                  # not UTF-8
        f.write(b'{"query":"grain","total":-1,"ms":1}\n')                    # negative
        f.write(b'{"query":"grain","query":"cocoa","total":1,"ms":1}\n')     # a member twice
        f.write(b'{"query":"' + b"a" * (LINE_MAX + 10) + b'","total":0,"ms":1}\n')  # too long
        f.write(b'\n')                                                       # blank: not counted
        f.write(b'{"query":"evil\\u001b[2J","total":0,"ms":99999.5,"future":[1]}\n')  # an array: skipped
        f.write(b'{"query":"evil\\u001b[2J","total":0,"ms":99999.5,"future":"x"}\n')  # unknown member: fine
    r = hc.run(hc.SEARCH, "--report", log, "-n", "3")
    hc.check("--report: exit 0", r.returncode == 0, r.stderr)
    expected = (f"Query log {log}\n"
                "8 searches of 4 distinct queries; 7 lines skipped (not query log lines)\n"
                "\n"
                "Most frequent queries (first pages):\n"
                "  searches  query\n"
                "         3  grain\n"
                "         2  zzzqx\n"
                "         1  cocoa\n"
                "\n"
                "Most frequent queries with no results:\n"
                "  searches  query\n"
                "         2  zzzqx\n"
                "         1  evil\ufffd[2j\n"
                "\n"
                "Slowest queries (the slowest search of each):\n"
                "          ms  searches  query\n")
    hc.check("--report: the tables", r.stdout.startswith(expected), r.stdout)
    slow = r.stdout[len(expected):].splitlines()
    hc.check("--report: the slowest first, 3 rows", len(slow) == 3 and slow[0] == "    99999.50         1  evil\ufffd[2j",
             slow)
    hc.check("--report: grain searched 4 times (page 2 too)", any(re.match(r" +[0-9.]+ +4  grain$", s) for s in slow),
             slow)
    r = hc.run(hc.SEARCH, "--report", os.path.join(hc.WORK, "missing.log"))
    hc.check("--report of a missing file: exit 2 with the reason", r.returncode == 2 and "No such file" in r.stderr,
             r.stderr)
    empty = os.path.join(hc.WORK, "empty.log")
    open(empty, "w").close()
    r = hc.run(hc.SEARCH, "--report", empty)
    hc.check("--report of an empty log", r.returncode == 0 and r.stdout.count("  (none)") == 3, r.stdout)


def main():
    db = os.path.join(hc.WORK, "querylog.db")
    records = [{"id": f"g{i}", "title": f"Grain report {i}", "body": "grain harvest"} for i in range(12)]
    records += [{"id": f"c{i}", "title": f"Cocoa report {i}", "body": "cocoa beans"} for i in range(8)]
    hc.make_index(db, records)
    log = os.path.join(hc.WORK, "queries.log")
    check_log_lines(db, log)
    check_corrected(db, os.path.join(hc.WORK, "corrected.log"))
    check_concurrent(db, os.path.join(hc.WORK, "concurrent.log"))
    check_write_failure(db)
    check_report(log)
    print(f"{hc.passed} passed, {hc.failed} failed")
    return 1 if hc.failed else 0


if __name__ == "__main__":
    sys.exit(main())
