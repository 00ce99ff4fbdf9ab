#include "interpreter/render.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>
#include <unordered_map>

namespace regels::interp {

std::string markup_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
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

std::string location_text(const dsl::Program& program, const dsl::Location& where) {
    if (where.file == dsl::no_file) {
        return "";
    }
    const dsl::SourceFile& f = program.sources->file(where.file);
    return fmt::format("{}:{}", f.name(), f.line_column(where.span.begin).line);
}

const char* mark_badge(dsl::CitationKind kind) {
    return kind == dsl::CitationKind::assumption ? "AANNAME" : "INTERPRETATIE";
}

std::vector<const dsl::MarkInfo*> decision_marks(const dsl::Program& program,
                                                 const MarkSet& marks) {
    std::vector<const dsl::MarkInfo*> out;
    for (std::uint32_t m : marks.list()) {
        out.push_back(&program.marks[m]);
    }
    return out;
}

void marks_json(std::string& out, const dsl::Program& program, const MarkSet& marks) {
    out += "[";
    bool first = true;
    for (const dsl::MarkInfo* m : decision_marks(program, marks)) {
        out += first ? "{\"kind\":" : ",{\"kind\":";
        first = false;
        json_string(out, dsl::to_string(m->kind));
        out += ",\"name\":";
        json_string(out, m->name);
        out += ",\"reason\":";
        json_string(out, m->reason);
        out += ",\"location\":";
        json_string(out, location_text(program, m->where));
        out += "}";
    }
    out += "]";
}

void marks_text(std::string& out, const dsl::Program& program, const MarkSet& marks,
                std::string_view pad, bool compact) {
    std::size_t interpretations = 0;
    std::string line;
    for (const dsl::MarkInfo* m : decision_marks(program, marks)) {
        if (!compact) {
            out += fmt::format("{}[{}] {}: {} ({})\n", pad, mark_badge(m->kind), m->name,
                               m->reason, location_text(program, m->where));
        } else if (m->kind == dsl::CitationKind::assumption) {
            line += fmt::format("{}[{}] {}", line.empty() ? "" : "; ", mark_badge(m->kind), m->name);
        } else {
            ++interpretations;
        }
    }
    if (compact && interpretations > 0) {
        line += fmt::format("{}[{}] × {}", line.empty() ? "" : "; ",
                            mark_badge(dsl::CitationKind::interpretation), interpretations);
    }
    if (!line.empty()) {
        out += fmt::format("{}{} (--explain)\n", pad, line);
    }
}

namespace {

std::string citation_text(const ExplCitation& c) {
    if (c.kind != dsl::CitationKind::source) {
        return fmt::format("[{}] {}", mark_badge(c.kind), c.quote);
    }
    std::string out(c.document);
    if (!c.title.empty()) {
        out += fmt::format(" ({})", c.title);
    }
    if (!c.section.empty()) {
        out += fmt::format(", \"{}\"", c.section);
    }
    if (!c.quote.empty()) {
        out += fmt::format(": \"{}\"", c.quote);
    }
    return out;
}

std::string heading(const dsl::Program& program, const ExplNode& n) {
    std::string subject = n.subject.empty() ? "" : fmt::format(" [{}]", n.subject);
    if (n.failed) {
        return fmt::format("{}{} failed: {}", n.name, subject, n.error);
    }
    return fmt::format("{}{} = {}", n.name, subject, display_value(program, n.value, n.type));
}

void text_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, int indent, std::set<std::uint32_t>& shown) {
    const ExplNode& n = ex.nodes[id];
    std::string pad(static_cast<std::size_t>(indent), ' ');
    if (!shown.insert(id).second) {
        out += fmt::format("{}● {} (explained above)\n", pad, heading(program, n));
        return;
    }
    out += fmt::format("{}● {}\n", pad, heading(program, n));
    std::string in(static_cast<std::size_t>(indent + 4), ' ');
    out += fmt::format("{}{}, {}\n", in, to_string(n.kind), location_text(program, n.where));
    for (const ExplCitation& c : n.citations) {
        out += fmt::format("{}{}{}\n", in, c.kind == dsl::CitationKind::source ? "source: " : "",
                           citation_text(c));
    }
    for (const ExplInput& i : n.inputs) {
        if (i.node == no_node) {
            out += fmt::format("{}input: {} = {}\n", in, i.label,
                               display_value(program, i.value, i.type));
        }
    }
    for (const ExplStep& s : n.steps) {
        out += fmt::format("{}{}: {}\n", in, to_string(s.kind), s.text);
    }
    for (std::uint32_t c : n.children) {
        text_node(out, program, ex, c, indent + 4, shown);
    }
}

// Names, citations, locations and type names come from the program and repeat in every
// record's explanation: each is escaped once per thread and program, then appended.
class JsonPieces {
public:
    static JsonPieces& for_program(const dsl::Program& program) {
        thread_local JsonPieces pieces;
        if (pieces.serial_ != program.serial) {
            pieces = JsonPieces();
            pieces.serial_ = program.serial;
        }
        return pieces;
    }
    const std::string& text(std::string_view s) {
        auto [it, added] = text_.try_emplace(Key{s.data(), s.size()});
        if (added) {
            json_string(it->second, s);
        }
        return it->second;
    }
    const std::string& location(const dsl::Program& program, const dsl::Location& where) {
        std::uint64_t key = (static_cast<std::uint64_t>(where.file) << 32U) | where.span.begin;
        auto [it, added] = location_.try_emplace(key);
        if (added) {
            json_string(it->second, location_text(program, where));
        }
        return it->second;
    }
    const std::string& type(const dsl::Program& program, dsl::TypeId t) {
        auto [it, added] = type_.try_emplace(t);
        if (added) {
            json_string(it->second, program.type_name(t));
        }
        return it->second;
    }

private:
    struct Key {
        const char* data;
        std::size_t size;
        bool operator==(const Key& o) const {
            return data == o.data && size == o.size;
        }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<const void*>()(k.data) ^ (k.size * 0x9E3779B97F4A7C15ULL);
        }
    };
    std::uint64_t serial_ = 0;
    std::unordered_map<Key, std::string, KeyHash> text_;
    std::unordered_map<std::uint64_t, std::string> location_;
    std::unordered_map<dsl::TypeId, std::string> type_;
};

void append_number(std::string& out, std::uint64_t n) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
    (void)ec;
    out.append(buf, end);
}

void json_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, WrittenNodes& written) {
    const ExplNode& n = ex.nodes[id];
    if (written.size() <= id) {
        written.resize(std::max<std::size_t>(ex.nodes.size(), id + 1));
    }
    if (written[id]) {
        out += "{\"ref\":";
        append_number(out, id);
        out += '}';
        return;
    }
    written[id] = true;
    JsonPieces& pieces = JsonPieces::for_program(program);
    out += "{\"id\":";
    append_number(out, id);
    out += ",\"kind\":\"";
    out += to_string(n.kind);
    out += "\",\"rule\":";
    out += pieces.text(n.name);
    out += ",\"subject\":";
    json_string(out, n.subject);
    out += ",\"type\":";
    out += pieces.type(program, n.type);
    if (n.failed) {
        out += ",\"value\":null,\"error\":";
        json_string(out, n.error);
    } else {
        out += ",\"value\":";
        json_value(out, program, n.value, n.type);
    }
    out += ",\"location\":";
    out += pieces.location(program, n.where);
    out += ",\"citations\":[";
    for (std::size_t k = 0; k < n.citations.size(); ++k) {
        const ExplCitation& c = n.citations[k];
        out += k > 0 ? ",{\"kind\":" : "{\"kind\":";
        out += pieces.text(dsl::to_string(c.kind));
        out += ",\"document\":";
        out += pieces.text(c.document);
        out += ",\"title\":";
        out += pieces.text(c.title);
        out += ",\"section\":";
        out += pieces.text(c.section);
        out += ",\"quote\":";
        out += pieces.text(c.quote);
        out += '}';
    }
    out += "],\"inputs\":[";
    for (std::size_t k = 0; k < n.inputs.size(); ++k) {
        const ExplInput& i = n.inputs[k];
        out += k > 0 ? ",{\"name\":" : "{\"name\":";
        out += pieces.text(i.label);
        out += ",\"type\":";
        out += pieces.type(program, i.type);
        out += ",\"value\":";
        json_value(out, program, i.value, i.type);
        if (i.node != no_node) {
            out += ",\"node\":";
            append_number(out, i.node);
        }
        out += '}';
    }
    out += "],\"steps\":[";
    for (std::size_t k = 0; k < n.steps.size(); ++k) {
        const ExplStep& st = n.steps[k];
        out += k > 0 ? ",{\"kind\":\"" : "{\"kind\":\"";
        out += to_string(st.kind);
        out += "\",\"text\":";
        json_string(out, st.text);
        if (st.result) {
            out += *st.result ? ",\"result\":true" : ",\"result\":false";
        }
        out += '}';
    }
    out += "],\"children\":[";
    for (std::size_t k = 0; k < n.children.size(); ++k) {
        out += k > 0 ? "," : "";
        json_node(out, program, ex, n.children[k], written);
    }
    out += "]}";
}

void decision_json(std::string& out, const dsl::Program& program, const Explanation& ex,
                   const DecisionResult& r, bool explain, WrittenNodes& written) {
    const dsl::RuleInfo& rule = program.rules[r.rule];
    JsonPieces& pieces = JsonPieces::for_program(program);
    out += "{\"decision\":";
    out += pieces.text(rule.name);  // escaped once, not per record
    out += ",\"subject\":";
    out += r.subject_json;
    out += ",\"type\":";
    out += pieces.type(program, rule.result);
    out += ",\"value\":";
    json_value(out, program, r.outcome.value, rule.result);
    out += ",\"assumptions\":";
    marks_json(out, program, r.outcome.marks);
    if (explain && r.outcome.node != no_node) {
        out += ",\"explanation\":";
        json_node(out, program, ex, r.outcome.node, written);
    }
    out += "}";
}

void error_json(std::string& out, const dsl::Program& program, const DecisionResult& r) {
    out += "{\"code\":";
    json_string(out, dsl::info(r.outcome.error.code).id);
    out += ",\"message\":";
    json_string(out, r.outcome.error.message);
    out += ",\"decision\":";
    json_string(out, program.rules[r.rule].name);
    out += ",\"subject\":" + r.subject_json + ",\"location\":";
    json_string(out, location_text(program, r.outcome.error.where));
    out += ",\"assumptions\":";
    marks_json(out, program, r.outcome.marks);
    out += "}";
}

}  // namespace

void explanation_text(std::string& out, const dsl::Program& program, const Explanation& ex,
                      std::uint32_t node, int indent) {
    std::set<std::uint32_t> shown;
    text_node(out, program, ex, node, indent, shown);
}

void explanation_json(std::string& out, const dsl::Program& program, const Explanation& ex,
                      std::uint32_t node) {
    WrittenNodes written;
    json_node(out, program, ex, node, written);
}

std::string render_text(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results, bool explain) {
    std::string out =
        fmt::format("rules {} ({} file{}), as of {}\n", info.rules_hash, info.files.size(),
                    info.files.size() == 1 ? "" : "s", dsl::format_date(info.as_of));
    std::size_t failed = 0;
    for (const DecisionResult& r : results) {
        const dsl::RuleInfo& rule = program.rules[r.rule];
        std::string subject = r.subject_text.empty() ? "" : fmt::format(" [{}]", r.subject_text);
        if (!r.outcome.ok) {
            ++failed;
            continue;
        }
        if (explain && r.outcome.node != no_node) {
            out += "\n";
            marks_text(out, program, r.outcome.marks, "", false);
            explanation_text(out, program, ex, r.outcome.node, 0);
        } else {
            out += fmt::format("{}{} = {}\n", rule.name, subject,
                               display_value(program, r.outcome.value, rule.result));
            marks_text(out, program, r.outcome.marks, "    ", true);
        }
    }
    if (failed > 0) {
        out += fmt::format("\n{} decision{} failed:\n", failed, failed == 1 ? "" : "s");
        for (const DecisionResult& r : results) {
            if (r.outcome.ok) {
                continue;
            }
            std::string subject =
                r.subject_text.empty() ? "" : fmt::format(" [{}]", r.subject_text);
            out += fmt::format("  {}{}: error[{}]: {} ({})\n", program.rules[r.rule].name, subject,
                               dsl::info(r.outcome.error.code).id, r.outcome.error.message,
                               location_text(program, r.outcome.error.where));
            if (explain && r.outcome.node != no_node) {
                explanation_text(out, program, ex, r.outcome.node, 4);
            }
        }
    }
    return out;
}

std::string render_json(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results, bool explain) {
    std::string out = "{\"rules\":{\"hash\":";
    json_string(out, info.rules_hash);
    out += ",\"files\":[";
    for (std::size_t k = 0; k < info.files.size(); ++k) {
        out += k > 0 ? "," : "";
        json_string(out, info.files[k]);
    }
    out += "]},\"as_of\":";
    json_string(out, dsl::format_date(info.as_of));
    out += ",\"decisions\":[";
    bool first = true;
    WrittenNodes written;
    for (const DecisionResult& r : results) {
        if (!r.outcome.ok) {
            continue;
        }
        out += first ? "\n" : ",\n";
        first = false;
        decision_json(out, program, ex, r, explain, written);
    }
    out += "],\"errors\":[";
    first = true;
    for (const DecisionResult& r : results) {
        if (r.outcome.ok) {
            continue;
        }
        out += first ? "\n" : ",\n";
        first = false;
        error_json(out, program, r);
    }
    out += "]}\n";
    return out;
}

void render_jsonl(std::string& out, const dsl::Program& program, const Explanation& ex,
                  const DecisionResult& r, bool explain, WrittenNodes* written) {
    if (r.outcome.ok) {
        WrittenNodes own;
        decision_json(out, program, ex, r, explain, written != nullptr ? *written : own);
    } else {
        out += "{\"error\":";
        error_json(out, program, r);
        out += "}";
    }
    out += '\n';
}

// ---- HTML -------------------------------------------------------------------------------------

namespace {

std::string esc(std::string_view s) {
    return markup_escape(s);
}

// A node is written in full the first time it occurs on the page, with the anchor `n<id>`;
// later occurrences are one line that links to it. A decision's own root is always written in
// full (`full`), so every decision can be read where it is listed.
void html_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, std::set<std::uint32_t>& shown, bool open, bool full = false) {
    const ExplNode& n = ex.nodes[id];
    std::string value = n.failed ? "failed: " + n.error : display_value(program, n.value, n.type);
    std::string subject = n.subject.empty() ? "" : " [" + n.subject + "]";
    bool first = shown.insert(id).second;
    if (!first && !full) {
        out += fmt::format(
            "<div class=\"node seen\"><span class=\"name\">{}</span>{} = "
            "<span class=\"value\">{}</span> <a href=\"#n{}\">(explained above)</a></div>\n",
            esc(n.name), esc(subject), esc(value), id);
        return;
    }
    out += fmt::format(
        "<details{} class=\"node {}\"{}><summary><span class=\"name\">{}</span>{} = "
        "<span class=\"value{}\">{}</span> <span class=\"kind\">{}</span></summary>\n",
        first ? fmt::format(" id=\"n{}\"", id) : "", to_string(n.kind), open ? " open" : "",
        esc(n.name), esc(subject), n.failed ? " failed" : "", esc(value), to_string(n.kind));
    out += fmt::format("<div class=\"where\">{}</div>\n", esc(location_text(program, n.where)));
    for (const ExplCitation& c : n.citations) {
        if (c.kind != dsl::CitationKind::source) {
            out += fmt::format("<div class=\"mark {}\"><span class=\"badge\">{}</span> {}</div>\n",
                               dsl::to_string(c.kind), mark_badge(c.kind), esc(c.quote));
            continue;
        }
        std::string title = esc(c.title.empty() ? c.document : c.title);
        if (c.url) {
            title = "<a href=\"" + esc(*c.url) + "\">" + title + "</a>";
        }
        out += "<div class=\"citation\"><span class=\"doc\">" + title + "</span>";
        if (!c.section.empty()) {
            out += ", <span class=\"section\">" + esc(c.section) + "</span>";
        }
        if (!c.quote.empty()) {
            out += "<blockquote>" + esc(c.quote) + "</blockquote>";
        }
        out += "</div>\n";
    }
    bool any_input = false;
    for (const ExplInput& i : n.inputs) {
        if (i.node != no_node) {
            continue;
        }
        if (!any_input) {
            out += "<table class=\"inputs\">";
            any_input = true;
        }
        out += fmt::format("<tr><td>{}</td><td>{}</td></tr>", esc(i.label),
                           esc(display_value(program, i.value, i.type)));
    }
    if (any_input) {
        out += "</table>\n";
    }
    if (!n.steps.empty()) {
        out += "<ul class=\"steps\">";
        for (const ExplStep& s : n.steps) {
            std::string cls = s.result ? (*s.result ? " yes" : " no") : "";
            out += fmt::format("<li class=\"{}{}\">{}</li>", to_string(s.kind), cls, esc(s.text));
        }
        out += "</ul>\n";
    }
    for (std::uint32_t c : n.children) {
        html_node(out, program, ex, c, shown, false);
    }
    out += "</details>\n";
}

constexpr const char* html_style = R"(
body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 70em; }
h1 { font-size: 1.4em; } .meta { color: #555; font-size: .9em; }
table.summary { border-collapse: collapse; margin: 1em 0; }
table.summary td, table.summary th { border-bottom: 1px solid #ddd; padding: .3em .8em; text-align: left; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; }
details.node { margin: .3em 0 .3em 1.2em; border-left: 2px solid #c9d6e8; padding-left: .6em; }
details.node > summary { cursor: pointer; }
.name { font-weight: 600; } .value { font-family: ui-monospace, monospace; }
.value.failed { color: #b00020; } .kind { color: #777; font-size: .8em; }
.where { color: #666; font-size: .85em; font-family: ui-monospace, monospace; }
.citation { margin: .3em 0; font-size: .9em; } .doc { font-style: italic; }
blockquote { margin: .2em 0 .2em 1em; padding-left: .6em; border-left: 3px solid #e0c36b; color: #333; }
table.inputs td { padding: 0 .8em 0 0; font-size: .9em; font-family: ui-monospace, monospace; }
ul.steps { margin: .2em 0; font-size: .9em; } li.yes { color: #0b6b2b; } li.no { color: #555; }
.errors { color: #b00020; } tr.failed td { color: #b00020; }
a { color: inherit; } .doc a { color: #1a4d8f; }
.badge { display: inline-block; font-size: .75em; font-weight: 700; letter-spacing: .04em; padding: 0 .4em; border: 1px solid currentColor; border-radius: 3px; }
.mark { margin: .3em 0; font-size: .9em; } .mark.assumption { color: #8a4b00; } .mark.interpretation { color: #3c4f8a; }
ul.marks { margin: .2em 0 .6em 0; padding-left: 1.2em; font-size: .9em; }
)";

}  // namespace

std::string render_html(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<title>Regels — decisions and their explanations</title>\n<style>";
    out += html_style;
    out += "</style></head><body>\n<h1>Decisions and their explanations</h1>\n";
    std::size_t failed = 0;
    for (const DecisionResult& r : results) {
        failed += r.outcome.ok ? 0 : 1;
    }
    out += fmt::format(
        "<p class=\"meta\">{} decisions, {} failed — as of {} — rules {} "
        "({} files)</p>\n",
        results.size(), failed, dsl::format_date(info.as_of), esc(info.rules_hash),
        info.files.size());
    out += "<table class=\"summary\"><tr><th>decision</th><th>subject</th><th>value</th></tr>\n";
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        const dsl::RuleInfo& rule = program.rules[r.rule];
        std::string value = r.outcome.ok
                                ? display_value(program, r.outcome.value, rule.result)
                                : "error " + std::string(dsl::info(r.outcome.error.code).id);
        std::string badges;
        bool assumption = false;
        bool interpretation = false;
        for (const dsl::MarkInfo* m : decision_marks(program, r.outcome.marks)) {
            (m->kind == dsl::CitationKind::assumption ? assumption : interpretation) = true;
        }
        if (assumption) {
            badges += " <span class=\"badge mark assumption\">AANNAME</span>";
        }
        if (interpretation) {
            badges += " <span class=\"badge mark interpretation\">INTERPRETATIE</span>";
        }
        out += fmt::format(
            "<tr{}><td><a href=\"#d{}\">{}</a>{}</td><td>{}</td><td class=\"amount\">{}</td></tr>\n",
            r.outcome.ok ? "" : " class=\"failed\"", k, esc(rule.name), badges,
            esc(r.subject_text), esc(value));
    }
    out += "</table>\n";
    std::set<std::uint32_t> shown;  // nodes written in full on this page
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        out += fmt::format("<div id=\"d{}\"></div>\n", k);
        if (!r.outcome.ok) {
            out +=
                fmt::format("<p class=\"errors\">{} [{}]: {} — {}</p>\n",
                            esc(program.rules[r.rule].name), esc(r.subject_text),
                            esc(dsl::info(r.outcome.error.code).id), esc(r.outcome.error.message));
        }
        std::vector<const dsl::MarkInfo*> marks = decision_marks(program, r.outcome.marks);
        if (!marks.empty()) {
            out += fmt::format("<p>{} [{}] rests on:</p><ul class=\"marks\">",
                               esc(program.rules[r.rule].name), esc(r.subject_text));
            for (const dsl::MarkInfo* m : marks) {
                out += fmt::format(
                    "<li class=\"mark {}\"><span class=\"badge\">{}</span> <b>{}</b>: {} "
                    "<span class=\"where\">{}</span></li>",
                    dsl::to_string(m->kind), mark_badge(m->kind), esc(m->name), esc(m->reason),
                    esc(location_text(program, m->where)));
            }
            out += "</ul>\n";
        }
        if (r.outcome.node != no_node) {
            html_node(out, program, ex, r.outcome.node, shown, true, true);
        }
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace regels::interp
