#include "interpreter/json_reader.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using regels::interp::JsonError;
using regels::interp::JsonReader;
using regels::interp::JsonToken;
using regels::interp::line_col;
using regels::interp::to_string;

namespace {

struct Tok {
    JsonToken token;
    std::string text;
    bool operator==(const Tok& other) const {
        return token == other.token && text == other.text;
    }
};

// Rendering tokens as "name:text" makes a failed comparison readable in Catch's output.
std::vector<std::string> tokens_of(std::string_view json, std::size_t max_depth = 64) {
    JsonReader reader(json, max_depth);
    std::vector<std::string> out;
    for (;;) {
        const JsonToken t = reader.next();
        std::string item = to_string(t);
        if (t == JsonToken::key || t == JsonToken::string || t == JsonToken::number) {
            item += ":";
            item += reader.text();
        }
        out.push_back(item);
        if (t == JsonToken::end) {
            return out;
        }
    }
}

struct Failure {
    std::size_t offset;
    std::string message;
};

// Reads to the end and returns the error; fails the test if the document was accepted.
Failure failure_of(std::string_view json, std::size_t max_depth = 64) {
    JsonReader reader(json, max_depth);
    try {
        while (reader.next() != JsonToken::end) {
        }
    } catch (const JsonError& e) {
        return {e.offset, e.what()};
    }
    FAIL("document was accepted: " << std::string(json));
    return {0, ""};
}

std::string read_single_string(std::string_view json) {
    JsonReader reader(json);
    REQUIRE(reader.next() == JsonToken::string);
    std::string out(reader.text());
    REQUIRE(reader.next() == JsonToken::end);
    return out;
}

}  // namespace

TEST_CASE("token names", "[json]") {
    CHECK(std::string(to_string(JsonToken::begin_object)) == "begin_object");
    CHECK(std::string(to_string(JsonToken::end_object)) == "end_object");
    CHECK(std::string(to_string(JsonToken::begin_array)) == "begin_array");
    CHECK(std::string(to_string(JsonToken::end_array)) == "end_array");
    CHECK(std::string(to_string(JsonToken::key)) == "key");
    CHECK(std::string(to_string(JsonToken::string)) == "string");
    CHECK(std::string(to_string(JsonToken::number)) == "number");
    CHECK(std::string(to_string(JsonToken::true_value)) == "true_value");
    CHECK(std::string(to_string(JsonToken::false_value)) == "false_value");
    CHECK(std::string(to_string(JsonToken::null_value)) == "null_value");
    CHECK(std::string(to_string(JsonToken::end)) == "end");
}

TEST_CASE("token sequence of a nested document", "[json]") {
    const std::string_view json =
        " {\"naam\": \"Jan\", \"inkomen\": 1184.82,\n"
        "  \"kinderen\": [ {\"leeftijd\": 4}, {} , [] ],\r\n"
        "\t\"actief\": true, \"gestopt\": false, \"partner\": null } \n";
    const std::vector<std::string> expected = {
        "begin_object", "key:naam",     "string:Jan",   "key:inkomen",  "number:1184.82",
        "key:kinderen", "begin_array",  "begin_object", "key:leeftijd", "number:4",
        "end_object",   "begin_object", "end_object",   "begin_array",  "end_array",
        "end_array",    "key:actief",   "true_value",   "key:gestopt",  "false_value",
        "key:partner",  "null_value",   "end_object",   "end",
    };
    CHECK(tokens_of(json) == expected);
}

TEST_CASE("top-level scalars and repeated end", "[json]") {
    CHECK(tokens_of("42") == std::vector<std::string>{"number:42", "end"});
    CHECK(tokens_of(" \"x\" ") == std::vector<std::string>{"string:x", "end"});
    CHECK(tokens_of("true") == std::vector<std::string>{"true_value", "end"});
    CHECK(tokens_of("false\n") == std::vector<std::string>{"false_value", "end"});
    CHECK(tokens_of("null") == std::vector<std::string>{"null_value", "end"});
    CHECK(tokens_of("[]") == std::vector<std::string>{"begin_array", "end_array", "end"});
    CHECK(tokens_of("{}") == std::vector<std::string>{"begin_object", "end_object", "end"});

    JsonReader reader("[1] ");
    CHECK(reader.next() == JsonToken::begin_array);
    CHECK(reader.next() == JsonToken::number);
    CHECK(reader.next() == JsonToken::end_array);
    CHECK(reader.next() == JsonToken::end);
    CHECK(reader.next() == JsonToken::end);
    CHECK(reader.next() == JsonToken::end);
}

TEST_CASE("offsets and depth of tokens", "[json]") {
    JsonReader reader(R"({"a": [10, "b"]})");
    CHECK(reader.depth() == 0);
    CHECK(reader.next() == JsonToken::begin_object);
    CHECK(reader.token_offset() == 0);
    CHECK(reader.depth() == 1);
    CHECK(reader.next() == JsonToken::key);
    CHECK(reader.token_offset() == 1);
    CHECK(reader.next() == JsonToken::begin_array);
    CHECK(reader.token_offset() == 6);
    CHECK(reader.depth() == 2);
    CHECK(reader.next() == JsonToken::number);
    CHECK(reader.token_offset() == 7);
    CHECK(reader.text() == "10");
    CHECK(reader.next() == JsonToken::string);
    CHECK(reader.token_offset() == 11);
    CHECK(reader.next() == JsonToken::end_array);
    CHECK(reader.token_offset() == 14);
    CHECK(reader.depth() == 1);
    CHECK(reader.next() == JsonToken::end_object);
    CHECK(reader.depth() == 0);
    CHECK(reader.next() == JsonToken::end);
}

TEST_CASE("numbers are kept as their source text", "[json]") {
    for (const char* text : {"0", "-0", "1184.82", "1e400", "-1e-400", "0.5E+3", "12E5",
                             "-12.250e10", "123456789012345678901234567890", "0.000"}) {
        CAPTURE(text);
        CHECK(tokens_of(text) == std::vector<std::string>{std::string("number:") + text, "end"});
        CHECK(tokens_of(std::string("[") + text + "]") ==
              std::vector<std::string>{"begin_array", std::string("number:") + text, "end_array",
                                       "end"});
    }
}

TEST_CASE("malformed numbers", "[json]") {
    CHECK(failure_of("01").message == "invalid number '01': leading zeros are not allowed");
    CHECK(failure_of("[-01]").offset == 1);
    CHECK(failure_of("-").message == "invalid number '-': expected a digit after '-'");
    CHECK(failure_of("[1, -x]").message == "invalid number '-x': expected a digit after '-'");
    CHECK(failure_of("[1, -x]").offset == 4);
    CHECK(failure_of("1.").message == "invalid number '1.': expected a digit after '.'");
    CHECK(failure_of("1.e5").message == "invalid number '1.e5': expected a digit after '.'");
    CHECK(failure_of("1e").message == "invalid number '1e': expected a digit in the exponent");
    CHECK(failure_of("1e+").message == "invalid number '1e+': expected a digit in the exponent");
    CHECK(failure_of("1.5.3").message == "invalid number '1.5.3'");
    CHECK(failure_of("12abc").message == "invalid number '12abc'");
    CHECK(failure_of("0x10").message == "invalid number '0x10'");
    CHECK(failure_of(".5").message == "expected a JSON value, found '.'");
    CHECK(failure_of("+1").message == "expected a JSON value, found '+'");
    CHECK(failure_of("[NaN]").message == "expected a JSON value or ']', found 'NaN'");
    CHECK(failure_of("Infinity").message == "expected a JSON value, found 'Infinity'");
}

TEST_CASE("literals must be exact words", "[json]") {
    CHECK(failure_of("tru").message == "expected a JSON value, found 'tru'");
    CHECK(failure_of("[truex]").message == "expected a JSON value, found 'truex'");
    CHECK(failure_of("[truex]").offset == 1);
    CHECK(failure_of("True").message == "expected a JSON value, found 'True'");
    CHECK(failure_of("nul").message == "expected a JSON value, found 'nul'");
    CHECK(failure_of("{\"a\": fals}").offset == 6);
}

TEST_CASE("strings without escapes are views into the input", "[json]") {
    const std::string json = "[\"plain text \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\", \"\"]";
    JsonReader reader(json);
    REQUIRE(reader.next() == JsonToken::begin_array);
    REQUIRE(reader.next() == JsonToken::string);
    CHECK(reader.text() == "plain text \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK(reader.text().data() == json.data() + 2);
    REQUIRE(reader.next() == JsonToken::string);
    CHECK(reader.text().empty());
    CHECK(reader.next() == JsonToken::end_array);
}

TEST_CASE("string escapes are decoded", "[json]") {
    CHECK(read_single_string(R"("a\"b\\c\/d")") == "a\"b\\c/d");
    CHECK(read_single_string(R"("\b\f\n\r\t")") == "\b\f\n\r\t");
    CHECK(read_single_string(R"("caf\u00e9 \u20AC")") == "caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(read_single_string(R"("\u0041\u007a")") == "Az");
    CHECK(read_single_string(R"("x\u0000y")") == std::string("x\0y", 3));
    CHECK(read_single_string(R"("\ud83d\ude00!")") == "\xF0\x9F\x98\x80!");
    CHECK(read_single_string(R"("\uDBFF\uDFFF")") == "\xF4\x8F\xBF\xBF");
    CHECK(read_single_string("\"\xC3\xA9 then \\n then \xE2\x82\xAC\"") ==
          "\xC3\xA9 then \n then \xE2\x82\xAC");

    // Escaped keys decode too, and a later escaped string does not clobber earlier checks.
    JsonReader reader(R"({"k\u0065y": "v\u0061l", "plain": 1})");
    REQUIRE(reader.next() == JsonToken::begin_object);
    REQUIRE(reader.next() == JsonToken::key);
    CHECK(reader.text() == "key");
    REQUIRE(reader.next() == JsonToken::string);
    CHECK(reader.text() == "val");
    REQUIRE(reader.next() == JsonToken::key);
    CHECK(reader.text() == "plain");
}

TEST_CASE("bad escapes and surrogates", "[json]") {
    auto f = failure_of(R"(["ok", "a\qb"])");
    CHECK(f.message == "invalid escape '\\q' in string");
    CHECK(f.offset == 9);
    CHECK(failure_of("\"\\\x01\"").message ==
          "invalid escape in string: '\\' followed by byte 0x01");
    CHECK(failure_of(R"("\x41")").message == "invalid escape '\\x' in string");

    f = failure_of(R"("\u12G4")");
    CHECK(f.message == "invalid \\u escape in string: expected 4 hex digits");
    CHECK(f.offset == 1);
    CHECK(failure_of(R"("\u12")").message == "invalid \\u escape in string: expected 4 hex digits");

    f = failure_of(R"("ab\ud83d")");
    CHECK(f.message == "lone surrogate \\ud83d in string");
    CHECK(f.offset == 3);
    CHECK(failure_of(R"("\ude00\ud83d")").message == "lone surrogate \\ude00 in string");
    CHECK(failure_of(R"("\ud83d\u0041")").message == "lone surrogate \\ud83d in string");
    CHECK(failure_of(R"("\ud83d\ud83d")").message == "lone surrogate \\ud83d in string");
    CHECK(failure_of(R"("\ud83dx")").message == "lone surrogate \\ud83d in string");
}

TEST_CASE("control characters and unterminated strings", "[json]") {
    auto f = failure_of("[\"line\nbreak\"]");
    CHECK(f.message == "control character U+000A in string; write it as \\n");
    CHECK(f.offset == 6);
    CHECK(failure_of("\"a\tb\"").message == "control character U+0009 in string; write it as \\t");
    CHECK(failure_of("\"a\x1F\"").message ==
          "control character U+001F in string; write it as \\u001F");
    // The slow (escaped) path checks control characters as well.
    CHECK(failure_of("\"\\n\x02\"").offset == 3);

    f = failure_of("[1, \"abc");
    CHECK(f.message == "unterminated string");
    CHECK(f.offset == 4);
    CHECK(failure_of("\"abc\\n").message == "unterminated string");
    CHECK(failure_of("\"abc\\").message == "unterminated string");
    CHECK(failure_of("{\"key").message == "unterminated string");
}

TEST_CASE("invalid UTF-8 in strings", "[json]") {
    const std::vector<std::pair<std::string, std::size_t>> cases = {
        {"\"\xFF\"", 1},              // never valid
        {"\"ab\xC0\x80\"", 3},        // overlong NUL
        {"\"\xC1\xBF\"", 1},          // overlong ASCII
        {"\"\xE0\x80\xAF\"", 1},      // overlong 3-byte
        {"\"\xF0\x8F\xBF\xBF\"", 1},  // overlong 4-byte
        {"\"x\xE2\x82\"", 2},         // truncated, then the closing quote
        {"\"x\xE2\x82", 2},           // truncated by end of input
        {"\"\xED\xA0\x80\"", 1},      // UTF-8 encoded surrogate U+D800
        {"\"\xF4\x90\x80\x80\"", 1},  // U+110000
        {"\"\xF5\x80\x80\x80\"", 1},  // lead byte beyond U+10FFFF
        {"\"\x80\"", 1},              // stray continuation byte
        {"\"\xC3\xA9\xA9\"", 3},      // one continuation too many
        {"\"\\n\xFF\"", 3},           // escaped (slow) path
    };
    for (const auto& [json, offset] : cases) {
        CAPTURE(json);
        const Failure f = failure_of(json);
        CHECK(f.message == "invalid UTF-8 in string");
        CHECK(f.offset == offset);
    }
    // Boundaries that are valid.
    CHECK(read_single_string("\"\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\"") ==
          "\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80");
    CHECK(read_single_string("\"\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\"") ==
          "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
}

TEST_CASE("bytes outside strings", "[json]") {
    const std::string nul_between("[1,\0 2]", 7);
    auto f = failure_of(nul_between);
    CHECK(f.message == "expected a JSON value, found byte 0x00");
    CHECK(f.offset == 3);

    const std::string nul_after("{}\0", 3);
    f = failure_of(nul_after);
    CHECK(f.message == "unexpected text after the JSON value");
    CHECK(f.offset == 2);

    const std::string nul_in_string("\"a\0b\"", 5);
    f = failure_of(nul_in_string);
    CHECK(f.message == "control character U+0000 in string; write it as \\u0000");
    CHECK(f.offset == 2);

    f = failure_of("\xEF\xBB\xBF{}");
    CHECK(f.message == "byte order mark is not allowed");
    CHECK(f.offset == 0);

    CHECK(failure_of("[\xC3\xA9]").message == "expected a JSON value or ']', found byte 0xC3");
    // Only space, tab, CR and LF are whitespace.
    CHECK(failure_of("[1,\f2]").message == "expected a JSON value, found byte 0x0C");
    CHECK(failure_of("\v1").message == "expected a JSON value, found byte 0x0B");
    CHECK(failure_of("['a']").message == "expected a JSON value or ']', found \"'\"");
}

TEST_CASE("empty and whitespace-only input", "[json]") {
    auto f = failure_of("");
    CHECK(f.message == "empty input: expected a JSON value");
    CHECK(f.offset == 0);
    f = failure_of(" \t\r\n ");
    CHECK(f.message == "empty input: expected a JSON value");
    CHECK(f.offset == 5);
}

TEST_CASE("missing commas and colons", "[json]") {
    auto f = failure_of("[1 2]");
    CHECK(f.message == "expected ',' or ']' after array element, found '2'");
    CHECK(f.offset == 3);

    f = failure_of(R"({"a": 1 x})");
    CHECK(f.message == "expected ',' or '}' after object member, found 'x'");
    CHECK(f.offset == 8);

    f = failure_of(R"({"a": 1 "b": 2})");
    CHECK(f.message == "expected ',' or '}' after object member, found '\"'");
    CHECK(f.offset == 8);

    f = failure_of(R"({"a" 1})");
    CHECK(f.message == "expected ':' after object key, found '1'");
    CHECK(f.offset == 5);

    f = failure_of(R"({"a", "b"})");
    CHECK(f.message == "expected ':' after object key, found ','");
    CHECK(f.offset == 4);

    f = failure_of(R"({"a": 1, 2})");
    CHECK(f.message == "expected a string key after ',', found '2'");
    CHECK(f.offset == 9);

    f = failure_of(R"({a: 1})");
    CHECK(f.message == "expected a string key or '}', found 'a'");
    CHECK(f.offset == 1);

    f = failure_of(R"({"a": })");
    CHECK(f.message == "expected a JSON value, found '}'");
    CHECK(f.offset == 6);

    f = failure_of("[,1]");
    CHECK(f.message == "expected a JSON value or ']', found ','");
    CHECK(f.offset == 1);

    f = failure_of("[1,,2]");
    CHECK(f.message == "expected a JSON value, found ','");
    CHECK(f.offset == 3);
}

TEST_CASE("trailing commas", "[json]") {
    auto f = failure_of("[1, 2, ]");
    CHECK(f.message == "trailing comma before ']'");
    CHECK(f.offset == 5);

    f = failure_of("{\"a\": 1,\n}");
    CHECK(f.message == "trailing comma before '}'");
    CHECK(f.offset == 7);
}

TEST_CASE("unbalanced brackets", "[json]") {
    auto f = failure_of("[1, 2");
    CHECK(f.message == "expected ',' or ']' after array element, found end of input");
    CHECK(f.offset == 5);

    f = failure_of(R"({"a": [1]  )");
    CHECK(f.message == "expected ',' or '}' after object member, found end of input");
    CHECK(f.offset == 11);

    f = failure_of("[");
    CHECK(f.message == "expected a JSON value or ']', found end of input");
    CHECK(f.offset == 1);

    f = failure_of("{");
    CHECK(f.message == "expected a string key or '}', found end of input");

    f = failure_of(R"({"a":)");
    CHECK(f.message == "expected a JSON value, found end of input");
    CHECK(f.offset == 5);

    f = failure_of("[1,");
    CHECK(f.message == "expected a JSON value, found end of input");

    f = failure_of("[1}");
    CHECK(f.message == "expected ',' or ']' after array element, found '}'");
    CHECK(f.offset == 2);

    f = failure_of("{]");
    CHECK(f.message == "expected a string key or '}', found ']'");

    f = failure_of("[}");
    CHECK(f.message == "expected a JSON value or ']', found '}'");

    f = failure_of("]");
    CHECK(f.message == "expected a JSON value, found ']'");
    CHECK(f.offset == 0);

    f = failure_of("[1]]");
    CHECK(f.message == "unexpected text after the JSON value");
    CHECK(f.offset == 3);
}

TEST_CASE("text after the top-level value", "[json]") {
    auto f = failure_of("{} x");
    CHECK(f.message == "unexpected text after the JSON value");
    CHECK(f.offset == 3);
    f = failure_of("1 2");
    CHECK(f.message == "unexpected text after the JSON value");
    CHECK(f.offset == 2);
    f = failure_of("\"a\"\"b\"");
    CHECK(f.offset == 3);
    f = failure_of("null, ");
    CHECK(f.offset == 4);
}

TEST_CASE("nesting depth is bounded", "[json]") {
    CHECK(tokens_of("[[[]]]", 3).size() == 7);
    auto f = failure_of("[[[[]]]]", 3);
    CHECK(f.message == "nesting deeper than 3 levels");
    CHECK(f.offset == 3);
    f = failure_of(R"({"a": {"b": [1]}})", 2);
    CHECK(f.message == "nesting deeper than 2 levels");
    CHECK(f.offset == 12);
    CHECK(failure_of("[]", 0).message == "nesting deeper than 0 levels");
    CHECK(tokens_of("7", 0) == std::vector<std::string>{"number:7", "end"});

    const std::string deep(200000, '[');
    const auto started = std::chrono::steady_clock::now();
    f = failure_of(deep);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(f.message == "nesting deeper than 64 levels");
    CHECK(f.offset == 64);
    CHECK(elapsed < std::chrono::seconds(1));

    // Deep but allowed nesting is read without recursion.
    const std::string allowed = std::string(100000, '[') + std::string(100000, ']');
    JsonReader reader(allowed, 100000);
    std::size_t count = 0;
    while (reader.next() != JsonToken::end) {
        ++count;
    }
    CHECK(count == 200000);
}

TEST_CASE("skip_value", "[json]") {
    JsonReader reader(R"({"skip": {"x": [1, {"y": [[]]}], "z": "\n"}, "keep": [true], "s": 5})");
    REQUIRE(reader.next() == JsonToken::begin_object);
    REQUIRE(reader.next() == JsonToken::key);
    CHECK(reader.text() == "skip");
    JsonToken t = reader.next();
    REQUIRE(t == JsonToken::begin_object);
    reader.skip_value(t);
    CHECK(reader.depth() == 1);
    REQUIRE(reader.next() == JsonToken::key);
    CHECK(reader.text() == "keep");
    t = reader.next();
    REQUIRE(t == JsonToken::begin_array);
    reader.skip_value(t);
    REQUIRE(reader.next() == JsonToken::key);
    CHECK(reader.text() == "s");
    t = reader.next();
    REQUIRE(t == JsonToken::number);
    reader.skip_value(t);  // a scalar is already whole
    CHECK(reader.text() == "5");
    CHECK(reader.next() == JsonToken::end_object);
    CHECK(reader.next() == JsonToken::end);

    JsonReader empty("[[], {}, 3]");
    REQUIRE(empty.next() == JsonToken::begin_array);
    t = empty.next();
    empty.skip_value(t);
    t = empty.next();
    REQUIRE(t == JsonToken::begin_object);
    empty.skip_value(t);
    REQUIRE(empty.next() == JsonToken::number);
    CHECK(empty.text() == "3");

    JsonReader whole("[1, [2, 3]]");
    t = whole.next();
    whole.skip_value(t);
    CHECK(whole.depth() == 0);
    CHECK(whole.next() == JsonToken::end);

    // Errors inside a skipped value are still reported.
    JsonReader broken(R"({"a": [1 2], "b": 1})");
    REQUIRE(broken.next() == JsonToken::begin_object);
    REQUIRE(broken.next() == JsonToken::key);
    t = broken.next();
    try {
        broken.skip_value(t);
        FAIL("skip_value accepted a malformed array");
    } catch (const JsonError& e) {
        CHECK(e.offset == 9);
    }
}

TEST_CASE("line_col counts lines and code points", "[json]") {
    const std::string_view text = "{\n  \"\xC3\xA9t\xE2\x82\xAC\": x\n}";
    CHECK(line_col(text, 0).line == 1);
    CHECK(line_col(text, 0).column == 1);
    CHECK(line_col(text, 1).column == 2);  // the newline itself ends line 1
    CHECK(line_col(text, 2).line == 2);
    CHECK(line_col(text, 2).column == 1);
    CHECK(line_col(text, 4).column == 3);   // the opening quote
    CHECK(line_col(text, 7).column == 5);   // 't' after the two-byte e-acute
    CHECK(line_col(text, 11).column == 7);  // closing quote after the three-byte euro sign
    const std::size_t x = text.find('x');
    CHECK(line_col(text, x).line == 2);
    CHECK(line_col(text, x).column == 10);
    CHECK(line_col(text, text.size()).line == 3);
    CHECK(line_col(text, text.size()).column == 2);
    CHECK(line_col(text, 9999).line == 3);  // clamped
    CHECK(line_col("", 0).line == 1);
    CHECK(line_col("", 0).column == 1);

    // Together with the reader: the error at 'x' is at 2:10.
    const Failure f = failure_of(text);
    CHECK(f.offset == x);
    const auto at = line_col(text, f.offset);
    CHECK(at.line == 2);
    CHECK(at.column == 10);
}
