// The map of an agreement: for every document and section, whether rules rest on it and
// whether tests reach those rules; then every assumption and interpretation choice with the
// decisions that rest on it; then every parameter version that is not yet published.
//
// Reads: a checked Program (documents with outlines, citations, marks, tests).
// Produces: a ClauseMap, rendered as text, JSON or a self-contained HTML page by the
// `regels clauses` command (and by any other front end that wants it).
//
// "tested" means a test's expectation reaches a rule that cites the section: the rule it
// expects, or a rule or parameter that rule uses (statically, through the rule text). It
// says a test exercises the rule, not that every branch of it is taken; `regels test
// --coverage` measures that.
#pragma once

#include "dsl/check.hpp"

#include <optional>
#include <string>
#include <vector>

namespace regels::tooling {

struct SectionStatus {
    std::string section;
    std::string status;                 // tested, encoded, not_encoded
    std::optional<std::string> reason;  // not_encoded: why (absent: nobody said)
    std::vector<std::string> rules;     // what cites it: rules, parameters, table rows
    std::vector<std::string> tests;     // tests that reach those rules
};

struct DocumentMap {
    std::string name;  // short name
    std::string title;
    std::string area;  // an area's agreement: the area; else empty
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

std::string clause_map_text(const ClauseMap& map);
std::string clause_map_json(const ClauseMap& map);
std::string clause_map_html(const ClauseMap& map);

}  // namespace regels::tooling
