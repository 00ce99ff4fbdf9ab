// Renderers of a run's decisions and their explanations: text, JSON, JSON Lines and HTML.
//
// All four read the same data (the decisions and the derivation graph), so they cannot
// disagree. Text is for terminals and review diffs (money the Dutch way: € 7.323.111,00);
// JSON is the stable contract documented in docs/output-json.md (money as exact decimal
// strings: "7323111.00"); HTML is one self-contained page with a collapsible tree and the
// quoted citations, for reviewers who never open a terminal.
#pragma once

#include "interpreter/evaluator.hpp"
#include "interpreter/phrases.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace regels::interp {

struct DecisionResult {
    std::uint32_t rule;
    Value subject;
    std::string subject_json;
    std::string subject_text;
    Outcome outcome;
};

// A document the rules cite, as a run's receipt names it: an area's agreement by its title and
// date, and the text its quotes were verified against by SHA-256 — or `unverified` (no text
// declared, or not found; runner.hpp document_receipts).
struct DocumentReceipt {
    std::string name;  // short name: afspraak
    std::string title;
    std::string area;                   // an area's instance: the area
    std::optional<std::int32_t> dated;  // `dated`
    std::string text;                   // the text file as declared; "" when none is
    std::string sha256;                 // "sha256:…" of the text file's bytes; "": unverified
    std::size_t quotes = 0;             // quotes of it in the rules
};

// The options of a run that change what it decides or how it says it, as given on the
// command line.
struct RunOptions {
    std::vector<std::string> decisions{};  // --decision, in order; empty: all
    bool strict = false;                   // --strict
    std::vector<std::string> set{};        // --set NAME=VALUE, in order
    std::string as_of{};                   // --as-of as given; "" when not given
    std::string lang{};                    // --lang as given; "" when not given
};

// What a run was made from: the receipts every output carries, so a decision can be filed
// and reproduced (rules, tests, engine, facts, as-of date, time of the run, and the texts
// the quotes were verified against).
struct RunInfo {
    std::string rules_hash;  // "sha256:…" over the rule files but *_test.rules
    std::vector<std::string> files;
    std::int32_t as_of = 0;
    bool as_of_given = true;   // false: today, because no --as-of was given
    std::string tests_hash{};  // "sha256:…" over the *_test.rules files ("" if none)
    std::size_t test_files = 0;
    std::string engine_version{};  // "" when unknown (library callers)
    std::vector<std::string> facts_files{};
    std::string facts_hash{};  // "sha256:…" over the facts files' contents
    std::string run_time{};    // ISO 8601 UTC; "" when left out (REGELS_FIXED_TIME="")
    Lang lang = Lang::nl;
    // `--set`: parameters given a value for this run. Every output then says it is a what-if
    // (text: a first line and a receipt; JSON: "overrides"; HTML and verslag: a banner).
    std::vector<ParameterOverride> overrides{};
    // The documents cited; empty when the run did not look at the texts (the service).
    std::vector<DocumentReceipt> documents{};
    // The build of the engine: version and source revision ("0.1+9a80f40", "0.1+onbekend" when
    // not built from a git checkout); "" when unknown (library callers).
    std::string build{};
    // The options the run was asked with, as given (receipts: "opties"; JSON: "options");
    // nullopt for callers without a command line.
    std::optional<RunOptions> options{};
    // `--technisch`: the text output shows the technical part (rule text, names, file:line).
    bool technical = false;
};

// One line in plain words, from the branch or exception that decided (above the trace):
// "Waarom niet: € 0,00, omdat `telt_mee(r)` is onwaar, omdat …".
std::string plain_line(const dsl::Program& program, const Explanation& explanation,
                       std::uint32_t node, Lang lang);

// The text of the rule declaration at `where` (from its line to the end of its body).
std::string rule_source(const dsl::Program& program, const dsl::RuleInfo& rule);

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

// The shared layout of explained JSON Lines: what repeats from record to record (a node's
// rule, location, citations, input names, step sentences with holes for the values, and
// parameter lookups) is written once as a `{"shared": …}` line before the first line that
// uses it; the decision lines refer to it by id. One table is one scope of ids: clear it to
// start a new scope (later definitions then reuse the ids). docs/output-json.md.
struct SharedTable {
    // The byte keys below are hashed per node per record: 8 bytes at a time, not std::hash's
    // byte-wise hash.
    struct KeyHash {
        std::size_t operator()(const std::string& key) const noexcept;
    };
    std::unordered_map<std::string, std::uint32_t, KeyHash> ids;  // definition -> id, in scope
    std::uint32_t next_id = 0;
    std::optional<std::string> last_subject;  // of the last decision's own node in the scope
    // Node shapes by what they are made of (the rule, its citations and inputs, each step's
    // phrase and rule text): worded once per table, defined once per scope.
    struct Shape {
        std::string body;
        std::uint64_t scope = 0;
        std::uint32_t id = 0;
    };
    std::unordered_map<std::string, Shape, KeyHash> shapes;
    std::uint64_t scope = 1;
    std::string key;   // scratch
    HoleBuffer holes;  // scratch
    std::vector<std::size_t> step_holes;
    // The `why` sentences by what decides their template (the steps that give the reasons),
    // worded once per table, defined once per scope.
    std::unordered_map<std::string, Shape, KeyHash> whys;
    std::string why_key;     // scratch
    HoleBuffer why_holes;    // scratch
    std::string intern_key;  // scratch
    std::string leaf;        // scratch
    // Parameter leaves by ExplNode::same_as (of the evaluator Explanation::numbering names):
    // the scope they were last written in and their id there. A leaf is the same in every
    // record, so a record only looks its id up.
    struct Leaf {
        std::uint64_t scope = 0;
        std::uint32_t id = 0;
    };
    std::uint64_t leaf_numbering = 0;
    std::vector<Leaf> leaves;
    std::string defs;  // scratch: the definitions a line needs
    void clear() {
        ids.clear();
        next_id = 0;
        last_subject.reset();
        ++scope;
    }
};

// One line (with its newline) per decision or error. With `written`, nodes written on earlier
// lines become references; without, the line stands alone. With `shared` (and `explain`),
// the explanation is written in the shared layout, preceded by the definitions it needs.
void render_jsonl(std::string& out, const dsl::Program& program, const Explanation& explanation,
                  const DecisionResult& result, bool explain, WrittenNodes* written = nullptr,
                  SharedTable* shared = nullptr);
std::string render_html(const dsl::Program& program, const Explanation& explanation,
                        const RunInfo& info, const std::vector<DecisionResult>& results);
// The beslisverslag: one printable A4 page per decision and subject (verslag.cpp).
std::string render_verslag(const dsl::Program& program, const Explanation& explanation,
                           const RunInfo& info, const std::vector<DecisionResult>& results);

// The assumptions and interpretation choices a decision rests on (Outcome::marks), as shown:
// a badge word, the marks themselves, JSON ({"kind","name","reason","location"}) and text lines.
const char* mark_badge(dsl::CitationKind kind);
std::vector<const dsl::MarkInfo*> decision_marks(const dsl::Program& program, const MarkSet& marks);
void marks_json(std::string& out, const dsl::Program& program, const MarkSet& marks);
// compact: assumptions by name and interpretation choices counted, on one line.
// technical: with who carries each mark and where (file:line), as `--technisch` shows.
void marks_text(std::string& out, const dsl::Program& program, const MarkSet& marks,
                std::string_view pad, bool compact, bool technical = false);

// Pieces, for the test runner and diff.
// technical: each node and step with its rule text, name and file:line (`--technisch`); the
// reader's text has labels, values and quotes only.
void explanation_text(std::string& out, const dsl::Program& program, const Explanation& explanation,
                      std::uint32_t node, int indent, Lang lang = Lang::nl, bool technical = false);
void explanation_json(std::string& out, const dsl::Program& program, const Explanation& explanation,
                      std::uint32_t node);
std::string location_text(const dsl::Program& program, const dsl::Location& where);
// The queue of an `in order of` allocation up to the recipient, as an HTML table (report and
// beslisverslag); "" for any other allocation step.
std::string allocation_table_html(const dsl::Program& program, const ExplAllocation& allocation,
                                  Lang lang);
// Text safe inside HTML and XML (& < > ").
std::string markup_escape(std::string_view s);
// The receipts as text lines (text header, verslag) in the reader's language.
std::vector<std::pair<std::string, std::string>> receipts(const dsl::Program& program,
                                                          const RunInfo& info);
// The receipt labels of the build and of the options ("bouw", "opties"), and the options as a
// command line would give them ("--decision x --strict --as-of 2026-11-28"; "" for none).
const char* build_label(Lang lang);
const char* options_label(Lang lang);
std::string options_text(const RunOptions& options);
// The overrides as "name = value; …" in the reader's language ("" when there are none).
std::string overrides_text(const dsl::Program& program, const RunInfo& info);
// The HTML banner of a what-if (report and beslisverslag); "" when there are no overrides.
// Styled inline, so the pages' style sheets stay as they are.
std::string what_if_banner(const dsl::Program& program, const RunInfo& info);

}  // namespace regels::interp
