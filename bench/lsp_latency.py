#!/usr/bin/env python3
"""Times `regels lsp` from a change to its diagnostics, as an editor sees it.

Opens rules/nplv/realisatiestimulans.rules, then sends N changes (alternately adding a
typo and fixing it) and measures, for each, the wall-clock time from writing the
didChange message to reading the publishDiagnostics for that file (the server checks the
whole rule set, 22 files, and publishes for each). Prints the median and the maximum.

    python3 bench/lsp_latency.py build/release/regels [N]
"""
import json
import os
import statistics
import subprocess
import sys
import time


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(stream):
    length = None
    while True:
        line = stream.readline()
        if line in (b"\r\n", b""):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def main():
    regels = sys.argv[1] if len(sys.argv) > 1 else "build/release/regels"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    path = os.path.abspath("rules/nplv/realisatiestimulans.rules")
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    typo = text.replace("bijdrage_per_woning at r.jaar", "bijdrage_per_wonig at r.jaar", 1)
    server = subprocess.Popen([regels, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        server.stdin.write(frame(message))
        server.stdin.flush()

    def diagnostics():
        while True:
            m = read(server.stdout)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while read(server.stdout).get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "regels", "version": 1, "text": text}}})
    diagnostics()
    times = []
    for i in range(runs):
        body = typo if i % 2 == 0 else text
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": body}]}})
        found = diagnostics()
        times.append((time.perf_counter() - start) * 1000)
        errors = [d for d in found if d["severity"] == 1]
        assert bool(errors) == (i % 2 == 0), found
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)
    print("diagnostics after a change, rules/nplv: median %.1f ms, max %.1f ms (%d changes)"
          % (statistics.median(times), max(times), runs))


if __name__ == "__main__":
    main()
