#!/usr/bin/env python3
"""Scaling benchmark: how `regels eval` grows with the number of records (issue 25).

    python3 bench/scaling.py [--sizes 1000,10000,100000] [--workloads soo,claims,...]
        [--plan indexed|naive|both] [--timeout 120] [--regels build/release/regels]
        [--limit build/release/bench/limit_soo] [--workdir DIR] [--seed 42]
        [--facts-format auto|json|jsonl] [--keep-outputs]

Four workloads, each generated from the shipped rules with a seeded RNG (see bench/README.md,
"Scaling"):

    soo            rules/soo: N applications (Aanvraag), first come first served
    claims         rules/nplv: N national claims (plafond: Aanvraag, pro rata and in order)
    declarations   rules/nplv: N declarations (uitbetaling: Declaratie), with the claims and
                   table rows (Gebied, Maatregel, Activiteit) they refer to
    registrations  rules/nplv: N registrations (Registratie) with N/10 plans (Plan) and the
                   areas (Gebied) they name

For each workload, size and plan it runs `regels eval RULES --facts ... --format jsonl
--output OUT --plan PLAN` and measures the child's wall time and peak resident memory
(ru_maxrss from wait4). Markdown goes to standard output, progress to standard error.

Exit status: 0 when every run that finished agrees (the two plans' outputs byte-identical
with --plan both, the limit program's total equal to the engine's); 1 on any mismatch or a
run that failed (exit 2 or a signal; a timeout is not a failure); 2 on bad usage.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import random
import re
import resource
import signal
import subprocess
import sys
import threading
import time

GENERATOR_VERSION = 1  # bump when a generator changes: cached facts files are named by it

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The NPLV areas (rules/nplv/gebieden/lijst.rules) with a weight for how many records each
# gets, and the municipality for its Gebied record. Vlaardingen Westwijk's Gebied, Maatregel
# and Activiteit rows are tables in the rules; the generators give the other areas theirs.
AREAS = [
    ("almere-haven", "Almere", 3),
    ("amsterdam-nieuw-west", "Amsterdam", 9),
    ("amsterdam-zuidoost", "Amsterdam", 7),
    ("arnhem-oost", "Arnhem", 3),
    ("breda-noordoost", "Breda", 3),
    ("den-haag-zuidwest", "Den Haag", 7),
    ("den-helder-centrum", "Den Helder", 2),
    ("eindhoven", "Eindhoven", 4),
    ("enschede-zuid", "Enschede", 3),
    ("groningen-noordoost", "Groningen", 4),
    ("heerlen-noord", "Heerlen", 3),
    ("leeuwarden-oost", "Leeuwarden", 3),
    ("lelystad", "Lelystad", 2),
    ("rotterdam-zuid", "Rotterdam", 10),
    ("schiedam-nieuwland", "Schiedam", 2),
    ("tilburg-noord", "Tilburg", 3),
    ("utrecht-overvecht", "Utrecht", 6),
    ("vlaardingen-westwijk", "Vlaardingen", 2),
    ("zaandam-oost", "Zaanstad", 3),
]
WESTWIJK = "vlaardingen-westwijk"
OTHER_AREAS = [a for a in AREAS if a[0] != WESTWIJK]

# ---- JSON writing: field values are already JSON text, so money keeps its exact cents -----


def s(text):
    return json.dumps(text, ensure_ascii=False)


def money(cents):
    return "%d.%02d" % divmod(cents, 100)


def obj(*pairs):
    return "{" + ",".join('"%s":%s' % (k, v) for k, v in pairs) + "}"


def date_text(day):
    return '"%s"' % day.isoformat()


def pick_area(rng, areas):
    return rng.choices(areas, weights=[a[2] for a in areas])[0]


def split_cents(rng, total, parts):
    """`total` cents over `parts` shares with random weights, adding up exactly."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = sum(weights)
    shares = [int(total * w / scale) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


# ---- the generators: n, rng -> {record type: [JSON text of each record]} ------------------


def gen_soo(n, rng):
    """SOO applications: a rush in the first weeks after opening, then a trickle; sizes and
    conditions spread so that about half have a claim and the € 23 mln budget runs out part
    way (after roughly 190 applications with a claim, so early in the queue at large N)."""
    opening = datetime.date(2025, 1, 6)
    deadline = datetime.date(2026, 9, 29)
    rows = []
    for i in range(1, n + 1):
        day = opening + datetime.timedelta(days=min(int(rng.expovariate(1 / 45)), 350))
        dwellings = rng.randint(2, 4) if rng.random() < 0.05 else rng.randint(5, 120)
        rental = dwellings if rng.random() < 0.75 else rng.randint(0, dwellings)
        below = round(rental * rng.uniform(0.55, 1.0))
        area_cm2 = rng.randint(2000, 9500)  # m² in hundredths: 20,00 .. 95,00
        fields = [
            ("id", '"SOO-%07d"' % i),
            ("cluster", s("cluster %d" % rng.randint(1, max(10, n // 2)))),
            ("ingediend_op", date_text(day)),
            ("oppervlakte", "%d.%02d" % divmod(area_cm2, 100)),
            ("woningen", str(dwellings)),
            ("huurwoningen", str(rental)),
            ("huurwoningen_onder_grens", str(below)),
        ]
        p = rng.random()
        if p < 0.06:
            pass  # no permit yet: the field left out
        elif p < 0.10:
            fields.append(("vergunning_op", "null"))
        elif p < 0.18:  # too late
            fields.append(("vergunning_op",
                           date_text(deadline + datetime.timedelta(days=rng.randint(1, 200)))))
        else:
            fields.append(("vergunning_op",
                           date_text(day + datetime.timedelta(days=rng.randint(0, 600)))))
            if fields[-1][1] > date_text(deadline):
                fields[-1] = ("vergunning_op", date_text(deadline))
        rows.append(obj(*fields))
    return {"Aanvraag": rows}


def claim_rows(rng, n, areas, first_id=1, start=datetime.date(2025, 3, 3), days=200,
               demand={"orv": 201_600_000_00, "capaciteit": 60_200_000_00}):
    """N national claims; the claims of each supplement add up to about its demand (the
    ceilings are € 180 mln and € 50 mln), each spread log-normally."""
    kinds = ["orv" if rng.random() < 0.75 else "capaciteit" for _ in range(n)]
    count = {k: max(1, kinds.count(k)) for k in demand}
    rows = []
    for i, kind in enumerate(kinds, start=first_id):
        mean = demand[kind] / count[kind]
        cents = max(100, int(mean * rng.lognormvariate(0, 0.6) / math.exp(0.18)))
        rows.append(obj(
            ("id", '"A-%07d"' % i),
            ("gebied", s(pick_area(rng, areas)[0])),
            ("opslag", '"%s"' % kind),
            ("bedrag", money(cents)),
            ("ingediend_op", date_text(start + datetime.timedelta(days=rng.randrange(days)))),
        ))
    return rows


def gen_claims(n, rng):
    """N claims (Aanvraag) from all 19 areas, Eindhoven's and Lelystad's included (they get
    nothing), demand about 1,12 × the ORV ceiling and 1,2 × the capacity ceiling."""
    return {"Aanvraag": claim_rows(rng, n, AREAS)}


def gebied_row(area, municipality, rng, opgave=None, betaalbaar=None, wbi=None):
    opgave = rng.randint(500, 5000) if opgave is None else opgave
    wbi = rng.randint(0, opgave) if wbi is None else wbi
    betaalbaar = rng.randint(0, opgave) if betaalbaar is None else betaalbaar
    return obj(
        ("gebied", s(area)), ("gemeente", s(municipality)),
        ("opgave_start_bouw", str(opgave)), ("opgave_betaalbaar", str(betaalbaar)),
        ("start_bouw_met_wbi", str(wbi)), ("extra_woningen", str(opgave - wbi)),
        ("gerenoveerd", str(rng.randint(0, 800))),
    )


def gen_declarations(n, rng):
    """N declarations (Declaratie) of actual costs per table row and year, for the 18 areas
    besides Westwijk: each row (Maatregel for ORV, Activiteit for capacity; about N/2,5 of
    them) gets 1-4 consecutive years of costs adding up to 0,5-1,3 × its maximum, so some rows
    go over their maximum; ORV rows start in 2025-2030, capacity rows run into 2030-2032, so
    some costs fall outside the period. Each area claims (Aanvraag) the sum of its rows'
    maxima, which over all areas is about 1,12 × the ORV ceiling and 1,2 × the capacity
    ceiling, so late areas get less than they claimed and their later years are shared pro
    rata. Eindhoven and Lelystad declare too (they get nothing)."""
    rows = []  # (area, opslag, first year, years)
    total = 0
    while total < n:
        area = pick_area(rng, OTHER_AREAS)[0]
        opslag = "orv" if rng.random() < 0.7 else "capaciteit"
        years = min(rng.randint(1, 4), n - total)
        first = rng.randint(2025, 2030) if opslag == "orv" else rng.randint(2025, 2029)
        rows.append((area, opslag, first, years))
        total += years
    demand = {"orv": 201_600_000_00, "capaciteit": 60_200_000_00}
    weight = {a[0]: a[2] for a in OTHER_AREAS}
    per_kind_weight = {k: sum(weight[r[0]] for r in rows if r[1] == k) for k in demand}
    maatregel, activiteit, declaraties = [], [], []
    claimed = {}
    decl_id = 0
    for number, (area, opslag, first, years) in enumerate(rows, start=1):
        share = demand[opslag] * weight[area] / max(1, per_kind_weight[opslag])
        incl_euros = max(1, int(share * rng.uniform(0.5, 1.5) / 100))
        btw = rng.random() < 0.6
        excl_euros = round(incl_euros / 1.21) if btw else incl_euros
        if btw:  # rules/nplv/btw.rules: round(excl × 121%, € 1, half up)
            incl_euros = (excl_euros * 121 + 50) // 100
        row_id = ("M-%07d" if opslag == "orv" else "C-%07d") % number
        table_row = obj(
            ("id", s(row_id)), ("gebied", s(area)),
            ("omschrijving", s("tabelregel %d" % number)),
            ("bedrag_excl_btw", money(excl_euros * 100)),
            ("btw_van_toepassing", "true" if btw else "false"),
            ("gepubliceerd_incl_btw", money(incl_euros * 100)),
        )
        (maatregel if opslag == "orv" else activiteit).append(table_row)
        claimed[(area, opslag)] = claimed.get((area, opslag), 0) + incl_euros * 100
        costs = int(incl_euros * 100 * rng.uniform(0.5, 1.3))
        for year, cents in zip(range(first, first + years), split_cents(rng, costs, years)):
            decl_id += 1
            vat = round(cents * 21 / 121) if btw else 0
            declaraties.append(obj(
                ("id", '"D-%07d"' % decl_id), ("gebied", s(area)), ("opslag", '"%s"' % opslag),
                ("regel", s(row_id)), ("jaar", str(year)),
                ("kosten_incl_btw", money(cents)), ("btw_compensatiefonds", money(vat)),
            ))
    # The claims: each area's rows' maxima per supplement (Westwijk's are real), submitted
    # in June 2025 in a random order.
    aanvragen = [
        obj(("id", '"A-westwijk-orv"'), ("gebied", s(WESTWIJK)), ("opslag", '"orv"'),
            ("bedrag", "7323111.00"), ("ingediend_op", '"2025-06-24"')),
        obj(("id", '"A-westwijk-capaciteit"'), ("gebied", s(WESTWIJK)),
            ("opslag", '"capaciteit"'), ("bedrag", "2400000.00"),
            ("ingediend_op", '"2025-06-24"')),
    ]
    for (area, opslag), cents in sorted(claimed.items()):
        aanvragen.append(obj(
            ("id", s("A-%s-%s" % (area, opslag))), ("gebied", s(area)),
            ("opslag", '"%s"' % opslag), ("bedrag", money(cents)),
            ("ingediend_op",
             date_text(datetime.date(2025, 6, 1) + datetime.timedelta(days=rng.randrange(30)))),
        ))
    gebieden = [gebied_row(a, m, rng) for a, m, _ in OTHER_AREAS]
    return {"Gebied": gebieden, "Maatregel": maatregel, "Activiteit": activiteit,
            "Aanvraag": aanvragen, "Declaratie": declaraties}


SCHEMES = ["WBI", "SBI", "RHA", "SFT", "PROV", "VHF"]


def gen_registrations(n, rng):
    """N registrations (Registratie) of a start of construction for the 18 areas besides
    Westwijk, 2024-2026 (2024 is outside the period; 2027 and later, and purchases in 2026,
    would need limits the rules mark as unpublished, and fail with E3004: one such record
    fails realisatiestimulans.uitkering_per_jaar for every group), rents and prices around
    the limits, 5% with a segment that does not match the rent, a quarter with earlier
    subsidies; N/10 plans (Plan) and the areas' Gebied records, whose figures add up to the
    plans so the controls (controle.*) hold."""
    plans = []
    sums = {}
    for i in range(1, max(2 * len(OTHER_AREAS), n // 10) + 1):
        area = pick_area(rng, OTHER_AREAS)[0]
        dwellings = rng.randint(10, 400)
        affordable = int(dwellings * rng.uniform(0.3, 0.8))
        inside = rng.random() < 0.8
        earlier = rng.sample(["WBI", "SBI", "PROV"], 1) if rng.random() < 0.2 else []
        plans.append(obj(
            ("id", '"P-%07d"' % i), ("gebied", s(area)), ("omschrijving", s("plan %d" % i)),
            ("in_nplv_gebied", "true" if inside else "false"), ("woningen", str(dwellings)),
            ("betaalbaar", str(affordable)), ("gesloopt", str(rng.choice([0, 0, 0, 20, 80]))),
            ("eerdere_subsidies", "[%s]" % ",".join('"%s"' % e for e in earlier)),
        ))
        if inside:
            t = sums.setdefault(area, [0, 0, 0])
            t[0] += dwellings
            t[1] += affordable
            t[2] += dwellings if "WBI" in earlier else 0
    gebieden = [gebied_row(a, m, rng, *sums.get(a, [0, 0, 0])) for a, m, _ in OTHER_AREAS]
    registraties = []
    for i in range(1, n + 1):
        area = pick_area(rng, OTHER_AREAS)[0]
        year = rng.choices([2024, 2025, 2026], weights=[5, 50, 45])[0]
        pick = rng.random()
        if 0.05 <= pick < 0.25 and year == 2026:
            year = 2025  # no published purchase-price limit for 2026 (betaalbaarheid.koopgrens)
        fields = [("id", '"R-%07d"' % i), ("gebied", s(area)),
                  ("project", '"P-%07d"' % rng.randint(1, len(plans))), ("jaar", str(year))]
        if pick < 0.05:
            fields.append(("segment", '"onzelfstandig"'))
        elif pick < 0.25:
            price = money(rng.randint(250000, 500000) * 100)
            fields += [("segment", '"koop"'), ("koopprijs", price)]
        else:
            rent = rng.randint(60000, 160000)
            segment = ("sociale_huur" if rent < 93000 else "middenhuur" if rent <= 122800
                       else "vrije_sector")
            if rng.random() < 0.05:  # a declared segment that does not match the rent
                segment = rng.choice(["sociale_huur", "middenhuur", "vrije_sector"])
            fields += [("segment", '"%s"' % segment), ("huurprijs", money(rent))]
        earlier = rng.sample(SCHEMES, rng.randint(1, 2)) if rng.random() < 0.25 else []
        fields += [("woningen", str(rng.randint(1, 200))),
                   ("eerdere_subsidies", "[%s]" % ",".join('"%s"' % e for e in earlier))]
        registraties.append(obj(*fields))
    return {"Gebied": gebieden, "Plan": plans, "Registratie": registraties}


class Workload:
    def __init__(self, name, title, rules, as_of, gen, decisions=()):
        self.name, self.title, self.rules, self.as_of = name, title, rules, as_of
        self.gen, self.decisions = gen, list(decisions)


WORKLOADS = [
    Workload("soo", "`rules/soo`, first come first served", "rules/soo", "2025-06-01",
             gen_soo),
    Workload("claims", "`rules/nplv` national claims (`plafond`)", "rules/nplv", "2026-11-28",
             gen_claims),
    Workload("declarations", "`rules/nplv` declarations (`uitbetaling`)", "rules/nplv",
             "2026-11-28", gen_declarations),
    Workload("registrations", "`rules/nplv` registrations (per record + per area)",
             "rules/nplv", "2026-11-28", gen_registrations),
]

# ---- facts files ---------------------------------------------------------------------------


def write_atomic(path, chunks):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def write_facts(workload, n, seed, fmt, stem):
    """Generates and writes the facts (in a process of its own: see facts_files)."""
    data = workload.gen(n, random.Random(seed))
    if fmt == "json":
        parts = []
        for i, (kind, rows) in enumerate(data.items()):
            parts.append('%s\n"%s":[\n' % ("{" if i == 0 else ",", kind))
            parts.append(",\n".join(rows))
            parts.append("\n]")
        parts.append("}\n")
        write_atomic(stem + ".json", parts)
        return
    for kind, rows in data.items():
        write_atomic("%s.%s.jsonl" % (stem, kind), ("\n".join(rows), "\n" if rows else ""))
    write_atomic(stem + ".types", [" ".join(data)])


def facts_files(workload, n, seed, fmt, workdir):
    """Writes the workload's facts for N (once: files are reused by name) and returns the
    `--facts FILE [--record T]` arguments. JSON Lines: one file per record type; JSON: one
    document {"Type": [...]} with one record per line.

    The facts are generated by a child process: the peak memory reported for a run (its
    ru_maxrss) is at least this process's own peak, because the kernel counts the resident
    size of the process that spawned the program (see "Scaling" in bench/README.md), so
    this process must stay small."""
    stem = os.path.join(workdir, "%s_%d_s%d_g%d" % (workload.name, n, seed, GENERATOR_VERSION))
    done = stem + (".json" if fmt == "json" else ".types")
    if not os.path.exists(done):
        subprocess.run([sys.executable, os.path.abspath(__file__), "--generate", workload.name,
                        str(n), str(seed), fmt, stem], check=True)
    if fmt == "json":
        return ["--facts", stem + ".json"]
    with open(done) as f:
        types = f.read().split()
    args = []
    for kind in types:
        args += ["--facts", "%s.%s.jsonl" % (stem, kind), "--record", kind]
    return args


def soo_jsonl(n, seed, workdir):
    """The SOO applications as one JSON Lines file, for the limit program."""
    args = facts_files(WORKLOADS[0], n, seed, "jsonl", workdir)
    return args[1]

# ---- running and measuring -----------------------------------------------------------------


class Run:
    def __init__(self):
        self.status = None    # "ok", "timeout", "failed"
        self.rc = None
        self.seconds = None
        self.peak_mib = None
        self.floor_mib = None  # this process's peak RSS at the spawn: a lower bound of peak_mib
        self.note = ""


def run_measured(argv, stdout_path, stderr_path, timeout, env=None):
    """Runs argv (stdout, stderr to files) and returns a Run with its wall time from spawn to
    reap and its peak RSS (ru_maxrss of that child alone, from wait4)."""
    result = Run()
    out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err_fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    actions = [(os.POSIX_SPAWN_DUP2, out_fd, 1), (os.POSIX_SPAWN_DUP2, err_fd, 2),
               (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
    result.floor_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    start = time.monotonic()
    try:
        pid = os.posix_spawn(argv[0], argv, env if env is not None else os.environ,
                             file_actions=actions)
    except OSError as e:
        os.close(out_fd)
        os.close(err_fd)
        result.status, result.rc, result.note = "failed", 127, str(e)
        return result
    os.close(out_fd)
    os.close(err_fd)
    reaped = {}

    def reap():
        _, status, usage = os.wait4(pid, 0)
        reaped["end"] = time.monotonic()
        reaped["status"], reaped["usage"] = status, usage

    waiter = threading.Thread(target=reap, daemon=True)
    waiter.start()
    waiter.join(timeout)
    if waiter.is_alive():
        os.kill(pid, signal.SIGKILL)
        waiter.join()
        result.status = "timeout"
        result.seconds = timeout
        return result
    result.seconds = reaped["end"] - start
    result.peak_mib = reaped["usage"].ru_maxrss / 1024.0
    status = reaped["status"]
    if os.WIFSIGNALED(status):
        result.status, result.rc = "failed", -os.WTERMSIG(status)
    else:
        result.rc = os.WEXITSTATUS(status)
        result.status = "ok" if result.rc in (0, 1) else "failed"
    return result


TOEKENNING = b'{"decision":"soo.toekenning",'
TOTAAL = b'{"decision":"soo.totaal_toegekend",'
VALUE = re.compile(rb'"value":"(-?)(\d+)\.(\d\d)"')


def cents_of(line):
    m = VALUE.search(line)
    if not m:
        return None
    v = int(m.group(2)) * 100 + int(m.group(3))
    return -v if m.group(1) else v


def read_output(path, soo):
    """SHA-256, lines, error lines; for SOO also the sum and count of soo.toekenning > 0 and
    soo.totaal_toegekend."""
    h = hashlib.sha256()
    info = {"lines": 0, "errors": 0, "total": 0, "granted": 0, "totaal": None}
    with open(path, "rb") as f:
        for line in f:
            h.update(line)
            info["lines"] += 1
            if line.startswith(b'{"error"'):
                info["errors"] += 1
            elif soo and line.startswith(TOEKENNING):
                c = cents_of(line)
                info["total"] += c or 0
                info["granted"] += 1 if c else 0
            elif soo and line.startswith(TOTAAL):
                info["totaal"] = cents_of(line)
    info["sha256"] = h.hexdigest()
    return info


def first_error(path, limit=300, workdir=None):
    """The first error line of a log, with paths shown relative to the repository (and to
    WORKDIR)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read().replace(ROOT + "/", "")
        if workdir:
            text = text.replace(os.path.abspath(workdir) + "/", "WORKDIR/")
    except OSError:
        return ""
    for line in text.splitlines():
        if "error[" in line or line.startswith("regels:") or "rror" in line:
            return line.strip()[:limit]
    return text.strip().splitlines()[0][:limit] if text.strip() else ""


def engine_argv(args, workload, facts, out, plan):
    argv = [args.regels, "eval", os.path.join(ROOT, workload.rules)] + facts
    argv += ["--as-of", workload.as_of, "--format", "jsonl", "--output", out]
    for d in workload.decisions:
        argv += ["--decision", d]
    if plan:
        argv += ["--plan", plan]
    return argv


def engine_env():
    env = dict(os.environ)
    env["REGELS_FIXED_TIME"] = ""  # run_time null: outputs of two runs can be compared
    env["REGELS_FIXED_BUILD"] = "bench"
    return env


def choose_format(args, workload, seed, workdir, plan):
    """JSON Lines when the engine takes the workload's facts that way (probed on 50
    records), else a JSON document; returns (format, reason)."""
    if args.facts_format != "auto":
        return args.facts_format, ""
    probe_dir = os.path.join(workdir, "probe")
    os.makedirs(probe_dir, exist_ok=True)
    facts = facts_files(workload, 50, seed, "jsonl", probe_dir)
    out = os.path.join(probe_dir, workload.name + ".out.jsonl")
    err = os.path.join(probe_dir, workload.name + ".err")
    run = run_measured(engine_argv(args, workload, facts, out, plan), os.devnull, err, 60,
                       engine_env())
    if run.status == "ok":
        return "jsonl", ""
    return "json", first_error(err, workdir=workdir) or "exit %s" % run.rc

# ---- the report ----------------------------------------------------------------------------


def fmt_s(x):
    return "%.2f" % x if x < 100 else "%.0f" % x


def peak_text(peak, floor):
    """ru_maxrss is max(the program's peak, this process's peak at the spawn): a value at
    that floor only says the program stayed below it."""
    if peak <= floor + 0.5:
        return "≤ %.0f" % math.ceil(floor)
    return "%.0f" % peak


def exponent(prev, cur):
    """log(t2/t1) / log(n2/n1) between two finished sizes."""
    (n1, t1), (n2, t2) = prev, cur
    if t1 <= 0 or t2 <= 0 or n1 == n2:
        return ""
    return "%.2f" % (math.log(t2 / t1) / math.log(n2 / n1))


def engine_build(regels):
    """The engine's build id (version and source revision), from its JSON receipts."""
    env = dict(os.environ)
    env.pop("REGELS_FIXED_BUILD", None)
    try:
        r = subprocess.run([regels, "eval", os.path.join(ROOT, "rules/soo"), "--facts",
                            os.path.join(ROOT, "rules/soo/voorbeeld.json"), "--as-of",
                            "2025-06-01", "--format", "json"],
                           capture_output=True, text=True, timeout=60, env=env)
        return json.loads(r.stdout)["engine"]["build"] or "?"
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        return "?"


def machine_line(args):
    load = ", ".join("%.1f" % x for x in os.getloadavg())
    return ("%s; engine build %s; %d cores, load average %s at the start; timeout %g s; "
            "seed %d" % (datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
                         engine_build(args.regels), os.cpu_count() or 0, load, args.timeout,
                         args.seed))


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def main(argv):
    if argv[:1] == ["--generate"]:  # the child of facts_files
        name, n, seed, fmt, stem = argv[1:6]
        write_facts({w.name: w for w in WORKLOADS}[name], int(n), int(seed), fmt, stem)
        return 0
    default_workdir = os.path.join(os.environ.get("TMPDIR") or "/tmp", "regels_scaling")
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="record counts, comma-separated (default 1000,10000,100000)")
    ap.add_argument("--workloads", default=",".join(w.name for w in WORKLOADS),
                    help="which workloads (default: all four): " +
                         ", ".join(w.name for w in WORKLOADS))
    ap.add_argument("--plan", choices=["indexed", "naive", "both"], default="indexed",
                    help="passed to `regels eval --plan`; both: run each and compare outputs")
    ap.add_argument("--timeout", type=float, default=120,
                    help="seconds per run (default 120); larger sizes are then skipped")
    ap.add_argument("--regels", default=os.path.join(ROOT, "build/release/regels"))
    ap.add_argument("--limit", default=None,
                    help="the limit program (default: bench/limit_soo beside --regels)")
    ap.add_argument("--workdir", default=default_workdir)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--facts-format", choices=["auto", "json", "jsonl"], default="auto",
                    help="auto (default): JSON Lines where the engine accepts them for the "
                         "workload, else a JSON document")
    ap.add_argument("--keep-outputs", action="store_true",
                    help="keep the engine's outputs (default: deleted once checked)")
    args = ap.parse_args(argv)
    try:
        sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    except ValueError:
        ap.error("--sizes: comma-separated whole numbers")
    if not sizes or sizes[0] < 1:
        ap.error("--sizes: at least one size, each 1 or more")
    by_name = {w.name: w for w in WORKLOADS}
    chosen = [x.strip() for x in args.workloads.split(",") if x.strip()]
    for name in chosen:
        if name not in by_name:
            ap.error("--workloads: unknown %r (known: %s)" % (name, ", ".join(by_name)))
    workloads = [by_name[x] for x in chosen]
    args.regels = os.path.abspath(args.regels)
    if not os.access(args.regels, os.X_OK):
        ap.error("--regels: %s is not an executable (build it: cmake --build --preset "
                 "release --target regels)" % args.regels)
    if args.limit is None:
        args.limit = os.path.join(os.path.dirname(args.regels), "bench", "limit_soo")
    args.limit = os.path.abspath(args.limit)
    has_limit = os.access(args.limit, os.X_OK)
    os.makedirs(args.workdir, exist_ok=True)
    plans = ["naive", "indexed"] if args.plan == "both" else [args.plan]
    env = engine_env()

    header = machine_line(args)
    rows = []       # table rows
    notes = []      # lines under the table
    problems = []   # mismatches and failures: exit 1
    for w in workloads:
        fmt, reason = choose_format(args, w, args.seed, args.workdir, plans[-1])
        if reason:
            notes.append("- %s: facts as a JSON document; JSON Lines were refused: `` %s ``"
                         % (w.name, reason))
        log("== %s (facts: %s)" % (w.name, fmt))
        finished = {p: [] for p in plans}   # [(n, seconds)]
        stopped = {p: False for p in plans}
        limit_prev = []
        for n in sizes:
            t0 = time.monotonic()
            facts = facts_files(w, n, args.seed, fmt, args.workdir)
            gen_s = time.monotonic() - t0
            if gen_s > 1:
                log("   facts for %d written in %.1f s" % (n, gen_s))
            digests = {}
            engine_total = None
            for plan in plans:
                row = {"workload": w.name, "plan": plan, "n": n, "facts": fmt}
                rows.append(row)
                if stopped[plan]:
                    row["status"] = "skipped"
                    continue
                out = os.path.join(args.workdir, "%s_%d_%s.out.jsonl" % (w.name, n, plan))
                err = os.path.join(args.workdir, "%s_%d_%s.log" % (w.name, n, plan))
                if os.path.exists(out):
                    os.remove(out)
                log("   %s N=%d plan=%s ..." % (w.name, n, plan))
                run = run_measured(engine_argv(args, w, facts, out, plan), os.devnull, err,
                                   args.timeout, env)
                row["status"] = run.status
                if run.status == "timeout":
                    stopped[plan] = True
                    log("   > %g s: timed out; larger sizes skipped" % args.timeout)
                    continue
                if run.status == "failed":
                    row["note"] = "exit %s: %s" % (run.rc, first_error(err) or run.note)
                    problems.append("%s N=%d plan=%s failed (exit %s; log %s)"
                                    % (w.name, n, plan, run.rc, err))
                    stopped[plan] = True
                    log("   failed (exit %s), see %s" % (run.rc, err))
                    continue
                info = read_output(out, w.name == "soo")
                if not args.keep_outputs:
                    os.remove(out)
                row.update(seconds=run.seconds, peak=run.peak_mib, floor=run.floor_mib,
                           errors=info["errors"],
                           lines=info["lines"], rc=run.rc)
                if finished[plan]:
                    row["growth"] = exponent(finished[plan][-1], (n, run.seconds))
                finished[plan].append((n, run.seconds))
                digests[plan] = info["sha256"]
                log("   %.2f s, %.0f MiB, %d lines (%d errors)"
                    % (run.seconds, run.peak_mib, info["lines"], info["errors"]))
                if w.name == "soo":
                    engine_total = (info["total"], info["granted"])
                    row["check"] = "granted %d, € %s" % (info["granted"], money(info["total"]))
                    if info["totaal"] is not None and info["totaal"] != info["total"]:
                        problems.append("soo N=%d plan=%s: soo.totaal_toegekend %s is not the "
                                        "sum of soo.toekenning %s"
                                        % (n, plan, money(info["totaal"]), money(info["total"])))
            if len(digests) == 2:
                same = digests["naive"] == digests["indexed"]
                rows[-1]["same"] = "identical" if same else "DIFFERENT"
                if not same:
                    problems.append("%s N=%d: the outputs of --plan naive and --plan indexed "
                                    "differ (sha256 %s vs %s; rerun with --keep-outputs and "
                                    "diff them)" % (w.name, n, digests["naive"][:12],
                                                    digests["indexed"][:12]))
                    log("   MISMATCH: naive and indexed outputs differ")
            if w.name == "soo" and has_limit:
                infile = soo_jsonl(n, args.seed, args.workdir)
                out = os.path.join(args.workdir, "limit_soo_%d.out.jsonl" % n)
                so = os.path.join(args.workdir, "limit_soo_%d.stdout" % n)
                err = os.path.join(args.workdir, "limit_soo_%d.log" % n)
                run = run_measured([args.limit, infile, out], so, err, args.timeout)
                if run.status != "ok" or run.rc != 0:
                    problems.append("limit_soo N=%d: %s (exit %s)" % (n, run.status, run.rc))
                    continue
                with open(so) as f:
                    m = re.search(r"total_cents=(\d+) granted=(\d+)", f.read())
                if not args.keep_outputs and os.path.exists(out):
                    os.remove(out)
                limit = (int(m.group(1)), int(m.group(2))) if m else None
                lrow = {"workload": w.name, "plan": "limit (C++)", "n": n, "facts": "jsonl",
                        "status": "ok", "seconds": run.seconds, "peak": run.peak_mib,
                        "floor": run.floor_mib}
                if limit_prev:
                    lrow["growth"] = exponent(limit_prev[-1], (n, run.seconds))
                limit_prev.append((n, run.seconds))
                for r in rows:
                    if r["workload"] != w.name or r["n"] != n or run.seconds <= 0:
                        continue
                    if r.get("seconds"):
                        q = r["seconds"] / run.seconds
                        r["ratio"] = ("%.0f×" if q >= 10 else "%.1f×") % q
                    elif r["status"] == "timeout":
                        r["ratio"] = "> %.0f×" % (args.timeout / run.seconds)
                if limit is None:
                    problems.append("limit_soo N=%d printed no checksum (see %s)" % (n, so))
                    lrow["check"] = "no checksum"
                else:
                    lrow["check"] = "granted %d, € %s" % (limit[1], money(limit[0]))
                    if engine_total is not None:
                        if engine_total == limit:
                            lrow["check"] += ": = engine"
                        else:
                            lrow["check"] += ": **≠ engine**"
                            problems.append("soo N=%d: limit_soo total € %s (%d granted) ≠ "
                                            "engine's soo.toekenning € %s (%d granted)"
                                            % (n, money(limit[0]), limit[1],
                                               money(engine_total[0]), engine_total[1]))
                rows.append(lrow)
        if w.name == "soo" and not has_limit:
            notes.append("- soo: no limit program at %s (build the target `limit_soo`)"
                         % args.limit)

    # The table.
    out = sys.stdout
    out.write("Scaling of `regels eval` (bench/scaling.py): %s\n\n" % header)
    out.write("| workload | plan | N | facts | seconds | peak MiB | growth | error lines "
              "| engine / limit | check |\n")
    out.write("|:--|:--|--:|:--|--:|--:|--:|--:|--:|:--|\n")
    for r in rows:
        if r["status"] == "timeout":
            sec, peak = "> %g" % args.timeout, ""
        elif r["status"] == "skipped":
            sec, peak = "> timeout", ""
        elif r["status"] == "failed":
            sec, peak = "failed", ""
        else:
            sec, peak = fmt_s(r["seconds"]), peak_text(r["peak"], r["floor"])
        check = r.get("check", "")
        if r.get("same"):
            check = (check + "; " if check else "") + "naive = indexed: " + r["same"]
        if r.get("note"):
            check = (check + "; " if check else "") + r["note"].replace("|", "\\|")
        out.write("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n" % (
            r["workload"], r["plan"], r["n"], r["facts"], sec, peak, r.get("growth", ""),
            r.get("errors", "") if r["plan"] != "limit (C++)" else "", r.get("ratio", ""),
            check))
    out.write("\ngrowth: log(t2/t1) / log(N2/N1) against the previous finished size of the "
              "same row kind (1 = linear, 2 = quadratic); seconds: wall clock from spawn to "
              "exit, one run; peak MiB: the process's ru_maxrss from wait4 (\"≤ X\": below "
              "the harness's own resident size, which the kernel counts in; see bench/README.md)."
              "\n")
    notes = ["- %s: %s, `regels eval %s --as-of %s%s`" % (
        w.name, w.title, w.rules, w.as_of, "".join(" --decision " + d for d in w.decisions))
        for w in workloads] + notes
    if notes:
        out.write("\n" + "\n".join(notes) + "\n")
    if problems:
        out.write("\n**Result: MISMATCH or FAILURE**\n\n" + "\n".join("- " + p for p in problems)
                  + "\n")
        for p in problems:
            log("PROBLEM: " + p)
        return 1
    out.write("\n**Result: OK** (every finished run agrees)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
