// Fuzz target: arbitrary bytes as one rule file.
//
// The bytes go through what `regels check`, `regels fmt` and `regels eval` do with a rule
// file: parse and check it, render every diagnostic (text and JSON, so every location must be
// printable), format it when it parsed cleanly, and, when it checked without errors,
// evaluate every decision and assertion it declares over its own `table` rows (under a step
// budget, so a fuzzed rule cannot run forever). None of that may crash, hang, leak or hit
// undefined behaviour; errors in the input are fine.
//
// With REGELS_FUZZ_STRICT=1 in the environment the target also checks two documented
// properties of the formatter and aborts when they do not hold: formatted text parses
// cleanly again, and formatting it a second time changes nothing.
//
// tests/unit/fuzz_regressions_test.cpp includes this file with REGELS_FUZZ_NO_ENTRY defined
// and calls run_one() on every saved input, so regressions replay in the ordinary suite.
#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/format.hpp"
#include "dsl/parser.hpp"
#include "dsl/source.hpp"
#include "interpreter/evaluator.hpp"
#include "interpreter/facts.hpp"
#include "interpreter/render.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace regels::fuzz_parse_check {

inline bool strict() {
    static const bool on = [] {
        const char* v = std::getenv("REGELS_FUZZ_STRICT");
        return v != nullptr && std::string(v) == "1";
    }();
    return on;
}

[[noreturn]] inline void property_failed(const char* what) {
    std::fprintf(stderr, "fuzz_parse_check: property failed: %s\n", what);
    std::abort();
}

// Parses `text` on its own, as `regels fmt` does; returns the formatted text, or nothing when
// the file did not parse cleanly.
inline bool format_text(const std::string& text, std::string& formatted) {
    dsl::SourceSet sources;
    dsl::FileId id = sources.add("fuzz.rules", text);
    dsl::Ast ast;
    dsl::DiagnosticBag bag;
    dsl::parse_file(sources, id, ast, bag);
    if (bag.has_errors() || ast.files.empty() || !ast.files.back().parsed_cleanly) {
        return false;
    }
    formatted = dsl::format_file(sources.file(id), ast.files.back(), ast);
    return true;
}

inline void evaluate(dsl::Program& program, bool explain) {
    const interp::Builtins& builtins = stdlib::standard_library();
    dsl::DiagnosticBag bag;
    interp::Facts facts;
    facts.tables.resize(program.records.size());
    if (!interp::add_table_rows(program, builtins, facts,
                                regels::dsl::days_from_civil(2026, 11, 28), bag)) {
        return;
    }
    std::vector<std::uint32_t> selected = interp::select_rules(program, {}, bag);
    interp::EvalOptions options;
    options.as_of = dsl::days_from_civil(2026, 1, 1);
    options.explain = explain;
    options.max_depth = 100;
    options.max_steps = 200'000;
    interp::Evaluator evaluator(program, builtins, facts, options);
    std::vector<interp::DecisionResult> results = interp::decide(evaluator, selected);
    interp::RunInfo info{"sha256:fuzz", {"fuzz.rules"}, options.as_of};
    std::string out = interp::render_text(program, evaluator.explanation(), info, results, explain);
    out += interp::render_json(program, evaluator.explanation(), info, results, explain);
    for (const interp::DecisionResult& r : results) {
        interp::render_jsonl(out, program, evaluator.explanation(), r, explain);
    }
    if (explain) {
        out += interp::render_html(program, evaluator.explanation(), info, results);
    }
}

inline int run_one(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);

    // check: parse, resolve, type, lint; then render what it reported.
    dsl::SourceSet sources;
    dsl::FileId id = sources.add("fuzz.rules", text);
    dsl::DiagnosticBag bag;
    const interp::Builtins& builtins = stdlib::standard_library();
    dsl::Program program = dsl::check(sources, {id}, builtins.signatures, bag);
    std::vector<dsl::Diagnostic> sorted = bag.sorted();
    std::string rendered = dsl::render_text(sources, sorted);
    rendered += dsl::render_json(sources, sorted);

    // fmt
    std::string formatted;
    if (format_text(text, formatted) && strict()) {
        std::string again;
        if (!format_text(formatted, again)) {
            property_failed("formatted text does not parse cleanly");
        }
        if (again != formatted) {
            property_failed("formatting is not idempotent");
        }
    }

    // eval
    if (!bag.has_errors()) {
        evaluate(program, size % 2 == 1);
    }
    return 0;
}

}  // namespace regels::fuzz_parse_check

#ifndef REGELS_FUZZ_NO_ENTRY
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return regels::fuzz_parse_check::run_one(data, size);
}
#endif
