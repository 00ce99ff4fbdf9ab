// Field constraints (`woningen: integer >= 1`): each bound must be a literal of the field's
// own type, `length` and `matching` apply to text, and a pattern must compile. The checked
// bound is kept as an exact fraction (ConstraintInfo), so the facts readers compare against
// it without evaluating anything and the schema can print it.
//
// A membership constraint (`gebied: text in Gebied.gebied`, `gebied: text in nplv_gebieden`)
// names where the admitted values come from: a field of a record type (the records present in
// a run, from tables and facts) or a parameter that is a set of the field's type. The values
// are only known when a run starts, so the checker resolves the name and its type; the facts
// readers look the values up (interpreter/facts.hpp, MemberSets).
#include "dsl/check/checker.hpp"

#include <regex>

namespace regels::dsl::checker {

namespace {

// A bound as written: a literal, possibly negated. nullopt when it is anything else.
struct Literal {
    enum class Kind : std::uint8_t { integer, money, percent, date, datetime } kind;
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;
};

std::optional<Literal> literal(const Ast& ast, ExprId e) {
    const ExprKind& k = ast.expr(e).kind;
    if (const auto* u = std::get_if<Unary>(&k)) {
        if (u->op != UnaryOp::negate) {
            return std::nullopt;
        }
        auto inner = literal(ast, u->operand);
        if (!inner || inner->kind == Literal::Kind::date ||
            inner->kind == Literal::Kind::datetime) {
            return std::nullopt;
        }
        inner->numerator = -inner->numerator;
        return inner;
    }
    if (const auto* n = std::get_if<NumberLit>(&k)) {
        Literal out{Literal::Kind::integer, n->mantissa, 1};
        for (int s = 0; s < n->scale; ++s) {
            out.denominator *= 10;
        }
        switch (n->form) {
            case NumberForm::integer:
                break;
            case NumberForm::money:
                out.kind = Literal::Kind::money;
                break;
            case NumberForm::percent:
                out.kind = Literal::Kind::percent;
                out.denominator *= 100;
                break;
        }
        return out;
    }
    if (const auto* d = std::get_if<DateLit>(&k)) {
        return Literal{Literal::Kind::date, d->days, 1};
    }
    if (const auto* t = std::get_if<DateTimeLit>(&k)) {
        return Literal{Literal::Kind::datetime, t->seconds, 1};
    }
    return std::nullopt;
}

std::string collapse_spaces(std::string_view text) {
    std::string out;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

}  // namespace

bool Checker::keyable(TypeId type) const {
    switch (t_.kind(type)) {
        case TypeKind::text:
        case TypeKind::integer:
        case TypeKind::year:
        case TypeKind::date:
        case TypeKind::datetime:
        case TypeKind::enumeration:
            return true;
        case TypeKind::error:
        case TypeKind::boolean:
        case TypeKind::decimal:
        case TypeKind::money:
        case TypeKind::record:
        case TypeKind::group:
        case TypeKind::set:
        case TypeKind::list:
        case TypeKind::optional:
        case TypeKind::range:
        case TypeKind::none:
            break;
    }
    return false;
}

void Checker::resolve_member_constraints() {
    for (std::size_t r = 0; r < record_decls_.size(); ++r) {
        module_ = record_module_[r];
        file_ = scopes_[module_].file;
        for (const FieldDecl& f : record_decls_[r]->fields) {
            auto fi = p_.records[r].field_index(f.name.text);
            if (!fi || p_.records[r].fields[*fi].where.span.begin != f.name.span.begin) {
                continue;  // a field declared twice (E2024)
            }
            FieldInfo& field = p_.records[r].fields[*fi];
            for (const FieldConstraint& c : f.constraints) {
                if (c.kind != FieldConstraint::Kind::member) {
                    continue;
                }
                for (ConstraintInfo& info : field.constraints) {
                    if (info.kind == FieldConstraint::Kind::member &&
                        info.where.span.begin == c.span.begin) {
                        resolve_member(static_cast<std::uint32_t>(r), *fi, c, info);
                    }
                }
            }
        }
    }
}

void Checker::resolve_member(std::uint32_t record, std::uint32_t field, const FieldConstraint& c,
                             ConstraintInfo& info) {
    const FieldInfo& self = p_.records[record].fields[field];
    TypeId want = t_.kind(self.type) == TypeKind::optional ? t_.element(self.type) : self.type;
    const std::string& name = c.source.text;
    std::vector<std::string_view> parts;
    std::vector<Span> spans;
    for (std::size_t from = 0;;) {
        std::size_t dot = name.find('.', from);
        std::size_t end = dot == std::string::npos ? name.size() : dot;
        parts.emplace_back(std::string_view(name).substr(from, end - from));
        spans.push_back(Span{c.source.span.begin + static_cast<std::uint32_t>(from),
                             c.source.span.begin + static_cast<std::uint32_t>(end)});
        if (dot == std::string::npos) {
            break;
        }
        from = dot + 1;
    }
    // What the name can be: `parameter`, `module.parameter`, `Record.field` or
    // `module.Record.field`.
    auto visible = [&](Symbol::Kind kind) {
        std::vector<std::string> out;
        auto add = [&](std::uint32_t module, const std::string& prefix) {
            for (const auto& [n, sym] : scopes_[module].symbols) {
                if (sym.kind == kind) {
                    out.push_back(prefix + n);
                }
            }
        };
        add(module_, "");
        for (const auto& [alias, target] : scopes_[module_].imports) {
            add(target, "");
            add(target, alias + ".");
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    std::optional<Symbol> param;
    std::optional<Symbol> rec;
    std::size_t field_part = 0;
    if (parts.size() == 1) {
        param = lookup(parts[0], spans[0], false, Symbol::Kind::parameter);
        if (auto whole =
                param ? std::nullopt : lookup(parts[0], spans[0], false, Symbol::Kind::record)) {
            const RecordInfo& target = p_.records[whole->index];
            error(Code::E2040, at(c.source.span),
                  fmt::format("`in {}` names a record type; say which of its fields holds the "
                              "values",
                              name))
                .hint(fmt::format("e.g. `in {}.{}`", name,
                                  target.key.empty() ? std::string("veld")
                                                     : target.fields[target.key.front()].name));
            return;
        }
    } else if (parts.size() == 2) {
        if (module_alias(parts[0])) {
            param = lookup(name, c.source.span, false, Symbol::Kind::parameter);
        }
        if (!param) {
            rec = lookup(parts[0], spans[0], false, Symbol::Kind::record);
            field_part = 1;
        }
    } else if (parts.size() == 3 && module_alias(parts[0])) {
        std::string qualified = fmt::format("{}.{}", parts[0], parts[1]);
        rec = lookup(qualified, Span{spans[0].begin, spans[1].end}, false, Symbol::Kind::record);
        field_part = 2;
    }
    if (param) {
        param_used_[param->index] = true;
        const ParameterInfo& prm = p_.parameters[param->index];
        TypeKind k = t_.kind(prm.type);
        if (is_error(prm.type) || is_error(want)) {
            return;
        }
        if ((k != TypeKind::set && k != TypeKind::list) || t_.element(prm.type) != want) {
            error(Code::E2040, at(c.source.span),
                  fmt::format("`{}` is {}; `{}` is {}, so `in` needs a parameter that is a set of "
                              "{}",
                              name, tn(prm.type), self.name, tn(self.type), tn(want)))
                .note(prm.where, "the parameter is declared here")
                .hint(fmt::format("declare the list as `parameter {}: set of {}`",
                                  prm.name.substr(prm.name.rfind('.') + 1), tn(want)));
            return;
        }
        info.parameter = param->index;
        return;
    }
    if (!rec) {
        std::vector<std::string> known = visible(Symbol::Kind::parameter);
        std::vector<std::string> records = visible(Symbol::Kind::record);
        known.insert(known.end(), records.begin(), records.end());
        std::string_view wanted = parts.size() == 1 ? std::string_view(name) : parts[0];
        if (parts.size() == 3) {
            wanted = std::string_view(name).substr(0, spans[1].end - c.source.span.begin);
        }
        Span where = parts.size() == 1   ? c.source.span
                     : parts.size() == 3 ? Span{spans[0].begin, spans[1].end}
                                         : spans[0];
        auto b = error(
            Code::E2001, at(where),
            fmt::format("`in {}`: no parameter or record type `{}` is visible here", name, wanted));
        if (auto close = closest(wanted, known)) {
            b.hint(fmt::format("did you mean `{}`?", *close));
        } else {
            b.hint(
                "name a field of a record type (`in Gebied.gebied`) or a parameter that is a set "
                "(`in nplv_gebieden`), imported if it is in another module");
        }
        return;
    }
    record_used_[rec->index] = true;
    const RecordInfo& target = p_.records[rec->index];
    std::string_view fname = parts[field_part];
    auto tf = target.field_index(fname);
    if (!tf) {
        std::vector<std::string> fields;
        for (const FieldInfo& tfi : target.fields) {
            fields.push_back(tfi.name);
        }
        auto b = error(Code::E2006, at(spans[field_part]),
                       fmt::format("`{}` has no field `{}`", target.short_name, fname));
        if (auto close = closest(fname, fields)) {
            b.hint(fmt::format("did you mean `{}`?", *close));
        }
        return;
    }
    p_.symbols.references.push_back(
        SymbolRef{SymbolKey{SymbolKey::Kind::field, rec->index, *tf}, at(spans[field_part])});
    const FieldInfo& column = target.fields[*tf];
    if (rec->index == record && *tf == field) {
        error(Code::E2040, at(c.source.span),
              fmt::format("`{}` cannot be in its own column: every value would pass", self.name))
            .hint("name the field of another record type that lists the known values");
        return;
    }
    TypeId have =
        t_.kind(column.type) == TypeKind::optional ? t_.element(column.type) : column.type;
    if (is_error(have) || is_error(want)) {
        return;
    }
    if (have != want) {
        error(
            Code::E2040, at(c.source.span),
            fmt::format("`{}.{}` is {} and `{}` is {}: their values cannot be the same",
                        target.short_name, column.name, tn(column.type), self.name, tn(self.type)))
            .note(column.where, "the field is declared here")
            .hint("name a field of the same type");
        return;
    }
    info.record = rec->index;
    info.field = *tf;
}

std::vector<ConstraintInfo> Checker::check_constraints(const FieldDecl& f, TypeId type) {
    std::vector<ConstraintInfo> out;
    if (f.constraints.empty() || is_error(type)) {
        return out;
    }
    TypeId base = t_.kind(type) == TypeKind::optional ? t_.element(type) : type;
    TypeKind kind = t_.kind(base);
    for (const FieldConstraint& c : f.constraints) {
        ConstraintInfo info;
        info.kind = c.kind;
        info.op = c.op;
        info.where = at(c.span);
        info.text = collapse_spaces(p_.sources->file(file_).slice(c.span));
        auto bad = [&](std::string message, std::string hint) {
            error(Code::E2040, at(c.span), std::move(message)).hint(std::move(hint));
        };
        if (c.kind == FieldConstraint::Kind::member) {
            // Where the values come from is resolved once every record and parameter is
            // declared (resolve_member_constraints); here only the field's own type.
            if (!keyable(base)) {
                bad(fmt::format("`in` is for text, whole numbers, years, dates, datetimes and "
                                "enums; `{}` is {}",
                                f.name.text, tn(type)),
                    "e.g. gebied: text in Gebied.gebied");
                continue;
            }
            out.push_back(std::move(info));
            continue;
        }
        if (c.kind == FieldConstraint::Kind::matching) {
            if (kind != TypeKind::text) {
                bad(fmt::format("`matching` is for text; `{}` is {}", f.name.text, tn(type)),
                    "use `>=` or `<=` to bound a number, an amount or a date");
                continue;
            }
            try {
                std::regex compiled(c.pattern, std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                bad(fmt::format("the pattern {} is not a valid regular expression", info.text),
                    "patterns are ECMAScript regular expressions that must match the whole "
                    "text, e.g. matching \"[1-9][0-9]{3} ?[A-Z]{2}\"");
                continue;
            }
            info.pattern = c.pattern;
            out.push_back(std::move(info));
            continue;
        }
        auto lit = literal(p_.ast, c.bound);
        if (c.kind == FieldConstraint::Kind::length) {
            if (kind != TypeKind::text) {
                bad(fmt::format("`length` is for text; `{}` is {}", f.name.text, tn(type)),
                    "bound a number with `>=` and `<=` directly: woningen: integer >= 1");
                continue;
            }
            if (!lit || lit->kind != Literal::Kind::integer || lit->denominator != 1 ||
                lit->numerator < 0) {
                bad("a length is a whole number of characters, 0 or more",
                    "e.g. naam: text length >= 1 and length <= 80");
                continue;
            }
            info.numerator = lit->numerator;
            out.push_back(std::move(info));
            continue;
        }
        // A bound on the value itself: what kind of literal the field's type takes.
        const char* want = nullptr;
        std::optional<Literal::Kind> takes;
        switch (kind) {
            case TypeKind::integer:
                want = "a whole number";
                takes = Literal::Kind::integer;
                break;
            case TypeKind::year:
                want = "a year such as 2025";
                takes = Literal::Kind::integer;
                break;
            case TypeKind::decimal:
                want = "a number or a percentage";
                break;
            case TypeKind::money:
                want = "an amount such as € 0,00";
                takes = Literal::Kind::money;
                break;
            case TypeKind::date:
                want = "a date (YYYY-MM-DD)";
                takes = Literal::Kind::date;
                break;
            case TypeKind::datetime:
                want = "a datetime such as 2025-01-01T00:00:00+01:00";
                takes = Literal::Kind::datetime;
                break;
            case TypeKind::error:
            case TypeKind::boolean:
            case TypeKind::text:
            case TypeKind::enumeration:
            case TypeKind::record:
            case TypeKind::group:
            case TypeKind::set:
            case TypeKind::list:
            case TypeKind::optional:
            case TypeKind::range:
            case TypeKind::none:
                break;
        }
        if (want == nullptr) {
            bad(fmt::format("`{}` is {}, which has no order to bound", f.name.text, tn(type)),
                kind == TypeKind::text
                    ? "for text, use `length <= N` or `matching \"pattern\"`"
                    : "bounds are for numbers, amounts, years, dates and datetimes");
            continue;
        }
        if (!lit) {
            bad("a bound must be written as a value (a number, an amount, a date or a datetime)",
                "e.g. woningen: integer >= 1, huurprijs: optional money >= € 0,00");
            continue;
        }
        bool fits = kind == TypeKind::decimal
                        ? lit->kind == Literal::Kind::integer || lit->kind == Literal::Kind::percent
                        : lit->kind == *takes;
        if (fits && lit->kind == Literal::Kind::integer && lit->denominator != 1) {
            fits = kind == TypeKind::decimal;
        }
        if (fits && kind == TypeKind::year && (lit->numerator < 1 || lit->numerator > 9999)) {
            fits = false;
        }
        if (!fits) {
            bad(fmt::format("`{}` is {}, so its bound must be {}", f.name.text, tn(type), want),
                kind == TypeKind::money ? "write amounts with the euro sign: >= € 0,00"
                                        : "write the bound in the field's own type");
            continue;
        }
        info.numerator = lit->numerator;
        info.denominator = lit->denominator;
        out.push_back(std::move(info));
    }
    return out;
}

}  // namespace regels::dsl::checker
