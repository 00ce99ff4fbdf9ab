// The map of an agreement: see clauses.hpp.
#include "tooling/clauses.hpp"

#include "dsl/sources.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace regels::tooling {

namespace {

using dsl::no_index;

// What a rule uses, directly: rules and parameters named in its body and exceptions.
struct Uses {
    std::set<std::uint32_t> rules;
    std::set<std::uint32_t> params;
};

void collect_uses(const dsl::Program& p, dsl::ExprId e, Uses& out) {
    if (e == dsl::no_expr) {
        return;
    }
    const dsl::Resolution& r = p.resolution[e];
    if (r.kind == dsl::Resolution::Kind::rule) {
        out.rules.insert(r.index);
    } else if (r.kind == dsl::Resolution::Kind::parameter) {
        out.params.insert(r.index);
    }
    dsl::for_each_child(p.ast.expr(e), [&](dsl::ExprId child) { collect_uses(p, child, out); });
}

std::string location_of(const dsl::Program& p, const dsl::Location& where) {
    if (where.file == dsl::no_file) {
        return "";
    }
    const dsl::SourceFile& f = p.sources->file(where.file);
    return fmt::format("{}:{}", f.name(), f.line_column(where.span.begin).line);
}

std::string short_name(const std::string& qualified) {
    return qualified.substr(qualified.rfind('.') + 1);
}

class Mapper {
public:
    explicit Mapper(const dsl::Program& p) : p_(p) {
        direct_.resize(p.rules.size());
        for (std::size_t i = 0; i < p.rules.size(); ++i) {
            const dsl::RuleInfo& r = p.rules[i];
            collect_uses(p, r.body, direct_[i]);
            for (const dsl::ExceptionInfo& ex : r.exceptions) {
                collect_uses(p, ex.condition, direct_[i]);
                collect_uses(p, ex.value, direct_[i]);
            }
            if (r.subject == dsl::SubjectKind::group) {
                for (const dsl::GroupKey& k : p.groups[r.subject_ref].keys) {
                    if (!k.is_field) {
                        direct_[i].rules.insert(k.index);
                    }
                }
            }
        }
        reach_.resize(p.rules.size());
        for (std::size_t i = 0; i < p.rules.size(); ++i) {
            reach(static_cast<std::uint32_t>(i));
        }
        for (const dsl::TestInfo& t : p.tests) {
            Uses reached;
            for (const dsl::TestStep& step : t.decl->steps) {
                if (step.kind != dsl::TestStep::Kind::expect_value &&
                    step.kind != dsl::TestStep::Kind::expect_error &&
                    step.kind != dsl::TestStep::Kind::expect_cites) {
                    continue;
                }
                auto rule = p.find_rule(step.target.rule.text);
                if (!rule) {
                    rule = p.find_rule(p.modules[t.module].name + "." + step.target.rule.text);
                }
                if (rule) {
                    reached.rules.insert(*rule);
                    const Uses& u = reach_[*rule];
                    reached.rules.insert(u.rules.begin(), u.rules.end());
                    reached.params.insert(u.params.begin(), u.params.end());
                }
            }
            tests_.emplace_back(t.decl->name, std::move(reached));
        }
    }

    // Everything rule `r` uses, transitively (cycles are check errors, so none here; the
    // guard only keeps a broken program from recursing forever).
    const Uses& reach(std::uint32_t r) {
        if (done_.size() < p_.rules.size()) {
            done_.assign(p_.rules.size(), 0);
        }
        if (done_[r] != 0) {
            return reach_[r];
        }
        done_[r] = 1;
        Uses out = direct_[r];
        for (std::uint32_t d : direct_[r].rules) {
            const Uses& sub = reach(d);
            out.rules.insert(sub.rules.begin(), sub.rules.end());
            out.params.insert(sub.params.begin(), sub.params.end());
        }
        reach_[r] = std::move(out);
        done_[r] = 2;
        return reach_[r];
    }

    // Tests that reach a rule (or parameter).
    std::vector<std::string> tests_reaching(std::optional<std::uint32_t> rule,
                                            std::optional<std::uint32_t> param) const {
        std::vector<std::string> out;
        for (const auto& [name, u] : tests_) {
            if ((rule && u.rules.count(*rule) != 0) || (param && u.params.count(*param) != 0)) {
                out.push_back(name);
            }
        }
        return out;
    }

    // Decisions and assertions that use a rule (or parameter), or are it.
    std::vector<std::string> decisions_using(std::optional<std::uint32_t> rule,
                                             std::optional<std::uint32_t> param) const {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < p_.rules.size(); ++i) {
            const dsl::RuleInfo& r = p_.rules[i];
            if (r.kind == dsl::RuleKind::definition) {
                continue;
            }
            bool uses = (rule && (*rule == i || reach_[i].rules.count(*rule) != 0)) ||
                        (param && reach_[i].params.count(*param) != 0);
            if (uses) {
                out.push_back(r.name);
            }
        }
        return out;
    }

    // Rules that name a parameter directly.
    std::vector<std::string> rules_naming(std::uint32_t param) const {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < p_.rules.size(); ++i) {
            if (direct_[i].params.count(param) != 0) {
                out.push_back(p_.rules[i].name);
            }
        }
        return out;
    }

private:
    const dsl::Program& p_;
    std::vector<Uses> direct_;
    std::vector<Uses> reach_;
    std::vector<int> done_;
    std::vector<std::pair<std::string, Uses>> tests_;
};

// One citation with what carries it.
struct Cited {
    const dsl::CitationInfo* c;
    std::string carrier;
    std::optional<std::uint32_t> rule;
    std::optional<std::uint32_t> param;
};

std::vector<Cited> every_citation(const dsl::Program& p) {
    std::vector<Cited> out;
    auto add = [&](const std::vector<dsl::CitationInfo>& list, const std::string& carrier,
                   std::optional<std::uint32_t> rule, std::optional<std::uint32_t> param) {
        for (const dsl::CitationInfo& c : list) {
            out.push_back(Cited{&c, carrier, rule, param});
        }
    };
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
        const dsl::RuleInfo& r = p.rules[i];
        auto idx = static_cast<std::uint32_t>(i);
        add(r.sources, r.name, idx, std::nullopt);
        add(r.area_sources, r.name, idx, std::nullopt);
        for (const dsl::ExceptionInfo& ex : r.exceptions) {
            add(ex.sources, r.name + ", uitzondering " + ex.name, idx, std::nullopt);
        }
    }
    for (std::size_t i = 0; i < p.parameters.size(); ++i) {
        const dsl::ParameterInfo& par = p.parameters[i];
        auto idx = static_cast<std::uint32_t>(i);
        add(par.sources, par.name, std::nullopt, idx);
        add(par.area_sources, par.name, std::nullopt, idx);
        for (const dsl::VersionInfo& v : par.versions) {
            add(v.sources, par.name + " vanaf " + dsl::format_date(v.from), std::nullopt, idx);
        }
    }
    for (const dsl::TableRowInfo& row : p.table_rows) {
        add(row.sources, "tabel " + p.records[row.record].short_name, std::nullopt, std::nullopt);
    }
    return out;
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& s : from) {
        if (std::find(to.begin(), to.end(), s) == to.end()) {
            to.push_back(s);
        }
    }
}

}  // namespace

ClauseMap build_clause_map(const dsl::Program& p) {
    Mapper mapper(p);
    std::vector<Cited> cited = every_citation(p);
    ClauseMap map;

    for (std::size_t d = 0; d < p.documents.size(); ++d) {
        const dsl::DocumentInfo& doc = p.documents[d];
        auto di = static_cast<std::uint32_t>(d);
        bool has_instances = std::any_of(
            p.documents.begin(), p.documents.end(),
            [&](const dsl::DocumentInfo& x) { return x.instance_of && *x.instance_of == di; });
        if (doc.per_field && has_instances) {
            continue;  // shown through each area's own agreement
        }
        auto cites_here = [&](const dsl::CitationInfo& c) {
            if (c.kind != dsl::CitationKind::source) {
                return false;
            }
            if (c.document == di) {
                return true;
            }
            return doc.instance_of && c.document == *doc.instance_of &&
                   (c.area_doc == no_index || c.area_doc == di);
        };
        DocumentMap dm{short_name(doc.name), doc.title, doc.area, {}};
        std::vector<std::pair<std::string, std::optional<std::string>>> outline;
        for (const dsl::SectionInfo& s : doc.sections) {
            outline.emplace_back(s.title, s.not_encoded);
        }
        if (outline.empty()) {  // no outline: the sections that are cited, in order
            for (const Cited& x : cited) {
                if (cites_here(*x.c) &&
                    std::none_of(outline.begin(), outline.end(), [&](const auto& o) {
                        return dsl::same_section(o.first, x.c->section);
                    })) {
                    outline.emplace_back(x.c->section, std::nullopt);
                }
            }
        }
        for (const auto& [title, not_encoded] : outline) {
            SectionStatus st;
            st.section = title;
            for (const Cited& x : cited) {
                if (!cites_here(*x.c) || !dsl::same_section(x.c->section, title)) {
                    continue;
                }
                add_unique(st.rules, {x.carrier});
                add_unique(st.tests, mapper.tests_reaching(x.rule, x.param));
            }
            if (st.rules.empty()) {
                st.status = "not_encoded";
                st.reason = not_encoded;
            } else {
                st.status = st.tests.empty() ? "encoded" : "tested";
            }
            dm.sections.push_back(std::move(st));
        }
        map.documents.push_back(std::move(dm));
    }

    // Marks, with the decisions that rest on them.
    auto mark_use = [&](const dsl::CitationInfo& c, std::optional<std::uint32_t> rule,
                        std::optional<std::uint32_t> param) {
        if (c.mark == no_index) {
            return;
        }
        const dsl::MarkInfo& m = p.marks[c.mark];
        map.assumptions.push_back(MarkUse{dsl::to_string(m.kind), m.name, m.reason,
                                          location_of(p, m.where),
                                          mapper.decisions_using(rule, param)});
    };
    for (const Cited& x : cited) {
        mark_use(*x.c, x.rule, x.param);
    }

    for (std::size_t i = 0; i < p.parameters.size(); ++i) {
        const dsl::ParameterInfo& par = p.parameters[i];
        for (const dsl::VersionInfo& v : par.versions) {
            if (v.value != dsl::no_expr) {
                continue;
            }
            UnpublishedUse u;
            u.parameter = par.name;
            u.from = dsl::format_date(v.from);
            if (v.until) {
                u.until = dsl::format_date(*v.until);
            }
            u.note = v.note;
            u.rules = mapper.rules_naming(static_cast<std::uint32_t>(i));
            map.unpublished.push_back(std::move(u));
        }
    }
    return map;
}

// ---- rendering --------------------------------------------------------------------------------

namespace {

const char* status_word(const std::string& status) {
    if (status == "tested") {
        return "GETEST";
    }
    if (status == "encoded") {
        return "IN REGELS";
    }
    return "NIET IN REGELS";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : std::string(sep)) + s;
    }
    return out;
}

std::string esc(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::string clause_map_text(const ClauseMap& map) {
    std::string out;
    for (const DocumentMap& d : map.documents) {
        out += fmt::format("{} — {}{}\n", d.name, d.title,
                           d.area.empty() ? "" : fmt::format(" (gebied {})", d.area));
        for (const SectionStatus& s : d.sections) {
            out += fmt::format("  [{}] {}\n", status_word(s.status), s.section);
            if (s.status == "not_encoded") {
                out +=
                    fmt::format("      reden: {}\n", s.reason.value_or("(geen reden opgegeven)"));
                continue;
            }
            out += fmt::format("      regels: {}\n", join(s.rules, ", "));
            if (!s.tests.empty()) {  // by name in JSON and HTML
                out += fmt::format("      tests: {}\n", s.tests.size());
            }
        }
        out += "\n";
    }
    out += "Aannames en interpretatiekeuzes\n";
    for (const MarkUse& m : map.assumptions) {
        out += fmt::format("  [{}] {}: {} ({})\n",
                           m.kind == "assumption" ? "AANNAME" : "INTERPRETATIE", m.name, m.reason,
                           m.location);
        out += fmt::format("      gebruikt door: {}\n",
                           m.rules.empty() ? "(geen beslissing)" : join(m.rules, ", "));
    }
    out += "\nNog niet gepubliceerd\n";
    for (const UnpublishedUse& u : map.unpublished) {
        out += fmt::format("  {} vanaf {}{}: {}\n", u.parameter, u.from,
                           u.until ? " tot en met " + *u.until : "",
                           u.note.empty() ? "(geen toelichting)" : u.note);
        out += fmt::format("      nodig voor: {}\n", join(u.rules, ", "));
    }
    return out;
}

std::string clause_map_json(const ClauseMap& map) {
    nlohmann::ordered_json j;
    j["documents"] = nlohmann::ordered_json::array();
    for (const DocumentMap& d : map.documents) {
        nlohmann::ordered_json doc;
        doc["name"] = d.name;
        doc["title"] = d.title;
        if (!d.area.empty()) {
            doc["area"] = d.area;
        }
        doc["sections"] = nlohmann::ordered_json::array();
        for (const SectionStatus& s : d.sections) {
            nlohmann::ordered_json sec;
            sec["section"] = s.section;
            sec["status"] = s.status;
            sec["reason"] = s.reason ? nlohmann::ordered_json(*s.reason) : nullptr;
            sec["rules"] = s.rules;
            sec["tests"] = s.tests;
            doc["sections"].push_back(std::move(sec));
        }
        j["documents"].push_back(std::move(doc));
    }
    j["assumptions"] = nlohmann::ordered_json::array();
    for (const MarkUse& m : map.assumptions) {
        j["assumptions"].push_back(nlohmann::ordered_json{{"kind", m.kind},
                                                          {"name", m.name},
                                                          {"reason", m.reason},
                                                          {"location", m.location},
                                                          {"rules", m.rules}});
    }
    j["unpublished"] = nlohmann::ordered_json::array();
    for (const UnpublishedUse& u : map.unpublished) {
        j["unpublished"].push_back(
            nlohmann::ordered_json{{"parameter", u.parameter},
                                   {"from", u.from},
                                   {"until", u.until ? nlohmann::ordered_json(*u.until) : nullptr},
                                   {"note", u.note},
                                   {"rules", u.rules}});
    }
    return j.dump(2) + "\n";
}

std::string clause_map_html(const ClauseMap& map) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\n"
        "<title>Regels — kaart van de afspraak</title>\n<style>\n"
        "body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 72em; "
        "}\n"
        "table { border-collapse: collapse; margin: .5em 0 1.5em 0; width: 100%; }\n"
        "td, th { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: left; "
        "vertical-align: top; font-size: .92em; }\n"
        ".badge { display: inline-block; font-size: .75em; font-weight: 700; padding: 0 .4em; "
        "border: 1px solid currentColor; border-radius: 3px; white-space: nowrap; }\n"
        ".tested { color: #0b6b2b; } .encoded { color: #1a4d8f; } .not_encoded { color: #6b6b6b; "
        "}\n"
        ".assumption { color: #8a4b00; } .interpretation { color: #3c4f8a; }\n"
        "@media print { body { margin: 0; } }\n"
        "</style></head><body>\n<h1>Kaart van de afspraak</h1>\n"
        "<p>Per document en paragraaf: <b>GETEST</b> (een regel die een test bereikt, rust "
        "erop), <b>IN REGELS</b> (een regel rust erop, geen test) of <b>NIET IN REGELS</b> "
        "(met de reden).</p>\n";
    for (const DocumentMap& d : map.documents) {
        out += fmt::format("<h2>{}</h2>\n<p>{}{}</p>\n", esc(d.title), esc(d.name),
                           d.area.empty() ? "" : ", gebied " + esc(d.area));
        out += "<table><tr><th>paragraaf</th><th>status</th><th>regels</th><th>tests</th></tr>\n";
        for (const SectionStatus& s : d.sections) {
            std::string rules = s.status == "not_encoded"
                                    ? esc(s.reason.value_or("(geen reden opgegeven)"))
                                    : esc(join(s.rules, ", "));
            out += fmt::format(
                "<tr><td>{}</td><td><span class=\"badge {}\">{}</span></td><td>{}</td>"
                "<td>{}</td></tr>\n",
                esc(s.section), s.status, status_word(s.status), rules, esc(join(s.tests, "; ")));
        }
        out += "</table>\n";
    }
    out +=
        "<h2>Aannames en interpretatiekeuzes</h2>\n<table><tr><th>soort</th><th>waarop</th>"
        "<th>reden</th><th>gebruikt door</th></tr>\n";
    for (const MarkUse& m : map.assumptions) {
        out += fmt::format(
            "<tr><td><span class=\"badge {}\">{}</span></td><td>{}<br><small>{}</small></td>"
            "<td>{}</td><td>{}</td></tr>\n",
            m.kind, m.kind == "assumption" ? "AANNAME" : "INTERPRETATIE", esc(m.name),
            esc(m.location), esc(m.reason), esc(join(m.rules, ", ")));
    }
    out +=
        "</table>\n<h2>Nog niet gepubliceerd</h2>\n<table><tr><th>parameter</th><th>periode</th>"
        "<th>toelichting</th><th>nodig voor</th></tr>\n";
    for (const UnpublishedUse& u : map.unpublished) {
        out += fmt::format("<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
                           esc(u.parameter), u.from, u.until ? " t/m " + *u.until : "", esc(u.note),
                           esc(join(u.rules, ", ")));
    }
    out += "</table>\n</body></html>\n";
    return out;
}

}  // namespace regels::tooling
