#include "dsl/source.hpp"

#include <algorithm>

namespace regels::dsl {

SourceFile::SourceFile(std::string display_name, std::string text)
    : name_(std::move(display_name)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') {
            line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
        }
    }
}

LineColumn SourceFile::line_column(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    std::uint32_t start = line_starts_[line - 1];
    std::uint32_t column = 1;
    for (std::uint32_t i = start; i < offset; ++i) {
        // UTF-8 continuation bytes do not start a new code point.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) {
            ++column;
        }
    }
    return {line, column};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) {
        return {};
    }
    std::size_t begin = line_starts_[line - 1];
    std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    std::string_view view(text_);
    view = view.substr(begin, end - begin);
    if (!view.empty() && view.back() == '\r') {
        view.remove_suffix(1);
    }
    return view;
}

std::string_view SourceFile::slice(Span span) const {
    auto size = static_cast<std::uint32_t>(text_.size());
    std::uint32_t begin = std::min(span.begin, size);
    std::uint32_t end = std::clamp(span.end, begin, size);
    return std::string_view(text_).substr(begin, end - begin);
}

FileId SourceSet::add(std::string display_name, std::string text) {
    files_.push_back(std::make_unique<SourceFile>(std::move(display_name), std::move(text)));
    return static_cast<FileId>(files_.size() - 1);
}

}  // namespace regels::dsl
