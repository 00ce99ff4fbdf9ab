// Sources against outlines and texts: see sources.hpp.
#include "dsl/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace regels::dsl {

namespace {

bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        len = 1;
        return true;
    }
    // U+00A0 no-break space, as word processors write it.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        len = 2;
        return true;
    }
    return false;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') {
            ++i;
        }
        std::size_t b = i;
        while (i < s.size() && s[i] != ' ') {
            ++i;
        }
        if (i > b) {
            out.push_back(s.substr(b, i - b));
        }
    }
    return out;
}

std::size_t word_count(std::string_view s) {
    return words(normalise_text(s)).size();
}

std::size_t lcs(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    std::vector<std::size_t> prev(b.size() + 1, 0);
    std::vector<std::size_t> cur(b.size() + 1, 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The passage of `section` that shares the most words, in order, with `quote`.
std::string closest_passage(std::string_view section, std::string_view quote) {
    std::vector<std::string_view> s = words(section);
    std::vector<std::string_view> q = words(quote);
    if (s.empty() || q.empty()) {
        return {};
    }
    std::size_t n = std::min(s.size(), q.size());
    std::size_t best = 0;
    std::size_t best_at = 0;
    for (std::size_t i = 0; i + n <= s.size(); ++i) {
        std::vector<std::string_view> window(s.begin() + static_cast<std::ptrdiff_t>(i),
                                             s.begin() + static_cast<std::ptrdiff_t>(i + n));
        std::size_t score = lcs(window, q);
        if (score > best) {
            best = score;
            best_at = i;
        }
    }
    std::string out;
    for (std::size_t i = best_at; i < best_at + n; ++i) {
        out += (i > best_at ? " " : "") + std::string(s[i]);
    }
    return out;
}

std::optional<std::string> closest_title(std::string_view title,
                                         const std::vector<std::string>& titles) {
    std::optional<std::string> best;
    std::size_t best_score = 0;
    const std::string lt = normalise_text(lower_ascii(title));  // `t` views into it
    std::vector<std::string_view> t = words(lt);
    for (const std::string& c : titles) {
        std::string lc = normalise_text(lower_ascii(c));
        std::size_t score = lcs(words(lc), t);
        if (score > best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

std::string short_name(const std::string& qualified) {
    return qualified.substr(qualified.rfind('.') + 1);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::string normalise_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t len = 0;
        if (is_space_at(s, i, len)) {
            space = true;
            i += len;
            continue;
        }
        if (s[i] == '<') {
            // A footnote marker goes with its number; other markup (<b>, </b>) goes alone.
            if (s.substr(i, 5) == "<sup>") {
                std::size_t end = s.find("</sup>", i);
                if (end != std::string_view::npos) {
                    i = end + 6;
                    continue;
                }
            }
            std::size_t end = s.find('>', i);
            if (end != std::string_view::npos && end - i < 16) {
                i = end + 1;
                continue;
            }
        }
        if (s[i] == '*') {
            ++i;
            continue;
        }
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += s[i];
        ++i;
    }
    return out;
}

std::string section_key(std::string_view title) {
    return lower_ascii(normalise_text(title));
}

bool same_section(std::string_view a, std::string_view b) {
    return section_key(a) == section_key(b);
}

const TextSection* DocumentText::find_key(std::string_view key) const {
    for (const TextSection& s : sections) {
        if (s.key == key) {
            return &s;
        }
    }
    return nullptr;
}

const TextSection* DocumentText::find(std::string_view title) const {
    return find_key(section_key(title));
}

DocumentText parse_document_text(std::string_view markdown) {
    DocumentText doc;
    doc.content = std::string(markdown);
    doc.sections.push_back(TextSection{});  // what comes before the first heading
    std::size_t current = 0;
    std::size_t pos = 0;
    while (pos <= markdown.size()) {
        std::size_t eol = markdown.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = markdown.size();
        }
        std::string_view line = markdown.substr(pos, eol - pos);
        pos = eol + 1;
        std::size_t hashes = 0;
        while (hashes < line.size() && line[hashes] == '#') {
            ++hashes;
        }
        if (hashes > 0 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ') {
            doc.sections.push_back(TextSection{normalise_text(line.substr(hashes)), "", "", ""});
            current = doc.sections.size() - 1;
            continue;
        }
        if (line.substr(0, 5) == "<sup>") {
            std::size_t end = line.find("</sup>");
            if (end != std::string_view::npos) {
                std::string number(line.substr(5, end - 5));
                doc.sections.push_back(
                    TextSection{"voetnoot " + number, "", "", std::string(line.substr(end + 6))});
                continue;  // the footnote is its own section; the heading's text goes on
            }
        }
        doc.sections[current].raw += line;
        doc.sections[current].raw += '\n';
    }
    for (TextSection& s : doc.sections) {
        s.key = lower_ascii(s.title);  // the title is normalised already
        s.text = normalise_text(s.raw);
    }
    return doc;
}

// ---- entries: sentences and table rows -----------------------------------------------------

namespace {

bool is_table_line(std::string_view line) {
    return (!line.empty() && line.front() == '|') || line.find('\t') != std::string_view::npos;
}

// `|---|:--|`: the line under a Markdown table's header.
bool is_separator_row(std::string_view line) {
    return line.find('-') != std::string_view::npos &&
           line.find_first_not_of("|-: \t") == std::string_view::npos;
}

// `- item`, `* item`, `+ item`, `1. item`: the marker's length, or 0.
std::size_t list_marker(std::string_view line) {
    if (line.size() > 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') {
        return 2;
    }
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') {
        ++digits;
    }
    if (digits > 0 && digits + 1 < line.size() && line[digits] == '.' && line[digits + 1] == ' ') {
        return digits + 2;
    }
    return 0;
}

// A letter or figure: ASCII, or any byte of a multi-byte UTF-8 character (é, €).
bool has_word(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c >= 0x80;
    });
}

// Words ending in a full stop that do not end a sentence: the agreements' abbreviations, and
// a single letter (an initial, "gemeente A.").
bool is_abbreviation(std::string_view word) {
    static constexpr std::array<std::string_view, 22> known = {
        "incl.", "excl.",  "mln.",   "mld.",   "jl.",    "bijv.",  "ca.",   "nr.",
        "art.",  "stcrt.", "o.a.",   "m.b.t.", "i.v.m.", "t.a.v.", "resp.", "max.",
        "min.",  "e.d.",   "d.w.z.", "vs.",    "blz.",   "z.s.m."};
    while (!word.empty() && (word.front() == '(' || word.front() == '"' || word.front() == '\'')) {
        word.remove_prefix(1);
    }
    if (word.size() == 2) {
        return true;  // "A."
    }
    std::string lower = lower_ascii(word);
    return std::find(known.begin(), known.end(), lower) != known.end();
}

// Whether a sentence may start at s[i]: an upper-case letter (ASCII, or Latin-1 as UTF-8:
// À–Þ) or a figure.
bool starts_sentence(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(s[i + 1]) <= 0x9E;
}

// A normalised paragraph split after `.`, `!` or `?` where a new sentence starts, except after
// an abbreviation. Figures ("1.256", "€ 7000,-") have no space after their stops, so they stay.
void split_sentences(std::string_view s, std::vector<TextEntry>& out) {
    std::size_t start = 0;
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
        if ((s[i] != '.' && s[i] != '!' && s[i] != '?') || s[i + 1] != ' ' ||
            !starts_sentence(s, i + 2)) {
            continue;
        }
        std::size_t word_start = s.rfind(' ', i);
        word_start = word_start == std::string_view::npos ? 0 : word_start + 1;
        if (s[i] == '.' && is_abbreviation(s.substr(word_start, i + 1 - word_start))) {
            continue;
        }
        out.push_back(
            TextEntry{TextEntry::Kind::sentence, std::string(s.substr(start, i + 1 - start))});
        start = i + 2;
    }
    if (start < s.size()) {
        out.push_back(TextEntry{TextEntry::Kind::sentence, std::string(s.substr(start))});
    }
}

// The raw text of a section in blocks: paragraphs and list items (their sentences), and table
// rows (one entry each, the header row left out).
class EntrySplitter {
public:
    std::vector<TextEntry> split(std::string_view raw) {
        std::size_t pos = 0;
        while (pos < raw.size()) {
            std::size_t eol = raw.find('\n', pos);
            eol = eol == std::string_view::npos ? raw.size() : eol;
            line(raw.substr(pos, eol - pos));
            pos = eol + 1;
        }
        flush();
        end_table();
        std::vector<TextEntry> out;
        for (TextEntry& e : entries_) {
            if (has_word(e.text)) {
                out.push_back(std::move(e));
            }
        }
        return out;
    }

private:
    void line(std::string_view raw_line) {
        std::string_view l = trim(raw_line);
        if (is_table_line(raw_line)) {
            flush();
            table_row(l);
            return;
        }
        end_table();
        if (l.empty() || l == "---" || l == "***") {
            flush();
            return;
        }
        if (std::size_t marker = list_marker(l); marker > 0) {
            flush();
            l.remove_prefix(marker);
        }
        paragraph_ += std::string(l) + "\n";
    }

    void table_row(std::string_view l) {
        if (is_separator_row(l)) {
            if (rows_in_table_ == 1) {  // the row above was the header
                entries_.pop_back();
            }
            return;
        }
        ++rows_in_table_;
        // A tab-separated table's header is its first row, in bold.
        if (rows_in_table_ == 1 && l.find('|') != 0 && l.find("<b>") != std::string_view::npos) {
            return;
        }
        // A Markdown row keeps its bars: the section's text, which quotes are compared
        // with, has them too.
        entries_.push_back(TextEntry{TextEntry::Kind::row, normalise_text(l)});
    }

    void end_table() {
        rows_in_table_ = 0;
    }

    void flush() {
        if (!paragraph_.empty()) {
            split_sentences(normalise_text(paragraph_), entries_);
            paragraph_.clear();
        }
    }

    std::string paragraph_;
    std::size_t rows_in_table_ = 0;
    std::vector<TextEntry> entries_;
};

}  // namespace

std::vector<TextEntry> section_entries(const TextSection& section) {
    std::vector<TextEntry> out = EntrySplitter().split(section.raw);
    std::size_t cursor = 0;
    for (TextEntry& e : out) {
        std::size_t at = section.text.find(e.text, cursor);
        if (at != std::string::npos) {
            e.begin = at;
            cursor = at + e.text.size();
        }
    }
    return out;
}

std::optional<std::pair<std::size_t, std::size_t>> quote_span(const TextSection& section,
                                                              std::string_view quote) {
    std::string q = normalise_text(quote);
    if (q.empty()) {
        return std::nullopt;
    }
    std::size_t at = section.text.find(q);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    return std::make_pair(at, at + q.size());
}

bool entry_holds(const TextEntry& entry, std::pair<std::size_t, std::size_t> span) {
    return entry.begin != TextEntry::npos && entry.begin < span.second &&
           span.first < entry.begin + entry.text.size();
}

std::optional<DocumentText> load_document_text(const DocumentInfo& doc,
                                               const std::vector<std::string>& dirs,
                                               std::vector<std::string>& tried) {
    if (!doc.text) {
        return std::nullopt;
    }
    std::vector<std::string> candidates;
    if (!doc.text->empty() && doc.text->front() == '/') {
        candidates.push_back(*doc.text);
    } else {
        candidates.push_back(doc.text_dir + "/" + *doc.text);
        for (const std::string& d : dirs) {
            candidates.push_back(d + "/" + *doc.text);
        }
    }
    for (const std::string& path : candidates) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            tried.push_back(path);
            continue;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        DocumentText text = parse_document_text(ss.str());
        text.path = path;
        return text;
    }
    return std::nullopt;
}

std::vector<CitationUse> all_citations(const Program& program, bool marks) {
    std::vector<CitationUse> out;
    auto add = [&](const std::vector<CitationInfo>& list, const std::string& carrier,
                   std::optional<std::uint32_t> rule, std::optional<std::uint32_t> param) {
        for (const CitationInfo& c : list) {
            if (c.kind == CitationKind::source || marks) {
                out.push_back(CitationUse{&c, carrier, rule, param, section_key(c.section)});
            }
        }
    };
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        const RuleInfo& r = program.rules[i];
        auto idx = static_cast<std::uint32_t>(i);
        add(r.sources, r.name, idx, std::nullopt);
        add(r.area_sources, r.name, idx, std::nullopt);
        for (const ExceptionInfo& ex : r.exceptions) {
            add(ex.sources, r.name + ", uitzondering " + ex.name, idx, std::nullopt);
        }
    }
    for (std::size_t i = 0; i < program.parameters.size(); ++i) {
        const ParameterInfo& p = program.parameters[i];
        auto idx = static_cast<std::uint32_t>(i);
        add(p.sources, p.name, std::nullopt, idx);
        add(p.area_sources, p.name, std::nullopt, idx);
        for (const VersionInfo& v : p.versions) {
            add(v.sources, p.name + " vanaf " + format_date(v.from), std::nullopt, idx);
        }
    }
    for (const TableRowInfo& row : program.table_rows) {
        add(row.sources, "tabel " + program.records[row.record].short_name, std::nullopt,
            std::nullopt);
    }
    return out;
}

bool cites_document(const Program& program, const CitationInfo& c, std::uint32_t doc) {
    if (c.kind != CitationKind::source) {
        return false;
    }
    if (c.document == doc) {
        return true;
    }
    const DocumentInfo& d = program.documents[doc];
    return d.instance_of && *d.instance_of == c.document &&
           (c.area_doc == no_index || c.area_doc == doc);
}

// ---- the check -----------------------------------------------------------------------------

namespace {

// A quote has to be long enough to be found in one place only and to carry meaning: four
// words, or three when one of them is a figure (a table row: "Opslag ORV €7.323.111").
constexpr std::size_t min_quote_words = 4;

bool long_enough(const std::string& quote) {
    std::size_t n = word_count(quote);
    bool figure =
        std::any_of(quote.begin(), quote.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    return n >= min_quote_words || (figure && n + 1 >= min_quote_words);
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& t : items) {
        out += (out.empty() ? "" : ", ") + t;
    }
    return out;
}

class SourceChecker {
public:
    SourceChecker(Program& p, DiagnosticBag& bag, const std::vector<std::string>& dirs,
                  SourceCheck mode)
        : p_(p), bag_(bag), dirs_(dirs), mode_(mode), uses_(all_citations(p)) {
        by_doc_.resize(p.documents.size());
        p_.document_texts.assign(p.documents.size(), DocumentTextCheck{});
        for (std::size_t u = 0; u < uses_.size(); ++u) {
            for (std::uint32_t d = 0; d < p.documents.size(); ++d) {
                if (cites_document(p, *uses_[u].citation, d)) {
                    by_doc_[d].push_back(u);
                    p_.document_texts[d].quotes += uses_[u].citation->quote.empty() ? 0U : 1U;
                }
            }
        }
    }

    void run() {
        if (mode_ == SourceCheck::full) {
            check_quote_lengths();
        }
        for (std::uint32_t d = 0; d < p_.documents.size(); ++d) {
            if (mode_ == SourceCheck::full) {
                check_outline(d);
            }
            const DocumentInfo& doc = p_.documents[d];
            std::vector<std::string> tried;
            std::optional<DocumentText> text =
                doc.text ? load_document_text(doc, dirs_, tried) : std::nullopt;
            if (!text) {
                if (mode_ == SourceCheck::full) {
                    report_missing_text(d, tried);
                }
                continue;
            }
            ++p_.texts_read;
            if (mode_ == SourceCheck::full) {
                check_outline_against_text(d, *text);
            }
            check_quotes(d, *text);
            DocumentTextCheck& found = p_.document_texts[d];
            found.text_found = true;
            found.text_path = text->path;
            found.text_content = std::move(text->content);
        }
    }

private:
    void check_quote_lengths() {
        for (const CitationUse& u : uses_) {
            const CitationInfo& c = *u.citation;
            if (!c.quote.empty() && !long_enough(c.quote)) {
                bag_.report(Code::W2103, c.where,
                            fmt::format("the quote \"{}\" is too short to check: {} word(s)",
                                        c.quote, word_count(c.quote)))
                    .hint(fmt::format("quote at least {} words of the passage (3 with a figure), "
                                      "verbatim",
                                      min_quote_words));
            }
        }
    }

    // Citations against the outline, and sections that nothing cites must say why.
    void check_outline(std::uint32_t d) {
        const DocumentInfo& doc = p_.documents[d];
        std::vector<std::string> outline;
        std::vector<std::string> keys;
        for (const SectionInfo& s : doc.sections) {
            outline.push_back(s.title);
            keys.push_back(section_key(s.title));
        }
        if (!outline.empty()) {
            for (std::size_t u : by_doc_[d]) {
                const CitationUse& use = uses_[u];
                if (use.citation->section.empty() ||
                    std::find(keys.begin(), keys.end(), use.section_key) != keys.end()) {
                    continue;
                }
                auto b =
                    bag_.report(Code::E2032, use.citation->where,
                                fmt::format("`{}` ({}) has no section \"{}\"", short_name(doc.name),
                                            doc.title, use.citation->section));
                if (auto best = closest_title(use.citation->section, outline)) {
                    b.hint(fmt::format("did you mean \"{}\"?", *best));
                } else {
                    b.hint("cite a section the document's outline lists");
                }
            }
        }
        for (std::size_t k = 0; k < doc.sections.size(); ++k) {
            const SectionInfo& s = doc.sections[k];
            bool cited = std::any_of(by_doc_[d].begin(), by_doc_[d].end(), [&](std::size_t u) {
                return uses_[u].section_key == keys[k];
            });
            if (!cited && !s.not_encoded) {
                bag_.report(Code::W2106, s.where,
                            fmt::format("no rule cites section \"{}\" of `{}`", s.title,
                                        short_name(doc.name)))
                    .hint(
                        "cite it from the rule that rests on it, or mark it "
                        "`not encoded \"<reason>\"`");
            }
        }
    }

    // W2105 for a text declared but not found; W2110 for quotes that no text verifies. A
    // national (`per`) document is verified through its areas' instances.
    void report_missing_text(std::uint32_t d, const std::vector<std::string>& tried) {
        const DocumentInfo& doc = p_.documents[d];
        if (doc.text) {
            bag_.report(Code::W2105, doc.where,
                        fmt::format("the text of `{}` (\"{}\") is not found; its quotes are not "
                                    "checked (looked for {})",
                                    short_name(doc.name), *doc.text, joined(tried)))
                .hint("put the text beside the rule file, or name its folder with --texts DIR");
        }
        std::size_t quotes = p_.document_texts[d].quotes;
        bool through_areas =
            doc.per_field &&
            std::any_of(p_.documents.begin(), p_.documents.end(), [&](const DocumentInfo& x) {
                return x.instance_of && *x.instance_of == d;
            });
        if (quotes == 0 || through_areas) {
            return;
        }
        auto b =
            bag_.report(Code::W2110, doc.where,
                        fmt::format("{} quote{} of `{}` (\"{}\") cannot be verified: {}", quotes,
                                    quotes == 1 ? "" : "s", short_name(doc.name), doc.title,
                                    doc.text ? "its text is not found" : "it names no text"));
        b.hint(doc.text ? "put the text beside the rule file, or name its folder with --texts DIR"
                        : "add `text \"<file>.md\"` to the document, with the file beside the "
                          "rule file or in a --texts folder");
    }

    // The outline against the text, both ways.
    void check_outline_against_text(std::uint32_t d, const DocumentText& text) {
        const DocumentInfo& doc = p_.documents[d];
        std::vector<std::string> titles = text_titles(text);
        std::vector<std::string> outline_keys;
        for (const SectionInfo& s : doc.sections) {
            outline_keys.push_back(section_key(s.title));
            if (text.find_key(outline_keys.back()) != nullptr) {
                continue;
            }
            auto b = bag_.report(Code::E2032, s.where,
                                 fmt::format("the text of `{}` has no section \"{}\"",
                                             short_name(doc.name), s.title));
            if (auto best = closest_title(s.title, titles)) {
                b.hint(fmt::format("did you mean \"{}\"?", *best));
            }
        }
        if (doc.sections.empty()) {
            return;
        }
        for (const TextSection& t : text.sections) {
            if (t.title.empty() ||
                std::find(outline_keys.begin(), outline_keys.end(), t.key) != outline_keys.end()) {
                continue;
            }
            bag_.report(Code::W2106, doc.where,
                        fmt::format("the text of `{}` has a section \"{}\" that its outline "
                                    "does not list",
                                    short_name(doc.name), t.title))
                .hint(fmt::format("add `section \"{}\"` (with `not encoded \"<reason>\"` "
                                  "if no rule rests on it)",
                                  t.title));
        }
    }

    static std::vector<std::string> text_titles(const DocumentText& text) {
        std::vector<std::string> titles;
        for (const TextSection& s : text.sections) {
            if (!s.title.empty()) {
                titles.push_back(s.title);
            }
        }
        return titles;
    }

    // Every quote against its section of the text.
    void check_quotes(std::uint32_t d, const DocumentText& text) {
        const DocumentInfo& doc = p_.documents[d];
        for (std::size_t u : by_doc_[d]) {
            const CitationUse& use = uses_[u];
            const CitationInfo& c = *use.citation;
            const TextSection* sec = c.section.empty() ? nullptr : text.find_key(use.section_key);
            if (sec == nullptr) {
                // With an outline, reported against the outline (full check only).
                if (doc.sections.empty() || mode_ == SourceCheck::quotes_only) {
                    auto b = bag_.report(Code::E2032, c.where,
                                         fmt::format("the text of `{}` has no section \"{}\"",
                                                     short_name(doc.name), c.section));
                    if (auto best = closest_title(c.section, text_titles(text))) {
                        b.hint(fmt::format("did you mean \"{}\"?", *best));
                    }
                }
                continue;
            }
            if (c.quote.empty()) {
                if (mode_ == SourceCheck::full) {
                    bag_.report(Code::W2104, c.where,
                                fmt::format("{} cites \"{}\" of `{}` without a quote", use.carrier,
                                            c.section, short_name(doc.name)))
                        .hint(
                            "add the words the rule rests on: `source doc, \"section\": "
                            "\"quote\"`");
                }
                continue;
            }
            std::string q = normalise_text(c.quote);
            ++p_.quotes_checked;
            if (sec->text.find(q) != std::string::npos) {
                ++p_.document_texts[d].quotes_found;
                continue;
            }
            std::string near = closest_passage(sec->text, q);
            auto b = bag_.report(Code::E2033, c.where,
                                 fmt::format("the quote is not in section \"{}\" of `{}` ({})",
                                             sec->title, short_name(doc.name), doc.title));
            if (!near.empty()) {
                b.hint(fmt::format("the closest passage there reads: \"{}\"", near));
            }
        }
    }

    Program& p_;
    DiagnosticBag& bag_;
    const std::vector<std::string>& dirs_;
    SourceCheck mode_;
    std::vector<CitationUse> uses_;
    std::vector<std::vector<std::size_t>> by_doc_;  // per document: the uses checked against it
};

}  // namespace

void check_sources(Program& program, DiagnosticBag& bag, const std::vector<std::string>& text_dirs,
                   SourceCheck mode) {
    SourceChecker(program, bag, text_dirs, mode).run();
}

}  // namespace regels::dsl
