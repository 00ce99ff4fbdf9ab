#include "stdlib/stdlib.hpp"

#include "dsl/ast.hpp"
#include "dsl/datetime.hpp"

#include <fmt/format.h>

namespace regels::stdlib {

using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;
using interp::Value;
using interp::ValueKind;

namespace {

using Typer =
    std::function<std::optional<TypeId>(TypeTable&, std::span<const TypeId>, std::string&)>;

// A signature with fixed argument kinds and a fixed result kind.
Typer fixed(std::vector<TypeKind> args, TypeKind result) {
    return [args, result](TypeTable& t, std::span<const TypeId> given,
                          std::string& why) -> std::optional<TypeId> {
        if (given.size() != args.size()) {
            why = fmt::format("takes {} argument(s), {} given", args.size(), given.size());
            return std::nullopt;
        }
        for (std::size_t k = 0; k < args.size(); ++k) {
            if (t.kind(given[k]) != args[k]) {
                why = fmt::format("argument {} has the wrong type", k + 1);
                return std::nullopt;
            }
        }
        return t.intern(result);
    };
}

interp::Builtins build() {
    interp::Builtins b;
    auto add = [&](std::string name, std::string doc, Typer typer, interp::BuiltinImpl impl) {
        b.signatures.add(dsl::BuiltinSignature{std::move(name), std::move(doc), std::move(typer)});
        b.impls.push_back(std::move(impl));
    };
    add("year_of", "year_of(date): the year of a date, e.g. year_of(2025-03-01) = 2025",
        fixed({TypeKind::date}, TypeKind::year), [](std::span<const Value> a) {
            std::int32_t y = 0;
            unsigned m = 0;
            unsigned d = 0;
            dsl::civil_from_days(static_cast<std::int32_t>(a[0].i), y, m, d);
            return Value::year(y);
        });
    add("date_of",
        "date_of(datetime): the date of a moment in Dutch local time (Europe/Amsterdam), e.g. "
        "date_of(2025-03-01T23:30:00Z) = 2025-03-02",
        fixed({TypeKind::datetime}, TypeKind::date),
        [](std::span<const Value> a) { return Value::date(dsl::amsterdam_local(a[0].i).days); });
    add("first_day", "first_day(year): 1 January of that year",
        fixed({TypeKind::year}, TypeKind::date), [](std::span<const Value> a) {
            return Value::date(dsl::days_from_civil(static_cast<std::int32_t>(a[0].i), 1, 1));
        });
    add("last_day", "last_day(year): 31 December of that year",
        fixed({TypeKind::year}, TypeKind::date), [](std::span<const Value> a) {
            return Value::date(dsl::days_from_civil(static_cast<std::int32_t>(a[0].i), 12, 31));
        });
    add(
        "abs", "abs(x): the absolute value of an integer, decimal or amount",
        [](TypeTable& t, std::span<const TypeId> given, std::string& why) -> std::optional<TypeId> {
            if (given.size() != 1) {
                why = "takes 1 argument";
                return std::nullopt;
            }
            TypeKind k = t.kind(given[0]);
            if (k != TypeKind::integer && k != TypeKind::decimal && k != TypeKind::money) {
                why = "needs an integer, decimal or amount";
                return std::nullopt;
            }
            return given[0];
        },
        [](std::span<const Value> a) {
            Value v = a[0];
            if (v.kind == ValueKind::integer) {
                if (v.i == INT64_MIN) {
                    throw interp::EvalError{
                        dsl::Code::E3001, "abs(-9223372036854775808) is out of range", {}};
                }
                v.i = v.i < 0 ? -v.i : v.i;
            } else {
                v.n = v.n.abs();
            }
            return v;
        });
    // text_of needs an enum's case name, which only the program knows: the evaluator
    // passes enum arguments with their name in `s`.
    add(
        "text_of", "text_of(x): a whole number, year or enum case as text",
        [](TypeTable& t, std::span<const TypeId> given, std::string& why) -> std::optional<TypeId> {
            if (given.size() != 1) {
                why = "takes 1 argument";
                return std::nullopt;
            }
            TypeKind k = t.kind(given[0]);
            if (k != TypeKind::integer && k != TypeKind::year && k != TypeKind::enumeration &&
                k != TypeKind::text) {
                why = "needs a whole number, a year, an enum case or text";
                return std::nullopt;
            }
            return t.text();
        },
        [](std::span<const Value> a) {
            const Value& v = a[0];
            if (v.kind == ValueKind::text) {
                return v;
            }
            if (v.kind == ValueKind::enumeration) {
                return Value::text(v.s ? *v.s : std::to_string(v.i));
            }
            return Value::text(std::to_string(v.i));
        });
    return b;
}

}  // namespace

const interp::Builtins& standard_library() {
    static const interp::Builtins builtins = build();
    return builtins;
}

}  // namespace regels::stdlib
