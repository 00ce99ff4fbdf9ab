// Runtime values.
//
// One small struct for every value the language has. Scalars live inline (booleans,
// integers, dates and years as day/year numbers, datetimes as seconds, enum cases as their index,
// records as a row index into their table); money and decimals are exact Numbers; text, sets and
// lists share immutable heap data, so copying a value never copies a string or a collection. An
// absent optional is kind `absent`.
#pragma once

#include "interpreter/number.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace regels::interp {

enum class ValueKind : std::uint8_t {
    absent,
    boolean,
    integer,
    decimal,
    money,
    date,
    year,
    text,
    enumeration,
    set,
    list,
    range,  // items: [low, high], both inclusive
    record,
    group,
    datetime,  // i: seconds since 1970-01-01T00:00:00Z (dsl/datetime.hpp)
};

struct Value {
    ValueKind kind = ValueKind::absent;
    std::uint32_t ref = 0;  // enum index, record type or group type
    std::int64_t i = 0;     // boolean, integer, date (days), year, enum case, row/group index
    Number n;               // decimal, money
    std::shared_ptr<const std::string> s;
    std::shared_ptr<const std::vector<Value>> items;  // set (sorted, unique) or list

    static Value boolean(bool b) {
        Value v;
        v.kind = ValueKind::boolean;
        v.i = b ? 1 : 0;
        return v;
    }
    static Value integer(std::int64_t x) {
        Value v;
        v.kind = ValueKind::integer;
        v.i = x;
        return v;
    }
    static Value year(std::int64_t y) {
        Value v;
        v.kind = ValueKind::year;
        v.i = y;
        return v;
    }
    static Value date(std::int64_t days) {
        Value v;
        v.kind = ValueKind::date;
        v.i = days;
        return v;
    }
    static Value datetime(std::int64_t seconds) {
        Value v;
        v.kind = ValueKind::datetime;
        v.i = seconds;
        return v;
    }
    static Value money(Number x) {
        Value v;
        v.kind = ValueKind::money;
        v.n = std::move(x);
        return v;
    }
    static Value decimal(Number x) {
        Value v;
        v.kind = ValueKind::decimal;
        v.n = std::move(x);
        return v;
    }
    static Value text(std::string t) {
        Value v;
        v.kind = ValueKind::text;
        v.s = std::make_shared<const std::string>(std::move(t));
        return v;
    }
    static Value enumeration(std::uint32_t en, std::int64_t index) {
        Value v;
        v.kind = ValueKind::enumeration;
        v.ref = en;
        v.i = index;
        return v;
    }
    static Value record(std::uint32_t type, std::int64_t row) {
        Value v;
        v.kind = ValueKind::record;
        v.ref = type;
        v.i = row;
        return v;
    }
    static Value group(std::uint32_t type, std::int64_t index) {
        Value v;
        v.kind = ValueKind::group;
        v.ref = type;
        v.i = index;
        return v;
    }
    // Sorts and de-duplicates for sets.
    static Value collection(ValueKind kind, std::vector<Value> items);

    bool truthy() const {
        return i != 0;
    }
    const std::string& str() const {
        return *s;
    }
    const std::vector<Value>& elements() const;
};

// Total order within one kind (for sets, min/max, sorting); equality is compare() == 0.
int compare(const Value& a, const Value& b);
bool operator==(const Value& a, const Value& b);

}  // namespace regels::interp
