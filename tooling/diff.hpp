// What a rule change does: two versions of the rules decided over the same facts, and every
// decision whose value changed, with the first place where the two explanations part ways
// (the rule or parameter that caused the change) and how much money moved. `regels diff`
// renders it; a server can show it after a reload.
//
// Reads: two DiffSides, each loaded rules with facts, decided. Produces: a DiffReport, data
// only; diff_report_text/json render it.
//
// The money footer adds up amounts of one level only (per record, per group or for the whole
// run): a total over a group contains the per-record amounts it is made of, so adding both
// would count the same euros twice. The finest level with a money change is the one added.
#pragma once

#include "interpreter/runner.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regels::tooling {

// One version of the rules, decided over the facts.
struct DiffSide {
    std::unique_ptr<interp::LoadedRules> rules;
    interp::Facts facts;
    std::unique_ptr<interp::Evaluator> evaluator;
    std::vector<interp::DecisionResult> results;
};

// Loads the rules under `rules_paths` and the facts files, and makes every decision (with
// explanations, so causes can be found). False, with the problems in `bag`, when the rules or
// facts are not usable; side.rules is then set if the rules could be read at all.
// Test files (*_test.rules) are never loaded. With `load.parameter_values` (`--set`), the
// side is decided with those parameters overridden.
bool load_diff_side(DiffSide& side, const std::vector<std::string>& rules_paths,
                    const std::vector<interp::FactsFile>& facts, const interp::EvalOptions& options,
                    const dsl::ParseLimits& limits, dsl::DiagnosticBag& bag,
                    const interp::LoadOptions& load = {});

struct DecisionChange {
    std::string decision;
    std::string subject_json;
    std::string subject_text;  // "" for a decision about the whole run
    std::string type;
    std::optional<std::string> old_value;  // as displayed; nullopt: no such decision
    std::optional<std::string> new_value;
    std::optional<std::string> old_json;
    std::optional<std::string> new_json;
    std::optional<interp::Number> delta;  // money only
    std::string cause;
    dsl::SubjectKind level = dsl::SubjectKind::none;  // what the decision is about
    bool now_fails = false;  // it succeeded (or the assertion held) in the old rules
};

// Per decision: how many of its subjects changed and how much money moved.
struct DecisionSummary {
    std::string decision;
    std::size_t changed = 0;
    interp::Number net;
    interp::Number moved;  // the sum of the absolute changes
};

struct DiffReport {
    std::string old_hash;
    std::string new_hash;
    std::size_t old_files = 0;
    std::size_t new_files = 0;
    std::vector<std::string> new_overrides;  // `--set` on the new side: "name = value"
    std::vector<DecisionChange> changes;     // in the new rules' decision order, then removals
    std::vector<DecisionSummary> summary;    // in the order the decisions first changed
    int level = 2;                           // added up: 0 per record, 1 per group, 2 whole run
    std::size_t other_levels = 0;            // changed amounts of the levels not added up
    std::size_t now_failing = 0;
    interp::Number net;                    // at `level`
    interp::Number moved;                  // at `level`: the sum of the absolute changes
    interp::Lang lang = interp::Lang::nl;  // of the causes, and of the text rendering
};

// The causes are worded in `lang` (messages.hpp), as is the text rendering of the report.
DiffReport diff_decisions(const DiffSide& old_side, const DiffSide& new_side,
                          interp::Lang lang = interp::Lang::nl);

// "per-record", "per-group" or "whole-run": the JSON summary's `level`.
const char* diff_level_name(int level);

// Plain text, or the same text as a self-contained HTML page.
std::string diff_report_text(const DiffReport& report, bool html);
std::string diff_report_json(const DiffReport& report);

}  // namespace regels::tooling
