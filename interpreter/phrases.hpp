// The words of explanations, one catalogue per language (phrases_nl.cpp, phrases_en.cpp).
//
// The evaluator records what happened as data (a Phrase and its arguments: pieces of rule
// text and values); the renderers turn that into sentences here, in the reader's language.
// Dutch is the default: the agreements, the rules and their reviewers are Dutch; `--lang en`
// gives English. Numbers and money are written the Dutch way in both languages (the
// agreement's own notation: € 7.000,00), decimals as percentages (70%, 10/13 (≈ 76,92%)).
// Only words differ between the catalogues, never the facts or the order they are told in.
#pragma once

#include "dsl/check.hpp"
#include "interpreter/explain.hpp"
#include "interpreter/value.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regels::interp {

std::optional<Lang> lang_from_string(std::string_view name);
const char* to_string(Lang lang);

// The fixed words of the renderers: headings, labels, kinds of node.
struct Words {
    const char* html_lang;
    const char* title;          // of the HTML report
    const char* verslag_title;  // of a beslisverslag
    const char* rules;          // "regels"
    const char* tests;          // "tests"
    const char* files;          // "bestanden"
    const char* file;           // "bestand"
    const char* as_of;          // "peildatum"
    const char* as_of_today;    // "vandaag (niet opgegeven)"
    const char* engine;         // "regels-versie"
    const char* facts;          // "feiten"
    const char* run_time;       // "tijdstip"
    const char* decision;       // table headings
    const char* subject;
    const char* value;
    const char* why;               // "waarom"
    const char* why_not;           // "waarom niet"
    const char* failed;            // "mislukt"
    const char* decisions_failed;  // "{} beslissing(en) mislukt"
    const char* seen_above;        // "(zie boven)"
    const char* times;             // "{}×"
    const char* source;            // "bron"
    const char* input;             // "invoer"
    const char* rule_text;         // "de regel zelf"
    const char* trace;             // "volledige afleiding"
    const char* assumptions;       // "Aannames en interpretatiechoices"
    const char* no_assumptions;    // "geen vastgelegd"
    const char* filter_decision;
    const char* filter_subject;
    const char* all;
    const char* print_hint;
    const char* summary;
    const char* toets;  // beslisverslag table
    const char* feit;
    const char* norm;
    const char* uitkomst;
    const char* grondslag;
    const char* outcome;         // "uitkomst"
    const char* receipts;        // "verantwoording"
    const char* signature;       // "Paraaf beoordelaar"
    const char* name_date;       // "naam en datum"
    const char* not_decisive;    // "niet beslissend"
    const char* also_tested;     // "ook getoetst, niet beslissend": a further ground
    const char* not_assessable;  // "niet te beoordelen": a further ground that failed
    const char* yes;
    const char* no;
    const char* kind_decision;
    const char* kind_definition;
    const char* kind_assertion;
    const char* kind_parameter;
    const char* error;
    const char* what_if;         // receipt label of the --set overrides
    const char* what_if_banner;  // first line / banner of an output made with --set
    // Receipts of the documents cited: "bron", "citaat", "citaten", "geverifieerd tegen",
    // "niet geverifieerd", "geen tekst", "tekst niet gevonden".
    const char* source_receipt;
    const char* quote;
    const char* quotes;
    const char* verified_against;
    const char* unverified;
    const char* no_text;
    const char* text_not_found;
    // The queue of an allocation in order (HTML and beslisverslag).
    const char* queue_caption;  // "De rij tot en met deze aanspraak"
    const char* queue_place;    // "Plaats"
    const char* queue_record;   // "Onderwerp"
    const char* queue_claim;    // "Aanspraak"
    const char* queue_took;     // "Toegekend"
    const char* queue_after;    // "Samen toegekend"
    const char* queue_this;     // "deze aanspraak"
    const char* queue_tie;      // a footnote for the claims placed by their key
};
const Words& words(Lang lang);

const char* kind_text(ExplNode::Kind kind, Lang lang);

// A value as a reader sees it: money and numbers the Dutch way, decimals as percentages,
// dates as "1 januari 2025" (nl) or "1 January 2025" (en), booleans as waar/onwaar.
std::string value_text(const dsl::Program& program, const Value& v, dsl::TypeId type, Lang lang);
// The same text appended to `out`: money in whole cents, numbers, texts and ranges of them
// without building a string (the explained JSON Lines' hot path).
void append_value_text(std::string& out, const dsl::Program& program, const Value& v,
                       dsl::TypeId type, Lang lang);
std::string date_text(std::int32_t days, Lang lang);
// A datetime in Dutch local time (Europe/Amsterdam): "1 maart 2025 09:15" / "1 March 2025 09:15".
std::string datetime_text(std::int64_t seconds, Lang lang);
// A decimal as a percentage: "70%", "21%", "10/13 (≈ 76,92%)".
std::string percent_text(const Number& n);

// What a piece of rule text (a step's argument, an input's label) refers to, in the reader's
// words: the label of the field, parameter or rule it names ("de huurprijs", "de
// huurtoeslaggrens"), or "" when it names none (a literal, a formula): the reader then sees
// only its value. The rule text itself belongs in the technical part.
std::string operand_label(const dsl::Program& program, std::string_view code, Lang lang);

// A condition and its answer in the reader's language (phrases::condition_nl/_en).
std::string condition_text(const std::string& label, bool held, Lang lang);

// The rule text a step rests on, for the technical part (`--technisch`, JSON's "code"):
// its arguments that are rule text, "r.jaar | registratieperiode"; "" for a parameter's
// version and a literal step. The same for every record: no data argument is in it.
std::string step_code(const ExplStep& step);

// One step of an explanation as a sentence.
std::string step_text(const dsl::Program& program, const ExplStep& step, Lang lang);

// The same sentence as a template: what differs from record to record (values, and the data
// parts of the rule text: a formula with its values, counts, an error message) is appended
// to `holes`, and the sentence holds the marker hole_open, the hole's index in `holes`,
// hole_close in its place. Filling each hole back in gives step_text(program, step, lang).
// A parameter version's sentence depends on its dates' text, so it has no holes.
inline constexpr char hole_open = '\x01';
inline constexpr char hole_close = '\x02';
std::string step_template(const dsl::Program& program, const ExplStep& step, Lang lang,
                          std::vector<std::string>& holes);
// Appends the marker of hole `index`.
void append_hole(std::string& out, std::size_t index);
// Holes written one after the other into one reused buffer, so wording a record's values
// allocates nothing once the buffer has grown: hole k is text[ends[k - 1], ends[k]).
struct HoleBuffer {
    std::string text;
    std::vector<std::uint32_t> ends;
    void clear() {
        text.clear();
        ends.clear();
    }
    std::size_t size() const {
        return ends.size();
    }
    // Ends the hole written since the last one.
    void close() {
        ends.push_back(static_cast<std::uint32_t>(text.size()));
    }
    std::string_view operator[](std::size_t k) const {
        std::size_t begin = k == 0 ? 0 : ends[k - 1];
        return std::string_view(text).substr(begin, ends[k] - begin);
    }
};
// The holes step_template appends, in the same order, without wording the sentence. Returns
// which arguments are holes (bit k: argument k; a literal step's text is its one hole).
unsigned step_holes(const dsl::Program& program, const ExplStep& step, Lang lang,
                    HoleBuffer& holes);
unsigned step_holes(const dsl::Program& program, const ExplStep& step, Lang lang,
                    std::vector<std::string>& holes);
// Whether the step is worded whole, without holes (a parameter version).
bool whole_sentence(Phrase phrase);

// The phrase and arguments (appended to `args`) of an allocation's step for one recipient,
// and its flag.
Phrase allocation_step(const ExplAllocation& x, std::vector<StepArg>& args, bool& flag);
// The lines an `in order of` step lists under its sentence: the claims before the recipient
// (the first ones summed up in one line when there are many), in queue order.
std::vector<std::string> allocation_lines(const dsl::Program& program, const ExplAllocation& x,
                                          Lang lang);

namespace phrases {
// The catalogues: a sentence per Phrase, from the step's arguments already shown as text,
// and per argument that is rule text the reader's words for it (operand_label(); "" where
// it names nothing, and for values). Rule text itself never appears in a sentence: it is
// the technical part's (step_code()).
std::string step_nl(const ExplStep& step, const std::vector<std::string>& args,
                    const std::vector<std::string>& labels);
std::string step_en(const ExplStep& step, const std::vector<std::string>& args,
                    const std::vector<std::string>& labels);
// A condition and how it came out, positively worded: "Telt de registratie mee? Ja.", "de
// voorwaarde is niet vervuld" (`label`: operand_label()'s words, possibly "").
std::string condition_nl(const std::string& label, bool held);
std::string condition_en(const std::string& label, bool held);
extern const Words words_nl;
extern const Words words_en;
}  // namespace phrases

}  // namespace regels::interp
