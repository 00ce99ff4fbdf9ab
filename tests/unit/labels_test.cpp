// Labels and questions in the rule language (issue 24): `label "…"` on rules, parameters,
// records, fields and enum cases, `question "…"` on a boolean rule. Checks that the parser
// reads them where the language puts them, that the checker fills the Info fields of
// dsl/check.hpp (and dsl/labels.hpp reads them, falling back to readable names), that the
// mistakes are refused with their codes (E2060, E2061, E2062), that W2120 fires for a decision
// without a label and for nothing else, and that `label` stays free as a name.
#include "dsl/labels.hpp"

#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "stdlib/stdlib.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace regels::dsl;

struct Checked {
    SourceSet sources;
    DiagnosticBag bag;
    Program program;

    std::vector<std::string> codes() const {
        std::vector<std::string> out;
        for (const Diagnostic& d : bag.sorted()) {
            out.emplace_back(info(d.code).id);
        }
        return out;
    }
    std::string rendered() {
        return render_text(sources, bag.sorted(), false);
    }
    std::uint32_t rule(std::string_view name) const {
        auto r = program.find_rule(name);
        REQUIRE(r);
        return *r;
    }
    std::uint32_t record(std::string_view name) const {
        for (std::uint32_t i = 0; i < program.records.size(); ++i) {
            if (program.records[i].short_name == name) {
                return i;
            }
        }
        FAIL("no record " << name);
        return 0;
    }
};

std::unique_ptr<Checked> check_text(const std::string& text, bool lints = true) {
    auto c = std::make_unique<Checked>();
    FileId id = c->sources.add("labels.rules", text);
    CheckOptions options;
    options.lint_unused = false;
    options.lint_citations = lints;
    options.check_sources = false;
    c->program =
        check(c->sources, {id}, regels::stdlib::standard_library().signatures, c->bag, options);
    return c;
}

const std::string labelled = R"(module m

document afspraak "Afspraak"

enum Segment { sociale_huur label "sociale huurwoning", middenhuur, koop label "koopwoning" }

record Registratie key id describe project label "de registratie van de start van de bouw" {
    id: text label "het kenmerk van de registratie"
    project: text
    segment: Segment label "het opgegeven segment"
    huurprijs: optional money >= € 0,00 label "de huurprijs per maand"
    woningen: integer >= 1
}

parameter bijdrage_per_woning: money
    label "de bijdrage per woning"
    source afspraak, "Realisatiestimulans"
    from 2025-01-01 = € 7.000,00

definition telt_mee(r: Registratie): boolean = r.segment != koop
    label "het meetellen van de registratie"
    question "Telt de registratie mee?"
    source afspraak, "Realisatiestimulans"

decision uitkering(r: Registratie): money =
    if telt_mee(r) then r.woningen * bijdrage_per_woning else € 0,00
    source afspraak, "Realisatiestimulans"
    label "de uitkering van de realisatiestimulans"

decision klopt(r: Registratie): optional boolean = none
    question "Klopt het opgegeven segment?"
    label "de toets van het segment"
    source afspraak, "Realisatiestimulans"

assertion genoeg(r: Registratie) = r.woningen >= 1
    question "Is er ten minste één woning?"
)";

}  // namespace

TEST_CASE("labels: read into the checked program, with readable fallbacks", "[labels]") {
    auto c = check_text(labelled);
    INFO(c->rendered());
    REQUIRE_FALSE(c->bag.has_errors());
    const Program& p = c->program;

    const RuleInfo& telt = p.rules[c->rule("m.telt_mee")];
    CHECK(telt.label == "het meetellen van de registratie");
    CHECK(telt.question == "Telt de registratie mee?");
    CHECK(rule_label(p, c->rule("m.telt_mee")) == "het meetellen van de registratie");
    CHECK(rule_question(p, c->rule("m.telt_mee")) == "Telt de registratie mee?");

    // A label after the citations reads the same as one before them.
    CHECK(p.rules[c->rule("m.uitkering")].label == "de uitkering van de realisatiestimulans");
    CHECK(p.rules[c->rule("m.uitkering")].question.empty());
    // `optional boolean` takes a question too: yes, no, or not (yet) known.
    CHECK(p.rules[c->rule("m.klopt")].question == "Klopt het opgegeven segment?");
    // An assertion is a boolean rule; without a label its name is made readable.
    CHECK(p.rules[c->rule("m.genoeg")].question == "Is er ten minste één woning?");
    CHECK(p.rules[c->rule("m.genoeg")].label.empty());
    CHECK(rule_label(p, c->rule("m.genoeg")) == "genoeg");

    REQUIRE(p.parameters.size() == 1);
    CHECK(p.parameters[0].label == "de bijdrage per woning");
    CHECK(label_of(p, "m.bijdrage_per_woning") == "de bijdrage per woning");
    CHECK(label_of(p, "m.uitkering") == "de uitkering van de realisatiestimulans");

    std::uint32_t reg = c->record("Registratie");
    const RecordInfo& r = p.records[reg];
    CHECK(r.label == "de registratie van de start van de bouw");
    CHECK(record_label(p, reg) == "de registratie van de start van de bouw");
    CHECK(r.fields[*r.field_index("id")].label == "het kenmerk van de registratie");
    CHECK(r.fields[*r.field_index("huurprijs")].label == "de huurprijs per maand");
    CHECK(r.fields[*r.field_index("huurprijs")].constraints.size() == 1);
    CHECK(r.fields[*r.field_index("project")].label.empty());
    CHECK(field_label(p, reg, *r.field_index("segment")) == "het opgegeven segment");
    CHECK(field_label(p, reg, *r.field_index("woningen")) == "woningen");

    REQUIRE(p.enums.size() == 1);
    const EnumInfo& e = p.enums[0];
    CHECK(e.case_labels == std::vector<std::string>{"sociale huurwoning", "", "koopwoning"});
    CHECK(case_label(p, 0, 0) == "sociale huurwoning");
    CHECK(case_label(p, 0, 1) == "middenhuur");
}

TEST_CASE("labels: `label` and `question` stay free as names", "[labels]") {
    auto c = check_text(R"(module m
enum Kleur { label, question label "de vraag", rood }
record R key label label "het record" {
    label: text label "het label"
    question: Kleur
}
decision d(r: R): text = r.label
    label "het label van het record"
)");
    INFO(c->rendered());
    REQUIRE_FALSE(c->bag.has_errors());
    const Program& p = c->program;
    CHECK(p.enums[0].cases == std::vector<std::string>{"label", "question", "rood"});
    CHECK(p.enums[0].case_labels == std::vector<std::string>{"", "de vraag", ""});
    const RecordInfo& r = p.records[c->record("R")];
    CHECK(r.label == "het record");
    CHECK(r.fields[*r.field_index("label")].label == "het label");
    CHECK(r.fields[*r.field_index("question")].label.empty());
}

TEST_CASE("labels: a label needs its words in double quotes", "[labels]") {
    auto c = check_text(R"(module m
decision d: integer = 1
    label de uitkomst
)");
    REQUIRE(c->codes() == std::vector<std::string>{"E1001"});
    CHECK_THAT(c->rendered(), Catch::Contains("expected the label in double quotes"));
    // A question belongs to rules only: on a parameter it is not a clause.
    auto q = check_text(R"(module m
parameter p: integer
    question "Hoeveel?"
    from 2025-01-01 = 1
)");
    CHECK(q->codes() == std::vector<std::string>{"E1001"});
}

TEST_CASE("labels: a question on a rule that is not true or false is E2060", "[labels]") {
    auto c = check_text(R"(module m
decision bedrag: money = € 1,00
    label "het bedrag"
    question "Hoeveel is het bedrag?"
definition aantal: integer = 1
    question "Hoeveel?"
)",
                        false);
    CHECK(c->codes() == std::vector<std::string>{"E2060", "E2060"});
    CHECK_THAT(c->rendered(),
               Catch::Contains("decision `bedrag` has a question, but its value is money"));
    // The question is not kept; the label is.
    CHECK(c->program.rules[c->rule("m.bedrag")].question.empty());
    CHECK(c->program.rules[c->rule("m.bedrag")].label == "het bedrag");
}

TEST_CASE("labels: a second label or question is E2061, an empty one E2062", "[labels]") {
    auto c = check_text(R"(module m
enum E { a label "de a" label "het a" }
record R key id label "r" label "het r" {
    id: text label "" 
}
parameter p: integer
    label "de p"
    label "de tweede p"
    from 2025-01-01 = 1
decision d: boolean = true
    label "   "
    question "Is het zo?"
    question "Is het echt zo?"
)",
                        false);
    CHECK(c->codes() ==
          std::vector<std::string>{"E2061", "E2061", "E2062", "E2061", "E2062", "E2061"});
    const Program& p = c->program;
    // The first label counts; an empty one is no label.
    CHECK(p.enums[0].case_labels[0] == "de a");
    CHECK(p.records[0].label == "r");
    CHECK(p.records[0].fields[0].label.empty());
    CHECK(p.parameters[0].label == "de p");
    CHECK(p.rules[c->rule("m.d")].label.empty());
    CHECK(p.rules[c->rule("m.d")].question == "Is het zo?");
}

TEST_CASE("labels: W2120 for a decision without a label, and for nothing else", "[labels]") {
    const std::string text = R"(module m
document afspraak "Afspraak"
decision zonder: integer = 1
    source afspraak, "Artikel 1"
decision met: integer = 2
    label "de uitkomst"
    source afspraak, "Artikel 1"
definition hulp: integer = 3
    source afspraak, "Artikel 1"
assertion klopt = zonder() + met() + hulp() > 0
)";
    auto c = check_text(text);
    CHECK(c->codes() == std::vector<std::string>{"W2120"});
    CHECK_THAT(c->rendered(), Catch::Contains("decision `zonder` has no label"));
    CHECK_THAT(c->rendered(), Catch::Contains("labels.rules:3:10"));
    // `--no-lint` turns it off with the citation lint.
    auto quiet = check_text(text, false);
    CHECK(quiet->codes().empty());
    // The labelled rules of this file: no lint at all.
    auto all = check_text(labelled);
    CHECK(all->codes().empty());
}
