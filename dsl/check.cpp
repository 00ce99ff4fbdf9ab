#include "dsl/check.hpp"
#include "dsl/sources.hpp"

#include "dsl/parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <unordered_set>

namespace regels::dsl {

std::optional<std::uint32_t> RecordInfo::field_index(std::string_view field) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == field) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> Program::find_rule(std::string_view qualified) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].name == qualified) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> Program::find_record(std::string_view name) const {
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].name == name || records[i].short_name == name) {
            return static_cast<std::uint32_t>(i);
        }
    }
    return std::nullopt;
}

FileId Program::file_of(ExprId e) const {
    FileId f = no_file;
    for (const auto& [first, file] : file_ranges) {
        if (e >= first) {
            f = file;
        }
    }
    return f;
}

std::string Program::type_name(TypeId type) const {
    const TypeInfo& t = types[type];
    switch (t.kind) {
        case TypeKind::error:
            return "<error>";
        case TypeKind::boolean:
            return "boolean";
        case TypeKind::integer:
            return "integer";
        case TypeKind::decimal:
            return "decimal";
        case TypeKind::money:
            return "money";
        case TypeKind::date:
            return "date";
        case TypeKind::year:
            return "year";
        case TypeKind::text:
            return "text";
        case TypeKind::none:
            return "none";
        case TypeKind::enumeration:
            return enums[t.ref].name.substr(enums[t.ref].name.rfind('.') + 1);
        case TypeKind::record:
            return records[t.ref].short_name;
        case TypeKind::group: {
            const GroupInfo& gi = groups[t.ref];
            std::string keys;
            for (const GroupKey& k : gi.keys) {
                keys += (keys.empty() ? "" : ", ") + k.name;
            }
            return fmt::format("{} by {}", records[gi.record].short_name, keys);
        }
        case TypeKind::set:
            return "set of " + type_name(t.element);
        case TypeKind::list:
            return "list of " + type_name(t.element);
        case TypeKind::optional:
            return "optional " + type_name(t.element);
        case TypeKind::range:
            return "range of " + type_name(t.element);
    }
    return "?";
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<std::string> closest(std::string_view name,
                                   const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_d = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const std::string& c : candidates) {
        std::size_t d = edit_distance(name, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

struct Symbol {
    enum class Kind : std::uint8_t { document, enumeration, record, parameter, rule } kind;
    std::uint32_t index;
    Location where;
};

const char* to_string(Symbol::Kind kind) {
    switch (kind) {
        case Symbol::Kind::document:
            return "document";
        case Symbol::Kind::enumeration:
            return "enum";
        case Symbol::Kind::record:
            return "record";
        case Symbol::Kind::parameter:
            return "parameter";
        case Symbol::Kind::rule:
            return "rule";
    }
    return "?";
}

struct ModuleScope {
    std::unordered_map<std::string, Symbol> symbols;
    std::vector<std::pair<std::string, std::uint32_t>> imports;  // alias -> module
    std::vector<Span> import_spans;                              // parallel to imports
    FileId file = no_file;
    const FileAst* ast = nullptr;
};

struct Local {
    std::string name;
    std::uint32_t slot;
    TypeId type;
};

class Checker {
public:
    Checker(Program& p, DiagnosticBag& bag, const BuiltinTable& builtins, const CheckOptions& o)
        : p_(p), bag_(bag), builtins_(builtins), options_(o) {}

    void run(const std::vector<FileId>& files);

private:
    Program& p_;
    DiagnosticBag& bag_;
    const BuiltinTable& builtins_;
    CheckOptions options_;
    TypeTable& t_ = p_.types;

    std::vector<ModuleScope> scopes_;
    std::vector<const RuleDecl*> rule_decls_;
    std::vector<const ParameterDecl*> param_decls_;
    std::vector<const RecordDecl*> record_decls_;
    std::vector<const EnumDecl*> enum_decls_;
    std::vector<std::uint32_t> record_module_;
    std::vector<std::uint32_t> enum_module_;
    std::vector<std::uint32_t> param_module_;
    std::vector<std::uint32_t> doc_module_;
    std::vector<std::pair<const TableDecl*, std::uint32_t>> table_decls_;
    std::vector<std::pair<const CiteDecl*, std::uint32_t>> cite_decls_;
    std::vector<std::uint32_t> module_area_doc_;
    std::vector<const DocumentDecl*> doc_decls_;  // per module: the area document it declares

    std::vector<bool> rule_used_, param_used_, enum_used_, record_used_, doc_used_;
    std::vector<std::vector<std::uint32_t>> deps_;

    // Context of the expression being checked.
    std::uint32_t module_ = 0;
    FileId file_ = no_file;
    std::optional<std::uint32_t> rule_;
    bool constant_ = false;
    bool in_test_ = false;
    const char* constant_what_ = "";
    std::vector<Local> locals_;
    std::uint32_t next_slot_ = 0;
    std::uint32_t max_slot_ = 0;

    Location at(Span s) const {
        return Location{file_, s};
    }
    Location at(ExprId e) const {
        return Location{file_, p_.ast.expr(e).span};
    }
    DiagnosticBag::Builder error(Code code, Location where, std::string message) {
        return bag_.report(code, where, std::move(message));
    }
    std::string tn(TypeId t) const {
        return p_.type_name(t);
    }
    TypeId set_type(ExprId e, TypeId t) {
        p_.expr_type[e] = t;
        return t;
    }
    bool is_error(TypeId t) const {
        return t_.kind(t) == TypeKind::error;
    }
    bool is_numeric(TypeId t) const {
        TypeKind k = t_.kind(t);
        return k == TypeKind::integer || k == TypeKind::decimal;
    }

    // ---- declarations ----
    void collect(std::uint32_t module);
    void add_symbol(std::uint32_t module, const Ident& name, Symbol::Kind kind,
                    std::uint32_t index);
    void resolve_imports(std::uint32_t module);
    std::optional<Symbol> lookup(std::string_view name, Span span, bool report,
                                 std::optional<Symbol::Kind> want = std::nullopt);
    std::optional<Symbol> lookup_in(std::uint32_t module, std::string_view name) const;
    std::optional<std::uint32_t> module_alias(std::string_view name) const;
    TypeId resolve_type(const TypeExpr& te);
    std::uint32_t resolve_document(const Ident& doc);
    std::vector<CitationInfo> citations(const std::vector<Citation>& list, std::string carrier,
                                        std::uint32_t area_doc = no_index);
    void link_documents();
    void check_cites();
    void declare_records_and_enums();
    void declare_rules();
    void declare_parameters();
    std::optional<std::uint32_t> group_for(std::uint32_t record, const std::vector<Ident>& keys);
    void check_rules();
    void check_parameters();
    void check_tables();
    void check_tests();
    void check_exceptions(RuleInfo& rule, const RuleDecl& decl);
    void check_cycles();
    void check_import_cycles();
    void lint();

    // ---- expressions ----
    TypeId check(ExprId e);
    bool coerce(ExprId e, TypeId have, TypeId want);
    std::optional<TypeId> unify(TypeId a, TypeId b) const;
    bool is_int_literal(ExprId e) const;
    void mark_year(ExprId e);
    TypeId check_name(ExprId e, const NameRef& n);
    TypeId check_member(ExprId e, const Member& m);
    TypeId check_call(ExprId e, const Call& c);
    TypeId check_binary(ExprId e, const Binary& b);
    TypeId check_aggregate(ExprId e, const Aggregate& a);
    TypeId check_allocate(ExprId e, const Allocate& a);
    TypeId check_match(ExprId e, const Match& m);
    TypeId check_round(ExprId e, const Round& r);
    std::optional<TypeId> element_of_collection(ExprId coll, TypeId t);
    TypeId resolve_rule_ref(ExprId e, std::uint32_t rule, bool called);
    std::uint32_t bind(const std::string& name, TypeId type);
    void reject_optional(ExprId e, TypeId t);
    std::vector<std::string> visible_names() const;
};

// ---- collection ---------------------------------------------------------------------------------

void Checker::add_symbol(std::uint32_t module, const Ident& name, Symbol::Kind kind,
                         std::uint32_t index) {
    ModuleScope& scope = scopes_[module];
    Location where{scope.file, name.span};
    auto [it, inserted] = scope.symbols.emplace(name.text, Symbol{kind, index, where});
    if (!inserted) {
        error(Code::E2002, where,
              fmt::format("`{}` is declared twice in module `{}`", name.text,
                          p_.modules[module].name))
            .note(it->second.where,
                  fmt::format("first declared here as a {}", to_string(it->second.kind)))
            .hint("rename one of them, or remove the duplicate");
    }
}

void Checker::collect(std::uint32_t module) {
    const FileAst& fa = *scopes_[module].ast;
    const std::string& mod = p_.modules[module].name;
    file_ = fa.file;
    for (const Decl& d : fa.decls) {
        std::visit(
            [&](const auto& decl) {
                using T = std::decay_t<decltype(decl)>;
                if constexpr (std::is_same_v<T, DocumentDecl>) {
                    auto idx = static_cast<std::uint32_t>(p_.documents.size());
                    DocumentInfo info{mod + "." + decl.name.text, decl.title, decl.url, decl.date,
                                      at(decl.name.span)};
                    if (decl.per_field) {
                        info.per_field = decl.per_field->text;
                    }
                    if (decl.for_field) {
                        info.area = decl.for_value.value_or("");
                        if (module_area_doc_[module] == no_index) {
                            module_area_doc_[module] = idx;
                        }
                    }
                    info.text = decl.text;
                    std::string path(p_.sources->file(fa.file).name());
                    auto slash = path.rfind('/');
                    info.text_dir = slash == std::string::npos ? "." : path.substr(0, slash);
                    std::unordered_map<std::string, Span> seen;
                    for (const SectionDecl& sec : decl.sections) {
                        auto [it, ok] = seen.emplace(sec.title, sec.span);
                        if (!ok) {
                            error(Code::E2024, at(sec.span),
                                  fmt::format("document `{}` lists section \"{}\" twice",
                                              decl.name.text, sec.title))
                                .note(at(it->second), "first listed here");
                            continue;
                        }
                        info.sections.push_back(
                            SectionInfo{sec.title, sec.not_encoded, at(sec.span)});
                    }
                    p_.documents.push_back(std::move(info));
                    doc_decls_.push_back(&decl);
                    doc_module_.push_back(module);
                    add_symbol(module, decl.name, Symbol::Kind::document, idx);
                } else if constexpr (std::is_same_v<T, EnumDecl>) {
                    auto idx = static_cast<std::uint32_t>(p_.enums.size());
                    EnumInfo info{mod + "." + decl.name.text, {}, at(decl.name.span)};
                    std::unordered_map<std::string, Span> seen;
                    for (const Ident& c : decl.cases) {
                        auto [it, ok] = seen.emplace(c.text, c.span);
                        if (!ok) {
                            error(Code::E2024, at(c.span),
                                  fmt::format("enum `{}` lists `{}` twice", decl.name.text, c.text))
                                .note(at(it->second), "first listed here");
                            continue;
                        }
                        info.cases.push_back(c.text);
                    }
                    p_.enums.push_back(std::move(info));
                    enum_decls_.push_back(&decl);
                    enum_module_.push_back(module);
                    add_symbol(module, decl.name, Symbol::Kind::enumeration, idx);
                } else if constexpr (std::is_same_v<T, RecordDecl>) {
                    auto idx = static_cast<std::uint32_t>(p_.records.size());
                    RecordInfo info;
                    info.name = mod + "." + decl.name.text;
                    info.short_name = decl.name.text;
                    info.where = at(decl.name.span);
                    p_.records.push_back(std::move(info));
                    record_decls_.push_back(&decl);
                    record_module_.push_back(module);
                    add_symbol(module, decl.name, Symbol::Kind::record, idx);
                } else if constexpr (std::is_same_v<T, ParameterDecl>) {
                    auto idx = static_cast<std::uint32_t>(p_.parameters.size());
                    ParameterInfo info;
                    info.name = mod + "." + decl.name.text;
                    info.where = at(decl.name.span);
                    p_.parameters.push_back(std::move(info));
                    param_decls_.push_back(&decl);
                    param_module_.push_back(module);
                    add_symbol(module, decl.name, Symbol::Kind::parameter, idx);
                } else if constexpr (std::is_same_v<T, RuleDecl>) {
                    auto idx = static_cast<std::uint32_t>(p_.rules.size());
                    RuleInfo info;
                    info.name = mod + "." + decl.name.text;
                    info.short_name = decl.name.text;
                    info.kind = decl.kind;
                    info.result = t_.boolean();
                    info.body = decl.body;
                    info.where = at(decl.name.span);
                    info.module = module;
                    p_.rules.push_back(std::move(info));
                    rule_decls_.push_back(&decl);
                    add_symbol(module, decl.name, Symbol::Kind::rule, idx);
                } else if constexpr (std::is_same_v<T, TableDecl>) {
                    table_decls_.emplace_back(&decl, module);
                } else if constexpr (std::is_same_v<T, CiteDecl>) {
                    cite_decls_.emplace_back(&decl, module);
                } else if constexpr (std::is_same_v<T, TestDecl>) {
                    p_.tests.push_back(TestInfo{&decl, fa.file, module, 0});
                } else {
                    static_assert(std::is_same_v<T, ModuleDecl> || std::is_same_v<T, ImportDecl>);
                }
            },
            d);
    }
}

void Checker::resolve_imports(std::uint32_t module) {
    const FileAst& fa = *scopes_[module].ast;
    file_ = fa.file;
    for (const Decl& d : fa.decls) {
        const auto* imp = std::get_if<ImportDecl>(&d);
        if (imp == nullptr) {
            continue;
        }
        std::optional<std::uint32_t> target;
        std::vector<std::string> names;
        for (std::size_t i = 0; i < p_.modules.size(); ++i) {
            names.push_back(p_.modules[i].name);
            if (p_.modules[i].name == imp->module.text) {
                target = static_cast<std::uint32_t>(i);
            }
        }
        if (!target) {
            auto b = error(
                Code::E2012, at(imp->module.span),
                fmt::format("no module named `{}` among the rule files given", imp->module.text));
            if (auto c = closest(imp->module.text, names)) {
                b.hint(fmt::format("did you mean `{}`?", *c));
            } else {
                b.hint("pass the file that declares it to the command, or the folder it is in");
            }
            continue;
        }
        std::string alias = imp->alias ? imp->alias->text
                                       : imp->module.text.substr(imp->module.text.rfind('.') + 1);
        if (*target == module) {
            error(Code::E2027, at(imp->module.span),
                  fmt::format("module `{}` imports itself", imp->module.text))
                .hint("remove this import; a module sees its own declarations");
            continue;
        }
        scopes_[module].imports.emplace_back(alias, *target);
        scopes_[module].import_spans.push_back(imp->module.span);
    }
}

std::optional<Symbol> Checker::lookup_in(std::uint32_t module, std::string_view name) const {
    const auto& symbols = scopes_[module].symbols;
    auto it = symbols.find(std::string(name));
    if (it == symbols.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<std::uint32_t> Checker::module_alias(std::string_view name) const {
    for (const auto& [alias, target] : scopes_[module_].imports) {
        if (alias == name) {
            return target;
        }
    }
    if (p_.modules[module_].name == name) {
        return module_;
    }
    return std::nullopt;
}

// Unqualified lookup: the own module first, then every imported module; a name found in
// two imports is ambiguous and must be qualified.
std::optional<Symbol> Checker::lookup(std::string_view name, Span span, bool report,
                                      std::optional<Symbol::Kind> want) {
    auto fits = [&](const std::optional<Symbol>& s) { return s && (!want || s->kind == *want); };
    // Qualified: alias.name
    if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
        auto mod = module_alias(name.substr(0, dot));
        if (mod) {
            auto s = lookup_in(*mod, name.substr(dot + 1));
            if (fits(s)) {
                return s;
            }
        }
        if (report) {
            error(Code::E2001, at(span), fmt::format("unknown name `{}`", name));
        }
        return std::nullopt;
    }
    if (auto s = lookup_in(module_, name); fits(s)) {
        return s;
    }
    std::optional<Symbol> found;
    std::string found_in;
    for (const auto& [alias, target] : scopes_[module_].imports) {
        auto s = lookup_in(target, name);
        if (!fits(s)) {
            continue;
        }
        if (found && found->index != s->index) {
            if (report) {
                error(Code::E2016, at(span),
                      fmt::format("`{}` is declared in both `{}` and `{}`", name, found_in, alias))
                    .note(found->where, "one is here")
                    .note(s->where, "the other is here")
                    .hint(fmt::format("write `{}.{}` or `{}.{}`", found_in, name, alias, name));
            }
            return std::nullopt;
        }
        found = s;
        found_in = alias;
    }
    if (!found && report) {
        auto b = error(Code::E2001, at(span), fmt::format("unknown name `{}`", name));
        if (auto c = closest(name, visible_names())) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        }
    }
    return found;
}

std::vector<std::string> Checker::visible_names() const {
    std::vector<std::string> out;
    for (const Local& l : locals_) {
        out.push_back(l.name);
    }
    for (const auto& [name, sym] : scopes_[module_].symbols) {
        out.push_back(name);
    }
    for (const auto& [alias, target] : scopes_[module_].imports) {
        for (const auto& [name, sym] : scopes_[target].symbols) {
            out.push_back(name);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

TypeId Checker::resolve_type(const TypeExpr& te) {
    switch (te.kind) {
        case TypeExpr::Kind::optional: {
            TypeId inner = resolve_type(te.element[0]);
            if (t_.kind(inner) == TypeKind::optional) {
                return inner;
            }
            return t_.intern(TypeKind::optional, 0, inner);
        }
        case TypeExpr::Kind::set:
            return t_.intern(TypeKind::set, 0, resolve_type(te.element[0]));
        case TypeExpr::Kind::list:
            return t_.intern(TypeKind::list, 0, resolve_type(te.element[0]));
        case TypeExpr::Kind::range: {
            TypeId inner = resolve_type(te.element[0]);
            TypeKind k = t_.kind(inner);
            if (k != TypeKind::integer && k != TypeKind::decimal && k != TypeKind::money &&
                k != TypeKind::year && k != TypeKind::date && k != TypeKind::error) {
                error(Code::E2003, at(te.span),
                      fmt::format("a range of {} is not possible; ranges are of numbers, "
                                  "amounts, years or dates",
                                  tn(inner)));
                return t_.error_type();
            }
            return t_.intern(TypeKind::range, 0, inner);
        }
        case TypeExpr::Kind::named:
            break;
    }
    static const std::vector<std::pair<std::string_view, TypeKind>> builtin = {
        {"boolean", TypeKind::boolean}, {"integer", TypeKind::integer},
        {"decimal", TypeKind::decimal}, {"money", TypeKind::money},
        {"date", TypeKind::date},       {"year", TypeKind::year},
        {"text", TypeKind::text}};
    for (const auto& [name, kind] : builtin) {
        if (te.name.text == name) {
            return t_.intern(kind);
        }
    }
    auto sym = lookup(te.name.text, te.name.span, false);
    if (sym && sym->kind == Symbol::Kind::enumeration) {
        enum_used_[sym->index] = true;
        return t_.intern(TypeKind::enumeration, sym->index);
    }
    if (sym && sym->kind == Symbol::Kind::record) {
        record_used_[sym->index] = true;
        return t_.intern(TypeKind::record, sym->index);
    }
    std::vector<std::string> names = {"boolean", "integer", "decimal", "money",
                                      "date",    "year",    "text"};
    for (const auto& e : p_.enums) {
        names.push_back(e.name.substr(e.name.rfind('.') + 1));
    }
    for (const auto& r : p_.records) {
        names.push_back(r.short_name);
    }
    auto b = error(Code::E2019, at(te.name.span), fmt::format("unknown type `{}`", te.name.text));
    if (auto c = closest(te.name.text, names)) {
        b.hint(fmt::format("did you mean `{}`?", *c));
    } else {
        b.hint("types are boolean, integer, decimal, money, date, year, text, an enum or a record");
    }
    return t_.error_type();
}

std::uint32_t Checker::resolve_document(const Ident& doc) {
    auto sym = lookup(doc.text, doc.span, false, Symbol::Kind::document);
    if (!sym) {
        std::vector<std::string> names;
        for (const auto& d : p_.documents) {
            names.push_back(d.name.substr(d.name.rfind('.') + 1));
        }
        auto b = error(Code::E2014, at(doc.span),
                       fmt::format("`{}` is not a declared document", doc.text));
        if (auto c = closest(doc.text, names)) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        } else {
            b.hint(fmt::format("declare it: document {} \"<title>\"", doc.text));
        }
        return ~0U;
    }
    doc_used_[sym->index] = true;
    return sym->index;
}

std::vector<CitationInfo> Checker::citations(const std::vector<Citation>& list,
                                             std::string carrier, std::uint32_t area_doc) {
    std::vector<CitationInfo> out;
    for (const Citation& c : list) {
        if (c.kind != CitationKind::source) {
            auto mark = static_cast<std::uint32_t>(p_.marks.size());
            p_.marks.push_back(
                MarkInfo{c.kind, carrier, c.quote.value_or(""), at(c.span), area_doc});
            out.push_back(CitationInfo{no_index, "", c.quote.value_or(""), at(c.span), c.kind,
                                       mark, area_doc});
            continue;
        }
        std::uint32_t doc = resolve_document(c.document);
        if (doc == ~0U) {
            continue;
        }
        out.push_back(CitationInfo{doc, c.section.value_or(""), c.quote.value_or(""), at(c.span),
                                   CitationKind::source, no_index, area_doc});
    }
    return out;
}

// An area's document (`for gebied "…"`) is the instance of the `per gebied` document of the
// same name that the national rules cite.
void Checker::link_documents() {
    for (std::size_t i = 0; i < p_.documents.size(); ++i) {
        DocumentInfo& d = p_.documents[i];
        const DocumentDecl* decl = doc_decls_[i];
        if (!decl->for_field) {
            continue;
        }
        file_ = scopes_[doc_module_[i]].file;
        const std::string short_name = d.name.substr(d.name.rfind('.') + 1);
        for (std::size_t g = 0; g < p_.documents.size(); ++g) {
            const DocumentInfo& gen = p_.documents[g];
            if (g != i && gen.per_field && *gen.per_field == decl->for_field->text &&
                gen.name.substr(gen.name.rfind('.') + 1) == short_name) {
                d.instance_of = static_cast<std::uint32_t>(g);
                doc_used_[g] = true;
            }
        }
        if (!d.instance_of) {
            error(Code::E2031, at(decl->for_field->span),
                  fmt::format("`{}` is declared for {} \"{}\", but no imported document `{}` is "
                              "declared `per {}`",
                              short_name, decl->for_field->text, d.area, short_name,
                              decl->for_field->text))
                .hint(fmt::format("declare the national document as `document {} \"<title>\" "
                                  "per {}` and import its module",
                                  short_name, decl->for_field->text));
        }
        doc_used_[i] = true;
    }
}

// `cite RULE source …` in an area's file: citations (and marks) for that area's subjects.
void Checker::check_cites() {
    for (const auto& [decl, module] : cite_decls_) {
        module_ = module;
        file_ = scopes_[module].file;
        const std::string& target = decl->target.text;
        std::optional<Symbol> sym;
        auto dot = target.rfind('.');
        if (dot == std::string::npos) {
            sym = lookup(target, decl->target.span, true);
        } else if (auto m = module_alias(target.substr(0, dot))) {
            sym = lookup_in(*m, target.substr(dot + 1));
        }
        if (!sym || (sym->kind != Symbol::Kind::rule && sym->kind != Symbol::Kind::parameter)) {
            if (dot != std::string::npos || sym) {
                error(Code::E2034, at(decl->target.span),
                      fmt::format("`{}` is not a rule or parameter this file can see", target))
                    .hint("name a rule or parameter of an imported module, e.g. "
                          "`cite realisatiestimulans.grondslag`");
            }
            continue;
        }
        std::uint32_t area = module_area_doc_[module];
        if (area == no_index) {
            error(Code::E2034, at(decl->span),
                  "`cite` adds an area's own sources, but this module declares no area document")
                .hint("declare the area's agreement here, e.g. `document afspraak \"<title>\" "
                      "for gebied \"<area>\"`");
            continue;
        }
        std::string carrier = sym->kind == Symbol::Kind::rule ? p_.rules[sym->index].name
                                                               : p_.parameters[sym->index].name;
        std::vector<CitationInfo> list = citations(decl->sources, carrier, area);
        for (const CitationInfo& c : list) {
            if (c.kind == CitationKind::source && c.document != area &&
                p_.documents[c.document].instance_of != p_.documents[area].instance_of) {
                error(Code::E2034, c.where,
                      fmt::format("an area's `cite` must cite the area's own document `{}`",
                                  p_.documents[area].name.substr(
                                      p_.documents[area].name.rfind('.') + 1)))
                    .hint("national sources belong on the rule itself, in the national files");
            }
        }
        auto& into = sym->kind == Symbol::Kind::rule ? p_.rules[sym->index].area_sources
                                                      : p_.parameters[sym->index].area_sources;
        into.insert(into.end(), list.begin(), list.end());
    }
}

void Checker::declare_records_and_enums() {
    for (std::size_t i = 0; i < record_decls_.size(); ++i) {
        const RecordDecl& d = *record_decls_[i];
        module_ = record_module_[i];
        file_ = scopes_[module_].file;
        RecordInfo& r = p_.records[i];
        std::unordered_map<std::string, Span> seen;
        for (const FieldDecl& f : d.fields) {
            auto [it, ok] = seen.emplace(f.name.text, f.name.span);
            if (!ok) {
                error(
                    Code::E2024, at(f.name.span),
                    fmt::format("record `{}` declares field `{}` twice", d.name.text, f.name.text))
                    .note(at(it->second), "first declared here");
                continue;
            }
            TypeId type = resolve_type(f.type);
            TypeId base = t_.kind(type) == TypeKind::optional ? t_.element(type) : type;
            if (t_.kind(base) == TypeKind::record) {
                error(Code::E2003, at(f.type.span),
                      fmt::format("field `{}` cannot hold a record; facts are flat", f.name.text))
                    .hint("refer to the other record by its key (e.g. a text field)");
                type = t_.error_type();
            }
            p_.records[i].fields.push_back(FieldInfo{f.name.text, type, at(f.name.span)});
        }
        if (d.key.empty()) {
            error(Code::E2015, at(d.name.span),
                  fmt::format("record `{}` has no key field", d.name.text))
                .hint(fmt::format(
                    "name the field that identifies a record: record {} key id {{ ... }}",
                    d.name.text));
        }
        for (const Ident& k : d.key) {
            auto idx = r.field_index(k.text);
            if (!idx) {
                error(Code::E2015, at(k.span),
                      fmt::format("key `{}` is not a field of `{}`", k.text, d.name.text));
                continue;
            }
            TypeKind kind = t_.kind(r.fields[*idx].type);
            if (kind != TypeKind::text && kind != TypeKind::integer && kind != TypeKind::year &&
                kind != TypeKind::date && kind != TypeKind::enumeration &&
                kind != TypeKind::error) {
                error(Code::E2015, at(k.span),
                      fmt::format("key `{}` has type {}; a key must be text, integer, year, date "
                                  "or an enum",
                                  k.text, tn(r.fields[*idx].type)));
                continue;
            }
            r.key.push_back(*idx);
        }
    }
}

std::optional<std::uint32_t> Checker::group_for(std::uint32_t record,
                                                const std::vector<Ident>& keys) {
    GroupInfo g{record, {}};
    const RecordInfo& r = p_.records[record];
    bool ok = true;
    for (const Ident& k : keys) {
        if (auto f = r.field_index(k.text)) {
            TypeId type = r.fields[*f].type;
            if (t_.kind(type) == TypeKind::optional) {
                type = t_.element(type);
            }
            g.keys.push_back(GroupKey{k.text, true, *f, type});
            continue;
        }
        auto sym = lookup(k.text, k.span, false, Symbol::Kind::rule);
        if (sym && p_.rules[sym->index].params.size() == 1 &&
            t_.kind(p_.rules[sym->index].params[0].type) == TypeKind::record &&
            t_[p_.rules[sym->index].params[0].type].ref == record) {
            TypeId type = p_.rules[sym->index].result;
            if (t_.kind(type) == TypeKind::optional) {
                type = t_.element(type);
            }
            rule_used_[sym->index] = true;
            g.keys.push_back(GroupKey{k.text, false, sym->index, type});
            continue;
        }
        error(Code::E2020, at(k.span),
              fmt::format("cannot group `{}` by `{}`: it is neither a field of `{}` nor a "
                          "definition of one `{}`",
                          r.short_name, k.text, r.short_name, r.short_name));
        ok = false;
    }
    if (!ok) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < p_.groups.size(); ++i) {
        const GroupInfo& other = p_.groups[i];
        if (other.record == record && other.keys.size() == g.keys.size() &&
            std::equal(other.keys.begin(), other.keys.end(), g.keys.begin(),
                       [](const GroupKey& a, const GroupKey& b) {
                           return a.is_field == b.is_field && a.index == b.index;
                       })) {
            return static_cast<std::uint32_t>(i);
        }
    }
    p_.groups.push_back(std::move(g));
    return static_cast<std::uint32_t>(p_.groups.size() - 1);
}

void Checker::declare_rules() {
    // Results and plain parameters first: group keys may name other definitions.
    for (std::size_t i = 0; i < rule_decls_.size(); ++i) {
        const RuleDecl& d = *rule_decls_[i];
        RuleInfo& r = p_.rules[i];
        module_ = r.module;
        file_ = scopes_[module_].file;
        r.result = d.result ? resolve_type(*d.result) : t_.boolean();
        for (const Param& prm : d.params) {
            r.params.push_back(RuleParamInfo{prm.name.text, resolve_type(prm.type)});
        }
    }
    for (std::size_t i = 0; i < rule_decls_.size(); ++i) {
        const RuleDecl& d = *rule_decls_[i];
        RuleInfo& r = p_.rules[i];
        module_ = r.module;
        file_ = scopes_[module_].file;
        for (std::size_t k = 0; k < d.params.size(); ++k) {
            const Param& prm = d.params[k];
            if (prm.group_by.empty()) {
                continue;
            }
            TypeId rt = r.params[k].type;
            if (t_.kind(rt) != TypeKind::record) {
                if (!is_error(rt)) {
                    error(Code::E2020, at(prm.type.span),
                          fmt::format("only records can be grouped; `{}` is {}", prm.name.text,
                                      tn(rt)));
                }
                r.params[k].type = t_.error_type();
                continue;
            }
            auto g = group_for(t_[rt].ref, prm.group_by);
            r.params[k].type = g ? t_.intern(TypeKind::group, *g) : t_.error_type();
        }
        // The subject: what one evaluation of this rule is about.
        bool subject_like =
            r.params.size() == 1 && (t_.kind(r.params[0].type) == TypeKind::record ||
                                     t_.kind(r.params[0].type) == TypeKind::group);
        if (r.params.empty()) {
            r.subject = SubjectKind::none;
        } else if (subject_like) {
            bool rec = t_.kind(r.params[0].type) == TypeKind::record;
            r.subject = rec ? SubjectKind::record : SubjectKind::group;
            r.subject_ref = t_[r.params[0].type].ref;
        } else {
            r.subject = SubjectKind::arguments;
        }
        if (r.kind != RuleKind::definition && r.subject == SubjectKind::arguments) {
            bool any_error = std::any_of(r.params.begin(), r.params.end(),
                                         [&](const auto& q) { return is_error(q.type); });
            if (!any_error) {
                error(Code::E2017, at(d.params[0].span),
                      fmt::format("a {} is made about the whole run, one record, or one group; "
                                  "`{}` takes {} parameter(s) that are none of these",
                                  to_string(r.kind), d.name.text, d.params.size()))
                    .hint(
                        "give it one parameter: a record (`r: Registratie`) or a group "
                        "(`g: Registratie by gemeente`); or make it a `definition`");
            }
        }
    }
}

void Checker::declare_parameters() {
    for (std::size_t i = 0; i < param_decls_.size(); ++i) {
        const ParameterDecl& d = *param_decls_[i];
        module_ = param_module_[i];
        file_ = scopes_[module_].file;
        ParameterInfo& info = p_.parameters[i];
        info.type = resolve_type(d.type);
        info.sources = citations(d.sources, info.name);
        for (const Version& v : d.versions) {
            VersionInfo vi{v.from,
                           v.until,
                           v.value,
                           v.unpublished_note.value_or(""),
                           citations(v.sources, info.name + " vanaf " + format_date(v.from)),
                           at(v.span)};
            if (v.until && *v.until < v.from) {
                error(Code::E2028, at(v.span),
                      fmt::format("version of `{}` ends ({}) before it starts ({})", d.name.text,
                                  format_date(*v.until), format_date(v.from)));
            }
            info.versions.push_back(std::move(vi));
        }
        std::stable_sort(
            info.versions.begin(), info.versions.end(),
            [](const VersionInfo& a, const VersionInfo& b) { return a.from < b.from; });
    }
}

// ---- checking bodies ----------------------------------------------------------------------------

std::uint32_t Checker::bind(const std::string& name, TypeId type) {
    std::uint32_t slot = next_slot_++;
    max_slot_ = std::max(max_slot_, next_slot_);
    locals_.push_back(Local{name, slot, type});
    return slot;
}

void Checker::check_rules() {
    for (std::size_t i = 0; i < rule_decls_.size(); ++i) {
        const RuleDecl& d = *rule_decls_[i];
        RuleInfo& r = p_.rules[i];
        module_ = r.module;
        file_ = scopes_[module_].file;
        rule_ = static_cast<std::uint32_t>(i);
        locals_.clear();
        next_slot_ = 0;
        max_slot_ = 0;
        for (std::size_t k = 0; k < r.params.size(); ++k) {
            bind(r.params[k].name, r.params[k].type);
        }
        // Group keys that are definitions are inputs of every group rule.
        if (r.subject == SubjectKind::group) {
            for (const GroupKey& k : p_.groups[r.subject_ref].keys) {
                if (!k.is_field) {
                    deps_[i].push_back(k.index);
                }
            }
        }
        TypeId body = check(d.body);
        if (r.kind == RuleKind::assertion) {
            if (!is_error(body) && t_.kind(body) != TypeKind::boolean) {
                error(Code::E2003, at(d.body),
                      fmt::format("an assertion must be true or false; this is {}", tn(body)));
            }
        } else if (!coerce(d.body, body, r.result)) {
            error(Code::E2003, at(d.body),
                  fmt::format("`{}` is declared as {} but its value is {}", d.name.text,
                              tn(r.result), tn(body)))
                .note(at(d.result ? d.result->span : d.name.span), "declared type here");
        }
        r.sources = citations(d.sources, r.name);
        check_exceptions(r, d);
        r.local_count = max_slot_;
        rule_.reset();
    }
}

// Two conditions that can be seen to hold together: the same expression, `true`, or
// membership tests of one expression against constant sets that share a member.
bool can_both_hold(const Ast& ast, ExprId a, ExprId b);

std::string expr_key(const Ast& ast, ExprId e);

void Checker::check_exceptions(RuleInfo& r, const RuleDecl& d) {
    std::unordered_map<std::string, std::uint32_t> by_name;
    for (std::size_t k = 0; k < d.exceptions.size(); ++k) {
        const ExceptionClause& ex = d.exceptions[k];
        ExceptionInfo info;
        info.name = ex.name ? ex.name->text : fmt::format("exception {}", k + 1);
        info.condition = ex.condition;
        info.value = ex.value;
        info.where = at(ex.span);
        if (ex.name) {
            auto [it, ok] = by_name.emplace(ex.name->text, static_cast<std::uint32_t>(k));
            if (!ok) {
                error(Code::E2024, at(ex.name->span),
                      fmt::format("`{}` has two exceptions named `{}`", d.name.text, ex.name->text))
                    .note(r.exceptions[it->second].where, "first one here");
            }
        }
        TypeId c = check(ex.condition);
        if (!is_error(c) && t_.kind(c) != TypeKind::boolean) {
            error(Code::E2003, at(ex.condition),
                  fmt::format("the condition of an exception must be true or false; this is {}",
                              tn(c)));
        }
        TypeId v = check(ex.value);
        if (!coerce(ex.value, v, r.result)) {
            error(Code::E2003, at(ex.value),
                  fmt::format("this exception gives {}, but `{}` is {}", tn(v), d.name.text,
                              tn(r.result)));
        }
        info.sources = citations(ex.sources, r.name + ", uitzondering " + info.name);
        r.exceptions.push_back(std::move(info));
    }
    for (std::size_t k = 0; k < d.exceptions.size(); ++k) {
        for (const Ident& o : d.exceptions[k].over) {
            auto it = by_name.find(o.text);
            if (it == by_name.end()) {
                std::vector<std::string> names;
                for (const auto& [n, idx] : by_name) {
                    names.push_back(n);
                }
                auto b =
                    error(Code::E2023, at(o.span),
                          fmt::format("`{}` has no exception named `{}`", d.name.text, o.text));
                if (auto c = closest(o.text, names)) {
                    b.hint(fmt::format("did you mean `{}`?", *c));
                }
                continue;
            }
            r.exceptions[k].over.push_back(it->second);
        }
    }
    // Priority is transitive: a over b over c means a over c.
    std::size_t n = r.exceptions.size();
    std::vector<std::vector<bool>> beats(n, std::vector<bool>(n, false));
    for (std::size_t k = 0; k < n; ++k) {
        for (std::uint32_t o : r.exceptions[k].over) {
            beats[k][o] = true;
        }
    }
    for (std::size_t m = 0; m < n; ++m) {
        for (std::size_t a = 0; a < n; ++a) {
            for (std::size_t b = 0; b < n; ++b) {
                if (beats[a][m] && beats[m][b]) {
                    beats[a][b] = true;
                }
            }
        }
    }
    // The interpreter reads the closure: a over b over c means a prevails over c too.
    for (std::size_t a = 0; a < n; ++a) {
        r.exceptions[a].over.clear();
        for (std::size_t b = 0; b < n; ++b) {
            if (beats[a][b] && a != b) {
                r.exceptions[a].over.push_back(static_cast<std::uint32_t>(b));
            }
        }
    }
    for (std::size_t a = 0; a < n; ++a) {
        for (std::size_t b = a + 1; b < n; ++b) {
            if (beats[a][b] || beats[b][a]) {
                continue;
            }
            if (can_both_hold(p_.ast, r.exceptions[a].condition, r.exceptions[b].condition)) {
                error(Code::E2008, at(r.exceptions[b].condition),
                      fmt::format("exceptions `{}` and `{}` of `{}` can both apply and neither "
                                  "has priority",
                                  r.exceptions[a].name, r.exceptions[b].name, d.name.text))
                    .note(at(r.exceptions[a].condition), "the other condition is here")
                    .hint(
                        fmt::format("say which one prevails: name them and write `except {} "
                                    "over {} when ...`",
                                    d.exceptions[b].name ? d.exceptions[b].name->text : "<name>",
                                    d.exceptions[a].name ? d.exceptions[a].name->text : "<name>"));
            }
        }
    }
}

std::string expr_key(const Ast& ast, ExprId e) {
    const Expr& x = ast.expr(e);
    return std::visit(
        [&](const auto& k) -> std::string {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, NumberLit>) {
                return fmt::format("n{}:{}:{}", static_cast<int>(k.form), k.mantissa, k.scale);
            } else if constexpr (std::is_same_v<T, BoolLit>) {
                return k.value ? "true" : "false";
            } else if constexpr (std::is_same_v<T, TextLit>) {
                return "\"" + k.value + "\"";
            } else if constexpr (std::is_same_v<T, DateLit>) {
                return fmt::format("d{}", k.days);
            } else if constexpr (std::is_same_v<T, NameRef>) {
                return k.name;
            } else if constexpr (std::is_same_v<T, Member>) {
                return expr_key(ast, k.object) + "." + k.member.text;
            } else if constexpr (std::is_same_v<T, Binary>) {
                return fmt::format("({} {} {})", expr_key(ast, k.lhs), to_string(k.op),
                                   expr_key(ast, k.rhs));
            } else if constexpr (std::is_same_v<T, Unary>) {
                return fmt::format("(u{} {})", static_cast<int>(k.op), expr_key(ast, k.operand));
            } else if constexpr (std::is_same_v<T, Call>) {
                std::string s = expr_key(ast, k.callee) + "(";
                for (ExprId a : k.args) {
                    s += expr_key(ast, a) + ",";
                }
                return s + ")";
            } else if constexpr (std::is_same_v<T, SetLit> || std::is_same_v<T, ListLit>) {
                std::string s = "{";
                for (ExprId a : k.items) {
                    s += expr_key(ast, a) + ",";
                }
                return s + "}";
            } else {
                // Other forms are compared by identity only.
                return fmt::format("#{}", e);
            }
        },
        x.kind);
}

bool can_both_hold(const Ast& ast, ExprId a, ExprId b) {
    auto is_true = [&](ExprId e) {
        const auto* lit = std::get_if<BoolLit>(&ast.expr(e).kind);
        return lit != nullptr && lit->value;
    };
    if (is_true(a) || is_true(b) || expr_key(ast, a) == expr_key(ast, b)) {
        return true;
    }
    // x == c / x in {c1, c2}: the constants each condition accepts for the same x.
    auto accepted = [&](ExprId e, std::string& subject) -> std::optional<std::set<std::string>> {
        const auto* bin = std::get_if<Binary>(&ast.expr(e).kind);
        if (bin == nullptr) {
            return std::nullopt;
        }
        if (bin->op == BinaryOp::eq) {
            subject = expr_key(ast, bin->lhs);
            return std::set<std::string>{expr_key(ast, bin->rhs)};
        }
        if (bin->op == BinaryOp::in) {
            const auto* set = std::get_if<SetLit>(&ast.expr(bin->rhs).kind);
            if (set == nullptr) {
                return std::nullopt;
            }
            subject = expr_key(ast, bin->lhs);
            std::set<std::string> out;
            for (ExprId item : set->items) {
                out.insert(expr_key(ast, item));
            }
            return out;
        }
        return std::nullopt;
    };
    std::string sa;
    std::string sb;
    auto ca = accepted(a, sa);
    auto cb = accepted(b, sb);
    if (ca && cb && sa == sb) {
        return std::any_of(ca->begin(), ca->end(), [&](const auto& v) { return cb->count(v) > 0; });
    }
    return false;
}

void Checker::check_parameters() {
    for (std::size_t i = 0; i < param_decls_.size(); ++i) {
        const ParameterDecl& d = *param_decls_[i];
        ParameterInfo& info = p_.parameters[i];
        module_ = param_module_[i];
        file_ = scopes_[module_].file;
        constant_ = true;
        constant_what_ = "a parameter value";
        locals_.clear();
        for (const VersionInfo& v : info.versions) {
            if (v.value == no_expr) {
                continue;
            }
            TypeId t = check(v.value);
            if (!coerce(v.value, t, info.type)) {
                error(Code::E2003, at(v.value),
                      fmt::format("`{}` is {} but this version's value is {}", d.name.text,
                                  tn(info.type), tn(t)));
            }
        }
        constant_ = false;
        // Validity: versions must not overlap, and must leave no gap between them or inside
        // the declared period.
        const auto& vs = info.versions;
        for (std::size_t k = 1; k < vs.size(); ++k) {
            const VersionInfo& prev = vs[k - 1];
            const VersionInfo& next = vs[k];
            if (!prev.until || *prev.until >= next.from) {
                error(Code::E2009, next.where,
                      fmt::format("this version of `{}` starts on {}, while the version before "
                                  "it is still valid",
                                  d.name.text, format_date(next.from)))
                    .note(prev.where, prev.until
                                          ? fmt::format("valid until {}", format_date(*prev.until))
                                          : std::string("valid with no end date"))
                    .hint("end the earlier version the day before this one starts");
            } else if (*prev.until + 1 < next.from) {
                error(Code::E2010, next.where,
                      fmt::format("`{}` has no value from {} to {}", d.name.text,
                                  format_date(*prev.until + 1), format_date(next.from - 1)))
                    .note(prev.where, "the version before the gap")
                    .hint(
                        "declare a version for the gap, as `unpublished` if its value is not "
                        "known yet");
            }
        }
        if (d.period && !vs.empty()) {
            auto [from, until] = *d.period;
            if (vs.front().from > from) {
                error(Code::E2010, at(d.period_span),
                      fmt::format("`{}` must have a value during {}..{}, but its first version "
                                  "starts on {}",
                                  d.name.text, format_date(from), format_date(until),
                                  format_date(vs.front().from)))
                    .note(vs.front().where, "first version");
            }
            if (vs.back().until && *vs.back().until < until) {
                error(Code::E2010, at(d.period_span),
                      fmt::format("`{}` must have a value during {}..{}, but its last version "
                                  "ends on {}",
                                  d.name.text, format_date(from), format_date(until),
                                  format_date(*vs.back().until)))
                    .note(vs.back().where, "last version");
            }
        }
    }
}

void Checker::check_tables() {
    for (const auto& [decl, module] : table_decls_) {
        module_ = module;
        file_ = scopes_[module].file;
        auto sym = lookup(decl->record.text, decl->record.span, false, Symbol::Kind::record);
        if (!sym) {
            error(Code::E2019, at(decl->record.span),
                  fmt::format("unknown record type `{}`", decl->record.text));
            continue;
        }
        record_used_[sym->index] = true;
        const RecordInfo& rec = p_.records[sym->index];
        constant_ = true;
        constant_what_ = "a table value";
        for (const TableRow& row : decl->rows) {
            TableRowInfo info{sym->index, std::vector<ExprId>(rec.fields.size(), no_expr),
                              at(row.span)};
            for (const RowField& f : row.fields) {
                auto idx = rec.field_index(f.name.text);
                if (!idx) {
                    std::vector<std::string> names;
                    for (const auto& fi : rec.fields) {
                        names.push_back(fi.name);
                    }
                    auto b =
                        error(Code::E2021, at(f.name.span),
                              fmt::format("`{}` has no field `{}`", rec.short_name, f.name.text));
                    if (auto c = closest(f.name.text, names)) {
                        b.hint(fmt::format("did you mean `{}`?", *c));
                    }
                    continue;
                }
                TypeId t = check(f.value);
                if (!coerce(f.value, t, rec.fields[*idx].type)) {
                    error(Code::E2021, at(f.value),
                          fmt::format("field `{}` is {}, but the value is {}", f.name.text,
                                      tn(rec.fields[*idx].type), tn(t)));
                }
                info.values[*idx] = f.value;
            }
            for (std::size_t k = 0; k < rec.fields.size(); ++k) {
                if (info.values[k] == no_expr &&
                    t_.kind(rec.fields[k].type) != TypeKind::optional) {
                    error(Code::E2021, at(row.span),
                          fmt::format("this `{}` row has no value for `{}`", rec.short_name,
                                      rec.fields[k].name));
                }
            }
            info.sources = citations(row.sources, "tabel " + rec.short_name, module_area_doc_[module]);
            p_.table_rows.push_back(std::move(info));
        }
        constant_ = false;
    }
}

void Checker::check_tests() {
    for (TestInfo& test : p_.tests) {
        const TestDecl& d = *test.decl;
        module_ = test.module;
        file_ = test.file;
        locals_.clear();
        next_slot_ = 0;
        max_slot_ = 0;
        constant_ = true;
        in_test_ = true;
        constant_what_ = "a test value";
        // Case variables: typed by the values in their column.
        std::vector<TypeId> column(d.case_vars.size(), t_.error_type());
        for (const auto& row : d.cases) {
            if (row.size() != d.case_vars.size()) {
                error(Code::E2030, at(p_.ast.expr(row.empty() ? 0 : row[0]).span),
                      fmt::format("this case has {} values for {} names", row.size(),
                                  d.case_vars.size()));
                continue;
            }
            for (std::size_t k = 0; k < row.size(); ++k) {
                TypeId t = check(row[k]);
                if (is_error(column[k])) {
                    column[k] = t;
                } else if (auto u = unify(column[k], t)) {
                    column[k] = *u;
                } else {
                    error(Code::E2030, at(row[k]),
                          fmt::format("`{}` is {} in an earlier case but {} here",
                                      d.case_vars[k].text, tn(column[k]), tn(t)));
                }
            }
        }
        for (std::size_t k = 0; k < d.case_vars.size(); ++k) {
            bind(d.case_vars[k].text, column[k]);
        }
        for (const TestStep& step : d.steps) {
            switch (step.kind) {
                case TestStep::Kind::facts:
                    break;
                case TestStep::Kind::given: {
                    auto sym =
                        lookup(step.record.text, step.record.span, false, Symbol::Kind::record);
                    if (!sym) {
                        error(Code::E2019, at(step.record.span),
                              fmt::format("unknown record type `{}`", step.record.text));
                        break;
                    }
                    const RecordInfo& rec = p_.records[sym->index];
                    std::set<std::string> present;
                    for (const RowField& f : step.row.fields) {
                        auto idx = rec.field_index(f.name.text);
                        TypeId t = check(f.value);
                        if (!idx) {
                            error(
                                Code::E2021, at(f.name.span),
                                fmt::format("`{}` has no field `{}`", rec.short_name, f.name.text));
                            continue;
                        }
                        present.insert(f.name.text);
                        if (!coerce(f.value, t, rec.fields[*idx].type)) {
                            error(Code::E2021, at(f.value),
                                  fmt::format("field `{}` is {}, but the value is {}", f.name.text,
                                              tn(rec.fields[*idx].type), tn(t)));
                        }
                    }
                    for (const FieldInfo& f : rec.fields) {
                        if (present.count(f.name) == 0 && t_.kind(f.type) != TypeKind::optional) {
                            error(Code::E2021, at(step.row.span),
                                  fmt::format("this `{}` has no value for `{}`", rec.short_name,
                                              f.name));
                        }
                    }
                    break;
                }
                case TestStep::Kind::expect_value:
                case TestStep::Kind::expect_error:
                case TestStep::Kind::expect_cites: {
                    const Target& tg = step.target;
                    auto sym = lookup(tg.rule.text, tg.rule.span, true, Symbol::Kind::rule);
                    if (!sym) {
                        break;
                    }
                    rule_used_[sym->index] = true;
                    const RuleInfo& r = p_.rules[sym->index];
                    const Subject& sj = tg.subject;
                    bool fits = true;
                    if (r.subject == SubjectKind::none) {
                        fits = sj.kind == Subject::Kind::none;
                    } else if (r.subject == SubjectKind::record) {
                        fits = sj.kind == Subject::Kind::record;
                        if (fits) {
                            auto rs =
                                lookup(sj.record.text, sj.record.span, false, Symbol::Kind::record);
                            fits = rs && rs->index == r.subject_ref;
                            if (fits) {
                                check(sj.key);
                            }
                        }
                    } else if (r.subject == SubjectKind::group) {
                        fits = sj.kind == Subject::Kind::group;
                        const GroupInfo& gi = p_.groups[r.subject_ref];
                        if (fits) {
                            fits = sj.group_keys.size() == gi.keys.size();
                            for (std::size_t k = 0; fits && k < gi.keys.size(); ++k) {
                                fits = sj.group_keys[k].name.text == gi.keys[k].name;
                                TypeId kt = check(sj.group_keys[k].value);
                                fits = fits && coerce(sj.group_keys[k].value, kt, gi.keys[k].type);
                            }
                        }
                    } else {
                        fits = false;
                    }
                    if (!fits) {
                        std::string want =
                            r.subject == SubjectKind::none
                                ? std::string("no subject: `") + tg.rule.text + "`"
                            : r.subject == SubjectKind::record
                                ? fmt::format("a `{}` record: `{}({} \"<key>\")`",
                                              p_.records[r.subject_ref].short_name, tg.rule.text,
                                              p_.records[r.subject_ref].short_name)
                            : r.subject == SubjectKind::group
                                ? std::string("the group's key fields, e.g. `(") +
                                      p_.groups[r.subject_ref].keys[0].name + ": ...)`"
                                : std::string("a decision, not a definition with arguments");
                        error(Code::E2030, at(tg.span),
                              fmt::format("`{}` does not fit this subject", tg.rule.text))
                            .hint("it takes " + want);
                        break;
                    }
                    if (step.kind == TestStep::Kind::expect_value) {
                        TypeId t = check(step.expected);
                        if (!coerce(step.expected, t, r.result)) {
                            error(Code::E2030, at(step.expected),
                                  fmt::format("`{}` is {}, but the expected value is {}",
                                              tg.rule.text, tn(r.result), tn(t)));
                        }
                    } else if (step.kind == TestStep::Kind::expect_error) {
                        const auto& codes = all_codes();
                        bool known = std::any_of(
                            codes.begin(), codes.end(),
                            [&](const CodeInfo& c) { return step.error_code.text == c.id; });
                        if (!known) {
                            error(
                                Code::E2030, at(step.error_code.span),
                                fmt::format("`{}` is not a diagnostic code", step.error_code.text))
                                .hint("codes look like E3004; `regels codes` lists them");
                        }
                    } else {
                        resolve_document(step.document);
                    }
                    break;
                }
            }
        }
        constant_ = false;
        in_test_ = false;
        test.local_count = max_slot_;
    }
}

// ---- expressions --------------------------------------------------------------------------------

bool Checker::is_int_literal(ExprId e) const {
    const Expr& x = p_.ast.expr(e);
    if (const auto* n = std::get_if<NumberLit>(&x.kind)) {
        return n->form == NumberForm::integer;
    }
    if (const auto* r = std::get_if<RangeLit>(&x.kind)) {
        return is_int_literal(r->low) && is_int_literal(r->high);
    }
    if (const auto* s = std::get_if<SetLit>(&x.kind)) {
        return !s->items.empty() && std::all_of(s->items.begin(), s->items.end(),
                                                [&](ExprId i) { return is_int_literal(i); });
    }
    return false;
}

void Checker::mark_year(ExprId e) {
    const Expr& x = p_.ast.expr(e);
    if (std::holds_alternative<NumberLit>(x.kind)) {
        p_.literal_as_year[e] = true;
        p_.expr_type[e] = t_.year();
    } else if (const auto* r = std::get_if<RangeLit>(&x.kind)) {
        mark_year(r->low);
        mark_year(r->high);
        p_.expr_type[e] = t_.intern(TypeKind::range, 0, t_.year());
    } else if (const auto* s = std::get_if<SetLit>(&x.kind)) {
        for (ExprId i : s->items) {
            mark_year(i);
        }
        p_.expr_type[e] = t_.intern(TypeKind::set, 0, t_.year());
    }
}

// Can a value of type `have` (expression e) stand where `want` is expected?
bool Checker::coerce(ExprId e, TypeId have, TypeId want) {
    if (have == want || is_error(have) || is_error(want)) {
        return true;
    }
    TypeKind hk = t_.kind(have);
    TypeKind wk = t_.kind(want);
    if (hk == TypeKind::integer && wk == TypeKind::decimal) {
        return true;
    }
    if (hk == TypeKind::integer && wk == TypeKind::year && is_int_literal(e)) {
        mark_year(e);
        return true;
    }
    // In a test, a case-table column of whole numbers can fill a year (the runner converts).
    if (hk == TypeKind::integer && wk == TypeKind::year && in_test_ &&
        p_.resolution[e].kind == Resolution::Kind::local) {
        return true;
    }
    if ((hk == TypeKind::set || hk == TypeKind::range) && hk == wk &&
        t_.kind(t_.element(want)) == TypeKind::year && is_int_literal(e)) {
        mark_year(e);
        return true;
    }
    if (hk == TypeKind::set && wk == TypeKind::set) {
        // The empty set literal fits every set type; element-wise otherwise.
        const auto* s = std::get_if<SetLit>(&p_.ast.expr(e).kind);
        if (s != nullptr) {
            bool ok = true;
            for (ExprId item : s->items) {
                ok = coerce(item, p_.expr_type[item], t_.element(want)) && ok;
            }
            if (ok) {
                p_.expr_type[e] = want;
            }
            return ok;
        }
        return t_.element(have) == t_.intern(TypeKind::none);
    }
    if (hk == TypeKind::list && wk == TypeKind::list) {
        const auto* s = std::get_if<ListLit>(&p_.ast.expr(e).kind);
        if (s != nullptr) {
            bool ok = true;
            for (ExprId item : s->items) {
                ok = coerce(item, p_.expr_type[item], t_.element(want)) && ok;
            }
            return ok;
        }
        return false;
    }
    if (wk == TypeKind::optional) {
        return hk == TypeKind::none || coerce(e, have, t_.element(want));
    }
    return false;
}

std::optional<TypeId> Checker::unify(TypeId a, TypeId b) const {
    if (a == b || is_error(b)) {
        return a;
    }
    if (is_error(a)) {
        return b;
    }
    TypeKind ak = t_.kind(a);
    TypeKind bk = t_.kind(b);
    auto& types = const_cast<TypeTable&>(t_);
    if ((ak == TypeKind::integer && bk == TypeKind::decimal) ||
        (ak == TypeKind::decimal && bk == TypeKind::integer)) {
        return types.decimal();
    }
    if (ak == TypeKind::none && bk != TypeKind::optional) {
        return types.intern(TypeKind::optional, 0, b);
    }
    if (bk == TypeKind::none && ak != TypeKind::optional) {
        return types.intern(TypeKind::optional, 0, a);
    }
    if (ak == TypeKind::none) {
        return b;
    }
    if (bk == TypeKind::none) {
        return a;
    }
    if (ak == TypeKind::optional && t_.element(a) == b) {
        return a;
    }
    if (bk == TypeKind::optional && t_.element(b) == a) {
        return b;
    }
    if (ak == TypeKind::set && bk == TypeKind::set) {
        if (t_.kind(t_.element(a)) == TypeKind::none) {
            return b;
        }
        if (t_.kind(t_.element(b)) == TypeKind::none) {
            return a;
        }
    }
    return std::nullopt;
}

void Checker::reject_optional(ExprId e, TypeId t) {
    if (t_.kind(t) == TypeKind::optional) {
        error(Code::E2018, at(e), fmt::format("this value is {} and may be absent", tn(t)))
            .hint(fmt::format("write `required({})` if it must be there, or `{} otherwise "
                              "<default>`",
                              p_.sources->file(file_).slice(p_.ast.expr(e).span),
                              p_.sources->file(file_).slice(p_.ast.expr(e).span)));
    }
}

TypeId Checker::check(ExprId e) {
    const Expr& x = p_.ast.expr(e);
    TypeId t = std::visit(
        [&](const auto& k) -> TypeId {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, NumberLit>) {
                switch (k.form) {
                    case NumberForm::integer:
                        return t_.integer();
                    case NumberForm::money:
                        return t_.money();
                    case NumberForm::percent:
                        return t_.decimal();
                }
                return t_.error_type();
            } else if constexpr (std::is_same_v<T, BoolLit>) {
                return t_.boolean();
            } else if constexpr (std::is_same_v<T, TextLit>) {
                return t_.text();
            } else if constexpr (std::is_same_v<T, DateLit>) {
                return t_.date();
            } else if constexpr (std::is_same_v<T, NoneLit>) {
                return t_.none();
            } else if constexpr (std::is_same_v<T, NameRef>) {
                return check_name(e, k);
            } else if constexpr (std::is_same_v<T, Member>) {
                return check_member(e, k);
            } else if constexpr (std::is_same_v<T, Call>) {
                return check_call(e, k);
            } else if constexpr (std::is_same_v<T, Unary>) {
                TypeId o = check(k.operand);
                if (is_error(o)) {
                    return o;
                }
                reject_optional(k.operand, o);
                if (k.op == UnaryOp::logical_not) {
                    if (t_.kind(o) != TypeKind::boolean) {
                        error(Code::E2004, at(e),
                              fmt::format("`not` needs true or false, not {}", tn(o)));
                        return t_.error_type();
                    }
                    return o;
                }
                TypeKind ok = t_.kind(o);
                if (ok != TypeKind::integer && ok != TypeKind::decimal && ok != TypeKind::money) {
                    error(Code::E2004, at(e), fmt::format("cannot negate {}", tn(o)));
                    return t_.error_type();
                }
                return o;
            } else if constexpr (std::is_same_v<T, Binary>) {
                return check_binary(e, k);
            } else if constexpr (std::is_same_v<T, IfExpr>) {
                TypeId c = check(k.condition);
                if (!is_error(c) && t_.kind(c) != TypeKind::boolean) {
                    error(Code::E2003, at(k.condition),
                          fmt::format("the condition of `if` must be true or false; this is {}",
                                      tn(c)));
                }
                TypeId a = check(k.then_branch);
                TypeId b = check(k.else_branch);
                if (auto u = unify(a, b)) {
                    coerce(k.then_branch, a, *u);
                    coerce(k.else_branch, b, *u);
                    return *u;
                }
                if (is_int_literal(k.then_branch) && t_.kind(b) == TypeKind::year) {
                    mark_year(k.then_branch);
                    return b;
                }
                if (is_int_literal(k.else_branch) && t_.kind(a) == TypeKind::year) {
                    mark_year(k.else_branch);
                    return a;
                }
                error(Code::E2003, at(k.else_branch),
                      fmt::format("the branches of `if` differ: `then` gives {}, `else` gives {}",
                                  tn(a), tn(b)))
                    .note(at(k.then_branch), "the `then` branch");
                return t_.error_type();
            } else if constexpr (std::is_same_v<T, SetLit> || std::is_same_v<T, ListLit>) {
                TypeId elem = t_.none();
                bool first = true;
                for (ExprId item : k.items) {
                    TypeId it = check(item);
                    if (first) {
                        elem = it;
                        first = false;
                        continue;
                    }
                    if (auto u = unify(elem, it)) {
                        elem = *u;
                    } else {
                        error(Code::E2003, at(item),
                              fmt::format("all elements must have one type; this is {}, earlier "
                                          "ones are {}",
                                          tn(it), tn(elem)));
                    }
                }
                return t_.intern(std::is_same_v<T, SetLit> ? TypeKind::set : TypeKind::list, 0,
                                 elem);
            } else if constexpr (std::is_same_v<T, RangeLit>) {
                TypeId lo = check(k.low);
                TypeId hi = check(k.high);
                auto u = unify(lo, hi);
                if (!u) {
                    if (is_int_literal(k.low) && t_.kind(hi) == TypeKind::year) {
                        mark_year(k.low);
                        u = hi;
                    } else if (is_int_literal(k.high) && t_.kind(lo) == TypeKind::year) {
                        mark_year(k.high);
                        u = lo;
                    } else {
                        error(Code::E2003, at(e),
                              fmt::format("a range needs two ends of one type; these are {} and {}",
                                          tn(lo), tn(hi)));
                        return t_.error_type();
                    }
                }
                TypeKind uk = t_.kind(*u);
                if (uk != TypeKind::integer && uk != TypeKind::decimal && uk != TypeKind::money &&
                    uk != TypeKind::year && uk != TypeKind::date && uk != TypeKind::error) {
                    error(Code::E2003, at(e), fmt::format("a range of {} is not possible", tn(*u)));
                    return t_.error_type();
                }
                return t_.intern(TypeKind::range, 0, *u);
            } else if constexpr (std::is_same_v<T, Aggregate>) {
                return check_aggregate(e, k);
            } else if constexpr (std::is_same_v<T, Extremum>) {
                TypeId acc = t_.error_type();
                for (ExprId a : k.args) {
                    TypeId at_ = check(a);
                    reject_optional(a, at_);
                    if (auto u = unify(acc, at_)) {
                        acc = *u;
                    } else {
                        error(Code::E2003, at(a),
                              fmt::format("`{}` compares values of one type; this is {}, the "
                                          "others are {}",
                                          k.is_max ? "max" : "min", tn(at_), tn(acc)));
                        return t_.error_type();
                    }
                }
                TypeKind ak = t_.kind(acc);
                if (ak == TypeKind::boolean || ak == TypeKind::set || ak == TypeKind::list ||
                    ak == TypeKind::record) {
                    error(
                        Code::E2004, at(e),
                        fmt::format("cannot take the {} of {}", k.is_max ? "max" : "min", tn(acc)));
                    return t_.error_type();
                }
                return acc;
            } else if constexpr (std::is_same_v<T, Allocate>) {
                return check_allocate(e, k);
            } else if constexpr (std::is_same_v<T, Round>) {
                return check_round(e, k);
            } else if constexpr (std::is_same_v<T, Match>) {
                return check_match(e, k);
            } else if constexpr (std::is_same_v<T, At>) {
                TypeId pt = check(k.parameter);
                const Resolution& r = p_.resolution[k.parameter];
                if (r.kind != Resolution::Kind::parameter) {
                    if (!is_error(pt)) {
                        error(Code::E2003, at(k.parameter),
                              "`at` picks the version of a parameter; this is not a parameter");
                    }
                    return t_.error_type();
                }
                TypeId wt = check(k.when);
                TypeKind wk = t_.kind(wt);
                if (wk != TypeKind::date && wk != TypeKind::year && wk != TypeKind::error) {
                    if (wk == TypeKind::integer && is_int_literal(k.when)) {
                        mark_year(k.when);
                    } else {
                        error(Code::E2003, at(k.when),
                              fmt::format("`at` needs a date or a year; this is {}", tn(wt)));
                    }
                }
                return pt;
            } else if constexpr (std::is_same_v<T, IsPresent>) {
                TypeId v = check(k.value);
                if (!is_error(v) && t_.kind(v) != TypeKind::optional) {
                    error(Code::E2003, at(e),
                          fmt::format(
                              "`is {}` asks about an optional value; this is {}, always present",
                              k.negated ? "absent" : "present", tn(v)));
                }
                return t_.boolean();
            } else if constexpr (std::is_same_v<T, Required>) {
                TypeId v = check(k.value);
                if (t_.kind(v) == TypeKind::optional) {
                    return t_.element(v);
                }
                return v;
            } else {
                static_assert(sizeof(T) == 0, "unhandled expression kind");
            }
        },
        x.kind);
    // Literal coercions may already have refined the type (e.g. a year literal).
    if (p_.literal_as_year[e]) {
        return p_.expr_type[e];
    }
    return set_type(e, t);
}

TypeId Checker::resolve_rule_ref(ExprId e, std::uint32_t rule, bool called) {
    if (constant_) {
        error(Code::E2029, at(e),
              fmt::format("{} must be a constant; `{}` is a rule", constant_what_,
                          p_.rules[rule].short_name));
        return t_.error_type();
    }
    const RuleInfo& r = p_.rules[rule];
    rule_used_[rule] = true;
    if (rule_) {
        deps_[*rule_].push_back(rule);
    }
    p_.resolution[e] = Resolution{Resolution::Kind::rule, rule, 0};
    if (r.kind == RuleKind::assertion) {
        error(Code::E2022, at(e),
              fmt::format("`{}` is an assertion and has no value", r.short_name));
        return t_.error_type();
    }
    if (!called && !r.params.empty()) {
        error(Code::E2005, at(e),
              fmt::format("`{}` takes {} argument(s)", r.short_name, r.params.size()))
            .note(r.where, "declared here")
            .hint(fmt::format("write `{}({})`", r.short_name, r.params[0].name));
        return t_.error_type();
    }
    return r.result;
}

TypeId Checker::check_name(ExprId e, const NameRef& n) {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
        if (it->name == n.name) {
            p_.resolution[e] = Resolution{Resolution::Kind::local, it->slot, 0};
            return it->type;
        }
    }
    Span span = p_.ast.expr(e).span;
    auto sym = lookup(n.name, span, false);
    if (sym) {
        switch (sym->kind) {
            case Symbol::Kind::rule:
                return resolve_rule_ref(e, sym->index, false);
            case Symbol::Kind::parameter:
                param_used_[sym->index] = true;
                p_.resolution[e] = Resolution{Resolution::Kind::parameter, sym->index, 0};
                return p_.parameters[sym->index].type;
            case Symbol::Kind::record:
                if (constant_) {
                    error(Code::E2029, at(e), fmt::format("{} must be a constant", constant_what_));
                    return t_.error_type();
                }
                record_used_[sym->index] = true;
                p_.resolution[e] = Resolution{Resolution::Kind::record_set, sym->index, 0};
                return t_.intern(TypeKind::list, 0, t_.intern(TypeKind::record, sym->index));
            case Symbol::Kind::enumeration:
                error(Code::E2003, at(e), fmt::format("`{}` is an enum type, not a value", n.name))
                    .hint(fmt::format("name one of its cases, e.g. `{}.{}`", n.name,
                                      p_.enums[sym->index].cases.empty()
                                          ? std::string("<case>")
                                          : p_.enums[sym->index].cases[0]));
                return t_.error_type();
            case Symbol::Kind::document:
                error(Code::E2003, at(e),
                      fmt::format("`{}` is a document; documents are cited with `source`, not "
                                  "used as values",
                                  n.name));
                return t_.error_type();
        }
    }
    // An enum case, if exactly one visible enum has it.
    std::vector<std::uint32_t> modules = {module_};
    for (const auto& [alias, target] : scopes_[module_].imports) {
        modules.push_back(target);
    }
    std::optional<std::pair<std::uint32_t, std::uint32_t>> found;
    for (std::size_t en = 0; en < p_.enums.size(); ++en) {
        if (std::find(modules.begin(), modules.end(), enum_module_[en]) == modules.end()) {
            continue;
        }
        const auto& cases = p_.enums[en].cases;
        auto it = std::find(cases.begin(), cases.end(), n.name);
        if (it == cases.end()) {
            continue;
        }
        if (found) {
            error(Code::E2016, at(e),
                  fmt::format("`{}` is a case of both `{}` and `{}`", n.name,
                              p_.enums[found->first].name, p_.enums[en].name))
                .hint(fmt::format("qualify it: `{}.{}`",
                                  p_.enums[en].name.substr(p_.enums[en].name.rfind('.') + 1),
                                  n.name));
            return t_.error_type();
        }
        found = std::make_pair(static_cast<std::uint32_t>(en),
                               static_cast<std::uint32_t>(it - cases.begin()));
    }
    if (found) {
        enum_used_[found->first] = true;
        p_.resolution[e] = Resolution{Resolution::Kind::enum_case, found->first, found->second};
        return t_.intern(TypeKind::enumeration, found->first);
    }
    if (builtins_.find(n.name)) {
        error(Code::E2005, at(e),
              fmt::format("`{}` is a function; call it with arguments", n.name));
        return t_.error_type();
    }
    if (module_alias(n.name)) {
        error(Code::E2003, at(e), fmt::format("`{}` is a module, not a value", n.name))
            .hint(fmt::format("name something in it: `{}.<name>`", n.name));
        return t_.error_type();
    }
    lookup(n.name, span, true);
    return t_.error_type();
}

TypeId Checker::check_member(ExprId e, const Member& m) {
    const Expr& obj = p_.ast.expr(m.object);
    // module.name and Enum.case are resolved here, before the object is a value.
    if (const auto* n = std::get_if<NameRef>(&obj.kind)) {
        bool shadowed = std::any_of(locals_.begin(), locals_.end(),
                                    [&](const Local& l) { return l.name == n->name; });
        if (!shadowed) {
            if (auto mod = module_alias(n->name); mod && !lookup_in(module_, n->name)) {
                p_.resolution[m.object] = Resolution{Resolution::Kind::module, *mod, 0};
                auto sym = lookup_in(*mod, m.member.text);
                if (!sym) {
                    error(Code::E2001, at(m.member.span),
                          fmt::format("module `{}` has no `{}`", n->name, m.member.text));
                    return t_.error_type();
                }
                // Re-dispatch as if the member were named directly.
                std::uint32_t saved = module_;
                module_ = *mod;
                NameRef direct{m.member.text};
                TypeId t = check_name(e, direct);
                module_ = saved;
                return t;
            }
            auto sym = lookup(n->name, obj.span, false, Symbol::Kind::enumeration);
            if (sym) {
                const auto& cases = p_.enums[sym->index].cases;
                auto it = std::find(cases.begin(), cases.end(), m.member.text);
                enum_used_[sym->index] = true;
                if (it == cases.end()) {
                    auto b =
                        error(Code::E2001, at(m.member.span),
                              fmt::format("enum `{}` has no case `{}`", n->name, m.member.text));
                    if (auto c = closest(m.member.text, cases)) {
                        b.hint(fmt::format("did you mean `{}`?", *c));
                    }
                    return t_.error_type();
                }
                p_.resolution[e] = Resolution{Resolution::Kind::enum_case, sym->index,
                                              static_cast<std::uint32_t>(it - cases.begin())};
                set_type(m.object, t_.error_type());
                return t_.intern(TypeKind::enumeration, sym->index);
            }
        }
    }
    TypeId ot = check(m.object);
    if (is_error(ot)) {
        return ot;
    }
    TypeKind ok = t_.kind(ot);
    if (ok == TypeKind::record) {
        const RecordInfo& rec = p_.records[t_[ot].ref];
        auto idx = rec.field_index(m.member.text);
        if (!idx) {
            std::vector<std::string> names;
            for (const auto& f : rec.fields) {
                names.push_back(f.name);
            }
            auto b = error(Code::E2006, at(m.member.span),
                           fmt::format("`{}` has no field `{}`", rec.short_name, m.member.text));
            if (auto c = closest(m.member.text, names)) {
                b.hint(fmt::format("did you mean `{}`?", *c));
            }
            b.note(rec.where, fmt::format("`{}` is declared here", rec.short_name));
            return t_.error_type();
        }
        p_.resolution[e] = Resolution{Resolution::Kind::field, *idx, 0};
        return rec.fields[*idx].type;
    }
    if (ok == TypeKind::group) {
        const GroupInfo& gi = p_.groups[t_[ot].ref];
        if (m.member.text == "records") {
            p_.resolution[e] = Resolution{Resolution::Kind::group_members, 0, 0};
            return t_.intern(TypeKind::list, 0, t_.intern(TypeKind::record, gi.record));
        }
        for (std::size_t k = 0; k < gi.keys.size(); ++k) {
            if (gi.keys[k].name == m.member.text) {
                p_.resolution[e] =
                    Resolution{Resolution::Kind::group_key, static_cast<std::uint32_t>(k), 0};
                return gi.keys[k].type;
            }
        }
        error(Code::E2006, at(m.member.span),
              fmt::format("a group of `{}` has its key fields and `records`; not `{}`",
                          p_.records[gi.record].short_name, m.member.text));
        return t_.error_type();
    }
    if (ok == TypeKind::optional && t_.kind(t_.element(ot)) == TypeKind::record) {
        reject_optional(m.object, ot);
        return t_.error_type();
    }
    error(Code::E2006, at(m.member.span),
          fmt::format("{} has no fields; `.{}` needs a record", tn(ot), m.member.text));
    return t_.error_type();
}

TypeId Checker::check_call(ExprId e, const Call& c) {
    const Expr& callee = p_.ast.expr(c.callee);
    std::string name;
    std::optional<Symbol> sym;
    if (const auto* n = std::get_if<NameRef>(&callee.kind)) {
        name = n->name;
        bool local = std::any_of(locals_.begin(), locals_.end(),
                                 [&](const Local& l) { return l.name == n->name; });
        if (!local) {
            sym = lookup(n->name, callee.span, false);
        }
        if (!sym && !local) {
            if (auto b = builtins_.find(n->name)) {
                std::vector<TypeId> args;
                for (ExprId a : c.args) {
                    TypeId t = check(a);
                    reject_optional(a, t);
                    args.push_back(t);
                }
                if (std::any_of(args.begin(), args.end(), [&](TypeId t) { return is_error(t); })) {
                    return t_.error_type();
                }
                std::string why;
                auto result = builtins_[*b].result(t_, args, why);
                p_.resolution[e] = Resolution{Resolution::Kind::builtin, *b, 0};
                if (!result) {
                    error(Code::E2003, at(e), fmt::format("`{}`: {}", n->name, why))
                        .hint(builtins_[*b].doc);
                    return t_.error_type();
                }
                return *result;
            }
        }
    } else if (const auto* m = std::get_if<Member>(&callee.kind)) {
        if (const auto* on = std::get_if<NameRef>(&p_.ast.expr(m->object).kind)) {
            bool known_module =
                std::any_of(p_.modules.begin(), p_.modules.end(),
                            [&](const ModuleInfo& mi) { return mi.name == on->name; });
            if (!module_alias(on->name) && known_module) {
                error(Code::E2012, at(m->object),
                      fmt::format("module `{}` is not imported here", on->name))
                    .hint(fmt::format("add `import {}` after the `module` line", on->name));
                for (ExprId a : c.args) {
                    check(a);
                }
                return t_.error_type();
            }
            if (auto mod = module_alias(on->name)) {
                sym = lookup_in(*mod, m->member.text);
                name = on->name + "." + m->member.text;
                if (!sym) {
                    error(Code::E2001, at(m->member.span),
                          fmt::format("module `{}` has no `{}`", on->name, m->member.text));
                    return t_.error_type();
                }
            }
        }
    }
    if (!sym || sym->kind != Symbol::Kind::rule) {
        if (!sym && name.empty()) {
            error(Code::E2022, at(c.callee), "only definitions and functions can be called");
        } else if (!sym) {
            auto b = error(Code::E2001, at(c.callee), fmt::format("unknown name `{}`", name));
            if (auto cl = closest(name, visible_names())) {
                b.hint(fmt::format("did you mean `{}`?", *cl));
            }
        } else {
            error(Code::E2022, at(c.callee),
                  fmt::format("`{}` is a {} and cannot be called", name, to_string(sym->kind)));
        }
        for (ExprId a : c.args) {
            check(a);
        }
        return t_.error_type();
    }
    const RuleInfo& r = p_.rules[sym->index];
    TypeId result = resolve_rule_ref(e, sym->index, true);
    p_.resolution[c.callee] = p_.resolution[e];
    if (c.args.size() != r.params.size()) {
        error(Code::E2005, at(e),
              fmt::format("`{}` takes {} argument(s), {} given", r.short_name, r.params.size(),
                          c.args.size()))
            .note(r.where, "declared here");
        for (ExprId a : c.args) {
            check(a);
        }
        return t_.error_type();
    }
    for (std::size_t k = 0; k < c.args.size(); ++k) {
        TypeId at_ = check(c.args[k]);
        if (!coerce(c.args[k], at_, r.params[k].type)) {
            error(Code::E2003, at(c.args[k]),
                  fmt::format("argument `{}` of `{}` is {}, but {} was given", r.params[k].name,
                              r.short_name, tn(r.params[k].type), tn(at_)));
        }
    }
    return result;
}

TypeId Checker::check_binary(ExprId e, const Binary& b) {
    TypeId lt = check(b.lhs);
    TypeId rt = check(b.rhs);
    if (is_error(lt) || is_error(rt)) {
        return t_.error_type();
    }
    TypeKind lk = t_.kind(lt);
    TypeKind rk = t_.kind(rt);
    auto bad = [&](const std::string& msg, const std::string& hint = {}) {
        auto d = error(Code::E2004, at(e), msg);
        if (!hint.empty()) {
            d.hint(hint);
        }
        return t_.error_type();
    };
    const char* op = to_string(b.op);
    switch (b.op) {
        case BinaryOp::logical_and:
        case BinaryOp::logical_or:
            if (lk != TypeKind::boolean || rk != TypeKind::boolean) {
                return bad(fmt::format("`{}` needs true or false on both sides, not {} and {}", op,
                                       tn(lt), tn(rt)));
            }
            return t_.boolean();
        case BinaryOp::otherwise:
            if (lk != TypeKind::optional) {
                return bad(
                    fmt::format("`otherwise` gives a default for an optional value; the "
                                "left side is {}, always present",
                                tn(lt)));
            }
            if (!coerce(b.rhs, rt, t_.element(lt)) && !coerce(b.rhs, rt, lt)) {
                return bad(fmt::format("the default is {}, but the value is {}", tn(rt), tn(lt)));
            }
            return t_.kind(rt) == TypeKind::optional ? lt : t_.element(lt);
        default:
            break;
    }
    bool equality = b.op == BinaryOp::eq || b.op == BinaryOp::ne;
    if (equality) {
        // `x == none` asks whether an optional value is absent; both sides may be optional.
        TypeId lb = lk == TypeKind::optional ? t_.element(lt) : lt;
        TypeId rb = rk == TypeKind::optional ? t_.element(rt) : rt;
        if (lk == TypeKind::none || rk == TypeKind::none || lb == rb ||
            ((lk == TypeKind::optional || rk == TypeKind::optional) && unify(lb, rb))) {
            if (lk == TypeKind::optional || rk == TypeKind::optional || lk == TypeKind::none ||
                rk == TypeKind::none) {
                return t_.boolean();
            }
        }
        // The empty set literal compares with any set.
        if (lk == TypeKind::set && rk == TypeKind::set &&
            (t_.kind(t_.element(lt)) == TypeKind::none ||
             t_.kind(t_.element(rt)) == TypeKind::none)) {
            return t_.boolean();
        }
    }
    if (!equality || lk == TypeKind::optional) {
        reject_optional(b.lhs, lt);
    }
    if (!equality || rk == TypeKind::optional) {
        reject_optional(b.rhs, rt);
    }
    if (lk == TypeKind::optional || rk == TypeKind::optional) {
        return t_.error_type();
    }
    // Integer literals take the year type next to a year: jaar >= 2025.
    if (lk == TypeKind::year && is_int_literal(b.rhs) && rk != TypeKind::year &&
        b.op != BinaryOp::add && b.op != BinaryOp::sub) {
        mark_year(b.rhs);
        rt = p_.expr_type[b.rhs];
        rk = t_.kind(rt);
    } else if (rk == TypeKind::year && is_int_literal(b.lhs) && lk != TypeKind::year &&
               b.op != BinaryOp::add && b.op != BinaryOp::sub) {
        mark_year(b.lhs);
        lt = p_.expr_type[b.lhs];
        lk = t_.kind(lt);
    }
    auto numeric = [&](TypeKind k) { return k == TypeKind::integer || k == TypeKind::decimal; };
    switch (b.op) {
        case BinaryOp::add:
        case BinaryOp::sub: {
            bool add = b.op == BinaryOp::add;
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return lk == TypeKind::integer && rk == TypeKind::integer ? t_.integer()
                                                                          : t_.decimal();
            }
            if (lk == TypeKind::year && rk == TypeKind::integer) {
                return t_.year();
            }
            if (add && lk == TypeKind::integer && rk == TypeKind::year) {
                return t_.year();
            }
            if (!add && lk == TypeKind::year && rk == TypeKind::year) {
                return t_.integer();
            }
            if (lk == TypeKind::date && rk == TypeKind::integer) {
                return t_.date();
            }
            if (!add && lk == TypeKind::date && rk == TypeKind::date) {
                return t_.integer();
            }
            if (add && lk == TypeKind::text && rk == TypeKind::text) {
                return t_.text();
            }
            if ((lk == TypeKind::money && numeric(rk)) || (numeric(lk) && rk == TypeKind::money)) {
                return bad(
                    fmt::format("cannot {} {} and {}", add ? "add" : "subtract", tn(lt), tn(rt)),
                    "an amount of money and a plain number do not add up; write the "
                    "number as an amount (`€ 100`) or multiply it by an amount");
            }
            if ((lk == TypeKind::year && rk == TypeKind::date) ||
                (lk == TypeKind::date && rk == TypeKind::year)) {
                return bad(fmt::format("cannot {} a year and a date", add ? "add" : "subtract"),
                           "use `year_of(date)` to get a date's year");
            }
            return bad(
                fmt::format("cannot {} {} and {}", add ? "add" : "subtract", tn(lt), tn(rt)));
        }
        case BinaryOp::mul:
            if (lk == TypeKind::money && numeric(rk)) {
                return t_.money();
            }
            if (numeric(lk) && rk == TypeKind::money) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return lk == TypeKind::integer && rk == TypeKind::integer ? t_.integer()
                                                                          : t_.decimal();
            }
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return bad("cannot multiply money by money",
                           "multiply an amount by a number or a percentage");
            }
            return bad(fmt::format("cannot multiply {} by {}", tn(lt), tn(rt)));
        case BinaryOp::div:
            if (lk == TypeKind::money && rk == TypeKind::money) {
                return t_.decimal();
            }
            if (lk == TypeKind::money && numeric(rk)) {
                return t_.money();
            }
            if (numeric(lk) && numeric(rk)) {
                return t_.decimal();
            }
            return bad(fmt::format("cannot divide {} by {}", tn(lt), tn(rt)));
        case BinaryOp::eq:
        case BinaryOp::ne:
        case BinaryOp::lt:
        case BinaryOp::le:
        case BinaryOp::gt:
        case BinaryOp::ge: {
            bool ordered = b.op != BinaryOp::eq && b.op != BinaryOp::ne;
            if ((lk == TypeKind::year && rk == TypeKind::date) ||
                (lk == TypeKind::date && rk == TypeKind::year)) {
                return bad("cannot compare a year with a date",
                           "use `year_of(date)` to compare years, or `first_day(year)` for a date");
            }
            bool same = lt == rt || (numeric(lk) && numeric(rk)) ||
                        (!ordered && (lk == TypeKind::none || rk == TypeKind::none ||
                                      (rk == TypeKind::optional && t_.element(rt) == lt)));
            if (!same) {
                return bad(fmt::format("cannot compare {} with {}", tn(lt), tn(rt)),
                           lk == TypeKind::money || rk == TypeKind::money
                               ? "compare amounts with amounts: write `€ 1.000` rather than `1000`"
                               : "");
            }
            if (ordered &&
                (lk == TypeKind::boolean || lk == TypeKind::text || lk == TypeKind::enumeration ||
                 lk == TypeKind::set || lk == TypeKind::list || lk == TypeKind::record)) {
                return bad(fmt::format("`{}` needs values in an order; {} has none", op, tn(lt)));
            }
            return t_.boolean();
        }
        case BinaryOp::in:
        case BinaryOp::not_in: {
            if (rk == TypeKind::range || rk == TypeKind::set || rk == TypeKind::list) {
                TypeId elem = t_.element(rt);
                if (t_.kind(elem) == TypeKind::none || elem == lt ||
                    (numeric(lk) && numeric(t_.kind(elem)))) {
                    return t_.boolean();
                }
                if (t_.kind(elem) == TypeKind::year && is_int_literal(b.lhs)) {
                    mark_year(b.lhs);
                    return t_.boolean();
                }
                if (lk == TypeKind::year && t_.kind(elem) == TypeKind::integer &&
                    is_int_literal(b.rhs)) {
                    mark_year(b.rhs);
                    return t_.boolean();
                }
                return bad(fmt::format("cannot look for {} in a {}", tn(lt), tn(rt)));
            }
            return bad(
                fmt::format("`{}` needs a range, set or list on the right, not {}", op, tn(rt)));
        }
        case BinaryOp::overlaps:
            if ((lk == TypeKind::set || lk == TypeKind::list) &&
                (rk == TypeKind::set || rk == TypeKind::list)) {
                TypeId le = t_.element(lt);
                TypeId re = t_.element(rt);
                if (le == re || t_.kind(le) == TypeKind::none || t_.kind(re) == TypeKind::none) {
                    return t_.boolean();
                }
                return bad(fmt::format("cannot compare a {} with a {}", tn(lt), tn(rt)));
            }
            return bad(fmt::format("`overlaps` needs two sets, not {} and {}", tn(lt), tn(rt)));
        case BinaryOp::logical_and:
        case BinaryOp::logical_or:
        case BinaryOp::otherwise:
            break;
    }
    return t_.error_type();
}

std::optional<TypeId> Checker::element_of_collection(ExprId coll, TypeId t) {
    TypeKind k = t_.kind(t);
    if (k == TypeKind::set || k == TypeKind::list) {
        return t_.element(t);
    }
    if (k == TypeKind::group) {
        // Iterating a group iterates its records.
        return t_.intern(TypeKind::record, p_.groups[t_[t].ref].record);
    }
    if (k != TypeKind::error) {
        error(Code::E2003, at(coll),
              fmt::format("cannot go through {}; a set, list, group or "
                          "record type is needed",
                          tn(t)));
    }
    return std::nullopt;
}

TypeId Checker::check_aggregate(ExprId e, const Aggregate& a) {
    TypeId ct = check(a.collection);
    auto elem = element_of_collection(a.collection, ct);
    std::size_t saved_locals = locals_.size();
    std::uint32_t saved_slot = next_slot_;
    bind(a.var.text, elem.value_or(t_.error_type()));
    p_.resolution[e] = Resolution{Resolution::Kind::local, next_slot_ - 1, 0};
    if (a.filter != no_expr) {
        TypeId ft = check(a.filter);
        if (!is_error(ft) && t_.kind(ft) != TypeKind::boolean) {
            error(Code::E2003, at(a.filter),
                  fmt::format("`where` needs a condition (true or false); this is {}", tn(ft)));
        }
    }
    TypeId result = t_.error_type();
    const char* name = to_string(a.kind);
    if (a.kind == AggregateKind::count) {
        result = t_.integer();
    } else {
        TypeId bt = check(a.body);
        reject_optional(a.body, bt);
        TypeKind bk = t_.kind(bt);
        switch (a.kind) {
            case AggregateKind::sum:
                if (bk == TypeKind::money || bk == TypeKind::integer || bk == TypeKind::decimal) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2004, at(a.body), fmt::format("cannot add up {}", tn(bt)));
                }
                break;
            case AggregateKind::min:
            case AggregateKind::max:
                if (bk == TypeKind::money || bk == TypeKind::integer || bk == TypeKind::decimal ||
                    bk == TypeKind::date || bk == TypeKind::year) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2004, at(a.body),
                          fmt::format("cannot take the {} of {}", name, tn(bt)));
                }
                break;
            case AggregateKind::all:
            case AggregateKind::any:
                if (bk == TypeKind::boolean) {
                    result = bt;
                } else if (bk != TypeKind::error) {
                    error(Code::E2003, at(a.body),
                          fmt::format("`{}` needs a condition; this is {}", name, tn(bt)));
                }
                break;
            case AggregateKind::count:
                break;
        }
    }
    locals_.resize(saved_locals);
    next_slot_ = saved_slot;
    return result;
}

TypeId Checker::check_allocate(ExprId e, const Allocate& a) {
    TypeId total = check(a.total);
    if (!is_error(total) && t_.kind(total) != TypeKind::money) {
        error(Code::E2003, at(a.total),
              fmt::format("the amount to allocate must be money, not {}", tn(total)));
    }
    TypeId ct = check(a.collection);
    auto elem = element_of_collection(a.collection, ct);
    TypeId target = check(a.target);
    std::size_t saved_locals = locals_.size();
    std::uint32_t saved_slot = next_slot_;
    bind(a.var.text, elem.value_or(t_.error_type()));
    p_.resolution[e] = Resolution{Resolution::Kind::local, next_slot_ - 1, 0};
    if (elem && t_.kind(*elem) != TypeKind::record) {
        error(Code::E2003, at(a.collection),
              fmt::format("allocation shares an amount among records; these are {}", tn(*elem)));
    }
    if (a.filter != no_expr) {
        TypeId ft = check(a.filter);
        if (!is_error(ft) && t_.kind(ft) != TypeKind::boolean) {
            error(Code::E2003, at(a.filter),
                  fmt::format("`where` needs a condition; this is {}", tn(ft)));
        }
    }
    TypeId claim = check(a.claim);
    if (!is_error(claim) && t_.kind(claim) != TypeKind::money) {
        error(Code::E2003, at(a.claim), fmt::format("a claim must be money, not {}", tn(claim)));
    }
    if (a.order_key != no_expr) {
        TypeId kt = check(a.order_key);
        TypeKind kk = t_.kind(kt);
        if (kk == TypeKind::boolean || kk == TypeKind::set || kk == TypeKind::list ||
            kk == TypeKind::record || kk == TypeKind::optional) {
            error(Code::E2003, at(a.order_key),
                  fmt::format("the order must be by a date, number or text; this is {}", tn(kt)));
        }
    }
    locals_.resize(saved_locals);
    next_slot_ = saved_slot;
    if (elem && !is_error(target) && target != *elem) {
        error(Code::E2003, at(a.target),
              fmt::format("the share is allocated to one of the {}; this is {}", tn(*elem),
                          tn(target)));
    }
    return t_.money();
}

TypeId Checker::check_round(ExprId e, const Round& r) {
    TypeId vt = check(r.value);
    TypeId ut = check(r.unit);
    reject_optional(r.value, vt);
    auto mode_ok = [&] {
        static const std::vector<std::string> modes = {"half_up", "half_even", "half_down", "down",
                                                       "up",      "floor",     "ceiling"};
        if (std::find(modes.begin(), modes.end(), r.mode.text) != modes.end()) {
            return true;
        }
        auto b = error(Code::E2025, at(r.mode.span),
                       fmt::format("`{}` is not a rounding mode", r.mode.text));
        if (auto c = closest(r.mode.text, modes)) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        } else {
            b.hint("rounding modes: half_up, half_even, half_down, down, up, floor, ceiling");
        }
        return false;
    };
    bool mode = mode_ok();
    if (is_error(vt) || is_error(ut)) {
        return t_.error_type();
    }
    TypeKind vk = t_.kind(vt);
    TypeKind uk = t_.kind(ut);
    bool fits = (vk == TypeKind::money && uk == TypeKind::money) ||
                ((vk == TypeKind::decimal || vk == TypeKind::integer) &&
                 (uk == TypeKind::decimal || uk == TypeKind::integer));
    if (!fits) {
        error(Code::E2025, at(r.unit),
              fmt::format("cannot round {} to a unit of {}", tn(vt), tn(ut)))
            .hint(vk == TypeKind::money ? "round money to an amount: `€ 0,01`, `€ 1` or "
                                          "`€ 100.000`"
                                        : "round numbers to a number such as `1` or `1%`");
        return t_.error_type();
    }
    if (const auto* lit = std::get_if<NumberLit>(&p_.ast.expr(r.unit).kind);
        lit && lit->mantissa <= 0) {
        error(Code::E2025, at(r.unit), "the rounding unit must be greater than zero");
    }
    (void)e;
    return mode ? vt : t_.error_type();
}

TypeId Checker::check_match(ExprId e, const Match& m) {
    TypeId st = check(m.subject);
    reject_optional(m.subject, st);
    bool is_enum = t_.kind(st) == TypeKind::enumeration;
    if (!is_enum && !is_error(st)) {
        error(Code::E2003, at(m.subject),
              fmt::format("`match` needs an enum value; this is {}", tn(st)));
    }
    std::vector<std::optional<Span>> handled;
    const EnumInfo* en = is_enum ? &p_.enums[t_[st].ref] : nullptr;
    if (en != nullptr) {
        handled.resize(en->cases.size());
    }
    bool has_else = false;
    TypeId result = t_.error_type();
    bool first = true;
    for (const MatchArm& arm : m.arms) {
        if (arm.cases.empty()) {
            has_else = true;
        }
        for (const Ident& c : arm.cases) {
            if (en == nullptr) {
                continue;
            }
            auto it = std::find(en->cases.begin(), en->cases.end(), c.text);
            if (it == en->cases.end()) {
                auto b = error(Code::E2001, at(c.span),
                               fmt::format("`{}` is not a case of `{}`", c.text, tn(st)));
                if (auto cl = closest(c.text, en->cases)) {
                    b.hint(fmt::format("did you mean `{}`?", *cl));
                }
                continue;
            }
            auto idx = static_cast<std::size_t>(it - en->cases.begin());
            if (handled[idx]) {
                error(Code::E2026, at(c.span), fmt::format("`{}` is handled twice", c.text))
                    .note(at(*handled[idx]), "first handled here");
                continue;
            }
            handled[idx] = c.span;
        }
        TypeId bt = check(arm.body);
        if (first) {
            result = bt;
            first = false;
        } else if (auto u = unify(result, bt)) {
            result = *u;
        } else if (!is_error(bt) && !is_error(result)) {
            error(Code::E2003, at(arm.body),
                  fmt::format("every arm of `match` must give one type; this gives {}, earlier "
                              "arms give {}",
                              tn(bt), tn(result)));
        }
    }
    if (en != nullptr && !has_else) {
        std::string missing;
        for (std::size_t k = 0; k < handled.size(); ++k) {
            if (!handled[k]) {
                missing += (missing.empty() ? "`" : ", `") + en->cases[k] + "`";
            }
        }
        if (!missing.empty()) {
            error(Code::E2011, at(e),
                  fmt::format("`match` does not handle {} of `{}`", missing, tn(st)))
                .note(en->where, fmt::format("`{}` is declared here", tn(st)))
                .hint("add an arm for each missing case, or an `else =>` arm");
        }
    }
    // Fill the rest of the cases' resolution for the interpreter: nothing to do; it reads
    // the enum and the arm case names.
    return result;
}

// ---- cycles and lints ---------------------------------------------------------------------------

namespace {

// Depth-first search over a graph of `n` nodes for edges that close a cycle, without
// recursion: a chain of 100,000 definitions must not overflow the stack. `targets(u)` gives
// u's edges in order; `on_cycle(path, u, k)` is called for u's k-th edge when it leads back
// into `path` (the nodes being visited, outermost first, ending in u).
template <typename Targets, typename OnCycle>
void find_cycles(std::size_t n, Targets targets, OnCycle on_cycle) {
    std::vector<std::uint8_t> color(n, 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::uint32_t> path;
    std::vector<std::size_t> next;  // per path entry: the next edge to follow
    for (std::uint32_t root = 0; root < n; ++root) {
        if (color[root] != 0) {
            continue;
        }
        color[root] = 1;
        path.push_back(root);
        next.push_back(0);
        while (!path.empty()) {
            std::uint32_t u = path.back();
            const auto& edges = targets(u);
            if (next.back() == edges.size()) {
                color[u] = 2;
                path.pop_back();
                next.pop_back();
                continue;
            }
            std::size_t k = next.back()++;
            std::uint32_t v = edges[k];
            if (color[v] == 1) {
                on_cycle(path, v, k);
            } else if (color[v] == 0) {
                color[v] = 1;
                path.push_back(v);
                next.push_back(0);
            }
        }
    }
}

}  // namespace

void Checker::check_cycles() {
    std::set<std::uint32_t> reported;
    find_cycles(
        p_.rules.size(), [&](std::uint32_t r) -> const auto& { return deps_[r]; },
        [&](const std::vector<std::uint32_t>& path, std::uint32_t d, std::size_t) {
            auto it = std::find(path.begin(), path.end(), d);
            std::vector<std::uint32_t> cycle(it, path.end());
            std::uint32_t lowest = *std::min_element(cycle.begin(), cycle.end());
            if (!reported.insert(lowest).second) {
                return;
            }
            std::string text;
            for (std::uint32_t c : cycle) {
                text += p_.rules[c].short_name + " → ";
            }
            text += p_.rules[d].short_name;
            auto b = error(Code::E2007, p_.rules[d].where,
                           fmt::format("`{}` depends on itself: {}", p_.rules[d].short_name, text));
            for (std::size_t k = 1; k < cycle.size(); ++k) {
                b.note(p_.rules[cycle[k]].where,
                       fmt::format("`{}` is part of the cycle", p_.rules[cycle[k]].short_name));
            }
            b.hint(
                "a definition cannot use its own value; break the cycle with a separate "
                "definition");
        });
}

// Modules that import each other, directly or through others, cannot be read one after the
// other; the national rules and an area's file must layer, not loop.
void Checker::check_import_cycles() {
    std::vector<std::vector<std::uint32_t>> targets(scopes_.size());
    for (std::size_t m = 0; m < scopes_.size(); ++m) {
        for (const auto& imp : scopes_[m].imports) {
            targets[m].push_back(imp.second);
        }
    }
    std::set<std::uint32_t> reported;
    find_cycles(
        scopes_.size(), [&](std::uint32_t m) -> const auto& { return targets[m]; },
        [&](const std::vector<std::uint32_t>& path, std::uint32_t target, std::size_t k) {
            auto it = std::find(path.begin(), path.end(), target);
            std::string text;
            for (auto c = it; c != path.end(); ++c) {
                text += p_.modules[*c].name + " → ";
            }
            text += p_.modules[target].name;
            if (reported.insert(*std::min_element(it, path.end())).second) {
                const ModuleScope& scope = scopes_[path.back()];
                error(Code::E2027, Location{scope.file, scope.import_spans[k]},
                      fmt::format("modules import each other: {}", text))
                    .hint("move what both need into a module that imports neither");
            }
        });
}

void Checker::lint() {
    if (options_.lint_citations) {
        for (const RuleInfo& r : p_.rules) {
            if (r.sources.empty() && r.kind != RuleKind::assertion) {
                bag_.report(Code::W2101, r.where,
                            fmt::format("{} `{}` has no citation", to_string(r.kind), r.short_name))
                    .hint(
                        "add `source <document>, \"<section>\": \"<quote>\"` so reviewers can "
                        "trace it");
            }
        }
        for (const ParameterInfo& p : p_.parameters) {
            bool each_version =
                !p.versions.empty() &&
                std::all_of(p.versions.begin(), p.versions.end(),
                            [](const VersionInfo& v) { return !v.sources.empty(); });
            if (p.sources.empty() && !each_version) {
                bag_.report(Code::W2101, p.where,
                            fmt::format("parameter `{}` has no citation",
                                        p.name.substr(p.name.rfind('.') + 1)))
                    .hint("cite where its value comes from, on the parameter or on each version");
            }
        }
    }
    if (options_.lint_unused) {
        auto unused = [&](Location where, const std::string& what) {
            bag_.report(Code::W2102, where, fmt::format("{} is never used", what))
                .hint("remove it, or use it");
        };
        for (std::size_t i = 0; i < p_.rules.size(); ++i) {
            if (p_.rules[i].kind == RuleKind::definition && !rule_used_[i]) {
                unused(p_.rules[i].where, fmt::format("definition `{}`", p_.rules[i].short_name));
            }
        }
        for (std::size_t i = 0; i < p_.parameters.size(); ++i) {
            if (!param_used_[i]) {
                const std::string& n = p_.parameters[i].name;
                unused(p_.parameters[i].where,
                       fmt::format("parameter `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.enums.size(); ++i) {
            if (!enum_used_[i]) {
                const std::string& n = p_.enums[i].name;
                unused(p_.enums[i].where, fmt::format("enum `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.documents.size(); ++i) {
            if (!doc_used_[i]) {
                const std::string& n = p_.documents[i].name;
                unused(p_.documents[i].where,
                       fmt::format("document `{}`", n.substr(n.rfind('.') + 1)));
            }
        }
        for (std::size_t i = 0; i < p_.records.size(); ++i) {
            if (!record_used_[i]) {
                unused(p_.records[i].where, fmt::format("record `{}`", p_.records[i].short_name));
            }
        }
    }
}

void Checker::run(const std::vector<FileId>& files) {
    // Parse every file; keep what parsed, even from files with errors, so one mistake does
    // not hide the rest.
    for (FileId f : files) {
        p_.file_ranges.emplace_back(static_cast<ExprId>(p_.ast.exprs.size()), f);
        parse_file(*p_.sources, f, p_.ast, bag_, options_.limits);
    }
    std::unordered_map<std::string, std::pair<std::uint32_t, Location>> module_names;
    for (const FileAst& fa : p_.ast.files) {
        if (fa.decls.empty() || !std::holds_alternative<ModuleDecl>(fa.decls[0])) {
            continue;
        }
        const auto& md = std::get<ModuleDecl>(fa.decls[0]);
        Location where{fa.file, md.name.span};
        auto idx = static_cast<std::uint32_t>(p_.modules.size());
        auto [it, ok] = module_names.emplace(md.name.text, std::make_pair(idx, where));
        if (!ok) {
            error(Code::E2013, where,
                  fmt::format("module `{}` is declared in two files", md.name.text))
                .note(it->second.second, "also declared here")
                .hint("each file is one module; give this one its own name");
            continue;
        }
        for (std::size_t k = 1; k < fa.decls.size(); ++k) {
            if (const auto* extra = std::get_if<ModuleDecl>(&fa.decls[k])) {
                error(Code::E2013, Location{fa.file, extra->span},
                      "a file declares one module, at its start")
                    .note(where, "the module is declared here");
            }
        }
        p_.modules.push_back(ModuleInfo{md.name.text, fa.file});
        ModuleScope scope;
        scope.file = fa.file;
        scope.ast = &fa;
        scopes_.push_back(std::move(scope));
    }
    module_area_doc_.assign(p_.modules.size(), no_index);
    for (std::uint32_t m = 0; m < p_.modules.size(); ++m) {
        module_ = m;
        collect(m);
    }
    for (std::uint32_t m = 0; m < p_.modules.size(); ++m) {
        module_ = m;
        resolve_imports(m);
    }
    check_import_cycles();
    rule_used_.assign(p_.rules.size(), false);
    param_used_.assign(p_.parameters.size(), false);
    enum_used_.assign(p_.enums.size(), false);
    record_used_.assign(p_.records.size(), false);
    doc_used_.assign(p_.documents.size(), false);
    link_documents();
    deps_.assign(p_.rules.size(), {});
    p_.expr_type.assign(p_.ast.exprs.size(), t_.error_type());
    p_.resolution.assign(p_.ast.exprs.size(), Resolution{});
    p_.literal_as_year.assign(p_.ast.exprs.size(), false);

    declare_records_and_enums();
    declare_rules();
    declare_parameters();
    check_parameters();
    check_rules();
    check_tables();
    check_cites();
    check_tests();
    check_cycles();
    // Lints on a program with errors mostly repeat them ("never used" for what a broken
    // declaration used), so they wait until the errors are fixed.
    if (!bag_.has_errors()) {
        lint();
    }
    // Sources against the documents' outlines and texts (dsl/sources.hpp).
    if (!bag_.has_errors() && options_.check_sources) {
        check_sources(p_, bag_, options_.text_dirs);
    }
}

}  // namespace

Program check(SourceSet& sources, const std::vector<FileId>& files, const BuiltinTable& builtins,
              DiagnosticBag& bag, const CheckOptions& options) {
    static std::atomic<std::uint64_t> next_serial{1};
    Program p;
    p.sources = &sources;
    p.serial = next_serial++;
    Checker checker(p, bag, builtins, options);
    checker.run(files);
    return p;
}

}  // namespace regels::dsl
