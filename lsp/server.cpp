#include "lsp/server.hpp"

#include "dsl/check.hpp"
#include "dsl/format.hpp"
#include "dsl/parser.hpp"
#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>

#include "lsp/protocol.hpp"
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>

namespace regels::lsp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// JSON-RPC and LSP error codes.
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_not_initialized = -32002;
constexpr int request_failed = -32803;

struct Document {
    std::string text;
    std::int64_t version = 0;
};

// One checked rule set: its files (unsaved editor text in place of the disk), the program
// and the diagnostics.
struct Analysis {
    std::string root;
    std::vector<std::string> paths;  // sorted
    dsl::SourceSet sources;
    dsl::Program program;
    dsl::DiagnosticBag bag;
    std::map<std::string, dsl::FileId> ids;

    std::optional<dsl::FileId> id(const std::string& path) const {
        auto it = ids.find(path);
        return it == ids.end() ? std::nullopt : std::optional(it->second);
    }
    std::string_view text(dsl::FileId f) const {
        return sources.file(f).text();
    }
    json range(const dsl::Location& l) const {
        std::string_view t = text(l.file);
        Position a = position_of(t, l.span.begin);
        Position b = position_of(t, std::max(l.span.begin, l.span.end));
        return json{{"start", {{"line", a.line}, {"character", a.character}}},
                    {"end", {{"line", b.line}, {"character", b.character}}}};
    }
    json location(const dsl::Location& l) const {
        return json{{"uri", uri_of_path(sources.file(l.file).name())}, {"range", range(l)}};
    }
    // The module a file declares, if any.
    std::optional<std::uint32_t> module_of(dsl::FileId f) const {
        for (std::uint32_t m = 0; m < program.modules.size(); ++m) {
            if (program.modules[m].file == f) {
                return m;
            }
        }
        return std::nullopt;
    }
};

const std::vector<std::string>& keywords() {
    static const std::vector<std::string> words = {
        "module",   "import",      "as",         "document",  "url",        "dated",
        "enum",     "record",      "key",        "parameter", "during",     "from",
        "until",    "unpublished", "definition", "decision",  "assertion",  "source",
        "except",   "over",        "when",       "table",     "test",       "given",
        "facts",    "expect",      "fails",      "cites",     "optional",   "set",
        "list",     "range",       "of",         "by",        "if",         "then",
        "else",     "and",         "or",         "not",       "in",         "overlaps",
        "true",     "false",       "none",       "sum",       "count",      "min",
        "max",      "all",         "any",        "for",       "where",      "allocate",
        "among",    "claiming",    "pro",        "rata",      "order",      "to",
        "round",    "match",       "otherwise",  "is",        "present",    "absent",
        "required", "at",          "boolean",    "integer",   "decimal",    "money",
        "date",     "datetime",    "year",       "text",      "assumption", "interpretation",
        "cite",     "per",         "section",    "encoded",   "refused",    "label",
        "question"};
    return words;
}

bool is_ident_byte(char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
}

json severity_of(dsl::Severity s) {
    switch (s) {
        case dsl::Severity::error:
            return 1;
        case dsl::Severity::warning:
            return 2;
        case dsl::Severity::note:
            return 3;
    }
    return 1;
}

int symbol_kind(dsl::SymbolKey::Kind k) {  // LSP SymbolKind
    switch (k) {
        case dsl::SymbolKey::Kind::document:
            return 1;  // File
        case dsl::SymbolKey::Kind::enumeration:
            return 10;  // Enum
        case dsl::SymbolKey::Kind::enum_case:
            return 22;  // EnumMember
        case dsl::SymbolKey::Kind::record:
            return 23;  // Struct
        case dsl::SymbolKey::Kind::field:
            return 8;  // Field
        case dsl::SymbolKey::Kind::parameter:
            return 14;  // Constant
        case dsl::SymbolKey::Kind::rule:
            return 12;  // Function
    }
    return 13;
}

int completion_kind(dsl::SymbolKey::Kind k) {  // LSP CompletionItemKind
    switch (k) {
        case dsl::SymbolKey::Kind::document:
            return 17;  // File
        case dsl::SymbolKey::Kind::enumeration:
            return 13;  // Enum
        case dsl::SymbolKey::Kind::enum_case:
            return 20;  // EnumMember
        case dsl::SymbolKey::Kind::record:
            return 22;  // Struct
        case dsl::SymbolKey::Kind::field:
            return 5;  // Field
        case dsl::SymbolKey::Kind::parameter:
            return 21;  // Constant
        case dsl::SymbolKey::Kind::rule:
            return 3;  // Function
    }
    return 1;
}

// The parameters of the rule whose header is the last one before `offset`, read from the
// text: while a body is half typed its rule does not parse, but its header usually does.
std::vector<std::pair<std::string, std::string>> header_params(std::string_view text,
                                                               std::uint32_t offset) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string_view before = text.substr(0, std::min<std::size_t>(offset, text.size()));
    std::size_t start = std::string_view::npos;
    for (std::string_view kw : {"definition ", "decision ", "assertion "}) {
        for (std::size_t at = before.rfind(kw); at != std::string_view::npos;
             at = at == 0 ? std::string_view::npos : before.rfind(kw, at - 1)) {
            if (at == 0 || before[at - 1] == '\n') {
                if (start == std::string_view::npos || at > start) {
                    start = at;
                }
                break;
            }
        }
    }
    if (start == std::string_view::npos) {
        return out;
    }
    std::size_t open = before.find('(', start);
    std::size_t eol = before.find('\n', start);
    if (open == std::string_view::npos || (eol != std::string_view::npos && open > eol)) {
        return out;
    }
    std::size_t close = text.find(')', open);
    if (close == std::string_view::npos) {
        return out;
    }
    std::string_view list = text.substr(open + 1, close - open - 1);
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        std::size_t colon = item.find(':');
        if (colon != std::string_view::npos) {
            auto trim = [](std::string_view s) {
                while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) {
                    s.remove_prefix(1);
                }
                while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) {
                    s.remove_suffix(1);
                }
                return std::string(s);
            };
            std::string name = trim(item.substr(0, colon));
            if (!name.empty() && std::all_of(name.begin(), name.end(), is_ident_byte)) {
                out.emplace_back(name, trim(item.substr(colon + 1)));
            }
        }
        if (comma == std::string_view::npos) {
            break;
        }
        list.remove_prefix(comma + 1);
    }
    return out;
}

struct RequestError {
    int code;
    std::string message;
};

}  // namespace

struct Server::Impl {
    bool initialized = false;
    bool shutdown = false;
    bool exited = false;
    double last_ms = 0;
    std::map<std::string, Document> docs;                    // by path
    std::map<std::string, std::unique_ptr<Analysis>> sets;   // by root
    std::map<std::string, std::set<std::string>> published;  // root -> paths
    std::map<std::string, std::string> untitled;             // uri -> pseudo path
    const interp::Builtins& builtins = stdlib::standard_library();

    // ---- documents and analysis ----------------------------------------------------------

    std::string path_of(const std::string& uri) {
        if (auto p = path_of_uri(uri)) {
            return fs::path(*p).lexically_normal().generic_string();
        }
        return uri;  // untitled: its own one-file rule set
    }

    std::string root_of(const std::string& path) {
        if (path.rfind('/', 0) != 0) {
            return path;
        }
        return interp::rule_set_root(path);
    }

    std::unique_ptr<Analysis> check_set(const std::string& root,
                                        const std::map<std::string, std::string>& overlay = {}) {
        auto start = std::chrono::steady_clock::now();
        auto a = std::make_unique<Analysis>();
        a->root = root;
        std::set<std::string> paths;
        std::error_code ec;
        if (!root.empty() && fs::is_directory(root, ec)) {
            for (auto it = fs::recursive_directory_iterator(root, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (it->path().extension() == ".rules" && it->is_regular_file(ec)) {
                    paths.insert(it->path().lexically_normal().generic_string());
                }
            }
        }
        for (const auto& [path, doc] : docs) {
            if (root_of(path) == root) {
                paths.insert(path);
            }
        }
        std::vector<dsl::FileId> ids;
        for (const std::string& p : paths) {
            std::optional<std::string> text;
            if (auto o = overlay.find(p); o != overlay.end()) {
                text = o->second;
            } else if (auto d = docs.find(p); d != docs.end()) {
                text = d->second.text;
            } else {
                text = interp::read_file(p);
            }
            if (!text) {
                continue;
            }
            dsl::FileId id = a->sources.add(p, std::move(*text));
            a->ids[p] = id;
            a->paths.push_back(p);
            ids.push_back(id);
        }
        a->program = dsl::check(a->sources, ids, builtins.signatures, a->bag);
        last_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return a;
    }

    Analysis& analysis(const std::string& root) {
        auto& slot = sets[root];
        if (!slot) {
            slot = check_set(root);
        }
        return *slot;
    }

    json diagnostic_json(const Analysis& a, const dsl::Diagnostic& d) {
        json out{{"range", a.range(d.where)},
                 {"severity", severity_of(d.severity)},
                 {"code", dsl::info(d.code).id},
                 {"source", "regels"},
                 {"message", d.hint.empty() ? d.message : d.message + "\nhint: " + d.hint}};
        if (!d.hint.empty()) {
            out["data"] = json{{"hint", d.hint}};
        }
        json related = json::array();
        for (const dsl::Note& n : d.notes) {
            if (n.where.file == dsl::no_file) {
                continue;
            }
            related.push_back(json{{"location", a.location(n.where)}, {"message", n.message}});
        }
        if (!related.empty()) {
            out["relatedInformation"] = std::move(related);
        }
        return out;
    }

    // Re-checks the rule set of `path` and publishes diagnostics for each of its files
    // (an empty list clears what an earlier check published).
    void refresh(const std::string& path, std::vector<json>& out) {
        std::string root = root_of(path);
        sets[root] = check_set(root);
        Analysis& a = *sets[root];
        std::map<std::string, json> by_path;
        for (const std::string& p : a.paths) {
            by_path[p] = json::array();
        }
        for (const std::string& p : published[root]) {
            by_path.emplace(p, json::array());
        }
        for (const dsl::Diagnostic& d : a.bag.sorted()) {
            if (d.where.file == dsl::no_file) {
                continue;
            }
            by_path[a.sources.file(d.where.file).name()].push_back(diagnostic_json(a, d));
        }
        std::set<std::string> now;
        for (auto& [p, list] : by_path) {
            json params{{"uri", uri_for(p)}, {"diagnostics", std::move(list)}};
            if (auto d = docs.find(p); d != docs.end()) {
                params["version"] = d->second.version;
            }
            now.insert(p);
            out.push_back(json{{"jsonrpc", "2.0"},
                               {"method", "textDocument/publishDiagnostics"},
                               {"params", std::move(params)}});
        }
        published[root] = std::move(now);
    }

    std::string uri_for(const std::string& path) {
        for (const auto& [uri, p] : untitled) {
            if (p == path) {
                return uri;
            }
        }
        return uri_of_path(path);
    }

    // The analysis, file and byte offset of a text document position.
    struct At {
        Analysis* a;
        dsl::FileId file;
        std::uint32_t offset;
    };
    At locate(const json& params) {
        std::string uri = params.at("textDocument").at("uri").get<std::string>();
        std::string path = path_of(uri);
        Analysis& a = analysis(root_of(path));
        auto id = a.id(path);
        if (!id) {
            throw RequestError{request_failed, fmt::format("`{}` is not a rule file here", uri)};
        }
        std::uint32_t offset = 0;
        if (params.contains("position")) {
            const json& p = params.at("position");
            offset = offset_of(a.text(*id), Position{p.at("line").get<std::uint32_t>(),
                                                     p.at("character").get<std::uint32_t>()});
        }
        return At{&a, *id, offset};
    }

    // ---- hover ---------------------------------------------------------------------------

    std::string citation_text(const Analysis& a, const dsl::CitationInfo& c) {
        const dsl::Program& p = a.program;
        if (c.kind != dsl::CitationKind::source) {
            return fmt::format("{}: {}", dsl::to_string(c.kind), c.quote);
        }
        std::string doc = c.document < p.documents.size() ? p.documents[c.document].name : "?";
        std::string title =
            c.document < p.documents.size() ? p.documents[c.document].title : std::string();
        std::string out = fmt::format("source: {} ({})", doc.substr(doc.rfind('.') + 1), title);
        if (!c.section.empty()) {
            out += fmt::format(", \"{}\"", c.section);
        }
        if (!c.quote.empty()) {
            out += fmt::format(":\n> {}", c.quote);
        }
        return out;
    }

    // Comment lines right above a declaration and at the end of its first line (shared with
    // the facts schema, dsl::doc_comment).
    std::string comment_of(const Analysis& a, const dsl::Location& decl) {
        return dsl::doc_comment(a.program, decl);
    }

    std::string rule_signature(const dsl::Program& p, const dsl::RuleInfo& r) {
        std::string params;
        for (const auto& prm : r.params) {
            params += (params.empty() ? "" : ", ") + prm.name + ": " + p.type_name(prm.type);
        }
        std::string sig = fmt::format("{} {}", dsl::to_string(r.kind), r.short_name);
        if (!r.params.empty()) {
            sig += "(" + params + ")";
        }
        if (r.kind != dsl::RuleKind::assertion) {
            sig += ": " + p.type_name(r.result);
        }
        return sig;
    }

    // A field's type with its constraints, as declared: `text length >= 1 and in Gebied.gebied`.
    static std::string declared(const dsl::Program& p, const dsl::FieldInfo& f) {
        std::string out = p.type_name(f.type);
        for (std::size_t k = 0; k < f.constraints.size(); ++k) {
            out += (k == 0 ? " " : " and ") + f.constraints[k].text;
        }
        return out;
    }

    // The words a reviewer reads, as hover shows them under the declaration: `label: …` and,
    // for a boolean rule, `question: …`; nothing where the rules give none.
    static std::string label_lines(const std::string& label, const std::string& question = {}) {
        std::string out;
        if (!label.empty()) {
            out += fmt::format("\nlabel: {}\n", label);
        }
        if (!question.empty()) {
            out += fmt::format("{}question: {}\n", label.empty() ? "\n" : "", question);
        }
        return out;
    }

    // A completion item's detail: the type or enum, and the label where there is one.
    static std::string with_label(std::string detail, const std::string& label) {
        if (label.empty()) {
            return detail;
        }
        return detail.empty() ? label : detail + " — " + label;
    }

    // The label of a declaration, for completion details.
    static std::string declared_label(const dsl::Program& p, const dsl::SymbolKey& key) {
        using K = dsl::SymbolKey::Kind;
        switch (key.kind) {
            case K::rule:
                return p.rules[key.index].label;
            case K::parameter:
                return p.parameters[key.index].label;
            case K::record:
                return p.records[key.index].label;
            case K::field:
                return p.records[key.index].fields[key.extra].label;
            case K::enum_case: {
                const auto& labels = p.enums[key.index].case_labels;
                return key.extra < labels.size() ? labels[key.extra] : std::string();
            }
            case K::enumeration:
            case K::document:
                return {};
        }
        return {};
    }

    std::string hover_symbol(const Analysis& a, const dsl::SymbolKey& key) {
        const dsl::Program& p = a.program;
        using K = dsl::SymbolKey::Kind;
        const dsl::SymbolDecl* decl = p.symbols.declaration(key);
        std::string out;
        switch (key.kind) {
            case K::parameter: {
                const dsl::ParameterInfo& prm = p.parameters[key.index];
                out = fmt::format("```regels\nparameter {}: {}\n```\n", decl ? decl->name : "",
                                  p.type_name(prm.type));
                out += label_lines(prm.label);
                for (const dsl::VersionInfo& v : prm.versions) {
                    std::string value = "unpublished";
                    if (v.value != dsl::no_expr) {
                        value = fmt::format(
                            "`{}`", a.sources.file(prm.where.file).slice(p.ast.expr(v.value).span));
                    } else if (!v.note.empty()) {
                        value = "unpublished (" + v.note + ")";
                    }
                    out +=
                        fmt::format("- from {}{}: {}\n", dsl::format_date(v.from),
                                    v.until ? " until " + dsl::format_date(*v.until) : "", value);
                    for (const dsl::CitationInfo& c : v.sources) {
                        out += "  " + citation_text(a, c) + "\n";
                    }
                }
                for (const dsl::CitationInfo& c : prm.sources) {
                    out += "\n" + citation_text(a, c) + "\n";
                }
                for (const dsl::CitationInfo& c : prm.area_sources) {
                    out += "\narea: " + citation_text(a, c) + "\n";
                }
                break;
            }
            case K::rule: {
                const dsl::RuleInfo& r = p.rules[key.index];
                out = fmt::format("```regels\n{}\n```\n", rule_signature(p, r));
                out += label_lines(r.label, r.question);
                for (const dsl::CitationInfo& c : r.sources) {
                    out += "\n" + citation_text(a, c) + "\n";
                }
                for (const dsl::CitationInfo& c : r.area_sources) {
                    out += "\narea: " + citation_text(a, c) + "\n";
                }
                for (const dsl::ExceptionInfo& e : r.exceptions) {
                    out += fmt::format("\nexcept {}", e.name);
                    for (const dsl::CitationInfo& c : e.sources) {
                        out += "\n" + citation_text(a, c);
                    }
                    out += "\n";
                }
                break;
            }
            case K::field: {
                const dsl::RecordInfo& r = p.records[key.index];
                const dsl::FieldInfo& f = r.fields[key.extra];
                out = fmt::format("```regels\n{}.{}: {}\n```\n", r.short_name, f.name,
                                  declared(p, f));
                out += label_lines(f.label);
                std::string c = comment_of(a, f.where);
                if (!c.empty()) {
                    out += "\n" + c + "\n";
                }
                break;
            }
            case K::record: {
                const dsl::RecordInfo& r = p.records[key.index];
                out = fmt::format("```regels\nrecord {}\n```\n", r.short_name);
                if (!r.label.empty()) {
                    out += fmt::format("label: {}\n\n", r.label);
                }
                for (const dsl::FieldInfo& f : r.fields) {
                    out += fmt::format("- {}: {}{}\n", f.name, declared(p, f),
                                       f.label.empty() ? "" : " — " + f.label);
                }
                break;
            }
            case K::enumeration: {
                const dsl::EnumInfo& e = p.enums[key.index];
                std::string cases;
                for (const std::string& c : e.cases) {
                    cases += (cases.empty() ? "" : ", ") + c;
                }
                out = fmt::format("```regels\nenum {} {{ {} }}\n```\n",
                                  e.name.substr(e.name.rfind('.') + 1), cases);
                for (std::size_t c = 0; c < e.cases.size() && c < e.case_labels.size(); ++c) {
                    if (!e.case_labels[c].empty()) {
                        out += fmt::format("- {}: {}\n", e.cases[c], e.case_labels[c]);
                    }
                }
                break;
            }
            case K::enum_case: {
                const dsl::EnumInfo& e = p.enums[key.index];
                out = fmt::format("```regels\n{}.{}\n```\ncase of enum {}\n",
                                  e.name.substr(e.name.rfind('.') + 1), e.cases[key.extra], e.name);
                if (key.extra < e.case_labels.size()) {
                    out += label_lines(e.case_labels[key.extra]);
                }
                break;
            }
            case K::document: {
                const dsl::DocumentInfo& d = p.documents[key.index];
                out = fmt::format("```regels\ndocument {}\n```\n{}\n",
                                  d.name.substr(d.name.rfind('.') + 1), d.title);
                if (d.date) {
                    out += "dated " + dsl::format_date(*d.date) + "\n";
                }
                if (d.url) {
                    out += *d.url + "\n";
                }
                break;
            }
        }
        if (decl != nullptr && key.kind != K::document) {
            std::string c = key.kind == K::field ? std::string() : comment_of(a, decl->extent);
            if (!c.empty()) {
                out += "\n" + c + "\n";
            }
        }
        return out;
    }

    // The smallest name or member expression of `file` around `offset`.
    std::optional<dsl::ExprId> expr_at(const Analysis& a, dsl::FileId file, std::uint32_t offset) {
        const dsl::Program& p = a.program;
        std::optional<dsl::ExprId> best;
        for (std::size_t k = 0; k < p.file_ranges.size(); ++k) {
            if (p.file_ranges[k].second != file) {
                continue;
            }
            dsl::ExprId first = p.file_ranges[k].first;
            dsl::ExprId last = k + 1 < p.file_ranges.size()
                                   ? p.file_ranges[k + 1].first
                                   : static_cast<dsl::ExprId>(p.ast.exprs.size());
            for (dsl::ExprId e = first; e < last; ++e) {
                const dsl::Expr& x = p.ast.expr(e);
                if (x.span.begin > offset || offset > x.span.end) {
                    continue;
                }
                if (!best || x.span.end - x.span.begin <
                                 p.ast.expr(*best).span.end - p.ast.expr(*best).span.begin) {
                    best = e;
                }
            }
        }
        return best;
    }

    json hover(const json& params) {
        At at = locate(params);
        const Analysis& a = *at.a;
        const dsl::Program& p = a.program;
        std::string text;
        dsl::Location where{at.file, {at.offset, at.offset}};
        if (auto key = p.symbols.at(at.file, at.offset)) {
            text = hover_symbol(a, *key);
        } else if (auto e = expr_at(a, at.file, at.offset); e && *e < p.expr_type.size()) {
            std::string_view src = a.sources.file(at.file).slice(p.ast.expr(*e).span);
            text = fmt::format("```regels\n{}: {}\n```\n", src, p.type_name(p.expr_type[*e]));
            where.span = p.ast.expr(*e).span;
        }
        if (text.empty()) {
            return nullptr;
        }
        return json{{"contents", {{"kind", "markdown"}, {"value", text}}}};
    }

    // ---- navigation ----------------------------------------------------------------------

    json definition(const json& params) {
        At at = locate(params);
        const dsl::Program& p = at.a->program;
        auto key = p.symbols.at(at.file, at.offset);
        if (!key) {
            return nullptr;
        }
        const dsl::SymbolDecl* d = p.symbols.declaration(*key);
        if (d == nullptr) {
            return nullptr;
        }
        return at.a->location(d->where);
    }

    json references(const json& params) {
        At at = locate(params);
        const dsl::Program& p = at.a->program;
        auto key = p.symbols.at(at.file, at.offset);
        json out = json::array();
        if (!key) {
            return out;
        }
        bool with_decl =
            params.contains("context") && params["context"].value("includeDeclaration", false);
        if (const dsl::SymbolDecl* d = p.symbols.declaration(*key); d && with_decl) {
            out.push_back(at.a->location(d->where));
        }
        for (const dsl::Location& l : p.symbols.uses(*key)) {
            out.push_back(at.a->location(l));
        }
        return out;
    }

    json document_symbols(const json& params) {
        At at = locate(params);
        const Analysis& a = *at.a;
        const dsl::SymbolIndex& ix = a.program.symbols;
        json out = json::array();
        using K = dsl::SymbolKey::Kind;
        for (const dsl::SymbolDecl& d : ix.declarations) {
            if (d.where.file != at.file || d.key.kind == K::field || d.key.kind == K::enum_case) {
                continue;
            }
            json sym{{"name", d.name},
                     {"kind", symbol_kind(d.key.kind)},
                     {"range", a.range(d.extent)},
                     {"selectionRange", a.range(d.where)}};
            if (d.key.kind == K::rule) {
                sym["detail"] = rule_signature(a.program, a.program.rules[d.key.index]);
            } else if (d.key.kind == K::parameter) {
                sym["detail"] = a.program.type_name(a.program.parameters[d.key.index].type);
            }
            if (d.key.kind == K::record || d.key.kind == K::enumeration) {
                K child = d.key.kind == K::record ? K::field : K::enum_case;
                json children = json::array();
                for (const dsl::SymbolDecl& c : ix.declarations) {
                    if (c.key.kind == child && c.key.index == d.key.index) {
                        json item{{"name", c.name},
                                  {"kind", symbol_kind(c.key.kind)},
                                  {"range", a.range(c.extent)},
                                  {"selectionRange", a.range(c.where)}};
                        if (child == K::field) {
                            item["detail"] = a.program.type_name(
                                a.program.records[c.key.index].fields[c.key.extra].type);
                        }
                        children.push_back(std::move(item));
                    }
                }
                sym["children"] = std::move(children);
            }
            out.push_back(std::move(sym));
        }
        return out;
    }

    json workspace_symbols(const json& params) {
        std::string query = params.value("query", "");
        auto lower = [](std::string s) {
            for (char& c : s) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            return s;
        };
        query = lower(query);
        std::set<std::string> roots;
        for (const auto& [path, doc] : docs) {
            roots.insert(root_of(path));
        }
        for (const auto& [root, set] : sets) {
            roots.insert(root);
        }
        json out = json::array();
        for (const std::string& root : roots) {
            const Analysis& a = analysis(root);
            for (const dsl::SymbolDecl& d : a.program.symbols.declarations) {
                if (lower(d.name).find(query) == std::string::npos) {
                    continue;
                }
                json item{{"name", d.name},
                          {"kind", symbol_kind(d.key.kind)},
                          {"location", a.location(d.where)}};
                if (auto m = a.module_of(d.where.file)) {
                    item["containerName"] = a.program.modules[*m].name;
                }
                out.push_back(std::move(item));
            }
        }
        return out;
    }

    // ---- completion ----------------------------------------------------------------------

    // Declarations visible in the module of `file`: its own and those of its imports.
    std::vector<const dsl::SymbolDecl*> visible(const Analysis& a, dsl::FileId file) {
        std::set<dsl::FileId> files = {file};
        if (auto m = a.module_of(file); m && *m < a.program.symbols.imports.size()) {
            for (const auto& [alias, target] : a.program.symbols.imports[*m]) {
                files.insert(a.program.modules[target].file);
            }
        }
        std::vector<const dsl::SymbolDecl*> out;
        for (const dsl::SymbolDecl& d : a.program.symbols.declarations) {
            if (files.count(d.where.file) != 0) {
                out.push_back(&d);
            }
        }
        return out;
    }

    json item(const std::string& label, int kind, const std::string& detail = {}) {
        json i{{"label", label}, {"kind", kind}};
        if (!detail.empty()) {
            i["detail"] = detail;
        }
        return i;
    }

    json member_items(const Analysis& a, dsl::TypeId t) {
        json out = json::array();
        const dsl::Program& p = a.program;
        dsl::TypeKind k = p.types.kind(t);
        if (k == dsl::TypeKind::optional) {
            t = p.types.element(t);
            k = p.types.kind(t);
        }
        if (k == dsl::TypeKind::record) {
            for (const dsl::FieldInfo& f : p.records[p.types[t].ref].fields) {
                out.push_back(item(f.name, 5, with_label(p.type_name(f.type), f.label)));
            }
        } else if (k == dsl::TypeKind::group) {
            const dsl::GroupInfo& g = p.groups[p.types[t].ref];
            for (const dsl::GroupKey& key : g.keys) {
                out.push_back(item(key.name, 5, p.type_name(key.type)));
            }
            out.push_back(item("records", 5, "list of " + p.records[g.record].short_name));
        }
        return out;
    }

    json completion(const json& params) {
        At at = locate(params);
        Analysis& a = *at.a;
        std::string_view text = a.text(at.file);
        std::uint32_t start = at.offset;
        while (start > 0 && is_ident_byte(text[start - 1])) {
            --start;
        }
        json items = json::array();
        if (start > 0 && text[start - 1] == '.') {
            std::uint32_t obj_begin = start - 1;
            while (obj_begin > 0 &&
                   (is_ident_byte(text[obj_begin - 1]) || text[obj_begin - 1] == '.')) {
                --obj_begin;
            }
            std::string object(text.substr(obj_begin, start - 1 - obj_begin));
            // A module alias: what the module declares.
            if (auto m = a.module_of(at.file); m && *m < a.program.symbols.imports.size()) {
                for (const auto& [alias, target] : a.program.symbols.imports[*m]) {
                    if (alias != object) {
                        continue;
                    }
                    for (const dsl::SymbolDecl& d : a.program.symbols.declarations) {
                        if (d.where.file == a.program.modules[target].file &&
                            d.key.kind != dsl::SymbolKey::Kind::field &&
                            d.key.kind != dsl::SymbolKey::Kind::enum_case) {
                            items.push_back(item(d.name, completion_kind(d.key.kind),
                                                 declared_label(a.program, d.key)));
                        }
                    }
                    return items;
                }
            }
            // An enum: its cases.
            for (const dsl::SymbolDecl* d : visible(a, at.file)) {
                if (d->key.kind == dsl::SymbolKey::Kind::enumeration && d->name == object) {
                    const dsl::EnumInfo& e = a.program.enums[d->key.index];
                    for (std::size_t c = 0; c < e.cases.size(); ++c) {
                        items.push_back(item(
                            e.cases[c], 20,
                            with_label(d->name, c < e.case_labels.size() ? e.case_labels[c] : "")));
                    }
                    return items;
                }
            }
            // A record type (`gebied: text in Gebied.` in a field constraint): its fields.
            for (const dsl::SymbolDecl* d : visible(a, at.file)) {
                if (d->key.kind == dsl::SymbolKey::Kind::record && d->name == object) {
                    for (const dsl::FieldInfo& f : a.program.records[d->key.index].fields) {
                        items.push_back(
                            item(f.name, 5, with_label(a.program.type_name(f.type), f.label)));
                    }
                    return items;
                }
            }
            // Anything else: check the text with a name in place of what is being typed and
            // read the type the checker gave the object.
            constexpr std::string_view probe = "regels_completion_probe";
            std::string changed(text.substr(0, start));
            changed += probe;
            changed += text.substr(at.offset);
            const std::string& path = a.sources.file(at.file).name();
            auto probe_set = check_set(a.root, {{path, changed}});
            auto id = probe_set->id(path);
            if (!id) {
                return items;
            }
            const dsl::Program& p = probe_set->program;
            for (dsl::ExprId e = 0; e < p.ast.exprs.size() && e < p.expr_type.size(); ++e) {
                const auto* m = std::get_if<dsl::Member>(&p.ast.expr(e).kind);
                if (m != nullptr && m->member.span.begin == start && p.file_of(e) == *id) {
                    return member_items(*probe_set, p.expr_type[m->object]);
                }
            }
            return items;
        }
        std::set<std::string> seen;
        auto add = [&](const std::string& label, int kind, const std::string& detail = {}) {
            if (seen.insert(label).second) {
                items.push_back(item(label, kind, detail));
            }
        };
        // Parameters of the rule around the cursor.
        bool in_rule = false;
        for (const dsl::SymbolDecl& d : a.program.symbols.declarations) {
            if (d.key.kind == dsl::SymbolKey::Kind::rule && d.extent.file == at.file &&
                d.extent.span.begin <= at.offset && at.offset <= d.extent.span.end) {
                in_rule = true;
                for (const auto& prm : a.program.rules[d.key.index].params) {
                    add(prm.name, 6, a.program.type_name(prm.type));
                }
            }
        }
        if (!in_rule) {
            for (const auto& [name, type] : header_params(text, at.offset)) {
                add(name, 6, type);
            }
        }
        for (const dsl::SymbolDecl* d : visible(a, at.file)) {
            if (d->key.kind == dsl::SymbolKey::Kind::field) {
                continue;
            }
            add(d->name, completion_kind(d->key.kind), declared_label(a.program, d->key));
        }
        if (auto m = a.module_of(at.file); m && *m < a.program.symbols.imports.size()) {
            for (const auto& [alias, target] : a.program.symbols.imports[*m]) {
                add(alias, 9, a.program.modules[target].name);
            }
        }
        for (std::size_t b = 0; b < builtins.signatures.size(); ++b) {
            add(builtins.signatures[static_cast<std::uint32_t>(b)].name, 3,
                builtins.signatures[static_cast<std::uint32_t>(b)].doc);
        }
        for (const std::string& k : keywords()) {
            add(k, 14);
        }
        return items;
    }

    // ---- formatting and rename -----------------------------------------------------------

    json formatting(const json& params) {
        At at = locate(params);
        const dsl::SourceFile& src = at.a->sources.file(at.file);
        dsl::SourceSet one;
        dsl::FileId id = one.add(src.name(), std::string(src.text()));
        dsl::Ast ast;
        dsl::DiagnosticBag bag;
        dsl::parse_file(one, id, ast, bag);
        if (bag.has_errors() || !ast.files.back().parsed_cleanly) {
            throw RequestError{request_failed, "the file has syntax errors; fix them first"};
        }
        std::string formatted = dsl::format_file(one.file(id), ast.files.back(), ast);
        json edits = json::array();
        if (formatted != src.text()) {
            Position end = position_of(src.text(), static_cast<std::uint32_t>(src.text().size()));
            edits.push_back(json{{"range",
                                  {{"start", {{"line", 0}, {"character", 0}}},
                                   {"end", {{"line", end.line}, {"character", end.character}}}}},
                                 {"newText", formatted}});
        }
        return edits;
    }

    // What a rename at this position would rename: a rule or a parameter.
    std::pair<dsl::SymbolKey, const dsl::SymbolDecl*> rename_target(const At& at) {
        const dsl::Program& p = at.a->program;
        auto key = p.symbols.at(at.file, at.offset);
        if (!key || (key->kind != dsl::SymbolKey::Kind::rule &&
                     key->kind != dsl::SymbolKey::Kind::parameter)) {
            throw RequestError{request_failed, "only a rule or a parameter can be renamed here"};
        }
        const dsl::SymbolDecl* d = p.symbols.declaration(*key);
        if (d == nullptr) {
            throw RequestError{request_failed, "its declaration was not found"};
        }
        return {*key, d};
    }

    json prepare_rename(const json& params) {
        At at = locate(params);
        auto [key, decl] = rename_target(at);
        const dsl::Program& p = at.a->program;
        for (const dsl::Location& l : p.symbols.uses(key)) {
            if (l.file == at.file && l.span.begin <= at.offset && at.offset <= l.span.end) {
                return json{{"range", at.a->range(l)}, {"placeholder", decl->name}};
            }
        }
        return json{{"range", at.a->range(decl->where)}, {"placeholder", decl->name}};
    }

    json rename(const json& params) {
        At at = locate(params);
        auto [key, decl] = rename_target(at);
        std::string name = params.at("newName").get<std::string>();
        bool ident = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                     std::all_of(name.begin(), name.end(), is_ident_byte);
        if (!ident || std::find(keywords().begin(), keywords().end(), name) != keywords().end()) {
            throw RequestError{invalid_params, fmt::format("`{}` is not a valid name", name)};
        }
        const Analysis& a = *at.a;
        for (const dsl::SymbolDecl& d : a.program.symbols.declarations) {
            if (d.name == name && d.where.file == decl->where.file &&
                d.key.kind != dsl::SymbolKey::Kind::field &&
                d.key.kind != dsl::SymbolKey::Kind::enum_case) {
                throw RequestError{request_failed,
                                   fmt::format("`{}` is already declared in this module", name)};
            }
        }
        std::map<std::string, json> changes;
        auto edit = [&](const dsl::Location& l) {
            changes[uri_for(a.sources.file(l.file).name())].push_back(
                json{{"range", a.range(l)}, {"newText", name}});
        };
        edit(decl->where);
        for (const dsl::Location& l : a.program.symbols.uses(key)) {
            edit(l);
        }
        json out = json::object();
        for (auto& [uri, list] : changes) {
            out[uri] = std::move(list);
        }
        return json{{"changes", std::move(out)}};
    }

    // ---- dispatch ------------------------------------------------------------------------

    void open(const json& params, std::vector<json>& out) {
        const json& td = params.at("textDocument");
        std::string uri = td.at("uri").get<std::string>();
        std::string path = path_of(uri);
        if (!path_of_uri(uri)) {
            untitled[uri] = path;
        }
        docs[path] = Document{td.at("text").get<std::string>(), td.value("version", 0)};
        refresh(path, out);
    }

    void change(const json& params, std::vector<json>& out) {
        const json& td = params.at("textDocument");
        std::string path = path_of(td.at("uri").get<std::string>());
        auto it = docs.find(path);
        if (it == docs.end()) {
            return;
        }
        Document& doc = it->second;
        for (const json& c : params.at("contentChanges")) {
            std::string text = c.at("text").get<std::string>();
            if (c.contains("range")) {
                const json& r = c["range"];
                std::uint32_t b =
                    offset_of(doc.text, {r["start"]["line"].get<std::uint32_t>(),
                                         r["start"]["character"].get<std::uint32_t>()});
                std::uint32_t e = offset_of(doc.text, {r["end"]["line"].get<std::uint32_t>(),
                                                       r["end"]["character"].get<std::uint32_t>()});
                doc.text.replace(b, std::max(b, e) - b, text);
            } else {
                doc.text = std::move(text);
            }
        }
        doc.version = td.value("version", doc.version + 1);
        refresh(path, out);
    }

    void close(const json& params, std::vector<json>& out) {
        std::string path = path_of(params.at("textDocument").at("uri").get<std::string>());
        docs.erase(path);
        refresh(path, out);
    }

    json initialize_result() {
        return json{{"capabilities",
                     {{"positionEncoding", "utf-16"},
                      {"textDocumentSync",
                       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
                      {"hoverProvider", true},
                      {"definitionProvider", true},
                      {"referencesProvider", true},
                      {"documentSymbolProvider", true},
                      {"workspaceSymbolProvider", true},
                      {"completionProvider", {{"triggerCharacters", {"."}}}},
                      {"documentFormattingProvider", true},
                      {"renameProvider", {{"prepareProvider", true}}}}},
                    {"serverInfo", {{"name", "regels"}, {"version", "0.1"}}}};
    }

    json request(const std::string& method, const json& params, std::vector<json>& out) {
        (void)out;
        if (method == "initialize") {
            initialized = true;
            return initialize_result();
        }
        if (!initialized) {
            throw RequestError{server_not_initialized, "initialize first"};
        }
        if (method == "shutdown") {
            shutdown = true;
            return nullptr;
        }
        if (method == "textDocument/hover") {
            return hover(params);
        }
        if (method == "textDocument/definition") {
            return definition(params);
        }
        if (method == "textDocument/references") {
            return references(params);
        }
        if (method == "textDocument/documentSymbol") {
            return document_symbols(params);
        }
        if (method == "workspace/symbol") {
            return workspace_symbols(params);
        }
        if (method == "textDocument/completion") {
            return completion(params);
        }
        if (method == "textDocument/formatting") {
            return formatting(params);
        }
        if (method == "textDocument/prepareRename") {
            return prepare_rename(params);
        }
        if (method == "textDocument/rename") {
            return rename(params);
        }
        throw RequestError{method_not_found, fmt::format("unknown method `{}`", method)};
    }

    void notification(const std::string& method, const json& params, std::vector<json>& out) {
        if (method == "exit") {
            exited = true;
            return;
        }
        if (!initialized) {
            return;
        }
        if (method == "textDocument/didOpen") {
            open(params, out);
        } else if (method == "textDocument/didChange") {
            change(params, out);
        } else if (method == "textDocument/didClose") {
            close(params, out);
        } else if (method == "textDocument/didSave") {
            refresh(path_of(params.at("textDocument").at("uri").get<std::string>()), out);
        }
    }
};

Server::Server() : impl_(std::make_unique<Impl>()) {}
Server::~Server() = default;

bool Server::exited() const {
    return impl_->exited;
}
int Server::exit_code() const {
    return impl_->shutdown ? 0 : 1;
}
double Server::last_check_ms() const {
    return impl_->last_ms;
}

std::vector<json> Server::handle(const json& message) {
    std::vector<json> out;
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
        if (message.is_object() && message.contains("id") && !message.contains("result") &&
            !message.contains("error")) {
            out.push_back(json{{"jsonrpc", "2.0"},
                               {"id", message["id"]},
                               {"error", {{"code", -32600}, {"message", "not a request"}}}});
        }
        return out;  // a response to something we never send, or noise
    }
    std::string method = message["method"].get<std::string>();
    json params = message.contains("params") ? message["params"] : json::object();
    bool is_request = message.contains("id");
    try {
        if (is_request) {
            json result = impl_->request(method, params, out);
            out.push_back(json{{"jsonrpc", "2.0"}, {"id", message["id"]}, {"result", result}});
        } else {
            impl_->notification(method, params, out);
        }
    } catch (const RequestError& e) {
        if (is_request) {
            out.push_back(json{{"jsonrpc", "2.0"},
                               {"id", message["id"]},
                               {"error", {{"code", e.code}, {"message", e.message}}}});
        }
    } catch (const json::exception& e) {
        if (is_request) {
            out.push_back(json{{"jsonrpc", "2.0"},
                               {"id", message["id"]},
                               {"error", {{"code", invalid_params}, {"message", e.what()}}}});
        }
    } catch (const std::exception& e) {
        if (is_request) {
            out.push_back(json{{"jsonrpc", "2.0"},
                               {"id", message["id"]},
                               {"error", {{"code", internal_error}, {"message", e.what()}}}});
        }
    }
    return out;
}

int serve(std::istream& in, std::ostream& out) {
    Server server;
    while (!server.exited()) {
        std::string error;
        auto body = read_message(in, error);
        if (!body) {
            if (error.empty()) {
                break;  // end of input
            }
            continue;  // a broken frame: skip it and read on
        }
        json message = json::parse(*body, nullptr, false);
        if (message.is_discarded()) {
            write_message(out, json{{"jsonrpc", "2.0"},
                                    {"id", nullptr},
                                    {"error", {{"code", -32700}, {"message", "parse error"}}}}
                                   .dump());
            continue;
        }
        for (const json& reply : server.handle(message)) {
            write_message(out, reply.dump(-1, ' ', false, json::error_handler_t::replace));
        }
    }
    return server.exit_code();
}

}  // namespace regels::lsp
