// The "did you mean" helper: edit distance, how close is close, and the wording.
#include "dsl/suggest.hpp"

#include <catch2/catch.hpp>

using regels::dsl::did_you_mean;
using regels::dsl::edit_distance;
using regels::dsl::suggestions;

TEST_CASE("edit distance counts insertions, deletions and substitutions", "[suggest]") {
    CHECK(edit_distance("then", "then") == 0);
    CHECK(edit_distance("thn", "then") == 1);
    CHECK(edit_distance("defintion", "definition") == 1);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("suggestions keep the closest few and drop the far ones", "[suggest]") {
    std::vector<std::string> keywords = {"module", "definition", "decision", "assertion"};
    CHECK(suggestions("defintion", keywords) == std::vector<std::string>{"definition"});
    CHECK(suggestions("zzzzzz", keywords).empty());
    CHECK(suggestions("definition", keywords).empty());  // the word itself is no suggestion
    // A word that starts a longer name is close, however much is missing.
    std::vector<std::string> names = {"rijksbijdrage.totaal_laag", "rijksbijdrage.totaal_hoog",
                                      "orv.maximale_bijdrage"};
    CHECK(suggestions("rijksbijdrage.totaal", names) ==
          std::vector<std::string>{"rijksbijdrage.totaal_laag", "rijksbijdrage.totaal_hoog"});
    std::vector<std::string> many = {"ab1", "ab2", "ab3", "ab4", "ab5"};
    CHECK(suggestions("ab", many, 3).size() == 3);
}

TEST_CASE("did you mean lists one, two or three names", "[suggest]") {
    CHECK(did_you_mean({}).empty());
    CHECK(did_you_mean({"a"}) == "did you mean `a`?");
    CHECK(did_you_mean({"a", "b"}) == "did you mean `a` or `b`?");
    CHECK(did_you_mean({"a", "b", "c"}) == "did you mean `a`, `b` or `c`?");
}
