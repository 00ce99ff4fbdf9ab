// `regels clauses`: the map of an agreement (tooling/clauses.hpp) — which sections, sentences
// and table rows the rules rest on and which tests reach them, which sections are left out and why,
// every assumption and interpretation choice, and every limit that is not yet published.
#include "tooling/clauses.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace regels::cli {

int run_clauses(const Args& args) {
    Parsed p = parse_args(
        args,
        joined({"--format", "--output", "--diagnostics", "--texts", "--lang"}, rule_limit_flags()),
        {"--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels clauses RULES... [--format text|json|html] [--output FILE]\n"
            "                      [--texts DIR[:DIR...]] [--lang nl|en]\n"
            "The map of the agreements the rules cite: per document, section and - where the\n"
            "document's text is found, beside the rule file or in a --texts folder - per\n"
            "sentence and table row, the status tested (a rule that a test reaches quotes it),\n"
            "encoded (quoted, no test reaches it), partial (a section partly encoded) or\n"
            "not_encoded (with the reason the outline gives); a document without its text is\n"
            "marked unverified. Then every assumption and\n"
            "interpretation choice with the decisions that rest on it; then every parameter\n"
            "version that is not yet published, with the rules that need it.\n"
            "Exit 0, or 2 when the rules do not check.\n"
            "\n"
            "%s%s",
            lang_help, rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional.empty()) {
        return usage_error("`clauses` needs rule files or folders");
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "html") {
        return usage_error(fmt::format("unknown format `{}`; use text, json or html", format));
    }
    auto lang = lang_of(p);
    if (!lang) {
        return 2;
    }
    dsl::CheckOptions options;
    options.lint_unused = options.lint_citations = false;
    options.check_sources = false;
    options.verify_quotes = true;  // reads the texts the sentences come from
    options.text_dirs = text_dirs_of(p);
    if (!read_rule_limits(p, options.limits)) {
        return 2;
    }
    dsl::DiagnosticBag bag;
    auto rules =
        interp::load_rules(p.positional, stdlib::standard_library().signatures, bag, options);
    if (bag.has_errors()) {
        print_diagnostics(rules->sources, bag, p.value("--diagnostics").value_or("text") == "json");
        return 2;
    }
    tooling::ClauseMap map = tooling::build_clause_map(rules->program);
    std::string out = format == "json"   ? tooling::clause_map_json(map)
                      : format == "html" ? tooling::clause_map_html(map, *lang)
                                         : tooling::clause_map_text(map, *lang);
    if (auto path = p.value("--output")) {
        std::string error;
        if (!interp::write_atomically(*path, out, error, *lang)) {
            return usage_error(error);
        }
    } else {
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
}

}  // namespace regels::cli
