// Exactness at the level of the rule language: small rule files under tests/golden/exact are
// evaluated by `regels eval --format json`, and the decisions' values — exact decimal
// strings, never binary floating point — are checked digit for digit:
//   - 100/130 × 130 is 100, and 481 × 100/130 × € 7.000 is € 2.590.000,00 exactly;
//   - € 5.034.111 × 1,21 is € 6.091.274,31 exactly, and € 6.091.274,00 only when rounded;
//   - half_up, half_even and half_down differ exactly at half a cent (and at € 50.000 when
//     rounding to € 100.000), and agree just above it;
//   - a ceiling shared pro rata over claims that do not divide it evenly gives parts that add
//     up to the ceiling to the cent, each within a cent of its exact share, the spare cents
//     going to the largest remainders; in order of submission, first come first served.
// The same properties are then checked on the real rules (rules/nplv) with the example facts.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

using regels::testing::read_text;
using regels::testing::run_regels;
using regels::testing::RunResult;

__extension__ typedef __int128 wide;

const std::string exact_dir = "tests/golden/exact";

// The values of one run, by "decision" (no subject) or "decision[key]" (the subject's key).
struct Values {
    RunResult run;
    nlohmann::json doc;
    std::map<std::string, nlohmann::json> by_name;

    const nlohmann::json& at(const std::string& name) const {
        auto it = by_name.find(name);
        if (it == by_name.end()) {
            static const nlohmann::json missing = "<no such decision>";
            return missing;
        }
        return it->second;
    }
    std::string money(const std::string& name) const {
        const auto& v = at(name);
        return v.is_string() ? v.get<std::string>() : v.dump();
    }
};

Values evaluate(const std::vector<std::string>& rules, const std::string& facts,
                const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"eval"};
    args.insert(args.end(), rules.begin(), rules.end());
    args.insert(args.end(), {"--facts", facts, "--as-of", "2026-11-28", "--format", "json"});
    args.insert(args.end(), extra.begin(), extra.end());
    Values v;
    v.run = run_regels(args);
    v.doc = nlohmann::json::parse(v.run.out, nullptr, false);
    if (v.doc.is_discarded() || !v.doc.contains("decisions")) {
        return v;
    }
    for (const auto& d : v.doc.at("decisions")) {
        std::string name = d.at("decision").get<std::string>();
        const auto& subject = d.at("subject");
        if (!subject.empty()) {
            const auto& key = subject.begin().value();
            name += "[" + (key.is_string() ? key.get<std::string>() : key.dump()) + "]";
        }
        v.by_name[name] = d.at("value");
    }
    return v;
}

// Checks that a run worked and produced JSON.
#define REQUIRE_RUN_OK(values)                      \
    do {                                            \
        INFO("stderr: " << (values).run.err);       \
        REQUIRE((values).run.exit_code == 0);       \
        REQUIRE_FALSE((values).doc.is_discarded()); \
        REQUIRE((values).doc.at("errors").empty()); \
    } while (false)

// "6091274.31" -> 609127431 cents. Money in the JSON output is always a string with exactly
// two decimals; anything else is not money and gives nullopt.
std::optional<std::int64_t> cents(const std::string& s) {
    std::size_t dot = s.find('.');
    if (dot == std::string::npos || s.size() - dot != 3 || dot == 0) {
        return std::nullopt;
    }
    bool negative = s[0] == '-';
    std::int64_t out = 0;
    for (std::size_t k = negative ? 1 : 0; k < s.size(); ++k) {
        if (k == dot) {
            continue;
        }
        if (s[k] < '0' || s[k] > '9') {
            return std::nullopt;
        }
        out = out * 10 + (s[k] - '0');
    }
    return negative ? -out : out;
}

// A JSON number from a facts file (an amount such as 95000000.01) in cents. The facts in
// these tests are far below 2^53 cents, where a double holds every cent exactly.
std::int64_t facts_cents(const nlohmann::json& amount) {
    double c = amount.get<double>() * 100.0;
    std::int64_t out = std::llround(c);
    REQUIRE(std::fabs(c - static_cast<double>(out)) < 1e-3);
    return out;
}

// The pro rata properties: parts sum to the ceiling, each is the exact share rounded down to
// the cent or one cent more, the number of extra cents is what rounding down left over, and
// the extra cents went to the largest remainders (ties: the earlier claim).
void check_pro_rata(std::int64_t ceiling, const std::vector<std::int64_t>& claims,
                    const std::vector<std::int64_t>& parts) {
    REQUIRE(claims.size() == parts.size());
    wide total = 0;
    for (std::int64_t c : claims) {
        total += c;
    }
    REQUIRE(total > ceiling);  // otherwise every claim is met in full
    std::int64_t sum = 0;
    std::int64_t floors = 0;
    std::vector<wide> remainders;
    std::vector<bool> got_extra;
    for (std::size_t k = 0; k < claims.size(); ++k) {
        wide exact_times_total = static_cast<wide>(ceiling) * claims[k];
        auto down = static_cast<std::int64_t>(exact_times_total / total);
        remainders.push_back(exact_times_total % total);
        INFO("claim " << k << ": " << claims[k] << " cents, part " << parts[k]
                      << " cents, exact share rounded down " << down);
        CHECK((parts[k] == down || parts[k] == down + 1));
        got_extra.push_back(parts[k] == down + 1);
        sum += parts[k];
        floors += down;
    }
    CHECK(sum == ceiling);
    std::int64_t extras = 0;
    for (bool e : got_extra) {
        extras += e ? 1 : 0;
    }
    CHECK(extras == ceiling - floors);
    for (std::size_t a = 0; a < claims.size(); ++a) {
        for (std::size_t b = 0; b < claims.size(); ++b) {
            if (got_extra[a] && !got_extra[b]) {
                INFO("claim " << a << " got a spare cent and claim " << b << " did not");
                CHECK((remainders[a] > remainders[b] || (remainders[a] == remainders[b] && a < b)));
            }
        }
    }
}

}  // namespace

TEST_CASE("exactness: 100/130 x 130 is 100", "[exact]") {
    Values v = evaluate({exact_dir + "/correctie.rules"}, exact_dir + "/leeg.json");
    REQUIRE_RUN_OK(v);
    CHECK(v.at("correctie.honderd") == "100");
    CHECK(v.at("correctie.terug_naar_honderd") == "100");
    CHECK(v.at("correctie.is_precies_honderd") == true);
    CHECK(v.money("correctie.inschatting") == "2590000.00");
    CHECK(v.money("correctie.bijdrage_terug") == "7000.00");
    CHECK(v.at("correctie.tien_plus_twintig_cent") == true);
}

TEST_CASE("exactness: 5.034.111 x 1,21 is 6.091.274,31 and rounds only when asked", "[exact]") {
    Values v = evaluate({exact_dir + "/btw.rules"}, exact_dir + "/leeg.json");
    REQUIRE_RUN_OK(v);
    CHECK(v.money("btw.zuidbuurt_inclusief") == "6091274.31");
    CHECK(v.money("btw.zuidbuurt_op_euro") == "6091274.00");
    CHECK(v.money("btw.projectleiding_inclusief") == "1299999.80");
    CHECK(v.money("btw.projectleiding_op_euro") == "1300000.00");
    CHECK(v.money("btw.btw_deel") == "1057163.31");
    // The type of every value is money, written with exactly two decimals.
    for (const auto& d : v.doc.at("decisions")) {
        CHECK(d.at("type") == "money");
        CHECK(cents(d.at("value").get<std::string>()).has_value());
    }
}

TEST_CASE("exactness: half_up and half_even differ at half a cent", "[exact]") {
    Values v = evaluate({exact_dir + "/afronding.rules"}, exact_dir + "/leeg.json");
    REQUIRE_RUN_OK(v);
    // € 0,125: a tie.
    CHECK(v.money("afronding.half_up_0125") == "0.13");
    CHECK(v.money("afronding.half_even_0125") == "0.12");
    CHECK(v.money("afronding.half_down_0125") == "0.12");
    // € 0,135: a tie whose even neighbour is above.
    CHECK(v.money("afronding.half_up_0135") == "0.14");
    CHECK(v.money("afronding.half_even_0135") == "0.14");
    CHECK(v.money("afronding.half_down_0135") == "0.13");
    // -€ 0,125: half_up goes away from zero, half_even to the even cent, half_down to zero.
    CHECK(v.money("afronding.half_up_min_0125") == "-0.13");
    CHECK(v.money("afronding.half_even_min_0125") == "-0.12");
    CHECK(v.money("afronding.half_down_min_0125") == "-0.12");
    // € 0,1251: just above the tie, every mode rounds up.
    CHECK(v.money("afronding.half_up_net_boven") == "0.13");
    CHECK(v.money("afronding.half_even_net_boven") == "0.13");
    CHECK(v.money("afronding.half_down_net_boven") == "0.13");
    // Rounding to € 100.000, as the inschatting does.
    CHECK(v.money("afronding.ton_half_up_245") == "2500000.00");
    CHECK(v.money("afronding.ton_half_even_245") == "2400000.00");
    CHECK(v.money("afronding.ton_half_even_255") == "2600000.00");
}

TEST_CASE("exactness: pro rata parts add up to the ceiling to the cent", "[exact]") {
    Values v = evaluate({exact_dir + "/verdeling.rules"}, exact_dir + "/verdeling.json");
    REQUIRE_RUN_OK(v);
    nlohmann::json facts = nlohmann::json::parse(read_text(exact_dir + "/verdeling.json"));

    // € 180.000.000 over three claims that total € 202.323.111,01: the exact shares are
    // 6.515.123,1286…, 84.518.273,3521… and 88.966.603,5211…; rounding down leaves two
    // cents, which go to the two largest remainders (westwijk and zuid).
    CHECK(v.money("verdeling.naar_rato[westwijk]") == "6515123.13");
    CHECK(v.money("verdeling.naar_rato[noord]") == "84518273.35");
    CHECK(v.money("verdeling.naar_rato[zuid]") == "88966603.52");
    CHECK(v.money("verdeling.naar_rato_totaal") == "180000000.00");
    std::vector<std::int64_t> claims;
    std::vector<std::int64_t> parts;
    for (const auto& a : facts.at("Aanvraag")) {
        claims.push_back(facts_cents(a.at("bedrag")));
        auto part = cents(v.money("verdeling.naar_rato[" + a.at("id").get<std::string>() + "]"));
        REQUIRE(part.has_value());
        parts.push_back(*part);
    }
    check_pro_rata(18'000'000'000, claims, parts);

    // € 100 over three equal claims of € 50: 33,33 each and one cent left, which goes to the
    // claim with the smallest key (equal remainders go by key).
    CHECK(v.money("verdeling.gelijk[G1]") == "33.34");
    CHECK(v.money("verdeling.gelijk[G2]") == "33.33");
    CHECK(v.money("verdeling.gelijk[G3]") == "33.33");
    CHECK(v.money("verdeling.gelijk_totaal") == "100.00");
    check_pro_rata(
        10'000, {5'000, 5'000, 5'000},
        {*cents(v.money("verdeling.gelijk[G1]")), *cents(v.money("verdeling.gelijk[G2]")),
         *cents(v.money("verdeling.gelijk[G3]"))});

    // In order of submission: € 1.000 over three claims of € 400, met in date order.
    CHECK(v.money("verdeling.volgorde[V-eerst]") == "400.00");
    CHECK(v.money("verdeling.volgorde[V-midden]") == "400.00");
    CHECK(v.money("verdeling.volgorde[V-laat]") == "200.00");
    CHECK(v.money("verdeling.volgorde_totaal") == "1000.00");
}

TEST_CASE("exactness: ties in an allocation go by key value, whatever the facts order", "[exact]") {
    // Three equal claims keyed 10, 9 and 2, submitted the same day. The left-over cent (pro
    // rata) and the whole amount (in order) go to key 2: keys are compared as values, so 2
    // comes before 9 and 10 (as text, "10" would come first), and the facts order, tried both
    // ways, makes no difference.
    for (const char* facts : {"gelijkspel.json", "gelijkspel_omgekeerd.json"}) {
        INFO(facts);
        Values v = evaluate({exact_dir + "/gelijkspel.rules"}, exact_dir + "/" + facts);
        REQUIRE_RUN_OK(v);
        CHECK(v.money("gelijkspel.naar_rato[2]") == "33.34");
        CHECK(v.money("gelijkspel.naar_rato[9]") == "33.33");
        CHECK(v.money("gelijkspel.naar_rato[10]") == "33.33");
        CHECK(v.money("gelijkspel.in_volgorde[2]") == "50.00");
        CHECK(v.money("gelijkspel.in_volgorde[9]") == "0.00");
        CHECK(v.money("gelijkspel.in_volgorde[10]") == "0.00");
    }
}

TEST_CASE("exactness: the real rules give the published amounts to the cent", "[exact]") {
    Values v = evaluate({"rules/nplv"}, "examples/vlaardingen-westwijk/facts.json",
                        {"--decision", "orv.maximale_bijdrage_maatregel", "--decision",
                         "orv.maximale_bijdrage", "--decision", "capaciteit.maximale_bijdrage",
                         "--decision", "realisatiestimulans.inschatting_laag", "--decision",
                         "realisatiestimulans.inschatting_hoog", "--decision",
                         "uitbetaling.btw_aftrek", "--decision", "uitbetaling.erkende_kosten"});
    REQUIRE_RUN_OK(v);
    // Rounded to whole euros as in the agreement's table: 5.034.111 × 1,21 = 6.091.274,31.
    CHECK(v.money("orv.maximale_bijdrage_maatregel[zuidbuurt-openbare-ruimte]") == "6091274.00");
    CHECK(v.money("orv.maximale_bijdrage[vlaardingen-westwijk]") == "7323111.00");
    CHECK(v.money("capaciteit.maximale_bijdrage[vlaardingen-westwijk]") == "2400000.00");
    // 481 × 100/130 × € 7.000 = € 2.590.000 exactly; × 70% and × 105%, to € 100.000.
    CHECK(v.money("realisatiestimulans.inschatting_laag[vlaardingen-westwijk]") == "1800000.00");
    CHECK(v.money("realisatiestimulans.inschatting_hoog[vlaardingen-westwijk]") == "2700000.00");
    // D3 is capped at what is left of the line's maximum (6.091.274 − 5.500.000), and its
    // btw is 591.274 × 173.553,72 / 1.000.000 = 102.617,7996… → 102.617,80.
    CHECK(v.money("uitbetaling.erkende_kosten[D3]") == "591274.00");
    CHECK(v.money("uitbetaling.btw_aftrek[D3]") == "102617.80");
}
