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
    allocation_full,          // [claims, total, ceiling, share]; result false: not a claimant
    allocation_pro_rata,  // [claims, total, ceiling, cents, share]; result false: not a claimant
    allocation_order,     // [order, claims, total, ceiling, share]; result false: not a claimant
    parameter_as_of,      // [from, until or "", as-of date]
    parameter_year,       // [from, until or "", year, rule text of the year]
    parameter_date,       // [from, until or "", date, rule text of the date]
    parameter_override,   // [how it was given: "--set", "given parameter"]
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

struct ExplStep {
    StepKind kind;
    std::string text;  // Phrase::literal only
    std::optional<bool> result;
    dsl::Location where;
    Phrase phrase = Phrase::literal;
    std::vector<StepArg> args{};
    std::vector<ExplTerm> terms{};         // aggregates: every element, counted or left out
    dsl::BinaryOp op = dsl::BinaryOp::eq;  // comparisons
    bool flag = false;                     // cap: max (else min)
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
