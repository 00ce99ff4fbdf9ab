// The beslisverslag: a report a reviewer can sign and file, one A4 page per decision and
// subject. It reads the same derivation graph as the other renderers: the outcome and its
// plain reason; every test the decision rests on as a row Toets | Feit | Norm | Uitkomst |
// Grondslag (comparisons with both values, and the exceptions that were tested); the tests
// of the further grounds (made, but not decisive) in a table of their own, so an objection
// can be answered on every ground; the calculations; the grounds that did not decide; the
// assumptions and interpretation choices; the receipts; and a line for the signature.
// Self-contained HTML, printable.
#include "interpreter/render.hpp"

#include <fmt/format.h>

#include <optional>
#include <set>

namespace regels::interp {

namespace {

std::string esc(std::string_view s) {
    return markup_escape(s);
}

std::string grondslag(const ExplNode& n) {
    if (n.citations.empty()) {
        return "";
    }
    const ExplCitation& c = n.citations.front();
    std::string out(c.title.empty() ? c.document : c.title);
    if (!c.section.empty()) {
        out += ", " + std::string(c.section);
    }
    return out;
}

struct Collected {
    std::vector<std::string> rows;          // <tr>…</tr>
    std::vector<std::string> ground_rows;   // <tr>…</tr>: tested too, not decisive
    std::vector<std::string> calculations;  // sentences
    std::vector<std::string> alternatives;  // sentences
};

// A test as a row of the table: a comparison with both values, or an exception.
std::optional<std::string> test_row(const dsl::Program& program, const ExplNode& n,
                                    const ExplStep& s, Lang lang) {
    std::vector<std::string> a;
    for (const StepArg& arg : s.args) {
        a.push_back(arg.is_value ? value_text(program, arg.value, arg.type, lang)
                                 : std::string(arg.text));
    }
    std::string basis = esc(grondslag(n));
    if (s.phrase == Phrase::comparison) {
        return fmt::format(
            "<tr><td><span class=\"rule\">{}</span><br><code>{} {} {}</code></td>"
            "<td><code>{}</code> = {}</td><td><code>{}</code> = {}</td><td>{}</td><td>{}</td>"
            "</tr>",
            esc(n.name), esc(a[0]), esc(dsl::to_string(s.op)), esc(a[2]), esc(a[0]), esc(a[1]),
            esc(a[2]), esc(a[3]), esc(step_text(program, s, lang)), basis);
    }
    if (s.phrase == Phrase::exception) {
        return fmt::format(
            "<tr><td><span class=\"rule\">{}</span><br>{} <code>{}</code></td>"
            "<td><code>{}</code></td><td>—</td><td>{}</td><td>{}</td></tr>",
            esc(n.name), lang == Lang::nl ? "uitzondering" : "exception", esc(a[0]), esc(a[1]),
            esc(step_text(program, s, lang)), basis);
    }
    return std::nullopt;
}

// What decided: the node's own steps and the children it used decisively (further grounds
// are left to collect_grounds).
void collect(const dsl::Program& program, const Explanation& ex, std::uint32_t id, Lang lang,
             std::set<std::uint32_t>& seen, Collected& c) {
    if (!seen.insert(id).second) {
        return;
    }
    const ExplNode& n = ex.nodes[id];
    const Words& w = words(lang);
    for (const ExplStep& s : n.steps) {
        if (s.ground > 0) {
            continue;
        }
        if (auto row = test_row(program, n, s, lang)) {
            c.rows.push_back(std::move(*row));
        } else if (s.kind == StepKind::arithmetic || s.kind == StepKind::rounding ||
                   s.kind == StepKind::aggregate || s.kind == StepKind::allocation ||
                   s.kind == StepKind::cap) {
            // An allocation in order with its queue as a small table.
            c.calculations.push_back(fmt::format(
                "<li><span class=\"rule\">{}</span>: {}{}</li>", esc(n.name),
                esc(step_text(program, s, lang)),
                s.allocation ? allocation_table_html(program, *s.allocation, lang) : ""));
        } else if (s.kind == StepKind::alternative || s.kind == StepKind::ground) {
            c.alternatives.push_back(
                fmt::format("<li><span class=\"rule\">{}</span> ({}): {}</li>", esc(n.name),
                            esc(s.kind == StepKind::ground ? w.also_tested : w.not_decisive),
                            esc(step_text(program, s, lang))));
        }
    }
    for (std::uint32_t child : n.children) {
        if (child < ex.nodes.size() && ex.nodes[child].kind != ExplNode::Kind::parameter &&
            !n.ground_only(child)) {
            collect(program, ex, child, lang, seen, c);
        }
    }
}

// The tests of the further grounds: the steps of a ground in a node that decided, and every
// test of a node only a ground reached.
void collect_grounds(const dsl::Program& program, const Explanation& ex, std::uint32_t id,
                     Lang lang, const std::set<std::uint32_t>& decisive,
                     std::set<std::uint32_t>& seen, Collected& c) {
    if (!seen.insert(id).second) {
        return;
    }
    const ExplNode& n = ex.nodes[id];
    const bool decided = decisive.contains(id);
    for (const ExplStep& s : n.steps) {
        if (decided && s.ground == 0) {
            continue;
        }
        if (auto row = test_row(program, n, s, lang)) {
            c.ground_rows.push_back(std::move(*row));
        }
    }
    for (std::uint32_t child : n.children) {
        if (child < ex.nodes.size() && ex.nodes[child].kind != ExplNode::Kind::parameter) {
            collect_grounds(program, ex, child, lang, decisive, seen, c);
        }
    }
}

constexpr const char* verslag_style = R"(
@page { size: A4; margin: 16mm 14mm; }
body { font-family: system-ui, sans-serif; color: #111; font-size: 10.5pt; line-height: 1.35; margin: 0; }
article.page { max-width: 182mm; margin: 0 auto; padding: 1em 0; break-after: page; }
article.page:last-of-type { break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 11.5pt; margin: 1em 0 .3em; }
p.outcome { font-size: 12pt; margin: .3em 0; } p.why { background: #f2f2f2; padding: .4em .6em; }
table.toetsen { border-collapse: collapse; width: 100%; font-size: 9pt; }
table.toetsen th, table.toetsen td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
table.toetsen th { background: #e8e8e8; }
code { font-family: ui-monospace, monospace; font-size: .95em; word-break: break-word; }
.rule { font-weight: 600; }
dl.receipts { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; font-size: 9pt; }
dl.receipts dt { font-weight: 600; } dl.receipts dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
.signature { margin-top: 2em; display: flex; gap: 3em; }
.signature div { flex: 1; border-top: 1px solid #111; padding-top: .3em; font-size: 9pt; }
blockquote { margin: .2em 0 .2em 1em; padding-left: .6em; border-left: 3px solid #b8962e; }
table.queue { border-collapse: collapse; margin: .3em 0; font-size: 9pt; break-inside: avoid; }
table.queue caption { text-align: left; font-weight: 600; }
table.queue th, table.queue td { border: 1px solid #999; padding: .15em .4em; text-align: left; }
table.queue th { background: #e8e8e8; } table.queue td.amount { text-align: right; }
table.queue tr.recipient { font-weight: 600; } p.queue-note { font-size: 8.5pt; margin: .1em 0; }
)";

// The tests that were made but did not decide, under the same headings as the tests that did.
std::string grounds_table(const Collected& c, Lang lang) {
    if (c.ground_rows.empty()) {
        return {};
    }
    const Words& w = words(lang);
    std::string out = fmt::format(
        "<h2>{}</h2>\n<table class=\"toetsen grounds\"><thead><tr><th scope=\"col\">{}</th>"
        "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
        "<th scope=\"col\">{}</th></tr></thead><tbody>\n",
        lang == Lang::nl ? "Ook getoetst (niet beslissend)" : "Also tested (not decisive)",
        esc(w.toets), esc(w.feit), esc(w.norm), esc(w.uitkomst), esc(w.grondslag));
    for (const std::string& row : c.ground_rows) {
        out += row + "\n";
    }
    out += "</tbody></table>\n";
    return out;
}

}  // namespace

std::string render_verslag(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                           const std::vector<DecisionResult>& results) {
    Lang lang = info.lang;
    const Words& w = words(lang);
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n"
        "<title>{}</title>\n<style>{}</style></head><body>\n<main>\n",
        w.html_lang, esc(w.verslag_title), verslag_style);
    std::string receipts_html = "<dl class=\"receipts\">";
    for (const auto& [label, value] : receipts(program, info)) {
        receipts_html += fmt::format("<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
    }
    receipts_html += "</dl>\n";
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        const dsl::RuleInfo& rule = program.rules[r.rule];
        out += fmt::format(
            "<article class=\"page\" aria-labelledby=\"v{}\">\n<h1 id=\"v{}\">{}: {}{}</h1>\n", k,
            k, esc(w.verslag_title), esc(rule.name),
            r.subject_text.empty() ? "" : " — " + esc(r.subject_text));
        if (!info.overrides.empty()) {
            out += what_if_banner(program, info);
        }
        out += fmt::format("<h2>{}</h2>\n", esc(w.outcome));
        if (r.outcome.ok) {
            out += fmt::format("<p class=\"outcome\"><strong>{}</strong></p>\n",
                               esc(value_text(program, r.outcome.value, rule.result, lang)));
        } else {
            out += fmt::format("<p class=\"outcome\"><strong>{} [{}]</strong>: {}</p>\n",
                               esc(w.failed), esc(dsl::info(r.outcome.error.code).id),
                               esc(r.outcome.error.message));
        }
        Collected c;
        if (r.outcome.node != no_node) {
            out += fmt::format("<p class=\"why\">{}</p>\n",
                               esc(plain_line(program, ex, r.outcome.node, lang)));
            for (const ExplCitation& cit : ex.nodes[r.outcome.node].citations) {
                if (!cit.quote.empty()) {
                    out += fmt::format("<blockquote>{}{}: “{}”</blockquote>\n",
                                       esc(cit.title.empty() ? cit.document : cit.title),
                                       cit.section.empty() ? "" : ", " + esc(cit.section),
                                       esc(cit.quote));
                }
            }
            std::set<std::uint32_t> seen;
            collect(program, ex, r.outcome.node, lang, seen, c);
            std::set<std::uint32_t> grounds_seen;
            collect_grounds(program, ex, r.outcome.node, lang, seen, grounds_seen, c);
        }
        out += fmt::format(
            "<h2>{}</h2>\n<table class=\"toetsen\"><thead><tr><th scope=\"col\">{}</th>"
            "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
            "<th scope=\"col\">{}</th></tr></thead><tbody>\n",
            lang == Lang::nl ? "Toetsen" : "Tests", esc(w.toets), esc(w.feit), esc(w.norm),
            esc(w.uitkomst), esc(w.grondslag));
        for (const std::string& row : c.rows) {
            out += row + "\n";
        }
        if (c.rows.empty()) {
            out += fmt::format("<tr><td colspan=\"5\">{}</td></tr>\n",
                               lang == Lang::nl
                                   ? "Geen toetsen: de uitkomst volgt uit de berekening."
                                   : "No tests: the outcome follows from the calculation.");
        }
        out += "</tbody></table>\n";
        out += grounds_table(c, lang);
        if (!c.calculations.empty()) {
            out +=
                fmt::format("<h2>{}</h2>\n<ul>", lang == Lang::nl ? "Berekening" : "Calculation");
            for (const std::string& l : c.calculations) {
                out += l;
            }
            out += "</ul>\n";
        }
        if (!c.alternatives.empty()) {
            out += fmt::format("<h2>{}</h2>\n<ul>", lang == Lang::nl
                                                        ? "Andere gronden (niet beslissend)"
                                                        : "Other grounds (not decisive)");
            for (const std::string& l : c.alternatives) {
                out += l;
            }
            out += "</ul>\n";
        }
        out += fmt::format("<h2>{}</h2>\n", esc(w.assumptions));
        std::vector<const dsl::MarkInfo*> marks = decision_marks(program, r.outcome.marks);
        if (marks.empty()) {
            out += fmt::format("<p>{}</p>\n", esc(w.no_assumptions));
        } else {
            out += "<ul>";
            for (const dsl::MarkInfo* m : marks) {
                out += fmt::format("<li><strong>{}</strong> {}: {} ({})</li>",
                                   esc(mark_badge(m->kind)), esc(m->name), esc(m->reason),
                                   esc(location_text(program, m->where)));
            }
            out += "</ul>\n";
        }
        out += fmt::format("<h2>{}</h2>\n", esc(w.receipts));
        out += fmt::format("<p>{} {}</p>\n", lang == Lang::nl ? "Regel:" : "Rule:",
                           esc(location_text(program, rule.where)));
        out += receipts_html;
        out +=
            fmt::format("<div class=\"signature\"><div>{}</div><div>{}</div></div>\n</article>\n",
                        esc(w.signature), esc(w.name_date));
    }
    out += "</main>\n</body></html>\n";
    return out;
}

}  // namespace regels::interp
