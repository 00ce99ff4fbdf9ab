#include "lsp/protocol.hpp"

#include <cctype>
#include <charconv>

namespace regels::lsp {

std::optional<std::string> read_message(std::istream& in, std::string& error) {
    error.clear();
    std::optional<std::size_t> length;
    std::string line;
    bool any = false;
    while (std::getline(in, line)) {
        any = true;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty()) {
            break;
        }
        constexpr std::string_view key = "content-length:";
        if (line.size() > key.size()) {
            std::string head = line.substr(0, key.size());
            for (char& c : head) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            if (head == key) {
                std::string_view v = std::string_view(line).substr(key.size());
                while (!v.empty() && v.front() == ' ') {
                    v.remove_prefix(1);
                }
                std::size_t n = 0;
                auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                if (ec == std::errc() && p == v.data() + v.size()) {
                    length = n;
                }
            }
        }
    }
    if (!any) {
        return std::nullopt;
    }
    if (!length) {
        error = "a message without a valid Content-Length header";
        return std::nullopt;
    }
    constexpr std::size_t max_message = 64U * 1024U * 1024U;
    if (*length > max_message) {
        error = "a message larger than 64 MiB";
        return std::nullopt;
    }
    std::string body(*length, '\0');
    in.read(body.data(), static_cast<std::streamsize>(*length));
    if (static_cast<std::size_t>(in.gcount()) != *length) {
        error = "the input ended inside a message";
        return std::nullopt;
    }
    return body;
}

void write_message(std::ostream& out, std::string_view body) {
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for a stray byte).
std::uint32_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead < 0xF8) {
        return 4;
    }
    if (lead >= 0xE0) {
        return lead < 0xF0 ? 3 : 1;
    }
    if (lead >= 0xC0) {
        return 2;
    }
    return 1;
}

}  // namespace

std::uint32_t offset_of(std::string_view text, Position pos) {
    std::size_t i = 0;
    for (std::uint32_t line = 0; line < pos.line; ++line) {
        std::size_t nl = text.find('\n', i);
        if (nl == std::string_view::npos) {
            return static_cast<std::uint32_t>(text.size());
        }
        i = nl + 1;
    }
    std::uint32_t units = 0;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r' && units < pos.character) {
        std::uint32_t len = sequence_length(static_cast<unsigned char>(text[i]));
        units += len == 4 ? 2 : 1;
        i = std::min(text.size(), i + len);
    }
    return static_cast<std::uint32_t>(i);
}

Position position_of(std::string_view text, std::uint32_t offset) {
    Position pos;
    std::size_t end = std::min<std::size_t>(offset, text.size());
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    for (std::size_t i = line_start; i < end;) {
        std::uint32_t len = sequence_length(static_cast<unsigned char>(text[i]));
        pos.character += len == 4 ? 2 : 1;
        i += len;
    }
    return pos;
}

std::optional<std::string> path_of_uri(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.substr(0, scheme.size()) != scheme) {
        return std::nullopt;
    }
    std::string_view rest = uri.substr(scheme.size());
    // file://host/path: only the local host (empty or localhost) is a path here.
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view host = rest.substr(0, slash);
    if (!host.empty() && host != "localhost") {
        return std::nullopt;
    }
    rest = rest.substr(slash);
    std::string out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '%' && i + 2 < rest.size()) {
            int v = 0;
            auto [p, ec] = std::from_chars(rest.data() + i + 1, rest.data() + i + 3, v, 16);
            if (ec == std::errc() && p == rest.data() + i + 3) {
                out += static_cast<char>(v);
                i += 2;
                continue;
            }
        }
        out += rest[i];
    }
    return out;
}

std::string uri_of_path(std::string_view path) {
    std::string out = "file://";
    constexpr std::string_view hex = "0123456789ABCDEF";
    for (char c : path) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4U];
            out += hex[u & 15U];
        }
    }
    return out;
}

}  // namespace regels::lsp
