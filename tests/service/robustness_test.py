"""Robustness of `regels serve` at the HTTP layer: malformed requests, oversized headers and
URIs, lying Content-Lengths, slow clients that hold connections, and the facts fuzz corpus
(plus seeded mutations of it) sent as request bodies. None may crash or wedge the server:
after each, GET /healthz must still answer, and the server must still stop cleanly.

    python3 tests/service/robustness_test.py REGELS_BINARY

Bounded: every socket has a timeout; 8 slow clients hold connections for 3 seconds; 300
mutated bodies.
"""
import os
import random
import socket
import threading
import time

from serving import AS_OF, WESTWIJK, Checks, Server, regels_binary, tempdir

regels = regels_binary()
check = Checks()
facts = open(WESTWIJK, "rb").read()


def raw(port, data, timeout=10):
    """Sends raw bytes and returns what comes back until the server closes the connection or
    stays silent for a second after answering (nothing, if it closes without an answer).
    The connection is not half-closed: httplib drops a client that has shut down its side."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    chunks = []
    try:
        s.sendall(data)
        while True:
            try:
                c = s.recv(65536)
            except socket.timeout:
                break
            if not c:
                break
            chunks.append(c)
            s.settimeout(1.0)
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        s.close()
    return b"".join(chunks)


with tempdir() as tmp:
    server = Server(regels, os.path.join(tmp, "register.db"),
                    extra=("--read-timeout", "2", "--threads", "16", "--max-body", "1000000"))

    def alive(what):
        status, headers, body = server.request("GET", "/healthz", timeout=20)
        check(status == 200 and server.proc.poll() is None, "still serving after " + what)

    try:
        cases = {
            "garbage bytes": bytes(range(256)) * 4,
            "an empty request line": b"\r\n\r\n",
            "no HTTP version": b"GET /healthz\r\n\r\n",
            "an unknown HTTP version": b"GET /healthz HTTP/9.9\r\n\r\n",
            "a header without a colon": b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
            "an oversized header (64 KiB)": b"GET /healthz HTTP/1.1\r\nX-Big: " + b"a" * 65536
                                            + b"\r\n\r\n",
            "10,000 headers": b"GET /healthz HTTP/1.1\r\n" + b"X-A: b\r\n" * 10000 + b"\r\n",
            "an oversized URI (64 KiB)": b"GET /" + b"a" * 65536 + b" HTTP/1.1\r\n\r\n",
            "a non-numeric Content-Length": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                             "Content-Length: abc\r\n\r\n{}" % AS_OF).encode(),
            "a negative Content-Length": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                          "Content-Length: -5\r\n\r\n{}" % AS_OF).encode(),
            "a huge Content-Length": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                      "Content-Length: 99999999999999999999\r\n\r\n{}"
                                      % AS_OF).encode(),
            "a Content-Length longer than the body": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                                      "Content-Length: 5000\r\n\r\n{}"
                                                      % AS_OF).encode(),
            "a malformed chunked body": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                         "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
                                         % AS_OF).encode(),
            "an endless chunked body": ("POST /v1/decisions?as_of=%s HTTP/1.1\r\n"
                                        "Transfer-Encoding: chunked\r\n\r\n" % AS_OF).encode()
                                       + b"ffff\r\n" + b" " * 65535 + b"\r\n" * 1,
            "a bad percent-encoding": b"GET /v1/decisions/%zz%%%/explanation?format=%ff HTTP/1.1"
                                      b"\r\n\r\n",
            "NUL in the path": b"GET /v1/\x00rules HTTP/1.1\r\n\r\n",
            "pipelined requests": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 50,
            "a request cut off in its headers": b"GET /healthz HTTP/1.1\r\nHost: x",
            "an unknown method": b"BREW /v1/rules HTTP/1.1\r\n\r\n",
        }
        for name, data in cases.items():
            reply = raw(server.port, data)
            if reply:
                status_line = reply.split(b"\r\n", 1)[0].decode("latin-1")
                body_ok = b"\r\n\r\n{" in reply or status_line.startswith("HTTP/1.1 2")
                check(status_line.startswith("HTTP/1.1 ") and body_ok,
                      "%s: answered `%s`%s" % (name, status_line,
                                               "" if status_line.startswith("HTTP/1.1 2")
                                               else " with a JSON error body"))
            else:
                check(True, "%s: connection closed without an answer" % name)
            alive(name)

        # A connection that opens and closes at once, a hundred times.
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.close()
        alive("100 connections opened and closed at once")

        # Slow clients: 8 connections that trickle a request one byte at a time. The server
        # drops them after --read-timeout and keeps answering everyone else meanwhile.
        stop = threading.Event()

        def trickle():
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                request = ("POST /v1/decisions?as_of=%s HTTP/1.1\r\nContent-Length: %d\r\n\r\n"
                           % (AS_OF, len(facts))).encode() + facts
                for b in request:
                    if stop.is_set():
                        break
                    s.sendall(bytes([b]))
                    time.sleep(0.3)
                s.close()
            except OSError:
                pass

        slow = [threading.Thread(target=trickle, daemon=True) for _ in range(8)]
        for t in slow:
            t.start()
        time.sleep(0.5)
        t0 = time.monotonic()
        status, headers, body = server.request("POST", "/v1/decisions?as_of=" + AS_OF, facts,
                                               timeout=20)
        waited = time.monotonic() - t0
        check(status == 200, "a decision is answered while 8 slow clients hold connections "
              "(%.2f s)" % waited)
        time.sleep(3.0)
        stop.set()
        for t in slow:
            t.join(timeout=15)
        alive("8 slow clients")

        # The facts fuzz corpus, and seeded mutations of it, as request bodies: 200 or 400.
        corpus_dir = "tests/fuzz/corpus/fuzz_facts"
        corpus = [open(os.path.join(corpus_dir, f), "rb").read()
                  for f in sorted(os.listdir(corpus_dir))]
        corpus.append(facts)
        rng = random.Random(15)
        bodies = list(corpus)
        for _ in range(300):
            b = bytearray(rng.choice(corpus))
            for _ in range(rng.randint(1, 8)):
                op = rng.randint(0, 3)
                at = rng.randint(0, max(0, len(b) - 1))
                if op == 0 and b:
                    b[at] = rng.randint(0, 255)
                elif op == 1:
                    b[at:at] = bytes([rng.choice(b'{}[]",:0123456789.-eE tfn\\')])
                elif op == 2 and b:
                    del b[at:at + rng.randint(1, 16)]
                else:
                    b[at:at] = b[rng.randint(0, max(0, len(b) - 1)):][:rng.randint(1, 64)]
            bodies.append(bytes(b))
        statuses = {}
        bad = []
        for i, body in enumerate(bodies):
            status, headers, data = server.request("POST", "/v1/decisions?as_of=" + AS_OF, body,
                                                   timeout=30)
            statuses[status] = statuses.get(status, 0) + 1
            if status not in (200, 400) or not data.startswith(b"{"):
                bad.append((i, status))
        check(not bad, "%d fuzzed bodies: only 200 or 400 with a JSON body (%s; bad: %s)"
              % (len(bodies), statuses, bad[:5]))
        alive("the fuzzed bodies")
    finally:
        check(server.stop() == 0, "SIGTERM: exit 0 after all of it")
check.finish()
