// Tests of the PEGTL grammar itself (dsl/grammar.hpp), below the parser's actions.
//
// This is the only test translation unit that instantiates PEGTL: grammar.hpp is otherwise
// included by parser.cpp alone, and compiling PEGTL templates is slow.
//
// PEGTL's analyze() proves that no rule can loop without consuming input (which would hang
// the parser on some input) and that every `star<>`/`plus<>` body consumes. The accept/reject
// tables pin the lexical rules users meet first: Dutch money and percentage notation, dates,
// and which words are reserved. Each rule is matched against the whole string; a `must<>`
// that fails raises, which counts as a rejection here.
#include "dsl/grammar.hpp"

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include <string>
#include <string_view>

namespace {

namespace pegtl = tao::pegtl;
namespace g = regels::dsl::grammar;

template <typename Rule>
bool accepts(std::string_view text) {
    pegtl::memory_input<> in(text.data(), text.size(), "grammar_test");
    try {
        return pegtl::parse<pegtl::seq<Rule, pegtl::eof>>(in);
    } catch (const pegtl::parse_error&) {
        return false;
    }
}

// The words of `g::reserved`, spelled out so a change to the list is a visible change here.
constexpr std::string_view reserved_words[] = {
    "module",    "import",    "document", "enum",   "record",   "parameter", "definition",
    "decision",  "assertion", "source",   "except", "when",     "table",     "test",
    "expect",    "given",     "from",     "until",  "if",       "then",      "else",
    "and",       "or",        "not",      "in",     "overlaps", "true",      "false",
    "none",      "sum",       "count",    "min",    "max",      "all",       "any",
    "for",       "where",     "allocate", "among",  "claiming", "round",     "match",
    "otherwise", "is",        "required", "at",     "over"};

}  // namespace

TEST_CASE("grammar: analyze finds no problems in the declaration grammar", "[grammar]") {
    // analyze() prints each problem it finds to stderr, which ends up in the test log.
    CHECK(pegtl::analyze<g::declaration>(1) == 0);
}

TEST_CASE("grammar: money literals use Dutch notation", "[grammar]") {
    const char* accepted[] = {
        "€ 7.000,00",  "€ 7000", "€ 0,01",   "€7.000", "€ 180.000.000,00", "€ 1,00", "€ 5", "€  5",
        "€ 1.000.000", "€ 999",  "€ 12.345", "€ 0",    "€ 100.000,00",
    };
    for (const char* text : accepted) {
        INFO(text);
        CHECK(accepts<g::money_lit>(text));
    }
    const char* rejected[] = {
        "€ 7.000,0",    // one cents digit
        "€ 7.000,000",  // three cents digits
        "€ 7,000.00",   // English notation
        "€ 7.00",       // `.` only groups thousands
        "€ 1000.000",   // a group after more than three digits
        "€ 7000,-",     // as written in prose
        "€ -250,00",    // the sign goes before the euro sign
        "€ ,50",       "€ abc", "€", "7.000", "7000", "EUR 7000", "€ 7e3", "€ 7 000",
    };
    for (const char* text : rejected) {
        INFO(text);
        CHECK_FALSE(accepts<g::money_lit>(text));
    }
}

TEST_CASE("grammar: percentages take an optional decimal comma", "[grammar]") {
    for (const char* text : {"21%", "2,32%", "100%", "0%", "0,5%", "105%", "9%"}) {
        INFO(text);
        CHECK(accepts<g::percent_lit>(text));
    }
    for (const char* text : {"21 %", "2.32%", "%", "21", ",5%", "2,%", "-5%", "21%%"}) {
        INFO(text);
        CHECK_FALSE(accepts<g::percent_lit>(text));
    }
}

TEST_CASE("grammar: dates are YYYY-MM-DD", "[grammar]") {
    // The calendar is checked by the parser's action (E1010), not by the grammar: 2025-02-30
    // has the shape of a date.
    for (const char* text : {"2025-01-01", "2029-12-31", "1999-06-15", "2025-02-30"}) {
        INFO(text);
        CHECK(accepts<g::date_lit>(text));
    }
    for (const char* text : {"2025-1-1", "25-01-01", "2025/01/01", "2025-01-01x", "20250101",
                             "01-01-2025", "2025-01", "2025-01-01_"}) {
        INFO(text);
        CHECK_FALSE(accepts<g::date_lit>(text));
    }
}

TEST_CASE("grammar: integers, and where they end", "[grammar]") {
    // Range is the parser's business (E1011); the grammar takes any run of digits.
    for (const char* text : {"0", "2025", "681", "100000000000000000000"}) {
        INFO(text);
        CHECK(accepts<g::integer_lit>(text));
    }
    for (const char* text : {"12abc", "1_000", "-5", "1.000", "1,21", ""}) {
        INFO(text);
        CHECK_FALSE(accepts<g::integer_lit>(text));
    }
}

TEST_CASE("grammar: strings stay on one line and know four escapes", "[grammar]") {
    for (const char* text : {R"("Artikel 2")", R"("")", R"("met \"aanhalingstekens\"")",
                             R"("tab\t en \\ en \n")", "\"coöperatie\""}) {
        INFO(text);
        CHECK(accepts<g::string_lit>(text));
    }
    for (const char* text : {"\"open", "\"twee\nregels\"", R"("G:\Beleid")", "'enkel'", R"("\")"}) {
        INFO(text);
        CHECK_FALSE(accepts<g::string_lit>(text));
    }
}

TEST_CASE("grammar: keywords are not usable as names", "[grammar]") {
    for (std::string_view word : reserved_words) {
        INFO(word);
        CHECK_FALSE(accepts<g::name>(word));
    }
    // A keyword is a whole word: names that merely start with one are ordinary names.
    for (const char* text : {"bijdrage_per_woning", "Registratie", "coöperatie", "_intern",
                             "fromage", "modules", "iff", "x1", "indexering_2025", "untill",
                             "matching", "isolatie", "atlas", "overlap", "records"}) {
        INFO(text);
        CHECK(accepts<g::name>(text));
    }
    // Words that only mean something in one position (`record X key id`, `set of`, `by`,
    // `pro rata`, ...) are deliberately not reserved, so rules can use them as names.
    for (const char* text :
         {"key", "by",   "of",    "to",      "set",         "list",   "range", "optional",
          "as",  "url",  "dated", "during",  "unpublished", "facts",  "fails", "cites",
          "pro", "rata", "order", "present", "absent",      "refused"}) {
        INFO(text);
        CHECK(accepts<g::name>(text));
    }
    for (const char* text : {"1abc", "", "a-b", "naam met spatie", "a.b"}) {
        INFO(text);
        CHECK_FALSE(accepts<g::name>(text));
    }
}

TEST_CASE("grammar: names take letters, not symbols", "[grammar]") {
    // Latin letters with accents belong in Dutch names; symbols pasted from a word
    // processor (a lone `€`, a non-breaking space, typographic quotes) do not.
    for (const char* text : {"één", "Ærø", "coöperatie", "geïndexeerd"}) {
        INFO(text);
        CHECK(accepts<g::name>(text));
    }
    for (const char* text : {"€", "bijdrage\u00a0per_woning", "“eindhoven”"}) {
        INFO(text);
        CHECK_FALSE(accepts<g::name>(text));
    }
}

TEST_CASE("grammar: whole declarations", "[grammar]") {
    const char* accepted[] = {
        "module realisatiestimulans",
        "import nplv as n",
        "enum Segment { sociale_huur, middenhuur, koop }",
        "record Gebied key gebied { gebied: text, opgave: integer }",
        "parameter tarief: decimal\n    from 2019-01-01 = 21%",
        "parameter grens: money during 2025-01-01..2029-12-31\n"
        "    from 2025-01-01 until 2025-12-31 = € 900,07\n"
        "    from 2026-01-01 = unpublished \"nog niet bekend\"",
        "definition telt(r: Registratie): boolean =\n"
        "    r.jaar in 2025..2029 and not (r.eerdere_subsidies overlaps {WBI, SBI})",
        "decision uitkering(r: Registratie): money =\n"
        "    r.woningen * bijdrage at r.jaar\n"
        "    except uitgesloten when r.regeling in {WBI, SBI} = € 0,00",
        "table Zorgopgave { { gebied: \"vlaardingen-westwijk\", zorggeschikt: 64 } }",
    };
    for (const char* text : accepted) {
        INFO(text);
        CHECK(accepts<g::declaration>(text));
    }
    const char* rejected[] = {
        "enum from { a }",                              // a keyword as the enum's name
        "record Periode key id { from: date }",         // a keyword as a field
        "definition maximale_huur integer = 900",       // `:` missing
        "decision d: money = € 7000,-",                 // prose money
        "parameter p: decimal from 2025-01-01 = 1,21",  // decimal comma
        "defintion x: integer = 1",                     // misspelt keyword
    };
    for (const char* text : rejected) {
        INFO(text);
        CHECK_FALSE(accepts<g::declaration>(text));
    }
}
