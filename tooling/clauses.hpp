// The map of an agreement: for every document, section and — where the document's text is
// present — every sentence and table row of it, whether rules rest on it and whether tests
// reach those rules; then every assumption and interpretation choice with the decisions that
// rest on it; then every parameter version that is not yet published.
//
// Reads: a checked Program (documents with outlines, citations, marks, tests, and the texts
// its source check read: Program::document_texts).
// Produces: a ClauseMap, rendered as text, JSON or a self-contained HTML page by the
// `regels clauses` command (and by any other front end that wants it).
//
// A sentence is "tested" when a test's expectation reaches a rule that cites a quote lying
// in it: the rule it expects, or a rule or parameter that rule uses (statically, through the
// rule text). It says a test exercises the rule, not that every branch of it is taken;
// `regels test --coverage` measures that. A section is "partial" (deels) when some but not all
// of its sentences and rows are cited. A document whose text is not present keeps a status
// per section, marked unverified: no one has seen which sentence a quote is in.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/explain.hpp"

#include <optional>
#include <string>
#include <vector>

namespace regels::tooling {

// One sentence or table row of a section's text.
struct SentenceStatus {
    std::string text;                   // normalised, as the quotes are compared
    std::string kind;                   // sentence, row
    std::string status;                 // tested, encoded, not_encoded
    std::optional<std::string> reason;  // not_encoded: the section's reason, if it has one
    std::vector<std::string> rules;     // what cites a quote in it
    std::vector<std::string> tests;     // tests that reach those rules
};

struct SectionStatus {
    std::string section;
    std::string status;                     // tested, encoded, partial, not_encoded
    std::optional<std::string> reason;      // not_encoded: why (absent: nobody said)
    std::vector<std::string> rules;         // what cites it: rules, parameters, table rows
    std::vector<std::string> tests;         // tests that reach those rules
    std::vector<SentenceStatus> sentences;  // empty when the text is not present
};

struct DocumentMap {
    std::string name;  // short name
    std::string title;
    std::string area;         // an area's agreement: the area; else empty
    bool unverified = false;  // its text is not present: statuses per section only
    std::vector<SectionStatus> sections;
};

struct MarkUse {
    std::string kind;  // assumption, interpretation
    std::string name;  // what carries it
    std::string reason;
    std::string location;
    std::vector<std::string> rules;  // decisions and assertions that rest on it
};

struct UnpublishedUse {
    std::string parameter;
    std::string from;
    std::optional<std::string> until;
    std::string note;
    std::vector<std::string> rules;  // rules that use the parameter
};

struct ClauseMap {
    std::vector<DocumentMap> documents;
    std::vector<MarkUse> assumptions;
    std::vector<UnpublishedUse> unpublished;
};

ClauseMap build_clause_map(const dsl::Program& program);

// The text and HTML in `lang` (messages.hpp); the JSON's statuses are keys, not words.
std::string clause_map_text(const ClauseMap& map, interp::Lang lang = interp::Lang::nl);
std::string clause_map_json(const ClauseMap& map);
std::string clause_map_html(const ClauseMap& map, interp::Lang lang = interp::Lang::nl);

}  // namespace regels::tooling
