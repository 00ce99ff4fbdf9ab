#include "interpreter/render.hpp"

#include "dsl/labels.hpp"
#include "interpreter/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
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

void marks_json_uncached(std::string& out, const dsl::Program& program, const MarkSet& marks);

// Most decisions of a run rest on one of a few sets of marks, and a batch writes the same
// array on every line: each set's JSON is made once per program and thread.
void marks_json(std::string& out, const dsl::Program& program, const MarkSet& marks) {
    if (marks.empty()) {
        out.append("[]", 2);
        return;
    }
    thread_local std::uint64_t serial = 0;
    thread_local std::unordered_map<std::string, std::string> made;
    if (serial != program.serial) {
        made.clear();
        serial = program.serial;
    }
    std::vector<std::uint32_t> list = marks.list();
    std::string key(reinterpret_cast<const char*>(list.data()), list.size() * sizeof(list[0]));
    auto [it, added] = made.try_emplace(std::move(key));
    if (added) {
        marks_json_uncached(it->second, program, marks);
    }
    out += it->second;
}

void marks_json_uncached(std::string& out, const dsl::Program& program, const MarkSet& marks) {
    out += '[';
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
        out += '}';
    }
    out += ']';
}

void marks_text(std::string& out, const dsl::Program& program, const MarkSet& marks,
                std::string_view pad, bool compact, bool technical) {
    std::size_t interpretations = 0;
    std::string line;
    // Compactly, several assumptions of one rule are one entry with their number:
    // "[AANNAME] plafond.toewijzing_op_volgorde × 3", not the name three times.
    std::vector<std::pair<std::string_view, std::size_t>> assumptions;
    for (const dsl::MarkInfo* m : decision_marks(program, marks)) {
        if (!compact) {
            out += fmt::format("{}[{}] {}\n", pad, mark_badge(m->kind), m->reason);
            if (technical) {
                out += fmt::format("{}    technisch: {}, {}\n", pad, m->name,
                                   location_text(program, m->where));
            }
        } else if (m->kind == dsl::CitationKind::assumption) {
            auto same = std::find_if(assumptions.begin(), assumptions.end(),
                                     [&](const auto& a) { return a.first == m->name; });
            if (same != assumptions.end()) {
                ++same->second;
            } else {
                assumptions.emplace_back(m->name, 1);
            }
        } else {
            ++interpretations;
        }
    }
    for (const auto& [name, count] : assumptions) {
        // The carrier's words: "tarief", not "btw.tarief vanaf 2019-01-01".
        const std::string_view carrier = name.substr(0, name.find(' '));
        line += fmt::format("{}[{}] {}", line.empty() ? "" : "; ",
                            mark_badge(dsl::CitationKind::assumption),
                            technical ? std::string(name) : dsl::label_of(program, carrier));
        if (count > 1) {
            line += fmt::format(" × {}", count);
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
    // The document by its title (the short name is the rules' own: technical).
    std::string out(c.title.empty() ? c.document : c.title);
    if (!c.section.empty()) {
        out += fmt::format(", \"{}\"", c.section);
    }
    if (!c.quote.empty()) {
        out += fmt::format(": \"{}\"", c.quote);
    }
    return out;
}

// `ground`: the node is a further ground of its parent (it did not decide), so a failure is
// not the decision's: it could not be assessed.
std::string heading(const dsl::Program& program, const ExplNode& n, Lang lang,
                    bool ground = false) {
    std::string subject = n.subject.empty() ? "" : fmt::format(" [{}]", n.subject);
    const Words& w = words(lang);
    const std::string name = dsl::label_of(program, n.name);
    if (n.failed) {
        return fmt::format("{}{} {}: {}", name, subject, ground ? w.not_assessable : w.failed,
                           n.error);
    }
    return fmt::format("{}{} = {}", name, subject, value_text(program, n.value, n.type, lang));
}

// Children in first-use order, each once, with how often it was used.
std::vector<std::pair<std::uint32_t, std::size_t>> unique_children(const ExplNode& n) {
    std::vector<std::pair<std::uint32_t, std::size_t>> out;
    for (std::uint32_t c : n.children) {
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == c; });
        if (it == out.end()) {
            out.emplace_back(c, 1);
        } else {
            ++it->second;
        }
    }
    return out;
}

// How many elements of an aggregate the text shows by name; JSON has them all.
constexpr std::size_t shown_terms = 10;

std::string terms_text(const dsl::Program& program, const ExplStep& s, Lang lang, bool counted) {
    std::string out;
    std::size_t n = 0;
    std::size_t total = 0;
    for (const ExplTerm& t : s.terms) {
        if (t.counted != counted) {
            continue;
        }
        ++total;
        if (n == shown_terms) {
            continue;
        }
        out += n++ > 0 ? ", " : "";
        out += t.subject;
        if (t.value.kind != ValueKind::absent) {
            out += ": " + value_text(program, t.value, t.type, lang);
        }
    }
    if (total > shown_terms) {
        out += lang == Lang::nl ? fmt::format(" … en {} meer (alle in JSON)", total - shown_terms)
                                : fmt::format(" … and {} more (all in JSON)", total - shown_terms);
    }
    return out;
}

const char* step_label(StepKind kind, Lang lang) {
    bool nl = lang == Lang::nl;
    switch (kind) {
        case StepKind::branch:
            return nl ? "keuze" : "branch";
        case StepKind::exception:
            return nl ? "uitzondering" : "exception";
        case StepKind::outcome:
            return nl ? "beslist" : "outcome";
        case StepKind::rounding:
            return nl ? "afronding" : "rounding";
        case StepKind::cap:
            return nl ? "begrenzing" : "cap";
        case StepKind::aggregate:
            return nl ? "totaal" : "aggregate";
        case StepKind::allocation:
            return nl ? "verdeling" : "allocation";
        case StepKind::parameter:
            return nl ? "versie" : "version";
        case StepKind::note:
            return nl ? "opmerking" : "note";
        case StepKind::comparison:
            return nl ? "toets" : "test";
        case StepKind::arithmetic:
            return nl ? "berekening" : "calculation";
        case StepKind::alternative:
            return nl ? "niet beslissend" : "not decisive";
        case StepKind::ground:
            return words(lang).also_tested;
    }
    return "";
}

struct TextOptions {
    Lang lang = Lang::nl;
    bool technical = false;
};

void text_steps(std::string& out, const dsl::Program& program, const ExplNode& n,
                const std::string& in, const TextOptions& o) {
    const Lang lang = o.lang;
    for (const ExplStep& s : n.steps) {
        // The steps of a further ground under its heading.
        const std::string at = in + std::string(4U * s.ground, ' ');
        out += fmt::format("{}{}: {}\n", at, step_label(s.kind, lang), step_text(program, s, lang));
        if (o.technical && s.phrase != Phrase::literal) {
            if (std::string code = step_code(s); !code.empty()) {
                out += fmt::format("{}    technisch: {}\n", at, code);
            }
        }
        if (!s.terms.empty()) {
            std::string counted = terms_text(program, s, lang, true);
            std::string left = terms_text(program, s, lang, false);
            if (!counted.empty()) {
                out += fmt::format("{}    {}: {}\n", at, lang == Lang::nl ? "meegeteld" : "counted",
                                   counted);
            }
            if (!left.empty()) {
                out += fmt::format("{}    {}: {}\n", at,
                                   lang == Lang::nl ? "weggelaten" : "left out", left);
            }
        }
        if (s.allocation) {
            for (const std::string& line : allocation_lines(program, *s.allocation, lang)) {
                out += fmt::format("{}    {}\n", at, line);
            }
        }
    }
}

// `ground`: a further ground of its parent, said after the heading; `in_ground`: below one,
// where a failure is not the decision's either.
void text_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, int indent, std::set<std::uint32_t>& shown, const TextOptions& o,
               std::size_t uses = 1, bool ground = false, bool in_ground = false) {
    const ExplNode& n = ex.nodes[id];
    const Lang lang = o.lang;
    const Words& w = words(lang);
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string count = uses > 1 ? fmt::format(" ({} {})", uses, w.times) : "";
    if (ground) {
        count += fmt::format(" ({})", w.also_tested);
    }
    if (!shown.insert(id).second) {
        out += fmt::format("{}● {}{} {}\n", pad, heading(program, n, lang, ground || in_ground),
                           count, w.seen_above);
        return;
    }
    out += fmt::format("{}● {}{}\n", pad, heading(program, n, lang, ground || in_ground), count);
    std::string in(static_cast<std::size_t>(indent + 4), ' ');
    if (o.technical) {
        out += fmt::format("{}{}, technisch: {}, {}\n", in, kind_text(n.kind, lang), n.name,
                           location_text(program, n.where));
    } else {
        out += fmt::format("{}{}\n", in, kind_text(n.kind, lang));
    }
    for (const ExplCitation& c : n.citations) {
        out += fmt::format("{}{}{}\n", in,
                           c.kind == dsl::CitationKind::source ? std::string(w.source) + ": " : "",
                           citation_text(c));
    }
    for (const ExplInput& i : n.inputs) {
        if (i.node == no_node) {
            std::string label = operand_label(program, i.label, lang);
            if (label.empty() || o.technical) {
                label = label.empty() ? std::string(i.label)
                                      : fmt::format("{} (technisch: {})", label, i.label);
            }
            out += fmt::format("{}{}: {} = {}\n", in, w.input, label,
                               value_text(program, i.value, i.type, lang));
        }
    }
    text_steps(out, program, n, in, o);
    for (const auto& [c, k] : unique_children(n)) {
        text_node(out, program, ex, c, indent + 4, shown, o, k, n.ground_only(c),
                  ground || in_ground);
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

void citations_json(std::string& out, JsonPieces& pieces,
                    const std::vector<ExplCitation>& citations) {
    out += '[';
    for (std::size_t k = 0; k < citations.size(); ++k) {
        const ExplCitation& c = citations[k];
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
    out += ']';
}

void terms_json(std::string& out, const dsl::Program& program, const ExplStep& st) {
    out += '[';
    for (std::size_t t = 0; t < st.terms.size(); ++t) {
        const ExplTerm& term = st.terms[t];
        out += t > 0 ? ",{\"subject\":" : "{\"subject\":";
        json_string(out, term.subject);
        out += term.counted ? ",\"counted\":true" : ",\"counted\":false";
        if (term.value.kind != ValueKind::absent) {
            out += ",\"value\":";
            json_value(out, program, term.value, term.type);
        }
        out += '}';
    }
    out += ']';
}

void money_json(std::string& out, const dsl::Program& program, const ExplAllocation& x,
                const Number& n) {
    json_value(out, program, Value::money(n), x.money);
}

// The claims before the recipient in an `in order of` allocation: the first ones summed up,
// the rest listed.
void queue_json(std::string& out, const dsl::Program& program, const ExplAllocation& x) {
    out += ",\"order\":";
    json_string(out, x.order);
    out += ",\"key\":";
    json_value(out, program, x.key, x.key_type);
    out += x.tie ? ",\"tie\":true,\"position\":" : ",\"tie\":false,\"position\":";
    append_number(out, x.position);
    out += ",\"before\":";
    money_json(out, program, x, x.before);
    out += ",\"remaining\":";
    money_json(out, program, x, x.remaining);
    if (x.omitted > 0) {
        out += ",\"omitted\":{\"count\":";
        append_number(out, x.omitted);
        out += ",\"from\":";
        json_value(out, program, x.omitted_from, x.key_type);
        out += ",\"to\":";
        json_value(out, program, x.omitted_to, x.key_type);
        out += ",\"claimed\":";
        money_json(out, program, x, x.omitted_claimed);
        out += ",\"took\":";
        money_json(out, program, x, x.omitted_took);
        out += '}';
    }
    out += ",\"earlier\":[";
    for (std::size_t k = 0; k < x.earlier.size(); ++k) {
        const ExplClaim& c = x.earlier[k];
        out += k > 0 ? ",{\"subject\":" : "{\"subject\":";
        json_string(out, c.subject);
        out += ",\"key\":";
        json_value(out, program, c.key, x.key_type);
        out += ",\"claim\":";
        money_json(out, program, x, c.claim);
        out += ",\"took\":";
        money_json(out, program, x, c.took);
        out += ",\"after\":";
        money_json(out, program, x, c.after);
        out += c.tie ? ",\"tie\":true}" : ",\"tie\":false}";
    }
    out += ']';
}

// What an allocation did for the recipient, as data (docs/output-json.md, "Allocation").
void allocation_json(std::string& out, const dsl::Program& program, const ExplAllocation& x) {
    static constexpr const char* methods[] = {"full", "pro_rata", "in_order"};
    out += "{\"method\":\"";
    out += methods[static_cast<std::size_t>(x.method)];
    out += "\",\"amount\":";
    money_json(out, program, x, x.amount);
    out += ",\"claims\":";
    append_number(out, x.claims);
    out += ",\"total\":";
    money_json(out, program, x, x.total);
    if (!x.claimant) {
        out += ",\"claimant\":false,\"filter\":";
        if (x.filter.empty()) {
            out += "null";
        } else {
            json_string(out, x.filter);
        }
        out += ",\"failed\":";
        if (x.failed.empty()) {
            out += "null";
        } else {
            json_string(out, x.failed);
        }
        out += '}';
        return;
    }
    out += ",\"claimant\":true,\"claim\":";
    money_json(out, program, x, x.claim);
    out += ",\"share\":";
    money_json(out, program, x, x.share);
    if (x.method == ExplAllocation::Method::pro_rata) {
        out += ",\"ratio\":";
        json_value(out, program, Value::decimal(x.ratio), x.ratio_type);
        out += ",\"exact\":";
        money_json(out, program, x, x.exact);
        out += ",\"floored\":";
        money_json(out, program, x, x.floored);
        out += ",\"cents\":";
        append_number(out, x.cents);
        out += x.extra_cent ? ",\"extra_cent\":true" : ",\"extra_cent\":false";
    } else if (x.method == ExplAllocation::Method::in_order) {
        queue_json(out, program, x);
    }
    out += '}';
}

// A step of a further ground: how deep (the member is absent for the node's own steps).
void ground_json(std::string& out, const ExplStep& st) {
    if (st.ground > 0) {
        out += ",\"ground\":";
        append_number(out, st.ground);
    }
}

void json_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, WrittenNodes& written, Lang lang = Lang::nl) {
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
    out += ",\"citations\":";
    citations_json(out, pieces, n.citations);
    out += ",\"inputs\":[";
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
        json_string(out, step_text(program, st, lang));
        if (std::string code = step_code(st); !code.empty()) {
            out += ",\"code\":";
            json_string(out, code);
        }
        if (st.result) {
            out += *st.result ? ",\"result\":true" : ",\"result\":false";
        }
        ground_json(out, st);
        if (!st.terms.empty()) {
            out += ",\"terms\":";
            terms_json(out, program, st);
        }
        if (st.allocation) {
            out += ",\"allocation\":";
            allocation_json(out, program, *st.allocation);
        }
        out += '}';
    }
    out += "],\"children\":[";
    for (std::size_t k = 0; k < n.children.size(); ++k) {
        out += k > 0 ? "," : "";
        json_node(out, program, ex, n.children[k], written, lang);
    }
    out += ']';
    if (!n.grounds.empty()) {
        out += ",\"grounds\":[";
        for (std::size_t k = 0; k < n.grounds.size(); ++k) {
            out += k > 0 ? "," : "";
            append_number(out, n.grounds[k]);
        }
        out += ']';
    }
    out += '}';
}

void decision_json(std::string& out, const dsl::Program& program, const Explanation& ex,
                   const DecisionResult& r, bool explain, WrittenNodes& written,
                   Lang lang = Lang::nl) {
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
        out += ",\"why\":";
        json_string(out, plain_line(program, ex, r.outcome.node, lang));
        out += ",\"explanation\":";
        json_node(out, program, ex, r.outcome.node, written, lang);
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
                      std::uint32_t node, int indent, Lang lang, bool technical) {
    std::set<std::uint32_t> shown;
    text_node(out, program, ex, node, indent, shown, TextOptions{lang, technical});
}

void explanation_json(std::string& out, const dsl::Program& program, const Explanation& ex,
                      std::uint32_t node) {
    WrittenNodes written;
    json_node(out, program, ex, node, written);
}

namespace {

bool is_negative(const Value& v) {
    switch (v.kind) {
        case ValueKind::absent:
            return true;
        case ValueKind::boolean:
        case ValueKind::integer:
            return v.i == 0;
        case ValueKind::money:
        case ValueKind::decimal:
            return v.n.sign() == 0;
        default:
            return false;
    }
}

// Appends a string literal without measuring it at run time.
template <std::size_t N>
void lit(std::string& out, const char (&text)[N]) {
    out.append(text, N - 1);
}

// Appends the bytes of each field to a key, with one resize for all of them: keys are built
// per node per record.
template <typename... T>
void raw(std::string& key, const T&... v) {
    const std::size_t at = key.size();
    key.resize(at + (sizeof(T) + ...));
    char* p = key.data() + at;
    ((std::memcpy(p, &v, sizeof v), p += sizeof v), ...);
}

// Sizes in keys take 4 bytes: less to hash, and no text in an explanation is 4 GB.
std::uint32_t size32(std::size_t size) {
    return static_cast<std::uint32_t>(size);
}

void raw_text(std::string& key, std::string_view t) {
    raw(key, size32(t.size()));
    key.append(t);
}

// A value's text, its size first.
void raw_value(std::string& key, const dsl::Program& program, const Value& v, dsl::TypeId type,
               Lang lang) {
    const std::size_t at = key.size();
    raw(key, std::uint32_t{0});
    append_value_text(key, program, v, type, lang);
    const std::uint32_t size = size32(key.size() - at - sizeof(std::uint32_t));
    std::memcpy(key.data() + at, &size, sizeof size);
}

// Appends to `key` what decides step st's template (step_template) and to `holes` its holes:
// two steps with the same key have the same template.
void step_key(std::string& key, const dsl::Program& program, const ExplStep& st, Lang lang,
              HoleBuffer& holes) {
    const unsigned mask = step_holes(program, st, lang, holes);
    const auto result = static_cast<std::uint8_t>(st.result ? (*st.result ? 1 : 0) : 2);
    raw(key, st.kind, st.phrase, st.op, st.flag, st.ground, result, mask, size32(st.args.size()));
    if (whole_sentence(st.phrase)) {
        // A parameter version's sentence, from its arguments: dates by their day number,
        // anything else worded.
        for (const StepArg& a : st.args) {
            raw(key, a.is_value, a.value.kind);
            if (a.is_value && a.value.kind == ValueKind::date) {
                raw(key, a.value.i);
            } else if (a.is_value) {
                raw_value(key, program, a.value, a.type, lang);
            } else if (a.value.kind != ValueKind::absent || (st.phrase != Phrase::parameter_year &&
                                                             st.phrase != Phrase::parameter_date)) {
                // The rule text of the year or date is the technical part's, not the sentence's.
                raw_text(key, a.text);
            }
        }
        return;
    }
    if (st.phrase == Phrase::literal) {
        return;
    }
    for (std::size_t k = 0; k < st.args.size(); ++k) {
        const StepArg& a = st.args[k];
        if ((mask >> k & 1U) != 0) {
            continue;
        }
        if (a.is_value) {
            raw_value(key, program, a.value, a.type, lang);
        } else {
            raw_text(key, a.text);
        }
    }
}

// Where reasons() puts the parts of the sentence: as text (with `holes`, each step as its
// template, its values appended there), or, with `key`, only what decides the template (each
// step's key, each fixed part's words), the values appended to `key_holes`: the shared layout
// words a template once, not once per record.
struct Parts {
    std::vector<std::string> text{};
    std::vector<std::string>* holes = nullptr;
    std::string* key = nullptr;
    HoleBuffer* key_holes = nullptr;
    std::size_t count = 0;

    bool empty() const {
        return count == 0;
    }
    void step(const dsl::Program& program, const ExplStep& s, Lang lang) {
        ++count;
        if (key != nullptr) {
            *key += 'S';
            step_key(*key, program, s, lang, *key_holes);
        } else if (holes != nullptr) {
            text.push_back(step_template(program, s, lang, *holes));
        } else {
            text.push_back(step_text(program, s, lang));
        }
    }
    // A condition and its answer ("Telt de registratie mee? Ja."): `what` is its rule text
    // or the qualified name of the rule, `label` the reader's words for it.
    void is(std::string_view what, const std::string& label, bool yes, Lang lang) {
        ++count;
        if (key != nullptr) {
            *key += yes ? 'Y' : 'N';
            raw_text(*key, what);
        } else {
            text.push_back(because_text(label, yes, lang));
        }
    }
};

// The decisive reasons of node `id`, most direct first.
void reasons(const dsl::Program& program, const Explanation& ex, std::uint32_t id, Lang lang,
             int depth, Parts& out) {
    if (depth > 6 || id >= ex.nodes.size()) {
        return;
    }
    const ExplNode& n = ex.nodes[id];
    // Further grounds did not decide: their steps (ground > 0, and the headings of kind
    // `ground`) and the children only they used are no reason.
    auto decisive = [](const ExplStep& s) { return s.ground == 0 && s.kind != StepKind::ground; };
    for (const ExplStep& s : n.steps) {
        if (s.phrase == Phrase::exception && s.result.value_or(false) && decisive(s)) {
            out.step(program, s, lang);
            return;
        }
    }
    bool boolean = n.value.kind == ValueKind::boolean;
    if (!boolean) {
        for (const ExplStep& s : n.steps) {
            if ((s.kind == StepKind::arithmetic || s.kind == StepKind::rounding ||
                 s.kind == StepKind::cap || s.kind == StepKind::allocation) &&
                decisive(s)) {
                out.step(program, s, lang);
            }
        }
    }
    for (std::size_t k = 0; k < n.steps.size(); ++k) {
        const ExplStep& s = n.steps[k];
        if (s.phrase == Phrase::branch_if && decisive(s)) {
            const std::string_view cond = s.args[0].text;
            std::string label = operand_label(program, cond, lang);
            // A condition that names nothing (a comparison): the comparison it made, the
            // nearest before the branch, says more than "the condition is met".
            const ExplStep* compared = nullptr;
            for (std::size_t j = k; label.empty() && j-- > 0;) {
                if (n.steps[j].kind == StepKind::comparison && decisive(n.steps[j])) {
                    compared = &n.steps[j];
                    break;
                }
            }
            // `not X`: X's words, and the answer the other way round.
            bool held = s.result.value_or(false);
            if (label.empty() && compared == nullptr && cond.starts_with("not ")) {
                std::string_view operand = cond.substr(4);
                operand.remove_prefix(std::min(operand.find_first_not_of(' '), operand.size()));
                label = operand_label(program, operand, lang);
                held = label.empty() ? held : !held;
            }
            if (compared != nullptr) {
                out.step(program, *compared, lang);
            } else {
                out.is(cond, label, held, lang);
            }
            for (const ExplInput& i : n.inputs) {
                if (i.node != no_node && i.label == cond) {
                    reasons(program, ex, i.node, lang, depth + 1, out);
                    break;
                }
            }
            return;
        }
    }
    if (boolean) {
        bool want = n.value.i != 0;
        bool found = false;
        // The comparisons of the rule itself: those before the last exception tested belong
        // to the exceptions' conditions, which did not decide.
        std::size_t from = 0;
        for (std::size_t k = 0; k < n.steps.size(); ++k) {
            if (n.steps[k].kind == StepKind::exception) {
                from = k + 1;
            }
        }
        for (std::size_t k = from; k < n.steps.size(); ++k) {
            const ExplStep& s = n.steps[k];
            if (s.kind == StepKind::comparison && s.result == want && decisive(s)) {
                out.step(program, s, lang);
                found = true;
                if (!want) {
                    break;
                }
            }
        }
        if (found && !want) {
            return;
        }
        for (const auto& [c, k] : unique_children(n)) {
            const ExplNode& cn = ex.nodes[c];
            if (cn.kind != ExplNode::Kind::parameter && cn.value.kind == ValueKind::boolean &&
                (cn.value.i != 0) == want && !cn.failed && !n.ground_only(c)) {
                out.is(cn.name, dsl::question_or_label(program, cn.name), want, lang);
                reasons(program, ex, c, lang, depth + 1, out);
                if (!want) {
                    return;
                }
                found = true;
            }
        }
        if (!found) {
            for (const ExplStep& s : n.steps) {
                if (s.phrase == Phrase::branch_match && decisive(s)) {
                    out.step(program, s, lang);
                }
            }
        }
        return;
    }
    if (out.empty()) {
        for (const ExplStep& s : n.steps) {
            if ((s.kind == StepKind::aggregate || s.kind == StepKind::branch) && decisive(s)) {
                out.step(program, s, lang);
            }
        }
    }
}

}  // namespace

namespace {

// Where no branch, exception, comparison or calculation decided (the value is a given: a
// table's field, a parameter, another rule's outcome), the reason is what it was taken from:
// "omdat het gepubliceerde bedrag inclusief btw € 1.300.000,00 is".
void given_reasons(const dsl::Program& program, const Explanation& ex, const ExplNode& n, Lang lang,
                   Parts& out) {
    std::size_t given = 0;
    auto add = [&](std::string_view what, const std::string& label, const Value& v,
                   dsl::TypeId type) {
        if (given == 3 || label.empty()) {
            return;
        }
        ++given;
        ++out.count;
        if (out.key != nullptr) {
            out.key->push_back('G');
            raw_text(*out.key, what);
            append_value_text(out.key_holes->text, program, v, type, lang);
            out.key_holes->close();
            return;
        }
        std::string value = value_text(program, v, type, lang);
        if (out.holes != nullptr) {
            std::string marker;
            append_hole(marker, out.holes->size());
            out.holes->push_back(std::move(value));
            value = std::move(marker);
        }
        out.text.push_back(given_text(label, value, lang));
    };
    for (const ExplInput& i : n.inputs) {
        add(i.label, operand_label(program, i.label, lang), i.value, i.type);
    }
    if (given == 0) {
        for (const auto& [c, k] : unique_children(n)) {
            const ExplNode& cn = ex.nodes[c];
            if (!cn.failed && !n.ground_only(c)) {
                add(cn.name, dsl::label_of(program, cn.name), cn.value, cn.type);
            }
        }
    }
}

// plain_line, or with `holes` its template (as step_template).
std::string plain(const dsl::Program& program, const Explanation& ex, std::uint32_t node, Lang lang,
                  std::vector<std::string>* holes) {
    const ExplNode& n = ex.nodes[node];
    const Words& w = words(lang);
    auto hole = [&](std::string text) {
        if (holes == nullptr) {
            return text;
        }
        std::string marker;
        append_hole(marker, holes->size());
        holes->push_back(std::move(text));
        return marker;
    };
    if (n.failed) {
        return fmt::format("{}: {}", w.why_not, hole(n.error));
    }
    Parts reasoned;
    reasoned.holes = holes;
    std::string value = hole(value_text(program, n.value, n.type, lang));
    reasons(program, ex, node, lang, 0, reasoned);
    if (reasoned.empty()) {
        given_reasons(program, ex, n, lang, reasoned);
    }
    const std::vector<std::string>& parts = reasoned.text;
    std::string out = fmt::format("{}: {}", is_negative(n.value) ? w.why_not : w.why, value);
    for (std::size_t k = 0; k < parts.size() && k < 8; ++k) {
        out += fmt::format("{} {}",
                           k == 0 ? (lang == Lang::nl ? ", omdat" : ", because")
                                  : (lang == Lang::nl ? "; omdat" : "; because"),
                           parts[k]);
    }
    return out;
}

}  // namespace

std::string plain_line(const dsl::Program& program, const Explanation& ex, std::uint32_t node,
                       Lang lang) {
    return plain(program, ex, node, lang, nullptr);
}

std::string rule_source(const dsl::Program& program, const dsl::RuleInfo& rule) {
    if (rule.where.file == dsl::no_file || rule.body == dsl::no_expr) {
        return "";
    }
    const dsl::SourceFile& f = program.sources->file(rule.where.file);
    std::uint32_t end = program.ast.expr(rule.body).span.end;
    for (const dsl::ExceptionInfo& e : rule.exceptions) {
        end = std::max(
            {end, program.ast.expr(e.condition).span.end, program.ast.expr(e.value).span.end});
    }
    std::string_view text = f.text();
    std::size_t begin = text.rfind('\n', rule.where.span.begin);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    std::size_t stop = text.find('\n', end);
    stop = stop == std::string_view::npos ? text.size() : stop;
    return std::string(text.substr(begin, stop - begin));
}

std::string overrides_text(const dsl::Program& program, const RunInfo& info) {
    std::string out;
    for (const ParameterOverride& o : info.overrides) {
        const dsl::ParameterInfo& p = program.parameters[o.parameter];
        out += fmt::format("{}{} = {}", out.empty() ? "" : "; ", p.name,
                           value_text(program, o.value, p.type, info.lang));
    }
    return out;
}

std::string what_if_banner(const dsl::Program& program, const RunInfo& info) {
    if (info.overrides.empty()) {
        return {};
    }
    return fmt::format(
        "<p class=\"what-if\" role=\"alert\" style=\"border:3px solid #8a1c1c;"
        "background:#fdecea;color:#111;padding:.6em .8em\"><strong>{}</strong><br>{}</p>\n",
        markup_escape(words(info.lang).what_if_banner),
        markup_escape(overrides_text(program, info)));
}

namespace {

// "bron afspraak (vlaardingen-westwijk)": "<title>, 24 juni 2025; 89 citaten geverifieerd
// tegen <file> sha256:…", or "…; 12 citaten niet geverifieerd (geen tekst)".
std::pair<std::string, std::string> document_receipt(const DocumentReceipt& d, Lang lang) {
    const Words& w = words(lang);
    std::string label = fmt::format("{} {}{}", w.source_receipt, d.name,
                                    d.area.empty() ? "" : fmt::format(" ({})", d.area));
    const char* quotes = d.quotes == 1 ? w.quote : w.quotes;
    std::string value = d.title;
    if (d.dated) {
        value += ", " + date_text(*d.dated, lang);
    }
    if (!d.sha256.empty()) {
        value +=
            fmt::format("; {} {} {} {} {}", d.quotes, quotes, w.verified_against, d.text, d.sha256);
    } else {
        value += fmt::format("; {} {} {} ({})", d.quotes, quotes, w.unverified,
                             d.text.empty() ? w.no_text : w.text_not_found);
    }
    return {std::move(label), std::move(value)};
}

void documents_json(std::string& out, const std::vector<DocumentReceipt>& documents) {
    out += "\"documents\":[";
    for (std::size_t k = 0; k < documents.size(); ++k) {
        const DocumentReceipt& d = documents[k];
        out += k > 0 ? ",{\"name\":" : "{\"name\":";
        json_string(out, d.name);
        out += ",\"title\":";
        json_string(out, d.title);
        if (!d.area.empty()) {
            out += ",\"area\":";
            json_string(out, d.area);
        }
        out += ",\"dated\":";
        if (d.dated) {
            json_string(out, dsl::format_date(*d.dated));
        } else {
            out += "null";
        }
        out += ",\"text\":";
        if (d.text.empty()) {
            out += "null";
        } else {
            json_string(out, d.text);
        }
        out += fmt::format(",\"quotes\":{}", d.quotes);
        if (d.sha256.empty()) {
            out += ",\"sha256\":null,\"unverified\":true}";
        } else {
            out += ",\"sha256\":";
            json_string(out, d.sha256);
            out += ",\"unverified\":false}";
        }
    }
    out += "],";
}

}  // namespace

const char* build_label(Lang lang) {
    return lang == Lang::nl ? "bouw" : "build";
}

const char* options_label(Lang lang) {
    return lang == Lang::nl ? "opties" : "options";
}

std::string options_text(const RunOptions& options) {
    std::string out;
    auto add = [&out](std::string_view flag, std::string_view value) {
        out +=
            fmt::format("{}{}{}{}", out.empty() ? "" : " ", flag, value.empty() ? "" : " ", value);
    };
    for (const std::string& d : options.decisions) {
        add("--decision", d);
    }
    if (options.strict) {
        add("--strict", "");
    }
    for (const std::string& v : options.set) {
        add("--set", v);
    }
    if (!options.as_of.empty()) {
        add("--as-of", options.as_of);
    }
    if (!options.lang.empty()) {
        add("--lang", options.lang);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> receipts(const dsl::Program& program,
                                                          const RunInfo& info) {
    const Words& w = words(info.lang);
    std::vector<std::pair<std::string, std::string>> out;
    // Test files are counted apart whether or not the run loaded them.
    auto rule_files = static_cast<std::size_t>(
        std::count_if(info.files.begin(), info.files.end(),
                      [](const std::string& f) { return !is_test_file(f); }));
    out.emplace_back(w.rules, fmt::format("{} ({} {})", info.rules_hash, rule_files,
                                          rule_files == 1 ? w.file : w.files));
    if (!info.tests_hash.empty()) {
        out.emplace_back(w.tests, fmt::format("{} ({} {})", info.tests_hash, info.test_files,
                                              info.test_files == 1 ? w.file : w.files));
    }
    if (!info.overrides.empty()) {
        out.emplace_back(w.what_if, overrides_text(program, info));
    }
    if (!info.engine_version.empty()) {
        out.emplace_back(w.engine, info.engine_version);
    }
    if (!info.build.empty()) {
        out.emplace_back(build_label(info.lang), info.build);
    }
    if (info.options) {
        std::string given = options_text(*info.options);
        out.emplace_back(options_label(info.lang),
                         given.empty() ? (info.lang == Lang::nl ? "geen" : "none") : given);
    }
    if (!info.facts_files.empty()) {
        std::string files;
        for (std::size_t k = 0; k < info.facts_files.size(); ++k) {
            files += (k > 0 ? ", " : "") + info.facts_files[k];
        }
        out.emplace_back(w.facts, fmt::format("{} ({})", info.facts_hash, files));
    }
    for (const DocumentReceipt& d : info.documents) {
        out.push_back(document_receipt(d, info.lang));
    }
    out.emplace_back(w.as_of, info.as_of_given ? date_text(info.as_of, info.lang)
                                               : fmt::format("{} = {}", w.as_of_today,
                                                             date_text(info.as_of, info.lang)));
    if (!info.run_time.empty()) {
        out.emplace_back(w.run_time, info.run_time);
    }
    return out;
}

std::string render_text(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results, bool explain) {
    Lang lang = info.lang;
    const Words& w = words(lang);
    std::string out;
    if (!info.overrides.empty()) {
        out += fmt::format("{}\n", w.what_if_banner);
    }
    for (const auto& [label, value] : receipts(program, info)) {
        out += fmt::format("{}: {}\n", label, value);
    }
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
            out += plain_line(program, ex, r.outcome.node, lang) + "\n";
            marks_text(out, program, r.outcome.marks, "", false, info.technical);
            explanation_text(out, program, ex, r.outcome.node, 0, lang, info.technical);
        } else {
            out += fmt::format("{}{} = {}\n", rule.name, subject,
                               value_text(program, r.outcome.value, rule.result, lang));
            marks_text(out, program, r.outcome.marks, "    ", true, info.technical);
        }
    }
    if (failed > 0) {
        out += fmt::format("\n{} {}:\n", failed, w.decisions_failed);
        for (const DecisionResult& r : results) {
            if (r.outcome.ok) {
                continue;
            }
            std::string subject =
                r.subject_text.empty() ? "" : fmt::format(" [{}]", r.subject_text);
            // error[E…] as in every diagnostic, so tools find it in any language.
            out += fmt::format("  {}{}: error[{}]: {} ({})\n", program.rules[r.rule].name, subject,
                               dsl::info(r.outcome.error.code).id, r.outcome.error.message,
                               location_text(program, r.outcome.error.where));
            if (explain && r.outcome.node != no_node) {
                explanation_text(out, program, ex, r.outcome.node, 4, lang, info.technical);
            }
        }
    }
    return out;
}

std::string render_json(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results, bool explain) {
    std::string out = "{";
    if (!info.overrides.empty()) {
        out += "\"overrides\":[";
        for (std::size_t k = 0; k < info.overrides.size(); ++k) {
            const ParameterOverride& o = info.overrides[k];
            const dsl::ParameterInfo& p = program.parameters[o.parameter];
            out += k > 0 ? ",{\"parameter\":" : "{\"parameter\":";
            json_string(out, p.name);
            out += ",\"value\":";
            json_value(out, program, o.value, p.type);
            out += ",\"given_with\":";
            json_string(out, o.origin);
            out += "}";
        }
        out += "],";
    }
    out += "\"rules\":{\"hash\":";
    json_string(out, info.rules_hash);
    out += ",\"files\":[";
    for (std::size_t k = 0; k < info.files.size(); ++k) {
        out += k > 0 ? "," : "";
        json_string(out, info.files[k]);
    }
    out += "]";
    if (!info.tests_hash.empty()) {
        out += ",\"tests_hash\":";
        json_string(out, info.tests_hash);
    }
    out += "},\"engine\":{\"version\":";
    json_string(out, info.engine_version);
    out += ",\"build\":";
    if (info.build.empty()) {
        out += "null";
    } else {
        json_string(out, info.build);
    }
    out += "},";
    if (info.options) {
        const RunOptions& o = *info.options;
        out += "\"options\":{\"decisions\":[";
        for (std::size_t k = 0; k < o.decisions.size(); ++k) {
            out += k > 0 ? "," : "";
            json_string(out, o.decisions[k]);
        }
        out += fmt::format("],\"strict\":{},\"set\":[", o.strict);
        for (std::size_t k = 0; k < o.set.size(); ++k) {
            out += k > 0 ? "," : "";
            json_string(out, o.set[k]);
        }
        out += "],\"as_of\":";
        if (o.as_of.empty()) {
            out += "null";
        } else {
            json_string(out, o.as_of);
        }
        out += ",\"lang\":";
        if (o.lang.empty()) {
            out += "null";
        } else {
            json_string(out, o.lang);
        }
        out += "},";
    }
    out += "\"facts\":{\"files\":[";
    for (std::size_t k = 0; k < info.facts_files.size(); ++k) {
        out += k > 0 ? "," : "";
        json_string(out, info.facts_files[k]);
    }
    out += "],\"sha256\":";
    json_string(out, info.facts_hash);
    out += "},";
    if (!info.documents.empty()) {
        documents_json(out, info.documents);
    }
    out += "\"as_of\":";
    json_string(out, dsl::format_date(info.as_of));
    out += info.as_of_given ? ",\"as_of_given\":true" : ",\"as_of_given\":false";
    out += ",\"run_time\":";
    if (info.run_time.empty()) {
        out += "null";
    } else {
        json_string(out, info.run_time);
    }
    out += ",\"lang\":";
    json_string(out, to_string(info.lang));
    out += ",\"decisions\":[";
    bool first = true;
    WrittenNodes written;
    for (const DecisionResult& r : results) {
        if (!r.outcome.ok) {
            continue;
        }
        out += first ? "\n" : ",\n";
        first = false;
        decision_json(out, program, ex, r, explain, written, info.lang);
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

namespace {

// ---- JSON Lines, shared layout (docs/output-json.md, "Shared layout") -----------------------

// A template as the reader gets it: `{` and `}` doubled, each hole marker as {N}.
void template_text(std::string& out, std::string_view t) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (c == '{' || c == '}') {
            out += c;
            out += c;
        } else if (c == hole_open) {
            out += '{';
            std::size_t end = t.find(hole_close, i);
            out.append(t.substr(i + 1, end - i - 1));
            out += '}';
            i = end;
        } else {
            out += c;
        }
    }
}

// Writes the explanation of one decision line in the shared layout: each node as an array,
// what it has in common with every node of the same rule on the same path (its shape) as a
// shared definition, written to `defs` the first time it is used in the scope.
class SharedWriter {
public:
    SharedWriter(const dsl::Program& program, const Explanation& ex, WrittenNodes& written,
                 SharedTable& table, std::string& defs, Lang lang)
        : program_(program),
          ex_(ex),
          written_(written),
          table_(table),
          defs_(defs),
          lang_(lang),
          pieces_(JsonPieces::for_program(program)) {}

    void why(std::string& out, std::uint32_t node) {
        // The template by what decides it (as plain() would word it), so a record only
        // words its values.
        std::string& key = table_.why_key;
        HoleBuffer& holes = table_.why_holes;
        key.clear();
        holes.clear();
        const ExplNode& n = ex_.nodes[node];
        if (n.failed) {
            key += 'F';
            holes.text += n.error;
            holes.close();
        } else {
            key += is_negative(n.value) ? 'N' : 'P';
            append_value_text(holes.text, program_, n.value, n.type, lang_);
            holes.close();
            Parts parts;
            parts.key = &key;
            parts.key_holes = &holes;
            reasons(program_, ex_, node, lang_, 0, parts);
            if (parts.empty()) {
                given_reasons(program_, ex_, n, lang_, parts);
            }
        }
        auto [it, added] = table_.whys.try_emplace(key);
        SharedTable::Shape& entry = it->second;
        if (added) {
            std::vector<std::string> template_holes;
            const std::string sentence = plain(program_, ex_, node, lang_, &template_holes);
            entry.body = "\"text\":";
            std::string converted;
            template_text(converted, sentence);
            json_string(entry.body, converted);
        }
        if (entry.scope != table_.scope) {
            entry.scope = table_.scope;
            entry.id = intern("text", entry.body);
        }
        out += '[';
        append_number(out, entry.id);
        for (std::size_t h = 0; h < holes.size(); ++h) {
            out += ',';
            json_string(out, holes[h]);
        }
        out += ']';
    }

    void node(std::string& out, std::uint32_t id, const std::string* parent_subject) {
        const ExplNode& n = ex_.nodes[id];
        if (written_.size() <= id) {
            written_.resize(std::max<std::size_t>(ex_.nodes.size(), id + 1));
        }
        if (written_[id]) {
            append_number(out, id);
            return;
        }
        written_[id] = true;
        out += '[';
        append_number(out, id);
        out += ',';
        if (n.kind == ExplNode::Kind::parameter && n.children.empty()) {
            // The same version at the same date in every record: written once, whole.
            const bool numbered = n.same_as != 0 && ex_.numbering != 0;
            if (numbered) {
                if (table_.leaf_numbering != ex_.numbering) {
                    table_.leaves.clear();
                    table_.leaf_numbering = ex_.numbering;
                }
                if (table_.leaves.size() < n.same_as) {
                    table_.leaves.resize(n.same_as);
                }
            }
            if (numbered && table_.leaves[n.same_as - 1].scope == table_.scope) {
                append_number(out, table_.leaves[n.same_as - 1].id);
            } else {
                std::string& body = table_.leaf;
                body = "\"node\":";
                node_body(body, n, nullptr, true);
                const std::uint32_t leaf = intern("leaf", body);
                append_number(out, leaf);
                if (numbered) {
                    table_.leaves[n.same_as - 1] = SharedTable::Leaf{table_.scope, leaf};
                }
            }
            out += ']';
            if (parent_subject == nullptr) {
                table_.last_subject = n.subject;
            }
            return;
        }
        node_body(out, n, parent_subject, false);
        out += ']';
        if (parent_subject == nullptr) {
            table_.last_subject = n.subject;
        }
    }

private:
    // shape, subject, value, inputs, steps, children[, error] (without the id and brackets
    // when `out` is a node; a leaf's body is the bracketed array).
    void node_body(std::string& out, const ExplNode& n, const std::string* parent_subject,
                   bool leaf) {
        if (leaf) {
            out += '[';
        }
        append_number(out, shape(n));
        out += ',';
        const HoleBuffer& holes = table_.holes;
        const std::vector<std::size_t>& bounds = table_.step_holes;
        // null: the same subject as the parent node; for a decision's own node, as the
        // previous decision's own node in the scope.
        if (leaf) {
            json_string(out, n.subject);
        } else if (parent_subject != nullptr ? *parent_subject == n.subject
                                             : table_.last_subject == n.subject) {
            lit(out, "null");
        } else {
            json_string(out, n.subject);
        }
        out += ',';
        if (n.failed) {
            lit(out, "null");
        } else {
            json_value(out, program_, n.value, n.type);
        }
        lit(out, ",[");
        for (std::size_t k = 0; k < n.inputs.size(); ++k) {
            const ExplInput& i = n.inputs[k];
            if (k > 0) {
                out += ',';
            }
            if (i.node != no_node) {
                out += '[';
                json_value(out, program_, i.value, i.type);
                out += ',';
                append_number(out, i.node);
                out += ']';
            } else {
                json_value(out, program_, i.value, i.type);
            }
        }
        lit(out, "],[");
        for (std::size_t k = 0; k < n.steps.size(); ++k) {
            const ExplStep& st = n.steps[k];
            if (k > 0) {
                out += ',';
            }
            // Elements of an aggregate and an allocation's data are the record's own: beside
            // the holes, as in the full layout.
            const bool data = !st.terms.empty() || st.allocation;
            if (data) {
                lit(out, "{\"holes\":");
            }
            out += '[';
            for (std::size_t h = bounds[k]; h < bounds[k + 1]; ++h) {
                if (h > bounds[k]) {
                    out += ',';
                }
                json_string(out, holes[h]);
            }
            out += ']';
            if (!st.terms.empty()) {
                lit(out, ",\"terms\":");
                terms_json(out, program_, st);
            }
            if (st.allocation) {
                lit(out, ",\"allocation\":");
                allocation_json(out, program_, *st.allocation);
            }
            if (data) {
                out += '}';
            }
        }
        lit(out, "],[");
        for (std::size_t k = 0; k < n.children.size(); ++k) {
            if (k > 0) {
                out += ',';
            }
            node(out, n.children[k], &n.subject);
        }
        out += ']';
        if (n.failed) {
            out += ',';
            json_string(out, n.error);
        }
        if (leaf) {
            out += ']';
        }
    }

    // The id of node n's shape; its steps' holes in table_.holes, step k's from
    // table_.step_holes[k] to [k + 1].
    std::uint32_t shape(const ExplNode& n) {
        std::string& key = table_.key;
        HoleBuffer& holes = table_.holes;
        std::vector<std::size_t>& bounds = table_.step_holes;
        key.clear();
        holes.clear();
        bounds.clear();
        // Names, labels and citations are views of the program's own strings: their
        // addresses tell them apart.
        raw(key, n.kind, n.name.data(), size32(n.name.size()), n.type, n.where.file,
            n.where.span.begin, size32(n.citations.size()), size32(n.inputs.size()),
            size32(n.steps.size()));
        for (const ExplCitation& c : n.citations) {
            raw(key, c.kind, c.document.data(), c.title.data(), c.section.data(), c.quote.data(),
                size32(c.document.size() + c.title.size() + c.section.size() + c.quote.size()));
        }
        for (const ExplInput& i : n.inputs) {
            raw(key, i.label.data(), size32(i.label.size()), i.type, i.node != no_node);
        }
        for (const ExplStep& st : n.steps) {
            bounds.push_back(holes.size());
            step_key(key, program_, st, lang_, holes);
        }
        bounds.push_back(holes.size());
        for (std::uint32_t g : ground_positions(n)) {
            raw(key, 'G', g);
        }
        auto [it, added] = table_.shapes.try_emplace(key);
        SharedTable::Shape& entry = it->second;
        if (added) {
            std::vector<std::string> scratch;
            shape_body(entry.body, n, scratch);
        }
        if (entry.scope != table_.scope) {
            entry.scope = table_.scope;
            entry.id = define("node", entry.body);
        }
        return entry.id;
    }

    void shape_body(std::string& out, const ExplNode& n, std::vector<std::string>& holes) {
        out += "\"kind\":\"";
        out += to_string(n.kind);
        out += "\",\"rule\":";
        out += pieces_.text(n.name);
        out += ",\"type\":";
        out += pieces_.type(program_, n.type);
        out += ",\"location\":";
        out += pieces_.location(program_, n.where);
        out += ",\"citations\":";
        citations_json(out, pieces_, n.citations);
        out += ",\"inputs\":[";
        for (std::size_t k = 0; k < n.inputs.size(); ++k) {
            const ExplInput& i = n.inputs[k];
            out += k > 0 ? ",{\"name\":" : "{\"name\":";
            out += pieces_.text(i.label);
            out += ",\"type\":";
            out += pieces_.type(program_, i.type);
            out += i.node != no_node ? ",\"node\":true}" : "}";
        }
        out += "],\"steps\":[";
        for (std::size_t k = 0; k < n.steps.size(); ++k) {
            const ExplStep& st = n.steps[k];
            out += k > 0 ? ",{\"kind\":\"" : "{\"kind\":\"";
            out += to_string(st.kind);
            out += "\",\"text\":";
            std::string converted;
            holes.clear();
            template_text(converted, step_template(program_, st, lang_, holes));
            json_string(out, converted);
            if (std::string code = step_code(st); !code.empty()) {
                out += ",\"code\":";
                json_string(out, code);
            }
            if (st.result) {
                out += *st.result ? ",\"result\":true" : ",\"result\":false";
            }
            ground_json(out, st);
            out += '}';
        }
        out += ']';
        const std::vector<std::uint32_t> grounds = ground_positions(n);
        if (!grounds.empty()) {
            out += ",\"grounds\":[";
            for (std::size_t k = 0; k < grounds.size(); ++k) {
                out += k > 0 ? "," : "";
                append_number(out, grounds[k]);
            }
            out += ']';
        }
    }

    // The places in the node's children of those only further grounds used (a node's own
    // id differs from record to record; its place does not).
    static std::vector<std::uint32_t> ground_positions(const ExplNode& n) {
        std::vector<std::uint32_t> out;
        for (std::uint32_t g : n.grounds) {
            auto it = std::find(n.children.begin(), n.children.end(), g);
            out.push_back(size32(static_cast<std::size_t>(it - n.children.begin())));
        }
        return out;
    }

    // The id of a definition in this scope, written to defs_ the first time.
    std::uint32_t intern(std::string_view kind, const std::string& body) {
        std::string& key = table_.intern_key;
        key.assign(kind);
        key += '\0';
        key += body;
        auto found = table_.ids.find(key);
        if (found != table_.ids.end()) {
            return found->second;
        }
        std::uint32_t id = define(kind, body);
        table_.ids.emplace(key, id);
        return id;
    }

    std::uint32_t define(std::string_view kind, const std::string& body) {
        std::uint32_t id = table_.next_id++;
        defs_ += "{\"shared\":\"";
        defs_ += kind;
        defs_ += "\",\"id\":";
        append_number(defs_, id);
        defs_ += ',';
        defs_ += body;
        defs_ += "}\n";
        return id;
    }

    const dsl::Program& program_;
    const Explanation& ex_;
    WrittenNodes& written_;
    SharedTable& table_;
    std::string& defs_;
    Lang lang_;
    JsonPieces& pieces_;
};

void decision_json_shared(std::string& out, std::string& defs, const dsl::Program& program,
                          const Explanation& ex, const DecisionResult& r, WrittenNodes& written,
                          SharedTable& table, Lang lang = Lang::nl) {
    const dsl::RuleInfo& rule = program.rules[r.rule];
    JsonPieces& pieces = JsonPieces::for_program(program);
    lit(out, "{\"decision\":");
    out += pieces.text(rule.name);
    lit(out, ",\"subject\":");
    out += r.subject_json;
    lit(out, ",\"type\":");
    out += pieces.type(program, rule.result);
    lit(out, ",\"value\":");
    json_value(out, program, r.outcome.value, rule.result);
    lit(out, ",\"assumptions\":");
    marks_json(out, program, r.outcome.marks);
    if (r.outcome.node != no_node) {
        SharedWriter writer(program, ex, written, table, defs, lang);
        lit(out, ",\"why\":");
        writer.why(out, r.outcome.node);
        lit(out, ",\"explanation\":");
        writer.node(out, r.outcome.node, nullptr);
    }
    out += "}";
}

}  // namespace

std::size_t SharedTable::KeyHash::operator()(const std::string& key) const noexcept {
    // A multiply-rotate hash over 8-byte words in two independent lanes (a key is a few
    // hundred bytes, and one lane waits for each multiply before the next), finished with a
    // 64-bit mix so the low bits (the bucket) depend on every byte. The table compares whole
    // keys, so a collision only costs a comparison.
    constexpr std::uint64_t k = 0x9e3779b97f4a7c15ULL;
    constexpr std::uint64_t k2 = 0xc2b2ae3d27d4eb4fULL;
    std::uint64_t a = key.size() * k;
    std::uint64_t b = a ^ k2;
    const char* p = key.data();
    std::size_t left = key.size();
    for (; left >= 16; left -= 16, p += 16) {
        std::uint64_t w1 = 0;
        std::uint64_t w2 = 0;
        std::memcpy(&w1, p, 8);
        std::memcpy(&w2, p + 8, 8);
        a = (std::rotl(a, 23) ^ w1) * k;
        b = (std::rotl(b, 23) ^ w2) * k2;
    }
    if (left >= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        a = (std::rotl(a, 23) ^ w) * k;
        left -= 8;
        p += 8;
    }
    if (left > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, left);
        b = (std::rotl(b, 23) ^ w) * k2;
    }
    std::uint64_t h = a ^ std::rotl(b, 31);
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

void render_jsonl(std::string& out, const dsl::Program& program, const Explanation& ex,
                  const DecisionResult& r, bool explain, WrittenNodes* written,
                  SharedTable* shared) {
    if (r.outcome.ok && explain && shared != nullptr) {
        // Definitions first: a line only refers to what was written before it. They are
        // rare after the first records, so the line is written in place and they are
        // inserted before it.
        std::string& defs = shared->defs;
        defs.clear();
        const std::size_t start = out.size();
        WrittenNodes own;
        decision_json_shared(out, defs, program, ex, r, written != nullptr ? *written : own,
                             *shared);
        if (!defs.empty()) {
            out.insert(start, defs);
        }
    } else if (r.outcome.ok) {
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

}  // namespace

std::string allocation_table_html(const dsl::Program& program, const ExplAllocation& x, Lang lang) {
    if (!x.claimant || x.method != ExplAllocation::Method::in_order) {
        return {};
    }
    const Words& w = words(lang);
    auto money = [&](const Number& n) {
        return esc(value_text(program, Value::money(n), x.money, lang));
    };
    std::string out = fmt::format(
        "<table class=\"queue\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>"
        "<th scope=\"col\">{}</th><th scope=\"col\"><code>{}</code></th>"
        "<th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>"
        "</tr></thead><tbody>",
        esc(w.queue_caption), esc(w.queue_place), esc(w.queue_record), esc(x.order),
        esc(w.queue_claim), esc(w.queue_took), esc(w.queue_after));
    if (x.omitted > 0) {
        out += fmt::format("<tr class=\"omitted\"><td>1–{}</td><td colspan=\"5\">{}</td></tr>",
                           x.omitted, esc(allocation_lines(program, x, lang).front()));
    }
    for (std::size_t k = 0; k < x.earlier.size(); ++k) {
        const ExplClaim& c = x.earlier[k];
        out += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}{}</td><td class=\"amount\">{}</td>"
            "<td class=\"amount\">{}</td><td class=\"amount\">{}</td></tr>",
            x.omitted + k + 1, esc(c.subject), esc(value_text(program, c.key, x.key_type, lang)),
            c.tie ? " *" : "", money(c.claim), money(c.took), money(c.after));
    }
    out += fmt::format(
        "<tr class=\"recipient\"><td>{}</td><td>{}</td><td>{}{}</td><td class=\"amount\">{}</td>"
        "<td class=\"amount\">{}</td><td class=\"amount\">{}</td></tr></tbody></table>",
        x.position, esc(w.queue_this), esc(value_text(program, x.key, x.key_type, lang)),
        x.tie ? " *" : "", money(x.claim), money(x.share), money(x.before + x.share));
    bool tie = x.tie || std::any_of(x.earlier.begin(), x.earlier.end(),
                                    [](const ExplClaim& c) { return c.tie; });
    if (tie) {
        out += fmt::format("<p class=\"queue-note\">* {}</p>", esc(w.queue_tie));
    }
    return out;
}

namespace {

void html_citations(std::string& out, const std::vector<ExplCitation>& citations) {
    for (const ExplCitation& c : citations) {
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
}

// A node is written in full the first time it occurs on the page, with the anchor `n<id>`;
// later occurrences are one line that links to it. A decision's own root is always written in
// full (`full`), so every decision can be read where it is listed.
void html_node(std::string& out, const dsl::Program& program, const Explanation& ex,
               std::uint32_t id, std::set<std::uint32_t>& shown, bool open, Lang lang,
               bool full = false, std::size_t uses = 1, bool ground = false,
               bool in_ground = false) {
    const ExplNode& n = ex.nodes[id];
    const Words& w = words(lang);
    // A further ground of its parent did not decide: a failure there, or below it, is not
    // the decision's.
    const bool not_decisive = ground || in_ground;
    std::string value =
        n.failed ? std::string(not_decisive ? w.not_assessable : w.failed) + ": " + n.error
                 : value_text(program, n.value, n.type, lang);
    std::string subject = n.subject.empty() ? "" : " [" + n.subject + "]";
    std::string count = uses > 1 ? fmt::format(" ({} {})", uses, w.times) : "";
    if (ground) {
        count += fmt::format(" ({})", w.also_tested);
    }
    bool first = shown.insert(id).second;
    if (!first && !full) {
        out += fmt::format(
            "<div class=\"node seen\"><span class=\"name\">{}</span>{} = "
            "<span class=\"value\">{}</span>{} <a href=\"#n{}\">{}</a></div>\n",
            esc(dsl::label_of(program, n.name)), esc(subject), esc(value), esc(count), id,
            esc(w.seen_above));
        return;
    }
    out += fmt::format(
        "<details{} class=\"node {}\"{}><summary><span class=\"name\">{}</span>{} = "
        "<span class=\"value{}\">{}</span>{} <span class=\"kind\">{}</span></summary>\n",
        first ? fmt::format(" id=\"n{}\"", id) : "", to_string(n.kind), open ? " open" : "",
        esc(dsl::label_of(program, n.name)), esc(subject), n.failed ? " failed" : "", esc(value),
        esc(count), esc(kind_text(n.kind, lang)));
    // The technical part, collapsed: the rule's name, where it is, and each step's rule text.
    std::string code;
    for (const ExplStep& s : n.steps) {
        if (std::string c = step_code(s); !c.empty()) {
            code += fmt::format("<li><code>{}</code></li>", esc(c));
        }
    }
    out += fmt::format(
        "<details class=\"technisch\"><summary>technisch</summary><div class=\"where\">{}, "
        "{}</div>{}</details>\n",
        esc(n.name), esc(location_text(program, n.where)),
        code.empty() ? std::string() : "<ul class=\"code\">" + code + "</ul>");
    html_citations(out, n.citations);
    bool any_input = false;
    for (const ExplInput& i : n.inputs) {
        if (i.node != no_node) {
            continue;
        }
        if (!any_input) {
            out += fmt::format("<table class=\"inputs\"><caption>{}</caption>", esc(w.input));
            any_input = true;
        }
        std::string label = operand_label(program, i.label, lang);
        out += fmt::format("<tr><th scope=\"row\" title=\"{}\">{}</th><td>{}</td></tr>",
                           esc(i.label), esc(label.empty() ? std::string(i.label) : label),
                           esc(value_text(program, i.value, i.type, lang)));
    }
    if (any_input) {
        out += "</table>\n";
    }
    if (!n.steps.empty()) {
        out += "<ul class=\"steps\">";
        for (const ExplStep& s : n.steps) {
            // The steps of a further ground, indented under its heading.
            out += fmt::format("<li class=\"{}{}\"{}><span class=\"label\">{}:</span> {}",
                               to_string(s.kind), s.ground > 0 ? " in-ground" : "",
                               s.ground > 0
                                   ? fmt::format(" style=\"margin-left:{}em\"", 1.5 * s.ground)
                                   : std::string(),
                               esc(step_label(s.kind, lang)), esc(step_text(program, s, lang)));
            if (!s.terms.empty()) {
                std::string counted = terms_text(program, s, lang, true);
                std::string left = terms_text(program, s, lang, false);
                out += "<ul class=\"terms\">";
                if (!counted.empty()) {
                    out += fmt::format("<li>{}: {}</li>",
                                       lang == Lang::nl ? "meegeteld" : "counted", esc(counted));
                }
                if (!left.empty()) {
                    out += fmt::format("<li>{}: {}</li>",
                                       lang == Lang::nl ? "weggelaten" : "left out", esc(left));
                }
                out += "</ul>";
            }
            if (s.allocation) {
                out += allocation_table_html(program, *s.allocation, lang);
            }
            out += "</li>";
        }
        out += "</ul>\n";
    }
    for (const auto& [c, k] : unique_children(n)) {
        html_node(out, program, ex, c, shown, false, lang, false, k, n.ground_only(c),
                  not_decisive);
    }
    out += "</details>\n";
}

constexpr const char* html_style = R"(
body { font-family: system-ui, sans-serif; margin: 2em; color: #1b1b1b; max-width: 70em; line-height: 1.4; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin: 0 0 .4em; } h3 { font-size: 1em; margin: .8em 0 .3em; }
dl.receipts { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; font-size: .9em; }
dl.receipts dt { font-weight: 600; } dl.receipts dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
.filters { margin: 1em 0; display: flex; gap: 1.5em; flex-wrap: wrap; align-items: end; }
.filters label { display: block; font-size: .9em; font-weight: 600; }
table.summary { border-collapse: collapse; margin: 1em 0; }
table.summary td, table.summary th { border-bottom: 1px solid #ccc; padding: .3em .8em; text-align: left; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; }
section.card { border: 1px solid #bbb; border-radius: 4px; padding: 1em; margin: 1.2em 0; }
p.outcome { font-size: 1.1em; } p.why { background: #f3f3f3; padding: .4em .6em; }
details.node { margin: .3em 0 .3em 1.2em; border-left: 2px solid #8aa4c8; padding-left: .6em; }
details > summary { cursor: pointer; }
.name { font-weight: 600; } .value { font-family: ui-monospace, monospace; }
.failed { color: #a0001c; } .kind { color: #505050; font-size: .85em; }
.where { color: #505050; font-size: .85em; font-family: ui-monospace, monospace; }
.citation { margin: .3em 0; font-size: .9em; } .doc { font-style: italic; }
blockquote { margin: .2em 0 .2em 1em; padding-left: .6em; border-left: 3px solid #b8962e; color: #333; }
pre.rule { background: #f6f6f6; padding: .6em; overflow-x: auto; font-size: .85em; white-space: pre-wrap; }
table.inputs { font-size: .9em; } table.inputs caption { text-align: left; font-weight: 600; }
table.inputs th { font-weight: normal; text-align: left; padding: 0 .8em 0 0; font-family: ui-monospace, monospace; }
table.inputs td { font-family: ui-monospace, monospace; }
ul.steps { margin: .2em 0; font-size: .9em; } .label { font-weight: 600; }
table.queue { border-collapse: collapse; margin: .3em 0; font-size: .95em; }
table.queue caption { text-align: left; font-weight: 600; }
table.queue th, table.queue td { border-bottom: 1px solid #ddd; padding: .1em .6em; text-align: left; }
table.queue td.amount { text-align: right; } table.queue tr.recipient { font-weight: 600; }
li.alternative, li.ground, li.in-ground { font-style: italic; }
a { color: #1a4d8f; }
[hidden] { display: none !important; }
.badge { display: inline-block; font-size: .75em; font-weight: 700; letter-spacing: .04em; padding: 0 .4em; border: 1px solid currentColor; border-radius: 3px; }
.mark { margin: .3em 0; font-size: .9em; } .mark.assumption { color: #8a4b00; } .mark.interpretation { color: #3c4f8a; }
ul.marks { margin: .2em 0 .6em 0; padding-left: 1.2em; font-size: .9em; }
@media print {
  body { margin: 0; max-width: none; } .filters { display: none; }
  section.card { break-inside: avoid; }
}
)";

// Filters by decision and subject; printing opens every <details> (and closes them after).
constexpr const char* html_script = R"(
(function () {
  var decision = document.getElementById('filter-decision');
  var subject = document.getElementById('filter-subject');
  function apply() {
    var d = decision.value, s = subject.value.toLowerCase();
    document.querySelectorAll('[data-decision]').forEach(function (el) {
      var show = (d === '' || el.dataset.decision === d) &&
                 (s === '' || el.dataset.subject.toLowerCase().indexOf(s) >= 0);
      el.hidden = !show;
    });
  }
  decision.addEventListener('change', apply);
  subject.addEventListener('input', apply);
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details'),
      function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
  });
})();
)";

}  // namespace

std::string render_html(const dsl::Program& program, const Explanation& ex, const RunInfo& info,
                        const std::vector<DecisionResult>& results) {
    Lang lang = info.lang;
    const Words& w = words(lang);
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>Regels — {}</title>\n<style>",
        w.html_lang, esc(w.title));
    out += html_style;
    out += fmt::format("</style></head><body>\n<main>\n<h1>{}</h1>\n", esc(w.title));
    if (!info.overrides.empty()) {
        out += what_if_banner(program, info);
    }
    out += "<dl class=\"receipts\">";
    for (const auto& [label, value] : receipts(program, info)) {
        out += fmt::format("<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
    }
    out += "</dl>\n";
    std::size_t failed = 0;
    std::vector<std::string> names;
    for (const DecisionResult& r : results) {
        failed += r.outcome.ok ? 0 : 1;
        const std::string& name = program.rules[r.rule].name;
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
        }
    }
    out += fmt::format("<p>{} {}{}</p>\n", results.size(),
                       lang == Lang::nl ? "beslissingen" : "decisions",
                       failed > 0 ? fmt::format(", {} {}", failed, w.decisions_failed) : "");
    out += fmt::format(
        "<div class=\"filters\"><div><label for=\"filter-decision\">{}</label>"
        "<select id=\"filter-decision\"><option value=\"\">{}</option>",
        esc(w.filter_decision), esc(w.all));
    for (const std::string& n : names) {
        out +=
            fmt::format("<option value=\"{}\">{}</option>", esc(n), esc(dsl::label_of(program, n)));
    }
    out += fmt::format(
        "</select></div><div><label for=\"filter-subject\">{}</label>"
        "<input id=\"filter-subject\" type=\"search\"></div><p>{}</p></div>\n",
        esc(w.filter_subject), esc(w.print_hint));
    out += fmt::format(
        "<h2>{}</h2>\n<table class=\"summary\"><thead><tr><th scope=\"col\">{}</th>"
        "<th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
        esc(w.summary), esc(w.decision), esc(w.subject), esc(w.value));
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        const dsl::RuleInfo& rule = program.rules[r.rule];
        std::string value = r.outcome.ok ? value_text(program, r.outcome.value, rule.result, lang)
                                         : fmt::format("{} ({} {})", w.failed, w.error,
                                                       dsl::info(r.outcome.error.code).id);
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
            "<tr data-decision=\"{}\" data-subject=\"{}\"{}><td><a href=\"#d{}\">{}</a>{}</td>"
            "<td>{}</td><td class=\"amount\">{}</td></tr>\n",
            esc(rule.name), esc(r.subject_text), r.outcome.ok ? "" : " class=\"failed\"", k,
            esc(dsl::label_of(program, rule.name)), badges, esc(r.subject_text), esc(value));
    }
    out += "</tbody></table>\n";
    std::set<std::uint32_t> shown;  // nodes written in full on this page
    for (std::size_t k = 0; k < results.size(); ++k) {
        const DecisionResult& r = results[k];
        const dsl::RuleInfo& rule = program.rules[r.rule];
        out += fmt::format(
            "<section class=\"card\" id=\"d{}\" data-decision=\"{}\" data-subject=\"{}\" "
            "aria-labelledby=\"h{}\">\n<h2 id=\"h{}\">{}{}</h2>\n",
            k, esc(rule.name), esc(r.subject_text), k, k, esc(dsl::label_of(program, rule.name)),
            r.subject_text.empty() ? "" : " [" + esc(r.subject_text) + "]");
        if (r.outcome.ok) {
            out += fmt::format("<p class=\"outcome\"><strong>{}:</strong> {}</p>\n", esc(w.outcome),
                               esc(value_text(program, r.outcome.value, rule.result, lang)));
        } else {
            out +=
                fmt::format("<p class=\"outcome failed\"><strong>{}:</strong> {} [{}]: {}</p>\n",
                            esc(w.outcome), esc(w.failed), esc(dsl::info(r.outcome.error.code).id),
                            esc(r.outcome.error.message));
        }
        if (r.outcome.node != no_node) {
            out += fmt::format("<p class=\"why\">{}</p>\n",
                               esc(plain_line(program, ex, r.outcome.node, lang)));
            html_citations(out, ex.nodes[r.outcome.node].citations);
        }
        out += fmt::format(
            "<details class=\"rule\"><summary>{} (technisch: {}, {})</summary><pre "
            "class=\"rule\">{}</pre></details>\n",
            esc(w.rule_text), esc(rule.name), esc(location_text(program, rule.where)),
            esc(rule_source(program, rule)));
        out += fmt::format("<h3>{}</h3>\n", esc(w.assumptions));
        std::vector<const dsl::MarkInfo*> marks = decision_marks(program, r.outcome.marks);
        if (marks.empty()) {
            out += fmt::format("<p>{}</p>\n", esc(w.no_assumptions));
        } else {
            out += "<ul class=\"marks\">";
            for (const dsl::MarkInfo* m : marks) {
                out += fmt::format(
                    "<li class=\"mark {}\"><span class=\"badge\">{}</span> <b>{}</b>: {} "
                    "<span class=\"where\" title=\"{}\">({})</span></li>",
                    dsl::to_string(m->kind), mark_badge(m->kind),
                    esc(dsl::label_of(program,
                                      std::string_view(m->name).substr(0, m->name.find(' ')))),
                    esc(m->reason), esc(m->name), esc(location_text(program, m->where)));
            }
            out += "</ul>\n";
        }
        if (r.outcome.node != no_node) {
            out += fmt::format("<details class=\"trace\"><summary>{}</summary>\n", esc(w.trace));
            html_node(out, program, ex, r.outcome.node, shown, true, lang, true);
            out += "</details>\n";
        }
        out += "</section>\n";
    }
    out += "</main>\n<script>";
    out += html_script;
    out += "</script>\n</body></html>\n";
    return out;
}

}  // namespace regels::interp
