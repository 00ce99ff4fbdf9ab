// The agreement's published figures, each with its text explanation pinned as a golden file,
// and the national ceiling example with both ways of sharing a ceiling.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

const std::vector<std::string> base = {"eval",    "rules/nplv",
                                       "--facts", "examples/vlaardingen-westwijk/facts.json",
                                       "--as-of", "2026-11-28"};

regels::testing::RunResult explain(const std::string& decision) {
    std::vector<std::string> args = base;
    args.insert(args.end(), {"--explain", "--decision", decision});
    return regels::testing::run_regels(args);
}

}  // namespace

TEST_CASE("westwijk: every published figure is explained and cites its section",
          "[golden][westwijk]") {
    struct Figure {
        const char* decision;
        const char* value;    // as printed in the explanation
        const char* section;  // the agreement's section it must cite
    };
    const Figure figures[] = {
        {"realisatiestimulans.inschatting_laag", "€ 1.800.000,00",
         "Realisatiestimulans met opslag(en)"},
        {"realisatiestimulans.inschatting_hoog", "€ 2.700.000,00",
         "Realisatiestimulans met opslag(en)"},
        {"orv.maximale_bijdrage_maatregel", "€ 6.091.274,00",
         "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve "
         "maatschappelijke voorzieningen"},
        {"orv.maximale_bijdrage", "€ 7.323.111,00",
         "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve "
         "maatschappelijke voorzieningen"},
        {"orv.bijdrage_excl_btw", "€ 6.265.948,00",
         "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve "
         "maatschappelijke voorzieningen"},
        {"capaciteit.maximale_bijdrage_activiteit", "€ 1.300.000,00",
         "Opslag realisatiestimulans voor capaciteitsondersteuning"},
        {"capaciteit.maximale_bijdrage", "€ 2.400.000,00",
         "Opslag realisatiestimulans voor capaciteitsondersteuning"},
        {"capaciteit.bijdrage_excl_btw", "€ 2.174.380,00",
         "Opslag realisatiestimulans voor capaciteitsondersteuning"},
        {"rijksbijdrage.totaal_laag", "€ 11.523.111,00", "Samenvatting financiële afspraken"},
        {"rijksbijdrage.totaal_hoog", "€ 12.423.111,00", "Samenvatting financiële afspraken"},
        {"zorg.meerkosten", "€ 4.641.000,00", "Woningbouwprogramma"},
    };
    for (const Figure& f : figures) {
        DYNAMIC_SECTION(f.decision) {
            auto r = explain(f.decision);
            REQUIRE(r.exit_code == 0);
            CHECK(r.out.find(f.value) != std::string::npos);
            // The national rules cite `afspraak`; for Westwijk that is Westwijk's own.
            CHECK(r.out.find(std::string("bron: Bestuurlijke afspraak uitwerking "
                                         "Woontop NPLV-gebied Vlaardingen Westwijk, \"") +
                             f.section + "\"") != std::string::npos);
            REGELS_CHECK_GOLDEN(std::string("tests/golden/westwijk/") + f.decision + ".txt", r.out);
        }
    }
}

TEST_CASE("westwijk: the national example shares both ceilings to the cent, both ways",
          "[golden][westwijk]") {
    auto r = regels::testing::run_regels(
        {"eval", "rules/nplv", "--facts", "examples/nplv-landelijk/facts.json", "--as-of",
         "2026-11-28", "--decision", "plafond.aangevraagd", "--decision",
         "plafond.toewijzing_naar_rato", "--decision", "plafond.toewijzing_op_volgorde",
         "--decision", "plafond.toegewezen_naar_rato", "--decision",
         "plafond.toegewezen_op_volgorde", "--decision", "plafond.binnen_plafond"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("plafond.toegewezen_naar_rato [opslag orv] = € 180.000.000,00") !=
          std::string::npos);
    CHECK(r.out.find("plafond.toegewezen_op_volgorde [opslag orv] = € 180.000.000,00") !=
          std::string::npos);
    CHECK(r.out.find("plafond.toegewezen_naar_rato [opslag capaciteit] = € 50.000.000,00") !=
          std::string::npos);
    CHECK(r.out.find("plafond.toegewezen_op_volgorde [opslag capaciteit] = € 50.000.000,00") !=
          std::string::npos);
    CHECK(r.out.find("plafond.binnen_plafond [opslag orv] = waar") != std::string::npos);
    REGELS_CHECK_GOLDEN("tests/golden/westwijk/landelijk.txt", r.out);
}
