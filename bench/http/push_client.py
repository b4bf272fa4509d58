#!/usr/bin/env python3
"""Write API load for bench/http/push.sh (not a test).

  push_client.py bulk PORT KEY CORPUS CLIENTS BATCH
      pushes every record of CORPUS (JSON Lines) in requests of BATCH records from CLIENTS clients (each
      its own keep-alive connection, taking the next request from a shared queue); prints
      "RESULT documents=N seconds=S documents_per_s=R errors=E"
  push_client.py single PORT KEY SECONDS
      pushes one new record a request, one request at a time, for SECONDS; prints
      "RESULT requests=N p50_ms=A p99_ms=B errors=E"
"""
import http.client
import json
import queue
import sys
import threading
import time


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def post(conn, key, body, ctype):
    conn.request("POST", "/api/documents", body=body,
                 headers={"Authorization": "Bearer " + key, "Content-Type": ctype})
    resp = conn.getresponse()
    resp.read()
    return resp.status


def bulk(port, key, corpus, clients, batch):
    with open(corpus, "rb") as f:
        lines = [line for line in f if line.strip()]
    work = queue.Queue()
    for i in range(0, len(lines), batch):
        work.put(b"".join(lines[i:i + batch]))
    errors = []

    def client():
        conn = connect(port)
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            status = post(conn, key, body, "application/x-ndjson")
            if status != 200:
                errors.append(status)
        conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - start
    print(f"RESULT documents={len(lines)} seconds={secs:.2f} documents_per_s={len(lines) / secs:.0f} "
          f"errors={len(errors)}")


def single(port, key, seconds):
    conn = connect(port)
    times, errors, n = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
        body = json.dumps({"id": f"latency-{n}", "title": f"Latency probe {n}", "body": "one pushed record"})
        t0 = time.monotonic()
        if post(conn, key, body, "application/json") != 200:
            errors += 1
        times.append((time.monotonic() - t0) * 1000)
    times.sort()
    pick = lambda p: times[min(len(times) - 1, int(len(times) * p))]
    print(f"RESULT requests={len(times)} p50_ms={pick(0.50):.1f} p99_ms={pick(0.99):.1f} errors={errors}")


if sys.argv[1] == "bulk":
    bulk(int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
else:
    single(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
