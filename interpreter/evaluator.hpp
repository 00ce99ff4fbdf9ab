// Evaluation of a checked program over facts.
//
// The Evaluator works on the checker's flat tables: names are already resolved to slots,
// rule and parameter indices, so evaluation does no string lookups. Every rule is
// evaluated lazily and memoised per (rule, subject); definitions with plain arguments are
// pure functions and are not memoised. A rule's exceptions are all tested (so "why not" can
// be answered); when more than one applies and none prevails, that is an error naming
// both, never a silent first match. Failures are values too: an error in one subject's
// decision is reported for that subject and the others go on.
//
// With `explain` on, every rule evaluation and parameter lookup becomes a node of the
// derivation graph (explain.hpp). With it off, the recording code is never reached.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/explain.hpp"
#include "interpreter/facts.hpp"
#include "interpreter/marks.hpp"
#include "interpreter/planner.hpp"
#include "interpreter/value.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace regels::interp {

// What a run exercised, for `regels test --coverage`: rules evaluated, exceptions that
// applied, and each way of every `if` and `match`.
struct Coverage {
    std::vector<bool> rules;
    std::vector<std::vector<bool>> exceptions;
    std::map<dsl::ExprId, std::array<bool, 2>> branches;  // [then, else]
    std::map<dsl::ExprId, std::vector<bool>> arms;
    void init(const dsl::Program& program);
};

// A value a parameter has for a whole run, replacing every version: `--set NAME=VALUE` on the
// command line, `given parameter` in a test. Explanations say so wherever it is used.
struct ParameterOverride {
    std::uint32_t parameter = 0;
    Value value;
    std::string origin;  // how it was given, as shown: "--set", "given parameter"
};

struct EvalOptions {
    std::int32_t as_of = 0;  // days; the date for parameters used without `at`
    bool explain = false;
    std::size_t max_depth = 200;  // nested rule evaluations
    std::uint64_t max_steps = 0;  // expression steps per evaluate(); 0: unlimited
    // Wall-clock milliseconds for one run: from the Evaluator's construction, or from
    // start_clock() (streaming calls it for each JSON Lines record); 0: unlimited.
    std::uint64_t max_time_ms = 0;
    Coverage* coverage = nullptr;  // recorded when set
    // --strict: a decision that rests on an assumption (not an interpretation) is held back
    // as error E3014, so it cannot be taken without a person looking at it.
    bool strict = false;
    std::vector<ParameterOverride> overrides{};
    Lang lang = Lang::nl;  // of the messages of run-time errors (messages.hpp)
    // How aggregates and allocations over all records of a type find their elements
    // (planner.hpp): `indexed` looks them up in indexes built once per run; `naive` scans
    // every record for every subject. The results are the same; `naive` is the reference the
    // equivalence tests and the scaling benchmark compare against (`regels eval --plan naive`).
    enum class Plan : std::uint8_t { indexed, naive } plan = Plan::indexed;
};

struct Outcome {
    bool ok = false;
    Value value;
    EvalError error{dsl::Code::E3001, {}, {}};
    std::uint32_t node = no_node;
    MarkSet marks;  // the assumptions and interpretation choices the value rests on
};

class Evaluator {
public:
    Evaluator(const dsl::Program& program, const Builtins& builtins, Facts& facts,
              const EvalOptions& options);

    // Evaluates rule `rule` for `subject` (absent for rules about the whole run).
    Outcome evaluate(std::uint32_t rule, const Value& subject);

    // All subjects a decision or assertion is made for, in a stable order.
    std::vector<Value> subjects_of(std::uint32_t rule);

    // Why the groups a group decision is about could not all be formed, if they could not.
    std::optional<EvalError> group_error(std::uint32_t rule);

    // The key of the group (of kind `group`) that row `row` of its record type belongs to: one
    // value per key after `by`. nullopt when the row is in no group: a key is absent, or it
    // could not be computed, and then `error` is set (unless already set) to why the groups
    // of this kind cannot all be formed. Keys are computed without recording.
    std::optional<std::vector<Value>> group_key(std::uint32_t group, std::size_t row,
                                                std::optional<EvalError>& error);

    std::string subject_text(const Value& subject) const;
    // The same, kept until the subject or the generation changes (a record's nodes and
    // decisions all name it): valid until the next call.
    const std::string& subject_ref(const Value& subject) const;
    void subject_json(std::string& out, const Value& subject) const;

    Explanation& explanation() {
        return explanation_;
    }

    // Starts the --max-time budget again (streaming: at each record).
    void start_clock();

    // Streaming: forget everything derived from the per-record table `record` (its memo
    // entries and, when explanations are on, the graph), keeping group accumulations.
    void reset_records();

    // The value of a constant expression (table rows, parameter versions, test values).
    Value constant(dsl::ExprId e, std::vector<Value>* locals = nullptr);

    const dsl::Program& program() const {
        return p_;
    }

    // Evaluates expression `e` of rule `rule` with the rule's slots set to `slots`, without
    // recording. Streaming uses it to fold group sums record by record.
    Value eval_in(std::uint32_t rule, dsl::ExprId e, std::vector<Value>& slots);

    // The citations as shown: a national (`per`) document becomes the agreement of the area
    // being evaluated, and citations an area's file added show for that area only.
    std::vector<ExplCitation> cite(const std::vector<dsl::CitationInfo>& list) const;
    void cite_into(std::vector<ExplCitation>& out,
                   const std::vector<dsl::CitationInfo>& list) const;

private:
    struct Frame {
        std::vector<Value> slots;
    };
    struct Memo {
        enum class State : std::uint8_t { empty, running, done, failed } state = State::empty;
        // The entry counts only in the generation it was made in (reset_records() starts a
        // new one instead of destroying and rebuilding the tables for every record).
        std::uint64_t generation = 0;
        Value value;
        std::uint32_t node = no_node;
        // Evaluated inside an alternative, where nothing is recorded: a call that records
        // evaluates the rule again, so its node is complete.
        bool quiet = false;
        std::unique_ptr<EvalError> error;  // failed: why (kept apart, an entry per record)
        MarkSet marks;
    };
    struct GroupTable {
        bool built = false;
        std::vector<std::vector<Value>> keys;
        std::vector<std::vector<std::uint32_t>> members;
        // A record whose group key could not be computed: every group of this kind would
        // be incomplete without it, so decisions about them fail with this error.
        std::optional<EvalError> key_error;
    };

    const dsl::Program& p_;
    const Builtins& builtins_;
    Facts& facts_;
    EvalOptions options_;
    bool explain_ = false;  // as asked; options_.explain is switched off in places
    Explanation explanation_;
    std::deque<Frame> frames_;  // by nesting depth; a deque keeps references stable

    std::vector<std::vector<Memo>> memo_;  // per rule: [0] for none, [row] / [group]
    std::uint64_t generation_ = 0;         // of the memo entries that count
    struct SubjectText {
        ValueKind kind = ValueKind::absent;
        std::uint32_t ref = 0;
        std::int64_t i = 0;
        std::uint64_t generation = ~std::uint64_t{0};
        std::string text;
    };
    mutable SubjectText subject_text_;  // subject_ref()'s
    std::string make_subject_text(const Value& subject) const;
    Memo& memo_entry(std::uint32_t rule, std::size_t slot);
    std::vector<GroupTable> groups_;
    std::vector<std::optional<Value>> literal_;   // per ExprId: cached literal values
    std::vector<std::optional<Value>> all_rows_;  // per record type
    std::unordered_map<dsl::ExprId, std::vector<std::int32_t>> match_arms_;
    // Parameter nodes by (parameter, version, date, area, the `at` expression or no_expr): an
    // area's citations differ, and the explanation names the expression that chose the date.
    std::map<std::tuple<std::uint32_t, std::size_t, std::int32_t, std::string_view, dsl::ExprId>,
             std::uint32_t>
        param_nodes_;
    std::vector<std::vector<std::optional<Value>>> param_values_;
    // ExplNode::same_as of parameter nodes, for the whole run: by (parameter, version, date,
    // area, the `at` expression or no_expr), the area as its index in areas_.
    std::uint32_t same_parameter(std::uint32_t param, std::size_t version, std::int32_t date,
                                 dsl::ExprId site);
    std::map<std::tuple<std::uint32_t, std::size_t, std::int32_t, std::size_t, dsl::ExprId>,
             std::uint32_t>
        same_parameter_;
    std::vector<std::string> areas_;
    std::vector<const ParameterOverride*> overrides_;  // per parameter; null: its versions
    std::vector<std::vector<std::shared_ptr<const std::string>>> enum_names_;
    struct AllocationClaim {
        std::int64_t row = 0;
        Number claim;
        Value order;  // the sort key (`in order of`)
        // Explanations only: in order of, the claims and shares up to and including this one
        // in the queue, and whether a neighbour has the same sort key; pro rata, the share
        // before rounding down and whether a cent left over went to it.
        Number claimed_after;
        Number after;
        bool tie = false;
        Number exact;
        bool extra_cent = false;
    };
    struct Allocation {
        std::unordered_map<std::int64_t, Number> shares;  // row -> share
        ExplAllocation::Method method = ExplAllocation::Method::full;
        Number total;           // of the claims
        std::size_t cents = 0;  // pro rata: left over after rounding down
        // Explanations only: the claims, in the order the amount went out (in order of) or as
        // given, and each row's place among them.
        std::vector<AllocationClaim> queue;
        std::unordered_map<std::int64_t, std::size_t> place;
    };
    std::map<std::string, Allocation> allocations_;

    // The planner's indexes (planner.hpp), built at first use and kept for the run (until
    // reset_records()). A plan is used only where the full scan would record nothing element
    // by element and no assertion is naming its last false comparison.
    Planner planner_;
    std::unordered_map<dsl::ExprId, std::unique_ptr<RowIndex>> indexes_;
    const AccessPlan* plan_of(dsl::ExprId e);
    std::uint32_t plans_off_ = 0;        // > 0: every aggregate and allocation scans in full
    bool planned_in_assertion_ = false;  // a plan was used in the assertion body being evaluated
    // An assertion failed after a plan was used: its body again without plans, for the last
    // comparison that did not hold (the failure names it).
    void failed_comparison_without_plans(dsl::ExprId body, Frame& frame);
    const RowIndex& row_index(dsl::ExprId e, const AccessPlan& plan);
    // The subject's side of the plan's keys and range (`bound`); false when one cannot be
    // evaluated (the scan in full then reports it, as it would have).
    bool subject_values(const AccessPlan& plan, Frame& f, std::vector<Value>& key, Value& bound);
    // An allocation's claims from one partition, when they are the same for every recipient
    // (AccessPlan::shared_claims): computed once, with the marks they rest on or the error
    // that ended them, and the sharing out per amount.
    struct SharedClaims {
        bool built = false;
        bool building = false;  // a claim that needs the allocation again: scanned in full
        std::vector<AllocationClaim> claims;
        Number sum;
        MarkSet marks;  // with an error: those of the claims before the one that failed
        std::optional<EvalError> error;
        std::uint32_t failed_row = 0;
        std::vector<std::pair<Number, Allocation>> by_amount;
    };
    // By allocation and area (marks can depend on it), then by the partition's key values.
    std::map<std::pair<dsl::ExprId, std::string>,
             std::map<std::vector<Value>, SharedClaims, KeyLess>>
        shared_claims_;

    // AccessPlan::range_totals: a partition's running totals in range order (position k: the
    // records before by_range[k]), with the records whose evaluation failed and the marks of
    // each prefix and suffix. Built once per partition where an evaluation may run ahead of
    // the scan: nothing recorded, no coverage, no step budget, not inside an alternative or a
    // further ground.
    struct RangeTotals {
        bool usable = false;
        std::vector<Number> sums;
        std::vector<std::int64_t> counts;
        std::vector<std::uint32_t> failures;
        std::vector<MarkSet> prefix_marks;
        std::vector<MarkSet> suffix_marks;
        bool negative = false;  // an integer part below zero (the scan's overflow check)
    };
    std::unordered_map<dsl::ExprId, std::map<const Partition*, RangeTotals>> range_totals_;
    const RangeTotals* range_totals(dsl::ExprId e, const dsl::Aggregate& a, const AccessPlan& plan,
                                    const Partition& part, Frame& f);
    // The planned aggregate from the running totals of the subject's partition; nullopt when
    // the slice must be scanned.
    std::optional<Value> from_range_totals(dsl::ExprId e, const dsl::Aggregate& a,
                                           const AccessPlan& plan, const RowIndex& index,
                                           const Partition& part, const Value& bound, Frame& f);

    // An aggregate's running result.
    struct Tally {
        std::int64_t count = 0;
        std::int64_t int_sum = 0;
        Number sum;
        std::optional<Value> best;
        bool all = true;
        bool any = false;
    };
    void tally(dsl::ExprId e, const dsl::Aggregate& a, Tally& t, const Value& v);
    Value tally_result(dsl::ExprId e, const dsl::Aggregate& a, const Tally& t);
    std::optional<Value> eval_planned_aggregate(dsl::ExprId e, const dsl::Aggregate& a,
                                                const AccessPlan& plan, Frame& f);
    std::optional<Value> eval_planned_allocate(dsl::ExprId e, const dsl::Allocate& a,
                                               const AccessPlan& plan, Frame& f);
    // The claims of the recipient's partition, computed once for all recipients (null: the
    // scan in full decides, as for a claim that failed and holds on a later try).
    const Allocation* shared_allocation(dsl::ExprId e, const dsl::Allocate& a,
                                        const AccessPlan& plan, Frame& f,
                                        const std::vector<Value>& key,
                                        const std::vector<std::uint32_t>& rows,
                                        const Number& amount);
    // The sharing out among the claimants `item(k)`, k < count, that pass `conditions`: the
    // claims computed on every call (they may depend on the recipient), the sharing cached per
    // distinct set of claims. The full scan's, and the plan's when the claims are not shared.
    template <typename Item>
    const Allocation& claims_allocation(dsl::ExprId e, const dsl::Allocate& a, Frame& f,
                                        std::span<const dsl::ExprId> conditions, std::uint32_t slot,
                                        std::size_t count, const Item& item, const Number& amount,
                                        std::uint32_t record);
    // Whether every one of `conditions` holds, evaluated in order (as an `and`).
    bool holds(std::span<const dsl::ExprId> conditions, Frame& f);
    // A claim's part of the cache key of an allocation (the claims decide the shares).
    void claim_key(std::string& key, const AllocationClaim& c) const;
    // The element's claim, if it passes `conditions` (evaluated in order, as an `and`).
    std::optional<AllocationClaim> claim_of(const dsl::Allocate& a, Frame& f,
                                            std::span<const dsl::ExprId> conditions,
                                            std::uint32_t slot, const Value& item);

    // Arithmetic in explanations: which expressions are arithmetic, which are operands of
    // arithmetic, and the operand values seen since the outermost calculation began.
    std::vector<bool> arith_;
    std::vector<bool> arith_operand_;
    std::vector<std::pair<dsl::ExprId, Value>> arith_leaves_;
    // Assertions: the last comparison that did not hold, so a failure can name it.
    bool capture_false_ = false;
    struct FalseComparison {
        std::string text, lhs, lhs_value, rhs, rhs_value;
    } last_false_;
    MarkSet marks_;           // the marks of what is being evaluated
    std::string area_field_;  // the field that tells areas apart (`per gebied`), if any
    std::string_view area_;   // that field's value for the subject being evaluated
    bool in_area(std::uint32_t area_doc) const;
    void add_marks(const std::vector<dsl::CitationInfo>& list);
    std::string_view area_of(const Value& subject) const;

    std::size_t depth_ = 0;
    std::uint32_t in_aggregate_ = 0;  // aggregates being evaluated (explanations only)
    // Alternatives being evaluated: what the other branch would give is worked out without
    // recording, and rules called there get no node (nothing would show it).
    std::uint32_t alternatives_ = 0;
    // Inside an alternative a parameter with no version for the date does not throw (an
    // exception unwinds some 40 frames, and an alternative ends in one for many records): the
    // error is kept here, the lookup gives a stand-in of its type and the evaluation runs on
    // to the alternative, which reports this first error as if it had been thrown. Nothing
    // evaluated after it is kept: no marks, no memo entries, no allocations. Not with a step
    // or time budget (the steps after it would count).
    std::optional<EvalError> soft_error_;
    bool soft_failures() const {
        return alternatives_ > 0 && options_.max_steps == 0 && options_.max_time_ms == 0;
    }
    std::optional<Value> stand_in(dsl::TypeId type) const;
    std::uint64_t steps_ = 0;
    std::uint32_t ticks_ = 0;  // steps since the clock was last read (max_time_ms)
    std::chrono::steady_clock::time_point deadline_;
    dsl::ExprId decision_body_ = dsl::no_expr;  // of the rule evaluate() was called for
    std::uint32_t node_ = no_node;              // the node being recorded
    dsl::FileId file_ = dsl::no_file;           // the file of the rule being evaluated

    Value call_rule(std::uint32_t rule, std::span<const Value> args, dsl::ExprId call_site);
    Value run_rule(std::uint32_t rule, std::span<const Value> args);
    std::optional<std::uint32_t> deciding_exception(std::uint32_t rule, Frame& frame, bool explain);
    [[noreturn]] void assertion_failed(const dsl::RuleInfo& r, std::span<const Value> args) const;
    [[noreturn]] void not_whole_cents(const dsl::RuleInfo& r, const Value& result) const;
    Value eval(dsl::ExprId e, Frame& f);
    Value eval_binary(dsl::ExprId e, const dsl::Binary& b, Frame& f);
    const Value* lookup(dsl::ExprId e, Frame& f, bool& in_frame);
    Value eval_operator(dsl::ExprId e, const dsl::Binary& b, const Value& l, const Value& r);
    Value eval_aggregate(dsl::ExprId e, const dsl::Aggregate& a, Frame& f);
    Value eval_allocate(dsl::ExprId e, const dsl::Allocate& a, Frame& f);
    // Whether row x's record key comes before row y's: the tie-break of an allocation.
    bool record_key_less(std::uint32_t record, std::int64_t x, std::int64_t y) const;
    Allocation share_out(const dsl::Allocate& a, std::vector<AllocationClaim> claims,
                         const Number& sum, const Number& amount, std::uint32_t record);
    void share_pro_rata(Allocation& out, std::vector<AllocationClaim>& claims, const Number& amount,
                        std::uint32_t record) const;
    void share_in_order(Allocation& out, std::vector<AllocationClaim>& claims, const Number& amount,
                        std::uint32_t record) const;
    // The allocation step of the recipient `target`: what it claimed and got, and why.
    // `member`: whether the recipient is in the collection at all.
    void record_allocation(dsl::ExprId e, const dsl::Allocate& a, Frame& f, const Allocation& alloc,
                           const Value& target, const Number& amount, bool member,
                           std::uint32_t record);
    // Why the recipient is not among the claimants: the false part of the filter.
    void explain_outsider(ExplAllocation& x, dsl::ExprId e, const dsl::Allocate& a, Frame& f,
                          const Value& target, bool member);
    void explain_in_order(ExplAllocation& x, const Allocation& alloc, std::size_t at,
                          std::uint32_t record) const;
    // The part of the filter (a conjunct of its `and`s) that is false for the element in the
    // slot: "" when it is true or cannot be evaluated.
    std::string_view false_condition(dsl::ExprId filter, Frame& f);
    Value eval_name(dsl::ExprId e, Frame& f);
    Value parameter(std::uint32_t param, std::optional<Value> when, dsl::ExprId site);
    Value overridden(std::uint32_t param, dsl::ExprId site);
    Value rows_of(std::uint32_t record);
    void build_groups(std::uint32_t group);
    std::vector<Value> members(const Value& collection);

    void check_clock();
    [[noreturn]] void fail(dsl::Code code, dsl::ExprId at, std::string message) const;
    dsl::Location loc(dsl::ExprId e) const;
    std::string_view src(dsl::ExprId e) const;
    std::string show(const Value& v, dsl::TypeId type) const;

    // Recording (explanations on only).
    void input(std::string_view label, const Value& v, dsl::TypeId type,
               std::uint32_t node = no_node);
    void step(StepKind kind, std::string text, std::optional<bool> result, dsl::ExprId at);
    ExplStep& step(StepKind kind, Phrase phrase, std::vector<StepArg> args,
                   std::optional<bool> result, dsl::ExprId at);
    // A step's arguments, moved into storage a cleared step left (no copy of their values).
    template <typename... A>
    std::vector<StepArg> args_of(A&&... a) {
        std::vector<StepArg> out = explanation_.args();
        out.reserve(sizeof...(A));
        (out.push_back(std::forward<A>(a)), ...);
        return out;
    }
    bool recording() const {
        return options_.explain && node_ != no_node && in_aggregate_ == 0;
    }
    // What the branch or rule not taken would have given (not decisive), evaluated without
    // recording into the current node.
    void alternative(dsl::ExprId e, Frame& f, std::vector<StepArg> head, Phrase phrase,
                     std::optional<bool> result);

    // Further grounds (explanations only): `e` evaluated after the answer was known and
    // recorded in full into the current node one level deeper (ExplStep::ground), its
    // children in ExplNode::grounds. Nothing of it counts: not its marks, not its steps
    // against --max-steps, and a failure in it is shown ("niet te beoordelen") rather than
    // thrown or memoised. Returns the value, or the error that ended it.
    struct Ground {
        Value value;
        std::optional<EvalError> error;
    };
    Ground evaluate_ground(dsl::ExprId e, Frame& f);
    // evaluate_ground, and a step `kind` with `phrase` [head, value] (or `failed` [head,
    // error]) before the steps it recorded.
    void record_ground(dsl::ExprId e, Frame& f, StepKind kind, StepArg head, Phrase phrase,
                       Phrase failed);
    // The rest of an `and` decided false (an `or` decided true), as a further ground.
    void further_ground(dsl::ExprId e, Frame& f);
    // The general rule beside the exception `ex` that decided, as a further ground.
    void general_rule_ground(const dsl::RuleInfo& r, const dsl::ExceptionInfo& ex, Frame& f);
    // Node `child` used by the node being recorded: decisively, or as a further ground.
    void add_child(std::uint32_t parent, std::uint32_t child, bool once = false);
    std::uint8_t ground_ = 0;    // further-ground depth within the node being recorded
    std::uint32_t grounds_ = 0;  // further grounds being evaluated, in any node
    // The `required(...)` that evaluating `e` reaches before anything that can fail or has an
    // effect, if any: an alternative tests its operand first, so an absent value ends the
    // alternative without throwing. Cached per expression (0: not yet known, 1: none, else
    // the expression + 2).
    dsl::ExprId first_required(dsl::ExprId e);
    std::vector<std::uint32_t> first_required_;
    // Each expression's rule text, kept after its first use with the file it was sliced from
    // (step arguments name their expressions for every record).
    struct SourceSlice {
        std::string_view text;
        dsl::FileId file = dsl::no_file;
    };
    mutable std::vector<SourceSlice> src_;
    // That `required(...)`'s operand, already evaluated by alternative(): its evaluation
    // takes the value instead of evaluating the operand again.
    dsl::ExprId probed_ = dsl::no_expr;
    Value probed_value_;
    EvalError required_absent(dsl::ExprId value) const;
    // required_absent's message, kept for the run (by the operand, with the text it quotes).
    std::string_view absent_message(dsl::ExprId value);
    struct AbsentMessage {
        const char* text = nullptr;
        std::string message;
    };
    std::unordered_map<dsl::ExprId, AbsentMessage> absent_messages_;
    std::string formula(dsl::ExprId e, std::size_t from) const;
    std::string key_text(const Value& v) const;
};

// The display and JSON forms of values, shared by the renderers.
std::string display_value(const dsl::Program& program, const Value& v, dsl::TypeId type);
void json_value(std::string& out, const dsl::Program& program, const Value& v, dsl::TypeId type);
void json_string(std::string& out, std::string_view s);
// The display and JSON forms of a group's subject, from its key values.
std::string group_subject_text(const dsl::Program& program, std::uint32_t group,
                               const std::vector<Value>& key);
void group_subject_json(std::string& out, const dsl::Program& program, std::uint32_t group,
                        const std::vector<Value>& key);

}  // namespace regels::interp
