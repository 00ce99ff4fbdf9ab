// Sources checked against what they cite: the pass that makes a citation something a legal
// reviewer can rely on.
//
// Reads: a checked Program (its documents with their outlines and text files, and every
// citation on rules, exceptions, parameters, versions, table rows and areas' `cite`s).
// Produces: diagnostics, and per document what was found (Program::document_texts) —
//   E2032 a section that the document's outline or text does not have (with the closest);
//   E2033 a quote that does not occur verbatim in its section (with the closest passage);
//   W2103 a quote too short to judge; W2104 a citation of a text without a quote;
//   W2105 a text file that cannot be found; W2106 a section of the text or the outline that
//   nothing cites and that is not marked `not encoded`; W2110 a document quoted whose text is
//   not present, so that its quotes cannot be verified.
// Comparison normalises whitespace, footnote markers (<sup>3</sup>), markup (**, <b>) and
// nothing else: the words and their punctuation must be the agreement's own.
//
// A section's text is also split into its entries (sentences and table rows), so that the map
// of an agreement (tooling/clauses.hpp) can say which sentence a quote lies in.
#pragma once

#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regels::dsl {

struct TextSection {
    std::string title;  // as in the text, markup removed; footnotes are "voetnoot N"
    std::string key;    // the title as sections compare (section_key), worded once
    std::string text;   // normalised
    std::string raw;    // the Markdown lines as written, for section_entries
};

struct DocumentText {
    std::string path;
    std::string content;  // the file's bytes
    std::vector<TextSection> sections;
    const TextSection* find(std::string_view title) const;
    const TextSection* find_key(std::string_view key) const;
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

// Section titles compare without case and markup: equal titles have equal keys.
std::string section_key(std::string_view title);
bool same_section(std::string_view a, std::string_view b);

// One operative entry of a section: a sentence of a paragraph or list item, or a table row
// (a Markdown `|` row, or a tab-separated line). A table's header row, rules (`---`) and lines
// without a letter or figure are not entries.
struct TextEntry {
    static constexpr std::size_t npos = ~std::size_t{0};
    enum class Kind : std::uint8_t { sentence, row };
    Kind kind = Kind::sentence;
    std::string text;          // normalised, as in TextSection::text
    std::size_t begin = npos;  // where it lies in TextSection::text; npos: not found there
};
std::vector<TextEntry> section_entries(const TextSection& section);

// Where a quote lies in its section's normalised text: [first, second); nullopt when it does not.
std::optional<std::pair<std::size_t, std::size_t>> quote_span(const TextSection& section,
                                                              std::string_view quote);
// Whether a quote at `span` lies (partly) within `entry`.
bool entry_holds(const TextEntry& entry, std::pair<std::size_t, std::size_t> span);

// Full: outlines, texts, quotes, lints and W2110 (for `regels check`). Quotes only: the quotes
// against the texts, for the receipts of a run (CheckOptions::verify_quotes).
enum class SourceCheck : std::uint8_t { full, quotes_only };

// Also counts, in the program, the quotes compared with a text and the texts read, and fills
// Program::document_texts.
void check_sources(Program& program, DiagnosticBag& bag, const std::vector<std::string>& text_dirs,
                   SourceCheck mode = SourceCheck::full);

// Every source citation of the program (with `marks`, every assumption and interpretation
// too) with what carries it, in declaration order.
struct CitationUse {
    const CitationInfo* citation;
    std::string carrier;  // rule, parameter, version, exception or table row
    std::optional<std::uint32_t> rule;
    std::optional<std::uint32_t> parameter{};
    std::string section_key{};  // of the cited section
};
std::vector<CitationUse> all_citations(const Program& program, bool marks = false);

// Whether citation `c` is checked against document `doc`: it names it, or `doc` is an area's
// instance of the national (`per`) document it names, and no other area added it.
bool cites_document(const Program& program, const CitationInfo& c, std::uint32_t doc);

}  // namespace regels::dsl
