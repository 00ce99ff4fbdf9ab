// Pass 1, names: reads the parsed files; produces the module scopes (every declaration by
// name, every import by alias), the Program's tables of documents, enums, records,
// parameters and rules with their declared types, and the groups that rule parameters
// name. Every name it resolves is also entered in the symbol index (see lookup()), which is
// what the language server answers "go to definition" and "rename" from.
#include "dsl/check/checker.hpp"

namespace regels::dsl::checker {

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
                    DocumentInfo info;
                    info.name = mod + "." + decl.name.text;
                    info.title = decl.title;
                    info.url = decl.url;
                    info.date = decl.date;
                    info.where = at(decl.name.span);
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

// Facts (`"Aanvraag": [...]`), `given` rows and citations find record types, enums and
// documents by their short name, so a rule set may declare each such name once, in whichever
// module. (Within one module E2002 already says so; an area's own document, `for gebied
// "..."`, is meant to share the national document's name.)
void Checker::check_unique_in_rule_set() {
    struct First {
        std::uint32_t module;
        Location where;
    };
    std::unordered_map<std::string, First> seen;  // "record Aanvraag" -> the first
    auto claim = [&](const char* kind, const std::string& qualified, std::uint32_t module,
                     Location where) {
        std::string name = qualified.substr(qualified.rfind('.') + 1);
        auto [it, fresh] = seen.emplace(std::string(kind) + " " + name, First{module, where});
        if (fresh || it->second.module == module) {
            return;
        }
        error(Code::E2042, where,
              fmt::format("{} `{}` is declared in module `{}` and again in `{}` of the same rule "
                          "set",
                          kind, name, p_.modules[it->second.module].name, p_.modules[module].name))
            .note(it->second.where, "first declared here")
            .hint(
                "facts, citations and outputs name a record, enum or document by its short "
                "name alone: rename one of them, or move the other scheme to a folder of its "
                "own (a rule set of its own)");
    };
    for (std::size_t i = 0; i < p_.records.size(); ++i) {
        claim("record", p_.records[i].name, record_module_[i], p_.records[i].where);
    }
    for (std::size_t i = 0; i < p_.enums.size(); ++i) {
        claim("enum", p_.enums[i].name, enum_module_[i], p_.enums[i].where);
    }
    for (std::size_t i = 0; i < p_.documents.size(); ++i) {
        if (!doc_decls_[i]->for_field) {
            claim("document", p_.documents[i].name, doc_module_[i], p_.documents[i].where);
        }
    }
}

// The parameter `name` names from outside any module (`--set NAME=VALUE`): its qualified
// name, or a short name only one module declares. nullopt after an E2041 at `where`.
std::optional<std::uint32_t> Checker::parameter_named(std::string_view name, Location where) {
    std::vector<std::uint32_t> found;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < p_.parameters.size(); ++i) {
        const std::string& q = p_.parameters[i].name;
        std::string_view short_name = std::string_view(q).substr(q.rfind('.') + 1);
        if (q == name) {
            return static_cast<std::uint32_t>(i);
        }
        if (short_name == name) {
            found.push_back(static_cast<std::uint32_t>(i));
        }
        names.push_back(q);
        names.emplace_back(short_name);
    }
    if (found.size() == 1) {
        return found[0];
    }
    if (found.empty()) {
        auto b = error(Code::E2041, where,
                       fmt::format("there is no parameter `{}` in these rules", name));
        if (auto c = closest(name, names)) {
            b.hint(fmt::format("did you mean `{}`?", *c));
        } else {
            b.hint("name a parameter by `module.name`, as the explanations show it");
        }
        return std::nullopt;
    }
    std::string all;
    for (std::uint32_t i : found) {
        all += (all.empty() ? "`" : ", `") + p_.parameters[i].name + "`";
    }
    error(Code::E2041, where,
          fmt::format("`{}` names a parameter in more than one module: {}", name, all))
        .hint("write the qualified name, `module.name`");
    return std::nullopt;
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
                refer(*s, span);
                return s;
            }
        }
        if (report) {
            error(Code::E2001, at(span), fmt::format("unknown name `{}`", name));
        }
        return std::nullopt;
    }
    if (auto s = lookup_in(module_, name); fits(s)) {
        refer(*s, span);
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
    if (found) {
        refer(*found, span);
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
        {"text", TypeKind::text},       {"datetime", TypeKind::datetime}};
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

// An interpretation reads a passage, so the element it stands on must quote that passage;
// what no passage says is an assumption (docs/language.md, "Assumptions and interpretation
// choices"). Checked per element: a rule's body, an exception, a parameter, a version, a
// table row, one `cite`. Reported after the other passes (Checker::run): a mark does not
// change what the rules compute, so it must not hide lints or quotes that do not match.
void Checker::check_interpretations(const std::vector<Citation>& list, const std::string& carrier) {
    bool quoted = std::any_of(list.begin(), list.end(), [](const Citation& c) {
        return c.kind == CitationKind::source && c.quote && !c.quote->empty();
    });
    if (quoted) {
        return;
    }
    for (const Citation& c : list) {
        if (c.kind != CitationKind::interpretation) {
            continue;
        }
        marks_bag_
            .report(Code::E2050, at(c.span),
                    fmt::format("interpretation on `{}` without the passage it reads: no `source` "
                                "with a quote stands on the same element",
                                carrier))
            .hint(
                "cite the passage it reads (`source doc, \"section\": \"quote\"`), or make it "
                "an `assumption` if no passage says it");
    }
}

std::vector<CitationInfo> Checker::citations(const std::vector<Citation>& list, std::string carrier,
                                             std::uint32_t area_doc) {
    // A rule about citations, as W2101 is: `regels check` and editors, not a run.
    if (options_.check_sources && options_.lint_citations) {
        check_interpretations(list, carrier);
    }
    std::vector<CitationInfo> out;
    for (const Citation& c : list) {
        if (c.kind != CitationKind::source) {
            auto mark = static_cast<std::uint32_t>(p_.marks.size());
            p_.marks.push_back(
                MarkInfo{c.kind, carrier, c.quote.value_or(""), at(c.span), area_doc});
            out.push_back(CitationInfo{no_index, "", c.quote.value_or(""), at(c.span), c.kind, mark,
                                       area_doc});
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
            if (sym) {
                refer(*sym, decl->target.span);
            }
        }
        if (!sym || (sym->kind != Symbol::Kind::rule && sym->kind != Symbol::Kind::parameter)) {
            if (dot != std::string::npos || sym) {
                error(Code::E2034, at(decl->target.span),
                      fmt::format("`{}` is not a rule or parameter this file can see", target))
                    .hint(
                        "name a rule or parameter of an imported module, e.g. "
                        "`cite realisatiestimulans.grondslag`");
            }
            continue;
        }
        std::uint32_t area = module_area_doc_[module];
        if (area == no_index) {
            error(Code::E2034, at(decl->span),
                  "`cite` adds an area's own sources, but this module declares no area document")
                .hint(
                    "declare the area's agreement here, e.g. `document afspraak \"<title>\" "
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
                      fmt::format(
                          "an area's `cite` must cite the area's own document `{}`",
                          p_.documents[area].name.substr(p_.documents[area].name.rfind('.') + 1)))
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
            p_.records[i].fields.push_back(
                FieldInfo{f.name.text, type, at(f.name.span), check_constraints(f, type)});
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
            if (!keyable(r.fields[*idx].type) && !is_error(r.fields[*idx].type)) {
                error(Code::E2015, at(k.span),
                      fmt::format("key `{}` has type {}; a key must be text, integer, year, "
                                  "date, datetime or an enum",
                                  k.text, tn(r.fields[*idx].type)));
                continue;
            }
            r.key.push_back(*idx);
        }
        for (const Ident& k : d.describe) {
            auto idx = r.field_index(k.text);
            if (!idx) {
                error(Code::E3016, at(k.span),
                      fmt::format("`describe {}`: `{}` is not a field of `{}`", k.text, k.text,
                                  d.name.text))
                    .hint(
                        "name fields of the record that tell a reader which one it is, e.g. "
                        "describe project, gebied");
                continue;
            }
            r.describe.push_back(*idx);
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

}  // namespace regels::dsl::checker
