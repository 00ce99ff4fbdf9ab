// CSV facts (interpreter/facts_csv.hpp): RFC 4180 splitting, the delimiter and decimal mark,
// empty cells, sets, the byte order mark, and every malformed input with the place it is at.
// The values must equal what the JSON reader makes of the same record; and the Westwijk
// facts as CSV (`;` with decimal commas, and `,` with decimal points, CR LF and a byte order
// mark) must give exactly the decisions the JSON facts give.
#include "interpreter/facts_csv.hpp"

#include "interpreter/runner.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::interp::Facts;
using regels::interp::FactsDecoder;
using regels::interp::Value;

// A record type with a field of every kind facts can hold.
const char* const rules_text = R"(module csv

enum Soort { laag, midden, hoog }

record Rij key id {
    id: text
    aantal: integer
    jaar: year
    factor: decimal
    bedrag: money
    actief: boolean
    datum: date
    soort: Soort
    extra: optional money
    notitie: optional text
    soorten: set of Soort
    reeks: list of integer
}
)";

regels::interp::LoadedRules& rules() {
    static std::unique_ptr<regels::interp::LoadedRules> loaded = [] {
        fs::path dir = fs::temp_directory_path() / "regels-facts-csv-test";
        fs::create_directories(dir);
        { std::ofstream(dir / "csv.rules") << rules_text; }
        regels::dsl::DiagnosticBag bag;
        auto r = regels::interp::load_rules({(dir / "csv.rules").string()},
                                            regels::stdlib::standard_library().signatures, bag);
        REQUIRE(r);
        INFO(regels::dsl::render_text(r->sources, bag.sorted()));
        REQUIRE_FALSE(bag.has_errors());
        return r;
    }();
    return *loaded;
}

struct Read {
    bool ok = false;
    Facts facts;
    std::string messages;  // rendered diagnostics
};

Read read_csv(const std::string& text, regels::interp::FactsLimits limits = {}) {
    auto& r = rules();
    Read out;
    out.facts.tables.resize(r.program.records.size());
    regels::dsl::DiagnosticBag bag;
    regels::dsl::FileId id = r.sources.add("t.csv", text);
    FactsDecoder decoder(r.program, limits);
    out.ok = regels::interp::load_csv_facts(decoder, id, 0, out.facts, bag);
    out.messages = regels::dsl::render_text(r.sources, bag.sorted());
    CHECK(out.ok == !bag.has_errors());
    return out;
}

Read read_json(const std::string& text) {
    auto& r = rules();
    Read out;
    out.facts.tables.resize(r.program.records.size());
    regels::dsl::DiagnosticBag bag;
    regels::dsl::FileId id = r.sources.add("t.json", text);
    FactsDecoder decoder(r.program);
    out.ok = decoder.load_document(id, out.facts, bag);
    out.messages = regels::dsl::render_text(r.sources, bag.sorted());
    return out;
}

void same_rows(const Read& csv, const Read& json) {
    INFO(csv.messages << json.messages);
    REQUIRE(csv.ok);
    REQUIRE(json.ok);
    const auto& a = csv.facts.tables[0].rows;
    const auto& b = json.facts.tables[0].rows;
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        REQUIRE(a[i].size() == b[i].size());
        for (std::size_t k = 0; k < a[i].size(); ++k) {
            INFO("row " << i << ", field " << k);
            CHECK(a[i][k].kind == b[i][k].kind);
            CHECK(a[i][k] == b[i][k]);
        }
    }
}

const std::string header =
    "id;aantal;jaar;factor;bedrag;actief;datum;soort;extra;notitie;soorten;reeks\n";
const std::string json_rows =
    R"({"Rij": [
  {"id": "R1", "aantal": 12, "jaar": 2026, "factor": 0.75, "bedrag": 1234.5, "actief": true,
   "datum": "2025-06-24", "soort": "midden", "extra": 0.01, "notitie": "a; \"b\", c",
   "soorten": ["laag", "hoog"], "reeks": [3, 1, 3]},
  {"id": "R2", "aantal": -3, "jaar": 1, "factor": 1e-3, "bedrag": 0, "actief": false,
   "datum": "2024-02-29", "soort": "laag", "soorten": [], "reeks": []},
  {"id": "", "aantal": 1.0, "jaar": 9999, "factor": -2, "bedrag": 7e2, "actief": false,
   "datum": "2000-01-01", "soort": "hoog", "notitie": "", "soorten": ["hoog"], "reeks": [0]}
]})";

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

}  // namespace

TEST_CASE("csv facts: `;` with decimal commas and `,` with decimal points read as JSON does",
          "[facts][csv]") {
    const Read json = read_json(json_rows);
    const std::string semicolon =
        header +
        "R1;12;2026;0,75;1234,5;true;2025-06-24;midden;0,01;\"a; \"\"b\"\", c\";laag|hoog;3|1|3\n"
        "R2;-3;1;1e-3;0;false;2024-02-29;laag;;;;\n"
        "\"\";1,0;9999;-2;7e2;false;2000-01-01;hoog;;\"\";hoog;0\n";
    same_rows(read_csv(semicolon), json);

    std::string comma_header = header;
    std::replace(comma_header.begin(), comma_header.end(), ';', ',');
    const std::string comma =
        comma_header +
        "R1,12,2026,0.75,1234.5,true,2025-06-24,midden,0.01,\"a; \"\"b\"\", c\",laag|hoog,3|1|3\r\n"
        "R2,-3,1,1e-3,0,false,2024-02-29,laag,,,,\r\n"
        "\"\",1.0,9999,-2,7e2,false,2000-01-01,hoog,,\"\",hoog,0";
    same_rows(read_csv(comma), json);
    // A byte order mark (as Excel's "CSV UTF-8" writes) is skipped.
    same_rows(read_csv("\xEF\xBB\xBF" + comma), json);
}

TEST_CASE("csv facts: quoted cells hold delimiters, quotes and line breaks", "[facts][csv]") {
    const std::string text = header +
                             "R1;1;2026;1;1;true;2025-01-01;laag;;\"regel 1\nregel 2\r\n"
                             "\"\"3\"\";4\";;\n"
                             "\n"
                             ";;;;;;;;;;;\r\n"  // an empty spreadsheet row: skipped
                             "\"R2\";\"2\";\"2026\";\"1,5\";\"1\";\"false\";\"2025-01-01\";"
                             "\"hoog\";\"\";\"\";\"\";\"\"\n";
    Read r = read_csv(text);
    INFO(r.messages);
    REQUIRE(r.ok);
    const auto& rows = r.facts.tables[0].rows;
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][9].str() == "regel 1\nregel 2\r\n\"3\";4");
    // An empty quoted cell is empty text, where an empty bare cell is absent.
    CHECK(rows[1][9].kind == regels::interp::ValueKind::text);
    CHECK(rows[1][9].str().empty());
    CHECK(rows[0][8].kind == regels::interp::ValueKind::absent);
    CHECK(r.facts.tables[0].keys == std::vector<std::string>{"R1", "R2"});
}

TEST_CASE("csv facts: malformed files are refused with the line, column and path", "[facts][csv]") {
    const std::string good_row = "R1;1;2026;1;1;true;2025-01-01;laag;;;;\n";
    struct Bad {
        std::string text;
        std::string message;  // the first diagnostic line must contain this
    };
    const std::vector<Bad> cases = {
        {"", "t.csv:1:1: error[E4001]: het CSV-bestand is leeg"},
        {"\xEF\xBB\xBF\r\n", "error[E4001]: het CSV-bestand is leeg"},
        {"\xFF\xFEi\0d", "t.csv:1:1: error[E4001]: het bestand is UTF-16, geen UTF-8"},
        {header + "R\xC3(;1",
         "t.csv:2:2: error[E4001]: het bestand is geen geldige UTF-8 (byte 0xC3)"},
        {"id,aantal;jaar\n",
         "t.csv:1:1: error[E4001]: de kopregel bevat zowel komma’s als puntkomma’s"},
        {"id\taantal\tjaar\n",
         "t.csv:1:1: error[E4001]: de kolommen van de kopregel worden gescheiden door tabs"},
        {"id;aantl;jaar\n", "t.csv:1:4: error[E4003]: `Rij` heeft geen veld `aantl`"},
        {"id;;jaar\n", "t.csv:1:4: error[E4003]: kolom 2 heeft geen naam"},
        {"id;id\n", "t.csv:1:4: error[E4001]: de kolom `id` staat er twee keer"},
        {"id;aantal\n", "t.csv:1:1: error[E4002]: de kolom `bedrag` ontbreekt"},
        {header + "R1;1;2026\n", "t.csv:2:1: error[E4001]: /Rij/0: het record heeft 3 cellen"},
        {header + "R1;1;2026;1;1;true;2025-01-01;laag;;;;;\n",
         "t.csv:2:40: error[E4001]: /Rij/0: het record heeft 13 cellen, de kopregel 12"},
        {header + good_row + "R2;1;2026;1;1;true;2025-01-01;laag;;\"open\n",
         "t.csv:3:37: error[E4001]: /Rij/1: het aanhalingsteken waarmee deze cel begint, wordt "
         "nergens gesloten"},
        {header + "R\"1;1\n",
         "t.csv:2:2: error[E4001]: /Rij/0: een aanhalingsteken in een cel die er niet mee begint"},
        {header + "\"R1\"x;1\n",
         "t.csv:2:5: error[E4001]: /Rij/0: tekst na het aanhalingsteken dat een cel sluit"},
        {header + "R1\r;1\n",
         "t.csv:2:3: error[E4001]: /Rij/0: een regelterugloop (CR) zonder regelopvoer (LF)"},
        {header + "R1;;2026;1;1;true;2025-01-01;laag;;;;\n",
         "t.csv:2:4: error[E4002]: /Rij/0/aantal: de cel is leeg, maar het veld is verplicht "
         "(integer)"},
        {header + ";1;2026;1;1;true;2025-01-01;laag;;;;\n",
         "/Rij/0/id: de cel is leeg, maar het veld is verplicht (text); schrijf \"\" voor lege"},
        {header + "R1;12a;2026;1;1;true;2025-01-01;laag;;;;\n",
         "t.csv:2:4: error[E4004]: /Rij/0/aantal: hier hoort een geheel getal (bijvoorbeeld 2026), "
         "maar er staat "
         "\"12a\""},
        {header + "R1;1;2026;1;1.234,50;true;2025-01-01;laag;;;;\n",
         "t.csv:2:13: error[E4004]: /Rij/0/bedrag: \"1.234,50\": in een bestand met `;` tussen de "
         "kolommen heeft een getal een decimale komma en geen scheidingsteken voor duizendtallen, "
         "bijvoorbeeld 1234,50"},
        {header + "R1;1;2026;1;1234.50;true;2025-01-01;laag;;;;\n",
         "/Rij/0/bedrag: \"1234.50\": in een bestand met `;` tussen de kolommen"},
        {"id,bedrag,aantal,jaar,factor,actief,datum,soort,soorten,reeks\n"
         "R1,\"1,5\",1,2026,1,true,2025-01-01,laag,,\n",
         "t.csv:2:5: error[E4004]: /Rij/0/bedrag: \"1,5\": in een bestand met `,` tussen de "
         "kolommen heeft een getal een decimale punt"},
        {header + "R1;1;2026;1;€ 5;true;2025-01-01;laag;;;;\n",
         "/Rij/0/bedrag: hier hoort een bedrag (bijvoorbeeld 1234,50), maar er staat \"€ 5\""},
        {header + "R1;1;2026;1;1,005;true;2025-01-01;laag;;;;\n",
         "t.csv:2:13: error[E4004]: /Rij/0/bedrag: 1,005 bestaat niet uit hele centen"},
        {header + "R1;1;20260;1;1;true;2025-01-01;laag;;;;\n",
         "error[E4007]: /Rij/0/jaar: 20260 is geen jaartal van 1 tot en met 9999"},
        {header + "R1;99999999999999999999;2026;1;1;true;2025-01-01;laag;;;;\n",
         "error[E4007]: /Rij/0/aantal: 99999999999999999999 valt buiten het bereik"},
        {header + "R1;1;2026;1;1;WAAR;2025-01-01;laag;;;;\n",
         "t.csv:2:15: error[E4004]: /Rij/0/actief: hier hoort true of false, maar er staat "
         "\"WAAR\""},
        {header + "R1;1;2026;1;1;true;24-06-2025;laag;;;;\n",
         "error[E4005]: /Rij/0/datum: \"24-06-2025\" is geen datum (JJJJ-MM-DD)"},
        {header + "R1;1;2026;1;1;true;2025-01-01;Laag;;;;\n",
         "error[E4010]: /Rij/0/soort: \"Laag\" is geen van laag, midden, hoog"},
        {header + "R1;1;2026;1;1;true;2025-01-01;laag;;;laag|midden|x;\n",
         "t.csv:2:50: error[E4010]: /Rij/0/soorten/2: \"x\" is geen van"},
        {header + "R1;1;2026;1;1;true;2025-01-01;laag;;;;1||2\n",
         "t.csv:2:41: error[E4004]: /Rij/0/reeks/1: hier hoort een geheel getal (bijvoorbeeld "
         "2026), maar er staat "
         "\"\""},
        {header + good_row + good_row,
         "t.csv:3:1: error[E4006]: /Rij/1: `Rij` \"R1\" staat er twee keer"},
    };
    for (const Bad& c : cases) {
        INFO("input: " << c.text);
        Read r = read_csv(c.text);
        INFO(r.messages);
        CHECK_FALSE(r.ok);
        CHECK(r.messages.find(c.message) != std::string::npos);
    }
}

TEST_CASE("csv facts: the file's problems in Dutch, and in English with --lang en",
          "[facts][csv]") {
    regels::interp::FactsLimits en;
    en.lang = regels::interp::Lang::en;
    struct Case {
        std::string text;
        std::string nl;
        std::string en;
    };
    const std::vector<Case> cases = {
        {"", "het CSV-bestand is leeg; de eerste regel moet de velden noemen",
         "the CSV file is empty; its first line must name the fields"},
        {"\xFF\xFEi\0d", "sla het op als CSV in UTF-8 (in Excel: \"CSV UTF-8\")",
         "save it as CSV in UTF-8 (in Excel: \"CSV UTF-8\")"},
        {header + "\"R1\"x;1\n", "of er ontbreekt een ‘;’", "or a missing `;`"},
        {"id,aantal;jaar\n", "maar één van de twee kan de kolommen scheiden",
         "only one of them can separate the columns"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const std::string nl = read_csv(c.text).messages;
        const std::string english = read_csv(c.text, en).messages;
        INFO(nl << english);
        CHECK(nl.find(c.nl) != std::string::npos);
        CHECK(english.find(c.en) != std::string::npos);
    }
}

TEST_CASE("csv facts: every bad row is reported, and the limits hold", "[facts][csv]") {
    Read r = read_csv(header + "R1;x;2026;1;1;true;2025-01-01;laag;;;;\n" +
                      "R2;1;2026;1;1;ja;2025-01-01;laag;;;;\n" +
                      "R3;1;2026;1;1;true;2025-01-01;laag;;;;\n");
    CHECK_FALSE(r.ok);
    CHECK(r.messages.find("t.csv:2:4: error[E4004]: /Rij/0/aantal") != std::string::npos);
    CHECK(r.messages.find("t.csv:3:15: error[E4004]: /Rij/1/actief") != std::string::npos);
    CHECK(r.messages.find("2 errors") != std::string::npos);

    regels::interp::FactsLimits limits;
    limits.max_records = 1;
    Read many = read_csv(header + "R1;1;2026;1;1;true;2025-01-01;laag;;;;\n" +
                             "R2;1;2026;1;1;true;2025-01-01;laag;;;;\n" +
                             "R3;1;2026;1;1;true;2025-01-01;laag;;;;\n",
                         limits);
    CHECK_FALSE(many.ok);
    CHECK(many.messages.find("error[E4012]: /Rij/1: meer dan 1 records `Rij`") !=
          std::string::npos);
    CHECK(many.messages.find("1 error,") != std::string::npos);

    limits = {};
    limits.max_record_bytes = 40;
    Read big = read_csv(
        header + "R1;1;2026;1;1;true;2025-01-01;laag;;\"" + std::string(100, 'x') + "\";;\n",
        limits);
    CHECK(first_line(big.messages).find("t.csv:2:1: error[E4011]: /Rij/0: het record is") !=
          std::string::npos);
}

// ---- the whole Westwijk example -----------------------------------------------------------

namespace {

using regels::testing::run_regels;

// `regels eval --format json --explain` with everything that names the facts files (their
// list and hash in the receipts) taken out.
std::string decisions(const std::vector<std::string>& facts_args) {
    std::vector<std::string> args = {"eval",      "rules/nplv", "--as-of", "2026-11-28",
                                     "--explain", "--format",   "json"};
    args.insert(args.end(), facts_args.begin(), facts_args.end());
    auto r = run_regels(args);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    std::string out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("\"facts") == std::string::npos) {
            out += line + "\n";
        }
    }
    return out;
}

std::vector<std::string> csv_args(const std::string& dir) {
    return {"--facts", dir + "/plannen.csv",      "--record", "Plan",
            "--facts", dir + "/registraties.csv", "--record", "Registratie",
            "--facts", dir + "/declaraties.csv",  "--record", "Declaratie",
            "--facts", dir + "/aanvragen.csv",    "--record", "Aanvraag"};
}

}  // namespace

TEST_CASE("csv facts: the Westwijk facts as CSV give the decisions the JSON facts give",
          "[facts][csv][cli]") {
    const std::string json = decisions({"--facts", "examples/vlaardingen-westwijk/facts.json"});
    REQUIRE(json.find("\"decision\"") != std::string::npos);
    // `;` with decimal commas (the example), and `,` with decimal points, CR LF line ends and
    // a byte order mark.
    CHECK(decisions(csv_args("examples/vlaardingen-westwijk")) == json);
    CHECK(decisions(csv_args("tests/golden/csv/westwijk-komma")) == json);
    // CSV and JSON files combine: the registrations from CSV, the rest from JSON.
    CHECK(decisions({"--facts", "tests/golden/csv/westwijk-zonder-registraties.json", "--facts",
                     "examples/vlaardingen-westwijk/registraties.csv", "--record",
                     "Registratie"}) == json);
}

TEST_CASE("csv facts: --record pairs with the --facts before it", "[facts][csv][cli]") {
    auto r =
        run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--record", "Plan", "--facts",
                    "examples/vlaardingen-westwijk/plannen.csv", "--facts",
                    "examples/vlaardingen-westwijk/registraties.csv", "--record", "Registratie"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/record_before_facts.err", r.err);
    r = run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--facts",
                    "examples/vlaardingen-westwijk/registraties.csv"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/no_record.err", r.err);
    r = run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--facts",
                    "examples/vlaardingen-westwijk/registraties.csv", "--record", "Registraties"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/unknown_record.err", r.err);
    r = run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--facts",
                    "examples/vlaardingen-westwijk/facts.json", "--record", "Registratie",
                    "--facts", "examples/vlaardingen-westwijk/registraties.csv", "--record",
                    "Registratie"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/record_after_json.err", r.err);
    r = run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--facts",
                    "examples/vlaardingen-westwijk/registraties.csv", "--record", "Registraties",
                    "--lang", "en"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/unknown_record.en.err", r.err);
    // The same registrations from two files: their keys clash.
    r = run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--facts",
                    "examples/vlaardingen-westwijk/facts.json", "--facts",
                    "examples/vlaardingen-westwijk/registraties.csv", "--record", "Registratie"});
    CHECK(r.exit_code == 2);
    REGELS_CHECK_GOLDEN("tests/golden/csv/same_key_in_json_and_csv.err", r.err);
}

TEST_CASE("json facts: a byte order mark is accepted, by both readers", "[facts][csv]") {
    const std::string doc =
        "\xEF\xBB\xBF" + std::string(R"({"Rij": [{"id": "R1", "aantal": 1, "jaar": 2026, )") +
        R"("factor": 1, "bedrag": 1, "actief": true, "datum": "2025-01-01", "soort": "laag", )" +
        R"("soorten": [], "reeks": []}]})";
    for (bool fast : {true, false}) {
        auto& r = rules();
        Facts facts;
        facts.tables.resize(r.program.records.size());
        regels::dsl::DiagnosticBag bag;
        FactsDecoder decoder(r.program);
        decoder.set_fast(fast);
        CHECK(decoder.load_document(r.sources.add("bom.json", doc), facts, bag));
        CHECK(facts.tables[0].rows.size() == 1);
        CHECK_FALSE(bag.has_errors());
    }
}

TEST_CASE("json facts: a byte order mark is accepted in documents and JSON Lines",
          "[facts][csv][cli]") {
    fs::path dir = fs::temp_directory_path() / "regels-facts-csv-bom";
    fs::create_directories(dir);
    const std::string bom = "\xEF\xBB\xBF";
    const std::string text = regels::testing::read_text("examples/vlaardingen-westwijk/facts.json");
    { std::ofstream(dir / "bom.json", std::ios::binary) << bom << text; }
    CHECK(decisions({"--facts", (dir / "bom.json").string()}) ==
          decisions({"--facts", "examples/vlaardingen-westwijk/facts.json"}));

    const std::string lines =
        R"({"id":"R1","gebied":"vlaardingen-westwijk","project":"P3","jaar":2025,)"
        R"("segment":"sociale_huur","huurprijs":850.00,"woningen":40,"eerdere_subsidies":[]})"
        "\n"
        R"({"id":"R2","gebied":"vlaardingen-westwijk","project":"P3","jaar":2025,)"
        R"("segment":"middenhuur","huurprijs":1184.82,"woningen":30,"eerdere_subsidies":[]})"
        "\n";
    {
        std::ofstream(dir / "plain.jsonl", std::ios::binary) << lines;
        std::ofstream(dir / "bom.jsonl", std::ios::binary) << bom << lines;
        // A byte order mark anywhere but at the start of the file is still an error.
        std::ofstream(dir / "bom_later.jsonl", std::ios::binary) << lines << bom << lines;
    }
    auto jsonl = [&](const std::string& file) {
        return run_regels({"eval", "rules/nplv", "--as-of", "2026-11-28", "--format", "jsonl",
                           "--record", "Registratie", "--decision", "realisatiestimulans.uitkering",
                           "--facts", (dir / file).string()});
    };
    auto plain = jsonl("plain.jsonl");
    auto with_bom = jsonl("bom.jsonl");
    CHECK(plain.exit_code == 0);
    CHECK(with_bom.exit_code == 0);
    CHECK_FALSE(plain.out.empty());
    CHECK(with_bom.out == plain.out);
    auto later = jsonl("bom_later.jsonl");
    CHECK(later.exit_code == 2);
    CHECK(later.err.find("bom_later.jsonl:3:1: error[E4001]") != std::string::npos);
    fs::remove_all(dir);
}
