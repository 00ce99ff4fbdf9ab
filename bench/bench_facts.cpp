// bench_facts: the two facts readers side by side on one JSON Lines file, decoding only (no
// evaluation, no output): the strict hand-written reader (FactsDecoder::decode_record per
// line, simdjson off) and the simdjson document stream (FastFactsReader::decode_lines over
// 1 MiB blocks of whole lines, as `regels eval` streams). One thread each; median of --runs.
//
//   build/release/bench/bench_facts --rules examples/benchmark/registraties.rules
//       --facts reg_1000000.jsonl [--runs 3]      (one command line)
#include "interpreter/facts_simd.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace regels;

struct Timing {
    double wall;
    double cpu;
};

template <class F>
Timing timed(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu = std::clock();
    f();
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 == 1 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string rules_path;
    std::string facts_path;
    int runs = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (name == "--rules") {
            rules_path = argv[i + 1];
        } else if (name == "--facts") {
            facts_path = argv[i + 1];
        } else if (name == "--runs") {
            runs = std::max(1, std::atoi(argv[i + 1]));
        }
    }
    if (rules_path.empty() || facts_path.empty()) {
        std::fprintf(stderr, "usage: bench_facts --rules FILE --facts FILE.jsonl [--runs N]\n");
        return 2;
    }
    dsl::DiagnosticBag bag;
    auto rules = interp::load_rules({rules_path}, stdlib::standard_library().signatures, bag);
    if (!rules || bag.has_errors() || rules->program.records.size() != 1) {
        std::fprintf(stderr, "bench_facts: %s does not load (or has not one record type)\n",
                     rules_path.c_str());
        return 2;
    }
    std::ifstream in(facts_path, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (text.empty()) {
        std::fprintf(stderr, "bench_facts: cannot read %s\n", facts_path.c_str());
        return 2;
    }
    // The file cut into blocks of whole lines of about 1 MiB, each with simdjson's padding.
    std::vector<std::string> blocks;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = std::min(text.size(), pos + (1U << 20U));
        if (end < text.size()) {
            end = text.rfind('\n', end - 1) + 1;
        }
        std::string block;
        block.reserve(end - pos + interp::FastFactsReader::padding);
        block.assign(text, pos, end - pos);
        blocks.push_back(std::move(block));
        pos = end;
    }

    interp::FactsDecoder strict(rules->program);
    strict.set_fast(false);
    interp::FactsDecoder fast_decoder(rules->program);
    interp::FastFactsReader fast(fast_decoder);
    std::vector<double> strict_wall, strict_cpu, fast_wall, fast_cpu;
    std::size_t strict_records = 0;
    std::size_t fast_records = 0;
    for (int r = 0; r < runs; ++r) {
        strict_records = 0;
        Timing t = timed([&] {
            std::vector<interp::Value> row;
            std::string message;
            dsl::Code code = dsl::Code::E4001;
            for (std::size_t pos = 0; pos < text.size();) {
                std::size_t end = text.find('\n', pos);
                end = end == std::string::npos ? text.size() : end;
                std::string_view line(text.data() + pos, end - pos);
                pos = end + 1;
                if (!line.empty() && strict.decode_record(line, {}, 0, row, message, code)) {
                    ++strict_records;
                }
            }
        });
        strict_wall.push_back(t.wall);
        strict_cpu.push_back(t.cpu);
        fast_records = 0;
        t = timed([&] {
            for (const std::string& block : blocks) {
                std::size_t stop = fast.decode_lines(
                    block, 0, 0, [&](std::size_t, std::vector<interp::Value>&) { ++fast_records; });
                if (stop != block.size()) {
                    std::fprintf(stderr, "bench_facts: simdjson stopped at a line\n");
                }
            }
        });
        fast_wall.push_back(t.wall);
        fast_cpu.push_back(t.cpu);
    }
    std::printf("| reader | records | wall s (median of %d) | CPU s | records/s |\n", runs);
    std::printf("|:--|--:|--:|--:|--:|\n");
    const auto row = [](const char* name, std::size_t n, double wall, double cpu) {
        std::printf("| %s | %zu | %.3f | %.3f | %.0f |\n", name, n, wall, cpu,
                    static_cast<double>(n) / wall);
    };
    row("strict (json_reader.cpp)", strict_records, median(strict_wall), median(strict_cpu));
    row("simdjson document stream", fast_records, median(fast_wall), median(fast_cpu));
    return strict_records == fast_records ? 0 : 1;
}
