"""Crash test: `kill -9` the server while 8 clients send decisions; after a restart every
request that was answered 200 is in the register, byte for byte, and `register verify` passes.

    python3 tests/service/crash_test.py REGELS_BINARY

Bounded: the clients stop after 4000 requests in all or 60 seconds, whichever comes first;
the kill comes once 40 answers are in (or after 20 seconds).
"""
import http.client
import json
import os
import threading
import time

from serving import AS_OF, WESTWIJK, Checks, Server, regels_binary, run, tempdir

regels = regels_binary()
check = Checks()
facts = open(WESTWIJK, "rb").read()
CLIENTS = 8

with tempdir() as tmp:
    db = os.path.join(tmp, "register.db")
    server = Server(regels, db)
    answered = {}  # id -> body
    lock = threading.Lock()
    stop = threading.Event()
    sent = [0]

    def client():
        conn = None
        while not stop.is_set():
            with lock:
                if sent[0] >= 4000:
                    return
                sent[0] += 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
                conn.request("POST", "/v1/decisions?as_of=" + AS_OF, body=facts)
                resp = conn.getresponse()
                body = resp.read()
                if resp.status == 200:
                    with lock:
                        answered[json.loads(body)["id"]] = body
            except (OSError, http.client.HTTPException):
                # The server is gone (or going): the request may or may not be registered,
                # but it was not answered, so nothing is promised about it.
                if conn is not None:
                    conn.close()
                conn = None
                if stop.is_set() or server.proc.poll() is not None:
                    return
                time.sleep(0.01)
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    started = time.monotonic()
    for t in threads:
        t.start()
    while time.monotonic() - started < 20:
        with lock:
            if len(answered) >= 40:
                break
        time.sleep(0.05)
    server.kill()  # SIGKILL, mid-stream
    killed_at = len(answered)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    check(all(not t.is_alive() for t in threads), "every client stopped")
    check(killed_at >= 8, "answers before the kill: %d" % killed_at)
    print("answered with 200 before the kill: %d; requests sent: %d" % (len(answered), sent[0]))

    code, out, err = run([regels, "register", "verify", db])
    check(code == 0, "register verify after kill -9: %s" % err.strip())

    restarted = Server(regels, db)
    try:
        missing = []
        different = []
        for rid, body in sorted(answered.items()):
            status, headers, data = restarted.request("GET", "/v1/decisions/%d" % rid)
            if status != 200:
                missing.append(rid)
                continue
            start = data.index(b'"response":') + len(b'"response":')
            if data[start:-2] != body:
                different.append(rid)
        check(not missing, "every 200 is in the register (missing: %s)" % missing[:10])
        check(not different, "each byte for byte as answered (different: %s)" % different[:10])
        status, doc = restarted.json("POST", "/v1/decisions?as_of=" + AS_OF, facts)
        check(status == 200 and doc["id"] > max(answered), "the restarted server appends after "
              "the last row (id %s)" % doc.get("id"))
    finally:
        check(restarted.stop() == 0, "the restarted server stops with exit 0")
    code, out, err = run([regels, "register", "verify", db])
    check(code == 0, "register verify after the restart: %s" % err.strip())
    sample = sorted(answered)[:: max(1, len(answered) // 5)]
    for rid in sample:
        code, out, err = run([regels, "replay", db, str(rid)])
        check(code == 0, "replay %d after the crash: identical" % rid)
check.finish()
