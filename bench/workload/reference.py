#!/usr/bin/env python3
"""The oracle for benchmark workload v1: the decision of WORKLOAD.md in plain Python,
written independently of the engine and of the C++ baseline.

    python3 bench/workload/reference.py INPUT   (the workload: README.md in this folder)

INPUT holds JSON Lines or one JSON array of records. Standard output gets the checksum the
engine and the baseline must match: `total <sum of bedrag, in euros with 2 decimals>`, then
`reason <reason> <count>` for each of the seven reasons, in a fixed order.
"""
import json
import sys

FIRST_YEAR, LAST_YEAR = 2025, 2029
PER_DWELLING_CENTS = 700000
RENT_LIMIT_CENTS = {2025: 118482}          # later years: 122807
SALE_LIMIT = {2025: 405000}                 # later years: 420000
EXCLUDING = ["WBI", "SBI", "RHA", "SFT"]    # in this order; PROV does not exclude
REASONS = (["buiten_periode"] + ["dubbele_subsidie:" + s for s in EXCLUDING]
           + ["niet_betaalbaar", "toegekend"])


def cents(text_number):
    """Euros as written in the JSON (e.g. 1228.07) to whole cents, without floats."""
    whole, _, frac = str(text_number).partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def reason_and_amount(r):
    year = r["jaar"]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return "buiten_periode", 0
    earlier = r.get("eerdere_subsidies") or []
    for scheme in EXCLUDING:
        if scheme in earlier:
            return "dubbele_subsidie:" + scheme, 0
    segment = r["segment"]
    if segment == "sociale_huur":
        affordable = True
    elif segment == "middenhuur":
        affordable = r["huurprijs_cents"] <= RENT_LIMIT_CENTS.get(year, 122807)
    elif segment == "koop":
        affordable = r["koopprijs"] <= SALE_LIMIT.get(year, 420000)
    else:
        affordable = False
    if not affordable:
        return "niet_betaalbaar", 0
    return "toegekend", r["woningen"] * PER_DWELLING_CENTS


def records(path):
    # Prices are read as their decimal text so that 1228.07 compares exactly.
    keep_text = lambda s: s
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        items = json.loads(text, parse_float=keep_text)
    else:
        items = [json.loads(line, parse_float=keep_text) for line in text.splitlines() if line.strip()]
    for r in items:
        if "huurprijs" in r:
            r["huurprijs_cents"] = cents(r["huurprijs"])
        yield r


def main(args):
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    counts = {reason: 0 for reason in REASONS}
    total = 0
    for r in records(args[0]):
        reason, amount = reason_and_amount(r)
        counts[reason] += 1
        total += amount
    print("total %d.%02d" % divmod(total, 100))
    for reason in REASONS:
        print("reason %s %d" % (reason, counts[reason]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
