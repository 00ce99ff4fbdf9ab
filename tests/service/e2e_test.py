"""End-to-end test of `regels serve`, `regels replay` and `regels register verify`.

    python3 tests/service/e2e_test.py REGELS_BINARY

Run from the repository root. Starts servers on free loopback ports with temporary registers
and checks: decisions equal `regels eval` for the same facts (with and without explanations);
every error status (400, 404, 409, 413, 500, 503) with its JSON error body; the register row
equals the answer byte for byte; explanations regenerated in html, json, text and English;
/v1/rules, /healthz, /metrics, /v1/openapi.json; replay and verify; a changed row, a removed
row and a changed rule version are detected; a reload with a broken rule file keeps the old
version serving, a good one swaps it, and decisions made under the old version still replay.
What a person reads (every error line) is pinned by tests/golden/service/errors.txt
(REGELS_UPDATE_GOLDEN=1 rewrites it).
"""
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import threading
import time
import urllib.parse

from serving import AS_OF, WESTWIJK, Checks, Server, regels_binary, run, tempdir

GOLDEN = "tests/golden/service/errors.txt"

regels = regels_binary()
check = Checks()
lines = []  # the golden: what each error said


def record(label, status, doc):
    for e in doc.get("errors", []):
        where = ""
        if "path" in e:
            where += " " + e["path"]
        if "line" in e:
            where += " (%s:%s)" % (e["line"], e["column"])
        lines.append("%s: %s error[%s]%s: %s" % (label, status, e["code"], where, e["message"]))


def record_cli(label, code, err, tmp):
    for line in err.strip().splitlines():
        lines.append("%s: exit %d: %s" % (label, code, line.replace(tmp, "<tmp>")))


facts = open(WESTWIJK, "rb").read()
scratch = []  # the temporary folder, masked in the golden

with tempdir() as tmp:
    scratch.append(tmp)
    # A copy of the rules to break and mend, with the examples its tests read beside it.
    rules = os.path.join(tmp, "rules", "nplv")
    shutil.copytree("rules/nplv", rules)
    shutil.copytree("examples", os.path.join(tmp, "examples"))
    db = os.path.join(tmp, "register.db")
    server = Server(regels, db, rules=(rules,))
    try:
        # ---- decisions equal `regels eval` ----------------------------------------------
        code, out, err = run([regels, "eval", rules, "--facts", WESTWIJK, "--as-of", AS_OF,
                              "--format", "json"])
        evaluated = json.loads(out)
        status, headers, body = server.request("POST", "/v1/decisions?as_of=" + AS_OF, facts)
        answer = json.loads(body)
        check(status == 200, "POST /v1/decisions: 200")
        check(answer["id"] == 1 and body.startswith(b'{"id":1,'), "the answer starts with its id")
        check(headers.get("Location") == "/v1/decisions/1", "Location names the register row")
        check(answer["decisions"] == evaluated["decisions"], "decisions equal `regels eval`")
        check(answer["errors"] == evaluated["errors"], "errors equal `regels eval`")
        check(answer["rules"] == evaluated["rules"], "rules receipts equal `regels eval`")
        check(len(answer["decisions"]) > 10, "many decisions (%d)" % len(answer["decisions"]))
        totaal = [d for d in answer["decisions"] if d["decision"] == "rijksbijdrage.totaal_laag"]
        check(totaal and totaal[0]["value"] == "11523111.00", "totaal_laag is 11523111.00")

        code, out, err = run([regels, "eval", rules, "--facts", WESTWIJK, "--as-of", AS_OF,
                              "--format", "json", "--explain", "--decision", "uitkering"])
        status, doc = server.json("POST", "/v1/decisions?as_of=%s&explain=true&decision=uitkering"
                                  % AS_OF, facts)
        check(status == 200 and doc["decisions"] == json.loads(out)["decisions"],
              "with explain=true and a selection: equal to `regels eval --explain --decision`")
        # Layout of the facts does not change their digest.
        compact = json.dumps(json.loads(facts), separators=(",", ":"), sort_keys=False).encode()
        status, doc2 = server.json("POST", "/v1/decisions?as_of=" + AS_OF, compact)
        check(status == 200 and doc2["facts"]["sha256"] == answer["facts"]["sha256"],
              "facts digest is over canonical JSON (same for compact and indented facts)")

        # ---- the register row -------------------------------------------------------------
        status, headers, row_body = server.request("GET", "/v1/decisions/1")
        row = json.loads(row_body)
        check(status == 200, "GET /v1/decisions/1: 200")
        start = row_body.index(b'"response":') + len(b'"response":')
        check(row_body[start:-2] == body, "the registered answer is byte for byte the answer sent")
        check(row["rules_hash"] == answer["rules"]["hash"] and row["as_of"] == AS_OF and
              row["facts_sha256"] == answer["facts"]["sha256"], "row: rules hash, as_of, digest")

        # ---- explanations, regenerated ----------------------------------------------------
        status, headers, html = server.request("GET", "/v1/decisions/1/explanation?format=html")
        check(status == 200 and b"11.523.111,00" in html and b"<section class=\"card\"" in html,
              "explanation as HTML: the report's cards with € 11.523.111,00")
        status, headers, text = server.request("GET", "/v1/decisions/1/explanation?format=text")
        check(status == 200 and "11.523.111,00" in text.decode(), "explanation as text")
        status, ex = server.json("GET", "/v1/decisions/1/explanation?format=json")
        code, out, err = run([regels, "eval", rules, "--facts", WESTWIJK, "--as-of", AS_OF,
                              "--format", "json", "--explain"])
        check(status == 200 and ex["decisions"] == json.loads(out)["decisions"],
              "explanation as JSON equals `regels eval --explain`")
        status, headers, en = server.request("GET",
                                             "/v1/decisions/1/explanation?format=text&lang=en")
        code, out, err = run([regels, "eval", rules, "--facts", WESTWIJK, "--as-of", AS_OF,
                              "--explain", "--lang", "en"])
        check(status == 200 and en.decode().split("\n\n", 1)[1] == out.split("\n\n", 1)[1],
              "explanation in English equals `regels eval --explain --lang en` (after receipts)")

        # ---- the other routes -------------------------------------------------------------
        status, r = server.json("GET", "/v1/rules")
        check(status == 200 and r["hash"] == answer["rules"]["hash"] and
              any(d["name"] == "rijksbijdrage.totaal_laag" and
                  d["label"] == "de totale rijksbijdrage, ondergrens" for d in r["decisions"]) and
              len(r["documents"]) > 0 and len(r["files"]) > 10, "GET /v1/rules")
        status, h = server.json("GET", "/healthz")
        check(status == 200 and h["status"] == "ok", "GET /healthz")
        status, api = server.json("GET", "/v1/openapi.json")
        paths = set(api.get("paths", {}))
        check(status == 200 and api["openapi"].startswith("3.1") and
              {"/v1/decisions", "/v1/decisions/{id}", "/v1/decisions/{id}/explanation",
               "/v1/rules", "/v1/rules/reload", "/healthz", "/metrics", "/v1/openapi.json",
               "/"} <= paths, "GET /v1/openapi.json lists every route")
        status, headers, page = server.request("GET", "/")
        check(status == 200 and b"<html lang=\"nl\">" in page, "GET / is the reviewer page")

        # ---- errors -----------------------------------------------------------------------
        def expect(label, method, path, body, want, code_prefix):
            status, headers, data = server.request(method, path, body)
            doc = json.loads(data)
            ok = status == want and doc["errors"] and doc["errors"][0]["code"].startswith(code_prefix)
            check(ok, "%s: %d %s (got %d %s)" % (label, want, code_prefix, status,
                                                 doc["errors"][0]["code"] if doc.get("errors") else "-"))
            record(label, status, doc)
            return doc

        expect("not JSON", "POST", "/v1/decisions?as_of=" + AS_OF, b'{"Plan": [', 400, "E4")
        bad = json.loads(facts)
        bad["Plan"][1]["woningen"] = "veel"
        doc = expect("a wrong type", "POST", "/v1/decisions?as_of=" + AS_OF,
                     json.dumps(bad, indent=2).encode(), 400, "E4")
        check(doc["errors"][0].get("path") == "/Plan/1/woningen" and "line" in doc["errors"][0],
              "a facts error names its JSON path and line:column")
        expect("an unknown record type", "POST", "/v1/decisions?as_of=" + AS_OF,
               b'{"Planned": []}', 400, "E4")
        expect("no as_of", "POST", "/v1/decisions", facts, 400, "E6010")
        expect("a bad as_of", "POST", "/v1/decisions?as_of=28-11-2026", facts, 400, "E6010")
        expect("a bad explain", "POST", "/v1/decisions?as_of=%s&explain=ja" % AS_OF, facts, 400,
               "E6010")
        expect("an unknown decision", "POST",
               "/v1/decisions?as_of=%s&decision=totaal_lag" % AS_OF, facts, 400, "E5001")
        expect("an unknown id", "GET", "/v1/decisions/999", None, 404, "E6009")
        expect("not an id", "GET", "/v1/decisions/abc", None, 404, "E6009")
        expect("an unknown path", "GET", "/v2/nothing", None, 404, "E6009")
        expect("a bad format", "GET", "/v1/decisions/1/explanation?format=pdf", None, 400,
               "E6010")
        expect("too large", "POST", "/v1/decisions?as_of=" + AS_OF,
               b" " * (9 << 20), 413, "E6007")

        # ---- metrics ----------------------------------------------------------------------
        status, headers, metrics = server.request("GET", "/metrics")
        m = metrics.decode()
        check(status == 200 and 'regels_requests_total{route="/v1/decisions",status="200"} 3' in m
              and "regels_register_rows 3" in m and "regels_request_duration_seconds_bucket" in m
              and 'regels_errors_total{code="E6009"}' in m, "GET /metrics (requests, latency, "
              "errors, register size)")

        # ---- hot reload ---------------------------------------------------------------------
        old_hash = answer["rules"]["hash"]
        victim = os.path.join(rules, "btw.rules")
        original = open(victim, encoding="utf-8").read()
        with open(victim, "a", encoding="utf-8") as f:
            f.write("\ndecision kapot: money = onbekende_naam\n")
        status, doc = server.json("POST", "/v1/rules/reload")
        check(status == 409 and doc["errors"][0]["code"] == "E6006" and doc["serving"] == old_hash
              and len(doc["errors"]) > 1, "reload with a broken rule file: 409, old version serves")
        record("reload (broken)", status, {"errors": doc["errors"][:1]})
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original)
        tests_file = os.path.join(rules, "westwijk_test.rules")
        tests_text = open(tests_file, encoding="utf-8").read()
        with open(tests_file, "w", encoding="utf-8") as f:
            f.write(tests_text.replace("inschatting_laag(gebied: \"vlaardingen-westwijk\") = "
                                       "€ 1.800.000,00", "inschatting_laag(gebied: "
                                       "\"vlaardingen-westwijk\") = € 1.800.001,00"))
        status, doc = server.json("POST", "/v1/rules/reload")
        check(status == 409 and doc["errors"][0]["code"] == "E6006" and doc["serving"] == old_hash
              and doc.get("tests") == "failed",
              "reload with a failing test: 409, old version serves")
        record("reload (failing test)", status, {"errors": doc["errors"][:1]})
        with open(tests_file, "w", encoding="utf-8") as f:
            f.write(tests_text)
        with open(victim, "a", encoding="utf-8") as f:
            f.write("\ndecision kapot: money = onbekende_naam\n")
        server.proc.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        status, doc = server.json("POST", "/v1/decisions?as_of=%s&decision=totaal_laag" % AS_OF,
                                  facts)
        check(status == 200 and doc["rules"]["hash"] == old_hash and
              doc["decisions"][0]["value"] == "11523111.00",
              "after SIGHUP with a broken file: still deciding under the old version")
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original + "\n# a comment: a new version with the same decisions\n")
        status, doc = server.json("POST", "/v1/rules/reload")
        new_hash = doc.get("serving")
        check(status == 200 and new_hash != old_hash and doc.get("tests") == "passed",
              "reload with good rules: tests pass, 200, new version")
        status, doc = server.json("POST", "/v1/decisions?as_of=%s&decision=totaal_laag" % AS_OF,
                                  facts)
        check(status == 200 and doc["rules"]["hash"] == new_hash, "the new version decides")
        new_id = doc["id"]
        status, headers, html = server.request("GET", "/v1/decisions/1/explanation?format=html")
        check(status == 200 and old_hash.encode() in html,
              "an old decision's explanation is regenerated under its own (old) rule version")
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original + "\ndecision kapot: money = onbekende_naam\n")
        server.proc.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        status, h = server.json("GET", "/healthz")
        check(h["rules_hash"] == new_hash, "SIGHUP with a broken file keeps the new version")
        with open(victim, "w", encoding="utf-8") as f:
            f.write(original)

        # ---- over capacity (503) and the time budget ---------------------------------------
        small = Server(regels, os.path.join(tmp, "small.db"), rules=(rules,),
                       extra=("--max-concurrent", "1", "--max-body", "100000"))
        try:
            hold = socket.create_connection(("127.0.0.1", small.port), timeout=30)
            hold.sendall(("POST /v1/decisions?as_of=%s HTTP/1.1\r\nHost: x\r\n"
                          "Content-Length: %d\r\n\r\n" % (AS_OF, len(facts))).encode()
                         + facts[:100])
            time.sleep(0.5)  # the server is now reading the first request's body
            status, headers, data = small.request("POST", "/v1/decisions?as_of=" + AS_OF, facts)
            doc = json.loads(data)
            check(status == 503 and doc["errors"][0]["code"] == "E6008" and
                  headers.get("Retry-After") == "1", "over capacity: 503 E6008 with Retry-After")
            record("over capacity", status, doc)
            hold.sendall(facts[100:])
            reply = hold.recv(65536)
            check(reply.startswith(b"HTTP/1.1 200"), "the request holding the slot is answered")
            hold.close()
            status, headers, data = small.request("POST", "/v1/decisions?as_of=" + AS_OF,
                                                  b"[" * 200_000)
            doc = json.loads(data)
            check(status == 413, "--max-body: 413")
            # A register another program holds locked: no answer without a commit (500).
            lock = sqlite3.connect(os.path.join(tmp, "small.db"), timeout=1)
            lock.execute("BEGIN EXCLUSIVE")
            status, headers, data = small.request("POST", "/v1/decisions?as_of=" + AS_OF, facts,
                                                  timeout=60)
            doc = json.loads(data)
            check(status == 500 and doc["errors"][0]["code"] == "E6011",
                  "a register that cannot commit: 500 E6011, no decision answered")
            record("register locked", status, doc)
            lock.rollback()
            lock.close()
            status, doc = small.json("POST", "/v1/decisions?as_of=" + AS_OF, facts)
            check(status == 200, "after the lock is released the register commits again")
        finally:
            check(small.stop() == 0, "SIGTERM: the second server exits 0")

        slow = Server(regels, os.path.join(tmp, "slow.db"), rules=("tests/golden/cli/traag.rules",),
                      extra=("--max-time", "50"))
        try:
            traag = open("tests/golden/cli/traag.json", "rb").read()
            status, doc = slow.json("POST", "/v1/decisions?as_of=" + AS_OF, traag)
            check(status == 200 and any(e["code"] == "E3013" for e in doc["errors"]),
                  "--max-time: the decision errors as in the CLI (E3013), answer 200")
        finally:
            slow.stop()
    finally:
        check(server.stop() == 0, "SIGTERM: the server finishes and exits 0")

    # ---- replay and verify ----------------------------------------------------------------
    code, out, err = run([regels, "register", "verify", db])
    check(code == 0 and "chain intact" in err, "register verify: intact (%s)" % err.strip())
    record_cli("verify (intact)", code, err, tmp)
    for rid in (1, 2, new_id):
        code, out, err = run([regels, "replay", db, str(rid)])
        check(code == 0 and "identical" in err, "replay %d: identical" % rid)
    code, out, err = run([regels, "replay", db, "999"])
    check(code == 2, "replay of an unknown id: exit 2")
    record_cli("replay (unknown id)", code, err, tmp)
    not_db = os.path.join(tmp, "not.db")
    open(not_db, "w").write("dit is geen register\n")
    code, out, err = run([regels, "register", "verify", not_db])
    check(code == 2, "verify of a file that is not a register: exit 2")
    record_cli("verify (not a register)", code, err, tmp)

    # ---- tampering --------------------------------------------------------------------------
    def tampered(name, statements):
        copy = os.path.join(tmp, name + ".db")
        shutil.copy(db, copy)
        con = sqlite3.connect(copy)
        con.executescript("DROP TRIGGER decisions_no_update; DROP TRIGGER decisions_no_delete;"
                          "DROP TRIGGER rule_versions_no_update;"
                          "DROP TRIGGER rule_versions_no_delete;" + statements)
        con.commit()
        con.close()
        return copy

    # The triggers refuse changes from any program that does not drop them first.
    con = sqlite3.connect(db)
    try:
        con.execute("UPDATE decisions SET as_of = '2030-01-01' WHERE id = 2")
        check(False, "the register refuses UPDATE")
    except sqlite3.DatabaseError as e:
        check("append-only" in str(e), "the register refuses UPDATE (%s)" % e)
    con.close()

    copy = tampered("changed", "UPDATE decisions SET response = replace(response, "
                    "'11523111.00', '11523112.00') WHERE id = 1;")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "row 1 " in err and "E6002" in err, "a changed answer: row 1 named")
    record_cli("verify (answer changed)", code, err, tmp)
    code, out, err = run([regels, "replay", copy, "1"])
    check(code == 1 and "E6005" in err, "replay of a changed row: exit 1 with the difference")
    record_cli("replay (answer changed)", code, err, tmp)
    copy = tampered("facts", "UPDATE decisions SET facts = replace(facts, '405', '406') "
                    "WHERE id = 3;")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "row 3 " in err, "changed facts: row 3 named")
    copy = tampered("time", "UPDATE decisions SET time = '2020-01-01T00:00:00.000Z' WHERE id = 1;")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "row 1 " in err, "a changed time: row 1 named")
    copy = tampered("rehashed", "UPDATE decisions SET as_of = '2030-01-01' WHERE id = 2;")
    # Recompute row 2's content hash as a forger would: the chain still breaks at row 2 or 3.
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "row 2 " in err, "a changed as_of: row 2 named")
    copy = tampered("removed", "DELETE FROM decisions WHERE id = 2;")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "row 2 was removed" in err and "E6003" in err, "a removed row: named")
    record_cli("verify (row removed)", code, err, tmp)
    copy = tampered("removed_last", "DELETE FROM decisions WHERE id = (SELECT max(id) FROM "
                    "decisions);")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "E6003" in err, "the newest row removed: caught by the head")
    record_cli("verify (newest row removed)", code, err, tmp)
    copy = tampered("rules", "UPDATE rule_versions SET files = replace(files, '7000', '7001');")
    code, out, err = run([regels, "register", "verify", copy])
    check(code == 1 and "E6004" in err, "a changed rule version: E6004")
    record_cli("verify (rule version changed)", code, err, tmp)
    code, out, err = run([regels, "replay", copy, "1"])
    check(code == 1 and "E6004" in err, "replay under a changed rule version: E6004")

# ---- the golden -------------------------------------------------------------------------------
# Rule hashes change with every edit of rules/nplv; what is pinned is the wording.
actual = re.sub(r"sha256:[0-9a-f]{64}", "sha256:<hash>", "\n".join(lines) + "\n")
actual = actual.replace(scratch[0], "<tmp>")
if os.environ.get("REGELS_UPDATE_GOLDEN") == "1":
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    open(GOLDEN, "w", encoding="utf-8").write(actual)
    print("updated " + GOLDEN)
else:
    expected = open(GOLDEN, encoding="utf-8").read() if os.path.exists(GOLDEN) else ""
    if actual != expected:
        open(GOLDEN + ".actual", "w", encoding="utf-8").write(actual)
    check(actual == expected, "error messages match " + GOLDEN + " (see .actual)")
check.finish()
