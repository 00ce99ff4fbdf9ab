#include "interpreter/planner.hpp"

#include <algorithm>
#include <functional>

namespace regels::interp {

namespace {

using dsl::BinaryOp;
using dsl::ExprId;
using Kind = dsl::Resolution::Kind;

bool is_local(const dsl::Program& p, ExprId e) {
    return std::holds_alternative<dsl::NameRef>(p.ast.expr(e).kind) &&
           p.resolution[e].kind == Kind::local;
}

// `x.field` for the element in `slot`: the field, or nullopt.
std::optional<std::uint32_t> element_field(const dsl::Program& p, ExprId e, std::uint32_t slot) {
    const auto* m = std::get_if<dsl::Member>(&p.ast.expr(e).kind);
    if (m == nullptr || p.resolution[e].kind != Kind::field || !is_local(p, m->object) ||
        p.resolution[m->object].index != slot) {
        return std::nullopt;
    }
    return p.resolution[e].index;
}

// Whether `e` is evaluated without failing, recording or marking anything, and without the
// element: a literal, an enum case, a local other than the element, or a field or group key of
// one. (A local that holds no record makes a field fail; the evaluator then scans in full.)
bool plain_operand(const dsl::Program& p, ExprId e, std::uint32_t slot) {
    const dsl::Expr& x = p.ast.expr(e);
    const dsl::Resolution& res = p.resolution[e];
    if (std::holds_alternative<dsl::NumberLit>(x.kind) ||
        std::holds_alternative<dsl::TextLit>(x.kind) ||
        std::holds_alternative<dsl::BoolLit>(x.kind) ||
        std::holds_alternative<dsl::DateLit>(x.kind) ||
        std::holds_alternative<dsl::DateTimeLit>(x.kind)) {
        return true;
    }
    if (res.kind == Kind::enum_case) {
        return true;
    }
    if (std::holds_alternative<dsl::NameRef>(x.kind)) {
        return res.kind == Kind::local && res.index != slot;
    }
    if (const auto* m = std::get_if<dsl::Member>(&x.kind)) {
        return (res.kind == Kind::field || res.kind == Kind::group_key) && is_local(p, m->object) &&
               p.resolution[m->object].index != slot;
    }
    return false;
}

// The conjuncts of an `and` chain, left to right (the order they are evaluated in).
void conjuncts(const dsl::Program& p, ExprId e, std::vector<ExprId>& out) {
    if (const auto* b = std::get_if<dsl::Binary>(&p.ast.expr(e).kind);
        b != nullptr && b->op == BinaryOp::logical_and) {
        conjuncts(p, b->lhs, out);
        conjuncts(p, b->rhs, out);
        return;
    }
    out.push_back(e);
}

BinaryOp mirrored(BinaryOp op) {
    switch (op) {
        case BinaryOp::lt:
            return BinaryOp::gt;
        case BinaryOp::le:
            return BinaryOp::ge;
        case BinaryOp::gt:
            return BinaryOp::lt;
        case BinaryOp::ge:
            return BinaryOp::le;
        default:
            return op;
    }
}

// `x.f OP E` or `E OP x.f` with E a plain operand: the field, E and the operator with the
// element on the left.
struct Comparison {
    std::uint32_t field = 0;
    ExprId subject = dsl::no_expr;
    BinaryOp op = BinaryOp::eq;
};
std::optional<Comparison> comparison(const dsl::Program& p, ExprId e, std::uint32_t slot) {
    const auto* b = std::get_if<dsl::Binary>(&p.ast.expr(e).kind);
    if (b == nullptr) {
        return std::nullopt;
    }
    if (b->op != BinaryOp::eq && b->op != BinaryOp::lt && b->op != BinaryOp::le &&
        b->op != BinaryOp::gt && b->op != BinaryOp::ge) {
        return std::nullopt;
    }
    if (auto f = element_field(p, b->lhs, slot); f && plain_operand(p, b->rhs, slot)) {
        return Comparison{*f, b->rhs, b->op};
    }
    if (auto f = element_field(p, b->rhs, slot); f && plain_operand(p, b->lhs, slot)) {
        return Comparison{*f, b->lhs, mirrored(b->op)};
    }
    return std::nullopt;
}

// Whether `e` reads no local but the one in `slot` (and those bound inside it).
bool reads_only(const dsl::Program& p, ExprId e, std::uint32_t slot) {
    std::vector<std::uint32_t> bound{slot};
    bool only = true;
    std::function<void(ExprId)> walk = [&](ExprId x) {
        if (!only) {
            return;
        }
        const dsl::Expr& ex = p.ast.expr(x);
        if (std::holds_alternative<dsl::Aggregate>(ex.kind) ||
            std::holds_alternative<dsl::Allocate>(ex.kind)) {
            bound.push_back(p.resolution[x].index);
        }
        if (std::holds_alternative<dsl::NameRef>(ex.kind) && p.resolution[x].kind == Kind::local &&
            std::find(bound.begin(), bound.end(), p.resolution[x].index) == bound.end()) {
            only = false;
            return;
        }
        dsl::for_each_child(ex, walk);
    };
    walk(e);
    return only;
}

// Whether `e` reads no parameter and calls no plain function (a rule about a subject is about
// the subject's area, whoever calls it).
bool area_free(const dsl::Program& p, ExprId e) {
    bool free = true;
    std::function<void(ExprId)> walk = [&](ExprId x) {
        const dsl::Resolution& res = p.resolution[x];
        if (res.kind == Kind::parameter ||
            (res.kind == Kind::rule && p.rules[res.index].subject == dsl::SubjectKind::arguments)) {
            free = false;
        }
        if (free) {
            dsl::for_each_child(p.ast.expr(x), walk);
        }
    };
    walk(e);
    return free;
}

std::optional<std::uint32_t> all_of_type(const dsl::Program& p, ExprId collection) {
    if (p.resolution[collection].kind != Kind::record_set) {
        return std::nullopt;
    }
    return p.resolution[collection].index;
}

// The keys (and, for aggregates, the range) at the head of `filter`, the rest after them.
void split_filter(const dsl::Program& p, ExprId filter, bool with_range, AccessPlan& plan) {
    std::vector<ExprId> parts;
    if (filter != dsl::no_expr) {
        conjuncts(p, filter, parts);
    }
    std::size_t k = 0;
    for (; k < parts.size(); ++k) {
        auto c = comparison(p, parts[k], plan.slot);
        if (!c || c->op != BinaryOp::eq) {
            break;
        }
        plan.keys.push_back(PlanKey{c->field, c->subject});
    }
    if (with_range && k < parts.size()) {
        if (auto c = comparison(p, parts[k], plan.slot); c && c->op != BinaryOp::eq) {
            plan.range = PlanRange{c->field, c->subject, c->op};
            ++k;
        }
    }
    plan.rest.assign(parts.begin() + static_cast<std::ptrdiff_t>(k), parts.end());
}

// Whether `e` (no_expr: nothing) reads only the element, and no parameter or plain function:
// its value for a record is the same whichever subject asks.
bool element_only(const dsl::Program& p, ExprId e, std::uint32_t slot) {
    return e == dsl::no_expr || (reads_only(p, e, slot) && area_free(p, e));
}

// The plan of an aggregate or allocation over `collection` binding `e`'s slot, with the keys
// (and the range) of `filter`; nullopt when the collection is not all records of a type.
std::optional<AccessPlan> start_plan(const dsl::Program& p, ExprId e, ExprId collection,
                                     ExprId filter, bool with_range) {
    auto record = all_of_type(p, collection);
    if (!record) {
        return std::nullopt;
    }
    AccessPlan plan;
    plan.record = *record;
    plan.slot = p.resolution[e].index;
    split_filter(p, filter, with_range, plan);
    return plan;
}

}  // namespace

Planner::Planner(const dsl::Program& p) {
    for (std::size_t i = 0; i < p.ast.exprs.size(); ++i) {
        const auto e = static_cast<ExprId>(i);
        const dsl::Expr& x = p.ast.exprs[i];
        if (const auto* a = std::get_if<dsl::Aggregate>(&x.kind)) {
            auto plan = start_plan(p, e, a->collection, a->filter, true);
            // Without a key or a range an index saves nothing: every record is a candidate.
            if (!plan || (plan->keys.empty() && !plan->range)) {
                continue;
            }
            plan->range_totals =
                plan->range &&
                (a->kind == dsl::AggregateKind::sum || a->kind == dsl::AggregateKind::count) &&
                element_only(p, a->body, plan->slot) &&
                std::all_of(plan->rest.begin(), plan->rest.end(),
                            [&](ExprId r) { return element_only(p, r, plan->slot); });
            plans_.emplace(e, std::move(*plan));
        } else if (const auto* al = std::get_if<dsl::Allocate>(&x.kind)) {
            auto plan = start_plan(p, e, al->collection, al->filter, false);
            if (!plan) {
                continue;
            }
            std::vector<ExprId> parts = plan->rest;
            parts.push_back(al->claim);
            parts.push_back(al->order_key);
            plan->shared_claims = std::all_of(parts.begin(), parts.end(), [&](ExprId r) {
                return r == dsl::no_expr || reads_only(p, r, plan->slot);
            });
            plan->claims_area_free = std::all_of(parts.begin(), parts.end(), [&](ExprId r) {
                return r == dsl::no_expr || area_free(p, r);
            });
            // An allocation is planned even without keys: its claims are then computed once.
            if (!plan->keys.empty() || plan->shared_claims) {
                plans_.emplace(e, std::move(*plan));
            }
        }
    }
}

bool KeyLess::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        int c = compare(a[k], b[k]);
        if (c != 0) {
            return c < 0;
        }
    }
    return a.size() < b.size();
}

RowIndex::RowIndex(const AccessPlan& plan, const std::vector<std::vector<Value>>& rows)
    : plan_(plan), table_(rows), rows_(rows.size()) {
    std::vector<Value> key(plan.keys.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t k = 0; k < plan.keys.size(); ++k) {
            key[k] = rows[r][plan.keys[k].field];
        }
        partitions_[key].rows.push_back(static_cast<std::uint32_t>(r));
    }
    if (plan.range) {
        const std::uint32_t field = plan.range->field;
        for (auto& [k, part] : partitions_) {
            part.by_range = part.rows;
            std::stable_sort(part.by_range.begin(), part.by_range.end(),
                             [&](std::uint32_t x, std::uint32_t y) {
                                 return compare(rows[x][field], rows[y][field]) < 0;
                             });
        }
    }
}

const Partition* RowIndex::find(const std::vector<Value>& key) const {
    auto it = partitions_.find(key);
    return it == partitions_.end() ? nullptr : &it->second;
}

std::vector<std::uint32_t> RowIndex::slice(const Partition& part, const Value& bound) const {
    auto [first, last] = bounds(part, bound);
    std::vector<std::uint32_t> out(part.by_range.begin() + static_cast<std::ptrdiff_t>(first),
                                   part.by_range.begin() + static_cast<std::ptrdiff_t>(last));
    std::sort(out.begin(), out.end());
    return out;
}

std::pair<std::size_t, std::size_t> RowIndex::bounds(const Partition& part,
                                                     const Value& bound) const {
    const std::uint32_t field = plan_.range->field;
    auto below = [&](std::uint32_t row, const Value& v) {
        return compare(table_[row][field], v) < 0;
    };
    auto above = [&](const Value& v, std::uint32_t row) {
        return compare(v, table_[row][field]) < 0;
    };
    auto first = part.by_range.begin();
    auto last = part.by_range.end();
    switch (plan_.range->op) {
        case BinaryOp::lt:  // field < bound
            last = std::lower_bound(first, last, bound, below);
            break;
        case BinaryOp::le:
            last = std::upper_bound(first, last, bound, above);
            break;
        case BinaryOp::gt:
            first = std::upper_bound(first, last, bound, above);
            break;
        default:  // ge
            first = std::lower_bound(first, last, bound, below);
            break;
    }
    return {static_cast<std::size_t>(first - part.by_range.begin()),
            static_cast<std::size_t>(last - part.by_range.begin())};
}

}  // namespace regels::interp
