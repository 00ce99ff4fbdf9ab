// baseline_checksum: prints the C++ baseline's checksum for a JSON Lines file of workload v1.
//
// Usage:  baseline_checksum INPUT.jsonl [OUTPUT.jsonl]
//
// Stdout is byte-identical to `python3 reference.py INPUT.jsonl` (the oracle), and OUTPUT, if
// given, to reference.py's OUTPUT file; a test compares the two at small N.
#include "bench/baseline.hpp"

#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2 && argc != 3) {
        std::fputs("usage: baseline_checksum INPUT.jsonl [OUTPUT.jsonl]\n", stderr);
        return 2;
    }
    try {
        const std::string output = argc == 3 ? argv[2] : "";
        const auto checksum = regels::bench::run_baseline(argv[1], output);
        const std::string text = regels::bench::format_checksum(checksum);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "baseline_checksum: %s\n", error.what());
        return 1;
    }
}
