// The beslisverslag: a document a reviewer can sign and file, one A4 page per decision and
// subject where its grounds fit. It reads the same derivation graph as the other renderers.
//
// Each decision is two parts. The signed part speaks only the reviewer's words: a box with the
// outcome, its plain reason, its grondslag (document, section and the quoted passage) and the
// lines for the signature, kept together so the signature is always on the page of the
// outcome; every test the decision rests on as a row Toets | Feit | Norm | Uitkomst | Grondslag
// (the rule's question or label, the operands' labels with their values, the step's sentence,
// the citation); the tests of the further grounds; the calculations (sums with what was counted
// and what was left out, allocations with their queue or ratio); the grounds that did not
// decide; the assumptions and interpretation choices, each with its kind and reason; and the
// receipts, headed by the document id. Rule text that a sentence still carries (a `code` span,
// a dotted name) is replaced by the words operand_label() gives it, so no identifier reaches
// the signature. The technical part (rule text, the trace as the rules write it, identifiers,
// file:line, the exact options) is a collapsed <details>, left out of the print.
//
// Print: A4 with the page number ("pagina X van Y") and, through a CSS named page per decision,
// the document id in the margin of every page. The document id is a short hash of what the
// document rests on (docs/explanations.md): rules, facts, decision, subject, as-of date and
// any --set; the receipts give it in full.
#include "dsl/labels.hpp"
#include "interpreter/render.hpp"
#include "interpreter/sha256.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

namespace regels::interp {

namespace {

std::string esc(std::string_view s) {
    return markup_escape(s);
}

bool word_byte(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
           u >= 0x80;
}

bool name_start(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
}

// The words of a piece of rule text: its label, or nothing when it names nothing (a formula,
// a literal: the sentence then carries only its value).
std::string words_of(const dsl::Program& program, std::string_view code, Lang lang) {
    return operand_label(program, code, lang);
}

// A sentence with its rule text in the reader's words: each `code` span and each dotted name
// (r.jaar, module.name) becomes its label; a span that names nothing is left out, with the
// brackets around it. Tidies the spaces and punctuation the removal leaves.
std::string reviewer_text(const dsl::Program& program, std::string_view s, Lang lang) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '`') {
            std::size_t end = s.find('`', i + 1);
            if (end == std::string_view::npos) {
                ++i;  // an unpaired backtick: dropped
                continue;
            }
            out += words_of(program, s.substr(i + 1, end - i - 1), lang);
            i = end + 1;
            continue;
        }
        if (name_start(c) && (i == 0 || !word_byte(s[i - 1]))) {
            std::size_t j = i;
            std::size_t dots = 0;
            while (j < s.size() && word_byte(s[j])) {
                ++j;
                if (j + 1 < s.size() && s[j] == '.' && name_start(s[j + 1])) {
                    ++dots;
                    ++j;
                }
            }
            // An abbreviation ("o.a.", "d.w.z.", "t.o.v.") is prose: short parts, and a
            // full stop after the last.
            bool abbreviation = j < s.size() && s[j] == '.';
            for (std::size_t part = i, stop = i; abbreviation && part < j; part = stop + 1) {
                stop = std::min(s.find('.', part), j);
                abbreviation = stop - part <= 3;
            }
            if (dots > 0 && !abbreviation) {
                std::string label = words_of(program, s.substr(i, j - i), lang);
                out += label.empty() ? dsl::readable_name(s.substr(i, j - i)) : label;
            } else {
                out.append(s.substr(i, j - i));
            }
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    // What a left-out span leaves: "()", double spaces, a space before punctuation.
    std::string tidy;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out.compare(i, 2, "()") == 0) {
            ++i;
            continue;
        }
        char c = out[i];
        if (c == '\n' || c == '\t' || c == '\r') {
            c = ' ';  // rule text over several lines
        }
        if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) {
            continue;
        }
        if ((c == ',' || c == ':' || c == ';' || c == '.' || c == ')') && !tidy.empty() &&
            tidy.back() == ' ') {
            tidy.pop_back();
        }
        tidy += c;
    }
    while (!tidy.empty() && tidy.back() == ' ') {
        tidy.pop_back();
    }
    return tidy;
}

// Allocation tables write their sort key as <code>rule text</code>: in the signed part, its label.
std::string reviewer_html(const dsl::Program& program, std::string html, Lang lang) {
    std::size_t at = 0;
    while ((at = html.find("<code>", at)) != std::string::npos) {
        std::size_t end = html.find("</code>", at);
        if (end == std::string::npos) {
            break;
        }
        std::string code = html.substr(at + 6, end - at - 6);
        std::string label = esc(reviewer_text(program, "`" + code + "`", lang));
        html.replace(at, end + 7 - at, label);
        at += label.size();
    }
    return html;
}

// The rule a node evaluated, in the reader's words: its question, or its label.
std::string toets_words(const dsl::Program& program, std::string_view name) {
    if (auto rule = program.find_rule(name)) {
        const std::string& q = dsl::rule_question(program, *rule);
        return q.empty() ? dsl::rule_label(program, *rule) : q;
    }
    return dsl::label_of(program, name);
}

// A passage as the signed part quotes it: whole up to a length that still reads in a table
// cell, else to the last word that fits (the technical part has it whole).
constexpr std::size_t max_quote = 320;
std::string short_quote(std::string_view q) {
    if (q.size() <= max_quote) {
        return std::string(q);
    }
    std::size_t cut = q.rfind(' ', max_quote);
    return std::string(q.substr(0, cut == std::string_view::npos ? max_quote : cut)) + " […]";
}

// Title and section of the sources a node cites, each with its passage. A passage already
// quoted earlier in the same decision is referred to, not repeated.
std::string grondslag_html(const ExplNode& n, std::set<std::string>& quoted, Lang lang) {
    std::string out;
    for (const ExplCitation& c : n.citations) {
        if (c.kind != dsl::CitationKind::source) {
            continue;  // assumptions and interpretations: in their own section
        }
        std::string key = fmt::format("{}\n{}\n{}", c.document, c.section, c.quote);
        if (!quoted.insert(key).second) {
            // Quoted above: the section is enough to find it, once per cell.
            std::string ref =
                fmt::format("{} ({})", esc(c.section.empty() ? c.document : c.section),
                            lang == Lang::nl ? "zie boven" : "see above");
            if (out.find(ref) == std::string::npos) {
                out += (out.empty() ? "" : "<br>") + ref;
            }
            continue;
        }
        if (!out.empty()) {
            out += "<br>";
        }
        out += fmt::format("<span class=\"doc\">{}</span>{}",
                           esc(c.title.empty() ? c.document : c.title),
                           c.section.empty() ? "" : ", " + esc(c.section));
        if (!c.quote.empty()) {
            out += fmt::format(": <q>{}</q>", esc(short_quote(c.quote)));
        }
    }
    return out.empty() ? "—" : out;
}

// A value with the words of what it is: "de huurprijs: € 850,00", or the value alone.
std::string operand_cell(const dsl::Program& program, std::string_view code,
                         const std::string& value, Lang lang) {
    std::string label = words_of(program, code, lang);
    return label.empty() ? esc(value) : fmt::format("{}: {}", esc(label), esc(value));
}

struct Collected {
    std::vector<std::string> rows;          // <tr>…</tr>
    std::vector<std::string> ground_rows;   // <tr>…</tr>: tested too, not decisive
    std::vector<std::string> calculations;  // <tr>…</tr>
    std::vector<std::string> alternatives;  // <li>…</li>
    std::vector<std::uint32_t> nodes;       // every node shown, for the technical part
    std::set<std::string> quoted;           // passages already quoted
};

// A test as a row of the table: a comparison with both values, or an exception.
std::optional<std::string> test_row(const dsl::Program& program, const ExplNode& n,
                                    const ExplStep& s, Lang lang, Collected& c) {
    if (s.phrase != Phrase::comparison && s.phrase != Phrase::exception) {
        return std::nullopt;
    }
    std::vector<std::string> a;
    for (const StepArg& arg : s.args) {
        a.push_back(arg.is_value ? value_text(program, arg.value, arg.type, lang)
                                 : std::string(arg.text));
    }
    std::string toets = esc(toets_words(program, n.name));
    std::string uitkomst = esc(reviewer_text(program, step_text(program, s, lang), lang));
    if (s.phrase == Phrase::comparison) {
        return fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                           toets, operand_cell(program, s.args[0].text, a[1], lang),
                           operand_cell(program, s.args[2].text, a[3], lang), uitkomst,
                           grondslag_html(n, c.quoted, lang));
    }
    std::string condition = words_of(program, a[1], lang);
    return fmt::format(
        "<tr><td>{}<br><span class=\"exc\">{}: {}</span></td><td>{}</td><td>—</td><td>{}</td>"
        "<td>{}</td></tr>",
        toets, lang == Lang::nl ? "uitzondering" : "exception", esc(dsl::readable_name(a[0])),
        condition.empty() ? "—" : esc(condition), uitkomst, grondslag_html(n, c.quoted, lang));
}

// The elements of a sum or count: what counted and what was left out, by record.
constexpr std::size_t max_terms = 40;
std::string terms_html(const dsl::Program& program, const ExplStep& s, Lang lang) {
    if (s.terms.empty()) {
        return {};
    }
    std::string out;
    for (bool counted : {true, false}) {
        std::string list;
        std::size_t n = 0;
        for (const ExplTerm& t : s.terms) {
            if (t.counted != counted) {
                continue;
            }
            if (++n > max_terms) {
                continue;
            }
            // A record left out has no value: it was never evaluated.
            list += fmt::format(
                "{}{}{}", list.empty() ? "" : ", ", esc(t.subject),
                counted ? " (" + esc(value_text(program, t.value, t.type, lang)) + ")" : "");
        }
        if (n == 0) {
            continue;
        }
        if (n > max_terms) {
            list += fmt::format(" {} {} {}", lang == Lang::nl ? "en" : "and", n - max_terms,
                                lang == Lang::nl ? "meer" : "more");
        }
        out += fmt::format("<br><span class=\"terms\">{} ({}): {}</span>",
                           counted ? (lang == Lang::nl ? "Meegeteld" : "Counted")
                                   : (lang == Lang::nl ? "Niet meegeteld" : "Left out"),
                           n, list);
    }
    return out;
}

// What decided: the node's own steps and the children it used decisively (further grounds
// are left to collect_grounds).
void collect(const dsl::Program& program, const Explanation& ex, std::uint32_t id, Lang lang,
             std::set<std::uint32_t>& seen, Collected& c) {
    if (!seen.insert(id).second) {
        return;
    }
    c.nodes.push_back(id);
    const ExplNode& n = ex.nodes[id];
    const Words& w = words(lang);
    for (const ExplStep& s : n.steps) {
        if (s.ground > 0) {
            continue;
        }
        if (auto row = test_row(program, n, s, lang, c)) {
            c.rows.push_back(std::move(*row));
        } else if (s.kind == StepKind::arithmetic || s.kind == StepKind::rounding ||
                   s.kind == StepKind::aggregate || s.kind == StepKind::allocation ||
                   s.kind == StepKind::cap) {
            // An allocation in order with its queue as a small table.
            c.calculations.push_back(fmt::format(
                "<tr><td>{}</td><td>{}{}{}</td><td>{}</td></tr>",
                esc(dsl::label_of(program, n.name)),
                esc(reviewer_text(program, step_text(program, s, lang), lang)),
                terms_html(program, s, lang),
                s.allocation
                    ? reviewer_html(program, allocation_table_html(program, *s.allocation, lang),
                                    lang)
                    : "",
                grondslag_html(n, c.quoted, lang)));
        } else if (s.kind == StepKind::alternative || s.kind == StepKind::ground) {
            c.alternatives.push_back(fmt::format(
                "<li><strong>{}</strong> ({}): {}</li>", esc(dsl::label_of(program, n.name)),
                esc(s.kind == StepKind::ground ? w.also_tested : w.not_decisive),
                esc(reviewer_text(program, step_text(program, s, lang), lang))));
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
    if (!decided) {
        c.nodes.push_back(id);
    }
    for (const ExplStep& s : n.steps) {
        if (decided && s.ground == 0) {
            continue;
        }
        if (auto row = test_row(program, n, s, lang, c)) {
            c.ground_rows.push_back(std::move(*row));
        }
    }
    for (std::uint32_t child : n.children) {
        if (child < ex.nodes.size() && ex.nodes[child].kind != ExplNode::Kind::parameter) {
            collect_grounds(program, ex, child, lang, decisive, seen, c);
        }
    }
}

// Screen and print. Print: A4, the technical parts left out, each decision on a page (a
// named page of its own, for the document id in the margin), the box with the outcome and
// the signature never split, the tables at fixed column widths so that a long word wraps
// instead of running into the margin.
constexpr const char* verslag_style = R"(
@page { size: A4; margin: 8mm 12mm 11mm;
  @bottom-right { content: "%PAGE%"; font: 7.5pt system-ui, sans-serif; color: #444; }
  @bottom-left { font: 7.5pt system-ui, sans-serif; color: #444; } }
body { font-family: system-ui, sans-serif; color: #111; font-size: 8pt; line-height: 1.2; margin: 0; }
article.page { max-width: 184mm; margin: 0 auto; padding: 1em 0; }
article.page + article.page { break-before: page; }
h1 { font-size: 11.5pt; margin: 0; } h2 { font-size: 9pt; margin: .4em 0 .12em; }
h3 { font-size: 8.5pt; margin: .6em 0 .2em; }
p.docid { font-size: 8pt; color: #444; margin: .1em 0 .4em; }
section.besluit { border: 1px solid #777; padding: .2em .7em .5em; break-inside: avoid; }
section.besluit h2 { margin-top: .3em; }
p.outcome { font-size: 11pt; margin: .2em 0; } p.why { margin: .2em 0; }
p.basis { margin: .2em 0; font-size: 8.5pt; }
table.toetsen, table.calc { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 7pt; line-height: 1.15; }
table.toetsen th, table.toetsen td, table.calc th, table.calc td { border: 1px solid #999; padding: .15em .3em; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
table.toetsen th, table.calc th { background: #e8e8e8; }
table.toetsen tr, table.calc tr { break-inside: avoid; }
col.toets { width: 13%; } col.feit { width: 17%; } col.norm { width: 19%; } col.uitkomst { width: 27%; } col.grondslag { width: 24%; }
col.calc-rule { width: 15%; } col.calc-step { width: 59%; } col.calc-basis { width: 26%; }
.doc { font-weight: 600; } .exc { font-style: italic; } .terms { font-size: .95em; color: #333; }
q { font-style: italic; }
ul.compact { margin: .2em 0; padding-left: 1.2em; font-size: 6.5pt; line-height: 1.15; } ul.compact li { margin: 0; }
ul.marks { margin: .2em 0; padding-left: 1.2em; font-size: 6.5pt; line-height: 1.15; } ul.marks li { margin: 0; }
span.kind { font-variant: small-caps; font-weight: 600; }
dl.receipts { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8em; font-size: 6.5pt; line-height: 1.2; margin: .2em 0; }
dl.receipts.run { font-size: 8pt; }
dl.receipts dt { font-weight: 600; } dl.receipts dd { margin: 0; overflow-wrap: anywhere; word-break: break-all; }
.signature { margin-top: 1.6em; display: flex; gap: 3em; }
.signature div { flex: 1; border-top: 1px solid #111; padding-top: .2em; font-size: 8pt; }
table.queue { border-collapse: collapse; margin: .3em 0; font-size: 7.5pt; break-inside: avoid; }
table.queue caption { text-align: left; font-weight: 600; }
table.queue th, table.queue td { border: 1px solid #999; padding: .1em .3em; text-align: left; }
table.queue th { background: #e8e8e8; } table.queue td.amount { text-align: right; }
table.queue tr.recipient { font-weight: 600; } p.queue-note { font-size: 7.5pt; margin: .1em 0; }
details.tech { margin-top: 1em; border-top: 1px dashed #999; padding-top: .3em; }
details.tech summary { cursor: pointer; font-weight: 600; }
details.tech pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 8pt; background: #f6f6f6; padding: .4em; }
details.tech code { font-family: ui-monospace, monospace; }
@media print { details.tech { display: none; } article.page { padding: 0; max-width: none; } }
)";

// A CSS string: quotes, backslashes and line breaks escaped, and `<` so that no text closes the
// style element.
std::string css_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n' || c == '\r') {
            out += "\\A ";
        } else if (c == '<') {
            out += "\\3C ";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// "BV-" and the first 12 hex digits of a digest, in groups of four, upper case.
std::string short_id(std::string_view digest) {
    std::string id = "BV";
    for (std::size_t k = 0; k < 12; k += 4) {
        id += "-";
        for (std::size_t j = k; j < k + 4; ++j) {
            id += static_cast<char>(std::toupper(static_cast<unsigned char>(digest[j])));
        }
    }
    return id;
}

// The document id: "BV-" and the first 12 hex digits, in groups of four, of the SHA-256 of
// what the decision rests on. Returns {short, full digest}.
std::pair<std::string, std::string> document_id(const dsl::Program& program, const RunInfo& info,
                                                const dsl::RuleInfo& rule,
                                                const DecisionResult& r) {
    std::string basis = fmt::format(
        "regels {}\nfeiten {}\nbeslissing {}\nonderwerp {}\npeildatum {}\n", info.rules_hash,
        info.facts_hash, rule.name, r.subject_json, dsl::format_date(info.as_of));
    for (const ParameterOverride& o : info.overrides) {
        basis += fmt::format(
            "set {} = {}\n", program.parameters[o.parameter].name,
            value_text(program, o.value, program.parameters[o.parameter].type, Lang::nl));
    }
    std::string digest = sha256_hex(basis);
    return {short_id(digest), "sha256:" + digest};
}

// The tests that were made but did not decide, under the same headings as the tests that did.
std::string table_head(const Words& w) {
    return fmt::format(
        "<colgroup><col class=\"toets\"><col class=\"feit\"><col class=\"norm\">"
        "<col class=\"uitkomst\"><col class=\"grondslag\"></colgroup>"
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
        "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
        esc(w.toets), esc(w.feit), esc(w.norm), esc(w.uitkomst), esc(w.grondslag));
}

std::string grounds_table(const Collected& c, Lang lang) {
    if (c.ground_rows.empty()) {
        return {};
    }
    std::string out = fmt::format(
        "<h2>{}</h2>\n<table class=\"toetsen grounds\">{}",
        lang == Lang::nl ? "Ook getoetst (niet beslissend)" : "Also tested (not decisive)",
        table_head(words(lang)));
    for (const std::string& row : c.ground_rows) {
        out += row + "\n";
    }
    out += "</tbody></table>\n";
    return out;
}

// The what-if banner in the reader's words (the report's names the parameters by identifier).
std::string what_if_html(const dsl::Program& program, const RunInfo& info) {
    if (info.overrides.empty()) {
        return {};
    }
    std::string list;
    for (const ParameterOverride& o : info.overrides) {
        const dsl::ParameterInfo& p = program.parameters[o.parameter];
        list += fmt::format("{}{} = {}", list.empty() ? "" : "; ",
                            dsl::parameter_label(program, o.parameter),
                            value_text(program, o.value, p.type, info.lang));
    }
    return fmt::format(
        "<p class=\"what-if\" role=\"alert\" style=\"border:3px solid #8a1c1c;"
        "background:#fdecea;color:#111;padding:.4em .6em\"><strong>{}</strong><br>{}</p>\n",
        esc(words(info.lang).what_if_banner), esc(list));
}

// The run's choices in the reader's words (the exact options are in the technical part).
std::string options_words(const dsl::Program& program, const RunInfo& info) {
    const bool nl = info.lang == Lang::nl;
    RunOptions none;
    const RunOptions& o = info.options ? *info.options : none;
    std::string decisions;
    for (const std::string& d : o.decisions) {
        decisions += (decisions.empty() ? "" : ", ") + dsl::label_of(program, d);
    }
    return fmt::format(
        "{}: {}; {}: {}; {}: {}; {}: {}", nl ? "beslissingen" : "decisions",
        decisions.empty() ? (nl ? "alle" : "all") : decisions, nl ? "strikt" : "strict",
        o.strict ? (nl ? "ja" : "yes") : (nl ? "nee" : "no"),
        nl ? "gegeven parameters" : "parameters given",
        info.overrides.empty() ? (nl ? "geen" : "none") : std::to_string(info.overrides.size()),
        nl ? "taal" : "language", to_string(info.lang));
}

}  // namespace

std::string render_verslag(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                           const std::vector<DecisionResult>& results) {
    Lang lang = info.lang;
    const bool nl = lang == Lang::nl;
    const Words& w = words(lang);
    std::string style = verslag_style;
    style.replace(style.find("\"%PAGE%\""), 8,
                  nl ? "\"pagina \" counter(page) \" van \" counter(pages)"
                     : "\"page \" counter(page) \" of \" counter(pages)");
    // Each decision carries the receipts its document id rests on (and the build); the
    // receipts of the run as a whole (tests, the documents the quotes were verified against, the
    // exact options) are on the last page, once.
    // The run's choices in words and the time of the run go to the last page (each document
    // id covers the choices).
    const std::set<std::string> own = {w.rules, w.facts, build_label(lang), w.as_of};
    std::string receipts_html;
    std::string run_receipts_html;
    for (const auto& [label, value] : receipts(program, info)) {
        std::string row = fmt::format("<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
        if (own.contains(label)) {
            receipts_html += row;
        }
        run_receipts_html += row;
    }
    run_receipts_html += fmt::format("<dt>{}</dt><dd>{}</dd>", nl ? "keuzes" : "choices",
                                     esc(options_words(program, info)));
    const std::string run_id = short_id(sha256_hex(fmt::format(
        "regels {}\nfeiten {}\npeildatum {}\nopties {}\n", info.rules_hash, info.facts_hash,
        dsl::format_date(info.as_of), info.options ? options_text(*info.options) : "")));
    std::string pages_css;
    std::string body;
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        const dsl::RuleInfo& rule = program.rules[r.rule];
        auto [id, digest] = document_id(program, info, rule, r);
        std::string title = dsl::rule_label(program, r.rule);
        // The margin: the document id and the subject, on one line beside the page number.
        std::string footer = fmt::format("{} {}", w.verslag_title, id);
        if (!r.subject_text.empty()) {
            footer += " · " + r.subject_text;
        }
        if (footer.size() > 90) {
            std::size_t cut = footer.rfind(' ', 88);
            footer = footer.substr(0, cut == std::string::npos ? 88 : cut) + " …";
        }
        pages_css +=
            fmt::format("@page d{} {{ @bottom-left {{ content: {}; }} }}\n", k, css_string(footer));
        body += fmt::format(
            "<article class=\"page\" style=\"page: d{}\" aria-labelledby=\"v{}\">\n"
            "<h1 id=\"v{}\">{}: {}{}</h1>\n<p class=\"docid\">{} {}</p>\n",
            k, k, k, esc(w.verslag_title), esc(title),
            r.subject_text.empty() ? "" : " — " + esc(r.subject_text),
            nl ? "Documentnummer" : "Document id", esc(id));
        body += what_if_html(program, info);
        Collected c;
        // The box that is signed: outcome, reason, grondslag, signature, never split.
        body += fmt::format("<section class=\"besluit\">\n<h2>{}</h2>\n", esc(w.outcome));
        if (r.outcome.ok) {
            body += fmt::format("<p class=\"outcome\"><strong>{}</strong></p>\n",
                                esc(value_text(program, r.outcome.value, rule.result, lang)));
        } else {
            body += fmt::format("<p class=\"outcome\"><strong>{} [{}]</strong>: {}</p>\n",
                                esc(w.failed), esc(dsl::info(r.outcome.error.code).id),
                                esc(reviewer_text(program, r.outcome.error.message, lang)));
        }
        if (r.outcome.node != no_node) {
            body += fmt::format(
                "<p class=\"why\">{}</p>\n",
                esc(reviewer_text(program, plain_line(program, ex, r.outcome.node, lang), lang)));
            const ExplNode& top = ex.nodes[r.outcome.node];
            bool any_source = std::any_of(
                top.citations.begin(), top.citations.end(),
                [](const ExplCitation& x) { return x.kind == dsl::CitationKind::source; });
            if (any_source) {
                body += fmt::format("<p class=\"basis\"><strong>{}:</strong> {}</p>\n",
                                    esc(w.grondslag), grondslag_html(top, c.quoted, lang));
            }
        }
        body +=
            fmt::format("<div class=\"signature\"><div>{}</div><div>{}</div></div>\n</section>\n",
                        esc(w.signature), esc(w.name_date));
        if (r.outcome.node != no_node) {
            std::set<std::uint32_t> seen;
            collect(program, ex, r.outcome.node, lang, seen, c);
            std::set<std::uint32_t> grounds_seen;
            collect_grounds(program, ex, r.outcome.node, lang, seen, grounds_seen, c);
        }
        if (!c.rows.empty()) {
            body += fmt::format("<h2>{}</h2>\n<table class=\"toetsen\">{}",
                                nl ? "Toetsen" : "Tests", table_head(w));
            for (const std::string& row : c.rows) {
                body += row + "\n";
            }
            body += "</tbody></table>\n";
        }
        body += grounds_table(c, lang);
        if (!c.calculations.empty()) {
            body += fmt::format(
                "<h2>{}</h2>\n<table class=\"calc\"><colgroup><col class=\"calc-rule\">"
                "<col class=\"calc-step\"><col class=\"calc-basis\"></colgroup><thead><tr>"
                "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
                "</tr></thead><tbody>\n",
                nl ? "Berekening" : "Calculation", nl ? "Onderdeel" : "Part", esc(w.uitkomst),
                esc(w.grondslag));
            for (const std::string& row : c.calculations) {
                body += row + "\n";
            }
            body += "</tbody></table>\n";
        }
        if (!c.alternatives.empty()) {
            body += fmt::format(
                "<h2>{}</h2>\n<ul class=\"compact\">",
                nl ? "Andere gronden (niet beslissend)" : "Other grounds (not decisive)");
            for (const std::string& l : c.alternatives) {
                body += l;
            }
            body += "</ul>\n";
        }
        body += fmt::format("<h2>{}</h2>\n", esc(w.assumptions));
        std::vector<const dsl::MarkInfo*> marks = decision_marks(program, r.outcome.marks);
        if (marks.empty()) {
            body += fmt::format("<p>{}</p>\n", esc(w.no_assumptions));
        } else {
            body += "<ul class=\"marks\">";
            for (const dsl::MarkInfo* m : marks) {
                body += fmt::format("<li><span class=\"kind\">{}</span> — {}: {}</li>",
                                    m->kind == dsl::CitationKind::assumption
                                        ? (nl ? "aanname" : "assumption")
                                        : (nl ? "interpretatiekeuze" : "interpretation"),
                                    esc(dsl::label_of(program, m->name)),
                                    esc(reviewer_text(program, m->reason, lang)));
            }
            body += "</ul>\n";
        }
        body +=
            fmt::format("<h2>{}</h2>\n<dl class=\"receipts\"><dt>{}</dt><dd>{} = {}</dd>{}</dl>\n",
                        esc(w.receipts), nl ? "documentnummer" : "document id", esc(id),
                        esc(digest), receipts_html);
        // The technical part: for whoever checks the engine, not for the signature.
        body += fmt::format(
            "<details class=\"tech\"><summary>{}</summary>\n<p>{} <code>{}</code> ({})</p>\n",
            nl ? "Technische verantwoording (niet in de afdruk)"
               : "Technical account (not printed)",
            nl ? "Regel" : "Rule", esc(rule.name), esc(location_text(program, rule.where)));
        if (std::string src = rule_source(program, rule); !src.empty()) {
            body += fmt::format("<pre><code>{}</code></pre>\n", esc(src));
        }
        for (const auto& [label, value] : receipts(program, info)) {
            if (label == options_label(lang)) {
                body += fmt::format("<p>{}: <code>{}</code></p>\n", esc(label), esc(value));
            }
        }
        if (!info.overrides.empty()) {
            body += fmt::format("<p>{}: <code>{}</code></p>\n", esc(w.what_if),
                                esc(overrides_text(program, info)));
        }
        if (r.outcome.node != no_node) {
            std::string trace;
            explanation_text(trace, program, ex, r.outcome.node, 0, lang);
            body += fmt::format("<h3>{}</h3>\n<pre>{}</pre>\n",
                                nl ? "De afleiding zoals de regels haar schrijven"
                                   : "The derivation as the rules write it",
                                esc(trace));
            body += fmt::format("<h3>{}</h3>\n<ul>", nl ? "Citaten" : "Citations");
            for (std::uint32_t node : c.nodes) {
                const ExplNode& n = ex.nodes[node];
                for (const ExplCitation& cit : n.citations) {
                    body += fmt::format("<li><code>{}</code> ({}): {} {}{}{}</li>", esc(n.name),
                                        esc(location_text(program, n.where)),
                                        esc(dsl::to_string(cit.kind)),
                                        esc(cit.title.empty() ? cit.document : cit.title),
                                        cit.section.empty() ? "" : ", " + esc(cit.section),
                                        cit.quote.empty() ? "" : ": “" + esc(cit.quote) + "”");
                }
            }
            body += "</ul>\n";
        }
        if (!marks.empty()) {
            body += fmt::format("<h3>{}</h3>\n<ul>", esc(w.assumptions));
            for (const dsl::MarkInfo* m : marks) {
                body += fmt::format("<li>{} <code>{}</code> ({})</li>", esc(mark_badge(m->kind)),
                                    esc(m->name), esc(location_text(program, m->where)));
            }
            body += "</ul>\n";
        }
        body += "</details>\n</article>\n";
    }
    // The receipts of the run, on a page of their own.
    const char* run_title = nl ? "Verantwoording van de berekening" : "Receipts of the calculation";
    pages_css +=
        fmt::format("@page run {{ @bottom-left {{ content: {}; }} }}\n",
                    css_string(fmt::format("{} · {} {}", w.verslag_title, run_title, run_id)));
    body += fmt::format(
        "<article class=\"page run\" style=\"page: run\" aria-labelledby=\"run\">\n"
        "<h1 id=\"run\">{}</h1>\n<p class=\"docid\">{} {}</p>\n<p>{}</p>\n"
        "<dl class=\"receipts run\">{}</dl>\n</article>\n",
        esc(run_title), nl ? "Kenmerk" : "Reference", esc(run_id),
        esc(nl ? "De beslissingen in dit verslag zijn in één berekening genomen, met de regels, "
                 "feiten en bronteksten hieronder."
               : "The decisions in this report were taken in one calculation, from the rules, "
                 "facts and source texts below."),
        run_receipts_html);
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n"
        "<title>{}</title>\n<style>{}{}</style></head><body>\n<main>\n{}</main>\n</body></html>\n",
        w.html_lang, esc(w.verslag_title), style, pages_css, body);
}

}  // namespace regels::interp
