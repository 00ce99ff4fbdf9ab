#!/usr/bin/env bash
# Runs every command in the README's "Using it" block, as written, in a scratch copy of what
# they read (rules/, examples/, bench/workload/) with build/regels pointing at the program
# under test. Fails, naming the command, if any exits non-zero.
#   tests/readme_commands.sh path/to/regels
set -euo pipefail
cd "$(dirname "$0")/.."
regels="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/regels-readme.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The block between "## Using it" and the first ``` fence after the opening ```sh.
awk '/^## Using it/ { section = 1 } section && /^```sh$/ { inside = 1; next }
     inside && /^```$/ { exit } inside { print }' README.md >"$tmp/commands.sh"
count=$(grep -c '^build/regels\|^python3\|^mkdir' "$tmp/commands.sh" || true)
if [ "$count" -lt 10 ]; then
    echo "readme: found $count commands in README \"Using it\"; expected the whole block" >&2
    exit 1
fi

mkdir -p "$tmp/repo/build" "$tmp/repo/bench"
cp -R rules examples "$tmp/repo/"
cp -R bench/workload "$tmp/repo/bench/"
ln -s "$regels" "$tmp/repo/build/regels"
cd "$tmp/repo"
# -x shows each command as it runs, so a failure names it.
if ! bash -eux "$tmp/commands.sh" >"$tmp/stdout" 2>"$tmp/stderr"; then
    tail -n 30 "$tmp/stderr" >&2
    echo "readme: a command in README \"Using it\" failed (the last + line above)" >&2
    exit 1
fi
for f in out/westwijk.json out/landelijk.html out/registraties.out.jsonl; do
    [ -s "$f" ] || { echo "readme: $f was not written" >&2; exit 1; }
done
echo "readme: $count commands from README \"Using it\" ran"
