#!/usr/bin/env python3
"""End-to-end tests of folio-search --serve against the real server on loopback (run by http.sh).

Usage: http_check.py WORKDIR   (with FOLIO_INDEX, FOLIO_SEARCH and FOLIO_SHARED in the environment)

Indexes part of Reuters-21578 plus a few hostile records, starts servers on free ports (port 0, the
address read from the server's first line), and checks status codes, the JSON schema, escaping, limits,
malformed requests, methods, HEAD, CORS, the base path, the request log, a clean stop, and requests
running while folio-index updates the index in place and while a rebuilt index is swapped in.
Prints one line per failure and ends with "N passed, M failed".
"""
import concurrent.futures
import http.client
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

INDEX = os.environ["FOLIO_INDEX"]
SEARCH = os.environ["FOLIO_SEARCH"]
REUTERS = os.path.join(os.environ["FOLIO_SHARED"], "corpora", "reuters21578.jsonl")
WORK = sys.argv[1]
REUTERS_RECORDS = 3000  # enough for paging, facets and spelling; quick to index

XSS_TITLE = '<script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> "><svg onload="window.__xss=1"> Cocoa'
XSS_BODY = ('Cocoa beans <script>window.__xss=1</script> and <img src=x onerror="window.__xss=1"> '
            'then "><svg onload="window.__xss=1"> & more cocoa.')
HOSTILE = [
    {"id": "xss", "title": XSS_TITLE, "body": XSS_BODY, "date": "2001-02-03",
     "url": "javascript:window.__xss=1", "topics": ["<b>tag</b>"]},
    {"id": "linked", "title": "Linked cocoa story", "body": "cocoa with a link",
     "url": "https://example.org/cocoa?a=1&b=2"},
]

passed = 0
failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}" + (f": {detail}" if detail else ""), flush=True)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


class Server:
    """folio-search --serve on a free port (loopback unless `host` says otherwise); its stderr goes to a
    file. With `tls_ca` (the certificate to trust), requests go over HTTPS."""

    def __init__(self, db, *options, host="127.0.0.1", tls_ca=None):
        self.log_path = os.path.join(WORK, f"server-{time.monotonic_ns()}.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([SEARCH, "-d", db, "--serve", "--host", host, "--port", "0", *options],
                                     stderr=self.log, stdin=subprocess.DEVNULL)
        self.tls_ca = tls_ca
        deadline = time.monotonic() + 20
        self.port = None
        while time.monotonic() < deadline and self.port is None:
            m = re.search(r"serving .* at https?://[^ ]*:(\d+)/", self.read_log())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.02)
        if self.port is None:
            raise RuntimeError("the server did not start: " + self.read_log())

    def read_log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def connection(self, timeout=30):
        if self.tls_ca:
            ctx = ssl.create_default_context(cafile=self.tls_ca)
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, headers=None, body=None, conn=None):
        """(status, headers as a lower-cased dict, body bytes); on `conn` if given, else a new connection."""
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            if own:
                conn.close()

    def get_json(self, path):
        status, headers, body = self.request("GET", path)
        return status, headers, json.loads(body.decode("utf-8"))

    def raw(self, data, timeout=3):
        """Sends raw bytes; returns what came back until the server closed or went quiet (b"": refused)."""
        chunks = []
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            try:
                s.sendall(data)
                while chunk := s.recv(65536):
                    chunks.append(chunk)
            except (ConnectionResetError, BrokenPipeError, socket.timeout):
                pass
        return b"".join(chunks)

    def stop(self):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.log.close()
        return code

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()


def status_of(raw_response):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw_response)
    return int(m.group(1)) if m else None


def make_index(db, records):
    src = db + ".jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
    r = run(INDEX, "-q", "-d", db, src)
    if r.returncode != 0:
        raise RuntimeError(f"folio-index {db}: {r.returncode} {r.stderr}")


def reuters_records(n):
    out = []
    with open(REUTERS, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) == n:
                break
    return out


# ---- The checks ---------------------------------------------------------------------------------------

SCHEMA = {"version": int, "query": str, "parsed": str, "total": int, "total_exact": bool, "offset": int,
          "limit": int, "took_ms": (int, float), "expansion_capped": bool, "hits": list}
HIT_SCHEMA = {"rank": int, "id": str, "score": (int, float), "title": str, "snippet": str, "snippet_html": str,
              "highlights": list}


def is_type(v, t):
    return isinstance(v, t) and not (t is int and isinstance(v, bool))


def check_schema(what, o):
    for k, t in SCHEMA.items():
        check(f"{what}: member {k}", k in o and is_type(o[k], t), repr(o.get(k)))
    check(f"{what}: suggestion", "suggestion" in o and (o["suggestion"] is None or isinstance(o["suggestion"], str)))
    for h in o.get("hits", []):
        for k, t in HIT_SCHEMA.items():
            check(f"{what}: hit member {k}", k in h and is_type(h[k], t), repr(h.get(k)))
        check(f"{what}: hit date/url", all(k in h and (h[k] is None or isinstance(h[k], str)) for k in ("date", "url")))


def check_api(srv):
    status, headers, o = srv.get_json("/api/search?q=grain&limit=5")
    check("search 200", status == 200, status)
    check("JSON content type", headers.get("content-type") == "application/json; charset=utf-8", headers)
    check("nosniff", headers.get("x-content-type-options") == "nosniff")
    check("API CSP with frame-ancestors", "frame-ancestors 'none'" in headers.get("content-security-policy", ""))
    check("no CORS header without --cors", "access-control-allow-origin" not in headers)
    check_schema("grain", o)
    check("grain matches", o["total"] > 5 and len(o["hits"]) == 5 and o["limit"] == 5, o["total"])
    check("the same object as --format json", set(o) == set(json.loads(run(
        SEARCH, "-d", srv.db, "--lenient", "--format", "json", "-n", "5", "grain").stdout)))
    check("highlight in snippet_html", "<mark>" in o["hits"][0]["snippet_html"])

    status, _, p2 = srv.get_json("/api/search?q=grain&limit=5&page=2")
    check("page 2", status == 200 and p2["offset"] == 5 and p2["hits"][0]["rank"] == 6, p2.get("offset"))
    check("same total on page 2", p2["total"] == o["total"])

    status, _, f = srv.get_json("/api/search?q=grain&facet=topics&facet=places&limit=0")
    check("facets", status == 200 and "topics" in f.get("facets", {}) and "places" in f["facets"], f.get("facets"))
    check("no hits with limit=0", f.get("hits") == [])
    status, _, nf = srv.get_json("/api/search?q=grain")
    check("no facets unless asked", "facets" not in nf)

    status, _, d = srv.get_json("/api/search?q=grain&sort=-date&limit=10")
    dates = [h["date"] for h in d["hits"]]
    check("sort=-date", status == 200 and dates == sorted(dates, reverse=True), dates)

    for q, what in [("", "empty"), ("%20%20", "blank")]:
        status, _, e = srv.get_json(f"/api/search?q={q}")
        check(f"{what} query: empty result", status == 200 and e["total"] == 0 and e["hits"] == [], e)
    status, _, e = srv.get_json("/api/search")
    check("no q at all: empty result", status == 200 and e["hits"] == [] and e["query"] == "")

    hostile = [urllib.parse.quote(q) for q in ['(((("', '"unbalanced', "AND OR NOT", "-grain", "title:", "date:bogus",
                                               "a NEAR/x b", "*", ")", "NOT", '"', "topics:", "a" * 64 + "*"]]
    for q in hostile + ["%FF%FE", "grain%09wheat%0A", "%E2%80%8B", "+"]:
        status, headers, body = srv.request("GET", "/api/search?q=" + q)
        ok = status == 200
        try:
            parsed = json.loads(body.decode("utf-8"))
            ok = ok and "hits" in parsed
        except ValueError:
            ok = False
        check(f"lenient query {q!r}: 200 with results", ok, f"{status} {body[:200]!r}")

    status, _, s = srv.get_json("/api/search?q=grian")
    check("typo tolerance: grian is searched as grain", status == 200 and s.get("corrected_query") == "grain"
          and s.get("suggestion") is None and s.get("total", 0) > 0, (s.get("corrected_query"), s.get("total")))
    status, _, s = srv.get_json("/api/search?q=grian&typo=false")
    check("typo=false: no correction, and did-you-mean", status == 200 and s.get("corrected_query") is None
          and s.get("suggestion") == "grain" and s.get("total") == 0, (s.get("corrected_query"), s.get("suggestion")))
    status, _, s = srv.get_json("/api/search?q=grian&typo=maybe")
    check("typo=maybe: 400", status == 400 and "typo must be true or false" in s["error"]["message"], status)

    status, _, sg = srv.get_json("/api/suggest?q=cocoa+gra")
    check("suggest shape", status == 200 and sg.get("query") == "cocoa gra" and isinstance(sg.get("suggestions"), list))
    check("suggestions complete the last word", sg["suggestions"] and all(
        x.startswith("cocoa gra") for x in sg["suggestions"]), sg["suggestions"])
    check("most frequent first", sg["suggestions"][:1] == ["cocoa grain"], sg["suggestions"])
    status, _, sg = srv.get_json("/api/suggest?q=grain+")
    check("no completion after a space", status == 200 and sg["suggestions"] == [], sg)

    status, _, hz = srv.get_json("/healthz")
    check("healthz", status == 200 and hz.get("status") == "ok" and hz.get("documents") == REUTERS_RECORDS + len(HOSTILE)
          and isinstance(hz.get("updated"), str), hz)

    # HTTP/1.1 keep-alive: several requests on one connection, none answered with "Connection: close".
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        answers = []
        for path in ("/api/search?q=grain", "/healthz", "/api/suggest?q=gra"):
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            answers.append((resp.status, resp.getheader("Connection"), conn.sock))
        check("keep-alive: one connection serves several requests",
              all(st == 200 and (c or "").lower() != "close" for st, c, _ in answers) and
              answers[0][2] is not None and all(sock is answers[0][2] for _, _, sock in answers), answers)
    finally:
        conn.close()


def check_escaping(srv):
    status, _, body = srv.request("GET", "/api/search?q=cocoa+beans+script&limit=50")
    text = body.decode("utf-8")
    o = json.loads(text)
    xss = [h for h in o["hits"] if h["id"] == "xss"]
    check("the XSS document is found", len(xss) == 1, [h["id"] for h in o["hits"]])
    if xss:
        h = xss[0]
        check("title comes back as the stored text", h["title"] == XSS_TITLE)
        html = h["snippet_html"]
        for bad in ("<script", "<img", "<svg", '">'):
            check(f"snippet_html has no raw {bad}", bad not in html, html)
        check("snippet_html escapes", "&lt;img src=x onerror=&quot;" in html and "&quot;&gt;&lt;svg" in html, html)
        check("snippet_html only marks", set(re.findall(r"</?([a-z]+)", html)) <= {"mark"}, html)
    status, _, body = srv.request("GET", "/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    check("a query with markup is echoed as JSON text", status == 200 and
          json.loads(body)["query"] == "<script>alert(1)</script>")


def check_limits(srv):
    cases = [
        ("/api/search?q=" + "a" * 2049, "query too long"),
        ("/api/search?q=grain&limit=51", "limit too big"),
        ("/api/search?q=grain&limit=-1", "negative limit"),
        ("/api/search?q=grain&page=0", "page 0"),
        ("/api/search?q=grain&page=101", "page too deep"),
        ("/api/search?q=grain&page=abc", "page not a number"),
        ("/api/search?q=grain&page=99999999999999999999", "page overflow"),
        ("/api/search?q=grain&sort=bogus", "bad sort"),
        ("/api/search?q=grain" + "&facet=topics" * 5, "too many facets"),
        ("/api/search?" + "&".join(f"x{i}=1" for i in range(40)), "too many parameters"),
        ("/api/suggest?q=" + "a" * 3000, "suggest query too long"),
    ]
    for path, what in cases:
        status, headers, body = srv.request("GET", path)
        ok = status == 400 and headers.get("content-type", "").startswith("application/json")
        try:
            err = json.loads(body)["error"]
            ok = ok and isinstance(err["message"], str) and err["column"] is None
        except (ValueError, KeyError, TypeError):
            ok = False
        check(f"{what}: 400 with a JSON error", ok, f"{status} {body[:200]!r}")
    status, _, _ = srv.request("GET", "/api/search?q=" + "a" * 2048)
    check("a query of exactly the limit is fine", status == 200, status)

    # Malformed percent-encoding, in the query string and in the path.
    for path in ["/api/search?q=%zz", "/api/search?q=%4", "/api/search?q=abc%", "/api/search?q=a%00b",
                 "/api/search?q%G1=1", "/api/%ZZsearch?q=a", "/%"]:
        status, _, body = srv.request("GET", path)
        check(f"malformed {path}: 400", status == 400 and b'"error"' in body, f"{status} {body[:120]!r}")

    # A request line far over the connection's memory: refused by the server, never served.
    reply = srv.raw(b"GET /api/search?q=" + b"a" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check("huge request line refused", reply == b"" or (status_of(reply) or 0) in range(400, 500), reply[:80])
    reply = srv.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"b" * 100000 + b"\r\n\r\n")
    check("huge headers refused", reply == b"" or (status_of(reply) or 0) in range(400, 500), reply[:80])
    # A body on a GET.
    status, _, body = srv.request("GET", "/api/search?q=grain", headers={"Content-Length": "5"}, body=b"hello")
    check("GET with a body: 413", status == 413, status)
    # Garbage instead of HTTP.
    reply = srv.raw(b"\x00\x01\x02 garbage\r\n\r\n")
    check("garbage refused", reply == b"" or (status_of(reply) or 0) in range(400, 500), reply[:80])
    reply = srv.raw(b"GET http://evil.example/api/search?q=a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check("absolute-form target: 4xx", (status_of(reply) or 0) in range(400, 500), reply[:80])

    # More connections from one address than allowed: the extra ones are refused; service goes on.
    socks, refused = [], 0
    for _ in range(90):
        try:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            socks.append(s)
        except OSError:
            refused += 1
    # The server takes connections off the listen queue one at a time per thread: give it a moment to
    # decide on all of them, and keep the accepted ones open (keep-alive), so that no slot frees up
    # while the others are counted.
    time.sleep(0.5)
    for s in socks:  # a refused connection is closed by the server right after accept
        s.settimeout(0.5)
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            if s.recv(100) == b"":
                refused += 1
        except OSError:
            refused += 1
        except socket.timeout:
            pass
    for s in socks:
        s.close()
    check("connections over the per-address limit are refused", refused >= 90 - 64, refused)
    time.sleep(0.5)
    status, _, _ = srv.request("GET", "/healthz")
    check("still serving after the connection flood", status == 200, status)


def check_methods(srv):
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]:
        status, headers, body = srv.request(method, "/api/search?q=grain")
        check(f"{method}: 405", status == 405 and headers.get("allow") == "GET, HEAD", f"{status} {headers.get('allow')}")
    g_status, g_headers, g_body = srv.request("GET", "/api/search?q=grain")
    h_status, h_headers, h_body = srv.request("HEAD", "/api/search?q=grain")
    check("HEAD: 200, no body", h_status == 200 and h_body == b"", f"{h_status} {h_body[:50]!r}")
    check("HEAD: same type", h_headers.get("content-type") == g_headers.get("content-type"))
    status, _, _ = srv.request("HEAD", "/")
    check("HEAD /", status == 200)


def check_page(srv, prefix=""):
    status, headers, body = srv.request("GET", prefix + "/")
    check("page 200", status == 200, status)
    check("page is HTML", headers.get("content-type") == "text/html; charset=utf-8", headers.get("content-type"))
    csp = headers.get("content-security-policy", "")
    check("page CSP: no inline script", "script-src 'self'" in csp and "unsafe-inline" not in csp, csp)
    check("page CSP: frame-ancestors", "frame-ancestors 'none'" in csp, csp)
    check("page nosniff", headers.get("x-content-type-options") == "nosniff")
    check("page loads app.js and app.css", b'src="app.js"' in body and b'href="app.css"' in body)
    check("no inline script in the page", not re.search(rb"<script(?![^>]*\bsrc=)", body))
    for asset, ctype in [("app.js", "text/javascript; charset=utf-8"), ("app.css", "text/css; charset=utf-8")]:
        status, headers, body = srv.request("GET", f"{prefix}/{asset}")
        check(f"{asset} served", status == 200 and headers.get("content-type") == ctype and len(body) > 100,
              f"{status} {headers.get('content-type')}")
    status, headers, body = srv.request("GET", prefix + "/nothing-here")
    check("unknown path: 404 JSON", status == 404 and headers.get("content-type", "").startswith("application/json"))
    status, _, _ = srv.request("GET", prefix + "/web/index.html")
    check("no files from disk", status == 404)


def check_log(srv):
    log = srv.read_log()
    check("a log line per request", re.search(r"^GET /api/search 200 \d+\.\dms$", log, re.M) is not None, log[-300:])
    check("log lines for errors", re.search(r"^POST /api/search 405 ", log, re.M) is not None)
    check("log never shows the query string", "q=grain" not in log)


def check_base_path_and_cors(db):
    srv = Server(db, "--base-path", "/search/", "--cors", "https://example.org", "--quiet")
    srv.db = db
    try:
        check_page(srv, "/search")
        status, headers, _ = srv.request("GET", "/search?q=grain")
        check("base path without slash: redirect", status == 308 and headers.get("location") == "/search/?q=grain",
              f"{status} {headers.get('location')}")
        status, headers, o = srv.get_json("/search/api/search?q=grain")
        check("API under the base path", status == 200 and o["total"] > 0)
        check("CORS origin", headers.get("access-control-allow-origin") == "https://example.org", headers)
        check("CORS vary", headers.get("vary") == "Origin")
        status, headers, _ = srv.request("GET", "/search/healthz")
        check("CORS on healthz", headers.get("access-control-allow-origin") == "https://example.org")
        status, headers, _ = srv.request("GET", "/search/")
        check("no CORS on the page", "access-control-allow-origin" not in headers)
        for path in ["/", "/api/search?q=grain", "/searchx/", "/healthz"]:
            status, _, _ = srv.request("GET", path)
            check(f"outside the base path {path}: 404", status == 404, status)
        srv.request("GET", "/search/api/search?q=grain")
    finally:
        code = srv.stop()
    check("stops cleanly on SIGTERM", code == 0, code)
    log = srv.read_log()
    check("--quiet: no request lines", "GET " not in log, log[-300:])
    check("says it stopped", "stopped" in log)


def hammer(srv, paths, stop, results, workers=6):
    """Sends the paths round-robin from `workers` threads until `stop` is set; records failures."""
    def worker(k):
        i = k
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += workers
            try:
                status, _, body = srv.request("GET", path)
                o = json.loads(body)
                if status != 200 or not ({"hits", "status", "suggestions"} & set(o)):
                    results["fail"].append(f"{path}: {status} {body[:200]!r}")
            except Exception as e:  # noqa: BLE001 - any failure counts
                results["fail"].append(f"{path}: {e!r}")
            results["count"] += 1
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for k in range(workers):
            pool.submit(worker, k)


def check_index_updates(base_records):
    """Requests never fail while folio-index commits into the served index, and while a rebuilt index is
    swapped in atomically (a symlink and a stub file switched by rename)."""
    live = os.path.join(WORK, "live.db")
    make_index(live, base_records)
    updates = os.path.join(WORK, "updates")
    os.makedirs(updates, exist_ok=True)
    srv = Server(live, "--quiet")
    paths = ["/api/search?q=grain", "/api/search?q=cocoa&page=2", "/api/search?q=oil+prices&facet=topics",
             "/api/suggest?q=whe", "/healthz", "/api/search?q=update+marker"]
    stop, results = threading.Event(), {"fail": [], "count": 0}
    t = threading.Thread(target=hammer, args=(srv, paths, stop, results))
    t.start()
    rounds = 0
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        rounds += 1
        with open(os.path.join(updates, "u.jsonl"), "w") as f:
            for i in range(50):
                f.write(json.dumps({"id": f"u{i}", "title": f"update marker {rounds}",
                                    "body": f"grain cocoa update marker round {rounds} " * 5}) + "\n")
        r = run(INDEX, "-q", "-d", live, os.path.join(updates, "u.jsonl"))
        if r.returncode != 0:
            results["fail"].append(f"folio-index: {r.stderr}")
    stop.set()
    t.join()
    check("folio-index ran repeatedly", rounds >= 3, rounds)
    check(f"no request failed during {rounds} incremental updates ({results['count']} requests)",
          not results["fail"] and results["count"] > 50, results["fail"][:3])
    status, _, hz = srv.get_json("/healthz")
    check("updates are visible without a restart", hz.get("documents") == len(base_records) + 50, hz)
    status, _, o = srv.get_json("/api/search?q=update+marker&limit=1")
    check("the latest update is searched", o["hits"] and o["hits"][0]["title"] == f"update marker {rounds}",
          o["hits"][:1])
    srv.stop()

    for kind in ("symlink", "stub"):
        check_swaps(kind, base_records)


def check_swaps(kind, base_records):
    path = os.path.join(WORK, f"swap-{kind}")
    versions = [os.path.join(WORK, f"swap-{kind}-{v}.db") for v in ("a", "b")]
    sizes = [len(base_records), len(base_records) // 2]

    def point_to(target):
        tmp = path + ".tmp"
        if kind == "symlink":
            os.symlink(target, tmp)
        else:
            with open(tmp, "w") as f:
                f.write(f"auto {target}\n")
        os.replace(tmp, path)  # atomic

    make_index(versions[0], base_records)
    point_to(versions[0])
    srv = Server(path, "--quiet")
    paths = ["/api/search?q=grain", "/api/search?q=oil&page=3", "/healthz", "/api/suggest?q=coc"]
    stop, results = threading.Event(), {"fail": [], "count": 0}
    t = threading.Thread(target=hammer, args=(srv, paths, stop, results))
    t.start()
    swaps = 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline or swaps < 2:
        nxt = (swaps + 1) % 2
        # A full rebuild: a fresh index beside the served one, then switched in at once.
        subprocess.run(["rm", "-rf", versions[nxt]], check=True)
        make_index(versions[nxt], base_records[:sizes[nxt]])
        point_to(versions[nxt])
        swaps += 1
    stop.set()
    t.join()
    check(f"{kind} swap: no request failed during {swaps} rebuilds ({results['count']} requests)",
          not results["fail"] and results["count"] > 50, results["fail"][:3])
    status, _, hz = srv.get_json("/healthz")
    check(f"{kind} swap: the new index is served", hz.get("documents") == sizes[swaps % 2], hz)
    srv.stop()


def main():
    base = reuters_records(REUTERS_RECORDS)
    db = os.path.join(WORK, "http.db")
    make_index(db, base + HOSTILE)
    srv = Server(db)
    srv.db = db
    try:
        check_api(srv)
        check_escaping(srv)
        check_limits(srv)
        check_methods(srv)
        check_page(srv)
    finally:
        code = srv.stop()
    check("default server stops cleanly", code == 0, code)
    check_log(srv)
    check_base_path_and_cors(db)
    check_index_updates(base[:1500])
    r = run(SEARCH, "-d", db, "--serve", "--port", "99999")
    check("bad --port refused", r.returncode == 2 and "--port" in r.stderr, r.stderr)
    r = run(SEARCH, "-d", db, "--port", "80", "grain")
    check("--port without --serve refused", r.returncode == 2, r.stderr)
    r = run(SEARCH, "-d", os.path.join(WORK, "missing.db"), "--serve", "--port", "0")
    check("--serve on a missing database fails at once", r.returncode == 2, r.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
