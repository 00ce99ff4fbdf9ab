#include "dsl/diagnostics.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>

namespace regels::dsl {

const char* to_string(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "note";
    }
    return "error";
}

const std::vector<CodeInfo>& all_codes() {
    static const std::vector<CodeInfo> codes = {
#define REGELS_DIAG(code, name, severity) {Code::code, #code, #name, Severity::severity},
#include "dsl/diagnostic_codes.def"
#undef REGELS_DIAG
    };
    return codes;
}

const CodeInfo& info(Code code) {
    return all_codes()[static_cast<std::size_t>(code)];
}

DiagnosticBag::Builder DiagnosticBag::report(Code code, Location where, std::string message) {
    items_.push_back(Diagnostic{code, info(code).severity, where, std::move(message), {}, {}});
    return Builder(items_.back());
}

std::size_t DiagnosticBag::error_count() const {
    return static_cast<std::size_t>(std::count_if(
        items_.begin(), items_.end(), [](const auto& d) { return d.severity == Severity::error; }));
}

std::size_t DiagnosticBag::warning_count() const {
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const auto& d) {
        return d.severity == Severity::warning;
    }));
}

void DiagnosticBag::append(const DiagnosticBag& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::vector<Diagnostic> DiagnosticBag::sorted() const {
    std::vector<Diagnostic> out = items_;
    auto key = [](const Diagnostic& d) {
        return std::make_tuple(d.where.file, d.where.span.begin, static_cast<int>(d.severity),
                               static_cast<int>(d.code), std::string_view(d.message));
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    out.erase(std::unique(out.begin(), out.end(),
                          [&](const Diagnostic& a, const Diagnostic& b) {
                              return key(a) == key(b) && a.where.span.end == b.where.span.end;
                          }),
              out.end());
    return out;
}

namespace {

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++n;
        }
    }
    return n;
}

// Byte offset of the `cp`-th code point of `s` (or s.size()).
std::size_t cp_offset(std::string_view s, std::size_t cp) {
    std::size_t i = 0;
    while (i < s.size() && cp > 0) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0U) == 0x80U) {
            ++i;
        }
        --cp;
    }
    return i;
}

// The source line as shown: tabs expanded, control bytes as `?` (a NUL must not reach the
// terminal), and a very long line cut to a window around the caret.
void render_snippet(std::string& out, const SourceFile& file, Span span) {
    constexpr std::size_t window = 120;
    LineColumn start = file.line_column(span.begin);
    std::string_view line = file.line_text(start.line);
    // The byte offset where the line starts (columns count code points, not bytes).
    std::uint32_t line_begin = span.begin;
    while (line_begin > 0 && file.text()[line_begin - 1] != '\n') {
        --line_begin;
    }
    auto clean = [](std::string_view text) {
        std::string r;
        for (std::size_t i = 0; i < text.size();) {
            auto u = static_cast<unsigned char>(text[i]);
            std::size_t n = u < 0x80            ? 1
                            : (u >> 5U) == 0x6  ? 2
                            : (u >> 4U) == 0xE  ? 3
                            : (u >> 3U) == 0x1E ? 4
                                                : 0;
            bool whole = n > 0 && i + n <= text.size();
            for (std::size_t k = 1; whole && k < n; ++k) {
                whole = (static_cast<unsigned char>(text[i + k]) & 0xC0U) == 0x80U;
            }
            if (text[i] == '\t') {
                r += "    ";
            } else if (!whole || u < 0x20 || u == 0x7F) {
                // Control bytes and broken UTF-8 must not reach the terminal as they are.
                r += '?';
                i += 1;
                continue;
            } else {
                r.append(text.substr(i, n));
                i += n;
                continue;
            }
            ++i;
        }
        return r;
    };
    std::string before = clean(file.text().substr(line_begin, span.begin - line_begin));
    std::string shown = clean(line);
    std::size_t indent = code_points(before);
    std::uint32_t line_end = line_begin + static_cast<std::uint32_t>(line.size());
    std::size_t width = 1;
    if (span.end > span.begin + 1 && span.begin < line_end) {
        width = code_points(
            clean(file.text().substr(span.begin, std::min(span.end, line_end) - span.begin)));
        width = std::max<std::size_t>(width, 1);
    }
    std::size_t total = code_points(shown);
    if (total > window) {
        std::size_t from = indent > window / 2 ? indent - window / 2 : 0;
        std::size_t to = std::min(total, from + window);
        std::string cut =
            shown.substr(cp_offset(shown, from), cp_offset(shown, to) - cp_offset(shown, from));
        shown = (from > 0 ? "…" : "") + cut + (to < total ? "…" : "");
        indent = indent - from + (from > 0 ? 1 : 0);
        width = std::min(width, window);
    }
    std::string number = std::to_string(start.line);
    std::string gutter(number.size(), ' ');
    out += fmt::format(" {} | {}\n", number, shown);
    out +=
        fmt::format(" {} | {}^{}\n", gutter, std::string(indent, ' '), std::string(width - 1, '~'));
}

std::string position(const SourceSet& files, Location where) {
    if (where.file == no_file || where.file >= files.size()) {
        return "regels";
    }
    const SourceFile& file = files.file(where.file);
    LineColumn lc = file.line_column(where.span.begin);
    return fmt::format("{}:{}:{}", file.name(), lc.line, lc.column);
}

bool has_source(const SourceSet& files, Location where) {
    return where.file != no_file && where.file < files.size();
}

}  // namespace

std::string render_one(const SourceSet& files, const Diagnostic& d) {
    std::string out;
    const CodeInfo& ci = info(d.code);
    out += fmt::format("{}: {}[{}]: {}\n", position(files, d.where), to_string(d.severity), ci.id,
                       d.message);
    if (has_source(files, d.where)) {
        render_snippet(out, files.file(d.where.file), d.where.span);
    }
    for (const Note& n : d.notes) {
        out += fmt::format("{}: note: {}\n", position(files, n.where), n.message);
        if (has_source(files, n.where)) {
            render_snippet(out, files.file(n.where.file), n.where.span);
        }
    }
    if (!d.hint.empty()) {
        out += fmt::format("  = hint: {}\n", d.hint);
    }
    return out;
}

std::string render_text(const SourceSet& files, const std::vector<Diagnostic>& diagnostics,
                        bool with_summary) {
    std::string out;
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const Diagnostic& d : diagnostics) {
        if (!out.empty()) {
            out += '\n';
        }
        out += render_one(files, d);
        errors += d.severity == Severity::error ? 1 : 0;
        warnings += d.severity == Severity::warning ? 1 : 0;
    }
    if (with_summary && (errors > 0 || warnings > 0)) {
        out += fmt::format("\n{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                           warnings == 1 ? "" : "s");
    }
    return out;
}

namespace {

nlohmann::ordered_json location_json(const SourceSet& files, Location where) {
    nlohmann::ordered_json j;
    if (!has_source(files, where)) {
        j["file"] = nullptr;
        return j;
    }
    const SourceFile& file = files.file(where.file);
    LineColumn b = file.line_column(where.span.begin);
    LineColumn e = file.line_column(where.span.end);
    j["file"] = file.name();
    j["line"] = b.line;
    j["column"] = b.column;
    j["end_line"] = e.line;
    j["end_column"] = e.column;
    return j;
}

}  // namespace

std::string render_json(const SourceSet& files, const std::vector<Diagnostic>& diagnostics) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const Diagnostic& d : diagnostics) {
        nlohmann::ordered_json j;
        j["code"] = info(d.code).id;
        j["name"] = info(d.code).name;
        j["severity"] = to_string(d.severity);
        j["location"] = location_json(files, d.where);
        j["message"] = d.message;
        nlohmann::ordered_json notes = nlohmann::ordered_json::array();
        for (const Note& n : d.notes) {
            notes.push_back({{"location", location_json(files, n.where)}, {"message", n.message}});
        }
        j["notes"] = notes;
        j["hint"] =
            d.hint.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.hint);
        list.push_back(j);
        errors += d.severity == Severity::error ? 1 : 0;
        warnings += d.severity == Severity::warning ? 1 : 0;
    }
    nlohmann::ordered_json root;
    root["diagnostics"] = list;
    root["errors"] = errors;
    root["warnings"] = warnings;
    return root.dump(2) + "\n";
}

}  // namespace regels::dsl
