#!/usr/bin/env python3
"""Mutation testing of every rule file under rules/: do the tests notice a changed rule?

    scripts/mutate.py REGELS [--all] [--threshold P] [--jobs N] [--timeout S]
                             [--per-stratum K] [--seed S] [--list] [--file PATH] [--verbose]

For every `.rules` file under rules/ that is not a `_test.rules` file, the generator makes
mutants by operator (see OPERATORS), one change each, in the rules, in the constraints of
record fields, in parameter versions and in table rows. Comments and quoted texts (the
citations) are never changed, nor `module`, `import`, `document`, `cite`, `enum` and `test`
declarations, nor a parameter's `during` period (it only states, for the checker, which days
must have a version: narrowing it is a check error, widening it changes no value).

Each mutant is written into a private copy of rules/ (and of examples/, which the tests read
as ../../examples/...) and its rule set is tested: `regels test COPY/rules/SET --as-of
2026-11-28`. Exit 1 from the tests: KILLED. Exit 0: SURVIVED. Exit 2 (the mutant does not
check): INVALID, not counted. No answer within the timeout: TIMEOUT, counted as killed.

Mutants listed in rules/nplv/COVERAGE.md under "Equivalent mutants" (file, the changed
text before and after, and why no test can tell them apart) are reported as EQUIVALENT and
not counted either; an entry that matches no mutant is reported, so the list cannot rot.

By default a deterministic sample is tested: at most --per-stratum mutants of each operator
in each file, chosen with --seed. `--all` tests every mutant. The output is sorted and the
same from run to run; the last line is `mutation score: K/N = P%`. Exit 1 when the score is
below --threshold (default $MUTATE_THRESHOLD, else 90), 2 when the tool cannot do its work.
Only the Python 3 standard library is used.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

AS_OF = "2026-11-28"
ROOT = Path(__file__).resolve().parent.parent
COVERAGE = ROOT / "rules" / "nplv" / "COVERAGE.md"

# Operator names, in the order the report lists them.
OPERATORS = {
    "cmp": "comparison: < <-> <=, > <-> >=, == <-> !=",
    "logic": "and <-> or",
    "not": "not removed",
    "if": "if branches swapped (the condition negated)",
    "arith": "+ <-> -, * <-> /",
    "minmax": "min <-> max",
    "round": "rounding mode changed",
    "int": "whole number (or year) +1 / -1",
    "money": "amount +/- EUR 1,00 (and +/- EUR 0,01 when it has cents)",
    "pct": "percentage +/- 1 in its last digit",
    "date": "date (or datetime) +/- 1 day",
    "bool": "true <-> false",
    "set": "set element removed",
    "enum": "enum value replaced by the next case",
}

# Top-level declarations whose text is never mutated.
SKIPPED_DECLS = {"module", "import", "document", "cite", "enum", "test"}

ROUNDING_SWAPS = {
    "half_up": ["down", "up"],
    "half_even": ["down", "up"],
    "half_down": ["down", "up"],
    "down": ["up", "half_up"],
    "up": ["down", "half_up"],
    "floor": ["ceiling", "half_up"],
    "ceiling": ["floor", "half_up"],
}

# ---- lexing ---------------------------------------------------------------------------------

TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<money>-?€[ ]*\d+(?:\.\d{3})*(?:,\d\d)?)
  | (?P<datetime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d))
  | (?P<date>\d{4}-\d\d-\d\d)
  | (?P<pct>\d+(?:,\d+)?%)
  | (?P<int>\d+)
  | (?P<ident>[^\W\d]\w*)
  | (?P<op><=|>=|==|!=|=>|\.\.|[<>=+\-*/(){}\[\],:.%])
  | (?P<other>.)
    """,
    re.VERBOSE,
)


@dataclasses.dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int
    line: int
    mutable: bool = True  # False in comments, skipped declarations, `during`, ...


def lex(text: str) -> list[Token]:
    tokens: list[Token] = []
    line = 1
    for m in TOKEN_RE.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        tokens.append(Token(kind, m.group(), m.start(), m.end(), line))
        if kind == "nl":
            line += 1
    return tokens


def significant(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind not in ("ws", "nl", "comment")]


def mark_immutable(tokens: list[Token]) -> None:
    """Marks the tokens no mutant may touch: whole skipped declarations and `during` clauses.

    A declaration starts at a line whose first character is a letter (column 0); it runs to
    the next such line."""
    decl = None
    line_start = 0
    in_during = False
    for t in tokens:
        if t.kind == "nl":
            line_start = t.end
            in_during = False
            continue
        if t.start == line_start and t.kind == "ident":
            decl = t.text
        if t.kind == "ident" and t.text == "during":
            in_during = True
        if decl in SKIPPED_DECLS or in_during or t.kind in ("comment", "string"):
            t.mutable = False


# ---- mutants --------------------------------------------------------------------------------


@dataclasses.dataclass
class Mutant:
    file: str  # relative to the repository, e.g. rules/nplv/nplv.rules
    line: int
    column: int
    op: str
    start: int
    end: int
    replacement: str
    decl: str = ""  # the declaration it is in, e.g. `parameter huurtoeslaggrens`
    before: str = ""  # the changed lines, whitespace collapsed
    after: str = ""
    widens: bool = False  # loosens a field constraint: only a refused record could show it
    result: str = ""  # killed, survived, invalid, timeout, equivalent
    seconds: float = 0.0

    def key(self) -> tuple:
        return (self.file, self.line, self.column, self.op, self.replacement)

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


def collapse(s: str) -> str:
    return " ".join(s.split())


def money_cents(text: str) -> int:
    neg = text.startswith("-")
    digits = text.lstrip("-").lstrip("€").strip()
    euros, _, cents = digits.partition(",")
    value = int(euros.replace(".", "")) * 100 + (int(cents) if cents else 0)
    return -value if neg else value


def format_money(cents: int, like: str) -> str:
    """An amount in the style of `like`: grouped or not, with or without cents."""
    neg = cents < 0
    cents = abs(cents)
    euros, rest = divmod(cents, 100)
    body = like.lstrip("-").lstrip("€")
    space = " " if body.startswith(" ") else ""
    digits = body.strip()
    grouped = "." in digits.split(",")[0] or int(digits.split(",")[0].replace(".", "")) < 1000
    euro_text = f"{euros:,}".replace(",", ".") if grouped else str(euros)
    has_cents = "," in digits or rest != 0
    text = f"€{space}{euro_text}" + (f",{rest:02d}" if has_cents else "")
    return ("-" if neg else "") + text


def shift_pct(text: str, delta: int) -> str | None:
    body = text[:-1]
    whole, _, frac = body.partition(",")
    scale = 10 ** len(frac)
    value = int(whole) * scale + (int(frac) if frac else 0) + delta
    if value < 0:
        return None
    w, f = divmod(value, scale)
    return f"{w}" + (f",{f:0{len(frac)}d}" if frac else "") + "%"


def shift_date(text: str, days: int) -> str:
    d = datetime.date.fromisoformat(text[:10]) + datetime.timedelta(days=days)
    return d.isoformat() + text[10:]


VALUE_END = {"ident", "int", "money", "pct", "date", "datetime", "string"}
SET_OPENERS = {"=", "in", "overlaps", "==", "!=", "(", ",", "then", "else", "=>", ":", "["}


def is_value_end(t: Token | None) -> bool:
    return t is not None and (t.kind in VALUE_END or t.text in (")", "]", "}"))


def enum_cases(texts: dict[str, str]) -> dict[str, list[str]]:
    """Every enum case of the rule set, with the cases of its enum in order."""
    cases: dict[str, list[str]] = {}
    for text in texts.values():
        for m in re.finditer(r"(?m)^enum\s+\w+\s*\{([^}]*)\}", text):
            names = [n.strip() for n in m.group(1).split(",") if n.strip()]
            for n in names:
                cases[n] = names
    return cases


def generate(rel: str, text: str, cases: dict[str, list[str]]) -> list[Mutant]:
    tokens = lex(text)
    mark_immutable(tokens)
    sig = significant(tokens)
    out: list[Mutant] = []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def add(op: str, start: int, end: int, replacement: str, line: int) -> None:
        out.append(Mutant(rel, line, start - line_starts[line - 1] + 1, op, start, end, replacement,
                          widens=widens(op, start, replacement)))

    # Which tokens are in a record declaration (its field constraints), and the comparison
    # before each bound there.
    in_record: set[int] = set()
    decl = None
    for t in tokens:
        if t.kind == "ident" and (t.start == 0 or text[t.start - 1] == "\n"):
            decl = t.text
        if decl == "record":
            in_record.add(t.start)
    bound_cmp: dict[int, str] = {}
    for i, t in enumerate(sig):
        if t.start in in_record and t.text in ("<", "<=", ">", ">=") and i + 1 < len(sig):
            bound_cmp[sig[i + 1].start] = t.text

    def widens(op: str, start: int, replacement: str) -> bool:
        """A mutant of a field constraint that admits more values than the original: no test
        can see it, because a test cannot expect facts to be refused."""
        if start not in in_record:
            return False
        if op == "logic":
            return replacement == "or"
        if op == "cmp":
            return replacement in ("<=", ">=")
        cmp = bound_cmp.get(start)
        if cmp is None or op not in ("int", "money", "pct", "date"):
            return False
        original = next(t for t in sig if t.start == start)
        lower = bound_value(op, replacement) < bound_value(op, original.text)
        return lower if cmp in (">", ">=") else not lower

    for i, t in enumerate(sig):
        if not t.mutable:
            continue
        prev = sig[i - 1] if i > 0 else None
        nxt = sig[i + 1] if i + 1 < len(sig) else None
        if t.kind == "op":
            swap = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}
            if t.text in swap:
                add("cmp", t.start, t.end, swap[t.text], t.line)
            elif t.text in ("+", "-", "*", "/") and is_value_end(prev):
                add("arith", t.start, t.end, {"+": "-", "-": "+", "*": "/", "/": "*"}[t.text], t.line)
            elif t.text == "{" and prev is not None and prev.text in SET_OPENERS:
                set_mutants(sig, i, add)
        elif t.kind == "ident":
            if t.text in ("and", "or"):
                add("logic", t.start, t.end, "or" if t.text == "and" else "and", t.line)
            elif t.text == "not":
                end = nxt.start if nxt is not None else t.end
                add("not", t.start, end, "", t.line)
            elif t.text == "if" and not (nxt is not None and nxt.text == "not"):
                # (`if not C` swapped is `if C`: the mutant that removes the `not`)
                if_mutant(sig, i, add)
            elif t.text in ("min", "max") and nxt is not None and nxt.text == "(":
                add("minmax", t.start, t.end, "max" if t.text == "min" else "min", t.line)
            elif t.text in ROUNDING_SWAPS and prev is not None and prev.text == ",":
                for mode in ROUNDING_SWAPS[t.text]:
                    add("round", t.start, t.end, mode, t.line)
            elif t.text in ("true", "false"):
                add("bool", t.start, t.end, "false" if t.text == "true" else "true", t.line)
            elif t.text in cases and enum_position(prev, nxt):
                names = cases[t.text]
                if len(names) > 1:
                    other = names[(names.index(t.text) + 1) % len(names)]
                    add("enum", t.start, t.end, other, t.line)
        elif t.kind == "int":
            value = int(t.text)
            for v in (value + 1, value - 1):
                add("int", t.start, t.end, str(v), t.line)
        elif t.kind == "money":
            cents = money_cents(t.text)
            deltas = [100, -100] + ([1, -1] if cents % 100 else [])
            for d in deltas:
                add("money", t.start, t.end, format_money(cents + d, t.text), t.line)
        elif t.kind == "pct":
            for d in (1, -1):
                s = shift_pct(t.text, d)
                if s is not None:
                    add("pct", t.start, t.end, s, t.line)
        elif t.kind in ("date", "datetime"):
            for d in (1, -1):
                add("date", t.start, t.end, shift_date(t.text, d), t.line)

    decl_at = [(m.start(), f"{m.group(1)} {m.group(2)}")
               for m in re.finditer(r"(?m)^(\w+)\s+(\w+)", text)]
    for m in out:
        m.decl = next((d for start, d in reversed(decl_at) if start <= m.start), "")
        first = text.rfind("\n", 0, m.start) + 1
        last = text.find("\n", m.end)
        last = len(text) if last < 0 else last
        m.before = collapse(text[first:last])
        m.after = collapse(text[first : m.start] + m.replacement + text[m.end : last])
    return out


def bound_value(op: str, text: str):
    if op == "int":
        return int(text)
    if op == "money":
        return money_cents(text)
    if op == "pct":
        whole, _, frac = text[:-1].partition(",")
        return float(f"{whole}.{frac or 0}")
    return text  # dates and datetimes (ISO text) compare in order


def enum_position(prev: Token | None, nxt: Token | None) -> bool:
    """An enum case used as a value: not a match arm's pattern (`orv =>`), a module or a call
    (`orv.x`, `orv(…)`), a field name (`opslag:`) or a qualified name's second part."""
    if nxt is not None and nxt.text in ("=>", ".", "(", ":"):
        return False
    return prev is None or prev.text != "."


def matching_close(sig: list[Token], i: int) -> int | None:
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for j in range(i, len(sig)):
        if sig[j].text in pairs:
            depth += 1
        elif sig[j].text in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    return None


def set_mutants(sig: list[Token], i: int, add) -> None:
    """A set literal `{a, b, c}`: one mutant per element, without it."""
    close = matching_close(sig, i)
    if close is None or close == i + 1:
        return
    elements: list[tuple[int, int]] = []  # token index ranges [a, b)
    depth = 0
    a = i + 1
    for j in range(i + 1, close):
        if sig[j].text in "([{":
            depth += 1
        elif sig[j].text in ")]}":
            depth -= 1
        elif sig[j].text == "," and depth == 0:
            elements.append((a, j))
            a = j + 1
    elements.append((a, close))
    texts = []
    for a, b in elements:
        texts.append("".join(sig[k].text if k == a else _gap(sig, k) + sig[k].text for k in range(a, b)))
    for n, _ in enumerate(elements):
        rest = [s for k, s in enumerate(texts) if k != n]
        add("set", sig[i].start, sig[close].end, "{" + ", ".join(rest) + "}", sig[i].line)


def _gap(sig: list[Token], k: int) -> str:
    return " " if sig[k].start > sig[k - 1].end else ""


def if_mutant(sig: list[Token], i: int, add) -> None:
    """`if C then A else B` becomes `if not (C) then A else B`: the branches swapped."""
    depth = 0
    nested = 0
    for j in range(i + 1, len(sig)):
        s = sig[j].text
        if s in "([{":
            depth += 1
        elif s in ")]}":
            depth -= 1
        elif depth == 0 and s == "if":
            nested += 1
        elif depth == 0 and s == "then":
            if nested == 0:
                add("if", sig[i].start, sig[j].end,
                    "if not (" + _text_between(sig, i + 1, j) + ") then", sig[i].line)
                return
            nested -= 1


def _text_between(sig: list[Token], a: int, b: int) -> str:
    return "".join(sig[k].text if k == a else _gap(sig, k) + sig[k].text for k in range(a, b))


def rule_files() -> list[Path]:
    files = []
    for p in sorted((ROOT / "rules").rglob("*.rules")):
        if not p.name.endswith("_test.rules"):
            files.append(p)
    return files


def rule_set_of(rel: str) -> str:
    """rules/nplv/gebieden/x.rules -> rules/nplv"""
    parts = Path(rel).parts
    return str(Path(*parts[:2]))


def all_mutants() -> list[Mutant]:
    files = rule_files()
    by_set: dict[str, dict[str, str]] = {}
    for p in files:
        rel = str(p.relative_to(ROOT))
        by_set.setdefault(rule_set_of(rel), {})[rel] = p.read_text(encoding="utf-8")
    mutants: list[Mutant] = []
    for texts in by_set.values():
        cases = enum_cases(texts)
        for rel, text in texts.items():
            seen: set[str] = set()
            for m in generate(rel, text, cases):
                mutated = m.apply(text)
                if mutated == text or mutated in seen:
                    continue
                seen.add(mutated)
                mutants.append(m)
    mutants.sort(key=Mutant.key)
    return mutants


def sample(mutants: list[Mutant], per_stratum: int, seed: str) -> list[Mutant]:
    """At most `per_stratum` mutants of each operator in each file, chosen by a generator
    seeded with the seed, the file and the operator: a change elsewhere does not reshuffle."""
    strata: dict[tuple[str, str], list[Mutant]] = {}
    for m in mutants:
        strata.setdefault((m.file, m.op), []).append(m)
    chosen: list[Mutant] = []
    for (file, op), group in sorted(strata.items()):
        if len(group) <= per_stratum:
            chosen.extend(group)
        else:
            rng = random.Random(f"{seed}:{file}:{op}")
            chosen.extend(rng.sample(group, per_stratum))
    chosen.sort(key=Mutant.key)
    return chosen


# ---- equivalent mutants ---------------------------------------------------------------------

EQUIV_ROW = re.compile(
    r"^\|\s*`?(rules/[^|`]+\.rules)`?\s*\|\s*`([^`]*)`\s*\|\s*`([^`]*)`\s*→\s*`([^`]*)`\s*\|")


def read_equivalents() -> dict[tuple[str, str, str, str], int]:
    """The table under `## Equivalent mutants` in COVERAGE.md: file, `declaration`, `before`
    → `after`, reason. Maps (file, declaration, before, after) to the table's line number."""
    if not COVERAGE.exists():
        return {}
    found: dict[tuple[str, str, str, str], int] = {}
    in_section = False
    for n, line in enumerate(COVERAGE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            in_section = line.strip().lower().startswith("## equivalent mutants")
            continue
        if in_section:
            m = EQUIV_ROW.match(line)
            if m:
                found[(m.group(1).strip(), collapse(m.group(2)), collapse(m.group(3)),
                       collapse(m.group(4)))] = n
    return found


# ---- running --------------------------------------------------------------------------------


class Workspace:
    """A private copy of rules/ and examples/ for one worker; a mutant is written into it and
    the original file put back afterwards."""

    def __init__(self, base: Path, n: int):
        self.dir = base / f"w{n}"
        self.dir.mkdir()
        shutil.copytree(ROOT / "rules", self.dir / "rules")
        shutil.copytree(ROOT / "examples", self.dir / "examples")


def run_tests(regels: str, ws: Workspace, rule_set: str, timeout: float) -> tuple[int | None, str]:
    try:
        p = subprocess.run(
            [regels, "test", str(ws.dir / rule_set), "--as-of", AS_OF],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
            text=True, errors="replace",
        )
    except subprocess.TimeoutExpired:
        return None, ""
    return p.returncode, p.stdout


def run_mutant(regels: str, ws: Workspace, m: Mutant, originals: dict[str, str], timeout: float,
               verbose: bool) -> None:
    path = ws.dir / m.file
    original = originals[m.file]
    path.write_text(m.apply(original), encoding="utf-8")
    t0 = time.monotonic()
    try:
        rc, output = run_tests(regels, ws, rule_set_of(m.file), timeout)
    finally:
        path.write_text(original, encoding="utf-8")
    m.seconds = time.monotonic() - t0
    if rc is None:
        m.result = "timeout"
    elif rc == 1:
        m.result = "killed"
    elif rc == 0:
        m.result = "survived"
    elif rc == 2:
        m.result = "invalid"
    else:
        m.result = "error"
        if verbose:
            print(f"mutate: {m.file}:{m.line}: regels exited {rc}:\n{output}", file=sys.stderr)


def pct(k: int, n: int) -> str:
    return f"{100.0 * k / n:.1f}%" if n else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("regels", nargs="?", default="build/release/regels",
                    help="the regels binary (default: build/release/regels)")
    ap.add_argument("--all", action="store_true", help="every mutant, not the sample")
    ap.add_argument("--per-stratum", type=int, default=int(os.environ.get("MUTATE_PER_STRATUM", "8")),
                    help="the sample: at most this many mutants per operator per file (default 8)")
    ap.add_argument("--seed", default=os.environ.get("MUTATE_SEED", "regels"))
    ap.add_argument("--threshold", type=float,
                    default=float(os.environ.get("MUTATE_THRESHOLD", "90")))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATE_JOBS", "2")))
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per mutant (default: 10 x the unchanged run, at least 20)")
    ap.add_argument("--file", action="append", default=[],
                    help="only mutants of this rule file (repeatable)")
    ap.add_argument("--count-widened", action="store_true",
                    help="also run and count the mutants that loosen a field constraint")
    ap.add_argument("--list", action="store_true", help="list the mutants; run nothing")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    regels = Path(args.regels)
    if not regels.is_absolute():
        regels = ROOT / regels
    if not args.list and not os.access(regels, os.X_OK):
        print(f"mutate: no regels binary at `{args.regels}` (build first, or pass its path)",
              file=sys.stderr)
        return 2

    everything = all_mutants()
    if args.file:
        wanted = {str(Path(f)) for f in args.file}
        everything = [m for m in everything if m.file in wanted]
    mutants = everything if args.all else sample(everything, args.per_stratum, args.seed)
    if args.list:
        for m in mutants:
            print(f"{m.file}:{m.line}:{m.column} [{m.op}] {m.before}  =>  {m.after}")
        print(f"{len(mutants)} of {len(everything)} mutants")
        return 0

    equivalents = read_equivalents()
    originals = {m.file: (ROOT / m.file).read_text(encoding="utf-8") for m in mutants}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="regels-mutate.") as tmp:
        workspaces = [Workspace(Path(tmp), n) for n in range(max(1, args.jobs))]
        timeout = args.timeout
        for rule_set in sorted({rule_set_of(m.file) for m in mutants}):
            t0 = time.monotonic()
            rc, output = run_tests(str(regels), workspaces[0], rule_set, 600)
            if rc != 0:
                print(f"mutate: the tests of {rule_set} do not pass on the unchanged rules; "
                      f"fix that first:\n{output}", file=sys.stderr)
                return 2
            if args.timeout is None:
                timeout = max(timeout or 0, 20.0, 10 * (time.monotonic() - t0))

        free = list(workspaces)
        lock = threading.Lock()

        def work(m: Mutant) -> None:
            if (m.file, m.decl, m.before, m.after) in equivalents:
                m.result = "equivalent"
                return
            if m.widens and not args.count_widened:
                m.result = "widened"
                return
            with lock:
                ws = free.pop()
            try:
                run_mutant(str(regels), ws, m, originals, timeout, args.verbose)
            finally:
                with lock:
                    free.append(ws)

        with concurrent.futures.ThreadPoolExecutor(max_workers=len(workspaces)) as pool:
            list(pool.map(work, mutants))
    elapsed = time.monotonic() - started

    errors = [m for m in mutants if m.result == "error"]
    if errors:
        for m in errors:
            print(f"mutate: {m.file}:{m.line}: the test run crashed ({m.before} => {m.after})",
                  file=sys.stderr)
        return 2

    # The report: per file, per operator, the survivors, the score.
    mode = "every mutant" if args.all else (
        f"a sample: at most {args.per_stratum} per operator per file, seed `{args.seed}`; "
        "--all for every mutant")
    print(f"mutation test of {len({m.file for m in everything})} rule files: "
          f"{len(mutants)} of {len(everything)} mutants ({mode})")
    print()

    def counts(ms: list[Mutant]) -> tuple[int, int, int, int, int, int]:
        killed = sum(m.result in ("killed", "timeout") for m in ms)
        survived = sum(m.result == "survived" for m in ms)
        invalid = sum(m.result == "invalid" for m in ms)
        equivalent = sum(m.result == "equivalent" for m in ms)
        widened = sum(m.result == "widened" for m in ms)
        return len(ms), killed, survived, invalid, equivalent, widened

    header = (f"{'':46} {'mutants':>7} {'killed':>6} {'survived':>8} {'invalid':>7} {'equiv':>5} "
              f"{'widened':>7} {'score':>6}")

    def table(title: str, groups: dict[str, list[Mutant]]) -> None:
        print(header.replace(" " * 46, f"{title:46}", 1))
        for name in groups:
            n, k, s, inv, eq, wd = counts(groups[name])
            print(f"{name:46} {n:7} {k:6} {s:8} {inv:7} {eq:5} {wd:7} {pct(k, k + s):>6}")
        print()

    by_file: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_file.setdefault(m.file, []).append(m)
    table("file", dict(sorted(by_file.items())))
    by_op: dict[str, list[Mutant]] = {op: [] for op in OPERATORS}
    for m in mutants:
        by_op[m.op].append(m)
    table("operator", {op: ms for op, ms in by_op.items() if ms})

    survivors = [m for m in mutants if m.result == "survived"]
    if survivors:
        print(f"{len(survivors)} survivors (no test fails):")
        for m in survivors:
            print(f"  {m.file}:{m.line}:{m.column} [{m.op}] in `{m.decl}`")
            print(f"      {m.before}")
            print(f"   -> {m.after}")
        print()
    timeouts = [m for m in mutants if m.result == "timeout"]
    for m in timeouts:
        print(f"timeout (counted as killed): {m.file}:{m.line} [{m.op}] {m.after}")
    used = {(m.file, m.decl, m.before, m.after) for m in mutants if m.result == "equivalent"}
    if args.all and not args.file:
        for key, n in sorted(equivalents.items(), key=lambda kv: kv[1]):
            if key not in used:
                print(f"note: {COVERAGE.relative_to(ROOT)}:{n}: no mutant is `{key[2]}` → `{key[3]}` "
                      f"in `{key[1]}` of {key[0]} any more; remove the entry")

    n, k, s, inv, eq, wd = counts(mutants)
    print(f"not counted: {inv} invalid (the mutant does not check), {eq} equivalent (listed in "
          f"rules/nplv/COVERAGE.md), {wd} widened (a field constraint loosened: no test can "
          f"expect facts to be refused; --count-widened runs them)")
    if timeouts:
        print(f"{len(timeouts)} timed out (counted as killed)")
    if wd:
        print(f"with the widened constraints as survivors: {k}/{k + s + wd} = {pct(k, k + s + wd)}")
    # The run time varies from run to run: on stderr, so that stdout is the same each time.
    print(f"mutate: {len(mutants) - eq - wd} mutants tested in {elapsed:.0f} s with {len(workspaces)} workers",
          file=sys.stderr)
    score = 100.0 * k / (k + s) if k + s else 100.0
    print(f"mutation score: {k}/{k + s} = {score:.1f}%")
    if score < args.threshold:
        print(f"mutate: the score is below the threshold of {args.threshold:g}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
