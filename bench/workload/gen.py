#!/usr/bin/env python3
"""Input for benchmark workload v1 ("registraties"): N registrations of a start of
construction, deterministic for N and SEED.

    python3 bench/workload/gen.py N SEED [--jsonl] > registraties.jsonl

Without --jsonl the records form one JSON array (one record per line). The fields and
their spread are those of the workload (README.md in this folder). The random numbers come from a 64-bit
xorshift* generator written out below, so the output is the same on every machine and
Python version, and the first records do not depend on N. See README.md here.
"""
import sys

SCHEMES = ("WBI", "SBI", "RHA", "SFT", "PROV")
MASK64 = (1 << 64) - 1


class Random:
    def __init__(self, seed):
        self.x = (seed * 0x2545F4914F6CDD1D + 0x9E3779B97F4A7C15) & MASK64 or 1

    def word(self):
        x = self.x
        x ^= x >> 12
        x ^= (x << 25) & MASK64
        x ^= x >> 27
        self.x = x
        return (x * 0x2545F4914F6CDD1D) & MASK64

    def upto(self, n):
        """A whole number from 0 to n - 1."""
        return ((self.word() >> 11) * n) >> 53


def record(i, rnd):
    year = 2023 + rnd.upto(9)
    pick = rnd.upto(100)
    segment = ("sociale_huur" if pick < 40 else "middenhuur" if pick < 65
               else "koop" if pick < 85 else "vrije_sector")
    if segment == "koop":
        price = ',"koopprijs":%d' % (250000 + rnd.upto(350001))
    else:
        cents = 60000 + rnd.upto(100001)
        price = ',"huurprijs":%d.%02d' % divmod(cents, 100)
    dwellings = 1 + rnd.upto(200)
    municipality = "GM%04d" % (1 + rnd.upto(342))
    earlier = []
    if rnd.upto(4) == 0:
        left = list(SCHEMES)
        for _ in range(1 + rnd.upto(2)):
            earlier.append(left.pop(rnd.upto(len(left))))
    return ('{"id":"R%07d","gemeente":"%s","jaar":%d,"segment":"%s"%s,"woningen":%d,'
            '"eerdere_subsidies":[%s]}' % (i, municipality, year, segment, price, dwellings,
                                          ",".join('"%s"' % s for s in earlier)))


def main(args):
    numbers = [a for a in args if not a.startswith("--")]
    if len(numbers) != 2 or any(a not in ("--jsonl",) for a in args if a.startswith("--")):
        sys.stderr.write(__doc__)
        return 2
    n, seed = int(numbers[0]), int(numbers[1])
    jsonl = "--jsonl" in args
    rnd = Random(seed)
    out = sys.stdout
    chunk = []
    if not jsonl:
        out.write("[\n")
    for i in range(1, n + 1):
        chunk.append(record(i, rnd) + ("\n" if jsonl or i == n else ",\n"))
        if len(chunk) == 10000:
            out.write("".join(chunk))
            chunk = []
    out.write("".join(chunk))
    if not jsonl:
        out.write("]\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
