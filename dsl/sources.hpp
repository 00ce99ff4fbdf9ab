// Sources checked against what they cite: the pass that makes a citation something a legal
// reviewer can rely on.
//
// Reads: a checked Program (its documents with their outlines and text files, and every
// citation on rules, exceptions, parameters, versions, table rows and areas' `cite`s).
// Produces: diagnostics only —
//   E2032 a section that the document's outline or text does not have (with the closest);
//   E2033 a quote that does not occur verbatim in its section (with the closest passage);
//   W2103 a quote too short to judge; W2104 a citation of a text without a quote;
//   W2105 a text file that cannot be found; W2106 a section of the text or the outline that
//   nothing cites and that is not marked `not encoded`.
// Comparison normalises whitespace, footnote markers (<sup>3</sup>), markup (**, <b>) and
// nothing else: the words and their punctuation must be the agreement's own.
#pragma once

#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regels::dsl {

struct TextSection {
    std::string title;  // as in the text, markup removed; footnotes are "voetnoot N"
    std::string text;   // normalised
};

struct DocumentText {
    std::string path;
    std::vector<TextSection> sections;
    const TextSection* find(std::string_view title) const;
};

// Splits a Markdown text into its sections: one per heading, and one per footnote.
DocumentText parse_document_text(std::string_view markdown);

// Whitespace collapsed, footnote markers and markup removed.
std::string normalise_text(std::string_view s);

// The text file of `doc` (beside the rule file, then in `dirs`); nullopt with the places
// tried in `tried` when none exists.
std::optional<DocumentText> load_document_text(const DocumentInfo& doc,
                                               const std::vector<std::string>& dirs,
                                               std::vector<std::string>& tried);

// Section titles compare without case and markup.
bool same_section(std::string_view a, std::string_view b);

// Also counts, in the program, the quotes compared with a text and the texts read.
void check_sources(Program& program, DiagnosticBag& bag, const std::vector<std::string>& text_dirs);

// Every source citation of the program with what carries it, in declaration order.
struct CitationUse {
    const CitationInfo* citation;
    std::string carrier;  // rule, parameter, version, exception or table row
    std::optional<std::uint32_t> rule;
};
std::vector<CitationUse> all_citations(const Program& program);

}  // namespace regels::dsl
