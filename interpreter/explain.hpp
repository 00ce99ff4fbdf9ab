// Explanations: the derivation graph of one run, as data.
//
// Each node is one evaluation of a rule for one subject (or one parameter lookup): its value,
// where the rule is (file:line), what it cites (document, section, quote), the inputs it
// read with their values, the steps it took (which branch, which exceptions were tested and
// whether they applied, where it rounded or capped), and the nodes it used. Memoised rules
// are shared, so the graph is a DAG, not a tree. Recording costs nothing when explanations
// are off: the evaluator only touches this when asked to.
//
// Evaluation is lazy, but an explanation is not: when an `and` is decided false (an `or`
// true) or an exception decides, the operands and the general rule the answer no longer
// needed are evaluated too and recorded as further grounds (steps with `ground` > 0, the
// children in `grounds`), so that a refusal shows every ground it could rest on. They never
// change the value or the marks of the node.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/value.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regels::interp {

inline constexpr std::uint32_t no_node = ~std::uint32_t{0};

// Views into the program's own strings (documents and citations live as long as the
// program), so recording a node copies no text.
struct ExplCitation {
    std::string_view document;  // short name
    std::string_view title;     // for an area's agreement: that area's own title
    std::string_view section;
    std::string_view quote;  // an assumption or interpretation: its reason
    std::optional<std::string_view> url;
    dsl::CitationKind kind = dsl::CitationKind::source;
};

struct ExplInput {
    std::string_view label;  // r.jaar, bijdrage_per_woning: a slice of the rule text
    Value value;
    dsl::TypeId type;
    std::uint32_t node = no_node;  // the node that computed it, if any
};

// The reader's language (phrases.hpp holds the words).
enum class Lang : std::uint8_t { nl, en };

enum class StepKind : std::uint8_t {
    branch,      // if/match: which way it went
    exception,   // an exception tested: applied or not, and why
    outcome,     // base case or the exception that decided
    rounding,    // explicit rounding: value before and after, unit and mode
    cap,         // min/max: which value won
    aggregate,   // sum/count/min/max over a collection
    allocation,  // a share of a ceiling
    parameter,   // which version of a parameter was used, chosen by which date
    note,
    comparison,   // a norm: both sides with their values, and whether it held
    arithmetic,   // a calculation with its operands and result
    alternative,  // not decisive: what the general rule or the other branch would have given
    ground,       // also tested, not decisive: an operand evaluated after the answer was known
};
const char* to_string(StepKind kind);

// What a step says, as data; phrases.cpp words it in the reader's language.
enum class Phrase : std::uint8_t {
    literal,                  // `text` as recorded
    branch_if,                // [condition]; result: which way
    branch_match,             // [subject, value]
    exception,                // [name, condition]; result: applies or not
    outcome_exception,        // [name]
    outcome_base,             // []
    alternative_base,         // [exception, value of the general rule]
    alternative_branch,       // [condition, other branch, its value]; result: the condition's value
    alternative_failed,       // [what, error]
    alternative_base_failed,  // [exception, error]: the general rule could not be assessed
    ground,                   // [operand, its value]; result: the value
    ground_failed,            // [operand, error]: the operand could not be assessed
    comparison,               // [lhs, lhs value, rhs, rhs value]; op; result
    arithmetic,               // [formula with values, result, rule text]
    rounding,                 // [before, unit, mode, after]
    cap,                      // [operands with values, chosen, value]; flag: max
    aggregate,                // [kind, counted, elements, collection, result, filter]; terms
    // Allocations (allocation_step() in phrases.hpp lays out the arguments; result: the
    // recipient is a claimant). The last argument of pro_rata and order is a fixed word,
    // kept in the sentence's template like rule text: pro_rata "cent" | "no_cent" (the
    // cents left over went to others) | "no_cents" (none were left); order "full" |
    // "partial" | "none" (what was left for the claim).
    allocation_full,        // [claims, total, amount, claim, share]
    allocation_pro_rata,    // [claims, total, amount, claim, ratio, exact, floored, cents,
                            //  share, cent]
    allocation_order,       // [claims, total, amount, order, key, claim, position, before,
                            //  remaining, share, outcome]; flag: a tie on the key
    allocation_outside,     // [claims, total, amount, filter, its false part]; flag: that
                            //  part is one condition of several
    allocation_not_member,  // [claims, total, amount, collection]
    // The lines under an `in order of` step (allocation_lines()), never in a template, so
    // their words may depend on the values:
    allocation_earlier,  // [record, order, key, claim, took, after]; flag: a tie on the key
    allocation_omitted,  // [count, order, first key, last key, claimed, took]
    parameter_as_of,     // [from, until or "", as-of date]
    parameter_year,      // [from, until or "", year, rule text of the year]
    parameter_date,      // [from, until or "", date, rule text of the date]
    parameter_override,  // [how it was given: "--set", "given parameter"]
};

// An argument of a step: a piece of rule text, or a value shown in the reader's language.
// Rule text is a view: of the program's own strings (which outlive every explanation), or of
// a text the argument keeps itself (owned(): a count, a formula with its values, a message).
struct StepArg {
    std::string_view text;
    Value value;  // is_value: the value; else, for owned(), the text it keeps
    dsl::TypeId type = 0;
    bool is_value = false;
    static StepArg code(std::string_view t) {
        return StepArg{t, {}, 0, false};
    }
    static StepArg code(const char* t) {
        return code(std::string_view(t));
    }
    // A std::string may die before the explanation: say which it is, code(std::string_view)
    // for the program's own text or owned() for anything made on the spot.
    static StepArg code(const std::string&) = delete;
    static StepArg code(std::string&&) = delete;
    static StepArg owned(std::string t) {
        StepArg a{{}, Value::text(std::move(t)), 0, false};
        a.text = a.value.str();
        return a;
    }
    static StepArg of(Value v, dsl::TypeId type) {
        return StepArg{{}, std::move(v), type, true};
    }
};

// One element of an aggregate: which record (by key), its value, and whether it counted.
struct ExplTerm {
    std::string subject;
    Value value;
    dsl::TypeId type = 0;
    bool counted = true;
};

// One earlier claim of an allocation `in order of`, as the explanation lists it.
struct ExplClaim {
    std::string subject;  // the record, by its key
    Value key;            // its sort key
    Number claim;
    Number took;       // its share
    Number after;      // taken by it and every claim before it
    bool tie = false;  // a neighbour in the queue has the same sort key: placed by record key
};

// What an allocation did for one recipient, for the reader (explanations only): the numbers
// its step's sentence is made of, and for `in order of` the claims before it. A big queue is
// bounded: the last `listed_claims` claims before the recipient are listed, the ones before
// them summed up, so an explanation stays small whatever the number of claimants.
struct ExplAllocation {
    static constexpr std::size_t listed_claims = 20;
    enum class Method : std::uint8_t { full, pro_rata, in_order };
    Method method = Method::full;  // full: the claims fit within the amount
    dsl::TypeId money = 0;         // the type of amounts and claims
    Number amount;                 // shared out
    Number total;                  // of the claims
    std::size_t claims = 0;
    // Not a claimant: filtered out by `where` (`failed`: the part of it that is false for the
    // recipient), or not in the collection at all (`failed` empty).
    bool claimant = true;
    std::string_view filter;      // the `where`, as written ("" without one)
    std::string_view failed;      // a view of the rule text
    std::string_view collection;  // as written
    Number claim;                 // the recipient's
    Number share;
    // in order of
    std::string_view order;  // the sort key, as written
    dsl::TypeId key_type = 0;
    Value key;                 // the recipient's sort key
    bool tie = false;          // another claim has the same sort key next to it
    std::size_t position = 0;  // from 1, in the queue
    Number before;             // taken by the claims before it
    Number remaining;          // what was left for it
    std::size_t omitted = 0;   // the first claims before it, summed up rather than listed
    Number omitted_claimed;
    Number omitted_took;
    Value omitted_from;  // their first and last sort key
    Value omitted_to;
    std::vector<ExplClaim> earlier;  // the claims right before it, in order
    // pro rata
    dsl::TypeId ratio_type = 0;
    Number ratio;           // amount / total
    Number exact;           // claim × ratio
    Number floored;         // exact, rounded down to the cent
    std::size_t cents = 0;  // left over after rounding down, for the largest remainders
    bool extra_cent = false;
};

struct ExplStep {
    StepKind kind;
    std::string text;  // Phrase::literal only
    std::optional<bool> result;
    dsl::Location where;
    Phrase phrase = Phrase::literal;
    std::vector<StepArg> args{};
    std::vector<ExplTerm> terms{};  // aggregates: every element, counted or left out
    std::shared_ptr<const ExplAllocation> allocation{};  // allocations
    dsl::BinaryOp op = dsl::BinaryOp::eq;                // comparisons
    bool flag = false;                                   // cap: max (else min)
    // 0: a step of the node's own derivation. N > 0: recorded while a further ground was
    // evaluated (N deep), so it did not decide; the ground's heading (StepKind::ground, or
    // the general rule's alternative beside an exception) is the nearest step before it at
    // level N - 1.
    std::uint8_t ground = 0;
};

struct ExplNode {
    enum class Kind : std::uint8_t { decision, definition, assertion, parameter } kind;
    std::string_view name;  // module-qualified; a view of the program's own string
    std::string subject;    // "Registratie R1", "gebied vlaardingen-westwijk", "" for the run
    Value value;
    dsl::TypeId type = 0;
    bool failed = false;
    std::string error;  // E3xxx message when failed
    dsl::Location where;
    std::vector<ExplCitation> citations;
    std::vector<ExplInput> inputs;
    std::vector<ExplStep> steps;
    std::vector<std::uint32_t> children;
    // The children used only by further grounds (each also in `children`): what was tested
    // besides what decided, so that a refusal shows every ground. A child that something
    // decisive used as well is not here.
    std::vector<std::uint32_t> grounds;
    bool ground_only(std::uint32_t child) const;
    // A parameter node: 1 + a number its evaluator gives every node of the same parameter
    // version, date, area and expression (the same node in every record that uses it), so a
    // renderer can reuse what it wrote for the first; 0 for every other node.
    std::uint32_t same_as = 0;
};

// The nodes of one run. A streaming run clears it for every record: the storage of the
// nodes, their steps and the steps' arguments is kept and used again (clear(), add(),
// args()), so recording a record's explanation allocates next to nothing.
struct Explanation {
    std::vector<ExplNode> nodes;
    // Which evaluator numbered the nodes' same_as: unique in the process, 0 for none.
    std::uint64_t numbering = 0;

    // A new node at the end of `nodes`, empty, on storage of a cleared one if there is some.
    ExplNode& add();
    // An empty argument list for a step, with room from a cleared step if there is some.
    std::vector<StepArg> args();
    void clear();

private:
    std::vector<ExplNode> spare_nodes_;
    std::vector<std::vector<StepArg>> spare_args_;
};

const char* to_string(ExplNode::Kind kind);

}  // namespace regels::interp
