#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with ASan and UBSan into build/fuzz/.
#
#   bash tests/fuzz/build.sh            # all targets
#   bash tests/fuzz/build.sh fuzz_eval  # only the ones named
#
# The library sources (dsl/, interpreter/, stdlib/) are compiled directly, once, into
# build/fuzz/obj/ and reused; an object is rebuilt when its source or any header it includes
# changed. Environment: REGELS_FUZZ_CXX (default clang++), REGELS_FUZZ_BUILD (default
# build/fuzz), REGELS_FUZZ_JOBS (parallel compiles, default 2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${REGELS_FUZZ_BUILD:-$root/build/fuzz}"
cxx="${REGELS_FUZZ_CXX:-clang++}"
jobs="${REGELS_FUZZ_JOBS:-2}"

# -fsanitize=fuzzer,address,undefined as asked; -fno-sanitize-recover makes every UBSan
# report abort, so libFuzzer records it as a crash instead of printing and going on.
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -fno-omit-frame-pointer -I"$root" -DSIMDJSON_THREADS_ENABLED=1)
libs=(-lfmt -lgmpxx -lgmp -lsimdjson -lcrypto -lpthread)

all_targets=(fuzz_parse_check fuzz_facts fuzz_eval fuzz_http)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=("${all_targets[@]}")
fi
for t in "${targets[@]}"; do
    if [[ ! -f "$root/tests/fuzz/$t.cpp" ]]; then
        echo "build.sh: no target $t (known: ${all_targets[*]})" >&2
        exit 2
    fi
done

mkdir -p "$out/obj"

# Is `obj` older than its source or any dependency recorded in its .d file?
stale() {
    local obj="$1" src="$2" dep="${1%.o}.d"
    [[ -f "$obj" && -f "$dep" ]] || return 0
    [[ "$src" -nt "$obj" ]] && return 0
    local f
    # The .d file: "obj.o: a.cpp b.hpp \" ... ; split on whitespace, drop the target and '\'.
    for f in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$dep"); do
        if [[ ! -e "$f" || "$f" -nt "$obj" ]]; then
            return 0
        fi
    done
    return 1
}

compile() {
    local src="$1" obj="$2"
    "$cxx" "${flags[@]}" -MMD -MF "${obj%.o}.d" -c "$src" -o "$obj"
}

# fuzz_http also needs the service (service/, tooling/) and links cpp-httplib and SQLite.
http_flags=($(pkg-config --cflags cpp-httplib))
http_libs=(-lcpp-httplib -lsqlite3)
service_objs=()
wants_http=0
for t in "${targets[@]}"; do
    [[ "$t" == fuzz_http ]] && wants_http=1
done

lib_objs=()
pids=()
failed=0
wait_some() {
    # Wait for the oldest job when `jobs` are running.
    while [[ ${#pids[@]} -ge $1 ]]; do
        if ! wait "${pids[0]}"; then
            failed=1
        fi
        pids=("${pids[@]:1}")
    done
}
for src in "$root"/dsl/*.cpp "$root"/dsl/check/*.cpp "$root"/interpreter/*.cpp "$root"/stdlib/*.cpp; do
    rel="${src#"$root"/}"
    obj="$out/obj/${rel//\//_}"
    obj="${obj%.cpp}.o"
    lib_objs+=("$obj")
    if stale "$obj" "$src"; then
        echo "  compile $rel"
        wait_some "$jobs"
        compile "$src" "$obj" &
        pids+=($!)
    fi
done
if [[ $wants_http -eq 1 ]]; then
    for src in "$root"/tooling/*.cpp "$root"/service/*.cpp; do
        rel="${src#"$root"/}"
        obj="$out/obj/${rel//\//_}"
        obj="${obj%.cpp}.o"
        service_objs+=("$obj")
        if stale "$obj" "$src"; then
            echo "  compile $rel"
            wait_some "$jobs"
            "$cxx" "${flags[@]}" "${http_flags[@]}" -MMD -MF "${obj%.o}.d" -c "$src" -o "$obj" &
            pids+=($!)
        fi
    done
fi
for t in "${targets[@]}"; do
    obj="$out/obj/$t.o"
    if stale "$obj" "$root/tests/fuzz/$t.cpp"; then
        echo "  compile tests/fuzz/$t.cpp"
        wait_some "$jobs"
        if [[ "$t" == fuzz_http ]]; then
            "$cxx" "${flags[@]}" "${http_flags[@]}" -MMD -MF "${obj%.o}.d" \
                -c "$root/tests/fuzz/$t.cpp" -o "$obj" &
        else
            compile "$root/tests/fuzz/$t.cpp" "$obj" &
        fi
        pids+=($!)
    fi
done
wait_some 1
if [[ $failed -ne 0 ]]; then
    echo "build.sh: compilation failed" >&2
    exit 1
fi

for t in "${targets[@]}"; do
    bin="$out/$t"
    extra_objs=()
    extra_libs=()
    if [[ "$t" == fuzz_http ]]; then
        extra_objs=("${service_objs[@]}")
        extra_libs=("${http_libs[@]}")
    fi
    newest=0
    if [[ -f "$bin" ]]; then
        for o in "${lib_objs[@]}" "${extra_objs[@]}" "$out/obj/$t.o"; do
            if [[ "$o" -nt "$bin" ]]; then newest=1; fi
        done
    else
        newest=1
    fi
    if [[ $newest -eq 1 ]]; then
        echo "  link $t"
        "$cxx" "${flags[@]}" "$out/obj/$t.o" "${extra_objs[@]}" "${lib_objs[@]}" "${libs[@]}" \
            "${extra_libs[@]}" -o "$bin"
    fi
done
echo "build.sh: built ${targets[*]} in ${out#"$root"/}"
