// Planning aggregates and allocations over all records of a type, once per program.
//
// `sum(x.kosten for x in Declaratie where x.gebied == d.gebied and x.jaar <= d.jaar and ...)`
// names every Declaratie, but only the ones in d's area and up to d's year can count. Scanning
// every record for every subject costs n² for n records; the planner finds, before anything is
// evaluated (as Soufflé chooses its indexes before it runs), the conjuncts at the head of the
// filter's `and` chain that an index can answer:
//
// - keys: `x.f == E` (either way round), E not reading the element: the records are
//   partitioned by their values of the key fields once per run, and a subject looks up its
//   partition;
// - a range right after them (aggregates only): `x.f <= E` (`<`, `>`, `>=`, either way round):
//   a partition is sorted by that field once, and a subject takes the slice it needs;
// - the rest of the conjuncts is evaluated per candidate, in record order, exactly as the full
//   scan would reach them.
//
// The plan only uses conjuncts whose evaluation cannot fail and leaves no trace: the element's
// side is a field of the element, the other side a literal, an enum case, a local or a field
// or group key of one. So a record that an index leaves out is one whose evaluation would have
// stopped at that conjunct with `false`, and nothing else: the values, the errors (which
// record's failure surfaces first), the marks and the explanations stay those of the full
// scan. The evaluator (evaluator.cpp) uses a plan only where nothing is being recorded
// element by element; an explained aggregate lists every record it looked at and scans them.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/value.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace regels::interp {

// `x.field == subject` at the head of the filter.
struct PlanKey {
    std::uint32_t field = 0;
    dsl::ExprId subject = dsl::no_expr;
};

// `x.field OP subject` right after the keys, with the element's side on the left.
struct PlanRange {
    std::uint32_t field = 0;
    dsl::ExprId subject = dsl::no_expr;
    dsl::BinaryOp op = dsl::BinaryOp::le;  // lt, le, gt or ge
};

struct AccessPlan {
    std::uint32_t record = 0;  // the collection is every record of this type
    std::uint32_t slot = 0;    // the element's slot
    std::vector<PlanKey> keys;
    std::optional<PlanRange> range;
    std::vector<dsl::ExprId> rest;  // the other conjuncts, in order
    // Aggregates with a range (sum and count): the rest and the body read no local but the
    // element and no parameter or plain function, so each record's part is the same for every
    // subject: a partition's parts are added up once, in range order, and a subject's result
    // is a difference of two running totals.
    bool range_totals = false;
    // Allocations: the rest of the filter, the claim and the order key read no local but the
    // element, so a partition's claims are the same for every recipient.
    bool shared_claims = false;
    // ... and they read no parameter and call no plain function directly (whose citations and
    // marks are those of the area being decided): the claims are the same in every area.
    bool claims_area_free = false;
};

class Planner {
public:
    explicit Planner(const dsl::Program& program);

    // The plan of aggregate or allocation `e`; null when it is scanned in full.
    const AccessPlan* plan(dsl::ExprId e) const {
        auto it = plans_.find(e);
        return it == plans_.end() ? nullptr : &it->second;
    }
    std::size_t size() const {
        return plans_.size();
    }

private:
    std::unordered_map<dsl::ExprId, AccessPlan> plans_;
};

// The records of one partition (equal key values), in record order; when the plan has a
// range, also sorted by the range field (ties in record order).
struct Partition {
    std::vector<std::uint32_t> rows;
    std::vector<std::uint32_t> by_range;
};

// Key values compare as `==` does (interp::compare), so a partition holds exactly the records
// whose key conjuncts hold.
struct KeyLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// The index of one plan over one table, built once per run.
class RowIndex {
public:
    RowIndex(const AccessPlan& plan, const std::vector<std::vector<Value>>& rows);

    // The partition with these key values (one per key, in order); null when no record has them.
    const Partition* find(const std::vector<Value>& key) const;

    // The records of `part` whose range field satisfies the plan's range against `bound`, in
    // record order.
    std::vector<std::uint32_t> slice(const Partition& part, const Value& bound) const;
    // The same records as positions [first, last) in Partition::by_range: a prefix for `<` and
    // `<=`, a suffix for `>` and `>=`.
    std::pair<std::size_t, std::size_t> bounds(const Partition& part, const Value& bound) const;

    std::size_t rows() const {
        return rows_;
    }

private:
    const AccessPlan& plan_;
    const std::vector<std::vector<Value>>& table_;
    std::size_t rows_ = 0;
    std::map<std::vector<Value>, Partition, KeyLess> partitions_;
};

}  // namespace regels::interp
