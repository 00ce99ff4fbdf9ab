// The test runner (see testing.hpp): per case, build the facts, then check each expectation
// against a fresh evaluator; at the end, count what the tests reached.
#include "tooling/testing.hpp"

#include "interpreter/messages.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

namespace regels::tooling {

using interp::message;
using interp::Msg;

std::string coverage_percent(double percent, interp::Lang lang) {
    std::string out = fmt::format("{:.1f}", percent);
    if (lang == interp::Lang::nl) {
        std::replace(out.begin(), out.end(), '.', ',');
    }
    return out;
}

namespace fs = std::filesystem;
using dsl::DiagnosticBag;
using interp::Value;

namespace {

interp::ExplNode::Kind node_kind(dsl::RuleKind kind) {
    switch (kind) {
        case dsl::RuleKind::definition:
            return interp::ExplNode::Kind::definition;
        case dsl::RuleKind::decision:
            return interp::ExplNode::Kind::decision;
        case dsl::RuleKind::assertion:
            return interp::ExplNode::Kind::assertion;
    }
    return interp::ExplNode::Kind::definition;
}

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

// How the decision was made: the same explanation `regels eval --explain` prints (every step
// with its values, the rules it used and their citations), indented under the failure.
std::string trace(const dsl::Program& program, const interp::Explanation& ex, std::uint32_t node,
                  interp::Lang lang) {
    if (node == interp::no_node) {
        return {};
    }
    std::string out;
    interp::explanation_text(out, program, ex, node, 8, lang);
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

// The rule a test step names: the module-qualified name, else the first rule with that short
// name.
std::optional<std::uint32_t> find_rule(const dsl::Program& program, const std::string& name) {
    std::optional<std::uint32_t> rule;
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        const auto& r = program.rules[i];
        if (r.name == name || (r.short_name == name && !rule)) {
            rule = static_cast<std::uint32_t>(i);
        }
    }
    return rule;
}

// One case of one test while it runs: its facts, the values of its case-table row, and what
// went wrong so far.
class CaseRun {
public:
    CaseRun(interp::LoadedRules& rules, const dsl::TestInfo& test, std::size_t row,
            const TestOptions& options, interp::Coverage& coverage)
        : rules_(rules),
          program_(rules.program),
          builtins_(stdlib::standard_library()),
          test_(test),
          decl_(*test.decl),
          lang_(options.lang) {
        result_.file = program_.sources->file(test.file).name();
        result_.name =
            decl_.case_vars.empty() ? decl_.name : say(Msg::test_case_row, decl_.name, row + 1);
        eval_options_.as_of = options.as_of;
        eval_options_.explain = true;
        eval_options_.lang = lang_;
        eval_options_.coverage = &coverage;
        read_case_row(row);
        set_as_of(row);
    }

    TestCaseResult run() {
        set_parameters();
        if (build_facts()) {
            check_expectations();
        }
        return std::move(result_);
    }

private:
    // The values of the case-table row, by an evaluator of constants on the case's as-of date
    // (a parameter in a test value is taken on that date).
    void read_case_row(std::size_t row) {
        interp::EvalOptions o;
        o.as_of = eval_options_.as_of;
        o.lang = lang_;
        constants_.emplace(program_, builtins_, scratch_, o);
        locals_.clear();
        if (!decl_.case_vars.empty()) {
            for (dsl::ExprId e : decl_.cases[row]) {
                locals_.push_back(constants_->constant(e));
            }
        }
    }

    // `as of DATE` (the checker allows one, a date): replaces the run's as-of date for this
    // case. The date may come from the case-table row, so the row is read first; its values
    // are read again on the new date.
    void set_as_of(std::size_t row) {
        for (const dsl::TestStep& step : decl_.steps) {
            if (step.kind != dsl::TestStep::Kind::as_of) {
                continue;
            }
            Value v = constants_->constant(step.value, &locals_);
            if (v.kind != interp::ValueKind::date) {
                return;  // the checker reported it
            }
            result_.as_of = interp::display_value(program_, v, program_.types.date());
            eval_options_.as_of = static_cast<std::int32_t>(v.i);
            read_case_row(row);
            return;
        }
    }

    void fail(std::string message) {
        result_.passed = false;
        result_.failures.push_back(std::move(message));
    }

    std::string where(const dsl::TestStep& step) const {
        return interp::location_text(program_, {test_.file, step.span});
    }

    // `given parameter` steps: the value replaces every version for this case (and is
    // evaluated with the case-table row, so each case may set its own).
    void set_parameters() {
        for (std::size_t k = 0; k < decl_.steps.size(); ++k) {
            std::uint32_t param =
                k < test_.given_parameters.size() ? test_.given_parameters[k] : dsl::no_index;
            if (param == dsl::no_index) {
                continue;
            }
            const dsl::ParameterInfo& info = program_.parameters[param];
            Value v = as_declared(program_, constants_->constant(decl_.steps[k].value, &locals_),
                                  info.type);
            result_.overrides.push_back(
                fmt::format("{} = {}", info.name, interp::display_value(program_, v, info.type)));
            eval_options_.overrides.push_back(
                interp::ParameterOverride{param, std::move(v), "given parameter"});
        }
    }

    // The rules' tables, then the test's `facts` files and `given` rows, in order. False
    // (with every problem as a failure) when the facts are not usable. Then each step that
    // expects a refusal, tried on a copy of those facts (so it sees every record of the test,
    // as an area named before its record is; and a refused record joins nothing).
    bool build_facts() {
        DiagnosticBag bag;
        interp::add_table_rows(program_, builtins_, facts_, eval_options_.as_of, bag,
                               eval_options_.overrides);
        interp::FactsLimits limits;
        limits.lang = lang_;
        interp::FactsDecoder decoder(program_, limits);
        bool refusals = false;
        for (const dsl::TestStep& step : decl_.steps) {
            if ((step.kind == dsl::TestStep::Kind::facts ||
                 step.kind == dsl::TestStep::Kind::given) &&
                !step.refused.text.empty()) {
                refusals = true;
            } else {
                add_step(step, decoder, facts_, bag);
            }
        }
        std::optional<interp::Facts> unfinished;
        if (refusals) {
            unfinished = facts_;
            unfinished->pending.clear();  // decided below, for facts_
        }
        interp::finish_facts(program_, facts_, bag);
        if (bag.has_errors()) {
            for (const auto& d : bag.sorted()) {
                fail(dsl::render_one(*program_.sources, d));
            }
            return false;
        }
        for (const dsl::TestStep& step : decl_.steps) {
            if (unfinished && !step.refused.text.empty()) {
                check_refused(step, decoder, *unfinished);
            }
        }
        return true;
    }

    // A `facts` or `given` step's records into `facts`.
    void add_step(const dsl::TestStep& step, interp::FactsDecoder& decoder, interp::Facts& facts,
                  DiagnosticBag& bag) {
        if (step.kind == dsl::TestStep::Kind::facts) {
            fs::path path = fs::path(result_.file).parent_path() / step.path;
            interp::load_facts_file(rules_, path.generic_string(), facts, decoder.limits(), bag,
                                    step.record.text);
        } else if (step.kind == dsl::TestStep::Kind::given) {
            add_given(step, decoder, facts, bag);
        }
    }

    // `… refused CODE`: reading the step's records into a copy of the test's facts must fail
    // with CODE. The copy is dropped either way.
    void check_refused(const dsl::TestStep& step, interp::FactsDecoder& decoder,
                       const interp::Facts& unfinished) {
        interp::Facts trial = unfinished;
        DiagnosticBag bag;
        add_step(step, decoder, trial, bag);
        interp::finish_facts(program_, trial, bag);
        std::string what = step.kind == dsl::TestStep::Kind::facts
                               ? fmt::format("facts \"{}\"", step.path)
                               : fmt::format("given {}", step.record.text);
        std::vector<dsl::Diagnostic> errors;
        for (auto& d : bag.sorted()) {
            if (d.severity == dsl::Severity::error) {
                errors.push_back(std::move(d));
            }
        }
        if (errors.empty()) {
            fail(say(Msg::test_refused_accepted, where(step), what, step.refused.text));
            return;
        }
        if (std::any_of(errors.begin(), errors.end(), [&](const dsl::Diagnostic& d) {
                return step.refused.text == dsl::info(d.code).id;
            })) {
            return;
        }
        std::string why;
        for (const auto& d : errors) {
            std::string text = dsl::render_one(*program_.sources, d);
            for (std::size_t at = 0; at < text.size();) {
                std::size_t end = std::min(text.find('\n', at), text.size());
                why += end == at ? "\n" : "\n        " + text.substr(at, end - at);
                at = end + 1;
            }
        }
        fail(say(Msg::test_refused_other, where(step), what, step.refused.text,
                 dsl::info(errors[0].code).id, why));
    }

    // A `given` row. Its values meet the membership constraints (`in`) here, and the bounds
    // too when the step expects a refusal: otherwise a test may build any case.
    void add_given(const dsl::TestStep& step, interp::FactsDecoder& decoder, interp::Facts& facts,
                   DiagnosticBag& bag) {
        auto record = program_.find_record(step.record.text);
        if (!record) {
            return;  // the checker reported it
        }
        const bool bounds = !step.refused.text.empty();
        const dsl::RecordInfo& rec = program_.records[*record];
        std::vector<Value> row(rec.fields.size());
        for (const dsl::RowField& f : step.row.fields) {
            auto idx = rec.field_index(f.name.text);
            if (!idx) {
                continue;
            }
            row[*idx] = as_declared(program_, constants_->constant(f.value, &locals_),
                                    rec.fields[*idx].type);
            // A `given` row may build any case within the bounds' reach, but a value that
            // must name a known record or list element (`gebied: text in Gebied.gebied`)
            // must name one here too: a test of an unknown area tests nothing real.
            std::string why;
            bool later = false;
            dsl::Location where{test_.file, program_.ast.expr(f.value).span};
            std::string path = fmt::format("given {}/{}", rec.short_name, f.name.text);
            const interp::FieldConstraints& c = decoder.constraints();
            if (!(bounds ? c.check(*record, *idx, row[*idx], why, &facts.members, &later)
                         : c.check_members(*record, *idx, row[*idx], why, facts.members, &later))) {
                bag.report(dsl::Code::E4020, where, fmt::format("{}: {}", path, why));
            } else if (later) {
                facts.pending.push_back(
                    interp::PendingMember{*record, *idx, row[*idx], where, path});
            }
        }
        decoder.add_row(facts, *record, std::move(row), dsl::Location{test_.file, step.span},
                        "given", bag);
    }

    void check_expectations() {
        interp::Evaluator evaluator(program_, builtins_, facts_, eval_options_);
        for (const dsl::TestStep& step : decl_.steps) {
            if (step.kind != dsl::TestStep::Kind::facts &&
                step.kind != dsl::TestStep::Kind::given &&
                step.kind != dsl::TestStep::Kind::given_parameter &&
                step.kind != dsl::TestStep::Kind::as_of) {
                check_expectation(evaluator, step);
            }
        }
    }

    // The subject a step's target names: a record by its key, or a group by its keys.
    // nullopt (after a failure) when the facts hold no such subject.
    std::optional<Value> find_subject(interp::Evaluator& evaluator, const dsl::TestStep& step,
                                      std::uint32_t rule, std::string& subject_text) {
        const dsl::Target& tg = step.target;
        const dsl::RuleInfo& r = program_.rules[rule];
        if (tg.subject.kind == dsl::Subject::Kind::record) {
            Value key = constants_->constant(tg.subject.key, &locals_);
            std::string key_text = interp::value_key_text(program_, key);
            subject_text =
                fmt::format("{} {}", program_.records[r.subject_ref].short_name, key_text);
            auto row = find_row(facts_, r.subject_ref, key_text);
            if (!row) {
                fail(say(Msg::test_no_subject, where(step), subject_text));
                return std::nullopt;
            }
            return Value::record(r.subject_ref, *row);
        }
        if (tg.subject.kind == dsl::Subject::Kind::group) {
            std::vector<Value> wanted;
            for (const auto& gk : tg.subject.group_keys) {
                wanted.push_back(constants_->constant(gk.value, &locals_));
            }
            for (std::size_t k = 0; k < wanted.size(); ++k) {
                subject_text +=
                    fmt::format("{}{} {}", k > 0 ? ", " : "", tg.subject.group_keys[k].name.text,
                                interp::value_key_text(program_, wanted[k]));
            }
            for (const Value& s : evaluator.subjects_of(rule)) {
                if (evaluator.subject_text(s) == subject_text) {
                    return s;
                }
            }
            fail(say(Msg::test_no_group, where(step), subject_text));
            return std::nullopt;
        }
        return Value{};
    }

    void check_expectation(interp::Evaluator& evaluator, const dsl::TestStep& step) {
        const std::string& name = step.target.rule.text;
        auto rule = find_rule(program_, name);
        if (!rule) {
            fail(say(Msg::test_no_rule, where(step), name));
            return;
        }
        std::string subject_text;
        auto subject = find_subject(evaluator, step, *rule, subject_text);
        if (!subject) {
            return;
        }
        const dsl::RuleInfo& r = program_.rules[*rule];
        interp::Outcome out = evaluator.evaluate(*rule, *subject);
        std::string what =
            subject_text.empty() ? r.name : fmt::format("{} [{}]", r.name, subject_text);
        switch (step.kind) {
            case dsl::TestStep::Kind::expect_value:
                check_value(evaluator, step, r, out, what);
                break;
            case dsl::TestStep::Kind::expect_error:
                check_error(step, r, out, what);
                break;
            case dsl::TestStep::Kind::expect_cites: {
                std::set<std::uint32_t> seen;
                if (!cites(evaluator.explanation(), out.node, step.document.text, step.section,
                           seen)) {
                    fail(say(Msg::test_no_citation, where(step), what, step.document.text,
                             step.section));
                }
                break;
            }
            case dsl::TestStep::Kind::facts:
            case dsl::TestStep::Kind::given:
            case dsl::TestStep::Kind::given_parameter:
            case dsl::TestStep::Kind::as_of:
                break;
        }
    }

    void check_value(interp::Evaluator& evaluator, const dsl::TestStep& step,
                     const dsl::RuleInfo& r, const interp::Outcome& out, const std::string& what) {
        Value expected =
            as_declared(program_, constants_->constant(step.expected, &locals_), r.result);
        if (!out.ok) {
            fail(say(Msg::test_expected_value_error, where(step), what,
                     interp::display_value(program_, expected, r.result),
                     dsl::info(out.error.code).id, out.error.message));
        } else if (interp::compare(expected, out.value) != 0) {
            fail(say(Msg::test_expected_value, where(step), what,
                     interp::display_value(program_, expected, r.result),
                     interp::display_value(program_, out.value, r.result),
                     trace(program_, evaluator.explanation(), out.node, lang_)));
        }
    }

    void check_error(const dsl::TestStep& step, const dsl::RuleInfo& r, const interp::Outcome& out,
                     const std::string& what) {
        if (out.ok) {
            fail(say(Msg::test_expected_error_value, where(step), what, step.error_code.text,
                     interp::display_value(program_, out.value, r.result)));
        } else if (step.error_code.text != dsl::info(out.error.code).id) {
            fail(say(Msg::test_expected_error_other, where(step), what, step.error_code.text,
                     dsl::info(out.error.code).id, out.error.message));
        }
    }

    template <typename... Args>
    std::string say(Msg id, const Args&... args) const {
        return interp::message(lang_, id, args...);
    }

    interp::LoadedRules& rules_;
    const dsl::Program& program_;
    const interp::Builtins& builtins_;
    const dsl::TestInfo& test_;
    const dsl::TestDecl& decl_;
    interp::Lang lang_;
    interp::Facts scratch_;                       // the constants' evaluator reads no facts
    std::optional<interp::Evaluator> constants_;  // made again for an `as of` date
    std::vector<Value> locals_;                   // the case-table row
    interp::Facts facts_;
    interp::EvalOptions eval_options_;
    TestCaseResult result_;
};

// Rules evaluated, exceptions that applied, each way of every if and match.
TestCoverage measure_coverage(const dsl::Program& program, const interp::Coverage& coverage,
                              interp::Lang lang) {
    auto say = [&](Msg id, const auto&... args) { return interp::message(lang, id, args...); };
    TestCoverage out;
    auto loc = [&](dsl::Location l) { return interp::location_text(program, l); };
    auto count = [&](bool reached, dsl::Location where, std::string what) {
        ++out.total;
        if (reached) {
            ++out.covered;
        } else {
            out.uncovered.push_back({loc(where), std::move(what)});
        }
    };
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        const dsl::RuleInfo& r = program.rules[i];
        count(coverage.rules[i], r.where,
              say(Msg::test_never_evaluated, interp::kind_text(node_kind(r.kind), lang), r.name));
        for (std::size_t k = 0; k < r.exceptions.size(); ++k) {
            count(coverage.exceptions[i][k], r.exceptions[k].where,
                  say(Msg::test_exception_never, r.exceptions[k].name, r.name));
        }
    }
    for (const auto& [e, ways] : coverage.branches) {
        dsl::Location l{program.file_of(e), program.ast.expr(e).span};
        for (std::size_t w = 0; w < 2; ++w) {
            count(ways[w], l, say(w == 0 ? Msg::test_then_never : Msg::test_else_never));
        }
    }
    for (const auto& [e, arms] : coverage.arms) {
        const auto& m = std::get<dsl::Match>(program.ast.expr(e).kind);
        for (std::size_t a = 0; a < arms.size(); ++a) {
            count(arms[a], dsl::Location{program.file_of(e), m.arms[a].span},
                  say(Msg::test_arm_never));
        }
    }
    out.percent = out.total == 0
                      ? 100.0
                      : 100.0 * static_cast<double>(out.covered) / static_cast<double>(out.total);
    return out;
}

}  // namespace

TestReport run_tests(interp::LoadedRules& rules, const TestOptions& options) {
    const dsl::Program& program = rules.program;
    interp::Coverage coverage;
    coverage.init(program);
    TestReport report;
    report.lang = options.lang;
    for (const dsl::TestInfo& test : program.tests) {
        const dsl::TestDecl& decl = *test.decl;
        if (options.filter && !std::regex_search(decl.name, *options.filter)) {
            continue;
        }
        std::size_t cases = decl.case_vars.empty() ? 1 : decl.cases.size();
        for (std::size_t c = 0; c < cases; ++c) {
            report.cases.push_back(CaseRun(rules, test, c, options, coverage).run());
        }
    }
    report.passed =
        static_cast<std::size_t>(std::count_if(report.cases.begin(), report.cases.end(),
                                               [](const TestCaseResult& r) { return r.passed; }));
    report.failed = report.cases.size() - report.passed;
    report.coverage = measure_coverage(program, coverage, options.lang);
    return report;
}

namespace {

// "as of 2025-01-01; given parameter a = 1; b = 2", or "": what the test set that the
// published rules or the run did not.
std::string overrides_text(const TestCaseResult& r, interp::Lang lang) {
    std::string all = r.as_of.empty() ? std::string() : message(lang, Msg::test_as_of, r.as_of);
    for (std::size_t k = 0; k < r.overrides.size(); ++k) {
        std::string given = message(lang, Msg::test_given_parameter);
        all += (k == 0 ? (all.empty() ? given : "; " + given) : "; ") + r.overrides[k];
    }
    return all;
}

// " (as of 2025-01-01; given parameter a = 1; b = 2)" after a test's name, or "".
std::string overrides_note(const TestCaseResult& r, interp::Lang lang) {
    std::string all = overrides_text(r, lang);
    return all.empty() ? all : " (" + all + ")";
}

}  // namespace

std::string test_report_text(const TestReport& report, bool with_coverage,
                             const std::string& label) {
    const interp::Lang lang = report.lang;
    std::string out;
    for (const TestCaseResult& r : report.cases) {
        out += message(lang, r.passed ? Msg::test_pass : Msg::test_fail, r.file, r.name,
                       overrides_note(r, lang));
        for (const std::string& f : r.failures) {
            out += "    " + f + "\n";
        }
    }
    if (with_coverage) {
        const TestCoverage& c = report.coverage;
        out += message(lang, Msg::test_coverage, coverage_percent(c.percent, lang), c.covered,
                       c.total);
        for (const Uncovered& u : c.uncovered) {
            out += message(lang, Msg::test_not_covered, u.where, u.what);
        }
    }
    out += message(lang, Msg::test_totals, label.empty() ? label : label + ": ", report.passed,
                   report.failed);
    return out;
}

std::string test_report_json(const TestReport& report, bool with_coverage) {
    std::string out = "{\"tests\":[";
    for (std::size_t k = 0; k < report.cases.size(); ++k) {
        const TestCaseResult& r = report.cases[k];
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
        out += "]";
        if (!r.as_of.empty()) {
            out += ",\"as_of\":";
            interp::json_string(out, r.as_of);
        }
        if (!r.overrides.empty()) {
            out += ",\"overrides\":[";
            for (std::size_t o = 0; o < r.overrides.size(); ++o) {
                out += o > 0 ? "," : "";
                interp::json_string(out, r.overrides[o]);
            }
            out += "]";
        }
        out += "}";
    }
    out += fmt::format("],\"passed\":{},\"failed\":{}", report.passed, report.failed);
    if (with_coverage) {
        const TestCoverage& c = report.coverage;
        out += fmt::format(
            ",\"coverage\":{{\"percent\":{:.1f},\"covered\":{},\"total\":{},\"uncovered\":[",
            c.percent, c.covered, c.total);
        for (std::size_t k = 0; k < c.uncovered.size(); ++k) {
            out += k > 0 ? "," : "";
            out += "{\"location\":";
            interp::json_string(out, c.uncovered[k].where);
            out += ",\"what\":";
            interp::json_string(out, c.uncovered[k].what);
            out += "}";
        }
        out += "]}";
    }
    out += "}\n";
    return out;
}

std::string test_report_junit(const TestReport& report, const std::string& name,
                              bool whole_document) {
    std::string out = whole_document ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "";
    out += fmt::format("<testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                       interp::markup_escape(name), report.cases.size(), report.failed);
    for (const TestCaseResult& r : report.cases) {
        out += fmt::format("  <testcase classname=\"{}\" name=\"{}\"",
                           interp::markup_escape(r.file), interp::markup_escape(r.name));
        std::string note = overrides_text(r, report.lang);
        std::string given = note.empty() ? std::string()
                                         : fmt::format("    <system-out>{}</system-out>\n",
                                                       interp::markup_escape(note));
        if (r.passed) {
            out += given.empty() ? "/>\n" : ">\n" + given + "  </testcase>\n";
            continue;
        }
        std::string all;
        for (const auto& f : r.failures) {
            all += f + "\n";
        }
        std::string first =
            r.failures.empty() ? "" : r.failures[0].substr(0, r.failures[0].find('\n'));
        out += fmt::format(">\n    <failure message=\"{}\">{}</failure>\n{}  </testcase>\n",
                           interp::markup_escape(first), interp::markup_escape(all), given);
    }
    out += "</testsuite>\n";
    return out;
}

}  // namespace regels::tooling
