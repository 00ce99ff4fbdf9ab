#include "interpreter/value.hpp"

#include <algorithm>

namespace regels::interp {

namespace {
const std::vector<Value> empty_items;
}

const std::vector<Value>& Value::elements() const {
    return items ? *items : empty_items;
}

Value Value::collection(ValueKind kind, std::vector<Value> items) {
    if (kind == ValueKind::set) {
        std::sort(items.begin(), items.end(),
                  [](const Value& a, const Value& b) { return compare(a, b) < 0; });
        items.erase(std::unique(items.begin(), items.end()), items.end());
    }
    Value v;
    v.kind = kind;
    v.items = std::make_shared<const std::vector<Value>>(std::move(items));
    return v;
}

int compare(const Value& a, const Value& b) {
    if (a.kind != b.kind) {
        // Integers and decimals compare by value (the checker allows mixing them).
        bool an = a.kind == ValueKind::integer || a.kind == ValueKind::decimal;
        bool bn = b.kind == ValueKind::integer || b.kind == ValueKind::decimal;
        if (an && bn) {
            Number x = a.kind == ValueKind::integer ? Number(a.i) : a.n;
            Number y = b.kind == ValueKind::integer ? Number(b.i) : b.n;
            auto c = x <=> y;
            return c < 0 ? -1 : c > 0 ? 1 : 0;
        }
        return a.kind < b.kind ? -1 : 1;
    }
    switch (a.kind) {
        case ValueKind::absent:
            return 0;
        case ValueKind::decimal:
        case ValueKind::money: {
            auto c = a.n <=> b.n;
            return c < 0 ? -1 : c > 0 ? 1 : 0;
        }
        case ValueKind::text: {
            int c = a.s->compare(*b.s);
            return c < 0 ? -1 : c > 0 ? 1 : 0;
        }
        case ValueKind::set:
        case ValueKind::list:
        case ValueKind::range: {
            const auto& x = a.elements();
            const auto& y = b.elements();
            for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) {
                int c = compare(x[k], y[k]);
                if (c != 0) {
                    return c;
                }
            }
            return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
        }
        case ValueKind::enumeration:
        case ValueKind::record:
        case ValueKind::group:
            if (a.ref != b.ref) {
                return a.ref < b.ref ? -1 : 1;
            }
            return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
        case ValueKind::boolean:
        case ValueKind::integer:
        case ValueKind::date:
        case ValueKind::datetime:
        case ValueKind::year:
            return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
    }
    return 0;
}

bool operator==(const Value& a, const Value& b) {
    return compare(a, b) == 0;
}

}  // namespace regels::interp
