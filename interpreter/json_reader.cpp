#include "interpreter/json_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace regels::interp {

namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

bool is_json_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string hex_byte(unsigned char b) {
    std::string out = "byte 0x";
    out.push_back(hex_digits[b >> 4]);
    out.push_back(hex_digits[b & 0x0F]);
    return out;
}

// What the reader saw at `pos`, for "found ..." in messages. Only printable ASCII is quoted
// verbatim: anything else could be half a UTF-8 sequence or invisible, so it is shown as hex.
std::string describe(std::string_view in, std::size_t pos) {
    if (pos >= in.size()) {
        return "end of input";
    }
    const char c = in[pos];
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F) {
        return hex_byte(b);
    }
    if (c == '\'') {
        return "\"'\"";
    }
    return std::string{'\'', c, '\''};
}

// Like describe(), but shows a whole bare word, so `True` or `NaN` reads as what it is.
std::string describe_word(std::string_view in, std::size_t pos) {
    constexpr std::size_t max_shown = 20;
    if (pos >= in.size() || !is_word_char(in[pos])) {
        return describe(in, pos);
    }
    std::size_t end = pos;
    while (end < in.size() && is_word_char(in[end])) {
        ++end;
    }
    std::string out = "'";
    if (end - pos > max_shown) {
        out.append(in.substr(pos, max_shown));
        out += "...";
    } else {
        out.append(in.substr(pos, end - pos));
    }
    out += '\'';
    return out;
}

// Length of the well-formed UTF-8 sequence whose lead byte (>= 0x80) is p[0], or 0 when it
// is malformed: a stray continuation byte, an overlong form, an encoded surrogate, a code
// point above U+10FFFF, or a sequence cut short. Narrowing the second byte's range per lead
// byte (as in the Unicode standard's table of well-formed sequences) covers all of these.
std::size_t utf8_length(const unsigned char* p, std::size_t avail) {
    const unsigned b0 = p[0];
    std::size_t len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;
    if (b0 < 0xC2) {
        return 0;
    } else if (b0 < 0xE0) {
        len = 2;
    } else if (b0 < 0xF0) {
        len = 3;
        if (b0 == 0xE0) {
            lo = 0xA0;
        } else if (b0 == 0xED) {
            hi = 0x9F;
        }
    } else if (b0 < 0xF5) {
        len = 4;
        if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return 0;
    }
    if (avail < len || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (std::size_t k = 2; k < len; ++k) {
        if ((p[k] & 0xC0U) != 0x80U) {
            return 0;
        }
    }
    return len;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// The four hex digits of a \u escape starting at in[at] ('\\'), or -1 when they are not there.
long read_u_escape(std::string_view in, std::size_t at) {
    if (in.size() - at < 6 || in[at + 1] != 'u') {
        return -1;
    }
    long value = 0;
    for (std::size_t k = 2; k < 6; ++k) {
        const int digit = hex_value(in[at + k]);
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }
    return value;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0U | (cp >> 6)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0U | (cp >> 12)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    } else {
        out.push_back(static_cast<char>(0xF0U | (cp >> 18)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 12) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | ((cp >> 6) & 0x3FU)));
        out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
    }
}

std::string control_message(unsigned char b) {
    std::string out = "control character U+00";
    out.push_back(hex_digits[b >> 4]);
    out.push_back(hex_digits[b & 0x0F]);
    out += " in string; write it as ";
    switch (b) {
        case '\b':
            return out + "\\b";
        case '\f':
            return out + "\\f";
        case '\n':
            return out + "\\n";
        case '\r':
            return out + "\\r";
        case '\t':
            return out + "\\t";
        default:
            out += "\\u00";
            out.push_back(hex_digits[b >> 4]);
            out.push_back(hex_digits[b & 0x0F]);
            return out;
    }
}

}  // namespace

const char* to_string(JsonToken token) {
    switch (token) {
        case JsonToken::begin_object:
            return "begin_object";
        case JsonToken::end_object:
            return "end_object";
        case JsonToken::begin_array:
            return "begin_array";
        case JsonToken::end_array:
            return "end_array";
        case JsonToken::key:
            return "key";
        case JsonToken::string:
            return "string";
        case JsonToken::number:
            return "number";
        case JsonToken::true_value:
            return "true_value";
        case JsonToken::false_value:
            return "false_value";
        case JsonToken::null_value:
            return "null_value";
        case JsonToken::end:
            return "end";
    }
    return "unknown";
}

JsonReader::JsonReader(std::string_view text, std::size_t max_depth, std::string_view limit_name)
    : in_(text), max_depth_(max_depth), limit_name_(limit_name) {}

void JsonReader::skip_ws() {
    const std::size_t n = in_.size();
    while (pos_ < n && is_json_space(in_[pos_])) {
        ++pos_;
    }
}

void JsonReader::fail(std::size_t at, const std::string& message) const {
    throw JsonError(at, message);
}

void JsonReader::after_value() {
    expect_ = depth_ == 0 ? Expect::done : Expect::comma_or_end;
}

JsonToken JsonReader::next() {
    skip_ws();
    token_start_ = pos_;
    text_ = {};
    const std::size_t n = in_.size();

    // Commas and colons are not tokens: a comma is consumed here together with the element
    // that follows it, which is also what lets a trailing comma be reported at the comma.
    switch (expect_) {
        case Expect::done:
            if (pos_ < n) {
                fail(pos_, "unexpected text after the JSON value");
            }
            return JsonToken::end;
        case Expect::comma_or_end: {
            const bool in_object = stack_.back() == 'o';
            const char close = in_object ? '}' : ']';
            if (pos_ < n && in_[pos_] == close) {
                break;  // closed below
            }
            if (pos_ >= n || in_[pos_] != ',') {
                fail(pos_, std::string(in_object ? "expected ',' or '}' after object member"
                                                 : "expected ',' or ']' after array element") +
                               ", found " + describe(in_, pos_));
            }
            const std::size_t comma = pos_;
            ++pos_;
            skip_ws();
            token_start_ = pos_;
            if (pos_ < n && in_[pos_] == close) {
                fail(comma, std::string("trailing comma before '") + close + "'");
            }
            expect_ = in_object ? Expect::key : Expect::value;
            break;
        }
        default:
            break;
    }

    if (pos_ < n) {
        const char c = in_[pos_];
        const bool closes_object =
            c == '}' && (expect_ == Expect::key_or_end || expect_ == Expect::comma_or_end);
        const bool closes_array =
            c == ']' && (expect_ == Expect::value_or_end || expect_ == Expect::comma_or_end);
        if (closes_object || closes_array) {
            ++pos_;
            --depth_;
            stack_.pop_back();
            text_ = in_.substr(token_start_, 1);
            after_value();
            return closes_object ? JsonToken::end_object : JsonToken::end_array;
        }
    }

    if (expect_ == Expect::key_or_end || expect_ == Expect::key) {
        if (pos_ >= n || in_[pos_] != '"') {
            fail(pos_,
                 std::string(expect_ == Expect::key_or_end ? "expected a string key or '}'"
                                                           : "expected a string key after ','") +
                     ", found " + describe(in_, pos_));
        }
        read_string();
        // The ':' is checked right away because the Expect states have no "colon" step; the
        // key's text stays valid since nothing below touches buffer_.
        skip_ws();
        if (pos_ >= n || in_[pos_] != ':') {
            fail(pos_, "expected ':' after object key, found " + describe(in_, pos_));
        }
        ++pos_;
        expect_ = Expect::value;
        return JsonToken::key;
    }

    // expect_ is value or value_or_end: a value must start here.
    if (pos_ >= n) {
        if (depth_ == 0) {
            fail(pos_, "empty input: expected a JSON value");
        }
        fail(pos_, std::string(expect_ == Expect::value_or_end ? "expected a JSON value or ']'"
                                                               : "expected a JSON value") +
                       ", found end of input");
    }
    const char c = in_[pos_];
    switch (c) {
        case '{':
        case '[':
            if (depth_ >= max_depth_) {
                fail(pos_, "nesting deeper than " + std::to_string(max_depth_) + " levels" +
                               (limit_name_.empty() ? std::string()
                                                    : " (" + std::string(limit_name_) + ")"));
            }
            ++depth_;
            stack_.push_back(c == '{' ? 'o' : 'a');
            ++pos_;
            text_ = in_.substr(token_start_, 1);
            expect_ = c == '{' ? Expect::key_or_end : Expect::value_or_end;
            return c == '{' ? JsonToken::begin_object : JsonToken::begin_array;
        case '"':
            read_string();
            after_value();
            return JsonToken::string;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
            read_number();
            after_value();
            return JsonToken::number;
        case 't':
            read_literal("true");
            after_value();
            return JsonToken::true_value;
        case 'f':
            read_literal("false");
            after_value();
            return JsonToken::false_value;
        case 'n':
            read_literal("null");
            after_value();
            return JsonToken::null_value;
        default:
            break;
    }
    if (pos_ == 0 && in_.substr(0, 3) == "\xEF\xBB\xBF") {
        fail(0, "byte order mark is not allowed");
    }
    fail(pos_, std::string(expect_ == Expect::value_or_end ? "expected a JSON value or ']'"
                                                           : "expected a JSON value") +
                   ", found " + describe_word(in_, pos_));
}

void JsonReader::skip_value(JsonToken first) {
    if (first != JsonToken::begin_object && first != JsonToken::begin_array) {
        return;
    }
    if (depth_ == 0) {
        return;  // not inside the container `first` claims to open; nothing sensible to skip
    }
    // The container's own end token brings depth_ back below where it started.
    const std::size_t outer = depth_ - 1;
    while (depth_ > outer) {
        next();
    }
}

void JsonReader::read_string() {
    const std::size_t open = pos_;  // the opening quote
    const std::size_t n = in_.size();
    const auto* bytes = reinterpret_cast<const unsigned char*>(in_.data());
    std::size_t i = pos_ + 1;

    // An unterminated string always runs into the end of input (a raw newline stops it
    // earlier as a control character), so the opening quote is the useful place to point.
    // Fast path: no escapes, so the text is a view into the input.
    for (;;) {
        if (i >= n) {
            fail(open, "unterminated string");
        }
        const unsigned char b = bytes[i];
        if (b == '"') {
            text_ = in_.substr(open + 1, i - open - 1);
            pos_ = i + 1;
            return;
        }
        if (b == '\\') {
            break;
        }
        if (b < 0x20) {
            fail(i, control_message(b));
        }
        if (b < 0x80) {
            ++i;
        } else {
            const std::size_t len = utf8_length(bytes + i, n - i);
            if (len == 0) {
                fail(i, "invalid UTF-8 in string");
            }
            i += len;
        }
    }

    // Slow path: decode into buffer_, copying unescaped runs in one piece.
    buffer_.assign(in_.data() + open + 1, i - open - 1);
    for (;;) {
        if (i >= n) {
            fail(open, "unterminated string");
        }
        const unsigned char b = bytes[i];
        if (b == '"') {
            text_ = buffer_;
            pos_ = i + 1;
            return;
        }
        if (b == '\\') {
            if (i + 1 >= n) {
                fail(open, "unterminated string");
            }
            const char e = in_[i + 1];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    buffer_.push_back(e);
                    i += 2;
                    continue;
                case 'b':
                    buffer_.push_back('\b');
                    i += 2;
                    continue;
                case 'f':
                    buffer_.push_back('\f');
                    i += 2;
                    continue;
                case 'n':
                    buffer_.push_back('\n');
                    i += 2;
                    continue;
                case 'r':
                    buffer_.push_back('\r');
                    i += 2;
                    continue;
                case 't':
                    buffer_.push_back('\t');
                    i += 2;
                    continue;
                case 'u':
                    break;
                default: {
                    const auto eb = static_cast<unsigned char>(e);
                    if (eb >= 0x20 && eb < 0x7F) {
                        fail(i, std::string("invalid escape '\\") + e + "' in string");
                    }
                    fail(i, "invalid escape in string: '\\' followed by " + hex_byte(eb));
                }
            }
            const long unit = read_u_escape(in_, i);
            if (unit < 0) {
                fail(i, "invalid \\u escape in string: expected 4 hex digits");
            }
            auto cp = static_cast<std::uint32_t>(unit);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                // UTF-16 escapes: only a high surrogate directly followed by a low one is a
                // character; anything else has no UTF-8 form.
                const long low = cp <= 0xDBFF ? read_u_escape(in_, i + 6) : -1;
                if (low < 0xDC00 || low > 0xDFFF) {
                    fail(i, "lone surrogate " + std::string(in_.substr(i, 6)) + " in string");
                }
                const auto low_bits = static_cast<std::uint32_t>(low) - 0xDC00U;
                cp = 0x10000U + ((cp - 0xD800U) << 10) + low_bits;
                i += 12;
            } else {
                i += 6;
            }
            append_utf8(buffer_, cp);
            continue;
        }
        const std::size_t run = i;
        while (i < n) {
            const unsigned char r = bytes[i];
            if (r == '"' || r == '\\') {
                break;
            }
            if (r < 0x20) {
                fail(i, control_message(r));
            }
            if (r < 0x80) {
                ++i;
            } else {
                const std::size_t len = utf8_length(bytes + i, n - i);
                if (len == 0) {
                    fail(i, "invalid UTF-8 in string");
                }
                i += len;
            }
        }
        buffer_.append(in_.data() + run, i - run);
    }
}

void JsonReader::read_number() {
    const std::size_t start = pos_;
    const std::size_t n = in_.size();
    std::size_t i = pos_;
    // Messages quote the whole bad-looking run (e.g. '1.5.3'), which reads better than the
    // single character where the grammar gave up.
    const auto bad = [&](const char* why) {
        std::size_t end = start;
        while (end < n &&
               (is_word_char(in_[end]) || in_[end] == '.' || in_[end] == '+' || in_[end] == '-')) {
            ++end;
        }
        std::string message = "invalid number '";
        message.append(in_.substr(start, end - start));
        message += '\'';
        if (why != nullptr) {
            message += ": ";
            message += why;
        }
        fail(start, message);
    };

    const char* why = nullptr;
    i = scan_json_number(in_, start, why);
    if (why != nullptr) {
        bad(why);
    }
    // Catch "12abc" or "1.5.3" here rather than as a confusing missing-comma error.
    if (i < n && (is_word_char(in_[i]) || in_[i] == '.' || in_[i] == '+' || in_[i] == '-')) {
        bad(nullptr);
    }
    text_ = in_.substr(start, i - start);
    pos_ = i;
}

void JsonReader::read_literal(std::string_view word) {
    const std::size_t end = pos_ + word.size();
    if (in_.substr(pos_, word.size()) != word || (end < in_.size() && is_word_char(in_[end]))) {
        fail(pos_, "expected a JSON value, found " + describe_word(in_, pos_));
    }
    text_ = in_.substr(pos_, word.size());
    pos_ = end;
}

std::size_t scan_json_number(std::string_view in, std::size_t start, const char*& why) {
    const std::size_t n = in.size();
    std::size_t i = start;
    why = nullptr;
    if (i < n && in[i] == '-') {
        ++i;
    }
    if (i >= n || !is_digit(in[i])) {
        why = "expected a digit after '-'";
        return i;
    }
    if (in[i] == '0') {
        ++i;
        if (i < n && is_digit(in[i])) {
            why = "leading zeros are not allowed";
            return i;
        }
    } else {
        while (i < n && is_digit(in[i])) {
            ++i;
        }
    }
    if (i < n && in[i] == '.') {
        ++i;
        if (i >= n || !is_digit(in[i])) {
            why = "expected a digit after '.'";
            return i;
        }
        while (i < n && is_digit(in[i])) {
            ++i;
        }
    }
    if (i < n && (in[i] == 'e' || in[i] == 'E')) {
        ++i;
        if (i < n && (in[i] == '+' || in[i] == '-')) {
            ++i;
        }
        if (i >= n || !is_digit(in[i])) {
            why = "expected a digit in the exponent";
            return i;
        }
        while (i < n && is_digit(in[i])) {
            ++i;
        }
    }
    return i;
}

std::size_t first_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        if (bytes[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_length(bytes + i, text.size() - i);
        if (len == 0) {
            return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

LineCol line_col(std::string_view text, std::size_t offset) {
    if (offset > text.size()) {
        offset = text.size();
    }
    LineCol at{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((b & 0xC0U) != 0x80U) {
            ++at.column;
        }
    }
    return at;
}

}  // namespace regels::interp
