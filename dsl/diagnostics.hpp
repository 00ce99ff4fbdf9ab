// Diagnostics: codes, the bag that collects them, and the two renderers.
//
// Passes never print. They report into a DiagnosticBag and return; only the front end
// renders, as text for people (file:line:col, the source line, a caret underline, notes
// and a hint) or as JSON for tools. The bag sorts by file and offset and drops exact
// duplicates, so the output order does not depend on the order passes ran in.
#pragma once

#include "dsl/source.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace regels::dsl {

enum class Severity : std::uint8_t { error, warning, note };
const char* to_string(Severity severity);

enum class Code : std::uint16_t {
#define REGELS_DIAG(code, name, severity) code,
#include "dsl/diagnostic_codes.def"
#undef REGELS_DIAG
};

struct CodeInfo {
    Code code;
    const char* id;    // "E2001"
    const char* name;  // "unknown_name"
    Severity severity;
};
const CodeInfo& info(Code code);
const std::vector<CodeInfo>& all_codes();

struct Note {
    Location where;
    std::string message;
};

struct Diagnostic {
    Code code;
    Severity severity;
    Location where;
    std::string message;
    std::vector<Note> notes;
    std::string hint;
};

class DiagnosticBag {
public:
    // Builder returned by report(): attach notes and a hint at the call site.
    class Builder {
    public:
        explicit Builder(Diagnostic& d) : d_(&d) {}
        Builder& note(Location where, std::string message) {
            d_->notes.push_back({where, std::move(message)});
            return *this;
        }
        Builder& hint(std::string text) {
            d_->hint = std::move(text);
            return *this;
        }

    private:
        Diagnostic* d_;
    };

    Builder report(Code code, Location where, std::string message);

    std::size_t error_count() const;
    std::size_t warning_count() const;
    bool has_errors() const {
        return error_count() > 0;
    }
    bool empty() const {
        return items_.empty();
    }
    // Sorted by (file, offset, severity, code), exact duplicates removed.
    std::vector<Diagnostic> sorted() const;
    const std::vector<Diagnostic>& items() const {
        return items_;
    }
    // For the passes that fold one diagnostic into another (dsl/follow_on.hpp).
    std::vector<Diagnostic>& edit_items() {
        return items_;
    }
    void append(const DiagnosticBag& other);

private:
    std::vector<Diagnostic> items_;
};

// Text for people. `files` supplies the source lines for the caret display.
std::string render_text(const SourceSet& files, const std::vector<Diagnostic>& diagnostics,
                        bool with_summary = true);
std::string render_one(const SourceSet& files, const Diagnostic& d);
// JSON for tools: {"diagnostics": [...], "errors": N, "warnings": N}.
std::string render_json(const SourceSet& files, const std::vector<Diagnostic>& diagnostics);

}  // namespace regels::dsl
