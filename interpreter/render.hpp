// Renderers of a run's decisions and their explanations: text, JSON, JSON Lines and HTML.
//
// All four read the same data (the decisions and the derivation graph), so they cannot
// disagree. Text is for terminals and review diffs (money the Dutch way: € 7.323.111,00);
// JSON is the stable contract documented in docs/output-json.md (money as exact decimal
// strings: "7323111.00"); HTML is one self-contained page with a collapsible tree and the
// quoted citations, for reviewers who never open a terminal.
#pragma once

#include "interpreter/evaluator.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace regels::interp {

struct DecisionResult {
    std::uint32_t rule;
    Value subject;
    std::string subject_json;
    std::string subject_text;
    Outcome outcome;
};

struct RunInfo {
    std::string rules_hash;  // "sha256:…"
    std::vector<std::string> files;
    std::int32_t as_of = 0;
};

std::string render_text(const dsl::Program& program, const Explanation& explanation,
                        const RunInfo& info, const std::vector<DecisionResult>& results,
                        bool explain);
std::string render_json(const dsl::Program& program, const Explanation& explanation,
                        const RunInfo& info, const std::vector<DecisionResult>& results,
                        bool explain);
// The explanation nodes already written in full in one output, by node id. A node is written
// in full where it first occurs and as {"ref": id} after that, across the decisions of the
// output. Clear it whenever the explanation graph is cleared (each JSON Lines record).
using WrittenNodes = std::vector<bool>;

// One line (with its newline) per decision or error. With `written`, nodes written on earlier
// lines become references; without, the line stands alone.
void render_jsonl(std::string& out, const dsl::Program& program, const Explanation& explanation,
                  const DecisionResult& result, bool explain, WrittenNodes* written = nullptr);
std::string render_html(const dsl::Program& program, const Explanation& explanation,
                        const RunInfo& info, const std::vector<DecisionResult>& results);

// The assumptions and interpretation choices a decision rests on (Outcome::marks), as shown:
// a badge word, the marks themselves, JSON ({"kind","name","reason","location"}) and text lines.
const char* mark_badge(dsl::CitationKind kind);
std::vector<const dsl::MarkInfo*> decision_marks(const dsl::Program& program, const MarkSet& marks);
void marks_json(std::string& out, const dsl::Program& program, const MarkSet& marks);
// compact: assumptions by name and interpretation choices counted, on one line.
void marks_text(std::string& out, const dsl::Program& program, const MarkSet& marks,
                std::string_view pad, bool compact);

// Pieces, for the test runner and diff.
void explanation_text(std::string& out, const dsl::Program& program, const Explanation& explanation,
                      std::uint32_t node, int indent);
void explanation_json(std::string& out, const dsl::Program& program, const Explanation& explanation,
                      std::uint32_t node);
std::string location_text(const dsl::Program& program, const dsl::Location& where);
// Text safe inside HTML and XML (& < > ").
std::string markup_escape(std::string_view s);

}  // namespace regels::interp
