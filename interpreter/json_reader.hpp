// A strict, allocation-light JSON pull reader for facts.
//
// Facts are the engine's untrusted input, and its hot path. nlohmann_json would read numbers
// through double and report errors by byte only; this reader hands out numbers as their
// source text (so 1184.82 stays exactly 1184.82), validates UTF-8, bounds nesting depth, and
// reports every error with a byte offset that the caller turns into line:col and a JSON path.
// It never allocates for tokens without escapes: strings are views into the input unless
// they contain escapes, in which case they are decoded into a buffer owned by the reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace regels::interp {

struct JsonError : std::runtime_error {
    JsonError(std::size_t at, const std::string& message)
        : std::runtime_error(message), offset(at) {}
    std::size_t offset;  // byte offset into the text where the problem was seen
};

enum class JsonToken : std::uint8_t {
    begin_object,
    end_object,
    begin_array,
    end_array,
    key,     // an object member name; text() is the decoded name
    string,  // text() is the decoded string
    number,  // text() is the number exactly as written (JSON number grammar checked)
    true_value,
    false_value,
    null_value,
    end,  // end of input (after the single top-level value and trailing whitespace)
};

const char* to_string(JsonToken token);

class JsonReader {
public:
    // `max_depth`: nesting deeper than this is an error (not a stack overflow); the message
    // ends with `limit_name` in parentheses when one is given (the flag that sets it).
    explicit JsonReader(std::string_view text, std::size_t max_depth = 64,
                        std::string_view limit_name = {});

    // The next token. Throws JsonError on malformed input: bad token, unterminated string,
    // control character in a string, bad escape, lone surrogate, invalid UTF-8, missing
    // ',' or ':', trailing comma, text after the top-level value, nesting too deep, and
    // duplicate keys are NOT checked here (the loader does it where it matters).
    JsonToken next();

    // Text of the last key/string/number token (valid until the next call to next()).
    std::string_view text() const {
        return text_;
    }
    // Byte offset where the last token started.
    std::size_t token_offset() const {
        return token_start_;
    }
    std::size_t depth() const {
        return depth_;
    }

    // Before the first next(): skips a UTF-8 byte order mark at the start of the text, which
    // spreadsheet programs and some editors write (elsewhere it stays an error).
    void skip_byte_order_mark() {
        if (pos_ == 0 && in_.starts_with("\xEF\xBB\xBF")) {
            pos_ = 3;
        }
    }

    // Skips the value that starts at the last returned token (which must begin a value:
    // begin_object/begin_array skip to their matching end; scalars are already whole).
    void skip_value(JsonToken first);

private:
    std::string_view in_;
    std::size_t pos_ = 0;
    std::size_t token_start_ = 0;
    std::size_t depth_ = 0;
    std::size_t max_depth_;
    std::string_view limit_name_;
    std::string_view text_;
    std::string buffer_;
    // One frame per open container: 'o' object, 'a' array; and what may come next.
    std::string stack_;
    enum class Expect : std::uint8_t {
        value,         // top level, or after ':' / after ',' in an array
        value_or_end,  // right after '['
        key_or_end,    // right after '{'
        key,           // after ',' in an object
        comma_or_end,  // after a value inside a container
        done,          // top-level value finished
    } expect_ = Expect::value;

    void skip_ws();
    [[noreturn]] void fail(std::size_t at, const std::string& message) const;
    void read_string();
    void read_number();
    void read_literal(std::string_view word);
    void after_value();
};

// The JSON number grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, scanned from
// in[start]: returns where the number ends, or sets `why` to what is missing (null when the
// grammar was met). Shared by both facts readers.
std::size_t scan_json_number(std::string_view in, std::size_t start, const char*& why);

// The offset of the first byte of `text` that is not part of well-formed UTF-8 (the rules
// the reader applies to strings), or std::string_view::npos when all of it is. For facts in
// other formats (CSV).
std::size_t first_invalid_utf8(std::string_view text);

// 1-based line and column (in code points) of a byte offset, for messages.
struct LineCol {
    std::size_t line;
    std::size_t column;
};
LineCol line_col(std::string_view text, std::size_t offset);

}  // namespace regels::interp
