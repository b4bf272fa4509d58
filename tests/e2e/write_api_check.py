#!/usr/bin/env python3
"""End-to-end tests of folio-search --serve --write-keys (the write API of #17), run by write_api.sh.

Usage: write_api_check.py WORKDIR CORPUS  (FOLIO_INDEX and FOLIO_SEARCH in the environment)

Against the real server on loopback: the auth matrix (no key, wrong key, a hashed key, a plain key of
odd bytes, the throttle on repeated failures), every endpoint and its errors, a request that is all or
nothing, hostile bodies (invalid JSON and UTF-8, deep nesting, a 1 MB id, a body that stops halfway, a
slow body), /healthz with and without a key, 8 clients pushing while 8 search, folio-index run during
pushes, kill -9 of the server while clients push (every acknowledged record is there afterwards,
xapian-check passes, the server starts again), a sharded index, HTTPS with a certificate made here, and
the refusal to take writes on a public address without TLS. Every loop is bounded by a count or a
deadline. Prints one line per failure and ends with "N passed, M failed".
"""
import concurrent.futures
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from http_check import Server  # noqa: E402  (folio-search --serve on a free port)

INDEX = os.environ["FOLIO_INDEX"]
SEARCH = os.environ["FOLIO_SEARCH"]
WORK = sys.argv[1]
CORPUS = sys.argv[2]
BASE_RECORDS = 300
KILL_TRIALS = int(os.environ.get("WRITE_KILL_TRIALS", "20"))

HASHED_KEY = None  # made by --make-key below
ODD_KEY = "p\u00e4ss~!$%^&*()_+{}|:\"<>?`-=[]\\;',./\u20ac-0123".encode("utf-8")
WRONG_KEY = b"not-the-key-0123456789"

passed = 0
failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}" + (f": {str(detail)[:600]}" if detail else ""), flush=True)


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def auth(key):
    return {"Authorization": b"Bearer " + (key if isinstance(key, bytes) else key.encode())}


def push(srv, records, key=None, ctype="application/json", conn=None):
    body = records if isinstance(records, (bytes, str)) else json.dumps(records)
    headers = {"Content-Type": ctype, **auth(key or HASHED_KEY)}
    status, headers, data = srv.request("POST", "/api/documents", headers, body, conn=conn)
    try:
        answer = json.loads(data)
    except ValueError:
        answer = {"raw": data[:200]}
    return status, answer


def get_doc(srv, doc_id, key=None, conn=None):
    status, _, data = srv.request("GET", "/api/documents/" + urllib.parse.quote(doc_id, safe=""),
                                  auth(key or HASHED_KEY), conn=conn)
    return status, (json.loads(data) if data else None)


def search(srv, q, conn=None):
    status, _, data = srv.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 50}), conn=conn)
    return status, json.loads(data)


def record(doc_id, word="zebrafinch", **extra):
    return {"id": doc_id, "title": f"Live {word} {doc_id}", "body": f"A pushed {word} article, number {doc_id}.",
            **extra}


def make_db(path, n=BASE_RECORDS, *options):
    lines = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            lines.append(line)
            if len(lines) == n:
                break
    src = os.path.join(WORK, f"base-{n}.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        f.writelines(lines)
    r = run(INDEX, "-d", path, "--quiet", *options, src)
    if r.returncode != 0:
        raise RuntimeError("folio-index failed: " + r.stderr)


# ---- The auth matrix, every endpoint, errors ---------------------------------------------------------

def test_keys_and_endpoints(db, keyfile):
    srv = Server(db, "--write-keys", keyfile, "--max-body", "2")
    try:
        s, h, body = srv.request("POST", "/api/documents", {"Content-Type": "application/json"}, b'{"id":"x1"}')
        check("no key: 401", s == 401, s)
        check("no key: WWW-Authenticate", h.get("www-authenticate") == "Bearer", h)
        s, h, body = srv.request("POST", "/api/documents", {"Content-Type": "application/json",
                                                            "Authorization": "Basic dXNlcjpwYXNz"}, b'{"id":"x1"}')
        check("another scheme: 401", s == 401, s)
        s, a = push(srv, [record("x1")], key=WRONG_KEY)
        check("wrong key: 403", s == 403, (s, a))
        check("the wrong key is not echoed", WRONG_KEY.decode() not in json.dumps(a), a)
        s, a = push(srv, [record("x1")], key=HASHED_KEY[:-1])
        check("a key cut short: 403", s == 403, (s, a))
        s, a = push(srv, [record("x1")], key=HASHED_KEY + "x")
        check("a key made longer: 403", s == 403, (s, a))
        s, _, _ = srv.request("GET", "/api/documents/x1", auth(WRONG_KEY))
        check("GET with a wrong key: 403", s == 403, s)
        s, a = push(srv, [record("h1"), record("h2")])
        check("hashed key: 200", s == 200 and a.get("added") == 2, (s, a))
        s, a = push(srv, [record("o1")], key=ODD_KEY)
        check("plain key of odd bytes: 200", s == 200 and a.get("added") == 1, (s, a))
        s, a = push(srv, [record("o2")], key=b"Bearer-lookalike-but-not-a-key")
        check("a fourth wrong key still 403 (not yet throttled)", s == 403, (s, a))

        # POST: an object, an array, JSON Lines; counts and the commit.
        s, a = push(srv, record("e1", topics=["alpha", "beta"]))
        check("POST an object", s == 200 and a.get("added") == 1 and isinstance(a.get("commit"), int)
              and re.match(r"\d{4}-\d\d-\d\dT", a.get("committed") or ""), (s, a))
        s, a = push(srv, [record("e1", topics=["alpha", "beta"]), record("e2")])
        check("POST an array: unchanged and added", s == 200 and (a["added"], a["unchanged"]) == (1, 1), (s, a))
        lines = "\n".join(json.dumps(r) for r in [record("e2", word="gnu"), record("e3"), {"id": "h1", "deleted": True}])
        s, a = push(srv, lines + "\n", ctype="application/x-ndjson")
        check("POST JSON Lines: replaced, added, deleted",
              s == 200 and (a["replaced"], a["added"], a["deleted"]) == (1, 1, 1), (s, a))
        s, d = get_doc(srv, "e1")
        check("GET a pushed record", s == 200 and d == record("e1", topics=["alpha", "beta"]), (s, d))
        s, d = get_doc(srv, "h1")
        check("GET a deleted record: 404", s == 404, (s, d))
        s, r = search(srv, "zebrafinch")
        ids = {h["id"] for h in r["hits"]}
        check("the search API sees pushed records at once", {"e1", "e3", "o1", "h2"} <= ids and "h1" not in ids, ids)
        s, r = search(srv, "topics:alpha")
        check("a pushed keyword field is searchable", [h["id"] for h in r["hits"]] == ["e1"], r)
        s, _, data = srv.request("DELETE", "/api/documents/e3", auth(HASHED_KEY))
        a = json.loads(data)
        check("DELETE", s == 200 and a["deleted"] == 1, (s, a))
        s, _, data = srv.request("DELETE", "/api/documents/e3", auth(HASHED_KEY))
        check("DELETE of a missing record: unchanged", s == 200 and json.loads(data)["unchanged"] == 1, data)
        odd_id = "a b/c?d#e%f\u00e9"
        s, a = push(srv, [record(odd_id)])
        s2, d = get_doc(srv, odd_id)
        check("an id with URL characters, pushed and read back", s == 200 and s2 == 200 and d["id"] == odd_id, (s, a, d))
        s, _, data = srv.request("GET", "/api/documents/" + urllib.parse.quote(odd_id, safe=""), {})
        check("GET without a key: 401", s == 401, s)
        r = run(SEARCH, "-d", db, "--get", "e1", "--format", "json")
        check("GET answers as --get --format json", r.returncode == 0 and json.loads(r.stdout) ==
              get_doc(srv, "e1")[1], r.stdout)

        # Errors.
        s, h, _ = srv.request("PUT", "/api/documents", auth(HASHED_KEY))
        check("PUT: 405 with Allow: POST", s == 405 and h.get("allow") == "POST", (s, h))
        s, h, _ = srv.request("POST", "/api/documents/e1", auth(HASHED_KEY))
        check("POST on a document: 405 with Allow: GET, DELETE", s == 405 and h.get("allow") == "GET, DELETE", (s, h))
        s, _, _ = srv.request("DELETE", "/api/documents/", auth(HASHED_KEY))
        check("DELETE without an id: 404", s == 404, s)
        s, a = push(srv, [record("t1")], ctype="text/plain")
        check("another Content-Type: 415", s == 415, (s, a))
        big = json.dumps([record(f"big{i}", word="x" * 1000) for i in range(2200)]).encode()
        reply = srv.raw(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Authorization: Bearer " + HASHED_KEY.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(big)
                        + big[:1000])
        check("a body over --max-body: 413 before it is read", reply.startswith(b"HTTP/1.1 413") and b"max-body" in reply,
              reply[:300])
        s, d = get_doc(srv, "big0")
        check("nothing of a 413 written", s == 404, s)
        s, _, _ = srv.request("POST", "/api/search", {})
        check("POST to the search API stays 405", s == 405, s)

        # All or nothing.
        s, a = push(srv, [record("all1"), record("all2"), {"id": "all3", "date": "not a date"}])
        check("a bad record: 400 naming it", s == 400 and a["error"].get("record") == 2
              and a["error"]["message"].startswith("record 2:"), (s, a))
        check("nothing of a 400 written", get_doc(srv, "all1")[0] == 404 and get_doc(srv, "all2")[0] == 404)
        s, a = push(srv, [record("all4"), {"title": "no id"}])
        check("a record without an id: 400", s == 400 and a["error"]["record"] == 1, (s, a))

        # Hostile bodies.
        for what, body, ctype in [
            ("invalid JSON", b'[{"id": "j1", "title": }]', "application/json"),
            ("invalid JSON Lines", b'{"id": "j1"}\n{"id": "j2", \n', "application/x-ndjson"),
            ("invalid UTF-8", b'[{"id": "u1", "title": "caf\xc3\x28 \xff"}]', "application/json"),
            ("invalid UTF-8 in an id", b'{"id": "u\xed\xa0\x80"}', "application/json"),
            ("100 levels of nesting", b'[{"id": "n1", "x": ' + b"[" * 100 + b"]" * 100 + b"}]", "application/json"),
            ("nesting in JSON Lines", b'{"id": "n2", "x": ' + b"{\"a\":" * 100 + b"1" + b"}" * 100 + b"}",
             "application/x-ndjson"),
            ("a 1 MB id", json.dumps([{"id": "i" * (1 << 20), "title": "t"}]).encode(), "application/json"),
            ("a string, not a record", b'["just text"]', "application/json"),
            ("NUL bytes", b'{"id": "z1", "title": "a\x00b"}', "application/json"),
        ]:
            s, a = push(srv, body, ctype=ctype)
            msg = a.get("error", {}).get("message", "") if isinstance(a, dict) else ""
            check(f"{what}: 400 with a message", s == 400 and len(msg) > 5, (s, a))
        check("nothing of the hostile bodies written", all(get_doc(srv, i)[0] == 404 for i in ["j1", "u1", "n1", "n2"]))
        body = json.dumps([record("half1"), record("half2")]).encode()
        raw = (b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer "
               + HASHED_KEY.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as sock:
            sock.sendall(raw + body[: len(body) // 2])
            time.sleep(0.2)
        time.sleep(0.3)
        check("a body that stops halfway writes nothing", get_doc(srv, "half1")[0] == 404)
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
            sock.sendall(raw)
            for i in range(0, len(body), len(body) // 5 + 1):
                sock.sendall(body[i: i + len(body) // 5 + 1])
                time.sleep(0.15)
            reply = sock.recv(65536)
        check("a slow body is taken whole", reply.startswith(b"HTTP/1.1 200") and get_doc(srv, "half2")[0] == 200,
              reply[:200])
        chunked = (b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                   + HASHED_KEY.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        part = json.dumps(record("chunk1")).encode()
        reply = srv.raw(chunked + b"%x\r\n" % len(part) + part + b"\r\n0\r\n\r\n")
        check("a chunked body", reply.startswith(b"HTTP/1.1 200") and get_doc(srv, "chunk1")[0] == 200, reply[:200])
        reply = srv.raw(chunked + (b"100000\r\n" + b" " * 0x100000 + b"\r\n") * 3, timeout=5)
        check("a chunked body past --max-body is cut off", not reply.startswith(b"HTTP/1.1 200"), reply[:100])

        # /healthz.
        s, _, data = srv.request("GET", "/healthz")
        public = json.loads(data)
        check("/healthz without a key: unchanged", s == 200 and "writer" not in public and public["status"] == "ok",
              public)
        s, _, data = srv.request("GET", "/healthz", auth(HASHED_KEY))
        w = json.loads(data).get("writer", {})
        check("/healthz with a key: the writer", w.get("pending_records") == 0 and w.get("commits", 0) >= 5
              and w.get("failures") == 0 and w.get("last_commit"), data)
        log = srv.read_log()
        for k in (HASHED_KEY, WRONG_KEY.decode()):
            check("keys never logged", k not in log)
    finally:
        check("a clean stop", srv.stop() == 0)


def test_throttle(db, keyfile):
    srv = Server(db, "--write-keys", keyfile, "--quiet")
    try:
        statuses = [push(srv, [record("thr")], key=WRONG_KEY + b"%d" % i)[0] for i in range(5)]
        check("five wrong keys: 403 each", statuses == [403] * 5, statuses)
        s, h, data = srv.request("POST", "/api/documents", {"Content-Type": "application/json", **auth(HASHED_KEY)},
                                 json.dumps(record("thr")))
        check("then refused, even with the right key: 429", s == 429 and h.get("retry-after") == "1", (s, data))
        time.sleep(0.35)
        s, a = push(srv, [record("thr")])
        check("the right key after the pause: 200", s == 200, (s, a))
        statuses = [push(srv, [record("thr")], key=WRONG_KEY)[0] for _ in range(5)]
        check("a success forgave the earlier failures", statuses == [403] * 5, statuses)
    finally:
        srv.stop()


# ---- Load: 8 pushing while 8 search; folio-index during pushes -----------------------------------------

def pusher(srv, prefix, requests, per_request, acked, errors, allow_locked=False):
    conn = srv.connection()
    for r in range(requests):
        recs = [record(f"{prefix}-{r}-{i}", word="loadword") for i in range(per_request)]
        try:
            s, a = push(srv, recs, conn=conn)
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{prefix}: {e}")
            conn.close()
            conn = srv.connection()
            continue
        if s == 200:
            acked.extend(x["id"] for x in recs)
        elif s == 503 and allow_locked and "another writer" in a.get("error", {}).get("message", ""):
            time.sleep(0.05)
        else:
            errors.append(f"{prefix}: {s} {a}")
    conn.close()


def searcher(srv, stop, errors, counter):
    conn = srv.connection()
    while not stop.is_set():
        try:
            s, r = search(srv, random.choice(["loadword", "oil prices", "zebrafinch", "bank"]), conn=conn)
            counter.append(1)
            if s != 200:
                errors.append(f"search {s} {r}")
        except (OSError, http.client.HTTPException, ValueError) as e:
            errors.append(f"search: {e}")
            conn.close()
            conn = srv.connection()
    conn.close()


def all_found(srv, ids):
    conn = srv.connection()
    missing = [i for i in ids if get_doc(srv, i, conn=conn)[0] != 200]
    conn.close()
    return missing


def test_load(db, keyfile):
    srv = Server(db, "--write-keys", keyfile, "--quiet")
    try:
        acked, errors, searches = [], [], []
        stop = threading.Event()
        searchers = [threading.Thread(target=searcher, args=(srv, stop, errors, searches)) for _ in range(8)]
        pushers = [threading.Thread(target=pusher, args=(srv, f"load{k}", 12, 10, acked, errors)) for k in range(8)]
        for t in searchers + pushers:
            t.start()
        for t in pushers:
            t.join(timeout=60)
        stop.set()
        for t in searchers:
            t.join(timeout=30)
        check("8 pushing while 8 search: no error", not errors, errors[:5])
        check("8 pushing: every request acknowledged", len(acked) == 8 * 12 * 10, len(acked))
        check("searches ran meanwhile", len(searches) > 50, len(searches))
        missing = all_found(srv, acked)
        check("every acknowledged record found", not missing, missing[:5])
        s, r = search(srv, "loadword")
        check("pushed records searchable", r["total"] == len(acked), r["total"])
        s, _, data = srv.request("GET", "/healthz", auth(HASHED_KEY))
        w = json.loads(data)["writer"]
        check("group commit: fewer commits than requests", w["commits"] < 8 * 12, w)

        # A folio-index that holds the lock (reading records from a pipe that stays open): a push waits,
        # then gets a 503 that says why, with nothing written; once folio-index is done, pushes go on.
        holder = subprocess.Popen([INDEX, "-d", db, "--in-place", "-q", "-"], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        holder.stdin.write((json.dumps(record("held1", word="heldword")) + "\n").encode())
        holder.stdin.flush()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(
                "flintlock" in os.path.realpath(os.path.join(f"/proc/{holder.pid}/fd", fd))
                for fd in (os.listdir(f"/proc/{holder.pid}/fd") if os.path.isdir(f"/proc/{holder.pid}/fd") else [])):
            time.sleep(0.02)
        t0 = time.monotonic()
        s, a = push(srv, [record("locked1")])
        waited = time.monotonic() - t0
        check("a push while folio-index holds the lock: 503 naming the other writer",
              s == 503 and "another writer" in a.get("error", {}).get("message", ""), (s, a))
        check("... after waiting for the lock a while", 2.5 < waited < 10, waited)
        holder.stdin.close()
        check("the folio-index that held the lock finishes", holder.wait(timeout=60) == 0, holder.stderr.read())
        s, a = push(srv, [record("locked2")])
        check("after folio-index, pushes go on", s == 200 and a["added"] == 1, (s, a))
        check("nothing of the 503 written; folio-index's record there",
              get_doc(srv, "locked1")[0] == 404 and get_doc(srv, "held1")[0] == 200)
        s, _, data = srv.request("GET", "/healthz", auth(HASHED_KEY))
        w = json.loads(data)["writer"]
        check("/healthz counts the failure", w["failures"] >= 1 and "another writer" in (w["last_failure"] or ""), w)

        # folio-index against the same database while clients push.
        extra = os.path.join(WORK, "extra.jsonl")
        with open(extra, "w") as f:
            for i in range(3000):
                f.write(json.dumps(record(f"fi{i}", word="indexerword")) + "\n")
        acked2, errors2 = [], []
        pushers = [threading.Thread(target=pusher, args=(srv, f"during{k}", 15, 5, acked2, errors2, True))
                   for k in range(3)]
        for t in pushers:
            t.start()
        time.sleep(0.05)
        r = run(INDEX, "-d", db, "--in-place", "--quiet", extra)
        for t in pushers:
            t.join(timeout=60)
        check("folio-index runs while the server takes writes", r.returncode == 0, r.stderr)
        check("pushes during folio-index: no error but a clear 503", not errors2, errors2[:3])
        check("pushes during folio-index: some acknowledged", len(acked2) > 0, len(acked2))
        missing = all_found(srv, acked2 + ["fi0", "fi2999"])
        check("every acknowledged record and folio-index's found", not missing, missing[:5])
    finally:
        check("a clean stop after load", srv.stop() == 0)


# ---- kill -9 --------------------------------------------------------------------------------------------

def test_kill(db, keyfile):
    rng = random.Random(17)
    acked_all = []
    for trial in range(KILL_TRIALS):
        try:
            srv = Server(db, "--write-keys", keyfile, "--quiet")
        except RuntimeError as e:
            check(f"kill trial {trial}: the server starts again", False, e)
            return
        if acked_all:
            missing = all_found(srv, acked_all)
            check(f"kill trial {trial}: every record acknowledged before the kills is there", not missing, missing[:5])
        acked, errors = [], []
        threads = [threading.Thread(target=pusher, args=(srv, f"k{trial}x{k}", 1000, rng.choice([1, 5, 20]), acked,
                                                          errors)) for k in range(3)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.05, 0.5))
        snapshot = list(acked)  # acknowledged before the kill: must survive it
        srv.kill()
        for t in threads:
            t.join(timeout=30)
        acked_all.extend(snapshot)
        r = run("xapian-check", db)
        check(f"kill trial {trial}: xapian-check passes", r.returncode == 0, r.stdout[-300:] + r.stderr[-300:])
    srv = Server(db, "--write-keys", keyfile, "--quiet")
    try:
        missing = all_found(srv, acked_all)
        check("after the kills: every acknowledged record there", not missing and acked_all, missing[:5])
    finally:
        srv.stop()


# ---- Shards, HTTPS, the public address -----------------------------------------------------------------

def fnv1a(s):
    h = 14695981039346656037
    for b in s.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def test_shards(keyfile):
    db = os.path.join(WORK, "sharded")
    make_db(db, 100, "--shards", "3")
    srv = Server(db, "--write-keys", keyfile, "--quiet")
    try:
        ids = [f"sh{i}" for i in range(12)]
        s, a = push(srv, [record(i, topics=["shardtag"]) for i in ids])
        check("a sharded index takes writes", s == 200 and a["added"] == 12, (s, a))
        s, r = search(srv, "topics:shardtag")
        check("a sharded index: the records found through the stub", r["total"] == 12, r.get("total"))
    finally:
        srv.stop()
    for i in ids:
        k = fnv1a(i) % 3
        r = run(SEARCH, "-d", os.path.join(db, f"shard-{k}"), "--get", i)
        check(f"record {i} in shard {k}, as folio-index routes it", r.returncode == 0, r.stderr)
        others = [j for j in range(3) if j != k]
        check(f"record {i} in no other shard",
              all(run(SEARCH, "-d", os.path.join(db, f"shard-{j}"), "--get", i).returncode == 1 for j in others))
    for k in range(3):
        routed = sum(1 for i in ids if fnv1a(i) % 3 == k)
        r = run(SEARCH, "-d", os.path.join(db, f"shard-{k}"), "--count", "topics:shardtag")
        check(f"shard {k} finds its {routed} pushed records by their keyword field",
              r.stdout.strip() == str(routed), (r.stdout, r.stderr))


def test_https_and_addresses(db, keyfile):
    cert, key = os.path.join(WORK, "cert.pem"), os.path.join(WORK, "key.pem")
    r = run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1")
    check("openssl makes a self-signed certificate", r.returncode == 0, r.stderr)
    srv = Server(db, "--write-keys", keyfile, "--tls-cert", cert, "--tls-key", key, "--quiet", tls_ca=cert)
    try:
        check("HTTPS announced", "at https://127.0.0.1:" in srv.read_log(), srv.read_log())
        s, a = push(srv, [record("tls1")])
        check("a push over HTTPS", s == 200 and a["added"] == 1, (s, a))
        s, d = get_doc(srv, "tls1")
        check("GET over HTTPS", s == 200 and d["id"] == "tls1", (s, d))
        s, r2 = search(srv, "zebrafinch")
        check("search over HTTPS", s == 200, s)
        plain = Server.__new__(Server)
        plain.port, plain.tls_ca = srv.port, None
        reply = plain.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=2)
        check("plain HTTP to the HTTPS port gets no answer", not reply.startswith(b"HTTP/1.1 200"), reply[:80])
    finally:
        srv.stop()
    r = run(SEARCH, "-d", db, "--serve", "--host", "0.0.0.0", "--port", "0", "--write-keys", keyfile, timeout=20)
    check("writes on a public address without TLS: refused", r.returncode == 2 and "--insecure-writes" in r.stderr
          and "loopback" in r.stderr, r.stderr)
    r = run(SEARCH, "-d", db, "--serve", "--tls-cert", cert, timeout=20)
    check("--tls-cert without --tls-key: refused", r.returncode == 2, r.stderr)
    for opts in (["--insecure-writes"], ["--tls-cert", cert, "--tls-key", key]):
        srv = Server(db, "--write-keys", keyfile, "--quiet", *opts, host="0.0.0.0", tls_ca=cert if len(opts) > 1 else None)
        check(f"writes on a public address with {opts[0]}: served", srv.proc.poll() is None)
        srv.stop()
    bad = os.path.join(WORK, "bad-keys")
    with open(bad, "w") as f:
        f.write("good-key-0123456789\nshort\n")
    r = run(SEARCH, "-d", db, "--serve", "--port", "0", "--write-keys", bad, timeout=20)
    check("a bad key file: refused, naming the line, not the key", r.returncode == 2 and "line 2" in r.stderr
          and "short" not in r.stderr.replace("--", ""), r.stderr)
    r = run(SEARCH, "-d", db, "--write-keys", keyfile, "cocoa")
    check("--write-keys without --serve: refused", r.returncode == 2, r.stderr)


def test_language_detection(keyfile):
    """A database made with --language auto: records pushed without a lang get the guess, with one keep it."""
    db = os.path.join(WORK, "auto-db")
    make_db(db, 50, "-l", "auto")
    srv = Server(db, "--write-keys", keyfile, "--quiet")
    try:
        status, answer = push(srv, [
            {"id": "live-de", "title": "Der Winter", "body": "Im Winter fahren viele Menschen in die Berge, "
             "und die Seen der Stadt sind gefroren."},
            {"id": "live-said", "title": "Le mot", "body": "Ce texte est en français, mais il dit être en anglais.",
             "lang": "en"}])
        check("push to an auto database", status == 200, answer)
        status, doc = get_doc(srv, "live-de")
        check("a pushed record without lang gets the guess", status == 200 and doc and doc.get("lang") in ("de", ["de"]),
              doc)
        status, doc = get_doc(srv, "live-said")
        check("a pushed record's own lang is kept", status == 200 and doc and doc.get("lang") in ("en", ["en"]), doc)
        status, found = search(srv, "lang:de winter")
        check("... and it is searched as German", status == 200 and [h["id"] for h in found["hits"]] == ["live-de"],
              found)
    finally:
        srv.stop()


def main():
    global HASHED_KEY
    db = os.path.join(WORK, "db")
    make_db(db)
    r = run(SEARCH, "--make-key")
    lines = r.stdout.splitlines()
    check("--make-key prints a key and its hash line", r.returncode == 0 and len(lines) == 2
          and lines[1].startswith("sha256:"), r.stdout)
    HASHED_KEY = lines[0]
    keyfile = os.path.join(WORK, "keys")
    with open(keyfile, "wb") as f:
        f.write(b"# the site's publisher\n" + lines[1].encode() + b"\n  " + ODD_KEY + b"  \n")
    started = time.monotonic()
    for test in (lambda: test_keys_and_endpoints(db, keyfile), lambda: test_throttle(db, keyfile),
                 lambda: test_load(db, keyfile), lambda: test_kill(db, keyfile), lambda: test_shards(keyfile),
                 lambda: test_https_and_addresses(db, keyfile), lambda: test_language_detection(keyfile)):
        t0 = time.monotonic()
        try:
            test()
        except Exception as e:  # a test that breaks is a failure, and the others still run
            check("no exception", False, repr(e))
        print(f"  ({time.monotonic() - t0:.1f} s)", flush=True)
    r = run("xapian-check", db)
    check("xapian-check passes at the end", r.returncode == 0, r.stdout[-300:])
    print(f"{passed} passed, {failed} failed ({time.monotonic() - started:.1f} s)")
    sys.exit(1 if failed else 0)


main()
