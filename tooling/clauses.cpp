// The map of an agreement: see clauses.hpp.
#include "tooling/clauses.hpp"

#include "dsl/sources.hpp"
#include "interpreter/messages.hpp"
#include "interpreter/phrases.hpp"

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

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& s : from) {
        if (std::find(to.begin(), to.end(), s) == to.end()) {
            to.push_back(s);
        }
    }
}

// One section of the map: what cites it, and where the text is present, each sentence and
// row with the citations whose quote lies in it.
class SectionMapper {
public:
    SectionMapper(const Mapper& mapper, const std::vector<const dsl::CitationUse*>& cited)
        : mapper_(mapper), cited_(cited) {}

    SectionStatus map(const std::string& title, const std::optional<std::string>& not_encoded,
                      const dsl::TextSection* text) const {
        SectionStatus st;
        st.section = title;
        std::string key = dsl::section_key(title);
        std::vector<dsl::TextEntry> entries;
        if (text != nullptr) {
            entries = dsl::section_entries(*text);
            for (const dsl::TextEntry& e : entries) {
                st.sentences.push_back(
                    SentenceStatus{e.text,
                                   e.kind == dsl::TextEntry::Kind::row ? "row" : "sentence",
                                   "",
                                   {},
                                   {},
                                   {}});
            }
        }
        for (const dsl::CitationUse* x : cited_) {
            if (x->section_key != key) {
                continue;
            }
            std::vector<std::string> tests = mapper_.tests_reaching(x->rule, x->parameter);
            add_unique(st.rules, {x->carrier});
            add_unique(st.tests, tests);
            if (text == nullptr || x->citation->quote.empty()) {
                continue;
            }
            auto span = dsl::quote_span(*text, x->citation->quote);
            for (std::size_t k = 0; span && k < entries.size(); ++k) {
                if (dsl::entry_holds(entries[k], *span)) {
                    add_unique(st.sentences[k].rules, {x->carrier});
                    add_unique(st.sentences[k].tests, tests);
                }
            }
        }
        decide(st, not_encoded);
        return st;
    }

private:
    // Each sentence's status, then the section's: not encoded when nothing cites it; partial
    // when some but not all of its sentences are cited; tested when every one is tested.
    // Cited only without quotes (or with no sentences to tell): as a whole.
    static void decide(SectionStatus& st, const std::optional<std::string>& not_encoded) {
        std::size_t cited = 0;
        std::size_t tested = 0;
        for (SentenceStatus& s : st.sentences) {
            if (s.rules.empty()) {
                s.status = "not_encoded";
                s.reason = not_encoded;
                continue;
            }
            ++cited;
            tested += s.tests.empty() ? 0U : 1U;
            s.status = s.tests.empty() ? "encoded" : "tested";
        }
        if (st.rules.empty()) {
            st.status = "not_encoded";
            st.reason = not_encoded;
        } else if (cited == 0 || st.sentences.empty()) {
            st.status = st.tests.empty() ? "encoded" : "tested";
        } else if (cited < st.sentences.size()) {
            st.status = "partial";
        } else {
            st.status = tested == cited ? "tested" : "encoded";
        }
    }

    const Mapper& mapper_;
    const std::vector<const dsl::CitationUse*>& cited_;
};

DocumentMap map_document(const dsl::Program& p, const Mapper& mapper,
                         const std::vector<dsl::CitationUse>& uses, std::uint32_t d) {
    const dsl::DocumentInfo& doc = p.documents[d];
    std::vector<const dsl::CitationUse*> cited;
    for (const dsl::CitationUse& u : uses) {
        if (dsl::cites_document(p, *u.citation, d)) {
            cited.push_back(&u);
        }
    }
    std::optional<dsl::DocumentText> text;
    if (d < p.document_texts.size() && p.document_texts[d].text_found) {
        text = dsl::parse_document_text(p.document_texts[d].text_content);
    }
    DocumentMap dm{short_name(doc.name), doc.title, doc.area, !text, {}};
    std::vector<std::pair<std::string, std::optional<std::string>>> outline;
    for (const dsl::SectionInfo& s : doc.sections) {
        outline.emplace_back(s.title, s.not_encoded);
    }
    if (outline.empty()) {  // no outline: the sections that are cited, in order
        std::vector<std::string> keys;
        for (const dsl::CitationUse* x : cited) {
            if (std::find(keys.begin(), keys.end(), x->section_key) == keys.end()) {
                keys.push_back(x->section_key);
                outline.emplace_back(x->citation->section, std::nullopt);
            }
        }
    }
    SectionMapper sections(mapper, cited);
    for (const auto& [title, not_encoded] : outline) {
        dm.sections.push_back(sections.map(title, not_encoded, text ? text->find(title) : nullptr));
    }
    return dm;
}

}  // namespace

ClauseMap build_clause_map(const dsl::Program& p) {
    Mapper mapper(p);
    std::vector<dsl::CitationUse> uses = dsl::all_citations(p, true);
    ClauseMap map;

    for (std::uint32_t d = 0; d < p.documents.size(); ++d) {
        bool has_instances =
            std::any_of(p.documents.begin(), p.documents.end(),
                        [&](const dsl::DocumentInfo& x) { return x.instance_of == d; });
        if (p.documents[d].per_field && has_instances) {
            continue;  // shown through each area's own agreement
        }
        map.documents.push_back(map_document(p, mapper, uses, d));
    }

    // Marks, with the decisions that rest on them.
    for (const dsl::CitationUse& x : uses) {
        if (x.citation->mark == no_index) {
            continue;
        }
        const dsl::MarkInfo& m = p.marks[x.citation->mark];
        map.assumptions.push_back(MarkUse{dsl::to_string(m.kind), m.name, m.reason,
                                          location_of(p, m.where),
                                          mapper.decisions_using(x.rule, x.parameter)});
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

std::string status_word(const std::string& status, interp::Lang lang) {
    using interp::Msg;
    return interp::message(lang, status == "tested"    ? Msg::clauses_tested
                                 : status == "encoded" ? Msg::clauses_encoded
                                 : status == "partial" ? Msg::clauses_partial
                                                       : Msg::clauses_not_encoded);
}

// "3 van 5 zinnen en rijen in regels, 2 getest": a section's sentences and rows counted.
std::string sentence_counts(const SectionStatus& s, interp::Lang lang) {
    std::size_t cited = 0;
    std::size_t tested = 0;
    for (const SentenceStatus& x : s.sentences) {
        cited += x.status != "not_encoded" ? 1U : 0U;
        tested += x.status == "tested" ? 1U : 0U;
    }
    std::size_t n = s.sentences.size();
    return interp::message(
        lang, n == 1 ? interp::Msg::clauses_counts_one : interp::Msg::clauses_counts_many, cited, n,
        tested);
}

// At most about `limit` bytes, cut at a space (never inside a UTF-8 character), with "…".
std::string shortened(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    std::size_t cut = text.rfind(' ', limit);
    if (cut == std::string::npos || cut < limit / 2) {
        cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
            --cut;
        }
    }
    return text.substr(0, cut) + " …";
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

namespace {

void section_text(std::string& out, const SectionStatus& s, interp::Lang lang) {
    using interp::Msg;
    auto say = [&](Msg id, const auto&... args) { return interp::message(lang, id, args...); };
    out += fmt::format("  [{}] {}{}\n", status_word(s.status, lang), s.section,
                       s.sentences.empty() ? "" : " (" + sentence_counts(s, lang) + ")");
    if (s.status == "not_encoded") {
        out += say(Msg::clauses_reason, s.reason.value_or(say(Msg::clauses_no_reason)));
        return;
    }
    out += say(Msg::clauses_rules, join(s.rules, ", "));
    if (!s.tests.empty()) {  // by name in JSON and HTML
        out += say(Msg::clauses_tests, s.tests.size());
    }
    for (const SentenceStatus& x : s.sentences) {
        out += fmt::format("      - [{}] {}\n", status_word(x.status, lang), shortened(x.text, 96));
        if (!x.rules.empty()) {
            out += say(
                Msg::clauses_sentence_rules, join(x.rules, ", "),
                x.tests.empty() ? std::string() : say(Msg::clauses_tests_count, x.tests.size()));
        }
    }
}

}  // namespace

std::string clause_map_text(const ClauseMap& map, interp::Lang lang) {
    using interp::Msg;
    auto say = [&](Msg id, const auto&... args) { return interp::message(lang, id, args...); };
    std::string out;
    for (const DocumentMap& d : map.documents) {
        out += fmt::format("{} — {}{}{}\n", d.name, d.title,
                           d.area.empty() ? "" : say(Msg::clauses_area, d.area),
                           d.unverified ? say(Msg::clauses_unverified) : "");
        for (const SectionStatus& s : d.sections) {
            section_text(out, s, lang);
        }
        out += "\n";
    }
    out += say(Msg::clauses_assumptions) + "\n";
    for (const MarkUse& m : map.assumptions) {
        out += fmt::format(
            "  [{}] {}: {} ({})\n",
            say(m.kind == "assumption" ? Msg::clauses_assumption : Msg::clauses_interpretation),
            m.name, m.reason, m.location);
        out += say(Msg::clauses_used_by,
                   m.rules.empty() ? say(Msg::clauses_no_decision) : join(m.rules, ", "));
    }
    out += "\n" + say(Msg::clauses_unpublished) + "\n";
    for (const UnpublishedUse& u : map.unpublished) {
        out += say(Msg::clauses_from, u.parameter, u.from,
                   u.until ? say(Msg::clauses_until, *u.until) : std::string(),
                   u.note.empty() ? say(Msg::clauses_no_note) : u.note);
        out += say(Msg::clauses_needed_by, join(u.rules, ", "));
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
        doc["unverified"] = d.unverified;
        doc["sections"] = nlohmann::ordered_json::array();
        for (const SectionStatus& s : d.sections) {
            nlohmann::ordered_json sec;
            sec["section"] = s.section;
            sec["status"] = s.status;
            sec["reason"] = s.reason ? nlohmann::ordered_json(*s.reason) : nullptr;
            sec["rules"] = s.rules;
            sec["tests"] = s.tests;
            if (!d.unverified) {
                sec["sentences"] = nlohmann::ordered_json::array();
                for (const SentenceStatus& x : s.sentences) {
                    sec["sentences"].push_back(nlohmann::ordered_json{
                        {"text", x.text},
                        {"kind", x.kind},
                        {"status", x.status},
                        {"reason", x.reason ? nlohmann::ordered_json(*x.reason) : nullptr},
                        {"rules", x.rules},
                        {"tests", x.tests}});
                }
            }
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

namespace {

void section_html(std::string& out, const SectionStatus& s, interp::Lang lang) {
    std::string rules =
        s.status == "not_encoded"
            ? esc(s.reason.value_or(interp::message(lang, interp::Msg::clauses_no_reason)))
            : esc(join(s.rules, ", "));
    out += fmt::format(
        "<tr class=\"section\"><td><b>{}</b>{}</td><td><span class=\"badge {}\">{}</span></td>"
        "<td>{}</td><td>{}</td></tr>\n",
        esc(s.section),
        s.sentences.empty() ? "" : "<br><small>" + esc(sentence_counts(s, lang)) + "</small>",
        s.status, status_word(s.status, lang), rules, esc(join(s.tests, "; ")));
    if (s.status == "not_encoded") {
        return;
    }
    for (const SentenceStatus& x : s.sentences) {
        out += fmt::format(
            "<tr class=\"sentence\"><td>{}</td><td><span class=\"badge {}\">{}</span></td>"
            "<td>{}</td><td>{}</td></tr>\n",
            esc(x.text), x.status, status_word(x.status, lang), esc(join(x.rules, ", ")),
            esc(join(x.tests, "; ")));
    }
}

}  // namespace

std::string clause_map_html(const ClauseMap& map, interp::Lang lang) {
    using interp::Msg;
    auto say = [&](Msg id, const auto&... args) { return interp::message(lang, id, args...); };
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n<title>{}</title>\n",
        interp::words(lang).html_lang, esc(say(Msg::clauses_title)));
    out +=
        "<style>\n"
        "body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 72em; "
        "}\n"
        "table { border-collapse: collapse; margin: .5em 0 1.5em 0; width: 100%; }\n"
        "td, th { border-bottom: 1px solid #ddd; padding: .3em .6em; text-align: left; "
        "vertical-align: top; font-size: .92em; }\n"
        ".badge { display: inline-block; font-size: .75em; font-weight: 700; padding: 0 .4em; "
        "border: 1px solid currentColor; border-radius: 3px; white-space: nowrap; }\n"
        ".tested { color: #0b6b2b; } .encoded { color: #1a4d8f; } .not_encoded { color: #6b6b6b; "
        "}\n"
        ".partial { color: #8a4b00; } .unverified { color: #8a1c1c; }\n"
        "tr.sentence td { font-size: .85em; border-bottom: 1px dotted #e4e4e4; }\n"
        "tr.sentence td:first-child { padding-left: 2em; }\n"
        ".assumption { color: #8a4b00; } .interpretation { color: #3c4f8a; }\n"
        "@media print { body { margin: 0; } }\n"
        "</style></head><body>\n";
    out += "<h1>" + esc(say(Msg::clauses_heading)) + "</h1>\n" + say(Msg::clauses_intro);
    for (const DocumentMap& d : map.documents) {
        out += fmt::format("<h2>{}</h2>\n<p>{}{}{}</p>\n", esc(d.title), esc(d.name),
                           d.area.empty() ? "" : say(Msg::clauses_area_html, esc(d.area)),
                           d.unverified ? say(Msg::clauses_unverified_html) : "");
        out += "<table>" + say(Msg::clauses_th_sections);
        for (const SectionStatus& s : d.sections) {
            section_html(out, s, lang);
        }
        out += "</table>\n";
    }
    out +=
        "<h2>" + esc(say(Msg::clauses_assumptions)) + "</h2>\n<table>" + say(Msg::clauses_th_marks);
    for (const MarkUse& m : map.assumptions) {
        out += fmt::format(
            "<tr><td><span class=\"badge {}\">{}</span></td><td>{}<br><small>{}</small></td>"
            "<td>{}</td><td>{}</td></tr>\n",
            m.kind,
            say(m.kind == "assumption" ? Msg::clauses_assumption : Msg::clauses_interpretation),
            esc(m.name), esc(m.location), esc(m.reason), esc(join(m.rules, ", ")));
    }
    out += "</table>\n<h2>" + esc(say(Msg::clauses_unpublished)) + "</h2>\n<table>" +
           say(Msg::clauses_th_unpublished);
    for (const UnpublishedUse& u : map.unpublished) {
        out += fmt::format("<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
                           esc(u.parameter), u.from,
                           u.until ? say(Msg::clauses_until_html, *u.until) : std::string(),
                           esc(u.note), esc(join(u.rules, ", ")));
    }
    out += "</table>\n</body></html>\n";
    return out;
}

}  // namespace regels::tooling
