// The wire format of the Language Server Protocol: JSON-RPC messages framed by a
// `Content-Length` header, and LSP positions (line and UTF-16 code unit, both 0-based).
//
// Rule text is UTF-8 and spans are byte offsets; editors count columns in UTF-16 code
// units (the protocol's default). `€` is three bytes and one unit, so the two are converted
// here and nowhere else.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace regels::lsp {

// One message body, or nullopt at the end of input. A header block without a usable
// Content-Length, or a body cut short, is reported in `error` (and nullopt returned).
std::optional<std::string> read_message(std::istream& in, std::string& error);
void write_message(std::ostream& out, std::string_view body);

struct Position {
    std::uint32_t line = 0;       // 0-based
    std::uint32_t character = 0;  // 0-based, UTF-16 code units
};

// Byte offset of `pos` in `text`, clamped to the line's end and to the text's end.
std::uint32_t offset_of(std::string_view text, Position pos);
Position position_of(std::string_view text, std::uint32_t offset);

// file:///a/b%20c.rules <-> /a/b c.rules. Anything that is not a file URI gives nullopt.
std::optional<std::string> path_of_uri(std::string_view uri);
std::string uri_of_path(std::string_view path);

}  // namespace regels::lsp
