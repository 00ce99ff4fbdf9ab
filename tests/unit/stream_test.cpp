// Streaming JSON Lines facts and reading the same records as a JSON document must decide the
// same: the same decisions and errors, only in another order (streaming writes each record's
// decisions as it goes and the group totals at the end). The rules total per region, where
// the region is computed per row; in fout.* one row has no region, so no total can be
// trusted and every total fails with the same error in both modes.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace {

using regels::testing::run_regels;
using regels::testing::RunResult;

std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace

TEST_CASE("stream: JSON Lines and a JSON document decide the same", "[golden][stream]") {
    const std::string dir = "tests/golden/stream";
    for (const char* name : {"goed", "fout"}) {
        INFO(name);
        RunResult streamed = run_regels({"eval", dir + "/groepen.rules", "--facts",
                                         dir + "/" + name + ".jsonl", "--format", "jsonl"});
        RunResult document = run_regels({"eval", dir + "/groepen.rules", "--facts",
                                         dir + "/" + name + ".json", "--format", "jsonl"});
        INFO("streamed stderr: " << streamed.err << "\ndocument stderr: " << document.err);
        int expected_exit = std::string(name) == "goed" ? 0 : 1;
        CHECK(streamed.exit_code == expected_exit);
        CHECK(document.exit_code == expected_exit);
        CHECK(sorted_lines(streamed.out) == sorted_lines(document.out));
        REGELS_CHECK_GOLDEN(dir + "/" + name + ".out.jsonl", streamed.out);
    }
}

TEST_CASE("stream: a computed group key has its own step budget", "[stream]") {
    // With --max-steps 3, each per-record decision and each record's group key fit. The key
    // is computed after the record's decisions; counting its steps on top of theirs would
    // make the totals fail.
    RunResult r =
        run_regels({"eval", "tests/golden/stream/groepen.rules", "--facts",
                    "tests/golden/stream/goed.jsonl", "--format", "jsonl", "--max-steps", "3"});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\"subject\":{\"regio_van\":\"noord\"},\"type\":\"money\",\"value\":"
                     "\"11.25\"") != std::string::npos);
}

TEST_CASE("stream: an alternative that fails says its first failure, soft or thrown alike",
          "[golden][stream]") {
    // Without a budget the parameter with no version for 2023/2024 fails softly (a stand-in,
    // the error kept); with one it throws. Both must explain the same: the first failure (not
    // the division by zero the stand-in leads to) and no assumption from after it.
    const std::string dir = "tests/golden/stream";
    std::vector<std::string> args{"eval",      dir + "/alternatief.rules",
                                  "--facts",   dir + "/alternatief.jsonl",
                                  "--format",  "jsonl",
                                  "--explain", "--explain-layout",
                                  "full"};
    RunResult soft = run_regels(args);
    args.insert(args.end(), {"--max-steps", "100000"});
    RunResult thrown = run_regels(args);
    INFO("stderr: " << soft.err << thrown.err);
    REQUIRE(soft.exit_code == 0);
    REQUIRE(thrown.exit_code == 0);
    CHECK(soft.out == thrown.out);
    CHECK(soft.out.find("kon niet worden berekend: bijdrage: er is geen versie die geldt op "
                        "1 januari 2024") != std::string::npos);
    REGELS_CHECK_GOLDEN(dir + "/alternatief.out.jsonl", soft.out);
}

// A decision about one record that reads the others (first come, first served over every
// application) is decided after the last line, over the records kept: the same decisions as
// from a JSON document, and the same with the planner's indexes as with a full scan.
TEST_CASE("stream: an allocation over every record is decided after the last line",
          "[golden][stream]") {
    const std::string facts = "tests/golden/stream/soo_budget_op.jsonl";
    RunResult streamed = run_regels(
        {"eval", "rules/soo", "--facts", facts, "--as-of", "2025-06-01", "--format", "jsonl"});
    RunResult scanned = run_regels({"eval", "rules/soo", "--facts", facts, "--as-of", "2025-06-01",
                                    "--format", "jsonl", "--plan", "naive"});
    RunResult document = run_regels({"eval", "rules/soo", "--facts", "rules/soo/budget_op.json",
                                     "--as-of", "2025-06-01", "--format", "jsonl"});
    INFO("streamed stderr: " << streamed.err << "\ndocument stderr: " << document.err);
    CHECK(streamed.exit_code == 0);
    CHECK(document.exit_code == 0);
    CHECK(scanned.out == streamed.out);
    CHECK(sorted_lines(streamed.out) == sorted_lines(document.out));
    CHECK(
        streamed.out.find(
            R"("decision":"soo.toekenning","subject":{"Aanvraag":"W"},"type":"money","value":"75000.00")") !=
        std::string::npos);
    REGELS_CHECK_GOLDEN("tests/golden/stream/soo_budget_op.out.jsonl", streamed.out);
}
