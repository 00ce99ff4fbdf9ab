// What a rule change does (see diff.hpp): match the decisions of both sides by name and
// subject, find the cause of each change by walking both explanations, and add up the money.
#include "tooling/diff.hpp"

#include "interpreter/messages.hpp"
#include "interpreter/phrases.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace regels::tooling {

using interp::Lang;
using interp::message;
using interp::Msg;
using interp::Number;
using interp::Value;

namespace {

// The footer adds up amounts of one level only (see diff.hpp).
int level_rank(dsl::SubjectKind k) {
    switch (k) {
        case dsl::SubjectKind::record:
        case dsl::SubjectKind::arguments:
            return 0;
        case dsl::SubjectKind::group:
            return 1;
        case dsl::SubjectKind::none:
            return 2;
    }
    return 2;
}

std::string show(const interp::DecisionResult& r, const dsl::Program& p) {
    if (!r.outcome.ok) {
        return fmt::format("error[{}]: {}", dsl::info(r.outcome.error.code).id,
                           r.outcome.error.message);
    }
    return interp::display_value(p, r.outcome.value, p.rules[r.rule].result);
}

std::string json_of(const interp::DecisionResult& r, const dsl::Program& p) {
    std::string out;
    if (!r.outcome.ok) {
        out += "{\"error\":";
        interp::json_string(out, dsl::info(r.outcome.error.code).id);
        out += "}";
        return out;
    }
    interp::json_value(out, p, r.outcome.value, p.rules[r.rule].result);
    return out;
}

std::string node_value(const dsl::Program& p, const interp::ExplNode& n, Lang lang) {
    return n.failed ? message(lang, Msg::diff_error_value, n.error)
                    : interp::display_value(p, n.value, n.type);
}

// Walks both derivations from the decision down to the deepest node whose value differs
// while everything it used agrees: that rule or parameter is where the change comes from.
std::string find_cause(const dsl::Program& po, const interp::Explanation& eo, std::uint32_t o,
                       const dsl::Program& pn, const interp::Explanation& en, std::uint32_t n,
                       int depth, Lang lang) {
    if (o == interp::no_node || n == interp::no_node) {
        return {};
    }
    const interp::ExplNode& a = eo.nodes[o];
    const interp::ExplNode& b = en.nodes[n];
    if (depth < 50) {
        for (std::uint32_t bc : b.children) {
            if (b.ground_only(bc)) {
                continue;  // a further ground did not decide: the change does not come from it
            }
            const interp::ExplNode& nb = en.nodes[bc];
            for (std::uint32_t ac : a.children) {
                const interp::ExplNode& na = eo.nodes[ac];
                if (na.name == nb.name && na.subject == nb.subject &&
                    node_value(po, na, lang) != node_value(pn, nb, lang)) {
                    std::string deeper = find_cause(po, eo, ac, pn, en, bc, depth + 1, lang);
                    if (!deeper.empty()) {
                        return deeper;
                    }
                }
            }
        }
        // A rule or parameter used only on one side is a change of structure.
        for (std::uint32_t bc : b.children) {
            if (b.ground_only(bc)) {
                continue;
            }
            const interp::ExplNode& nb = en.nodes[bc];
            bool in_old = std::any_of(a.children.begin(), a.children.end(), [&](std::uint32_t ac) {
                return eo.nodes[ac].name == nb.name && eo.nodes[ac].subject == nb.subject;
            });
            if (!in_old) {
                return message(lang, Msg::diff_cause_now_used, nb.name,
                               interp::location_text(pn, nb.where), node_value(pn, nb, lang));
            }
        }
    }
    std::string where = interp::location_text(pn, b.where);
    std::string what = interp::kind_text(b.kind, lang);
    std::string subject = b.subject.empty() ? "" : " [" + b.subject + "]";
    std::string step;
    for (std::size_t k = 0; k < b.steps.size(); ++k) {
        if (k >= a.steps.size() || a.steps[k].text != b.steps[k].text) {
            step = message(lang, Msg::diff_cause_now_step, b.steps[k].text);
            break;
        }
    }
    return message(lang, Msg::diff_cause_changed, what, b.name, subject, where,
                   node_value(po, a, lang), node_value(pn, b, lang), step);
}

}  // namespace

bool load_diff_side(DiffSide& side, const std::vector<std::string>& rules_paths,
                    const std::vector<interp::FactsFile>& facts, const interp::EvalOptions& options,
                    const dsl::ParseLimits& limits, dsl::DiagnosticBag& bag,
                    const interp::LoadOptions& load) {
    const interp::Builtins& builtins = stdlib::standard_library();
    dsl::CheckOptions check_options;
    check_options.lint_unused = check_options.lint_citations = false;
    check_options.check_sources = false;
    check_options.limits = limits;
    interp::LoadOptions without_tests = load;
    without_tests.tests = false;
    side.rules =
        interp::load_rules(rules_paths, builtins.signatures, bag, check_options, without_tests);
    if (bag.has_errors()) {
        return false;
    }
    interp::EvalOptions side_options = options;
    side_options.overrides = interp::parameter_overrides(*side.rules, builtins);
    interp::FactsLimits facts_limits;
    facts_limits.lang = options.lang;
    bool ok = interp::load_facts(*side.rules, builtins, facts, side.facts, facts_limits,
                                 options.as_of, side_options.overrides, bag);
    if (!ok || bag.has_errors()) {
        return false;
    }
    side.evaluator = std::make_unique<interp::Evaluator>(side.rules->program, builtins, side.facts,
                                                         side_options);
    side.results =
        interp::decide(*side.evaluator, interp::select_rules(side.rules->program, {}, bag));
    return true;
}

const char* diff_level_name(int level) {
    return level == 0 ? "per-record" : level == 1 ? "per-group" : "whole-run";
}

namespace {

// Every decision of the new rules whose value differs from the old (or that is new), then
// every decision of the old rules that is gone.
std::vector<DecisionChange> find_changes(const DiffSide& old_side, const DiffSide& new_side,
                                         Lang lang) {
    const dsl::Program& po = old_side.rules->program;
    const dsl::Program& pn = new_side.rules->program;
    std::map<std::string, const interp::DecisionResult*> old_by_key;
    for (const auto& r : old_side.results) {
        old_by_key[po.rules[r.rule].name + "\t" + r.subject_json] = &r;
    }
    std::vector<DecisionChange> changes;
    std::set<std::string> seen;
    for (const auto& r : new_side.results) {
        std::string key = pn.rules[r.rule].name + "\t" + r.subject_json;
        seen.insert(key);
        auto it = old_by_key.find(key);
        DecisionChange c;
        c.decision = pn.rules[r.rule].name;
        c.subject_json = r.subject_json;
        c.subject_text = r.subject_text;
        c.type = pn.type_name(pn.rules[r.rule].result);
        c.new_value = show(r, pn);
        c.new_json = json_of(r, pn);
        c.level = pn.rules[r.rule].subject;
        if (it == old_by_key.end()) {
            c.cause = message(lang, Msg::diff_cause_new);
            changes.push_back(std::move(c));
            continue;
        }
        const interp::DecisionResult& o = *it->second;
        if (show(o, po) == show(r, pn)) {
            continue;
        }
        c.old_value = show(o, po);
        c.old_json = json_of(o, po);
        c.now_fails = o.outcome.ok && !r.outcome.ok;
        if (o.outcome.ok && r.outcome.ok && o.outcome.value.kind == interp::ValueKind::money &&
            r.outcome.value.kind == interp::ValueKind::money) {
            c.delta = r.outcome.value.n - o.outcome.value.n;
        }
        c.cause = find_cause(po, old_side.evaluator->explanation(), o.outcome.node, pn,
                             new_side.evaluator->explanation(), r.outcome.node, 0, lang);
        changes.push_back(std::move(c));
    }
    for (const auto& r : old_side.results) {
        std::string key = po.rules[r.rule].name + "\t" + r.subject_json;
        if (seen.count(key) == 0) {
            DecisionChange c;
            c.decision = po.rules[r.rule].name;
            c.subject_json = r.subject_json;
            c.subject_text = r.subject_text;
            c.type = po.type_name(po.rules[r.rule].result);
            c.old_value = show(r, po);
            c.old_json = json_of(r, po);
            c.cause = message(lang, Msg::diff_cause_gone);
            c.level = po.rules[r.rule].subject;
            changes.push_back(std::move(c));
        }
    }
    return changes;
}

// Per decision and in total: how many changed and how much money moved.
void add_up(DiffReport& report) {
    for (const DecisionChange& c : report.changes) {
        if (c.delta) {
            report.level = std::min(report.level, level_rank(c.level));
        }
    }
    std::map<std::string, std::size_t> index;  // decision -> its summary
    for (const DecisionChange& c : report.changes) {
        auto [it, added] = index.try_emplace(c.decision, report.summary.size());
        if (added) {
            report.summary.push_back(DecisionSummary{c.decision, 0, {}, {}});
        }
        DecisionSummary& s = report.summary[it->second];
        ++s.changed;
        report.now_failing += c.now_fails ? 1U : 0U;
        if (c.delta) {
            s.net = s.net + *c.delta;
            s.moved = s.moved + c.delta->abs();
            if (level_rank(c.level) == report.level) {
                report.net = report.net + *c.delta;
                report.moved = report.moved + c.delta->abs();
            } else {
                ++report.other_levels;
            }
        }
    }
}

Number up_of(const Number& moved, const Number& net) {
    return (moved + net) / Number(2);
}

Number down_of(const Number& moved, const Number& net) {
    return (moved - net) / Number(2);
}

}  // namespace

DiffReport diff_decisions(const DiffSide& old_side, const DiffSide& new_side, Lang lang) {
    DiffReport report;
    report.lang = lang;
    report.old_hash = old_side.rules->hash;
    report.new_hash = new_side.rules->hash;
    report.old_files = old_side.rules->files.size();
    report.new_files = new_side.rules->files.size();
    const dsl::Program& pn = new_side.rules->program;
    for (const dsl::ParameterValueInfo& pv : pn.parameter_values) {
        const dsl::ParameterInfo& info = pn.parameters[pv.parameter];
        Value v = new_side.evaluator->constant(pv.value);
        report.new_overrides.push_back(
            fmt::format("{} = {}", info.name, interp::display_value(pn, v, info.type)));
    }
    report.changes = find_changes(old_side, new_side, lang);
    add_up(report);
    return report;
}

std::string diff_report_json(const DiffReport& report) {
    std::string out = "{\"old\":{\"hash\":";
    interp::json_string(out, report.old_hash);
    out += "},\"new\":{\"hash\":";
    interp::json_string(out, report.new_hash);
    if (!report.new_overrides.empty()) {
        out += ",\"overrides\":[";
        for (std::size_t k = 0; k < report.new_overrides.size(); ++k) {
            out += k > 0 ? "," : "";
            interp::json_string(out, report.new_overrides[k]);
        }
        out += "]";
    }
    out += "},\"changes\":[";
    for (std::size_t k = 0; k < report.changes.size(); ++k) {
        const DecisionChange& c = report.changes[k];
        out += k > 0 ? ",\n" : "\n";
        out += "{\"decision\":";
        interp::json_string(out, c.decision);
        out += ",\"subject\":" + c.subject_json + ",\"type\":";
        interp::json_string(out, c.type);
        out +=
            ",\"old\":" + c.old_json.value_or("null") + ",\"new\":" + c.new_json.value_or("null");
        if (c.delta) {
            out += ",\"delta\":";
            interp::json_string(out, *c.delta->to_decimal(2));
        }
        out += ",\"cause\":";
        interp::json_string(out, c.cause);
        out += "}";
    }
    out += "],\"summary\":{\"changed\":" + std::to_string(report.changes.size()) +
           ",\"per_decision\":[";
    for (std::size_t k = 0; k < report.summary.size(); ++k) {
        const DecisionSummary& s = report.summary[k];
        out += k > 0 ? "," : "";
        out += "{\"decision\":";
        interp::json_string(out, s.decision);
        out += fmt::format(",\"changed\":{},\"net\":\"{}\",\"up\":\"{}\",\"down\":\"{}\"}}",
                           s.changed, *s.net.to_decimal(2), *up_of(s.moved, s.net).to_decimal(2),
                           *down_of(s.moved, s.net).to_decimal(2));
    }
    out += fmt::format(
        "],\"level\":\"{}\",\"now_failing\":{},\"net\":\"{}\",\"up\":\"{}\","
        "\"down\":\"{}\"}}}}\n",
        diff_level_name(report.level), report.now_failing, *report.net.to_decimal(2),
        *up_of(report.moved, report.net).to_decimal(2),
        *down_of(report.moved, report.net).to_decimal(2));
    return out;
}

std::string diff_report_text(const DiffReport& report, bool html) {
    const Lang lang = report.lang;
    auto esc = [&](std::string_view s) { return html ? interp::markup_escape(s) : std::string(s); };
    auto say = [&](Msg id, const auto&... args) { return message(lang, id, args...); };
    std::string out;
    if (html) {
        std::string title = esc(say(Msg::diff_title));
        out += fmt::format(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Regels — "
            "{}</title><style>body{{font-family:system-ui,sans-serif;margin:2em}} "
            "td,th{{padding:.2em .7em;border-bottom:1px solid #ddd;text-align:left}} "
            ".cause{{color:#555;font-size:.9em}}</style></head><body>\n<h1>{}</h1><pre>\n",
            interp::words(lang).html_lang, title, title);
    }
    std::string what_if;
    for (const std::string& o : report.new_overrides) {
        what_if += (what_if.empty() ? say(Msg::diff_with_set) : "; ") + o;
    }
    out += say(Msg::diff_rules, report.old_hash, report.old_files, report.new_hash,
               report.new_files, esc(what_if));
    if (report.changes.empty()) {
        out += say(Msg::diff_nothing);
    }
    for (const DecisionSummary& s : report.summary) {
        out += say(Msg::diff_per_decision, esc(s.decision), s.changed);
        if (s.moved.sign() != 0) {
            out += say(Msg::diff_moved, up_of(s.moved, s.net).to_money_display(),
                       down_of(s.moved, s.net).to_money_display(), s.net.to_money_display());
        }
        out += "\n";
        for (const DecisionChange& c : report.changes) {
            if (c.decision != s.decision) {
                continue;
            }
            std::string subject =
                c.subject_text.empty() ? say(Msg::diff_whole_run) : "[" + c.subject_text + "]";
            out += fmt::format("  {} {} → {}", esc(subject),
                               esc(c.old_value.value_or(say(Msg::diff_none))),
                               esc(c.new_value.value_or(say(Msg::diff_none))));
            if (c.delta) {
                out += fmt::format(" ({}{})", c.delta->sign() > 0 ? "+" : "",
                                   c.delta->to_money_display());
            }
            out += "\n";
            if (!c.cause.empty()) {
                out += say(Msg::diff_because, esc(c.cause));
            }
        }
    }
    std::size_t changed = report.changes.size();
    out += say(changed == 1 ? Msg::diff_total_one : Msg::diff_total_many, changed);
    if (report.moved.sign() != 0) {
        Msg level = report.level == 0   ? Msg::diff_level_record
                    : report.level == 1 ? Msg::diff_level_group
                                        : Msg::diff_level_run;
        out += say(
            Msg::diff_total_moved, say(level), up_of(report.moved, report.net).to_money_display(),
            down_of(report.moved, report.net).to_money_display(), report.net.to_money_display());
        if (report.other_levels > 0) {
            std::size_t n = report.other_levels;
            out += say(n == 1 ? Msg::diff_other_one : Msg::diff_other_many, n,
                       say(report.level == 0 ? Msg::diff_over_groups : Msg::diff_over_run));
        }
    }
    out += "\n";
    if (report.now_failing > 0) {
        std::size_t n = report.now_failing;
        out += say(n == 1 ? Msg::diff_now_failing_one : Msg::diff_now_failing_many, n);
    }
    if (html) {
        out += "</pre></body></html>\n";
    }
    return out;
}
}  // namespace regels::tooling
