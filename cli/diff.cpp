// `regels diff`: what a rule change does to the decisions over the same facts. The
// comparison is tooling::diff_decisions; this only reads the options and prints its report.
#include "tooling/diff.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace regels::cli {

int run_diff(const Args& args) {
    Parsed p = parse_args(args,
                          joined({"--old", "--new", "--facts", "--record", "--format", "--as-of",
                                  "--output", "--set", "--lang"},
                                 rule_limit_flags()),
                          {"--fail-on-change", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels diff --old PATH --new PATH --facts FILE [--format text|json|html]\n"
            "                   [--fail-on-change] [--as-of DATE] [--output FILE] [--lang nl|en]\n"
            "                   [limits]\n"
            "       regels diff --old PATH [--new PATH] --facts FILE --set NAME=VALUE ...\n"
            "Evaluates both versions of the rules over the same facts and reports every\n"
            "decision that changed, why, and how much money moved. With --set (repeatable),\n"
            "the new side has parameter NAME set to VALUE on every date: a what-if against\n"
            "the rules as they are (--new defaults to --old).\n"
            "--facts is repeatable; a JSON Lines or CSV file of one record type among several\n"
            "is followed by --record NAME (--facts plannen.csv --record Plan), as for eval.\n"
            "Exit 1 when a decision that succeeded (or an assertion that held) now fails;\n"
            "other changes exit 0, or 1 with --fail-on-change.\n"
            "\n"
            "%s%s",
            lang_help, rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::ParseLimits limits;
    if (!read_rule_limits(p, limits)) {
        return 2;
    }
    interp::LoadOptions what_if;
    if (!read_parameter_values(p, what_if.parameter_values)) {
        return 2;
    }
    auto old_path = p.value("--old");
    auto new_path = p.value("--new");
    if (!new_path && !what_if.parameter_values.empty()) {
        new_path = old_path;
    }
    auto facts = facts_files_of(p);
    if (!facts) {
        return 2;
    }
    if (!old_path || !new_path || facts->empty()) {
        return usage_error(
            "`diff` needs --old PATH, --new PATH (or --set NAME=VALUE) and --facts FILE");
    }
    if (!one_rule_set({*old_path}, "diff") || !one_rule_set({*new_path}, "diff")) {
        return 2;
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "html") {
        return usage_error(fmt::format("unknown format `{}`; use text, json or html", format));
    }
    auto lang = lang_of(p);
    if (!lang) {
        return 2;
    }
    interp::EvalOptions options;
    options.lang = *lang;
    auto as_of = as_of_date(p);
    if (!as_of) {
        return 2;
    }
    options.as_of = *as_of;
    options.explain = true;
    tooling::DiffSide old_side;
    tooling::DiffSide new_side;
    dsl::DiagnosticBag old_bag;
    dsl::DiagnosticBag new_bag;
    bool ok_old = tooling::load_diff_side(old_side, {*old_path}, *facts, options, limits, old_bag);
    bool ok_new =
        tooling::load_diff_side(new_side, {*new_path}, *facts, options, limits, new_bag, what_if);
    if (!ok_old || !ok_new) {
        if (old_side.rules) {
            print_diagnostics(old_side.rules->sources, old_bag, false);
        }
        if (new_side.rules) {
            print_diagnostics(new_side.rules->sources, new_bag, false);
        }
        return 2;
    }
    tooling::DiffReport report = tooling::diff_decisions(old_side, new_side, *lang);
    std::string out = format == "json" ? tooling::diff_report_json(report)
                                       : tooling::diff_report_text(report, format == "html");
    if (auto path = p.value("--output")) {
        std::string error;
        if (!interp::write_atomically(*path, out, error, *lang)) {
            return usage_error(error);
        }
    } else {
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    // A decision that now fails (an assertion that no longer holds) is a regression whatever
    // the flags; any other change fails the run only when asked to.
    if (report.now_failing > 0) {
        return 1;
    }
    return p.flag("--fail-on-change") && !report.changes.empty() ? 1 : 0;
}

}  // namespace regels::cli
