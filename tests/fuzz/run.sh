#!/usr/bin/env bash
# Builds the fuzz targets and runs each for SECONDS seconds; fails on any finding.
#
#   bash tests/fuzz/run.sh SECONDS [TARGET...]     (default: all four targets, one by one)
#
# Each target runs on a scratch copy of its committed seed corpus (tests/fuzz/corpus/<target>/,
# which a run never grows) plus its saved regressions (tests/fuzz/regressions/<target>/).
# Inputs are at most 8 KiB (-max_len=8192; longer seeds are cut there), which keeps the
# targets fast. Findings (crashes, UBSan and ASan reports, leaks, inputs taking over 10 s or
# 2 GiB) are saved as build/fuzz/artifacts/<target>/crash-*, leak-*, timeout-* or oom-*, and
# each run's log is build/fuzz/logs/<target>.log. One summary line per target; the exit
# status is 1 when any target found something, 2 on a usage error.
#
# Environment: REGELS_FUZZ_KEEP=1 keeps the scratch corpus (build/fuzz/work/<target>/) of the
# previous run, so long runs continue where the last one stopped; REGELS_FUZZ_BUILD moves
# build/fuzz.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${REGELS_FUZZ_BUILD:-$root/build/fuzz}"
seconds="${1:-}"
if [[ ! "$seconds" =~ ^[0-9]+$ || "$seconds" -eq 0 ]]; then
    echo "usage: bash tests/fuzz/run.sh SECONDS [TARGET...]" >&2
    exit 2
fi
shift
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(fuzz_parse_check fuzz_facts fuzz_eval fuzz_http)
fi

if ! bash "$root/tests/fuzz/build.sh" "${targets[@]}"; then
    echo "run.sh: build failed" >&2
    exit 1
fi

export REGELS_ROOT="$root"
# Leaks count as findings; UBSan reports abort (the build also says -fno-sanitize-recover).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
for t in "${targets[@]}"; do
    work="$out/work/$t"
    artifacts="$out/artifacts/$t"
    log="$out/logs/$t.log"
    if [[ "${REGELS_FUZZ_KEEP:-0}" != "1" ]]; then
        rm -rf "$work"  # a fresh scratch corpus each run, unless asked to keep the last one
    fi
    mkdir -p "$work/corpus" "$artifacts" "$out/logs"
    cp -R "$root/tests/fuzz/corpus/$t/." "$work/corpus/"
    dirs=("$work/corpus")
    if [[ -d "$root/tests/fuzz/regressions/$t" ]]; then
        dirs+=("$root/tests/fuzz/regressions/$t")  # read only: libFuzzer writes to the first
    fi
    started=$(date +%s)
    (cd "$root" && "$out/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}") >"$log" 2>&1
    rc=$?
    elapsed=$(( $(date +%s) - started ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    corpus=$(find "$work/corpus" -type f | wc -l)
    if [[ $rc -eq 0 ]]; then
        result="ok"
    else
        result="FAILED (exit $rc)"
        status=1
    fi
    printf '%-17s %s: %s runs in %ss, %s exec/s, cov %s, corpus %s\n' "$t" "$result" \
        "${runs:-?}" "$elapsed" "${speed:-?}" "${cov:-?}" "$corpus"
    if [[ $rc -ne 0 ]]; then
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -20 | sed 's/^/    /'
        echo "    log: ${log#"$root"/}"
    fi
done
exit $status
