#!/usr/bin/env bash
# The HTML report in a real browser: evaluates the Vlaardingen Westwijk agreement to a
# self-contained HTML page, lets Debian's headless Chromium load and render it, and checks
# from the rendered DOM (not from the HTML text regels wrote) that the decision tree and the
# citations are there and visible, then takes a screenshot and checks it is a real picture
# of a page with content.
#
#   tests/browser/html_report_test.sh REGELS_BINARY
#
# Run from the repository root (CTest does: tests/browser.cmake). Chromium missing is a
# failure, not a skip: scripts/setup.sh installs it when REGELS_WITH_BROWSER=1, which
# scripts/test.sh sets. Set REGELS_BROWSER_ARTIFACTS=DIR to keep the page, the rendered DOM,
# the screenshot and Chromium's log there.
set -euo pipefail

regels="${1:?usage: html_report_test.sh REGELS_BINARY}"
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

chromium="$(command -v chromium || true)"
if [ -z "$chromium" ]; then
    fail "chromium is not installed; install it with REGELS_WITH_BROWSER=1 bash scripts/setup.sh"
fi
command -v python3 >/dev/null || fail "python3 is needed to read the rendered page"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/regels-browser.XXXXXX")"
keep() {
    if [ -n "${REGELS_BROWSER_ARTIFACTS:-}" ]; then
        mkdir -p "$REGELS_BROWSER_ARTIFACTS"
        cp -f "$tmp"/report.html "$tmp"/dom.html "$tmp"/report.png "$tmp"/chromium*.log \
            "$REGELS_BROWSER_ARTIFACTS"/ 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap keep EXIT

# (a) The report.
"$regels" eval rules/nplv --facts examples/vlaardingen-westwijk/facts.json --as-of 2026-11-28 \
    --format html --output "$tmp/report.html" ||
    fail "regels eval --format html exited with $?"
[ -s "$tmp/report.html" ] || fail "regels wrote no report"

# (b) Chromium, headless, as root (hence --no-sandbox), with a new empty profile per run and
# nothing that reaches the network. A run that hangs is stopped after two minutes.
browser() {
    local profile="$1"
    shift
    mkdir -p "$profile"
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@"
}
url="file://$tmp/report.html"
browser "$tmp/profile-dom" --virtual-time-budget=2000 --dump-dom "$url" \
    >"$tmp/dom.html" 2>"$tmp/chromium-dom.log" ||
    fail "chromium --dump-dom failed ($?); log: $(tail -5 "$tmp/chromium-dom.log")"
[ -s "$tmp/dom.html" ] || fail "chromium rendered nothing; log: $(tail -5 "$tmp/chromium-dom.log")"

# (c) The rendered page: a tree of <details>/<summary> with the decisions and their values,
# and the quotes from the agreement in <blockquote>, visible (not inside a closed <details>).
python3 - "$tmp/dom.html" <<'PY' || fail "the rendered page does not show the tree and the citations"
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    """Collects every <summary>'s text, every <blockquote>'s text, and whether the
    blockquote is visible: all <details> around it are open (a summary is always shown)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # open elements: (tag, is_open_details)
        self.summaries = []      # (text, depth of <details> nesting)
        self.quotes = []         # (text, visible)
        self.capture = None      # ("summary" | "blockquote", [text parts], visible, depth)
        self.details = 0
        self.title = ""
        self.in_title = False

    def visible(self):
        return all(is_open for tag, is_open in self.stack if tag == "details")

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.details += 1
        self.stack.append((tag, tag == "details" and any(k == "open" for k, _ in attrs)))
        if tag in ("summary", "blockquote") and self.capture is None:
            inner = [t for t, _ in self.stack[:-1]]
            # A summary is visible when the <details> around the one it belongs to are open.
            outer = [o for t, o in self.stack[:-2] if t == "details"] if tag == "summary" else \
                    [o for t, o in self.stack if t == "details"]
            self.capture = (tag, [], all(outer), inner.count("details"))
        if tag == "title":
            self.in_title = True

    def handle_endtag(self, tag):
        if self.capture is not None and tag == self.capture[0]:
            kind, parts, visible, depth = self.capture
            text = " ".join("".join(parts).split())
            (self.summaries if kind == "summary" else self.quotes).append((text, visible, depth))
            self.capture = None
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.capture is not None:
            self.capture[1].append(data)
        if self.in_title:
            self.title += data

with open(sys.argv[1], encoding="utf-8") as f:
    page = Page()
    page.feed(f.read())

problems = []
def need(ok, what):
    if not ok:
        problems.append(what)

need(page.details >= 10, f"a tree of <details> elements (found {page.details})")
need(len(page.summaries) >= 10, f"<summary> lines (found {len(page.summaries)})")

def shown_summary(name, value):
    # The trace of a decision is a closed <details> on its card (the card shows the value,
    # the plain line and the citations); its summary lines are there, to be opened.
    return [s for s in page.summaries if name in s[0] and value in s[0]]

# Decisions with their values, each as a summary in the trace of its card.
for name, value in [
    # By their labels: the reader's words, not the rules' names.
    ("de inschatting van de realisatiestimulans, ondergrens", "€ 1.800.000,00"),
    ("de inschatting van de realisatiestimulans, bovengrens", "€ 2.700.000,00"),
    ("de maximale rijksbijdrage voor openbare ruimte en voorzieningen", "€ 7.323.111,00"),
    ("de uitkering van de realisatiestimulans", "€ 280.000,00"),
]:
    need(shown_summary(name, value), f"a visible summary '{name} … = {value}'")

# The tree goes deeper than one level: a decision's summary has definitions and parameters
# below it (closed, but present).
need(any(d >= 2 for _, _, d in page.summaries), "nested <details> below a decision")
need(any("de inschatting van de realisatiestimulans [" in s[0] for s in page.summaries),
     "the definition realisatiestimulans.inschatting inside inschatting_laag")
need(any("de bijdrage per woning" in s[0] and "€ 7.000,00" in s[0]
         for s in page.summaries), "the parameter bijdrage_per_woning = € 7.000,00")

# Citations: quotes from the agreement, visible without opening anything.
visible_quotes = [q for q in page.quotes if q[1]]
need(len(page.quotes) >= 10, f"<blockquote> citations (found {len(page.quotes)})")
need(any("vaste bijdrage" in q[0] for q in visible_quotes),
     "a visible quote with 'vaste bijdrage' (the € 7.000 per betaalbare woning)")
need(any("€180 mln" in q[0] or "180 mln" in q[0] for q in page.quotes),
     "the quote about the € 180 mln ceiling")
need("Regels" in page.title, f"the page title (found {page.title!r})")

if problems:
    print("the rendered page lacks:", *problems, sep="\n  - ", file=sys.stderr)
    sys.exit(1)
print(f"rendered page: {page.details} details, {len(page.summaries)} summaries, "
      f"{len(page.quotes)} quotes ({len(visible_quotes)} visible)")
PY

# The screenshot: a PNG of the given size with real content (not a blank or error page).
browser "$tmp/profile-shot" --screenshot="$tmp/report.png" --window-size=1200,2000 "$url" \
    >"$tmp/chromium-shot.log" 2>&1 ||
    fail "chromium --screenshot failed ($?); log: $(tail -5 "$tmp/chromium-shot.log")"
[ -f "$tmp/report.png" ] || fail "chromium wrote no screenshot"
python3 - "$tmp/report.png" <<'PY' || fail "the screenshot is not a picture of the report"
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
if len(data) < 20000 or data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"not a PNG of any size ({len(data)} bytes)")
pos, chunks = 8, {}
idat = b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IDAT":
        idat += body
    else:
        chunks.setdefault(kind, body)
    pos += 12 + length
width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
if (width, height) != (1200, 2000):
    sys.exit(f"the screenshot is {width}x{height}, not 1200x2000")
channels = {2: 3, 6: 4}.get(colour)
if depth != 8 or channels is None or interlace != 0:
    sys.exit(f"unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
raw = zlib.decompress(idat)
stride = width * channels
rows, prev = [], bytearray(stride)
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b = prev[x]
        c = prev[x - channels] if x >= channels else 0
        if f == 1:
            line[x] = (line[x] + a) & 0xFF
        elif f == 2:
            line[x] = (line[x] + b) & 0xFF
        elif f == 3:
            line[x] = (line[x] + (a + b) // 2) & 0xFF
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    rows.append(line)
    prev = line
# Ink: pixels clearly darker than the white background. Text over a 1200x2000 page of
# tables and lists covers a few percent; a blank or nearly blank page covers almost none.
ink = sum(1 for line in rows[::4] for x in range(0, stride, channels * 4)
          if line[x] + line[x + 1] + line[x + 2] < 3 * 160)
sampled = len(rows[::4]) * len(range(0, stride, channels * 4))
share = ink / sampled
# Rows with ink: the page is filled top to bottom, not one line at the top.
inked_rows = sum(1 for line in rows[::4]
                 if any(line[x] + line[x + 1] + line[x + 2] < 3 * 160
                        for x in range(0, stride, channels * 4)))
print(f"screenshot: {len(data)} bytes, {width}x{height}, {share:.1%} ink, "
      f"{inked_rows}/{len(rows[::4])} sampled rows with ink")
if share < 0.01 or inked_rows < len(rows[::4]) // 3:
    sys.exit("the screenshot is (nearly) blank")
PY

echo "PASS: the HTML report renders in Chromium with its decision tree and citations"
