// `regels diff`: evaluate two versions of the rules over the same facts and report every
// decision whose value changed, with the first place where the two explanations part ways
// (the rule or parameter that caused the change), and how much money moved.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace regels::cli {

using interp::Number;
using interp::Value;

namespace {

struct Side {
    std::unique_ptr<interp::LoadedRules> rules;
    interp::Facts facts;
    std::unique_ptr<interp::Evaluator> evaluator;
    std::vector<interp::DecisionResult> results;
};

struct Change {
    std::string decision;
    std::string subject_json;
    std::string subject_text;
    std::string type;
    std::optional<std::string> old_value;  // display; nullopt: no such decision
    std::optional<std::string> new_value;
    std::optional<std::string> old_json;
    std::optional<std::string> new_json;
    std::optional<Number> delta;  // money only
    std::string cause;
};

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

std::string node_value(const dsl::Program& p, const interp::ExplNode& n) {
    return n.failed ? "error: " + n.error : interp::display_value(p, n.value, n.type);
}

// Walks both derivations from the decision down to the deepest node whose value differs
// while everything it used agrees: that rule or parameter is where the change comes from.
std::string find_cause(const dsl::Program& po, const interp::Explanation& eo, std::uint32_t o,
                       const dsl::Program& pn, const interp::Explanation& en, std::uint32_t n,
                       int depth) {
    if (o == interp::no_node || n == interp::no_node) {
        return {};
    }
    const interp::ExplNode& a = eo.nodes[o];
    const interp::ExplNode& b = en.nodes[n];
    if (depth < 50) {
        for (std::uint32_t bc : b.children) {
            const interp::ExplNode& nb = en.nodes[bc];
            for (std::uint32_t ac : a.children) {
                const interp::ExplNode& na = eo.nodes[ac];
                if (na.name == nb.name && na.subject == nb.subject &&
                    node_value(po, na) != node_value(pn, nb)) {
                    std::string deeper = find_cause(po, eo, ac, pn, en, bc, depth + 1);
                    if (!deeper.empty()) {
                        return deeper;
                    }
                }
            }
        }
        // A rule or parameter used only on one side is a change of structure.
        for (std::uint32_t bc : b.children) {
            const interp::ExplNode& nb = en.nodes[bc];
            bool in_old = std::any_of(a.children.begin(), a.children.end(), [&](std::uint32_t ac) {
                return eo.nodes[ac].name == nb.name && eo.nodes[ac].subject == nb.subject;
            });
            if (!in_old) {
                return fmt::format("`{}` ({}) is now used: {}", nb.name,
                                   interp::location_text(pn, nb.where), node_value(pn, nb));
            }
        }
    }
    std::string where = interp::location_text(pn, b.where);
    std::string what =
        b.kind == interp::ExplNode::Kind::parameter ? "parameter" : to_string(b.kind);
    std::string subject = b.subject.empty() ? "" : " [" + b.subject + "]";
    std::string step;
    for (std::size_t k = 0; k < b.steps.size(); ++k) {
        if (k >= a.steps.size() || a.steps[k].text != b.steps[k].text) {
            step = fmt::format("; now: {}", b.steps[k].text);
            break;
        }
    }
    return fmt::format("{} `{}`{} ({}): {} → {}{}", what, b.name, subject, where, node_value(po, a),
                       node_value(pn, b), step);
}

bool load_side(Side& side, const std::string& rules_path, const std::vector<std::string>& facts,
               const interp::EvalOptions& options, const dsl::ParseLimits& limits,
               dsl::DiagnosticBag& bag) {
    const interp::Builtins& builtins = stdlib::standard_library();
    dsl::CheckOptions check_options;
    check_options.lint_unused = check_options.lint_citations = false;
    check_options.check_sources = false;
    check_options.limits = limits;
    side.rules = interp::load_rules({rules_path}, builtins.signatures, bag, check_options);
    if (bag.has_errors()) {
        return false;
    }
    side.facts.tables.resize(side.rules->program.records.size());
    bool ok = interp::add_table_rows(side.rules->program, builtins, side.facts, options.as_of, bag);
    for (const std::string& f : facts) {
        ok = interp::load_facts_file(*side.rules, f, side.facts, {}, bag) && ok;
    }
    if (!ok || bag.has_errors()) {
        return false;
    }
    side.evaluator =
        std::make_unique<interp::Evaluator>(side.rules->program, builtins, side.facts, options);
    side.results =
        interp::decide(*side.evaluator, interp::select_rules(side.rules->program, {}, bag));
    return true;
}

}  // namespace

int run_diff(const Args& args) {
    Parsed p = parse_args(args,
                          joined({"--old", "--new", "--facts", "--format", "--as-of", "--output"},
                                 rule_limit_flags()),
                          {"--fail-on-change", "--help"});
    if (p.flag("--help")) {
        std::printf(
            "usage: regels diff --old PATH --new PATH --facts FILE [--format text|json|html]\n"
            "                   [--fail-on-change] [--as-of DATE] [--output FILE] [limits]\n"
            "Evaluates both versions of the rules over the same facts and reports every\n"
            "decision that changed, why, and how much money moved.\n"
            "\n"
            "%s",
            rule_limit_help);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    dsl::ParseLimits limits;
    if (!read_rule_limits(p, limits)) {
        return 2;
    }
    auto old_path = p.value("--old");
    auto new_path = p.value("--new");
    auto facts = p.all("--facts");
    if (!old_path || !new_path || facts.empty()) {
        return usage_error("`diff` needs --old PATH, --new PATH and --facts FILE");
    }
    std::string format = p.value("--format").value_or("text");
    if (format != "text" && format != "json" && format != "html") {
        return usage_error(fmt::format("unknown format `{}`; use text, json or html", format));
    }
    interp::EvalOptions options;
    auto as_of = as_of_date(p);
    if (!as_of) {
        return 2;
    }
    options.as_of = *as_of;
    options.explain = true;
    Side old_side;
    Side new_side;
    dsl::DiagnosticBag old_bag;
    dsl::DiagnosticBag new_bag;
    bool ok_old = load_side(old_side, *old_path, facts, options, limits, old_bag);
    bool ok_new = load_side(new_side, *new_path, facts, options, limits, new_bag);
    if (!ok_old || !ok_new) {
        if (old_side.rules) {
            print_diagnostics(old_side.rules->sources, old_bag, false);
        }
        if (new_side.rules) {
            print_diagnostics(new_side.rules->sources, new_bag, false);
        }
        return 2;
    }
    const dsl::Program& po = old_side.rules->program;
    const dsl::Program& pn = new_side.rules->program;
    std::map<std::string, const interp::DecisionResult*> old_by_key;
    for (const auto& r : old_side.results) {
        old_by_key[po.rules[r.rule].name + "\t" + r.subject_json] = &r;
    }
    std::vector<Change> changes;
    std::set<std::string> seen;
    for (const auto& r : new_side.results) {
        std::string key = pn.rules[r.rule].name + "\t" + r.subject_json;
        seen.insert(key);
        auto it = old_by_key.find(key);
        Change c{pn.rules[r.rule].name,
                 r.subject_json,
                 r.subject_text,
                 pn.type_name(pn.rules[r.rule].result),
                 {},
                 show(r, pn),
                 {},
                 json_of(r, pn),
                 {},
                 {}};
        if (it == old_by_key.end()) {
            c.cause = "a new decision";
            changes.push_back(std::move(c));
            continue;
        }
        const interp::DecisionResult& o = *it->second;
        if (show(o, po) == show(r, pn)) {
            continue;
        }
        c.old_value = show(o, po);
        c.old_json = json_of(o, po);
        if (o.outcome.ok && r.outcome.ok && o.outcome.value.kind == interp::ValueKind::money &&
            r.outcome.value.kind == interp::ValueKind::money) {
            c.delta = r.outcome.value.n - o.outcome.value.n;
        }
        c.cause = find_cause(po, old_side.evaluator->explanation(), o.outcome.node, pn,
                             new_side.evaluator->explanation(), r.outcome.node, 0);
        changes.push_back(std::move(c));
    }
    for (const auto& r : old_side.results) {
        std::string key = po.rules[r.rule].name + "\t" + r.subject_json;
        if (seen.count(key) == 0) {
            changes.push_back(Change{po.rules[r.rule].name,
                                     r.subject_json,
                                     r.subject_text,
                                     po.type_name(po.rules[r.rule].result),
                                     show(r, po),
                                     {},
                                     json_of(r, po),
                                     {},
                                     {},
                                     "the decision no longer exists"});
        }
    }
    // Per decision: how many changed and how much money moved.
    std::map<std::string, std::pair<std::size_t, std::pair<Number, Number>>> summary;
    std::vector<std::string> order;
    Number total_net;
    Number total_abs;
    for (const Change& c : changes) {
        if (summary.count(c.decision) == 0) {
            order.push_back(c.decision);
        }
        auto& s = summary[c.decision];
        ++s.first;
        if (c.delta) {
            s.second.first = s.second.first + *c.delta;
            s.second.second = s.second.second + c.delta->abs();
            total_net = total_net + *c.delta;
            total_abs = total_abs + c.delta->abs();
        }
    }
    std::string out;
    if (format == "json") {
        out = "{\"old\":{\"hash\":";
        interp::json_string(out, old_side.rules->hash);
        out += "},\"new\":{\"hash\":";
        interp::json_string(out, new_side.rules->hash);
        out += "},\"changes\":[";
        for (std::size_t k = 0; k < changes.size(); ++k) {
            const Change& c = changes[k];
            out += k > 0 ? ",\n" : "\n";
            out += "{\"decision\":";
            interp::json_string(out, c.decision);
            out += ",\"subject\":" + c.subject_json + ",\"type\":";
            interp::json_string(out, c.type);
            out += ",\"old\":" + c.old_json.value_or("null") +
                   ",\"new\":" + c.new_json.value_or("null");
            if (c.delta) {
                out += ",\"delta\":";
                interp::json_string(out, *c.delta->to_decimal(2));
            }
            out += ",\"cause\":";
            interp::json_string(out, c.cause);
            out += "}";
        }
        out +=
            "],\"summary\":{\"changed\":" + std::to_string(changes.size()) + ",\"per_decision\":[";
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto& s = summary[order[k]];
            out += k > 0 ? "," : "";
            out += "{\"decision\":";
            interp::json_string(out, order[k]);
            out += fmt::format(",\"changed\":{},\"net\":\"{}\",\"up\":\"{}\",\"down\":\"{}\"}}",
                               s.first, *s.second.first.to_decimal(2),
                               *((s.second.second + s.second.first) / Number(2)).to_decimal(2),
                               *((s.second.second - s.second.first) / Number(2)).to_decimal(2));
        }
        out += fmt::format("],\"net\":\"{}\",\"up\":\"{}\",\"down\":\"{}\"}}}}\n",
                           *total_net.to_decimal(2),
                           *((total_abs + total_net) / Number(2)).to_decimal(2),
                           *((total_abs - total_net) / Number(2)).to_decimal(2));
    } else {
        bool html = format == "html";
        auto esc = [&](std::string_view s) {
            return html ? interp::markup_escape(s) : std::string(s);
        };
        if (html) {
            out +=
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Regels — "
                "what a rule change does</title><style>body{font-family:system-ui,sans-serif;"
                "margin:2em} td,th{padding:.2em .7em;border-bottom:1px solid #ddd;text-align:left} "
                ".cause{color:#555;font-size:.9em}</style></head><body>\n<h1>What a rule change "
                "does</h1><pre>\n";
        }
        out += fmt::format("old rules {} ({} files)\nnew rules {} ({} files)\n",
                           old_side.rules->hash, old_side.rules->files.size(), new_side.rules->hash,
                           new_side.rules->files.size());
        if (changes.empty()) {
            out += "\nno decision changed\n";
        }
        std::string current;
        for (const std::string& d : order) {
            const auto& s = summary[d];
            out += fmt::format("\n{}: {} changed", esc(d), s.first);
            if (s.second.second.sign() != 0) {
                Number up = (s.second.second + s.second.first) / Number(2);
                Number down = (s.second.second - s.second.first) / Number(2);
                out += fmt::format(", up {}, down {}, net {}", up.to_money_display(),
                                   down.to_money_display(), s.second.first.to_money_display());
            }
            out += "\n";
            for (const Change& c : changes) {
                if (c.decision != d) {
                    continue;
                }
                std::string subject =
                    c.subject_text.empty() ? "(the whole run)" : "[" + c.subject_text + "]";
                out +=
                    fmt::format("  {} {} → {}", esc(subject), esc(c.old_value.value_or("(none)")),
                                esc(c.new_value.value_or("(none)")));
                if (c.delta) {
                    out += fmt::format(" ({}{})", c.delta->sign() > 0 ? "+" : "",
                                       c.delta->to_money_display());
                }
                out += "\n";
                if (!c.cause.empty()) {
                    out += fmt::format("      because: {}\n", esc(c.cause));
                }
            }
        }
        Number up = (total_abs + total_net) / Number(2);
        Number down = (total_abs - total_net) / Number(2);
        out +=
            fmt::format("\n{} decision{} changed; amounts went up by {} and down by {} (net {})\n",
                        changes.size(), changes.size() == 1 ? "" : "s", up.to_money_display(),
                        down.to_money_display(), total_net.to_money_display());
        if (html) {
            out += "</pre></body></html>\n";
        }
    }
    if (auto path = p.value("--output")) {
        std::string error;
        if (!interp::write_atomically(*path, out, error)) {
            return usage_error(error);
        }
    } else {
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return p.flag("--fail-on-change") && !changes.empty() ? 1 : 0;
}

}  // namespace regels::cli
