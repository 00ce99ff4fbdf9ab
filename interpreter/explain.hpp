// Explanations: the derivation graph of one run, as data.
//
// Each node is one evaluation of a rule for one subject (or one parameter lookup): its value,
// where the rule is (file:line), what it cites (document, section, quote), the inputs it
// read with their values, the steps it took (which branch, which exceptions were tested and
// whether they applied, where it rounded or capped), and the nodes it used. Memoised rules
// are shared, so the graph is a DAG, not a tree. Recording costs nothing when explanations
// are off: the evaluator only touches this when asked to.
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
};
const char* to_string(StepKind kind);

struct ExplStep {
    StepKind kind;
    std::string text;
    std::optional<bool> result;
    dsl::Location where;
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
};

struct Explanation {
    std::vector<ExplNode> nodes;
    void clear() {
        nodes.clear();
    }
};

const char* to_string(ExplNode::Kind kind);

}  // namespace regels::interp
