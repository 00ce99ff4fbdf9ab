#!/usr/bin/env python3
"""The beslisverslag as the signed paper document (issue 24, items 4 and 7).

    python3 tests/browser/verslag_print_test.py REGELS_BINARY OUT_DIR

Run from the repository root. Renders the Westwijk beslisverslag, prints it to PDF with
headless Debian chromium and reads the PDF back with poppler-utils (pdfinfo, pdftotext
-layout, page by page), as a reviewer would get it from the printer:

- R1-R9 of realisatiestimulans.uitkering on at most 12 A4 pages;
- "pagina N van M" and a document id (BV-XXXX-XXXX-XXXX) on every page;
- the outcome and the signature lines on the same page, for every decision;
- in the signed part (every page but the run's receipts) no backtick and no `word.word`
  identifier (file names such as facts.json are receipts, not identifiers);
- with every decision, the Grondslag of rijksbijdrage.totaal_laag printed in full: the words
  of each passage it cites, none cut at the margin.

Exits 77 (CTest: skipped) with a message only when chromium or poppler-utils are missing;
scripts/setup.sh installs both with REGELS_WITH_BROWSER=1. The HTML and PDFs stay in OUT_DIR.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def main() -> int:
    regels, out = sys.argv[1], sys.argv[2]
    chromium = os.environ.get("REGELS_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    missing = [name for name, path in (("chromium", chromium), ("pdfinfo", shutil.which("pdfinfo")),
                                       ("pdftotext", shutil.which("pdftotext"))) if not path]
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not installed (apt-get install chromium "
              "poppler-utils, or scripts/setup.sh with REGELS_WITH_BROWSER=1)")
        return SKIP
    os.makedirs(out, exist_ok=True)
    failures: list[str] = []

    def check(ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    def render(name: str, extra: list[str]) -> str:
        html = os.path.join(out, name + ".html")
        env = dict(os.environ, REGELS_FIXED_TIME="2026-11-28T12:00:00Z")
        subprocess.run([regels, "eval", "rules/nplv", "--facts",
                        "examples/vlaardingen-westwijk/facts.json", "--as-of", "2026-11-28",
                        "--explain", "--texts", "../shared/domain", "--format", "verslag",
                        "--output", html, *extra], check=True, env=env)
        pdf = os.path.join(out, name + ".pdf")
        profile = tempfile.mkdtemp(prefix="regels-chromium-")
        try:
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--disable-quic", "--no-first-run", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--no-pdf-header-footer",
                            f"--print-to-pdf={pdf}", "file://" + os.path.abspath(html)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=240)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        return pdf

    def pages_of(pdf: str) -> list[str]:
        info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
        count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                               check=True, capture_output=True, text=True).stdout
                for n in range(1, count + 1)]

    doc_id = re.compile(r"BV-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")
    # A dotted name (r.jaar, module.name); a file name in the receipts is not one.
    identifier = re.compile(
        r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w.])")
    file_name = re.compile(r"\.(json|jsonl|md|rules|csv|html|txt)$")

    def squeeze(text: str) -> str:
        # Line breaks, hyphenation and typography of the print, away.
        return re.sub(r"[\s\-‐­‘’“”'\"]", "", text)

    # --- R1-R9 of the uitkering --------------------------------------------------------------
    pages = pages_of(render("verslag-uitkering", ["--decision", "realisatiestimulans.uitkering"]))
    n = len(pages)
    check(n <= 12, f"R1-R9 on at most 12 A4 pages ({n})")
    for k, text in enumerate(pages, 1):
        check(f"pagina {k} van {n}" in text, f"page {k}: 'pagina {k} van {n}'")
        check(doc_id.search(text) is not None, f"page {k}: a document id")
    run_page = next((k for k, t in enumerate(pages) if "Verantwoording van de berekening" in t), n)
    signed = pages[:run_page]
    outcomes = sum(t.count("Waarom") for t in signed)
    check(outcomes == 9, f"nine decisions, R1-R9 ({outcomes})")
    for k, text in enumerate(signed, 1):
        check(text.count("Waarom") == text.count("Handtekening beoordelaar"),
              f"page {k}: outcome and signature on the same page")
        check("`" not in text, f"page {k}: no backtick in the signed part")
        names = [m for m in identifier.findall(text) if not file_name.search(m)]
        check(not names, f"page {k}: no identifier in the signed part {names[:5]}")
    ids = [sorted(set(doc_id.findall(t))) for t in signed]
    check(all(len(i) == 1 for i in ids), "one document id per page of a decision")

    # --- every decision: totaal_laag's Grondslag printed in full ------------------------------
    html_path = os.path.join(out, "verslag-alles.html")
    pages = pages_of(render("verslag-alles", []))
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    article = next((a for a in html.split("<article")[1:]
                    if "<code>rijksbijdrage.totaal_laag</code>" in a), "")
    own = doc_id.search(article)
    check(own is not None, "totaal_laag has a page of its own")
    with open("rules/nplv/rijksbijdrage.rules", encoding="utf-8") as f:
        rules = f.read()
    block = rules[rules.index("decision totaal_laag"):].split("\n\n")[0]
    passages = re.findall(r'source \w+, "[^"]*": "([^"]*)"', block)
    check(len(passages) >= 1, f"totaal_laag cites passages ({len(passages)})")
    if own:
        text = squeeze("".join(t for t in pages if own.group(0) in t))
        for p in passages:
            check(squeeze(p) in text, f"totaal_laag: the whole passage printed: {p[:50]}…")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
