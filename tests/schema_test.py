#!/usr/bin/env python3
"""`regels schema`: the facts schema against a standard validator (python3-jsonschema).

1. The schemas of the example rule sets are valid JSON Schema 2020-12, and every example's
   facts validate against the schema of the rules it is decided with (documents, and single
   records against `--record` schemas, as JSON Lines lines are).
2. A broken facts file (a registration with `woningen: -3`) is rejected by the schema and by
   the engine (exit 2, the message naming /Registratie/0/woningen).
3. The schema of examples/wie-eerst-komt is pinned as a golden (tests/golden/schema/);
   REGELS_UPDATE_GOLDEN=1 rewrites it.

Usage: schema_test.py REGELS_BINARY   (run from the repository root)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

regels = sys.argv[1]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def schema_of(*args):
    run = subprocess.run([regels, "schema", *args], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"regels schema {' '.join(args)} exited {run.returncode}: {run.stderr}")
    return run.stdout


def validator(text):
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(v, instance):
    return sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))


examples = [
    ("rules/nplv", "examples/vlaardingen-westwijk/facts.json"),
    ("rules/nplv", "examples/nplv-landelijk/facts.json"),
    ("examples/wie-eerst-komt", "examples/wie-eerst-komt/facts.json"),
]
for rules, facts_path in examples:
    with open(facts_path, encoding="utf-8") as f:
        facts = json.load(f)
    v = validator(schema_of(rules))
    found = errors(v, facts)
    check(not found, f"{facts_path} against the schema of {rules}: "
          + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in found))
    for record, rows in facts.items():
        rv = validator(schema_of(rules, "--record", record))
        for i, row in enumerate(rows):
            found = errors(rv, row)
            check(not found, f"{facts_path} /{record}/{i} against --record {record}: "
                  + "; ".join(e.message for e in found))
    print(f"ok: {facts_path} validates against the schema of {rules}")

# A broken facts file: both the schema and the engine refuse it.
with open("examples/vlaardingen-westwijk/facts.json", encoding="utf-8") as f:
    broken = json.load(f)
broken = copy.deepcopy(broken)
broken["Registratie"][0]["woningen"] = -3
v = validator(schema_of("rules/nplv"))
found = errors(v, broken)
check([list(e.absolute_path) for e in found] == [["Registratie", 0, "woningen"]],
      f"the schema should reject exactly /Registratie/0/woningen, found "
      f"{[list(e.absolute_path) for e in found]}")
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "kapot.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(broken, f, indent=2)
    run = subprocess.run([regels, "eval", "rules/nplv", "--facts", path, "--as-of", "2026-11-28"],
                         capture_output=True, text=True)
    check(run.returncode == 2, f"the engine should exit 2 on woningen -3, exited {run.returncode}")
    check("/Registratie/0/woningen" in run.stderr and "E4020" in run.stderr,
          f"the engine's message should name /Registratie/0/woningen (E4020): {run.stderr}")
print("ok: woningen -3 is rejected by the schema and by the engine")

# The pinned schemas.
for name, args in [("wie-eerst-komt.schema.json", ["examples/wie-eerst-komt"]),
                   ("wie-eerst-komt.record.schema.json",
                    ["examples/wie-eerst-komt", "--record", "Aanvraag"])]:
    text = schema_of(*args)
    # The rules hash changes with every edit of the example; the golden leaves it out.
    pinned = json.loads(text)
    pinned.pop("x-regels-rules", None)
    text = json.dumps(pinned, indent=2, ensure_ascii=False) + "\n"
    golden = os.path.join("tests/golden/schema", name)
    if os.environ.get("REGELS_UPDATE_GOLDEN") == "1":
        with open(golden, "w", encoding="utf-8") as f:
            f.write(text)
    with open(golden, encoding="utf-8") as f:
        check(f.read() == text, f"{golden} differs from `regels schema {' '.join(args)}` "
              "(REGELS_UPDATE_GOLDEN=1 rewrites it; read the diff)")
print("ok: the schema goldens")

# An unknown record type is a usage error naming the record types.
run = subprocess.run([regels, "schema", "examples/wie-eerst-komt", "--record", "Aanvragen"],
                     capture_output=True, text=True)
check(run.returncode == 2 and run.stdout == "" and
      "no record type `Aanvragen` (record types: Aanvraag)" in run.stderr,
      f"--record with an unknown type: exit {run.returncode}, {run.stderr!r}")

# Every example's schema must also hold the rules hash.
check(json.loads(schema_of("examples/wie-eerst-komt")).get("x-regels-rules", "").startswith("sha256:"),
      "the schema records the rules' hash")

sys.exit(1 if failures else 0)
