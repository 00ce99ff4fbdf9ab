#!/usr/bin/env python3
"""Restores the full explanations of `regels eval --format jsonl --explain` output.

The default layout of explained JSON Lines writes what repeats from record to record once,
on {"shared": ...} lines, and each decision line refers to it (docs/output-json.md, "Shared
layout"). This reader turns such output back into the full layout, line for line the same as
`--explain-layout full` would have written:

    scripts/regels_expand.py decisions.jsonl > full.jsonl
    regels eval ... --format jsonl --explain | scripts/regels_expand.py > full.jsonl

Lines that are not in the shared layout (errors, decisions without an explanation, full
lines) pass through unchanged. Python 3 standard library only.
"""

import json
import re
import sys

HOLE = re.compile(r"\{\{|\}\}|\{(\d+)\}")


def fill(template, holes):
    """The sentence of a template: {N} is hole N, {{ and }} are { and }."""

    def piece(m):
        if m.group(1) is not None:
            return holes[int(m.group(1))]
        return m.group(0)[0]

    return HOLE.sub(piece, template)


class Expander:
    def __init__(self):
        self.shared = {}  # id -> the definition, as read
        self.last_subject = None  # of the previous decision's own node

    def define(self, line):
        # A later definition with the same id replaces the earlier one (a new scope).
        self.shared[line["id"]] = line

    def why(self, why):
        template = self.shared[why[0]]["text"]
        return fill(template, why[1:])

    def node(self, entry, parent_subject):
        """The full node of a node entry; parent_subject: the subject a null stands for."""
        if isinstance(entry, int):
            return {"ref": entry}
        if len(entry) == 2:  # [id, leaf]
            entry = [entry[0]] + self.shared[entry[1]]["node"]
        node_id, shape_id, subject, value, inputs, steps, children = entry[:7]
        shape = self.shared[shape_id]
        if subject is None:
            subject = parent_subject
        out = {
            "id": node_id,
            "kind": shape["kind"],
            "rule": shape["rule"],
            "subject": subject,
            "type": shape["type"],
            "value": value,
        }
        if len(entry) > 7:
            out["error"] = entry[7]
        out["location"] = shape["location"]
        out["citations"] = shape["citations"]
        out["inputs"] = []
        for form, given in zip(shape["inputs"], inputs):
            item = {"name": form["name"], "type": form["type"]}
            if form.get("node"):
                item["value"], item["node"] = given[0], given[1]
            else:
                item["value"] = given
            out["inputs"].append(item)
        out["steps"] = []
        for form, given in zip(shape["steps"], steps):
            # A step with data of the record's own (an aggregate's terms, an allocation's
            # numbers and queue) is an object: its holes and that data.
            data = given if isinstance(given, dict) else {"holes": given}
            step = {"kind": form["kind"], "text": fill(form["text"], data["holes"])}
            if "code" in form:  # the rule text: the same for every record
                step["code"] = form["code"]
            if "result" in form:
                step["result"] = form["result"]
            if "ground" in form:
                step["ground"] = form["ground"]
            for member in ("terms", "allocation"):
                if member in data:
                    step[member] = data[member]
            out["steps"].append(step)
        out["children"] = [self.node(c, subject) for c in children]
        if "grounds" in shape:
            # The shape names the children only further grounds used by their place.
            ids = [c if isinstance(c, int) else c[0] for c in children]
            out["grounds"] = [ids[k] for k in shape["grounds"]]
        return out

    def line(self, text):
        """The full line for one line of input, or None for a definition."""
        if not text.strip():
            return text
        obj = json.loads(text)
        if "shared" in obj:
            self.define(obj)
            return None
        if isinstance(obj.get("why"), list):
            obj["why"] = self.why(obj["why"])
            # A decision's own node with subject null has the previous decision's subject.
            obj["explanation"] = self.node(obj["explanation"], self.last_subject)
            if "subject" in obj["explanation"]:
                self.last_subject = obj["explanation"]["subject"]
            return dump(obj)
        return text


ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def dump_string(s):
    out = []
    for ch in s:
        if ch in ESCAPES:
            out.append(ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dump(v):
    """JSON the way regels writes it: compact, UTF-8, the same escapes."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return dump_string(v)
    if isinstance(v, list):
        return "[" + ",".join(dump(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(dump_string(k) + ":" + dump(x) for k, x in v.items()) + "}"
    raise ValueError("unexpected JSON value %r" % (v,))


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        sys.stderr.write("usage: regels_expand.py [FILE]  (default: standard input)\n")
        return 2
    source = open(argv[1], encoding="utf-8") if len(argv) == 2 else sys.stdin
    expander = Expander()
    out = sys.stdout
    with source:
        for number, text in enumerate(source, 1):
            text = text.rstrip("\n")
            try:
                full = expander.line(text)
            except (ValueError, KeyError, IndexError, TypeError) as e:
                sys.stderr.write("regels_expand.py: line %d: %s\n" % (number, e))
                return 2
            if full is not None:
                out.write(full + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
