"""Load benchmark of `regels serve`: 8 concurrent clients (one process each, keep-alive
connections) send the Westwijk facts to POST /v1/decisions, register on, on loopback.

    python3 tests/service/load_bench.py REGELS_BINARY [SECONDS] [MAX_REQUESTS] [SERVE_FLAG...]

Bounded: it stops after SECONDS (default 10) or MAX_REQUESTS (default 20000), whichever comes
first, after a 1-second warm-up that is not counted. Prints requests/s and the latency
percentiles; fails when any request is not answered 200 or the register does not verify.
The figures are reported, not asserted: on a shared 2-core machine they depend on the load.
"""
import http.client
import multiprocessing
import os
import sys
import time

from serving import AS_OF, WESTWIJK, Checks, Server, regels_binary, run, tempdir

CLIENTS = 8
# REGELS_BENCH_DECISIONS=a,b: ask for those decisions only (default: all 102, a ~50 KB answer).
QUERY = "".join("&decision=" + d for d in os.environ.get("REGELS_BENCH_DECISIONS", "").split(",")
                if d)


def client(port, facts, until, budget, warm_until, out):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    errors = 0
    n = 0
    while time.monotonic() < until and n < budget:
        t0 = time.monotonic()
        try:
            conn.request("POST", "/v1/decisions?as_of=" + AS_OF + QUERY, body=facts,
                         headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t1 = time.monotonic()
        if t0 >= warm_until:
            latencies.append(t1 - t0)
            n += 1
        if not ok:
            errors += 1
    conn.close()
    out.put((latencies, errors))


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, int(round(p / 100.0 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main():
    regels = regels_binary()
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    max_requests = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    extra = sys.argv[4:]  # more flags for `regels serve`, e.g. --sync normal
    check = Checks()
    facts = open(WESTWIJK, "rb").read()
    with tempdir() as tmp:
        db = os.path.join(tmp, "register.db")
        server = Server(regels, db, extra=extra)
        print("regels serve %s" % " ".join(extra))
        try:
            out = multiprocessing.Queue()
            warm_until = time.monotonic() + 1.0
            until = warm_until + seconds
            procs = [multiprocessing.Process(
                target=client,
                args=(server.port, facts, until, max_requests // CLIENTS, warm_until, out))
                for _ in range(CLIENTS)]
            for p in procs:
                p.start()
            results = [out.get(timeout=seconds + 120) for _ in procs]
            for p in procs:
                p.join(timeout=30)
            end = time.monotonic()
            status, headers, metrics = server.request("GET", "/metrics")
            stages = {}
            writer = {}
            commits = 0
            count = 0
            for line in metrics.decode().splitlines():
                if line.startswith("regels_stage_seconds_total{"):
                    name = line.split('"')[1]
                    stages[name] = float(line.split()[-1])
                if line.startswith("regels_register_commits_total "):
                    commits = int(line.split()[-1])
                if line.startswith("regels_register_writer_seconds_total{"):
                    writer[line.split('"')[1]] = float(line.split()[-1])
                if line.startswith('regels_requests_total{route="/v1/decisions",status="200"}'):
                    count = int(line.split()[-1])
        finally:
            check(server.stop() == 0, "server stopped with exit 0")
        latencies = sorted(l for r in results for l in r[0])
        errors = sum(r[1] for r in results)
        elapsed = min(end, until) - warm_until
        rate = len(latencies) / elapsed if elapsed > 0 else 0.0
        print("clients: %d, measured: %d requests in %.2f s (after 1 s warm-up)"
              % (CLIENTS, len(latencies), elapsed))
        print("throughput: %.0f requests/s" % rate)
        print("latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
              % (1000 * percentile(latencies, 50), 1000 * percentile(latencies, 90),
                 1000 * percentile(latencies, 99), 1000 * (latencies[-1] if latencies else 0)))
        if count:
            print("server time per decision (mean over %d, including the warm-up): %s" % (
                count, ", ".join("%s %.2f ms" % (k, 1000 * v / count) for k, v in stages.items())))
        if commits:
            print("register writer: %d commits, %.1f rows each; per commit: build %.2f ms, "
                  "commit %.2f ms" % (commits, count / commits, 1000 * writer.get("build", 0) /
                                      commits, 1000 * writer.get("commit", 0) / commits))
        print("load average: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
        check(errors == 0, "every request answered 200 (%d were not)" % errors)
        check(len(latencies) > 0, "requests were measured")
        code, stdout, err = run([regels, "register", "verify", db], timeout=600)
        check(code == 0, "register verify: %s" % err.strip())
    check.finish()


if __name__ == "__main__":
    main()
