"""Starting `regels serve` for the service tests, and talking to it (standard library only).

Every server listens on 127.0.0.1 on a port the system picks (--listen 127.0.0.1:0; the
server prints the port), with a register in a temporary folder. Every wait has a timeout, so
a test fails instead of hanging.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

RULES = "rules/nplv"
WESTWIJK = "examples/vlaardingen-westwijk/facts.json"
AS_OF = "2026-11-28"


def regels_binary():
    if len(sys.argv) < 2:
        sys.exit("usage: %s REGELS_BINARY" % sys.argv[0])
    return os.path.abspath(sys.argv[1])


class Server:
    """A `regels serve` process; stop() sends SIGTERM and expects exit 0."""

    def __init__(self, regels, db, rules=(RULES,), extra=(), timeout=60):
        self.regels = regels
        self.db = db
        self.args = [regels, "serve", *rules, "--db", db, "--listen", "127.0.0.1:0", *extra]
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        line = ""
        # The first line on standard output names the port.
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line or self.proc.poll() is not None:
                break
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not m:
            self.proc.kill()
            err = self.proc.stderr.read()
            raise RuntimeError("server did not start: %r %r" % (line, err))
        self.port = int(m.group(1))

    def request(self, method, path, body=None, headers=None, timeout=60):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, dict(resp.getheaders()), data
        finally:
            conn.close()

    def json(self, method, path, body=None, timeout=60):
        status, headers, data = self.request(method, path, body, timeout=timeout)
        return status, json.loads(data.decode("utf-8"))

    def stop(self, timeout=60):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise RuntimeError("server did not stop within %ss of SIGTERM" % timeout)
        self.stderr = self.proc.stderr.read()
        return code

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=30)


def run(args, timeout=120, env=None):
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            self.failures.append(what)
        return ok

    def finish(self):
        if self.failures:
            print("%d check(s) failed:" % len(self.failures))
            for f in self.failures:
                print("  " + f)
            sys.exit(1)
        print("all checks passed")


def tempdir():
    return tempfile.TemporaryDirectory(prefix="regels-serve-")
