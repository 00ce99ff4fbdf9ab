// Types of the rule language and the table that interns them.
//
// A TypeId names one interned type, so comparing types is comparing integers and the side
// tables of the checker stay flat. Enums, records and groups are nominal: their TypeInfo
// refers to the program's enum/record/group tables by index.
//
// The type rules that stop real mistakes (see docs/language.md for the full table):
//   money ± money = money          money × integer|decimal = money     money / money = decimal
//   money / integer|decimal = money money + integer is an error         money × money is an error
//   integer ÷ integer = decimal     year ± integer = year               year - year = integer
//   date ± integer = date (days)    date - date = integer (days)        year vs date is an error
//   datetime compares with datetime (by instant); date_of(datetime) = date (Amsterdam)
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace regels::dsl {

enum class TypeKind : std::uint8_t {
    error,  // a type that could not be determined; suppresses follow-on diagnostics
    boolean,
    integer,
    decimal,
    money,
    date,
    year,
    text,
    enumeration,
    record,
    group,
    set,
    list,
    optional,
    range,
    none,      // the type of the literal `none` before it meets an optional
    datetime,  // a moment: seconds since 1970-01-01T00:00:00Z (see dsl/datetime.hpp)
};

using TypeId = std::uint32_t;

struct TypeInfo {
    TypeKind kind;
    std::uint32_t ref;  // enum/record/group index
    TypeId element;     // set/list/optional/range element
};

class TypeTable {
public:
    TypeTable();
    TypeId intern(TypeKind kind, std::uint32_t ref = 0, TypeId element = 0);
    const TypeInfo& operator[](TypeId id) const {
        return types_[id];
    }
    TypeKind kind(TypeId id) const {
        return types_[id].kind;
    }
    TypeId element(TypeId id) const {
        return types_[id].element;
    }

    // The built-in scalar types, interned first.
    TypeId error_type() const {
        return 0;
    }
    TypeId boolean() const {
        return 1;
    }
    TypeId integer() const {
        return 2;
    }
    TypeId decimal() const {
        return 3;
    }
    TypeId money() const {
        return 4;
    }
    TypeId date() const {
        return 5;
    }
    TypeId year() const {
        return 6;
    }
    TypeId text() const {
        return 7;
    }
    TypeId none() const {
        return 8;
    }
    TypeId datetime() const {
        return 9;
    }

private:
    std::vector<TypeInfo> types_;
    std::map<std::tuple<int, std::uint32_t, TypeId>, TypeId> index_;
};

// The signature side of a built-in function: the checker asks it for a result type.
// Implementations live in stdlib/, which registers both halves under the same index.
struct BuiltinSignature {
    std::string name;
    std::string doc;
    // Result type for these argument types, or nullopt with `why` set.
    std::function<std::optional<TypeId>(TypeTable&, std::span<const TypeId>, std::string& why)>
        result;
};

class BuiltinTable {
public:
    std::uint32_t add(BuiltinSignature signature);
    std::optional<std::uint32_t> find(std::string_view name) const;
    const BuiltinSignature& operator[](std::uint32_t index) const {
        return entries_[index];
    }
    std::size_t size() const {
        return entries_.size();
    }

private:
    std::vector<BuiltinSignature> entries_;
};

}  // namespace regels::dsl
