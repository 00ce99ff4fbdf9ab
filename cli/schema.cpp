// `regels schema`: the JSON Schema of a rule set's facts (tooling/schema.hpp), for those who
// supply facts and want to validate them before sending.
#include "tooling/schema.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace regels::cli {

int run_schema(const Args& args) {
    Parsed p = parse_args(
        args, joined({"--record", "--output", "--title", "--diagnostics"}, rule_limit_flags()),
        {"--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels schema RULES... [--record NAME] [--title TEXT] [--output FILE]\n"
            "The JSON Schema (draft 2020-12) of the facts the rules read: a facts document\n"
            "with an array per record type, or with --record one record (a line of a JSON\n"
            "Lines file). Types, required fields, enum cases and field constraints come from\n"
            "the record declarations; descriptions from the comments above records and\n"
            "fields. Exit 0, or 2 when the rules do not check or NAME is not a record type.\n"
            "\n"
            "%s",
            rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional.empty()) {
        return usage_error("`schema` needs rule files or folders");
    }
    dsl::CheckOptions options;
    options.lint_unused = options.lint_citations = false;
    options.check_sources = false;
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
    tooling::SchemaOptions schema;
    std::string names;
    for (const std::string& path : p.positional) {
        names += (names.empty() ? "" : ", ") + path;
    }
    schema.title = p.value("--title").value_or("Facts for " + names);
    schema.rules_hash = rules->hash;
    schema.record = p.value("--record");
    std::string error;
    auto out = tooling::facts_schema(rules->program, schema, error);
    if (!out) {
        return usage_error(error);
    }
    if (auto path = p.value("--output")) {
        if (!interp::write_atomically(*path, *out, error)) {
            return usage_error(error);
        }
    } else {
        std::fwrite(out->data(), 1, out->size(), stdout);
    }
    return 0;
}

}  // namespace regels::cli
