// Field constraints (`woningen: integer >= 1`): each bound must be a literal of the field's
// own type, `length` and `matching` apply to text, and a pattern must compile. The checked
// bound is kept as an exact fraction (ConstraintInfo), so the facts readers compare against
// it without evaluating anything and the schema can print it.
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
