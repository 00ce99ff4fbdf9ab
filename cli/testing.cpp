// `regels test` (the test blocks in rule files, with coverage) and `regels diff` (what a
// rule change does to the decisions over the same facts).
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace regels::cli {

namespace fs = std::filesystem;
using dsl::Code;
using dsl::DiagnosticBag;
using interp::Value;

namespace {

struct CaseResult {
    std::string file;
    std::string name;  // test name, with the case number for tables
    bool passed = true;
    std::vector<std::string> failures;
};

// The row of `record` whose key is `key`, if any.
std::optional<std::int64_t> find_row(const interp::Facts& facts, std::uint32_t record,
                                     const std::string& key) {
    const auto& table = facts.tables[record];
    auto it = table.by_key.find(key);
    if (it == table.by_key.end()) {
        return std::nullopt;
    }
    return it->second;
}

// Does the explanation below `node` cite `document` with `section`?
bool cites(const interp::Explanation& ex, std::uint32_t node, const std::string& document,
           const std::string& section, std::set<std::uint32_t>& seen) {
    if (node == interp::no_node || !seen.insert(node).second) {
        return false;
    }
    const interp::ExplNode& n = ex.nodes[node];
    for (const auto& c : n.citations) {
        if (c.document == document && (section.empty() || c.section == section)) {
            return true;
        }
    }
    return std::any_of(n.children.begin(), n.children.end(), [&](std::uint32_t child) {
        return cites(ex, child, document, section, seen);
    });
}

// What the decision did, in a few lines: its inputs and steps, then the values it used.
std::string trace(const dsl::Program& program, const interp::Explanation& ex, std::uint32_t node) {
    if (node == interp::no_node) {
        return {};
    }
    std::string out;
    const interp::ExplNode& n = ex.nodes[node];
    for (const auto& step : n.steps) {
        out += fmt::format("        {}: {}\n", to_string(step.kind), step.text);
    }
    for (const auto& in : n.inputs) {
        out += fmt::format("        input: {} = {}\n", in.label,
                           interp::display_value(program, in.value, in.type));
    }
    return out;
}

// A case-table value is typed by its column; where the rules declare a year (or an
// optional year), a whole number from the table is that year.
Value as_declared(const dsl::Program& program, Value v, dsl::TypeId type) {
    dsl::TypeId t =
        program.types.kind(type) == dsl::TypeKind::optional ? program.types.element(type) : type;
    if (v.kind == interp::ValueKind::integer && program.types.kind(t) == dsl::TypeKind::year) {
        return Value::year(v.i);
    }
    if (v.kind == interp::ValueKind::integer && program.types.kind(t) == dsl::TypeKind::decimal) {
        return Value::decimal(interp::Number(v.i));
    }
    return v;
}

}  // namespace

int run_test(const Args& args) {
    Parsed p = parse_args(
        args, joined({"--run", "--threshold", "--format", "--as-of"}, rule_limit_flags()),
        {"--coverage", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels test PATH... [--run REGEX] [--coverage [--threshold PCT]]\n"
            "                   [--format text|json|junit] [--as-of DATE] [limits]\n"
            "Runs the `test` blocks in the rule files (and *_test.rules beside them).\n"
            "Exit 1 when a test fails, when no test matched, or below the threshold.\n"
            "\n"
            "%s",
            rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::CheckOptions check_options;
    check_options.lint_unused = check_options.lint_citations = false;
    check_options.check_sources = false;
    if (!read_rule_limits(p, check_options.limits)) {
        return 2;
    }
    if (p.positional.empty()) {
        return usage_error("`test` needs rule files or folders");
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "junit") {
        return usage_error(fmt::format("unknown format `{}`; use text, json or junit", format));
    }
    std::optional<std::regex> filter;
    if (auto r = p.value("--run")) {
        try {
            filter.emplace(*r);
        } catch (const std::regex_error&) {
            return usage_error(fmt::format("`--run {}` is not a valid regular expression", *r));
        }
    }
    interp::EvalOptions options;
    auto as_of = as_of_date(p);
    if (!as_of) {
        return 2;
    }
    options.as_of = *as_of;
    options.explain = true;
    const interp::Builtins& builtins = stdlib::standard_library();
    DiagnosticBag bag;
    auto rules = interp::load_rules(p.positional, builtins.signatures, bag, check_options);
    if (bag.has_errors()) {
        print_diagnostics(rules->sources, bag, false);
        return 2;
    }
    const dsl::Program& program = rules->program;
    interp::Coverage coverage;
    coverage.init(program);
    options.coverage = &coverage;

    std::vector<CaseResult> results;
    for (const dsl::TestInfo& test : program.tests) {
        const dsl::TestDecl& decl = *test.decl;
        if (filter && !std::regex_search(decl.name, *filter)) {
            continue;
        }
        std::string file = program.sources->file(test.file).name();
        std::size_t cases = decl.case_vars.empty() ? 1 : decl.cases.size();
        for (std::size_t c = 0; c < cases; ++c) {
            CaseResult result;
            result.file = file;
            result.name =
                decl.case_vars.empty() ? decl.name : fmt::format("{} [case {}]", decl.name, c + 1);
            auto fail = [&](std::string message) {
                result.passed = false;
                result.failures.push_back(std::move(message));
            };
            interp::Facts facts;
            DiagnosticBag facts_bag;
            interp::add_table_rows(program, builtins, facts, options.as_of, facts_bag);
            interp::Facts scratch;
            interp::EvalOptions constant_options;
            constant_options.as_of = options.as_of;
            interp::Evaluator constants(program, builtins, scratch, constant_options);
            std::vector<Value> locals;
            if (!decl.case_vars.empty()) {
                for (dsl::ExprId e : decl.cases[c]) {
                    locals.push_back(constants.constant(e));
                }
            }
            interp::FactsDecoder decoder(program);
            for (const dsl::TestStep& step : decl.steps) {
                if (step.kind == dsl::TestStep::Kind::facts) {
                    fs::path path = fs::path(file).parent_path() / step.path;
                    interp::load_facts_file(*rules, path.generic_string(), facts, {}, facts_bag);
                } else if (step.kind == dsl::TestStep::Kind::given) {
                    auto record = program.find_record(step.record.text);
                    if (!record) {
                        continue;
                    }
                    const dsl::RecordInfo& rec = program.records[*record];
                    std::vector<Value> row(rec.fields.size());
                    for (const dsl::RowField& f : step.row.fields) {
                        auto idx = rec.field_index(f.name.text);
                        if (idx) {
                            row[*idx] = as_declared(program, constants.constant(f.value, &locals),
                                                    rec.fields[*idx].type);
                        }
                    }
                    decoder.add_row(facts, *record, std::move(row),
                                    dsl::Location{test.file, step.span}, "given", facts_bag);
                }
            }
            if (facts_bag.has_errors()) {
                for (const auto& d : facts_bag.sorted()) {
                    fail(dsl::render_one(*program.sources, d));
                }
                results.push_back(std::move(result));
                continue;
            }
            interp::Evaluator evaluator(program, builtins, facts, options);
            for (const dsl::TestStep& step : decl.steps) {
                if (step.kind == dsl::TestStep::Kind::facts ||
                    step.kind == dsl::TestStep::Kind::given) {
                    continue;
                }
                const dsl::Target& tg = step.target;
                std::string name = tg.rule.text;
                std::optional<std::uint32_t> rule;
                for (std::size_t i = 0; i < program.rules.size(); ++i) {
                    const auto& r = program.rules[i];
                    if (r.name == name || (r.short_name == name && !rule)) {
                        rule = static_cast<std::uint32_t>(i);
                    }
                }
                if (!rule) {
                    fail(fmt::format("{}: no rule `{}`",
                                     interp::location_text(program, {test.file, step.span}), name));
                    continue;
                }
                const dsl::RuleInfo& r = program.rules[*rule];
                Value subject;
                std::string subject_text;
                if (tg.subject.kind == dsl::Subject::Kind::record) {
                    Value key = constants.constant(tg.subject.key, &locals);
                    std::string key_text = interp::value_key_text(program, key);
                    auto row = find_row(facts, r.subject_ref, key_text);
                    subject_text =
                        fmt::format("{} {}", program.records[r.subject_ref].short_name, key_text);
                    if (!row) {
                        fail(fmt::format("{}: there is no {} in the test's facts",
                                         interp::location_text(program, {test.file, step.span}),
                                         subject_text));
                        continue;
                    }
                    subject = Value::record(r.subject_ref, *row);
                } else if (tg.subject.kind == dsl::Subject::Kind::group) {
                    std::vector<Value> wanted;
                    for (const auto& gk : tg.subject.group_keys) {
                        wanted.push_back(constants.constant(gk.value, &locals));
                    }
                    bool found = false;
                    for (std::size_t k = 0; k < wanted.size(); ++k) {
                        subject_text += fmt::format("{}{} {}", k > 0 ? ", " : "",
                                                    tg.subject.group_keys[k].name.text,
                                                    interp::value_key_text(program, wanted[k]));
                    }
                    for (const Value& s : evaluator.subjects_of(*rule)) {
                        if (evaluator.subject_text(s) == subject_text) {
                            subject = s;
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        fail(fmt::format("{}: no group ({}) in the test's facts",
                                         interp::location_text(program, {test.file, step.span}),
                                         subject_text));
                        continue;
                    }
                }
                interp::Outcome out = evaluator.evaluate(*rule, subject);
                std::string where = interp::location_text(program, {test.file, step.span});
                std::string what =
                    subject_text.empty() ? r.name : fmt::format("{} [{}]", r.name, subject_text);
                switch (step.kind) {
                    case dsl::TestStep::Kind::expect_value: {
                        Value expected = as_declared(
                            program, constants.constant(step.expected, &locals), r.result);
                        if (!out.ok) {
                            fail(fmt::format(
                                "{}: {}\n      expected: {}\n      actual:   error[{}]: {}", where,
                                what, interp::display_value(program, expected, r.result),
                                dsl::info(out.error.code).id, out.error.message));
                        } else if (interp::compare(expected, out.value) != 0) {
                            fail(fmt::format(
                                "{}: {}\n      expected: {}\n      actual:   {}\n      how it was "
                                "decided:\n{}",
                                where, what, interp::display_value(program, expected, r.result),
                                interp::display_value(program, out.value, r.result),
                                trace(program, evaluator.explanation(), out.node)));
                        }
                        break;
                    }
                    case dsl::TestStep::Kind::expect_error:
                        if (out.ok) {
                            fail(
                                fmt::format("{}: {}\n      expected: error[{}]\n      actual:   {}",
                                            where, what, step.error_code.text,
                                            interp::display_value(program, out.value, r.result)));
                        } else if (step.error_code.text != dsl::info(out.error.code).id) {
                            fail(fmt::format(
                                "{}: {}\n      expected: error[{}]\n      actual:   error[{}]: {}",
                                where, what, step.error_code.text, dsl::info(out.error.code).id,
                                out.error.message));
                        }
                        break;
                    case dsl::TestStep::Kind::expect_cites: {
                        std::set<std::uint32_t> seen;
                        if (!cites(evaluator.explanation(), out.node, step.document.text,
                                   step.section, seen)) {
                            fail(fmt::format("{}: the explanation of {} does not cite {} \"{}\"",
                                             where, what, step.document.text, step.section));
                        }
                        break;
                    }
                    case dsl::TestStep::Kind::facts:
                    case dsl::TestStep::Kind::given:
                        break;
                }
            }
            results.push_back(std::move(result));
        }
    }

    std::size_t passed = static_cast<std::size_t>(std::count_if(
        results.begin(), results.end(), [](const CaseResult& r) { return r.passed; }));
    std::size_t failed = results.size() - passed;

    // Coverage: rules evaluated, exceptions that applied, each way of every if and match.
    struct Item {
        std::string where;
        std::string what;
    };
    std::vector<Item> uncovered;
    std::size_t total = 0;
    std::size_t covered = 0;
    auto loc = [&](dsl::Location l) { return interp::location_text(program, l); };
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        const dsl::RuleInfo& r = program.rules[i];
        ++total;
        if (coverage.rules[i]) {
            ++covered;
        } else {
            uncovered.push_back({loc(r.where), fmt::format("{} `{}` is never evaluated",
                                                           to_string(r.kind), r.name)});
        }
        for (std::size_t k = 0; k < r.exceptions.size(); ++k) {
            ++total;
            if (coverage.exceptions[i][k]) {
                ++covered;
            } else {
                uncovered.push_back(
                    {loc(r.exceptions[k].where), fmt::format("exception `{}` of `{}` never applies",
                                                             r.exceptions[k].name, r.name)});
            }
        }
    }
    for (const auto& [e, ways] : coverage.branches) {
        dsl::Location l{program.file_of(e), program.ast.expr(e).span};
        for (int w = 0; w < 2; ++w) {
            ++total;
            if (ways[static_cast<std::size_t>(w)]) {
                ++covered;
            } else {
                uncovered.push_back(
                    {loc(l), fmt::format("the `{}` branch of this `if` is never taken",
                                         w == 0 ? "then" : "else")});
            }
        }
    }
    for (const auto& [e, arms] : coverage.arms) {
        const auto& m = std::get<dsl::Match>(program.ast.expr(e).kind);
        for (std::size_t a = 0; a < arms.size(); ++a) {
            ++total;
            if (arms[a]) {
                ++covered;
            } else {
                dsl::Location l{program.file_of(e), m.arms[a].span};
                uncovered.push_back({loc(l), "this `match` arm is never taken"});
            }
        }
    }
    // Only rule files that are not tests count for coverage.
    double percent =
        total == 0 ? 100.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(total);

    std::string out;
    if (format == "text") {
        for (const CaseResult& r : results) {
            out += fmt::format("{} {}: {}\n", r.passed ? "PASS" : "FAIL", r.file, r.name);
            for (const std::string& f : r.failures) {
                out += "    " + f + "\n";
            }
        }
        if (p.flag("--coverage")) {
            out += fmt::format("\ncoverage: {:.1f}% ({} of {} rules, exceptions and branches)\n",
                               percent, covered, total);
            for (const Item& i : uncovered) {
                out += fmt::format("  not covered: {}: {}\n", i.where, i.what);
            }
        }
        out += fmt::format("\n{} passed, {} failed\n", passed, failed);
    } else if (format == "json") {
        out = "{\"tests\":[";
        for (std::size_t k = 0; k < results.size(); ++k) {
            const CaseResult& r = results[k];
            out += k > 0 ? ",\n" : "\n";
            out += "{\"file\":";
            interp::json_string(out, r.file);
            out += ",\"name\":";
            interp::json_string(out, r.name);
            out += fmt::format(",\"passed\":{},\"failures\":[", r.passed ? "true" : "false");
            for (std::size_t f = 0; f < r.failures.size(); ++f) {
                out += f > 0 ? "," : "";
                interp::json_string(out, r.failures[f]);
            }
            out += "]}";
        }
        out += fmt::format("],\"passed\":{},\"failed\":{}", passed, failed);
        if (p.flag("--coverage")) {
            out += fmt::format(
                ",\"coverage\":{{\"percent\":{:.1f},\"covered\":{},\"total\":{},\"uncovered\":[",
                percent, covered, total);
            for (std::size_t k = 0; k < uncovered.size(); ++k) {
                out += k > 0 ? "," : "";
                out += "{\"location\":";
                interp::json_string(out, uncovered[k].where);
                out += ",\"what\":";
                interp::json_string(out, uncovered[k].what);
                out += "}";
            }
            out += "]}";
        }
        out += "}\n";
    } else {
        out = fmt::format(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"regels\" "
            "tests=\"{}\" failures=\"{}\">\n",
            results.size(), failed);
        for (const CaseResult& r : results) {
            out += fmt::format("  <testcase classname=\"{}\" name=\"{}\"",
                               interp::markup_escape(r.file), interp::markup_escape(r.name));
            if (r.passed) {
                out += "/>\n";
            } else {
                std::string all;
                for (const auto& f : r.failures) {
                    all += f + "\n";
                }
                out += fmt::format(
                    ">\n    <failure message=\"{}\">{}</failure>\n  </testcase>\n",
                    interp::markup_escape(r.failures.empty()
                                              ? ""
                                              : r.failures[0].substr(0, r.failures[0].find('\n'))),
                    interp::markup_escape(all));
            }
        }
        out += "</testsuite>\n";
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (results.empty()) {
        std::fputs("regels: no test matched\n", stderr);
        return 1;
    }
    if (failed > 0) {
        return 1;
    }
    if (auto t = p.value("--threshold"); t && p.flag("--coverage")) {
        double threshold = std::strtod(t->c_str(), nullptr);
        if (percent + 1e-9 < threshold) {
            std::fprintf(stderr, "regels: coverage %.1f%% is below the threshold %s%%\n", percent,
                         t->c_str());
            return 1;
        }
    }
    return 0;
}

}  // namespace regels::cli
