// Source text and byte spans.
//
// Every AST node and diagnostic refers to its place in the rules by a byte span into a
// SourceFile that owns its text, so spans never dangle and no file is read twice. Line and
// column are computed only when something is rendered for a person; columns count code
// points, so Dutch text with é or ë lines up under the caret.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace regels::dsl {

struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;  // exclusive
};

using FileId = std::uint32_t;
inline constexpr FileId no_file = ~FileId{0};

struct Location {
    FileId file = no_file;
    Span span;
};

struct LineColumn {
    std::uint32_t line = 1;    // 1-based
    std::uint32_t column = 1;  // 1-based, in code points
};

class SourceFile {
public:
    SourceFile(std::string display_name, std::string text);

    const std::string& name() const {
        return name_;
    }
    std::string_view text() const {
        return text_;
    }
    LineColumn line_column(std::uint32_t offset) const;
    // The text of a 1-based line, without its line terminator.
    std::string_view line_text(std::uint32_t line) const;
    std::uint32_t line_count() const {
        return static_cast<std::uint32_t>(line_starts_.size());
    }
    std::string_view slice(Span span) const;

private:
    std::string name_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
};

// Owns every file of one run; FileIds index into it.
class SourceSet {
public:
    FileId add(std::string display_name, std::string text);
    const SourceFile& file(FileId id) const {
        return *files_[id];
    }
    std::size_t size() const {
        return files_.size();
    }

private:
    std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace regels::dsl
