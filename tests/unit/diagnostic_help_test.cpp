// Every diagnostic code has its help text in dsl/diagnostic_help.def (what it means, an
// example, the fix), so `regels codes` and `regels codes CODE` never come up empty. A code
// added to diagnostic_codes.def without an entry fails here, naming the code.
#include "dsl/diagnostic_help.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>

TEST_CASE("every diagnostic code has a meaning, an example and a fix", "[diagnostics]") {
    std::size_t checked = 0;
    for (const regels::dsl::CodeInfo& c : regels::dsl::all_codes()) {
        INFO(c.id);
        const regels::dsl::CodeHelp* h = regels::dsl::help(c.code);
        REQUIRE(h != nullptr);
        CHECK(std::strlen(h->meaning) > 10);
        CHECK(std::strchr(h->meaning, '\n') == nullptr);  // one line in `regels codes`
        CHECK(std::strlen(h->example) > 3);
        CHECK(std::strlen(h->fix) > 5);
        ++checked;
    }
    CHECK(checked == regels::dsl::all_codes().size());
    CHECK(checked > 70);
}

TEST_CASE("codes are found by their id in either case", "[diagnostics]") {
    CHECK(regels::dsl::find_code("E4002") == regels::dsl::Code::E4002);
    CHECK(regels::dsl::find_code("w2101") == regels::dsl::Code::W2101);
    CHECK(!regels::dsl::find_code("E40021"));
    CHECK(!regels::dsl::find_code(""));
}
