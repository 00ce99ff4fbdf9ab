// Fuzz target: arbitrary bytes as facts for the NPLV rules.
//
// The rules in rules/nplv are loaded once (the repository root is $REGELS_ROOT, else the
// current directory). Each input is then read the two ways `regels eval` reads facts:
//
//   1. as one JSON document ({"Registratie": [...], ...}) by FactsDecoder::load_document,
//      after the rules' own `table` rows, with every diagnostic rendered;
//   2. as JSON Lines: every line (up to 200) is decoded by FactsDecoder::decode_record as
//      each record type in turn, and the records that decode are added as rows.
//
// Both go through the simdjson reader first (interpreter/facts_simd.hpp) and the strict
// reader when it refuses. Each line is also read by the two separately, and the whole input
// as a JSON Lines block by the simdjson document stream: whatever simdjson accepts, the
// strict reader must accept with equal values (abort otherwise, so libFuzzer keeps it).
//
// The input is also read as CSV facts (interpreter/facts_csv.hpp) of each record type in
// turn, with every diagnostic rendered.
//
// Whatever was accepted is then evaluated (every decision and assertion, under a step
// budget) and rendered, so values only the decoder can produce (amounts like 1e300, long
// texts, odd dates) reach the evaluator and the renderers too. Rejections are fine; crashes,
// hangs, leaks and undefined behaviour are not.
//
// tests/unit/fuzz_regressions_test.cpp includes this file with REGELS_FUZZ_NO_ENTRY defined
// and calls run_one() on every saved input.
#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts.hpp"
#include "interpreter/facts_csv.hpp"
#include "interpreter/facts_simd.hpp"
#include "interpreter/render.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regels::fuzz_facts {

struct Setup {
    std::unique_ptr<interp::LoadedRules> rules;
    interp::Facts tables;  // the rows of the rules' `table` declarations
};

inline interp::FactsLimits limits() {
    interp::FactsLimits l;
    l.max_depth = 32;
    l.max_record_bytes = 64U * 1024U;
    l.max_records = 300;
    return l;
}

inline std::string repo_root() {
    const char* env = std::getenv("REGELS_ROOT");
    return env != nullptr && *env != '\0' ? std::string(env) : std::string(".");
}

// The NPLV rules, loaded and checked once; aborts when they cannot be (a broken setup must
// not look like a clean fuzzing run).
inline Setup& setup() {
    static Setup* s = [] {
        auto* out = new Setup;  // lives as long as the process; never a leak report
        const interp::Builtins& builtins = stdlib::standard_library();
        dsl::DiagnosticBag bag;
        dsl::CheckOptions options;
        options.lint_unused = options.lint_citations = false;
        out->rules =
            interp::load_rules({repo_root() + "/rules/nplv"}, builtins.signatures, bag, options);
        if (!out->rules || bag.has_errors() || out->rules->program.records.empty()) {
            std::string text =
                out->rules ? dsl::render_text(out->rules->sources, bag.sorted()) : "";
            std::fprintf(stderr,
                         "fuzz: cannot load %s/rules/nplv (set REGELS_ROOT to the repository)\n%s",
                         repo_root().c_str(), text.c_str());
            std::abort();
        }
        out->tables.tables.resize(out->rules->program.records.size());
        if (!interp::add_table_rows(out->rules->program, builtins, out->tables,
                                    regels::dsl::days_from_civil(2026, 11, 28), bag)) {
            std::fprintf(stderr, "fuzz: the table rows of rules/nplv do not load\n");
            std::abort();
        }
        return out;
    }();
    return *s;
}

// Points the program's SourceSet at `sources` for as long as this lives, so diagnostics about
// the fuzz input can be rendered without adding every input to the long-lived set.
class UseSources {
public:
    UseSources(dsl::Program& program, dsl::SourceSet& sources)
        : program_(program), saved_(program.sources) {
        program_.sources = &sources;
    }
    ~UseSources() {
        program_.sources = saved_;
    }
    UseSources(const UseSources&) = delete;
    UseSources& operator=(const UseSources&) = delete;

private:
    dsl::Program& program_;
    dsl::SourceSet* saved_;
};

inline void evaluate(const dsl::Program& program, interp::Facts& facts, bool explain) {
    const interp::Builtins& builtins = stdlib::standard_library();
    dsl::DiagnosticBag bag;
    std::vector<std::uint32_t> selected = interp::select_rules(program, {}, bag);
    interp::EvalOptions options;
    options.as_of = dsl::days_from_civil(2026, 1, 1);
    options.explain = explain;
    options.max_steps = 1'000'000;
    interp::Evaluator evaluator(program, builtins, facts, options);
    std::vector<interp::DecisionResult> results = interp::decide(evaluator, selected);
    std::string out;
    for (const interp::DecisionResult& r : results) {
        interp::render_jsonl(out, program, evaluator.explanation(), r, explain);
    }
    if (explain) {
        interp::RunInfo info{"sha256:fuzz", {"rules/nplv"}, options.as_of};
        out += interp::render_text(program, evaluator.explanation(), info, results, true);
    }
}

inline void as_document(Setup& s, std::string_view text) {
    dsl::Program& program = s.rules->program;
    interp::Facts facts = s.tables;
    bool ok = false;
    {
        // The input's file is the only one in this set: the evaluator, which shows rule
        // text, must run after the program's own sources are back.
        dsl::SourceSet sources;
        UseSources use(program, sources);
        dsl::FileId id = sources.add("fuzz.json", std::string(text));
        dsl::DiagnosticBag bag;
        interp::FactsDecoder decoder(program, limits());
        ok = decoder.load_document(id, facts, bag);
        std::string rendered = dsl::render_text(sources, bag.sorted());
        rendered += dsl::render_json(sources, bag.sorted());
    }
    if (ok) {
        evaluate(program, facts, text.size() % 2 == 1);
    }
}

// simdjson accepted `line` as `fast`: the strict reader must agree, value for value.
inline void same_as_strict(const interp::FactsDecoder& decoder, std::string_view line,
                           std::uint32_t record, const std::vector<interp::Value>& fast) {
    interp::FactsDecoder strict(decoder.program(), decoder.limits());
    strict.set_fast(false);
    std::vector<interp::Value> row;
    std::string message;
    dsl::Code code = dsl::Code::E4001;
    bool ok = strict.decode_record(line, {}, record, row, message, code);
    bool same = ok && row.size() == fast.size();
    for (std::size_t k = 0; same && k < row.size(); ++k) {
        same = row[k].kind == fast[k].kind && row[k] == fast[k];
    }
    if (!same) {
        std::fprintf(stderr, "fuzz: simdjson accepted a line the strict reader %s: %s\n",
                     ok ? "reads differently" : "refuses", message.c_str());
        std::abort();
    }
}

inline void differential(const interp::FactsDecoder& decoder, std::string_view text) {
    const interp::FastFactsReader fast(decoder);
    std::string block(text);
    block.reserve(block.size() + interp::FastFactsReader::padding);
    for (std::uint32_t r = 0; r < decoder.program().records.size(); ++r) {
        fast.decode_lines(block, 0, r, [&](std::size_t begin, std::vector<interp::Value>& row) {
            std::size_t end = text.find('\n', begin);
            std::string_view line = text.substr(
                begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            same_as_strict(decoder, line, r, row);
        });
    }
}

inline void as_lines(Setup& s, std::string_view text) {
    const dsl::Program& program = s.rules->program;
    interp::FactsDecoder decoder(program, limits());
    interp::Facts facts = s.tables;
    dsl::DiagnosticBag bag;
    std::size_t pos = 0;
    std::size_t lines = 0;
    bool any = false;
    while (pos < text.size() && lines < 200) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lines;
        for (std::uint32_t r = 0; r < program.records.size(); ++r) {
            std::vector<interp::Value> row;
            if (interp::FastFactsReader(decoder).decode_record(line, r, row)) {
                same_as_strict(decoder, line, r, row);
            }
            std::string message;
            dsl::Code code = dsl::Code::E4001;
            if (decoder.decode_record(line, {}, r, row, message, code)) {
                any = decoder.add_row(facts, r, std::move(row), {}, "line", bag) || any;
            }
        }
    }
    if (any) {
        evaluate(program, facts, false);
    }
}

inline void as_csv(Setup& s, std::string_view text) {
    dsl::Program& program = s.rules->program;
    for (std::uint32_t r = 0; r < program.records.size(); ++r) {
        interp::Facts facts = s.tables;
        bool ok = false;
        {
            dsl::SourceSet sources;
            UseSources use(program, sources);
            dsl::FileId id = sources.add("fuzz.csv", std::string(text));
            dsl::DiagnosticBag bag;
            interp::FactsDecoder decoder(program, limits());
            ok = interp::load_csv_facts(decoder, id, r, facts, bag);
            std::string rendered = dsl::render_text(sources, bag.sorted());
            rendered += dsl::render_json(sources, bag.sorted());
        }
        // Evaluating is slow next to reading: only for the first record type that takes it.
        if (ok && facts.tables[r].rows.size() > s.tables.tables[r].rows.size()) {
            evaluate(program, facts, text.size() % 2 == 1);
            break;
        }
    }
}

inline int run_one(const std::uint8_t* data, std::size_t size) {
    Setup& s = setup();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    as_document(s, text);
    as_csv(s, text);
    as_lines(s, text);
    differential(interp::FactsDecoder(s.rules->program, limits()), text);
    return 0;
}

}  // namespace regels::fuzz_facts

#ifndef REGELS_FUZZ_NO_ENTRY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return regels::fuzz_facts::run_one(data, size);
}
#endif
