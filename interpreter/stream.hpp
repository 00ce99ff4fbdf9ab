// Evaluation over JSON Lines: one record per line, decisions written as they are made.
//
// Per-record decisions need only their own record, so the record table holds one row at a
// time and memory does not grow with the input. Decisions about groups or the whole run
// need every record: those rows are kept, up to FactsLimits::max_records. A bad line is
// reported with its line number; with keep_going the run decides every good record and the
// counts add up (good + bad = read). Output goes to a temporary file renamed only when the
// run is complete, so an interrupted run never leaves a truncated file that looks whole.
#pragma once

#include "interpreter/runner.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace regels::interp {

struct StreamOptions {
    std::string facts_path;
    std::string output_path;  // empty: standard output
    std::string record_type;  // empty: the only record type the rules declare
    bool keep_going = false;
    bool progress = false;
    unsigned threads = 0;  // 0: as many as the machine has (at most 2 are useful)
    // With explanations: the shared layout (render.hpp, SharedTable), one scope per block of
    // input lines; false: every line stands alone within its record.
    bool shared_layout = false;
};

struct StreamReport {
    std::uint64_t read = 0;
    std::uint64_t bad = 0;
    std::uint64_t decisions = 0;
    std::uint64_t failed = 0;
};

// Returns the exit code (0, 1 or 2) and fills `report`. Diagnostics go to `bag`, except
// per-line errors, which are printed to standard error as they happen.
int stream_jsonl(LoadedRules& rules, const Builtins& builtins,
                 const std::vector<std::uint32_t>& selected, const EvalOptions& options,
                 const FactsLimits& limits, const StreamOptions& stream, dsl::DiagnosticBag& bag,
                 StreamReport& report);

}  // namespace regels::interp
