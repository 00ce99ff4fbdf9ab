// The symbol index (dsl/symbols.hpp): reads the declarations collected by pass 1, the
// references that lookup() entered while names were resolved, and the resolution and type
// side tables of pass 3 (record fields and enum cases); produces Program::symbols. It runs
// last and reports nothing, so it cannot change what `regels check` prints.
#include "dsl/check/checker.hpp"

namespace regels::dsl {

const char* to_string(SymbolKey::Kind kind) {
    switch (kind) {
        case SymbolKey::Kind::document:
            return "document";
        case SymbolKey::Kind::enumeration:
            return "enum";
        case SymbolKey::Kind::enum_case:
            return "enum case";
        case SymbolKey::Kind::record:
            return "record";
        case SymbolKey::Kind::field:
            return "field";
        case SymbolKey::Kind::parameter:
            return "parameter";
        case SymbolKey::Kind::rule:
            return "rule";
    }
    return "?";
}

const SymbolDecl* SymbolIndex::declaration(const SymbolKey& key) const {
    for (const SymbolDecl& d : declarations) {
        if (d.key == key) {
            return &d;
        }
    }
    return nullptr;
}

std::optional<SymbolKey> SymbolIndex::at(FileId file, std::uint32_t offset) const {
    auto covers = [&](const Location& l) {
        return l.file == file && l.span.begin <= offset && offset <= l.span.end;
    };
    for (const SymbolRef& r : references) {
        if (covers(r.where)) {
            return r.target;
        }
    }
    for (const SymbolDecl& d : declarations) {
        if (covers(d.where)) {
            return d.key;
        }
    }
    return std::nullopt;
}

std::vector<Location> SymbolIndex::uses(const SymbolKey& key) const {
    std::vector<Location> out;
    for (const SymbolRef& r : references) {
        if (r.target == key) {
            out.push_back(r.where);
        }
    }
    return out;
}

namespace checker {

namespace {

SymbolKey::Kind key_kind(Symbol::Kind kind) {
    switch (kind) {
        case Symbol::Kind::document:
            return SymbolKey::Kind::document;
        case Symbol::Kind::enumeration:
            return SymbolKey::Kind::enumeration;
        case Symbol::Kind::record:
            return SymbolKey::Kind::record;
        case Symbol::Kind::parameter:
            return SymbolKey::Kind::parameter;
        case Symbol::Kind::rule:
            return SymbolKey::Kind::rule;
    }
    return SymbolKey::Kind::rule;
}

}  // namespace

// A qualified use (`realisatiestimulans.uitkering`, `Segment.sociale_huur`) refers by its
// last part; renaming the target must leave the qualifier alone.
void Checker::refer(const Symbol& symbol, Span span) {
    if (file_ == no_file || span.end < span.begin) {
        return;
    }
    std::string_view text = p_.sources->file(file_).slice(span);
    if (auto dot = text.rfind('.'); dot != std::string_view::npos) {
        span.begin += static_cast<std::uint32_t>(dot + 1);
    }
    p_.symbols.references.push_back(
        SymbolRef{SymbolKey{key_kind(symbol.kind), symbol.index, 0}, Location{file_, span}});
}

void Checker::index_symbols() {
    SymbolIndex& ix = p_.symbols;
    auto declare = [&](SymbolKey key, std::string name, Location where, Location extent) {
        ix.declarations.push_back(SymbolDecl{key, std::move(name), where, extent});
    };
    auto short_name = [](const std::string& qualified) {
        return qualified.substr(qualified.rfind('.') + 1);
    };
    for (std::uint32_t i = 0; i < p_.documents.size(); ++i) {
        const DocumentInfo& d = p_.documents[i];
        declare({SymbolKey::Kind::document, i, 0}, short_name(d.name), d.where, d.where);
    }
    for (std::uint32_t i = 0; i < p_.enums.size(); ++i) {
        const EnumInfo& e = p_.enums[i];
        FileId file = scopes_[enum_module_[i]].file;
        declare({SymbolKey::Kind::enumeration, i, 0}, short_name(e.name), e.where,
                Location{file, enum_decls_[i]->span});
        for (std::uint32_t c = 0; c < e.cases.size(); ++c) {
            for (const Ident& id : enum_decls_[i]->cases) {
                if (id.text == e.cases[c]) {
                    declare({SymbolKey::Kind::enum_case, i, c}, id.text, Location{file, id.span},
                            Location{file, id.span});
                    break;
                }
            }
        }
    }
    for (std::uint32_t i = 0; i < p_.records.size(); ++i) {
        const RecordInfo& r = p_.records[i];
        FileId file = scopes_[record_module_[i]].file;
        declare({SymbolKey::Kind::record, i, 0}, r.short_name, r.where,
                Location{file, record_decls_[i]->span});
        for (std::uint32_t f = 0; f < r.fields.size(); ++f) {
            Location extent = r.fields[f].where;
            for (const FieldDecl& fd : record_decls_[i]->fields) {
                if (fd.name.span.begin == r.fields[f].where.span.begin) {
                    extent.span = fd.span;
                }
            }
            declare({SymbolKey::Kind::field, i, f}, r.fields[f].name, r.fields[f].where, extent);
        }
    }
    for (std::uint32_t i = 0; i < p_.parameters.size(); ++i) {
        const ParameterInfo& prm = p_.parameters[i];
        declare({SymbolKey::Kind::parameter, i, 0}, short_name(prm.name), prm.where,
                Location{scopes_[param_module_[i]].file, param_decls_[i]->span});
    }
    for (std::uint32_t i = 0; i < p_.rules.size(); ++i) {
        const RuleInfo& r = p_.rules[i];
        declare({SymbolKey::Kind::rule, i, 0}, r.short_name, r.where,
                Location{scopes_[r.module].file, rule_decls_[i]->span});
    }
    // Fields and enum cases used in expressions, from what pass 3 resolved.
    for (ExprId e = 0; e < p_.ast.exprs.size() && e < p_.resolution.size(); ++e) {
        const Resolution& res = p_.resolution[e];
        const Expr& x = p_.ast.expr(e);
        if (res.kind != Resolution::Kind::field && res.kind != Resolution::Kind::enum_case) {
            continue;
        }
        FileId file = p_.file_of(e);
        Span span = x.span;
        SymbolKey key{SymbolKey::Kind::enum_case, res.index, res.extra};
        if (const auto* m = std::get_if<Member>(&x.kind)) {
            span = m->member.span;
            if (res.kind == Resolution::Kind::field) {
                TypeId ot = p_.expr_type[m->object];
                if (t_.kind(ot) != TypeKind::record) {
                    continue;
                }
                key = SymbolKey{SymbolKey::Kind::field, t_[ot].ref, res.index};
            }
        } else if (res.kind != Resolution::Kind::enum_case) {
            continue;
        }
        ix.references.push_back(SymbolRef{key, Location{file, span}});
    }
    std::sort(ix.references.begin(), ix.references.end(),
              [](const SymbolRef& a, const SymbolRef& b) {
                  return std::tie(a.where.file, a.where.span.begin, a.where.span.end) <
                         std::tie(b.where.file, b.where.span.begin, b.where.span.end);
              });
    ix.references.erase(std::unique(ix.references.begin(), ix.references.end(),
                                    [](const SymbolRef& a, const SymbolRef& b) {
                                        return a.target == b.target &&
                                               a.where.file == b.where.file &&
                                               a.where.span.begin == b.where.span.begin;
                                    }),
                        ix.references.end());
    for (const ModuleScope& scope : scopes_) {
        ix.imports.push_back(scope.imports);
    }
}

}  // namespace checker

}  // namespace regels::dsl
