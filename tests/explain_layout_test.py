#!/usr/bin/env python3
"""The shared layout of explained JSON Lines loses nothing: scripts/regels_expand.py turns it
back into exactly the bytes of `--explain-layout full`, for streamed JSON Lines facts (several
blocks, both thread counts, failed decisions) and for a JSON document (the Westwijk agreement,
with aggregates and allocations, and with a year that has no published parameter value). The
shared output is the same whatever the number of threads, and a quarter the size or less.
Allocations (first come, first served with a long queue; pro rata) keep their data too.

usage: explain_layout_test.py REGELS   (run from the repository root)
"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import regels_expand  # noqa: E402

REGELS = sys.argv[1]
failures = []


def run(args):
    env = dict(os.environ, REGELS_FIXED_TIME="2026-11-28T12:00:00Z")
    r = subprocess.run([REGELS] + args, capture_output=True, env=env)
    if r.returncode not in (0, 1):
        raise SystemExit("regels %s: exit %d\n%s" % (" ".join(args), r.returncode, r.stderr.decode()))
    return r.stdout.decode("utf-8")


def expand(text):
    expander = regels_expand.Expander()
    out = []
    for line in text.split("\n")[:-1]:
        full = expander.line(line)
        if full is not None:
            out.append(full + "\n")
    return "".join(out)


def check(name, base, min_ratio=None):
    shared = run(base + ["--explain"])
    full = run(base + ["--explain", "--explain-layout", "full"])
    restored = expand(shared)
    if restored != full:
        a, b = restored.split("\n"), full.split("\n")
        k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        failures.append("%s: expanded shared layout differs from the full layout at line %d:\n"
                        "  expanded: %s\n  full:     %s" % (name, k + 1, a[k][:400] if k < len(a) else "<end>",
                                                           b[k][:400] if k < len(b) else "<end>"))
    # Parsed JSON equality too (a second, independent view of the same claim).
    elif [json.loads(x) for x in restored.splitlines()] != [json.loads(x) for x in full.splitlines()]:
        failures.append("%s: parsed JSON differs" % name)
    if min_ratio is not None and len(full) < min_ratio * len(shared):
        failures.append("%s: shared %d bytes, full %d bytes: less than %.1fx smaller"
                        % (name, len(shared), len(full), min_ratio))
    print("%s: %d lines, full %d bytes, shared %d bytes (%.1fx)"
          % (name, full.count("\n"), len(full), len(shared), len(full) / max(1, len(shared))))
    return shared


with tempfile.TemporaryDirectory() as tmp:
    # Benchmark rules, streamed: the six golden records (every reason), records that fail
    # (a middenhuur or koop without its price), repeated with new ids over several blocks.
    base_lines = open("tests/golden/explain_jsonl/registraties.jsonl", encoding="utf-8").read().splitlines()
    base_lines.append('{"id":"X","gemeente":"GM0001","jaar":2026,"segment":"middenhuur","woningen":3,"eerdere_subsidies":[]}')
    base_lines.append('{"id":"Y","gemeente":"GM0001","jaar":2025,"segment":"koop","woningen":4,"eerdere_subsidies":["PROV","RHA"]}')
    records = []
    for k in range(600):
        for line in base_lines:
            r = json.loads(line)
            r["id"] = "%s-%d" % (r["id"], k)
            r["woningen"] = r["woningen"] + k % 50
            records.append(json.dumps(r))
    facts = os.path.join(tmp, "registraties.jsonl")
    with open(facts, "w", encoding="utf-8") as f:
        f.write("\n".join(records) + "\n")
    bench = ["eval", "examples/benchmark/registraties.rules", "--facts", facts, "--format", "jsonl",
             "--as-of", "2026-11-28"]
    one = check("benchmark, 4800 records, 1 thread", bench + ["--threads", "1"], min_ratio=4.0)
    two = check("benchmark, 4800 records, 2 threads", bench + ["--threads", "2"])
    if one != two:
        failures.append("benchmark: the shared layout differs between 1 and 2 threads")
    if run(bench + ["--threads", "2", "--explain"]) != two:
        failures.append("benchmark: the shared layout differs between two runs")
    check("benchmark, golden records",
          ["eval", "examples/benchmark/registraties.rules", "--facts",
           "tests/golden/explain_jsonl/registraties.jsonl", "--format", "jsonl", "--as-of", "2026-11-28"])

    # The Westwijk agreement from a JSON document: groups, aggregates with terms, allocations.
    westwijk = ["eval", "rules/nplv", "--facts", "examples/vlaardingen-westwijk/facts.json",
                "--format", "jsonl", "--as-of", "2026-11-28"]
    check("westwijk", westwijk)
    # ... with a registration for 2027, for which a parameter has no published value: failed
    # decisions among explained ones.
    d = json.load(open("examples/vlaardingen-westwijk/facts.json", encoding="utf-8"))
    extra = dict(d["Registratie"][0], id="R10", jaar=2027)
    d["Registratie"].append(extra)
    failing = os.path.join(tmp, "westwijk-2027.json")
    with open(failing, "w", encoding="utf-8") as f:
        json.dump(d, f)
    out = check("westwijk with 2027", ["eval", "rules/nplv", "--facts", failing, "--format", "jsonl",
                                       "--as-of", "2026-11-28"])
    if '{"error":' not in out:
        failures.append("westwijk with 2027: expected failed decisions")

    # Allocations with their data beside the holes: first come, first served (a long queue,
    # ties by key), the national ceilings both ways, and subjects outside the claimants.
    out = check("wie eerst komt", ["eval", "examples/wie-eerst-komt", "--facts",
                                   "examples/wie-eerst-komt/facts.json", "--format", "jsonl",
                                   "--as-of", "2025-07-01"])
    if '"allocation":{"method":"in_order"' not in out:
        failures.append("wie eerst komt: expected an allocation's data in the shared layout")
    check("soo budget op", ["eval", "rules/soo", "--facts", "rules/soo/budget_op.json",
                            "--format", "jsonl", "--as-of", "2025-07-01"])
    check("national ceilings", ["eval", "rules/nplv", "--facts",
                                "examples/nplv-landelijk/facts.json", "--format", "jsonl",
                                "--as-of", "2026-11-28"])

if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("ok")
