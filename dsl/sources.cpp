// Sources against outlines and texts: see sources.hpp.
#include "dsl/sources.hpp"

#include <fmt/format.h>

#include <algorithm>
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

// Section titles as same_section compares them, each worded once: checking compares every
// citation with every section, and wording a title is most of `regels check`'s time otherwise.
class SectionKeys {
public:
    const std::string& operator()(std::string_view title) {
        auto found = keys_.find(title);
        if (found != keys_.end()) {
            return found->second;
        }
        return keys_.emplace(std::string(title), lower_ascii(normalise_text(title))).first->second;
    }
    bool same(std::string_view a, std::string_view b) {
        return (*this)(a) == (*this)(b);
    }
    const TextSection* find(const DocumentText& text, std::string_view title) {
        for (const TextSection& s : text.sections) {
            if (same(s.title, title)) {
                return &s;
            }
        }
        return nullptr;
    }

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>()(s);
        }
    };
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> keys_;
};

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

bool same_section(std::string_view a, std::string_view b) {
    return lower_ascii(normalise_text(a)) == lower_ascii(normalise_text(b));
}

const TextSection* DocumentText::find(std::string_view title) const {
    for (const TextSection& s : sections) {
        if (same_section(s.title, title)) {
            return &s;
        }
    }
    return nullptr;
}

DocumentText parse_document_text(std::string_view markdown) {
    DocumentText doc;
    doc.sections.push_back(TextSection{"", ""});  // what comes before the first heading
    std::vector<std::string> raw(1);
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
            doc.sections.push_back(TextSection{normalise_text(line.substr(hashes)), ""});
            raw.emplace_back();
            current = doc.sections.size() - 1;
            continue;
        }
        if (line.substr(0, 5) == "<sup>") {
            std::size_t end = line.find("</sup>");
            if (end != std::string_view::npos) {
                std::string number(line.substr(5, end - 5));
                doc.sections.push_back(TextSection{"voetnoot " + number, ""});
                raw.emplace_back(line.substr(end + 6));
                continue;  // the footnote is its own section; the heading's text goes on
            }
        }
        raw[current] += line;
        raw[current] += '\n';
    }
    for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        doc.sections[i].text = normalise_text(raw[i]);
    }
    return doc;
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

std::vector<CitationUse> all_citations(const Program& program) {
    std::vector<CitationUse> out;
    auto add = [&](const std::vector<CitationInfo>& list, const std::string& carrier,
                   std::optional<std::uint32_t> rule) {
        for (const CitationInfo& c : list) {
            if (c.kind == CitationKind::source) {
                out.push_back(CitationUse{&c, carrier, rule});
            }
        }
    };
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        const RuleInfo& r = program.rules[i];
        auto idx = static_cast<std::uint32_t>(i);
        add(r.sources, r.name, idx);
        add(r.area_sources, r.name, idx);
        for (const ExceptionInfo& ex : r.exceptions) {
            add(ex.sources, r.name + ", uitzondering " + ex.name, idx);
        }
    }
    for (const ParameterInfo& p : program.parameters) {
        add(p.sources, p.name, std::nullopt);
        add(p.area_sources, p.name, std::nullopt);
        for (const VersionInfo& v : p.versions) {
            add(v.sources, p.name + " vanaf " + format_date(v.from), std::nullopt);
        }
    }
    for (const TableRowInfo& row : program.table_rows) {
        add(row.sources, "tabel " + program.records[row.record].short_name, std::nullopt);
    }
    return out;
}

void check_sources(Program& program, DiagnosticBag& bag,
                   const std::vector<std::string>& text_dirs) {
    std::vector<CitationUse> uses = all_citations(program);
    const auto& docs = program.documents;
    SectionKeys keys;

    // A quote has to be long enough to be found in one place only and to carry meaning: four
    // words, or three when one of them is a figure (a table row: "Opslag ORV €7.323.111").
    constexpr std::size_t min_quote_words = 4;
    auto long_enough = [&](const std::string& quote) {
        std::size_t n = word_count(quote);
        bool figure =
            std::any_of(quote.begin(), quote.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
        return n >= min_quote_words || (figure && n + 1 >= min_quote_words);
    };
    for (const CitationUse& u : uses) {
        const CitationInfo& c = *u.citation;
        if (!c.quote.empty() && !long_enough(c.quote)) {
            bag.report(Code::W2103, c.where,
                       fmt::format("the quote \"{}\" is too short to check: {} word(s)", c.quote,
                                   word_count(c.quote)))
                .hint(fmt::format("quote at least {} words of the passage (3 with a figure), "
                                  "verbatim",
                                  min_quote_words));
        }
    }

    // Which documents a citation is checked against: the one it names, or for a national
    // (`per`) document every area's instance, except citations an area added for itself.
    auto checked_against = [&](const CitationInfo& c, std::uint32_t doc) {
        if (c.document == doc) {
            return true;
        }
        return docs[doc].instance_of && *docs[doc].instance_of == c.document &&
               (c.area_doc == no_index || c.area_doc == doc);
    };

    std::vector<bool> section_cited;
    for (std::size_t d = 0; d < docs.size(); ++d) {
        const DocumentInfo& doc = docs[d];
        auto di = static_cast<std::uint32_t>(d);
        std::vector<std::string> outline;
        for (const SectionInfo& s : doc.sections) {
            outline.push_back(s.title);
        }
        // Citations against the outline.
        if (!outline.empty()) {
            for (const CitationUse& u : uses) {
                const CitationInfo& c = *u.citation;
                if (!checked_against(c, di) || c.section.empty()) {
                    continue;
                }
                bool found = std::any_of(outline.begin(), outline.end(),
                                         [&](const auto& t) { return keys.same(t, c.section); });
                if (!found) {
                    auto b = bag.report(Code::E2032, c.where,
                                        fmt::format("`{}` ({}) has no section \"{}\"",
                                                    short_name(doc.name), doc.title, c.section));
                    if (auto best = closest_title(c.section, outline)) {
                        b.hint(fmt::format("did you mean \"{}\"?", *best));
                    } else {
                        b.hint("cite a section the document's outline lists");
                    }
                }
            }
        }
        // Sections that nothing cites must say why.
        for (const SectionInfo& s : doc.sections) {
            bool cited = std::any_of(uses.begin(), uses.end(), [&](const CitationUse& u) {
                return checked_against(*u.citation, di) && keys.same(u.citation->section, s.title);
            });
            if (!cited && !s.not_encoded) {
                bag.report(Code::W2106, s.where,
                           fmt::format("no rule cites section \"{}\" of `{}`", s.title,
                                       short_name(doc.name)))
                    .hint(
                        "cite it from the rule that rests on it, or mark it "
                        "`not encoded \"<reason>\"`");
            }
        }
        if (!doc.text) {
            continue;
        }
        std::vector<std::string> tried;
        std::optional<DocumentText> text = load_document_text(doc, text_dirs, tried);
        if (!text) {
            std::string where;
            for (const std::string& t : tried) {
                where += (where.empty() ? "" : ", ") + t;
            }
            bag.report(Code::W2105, doc.where,
                       fmt::format("the text of `{}` (\"{}\") is not found; its quotes are not "
                                   "checked (looked for {})",
                                   short_name(doc.name), *doc.text, where))
                .hint("put the text beside the rule file, or name its folder with --texts DIR");
            continue;
        }
        ++program.texts_read;
        std::vector<std::string> titles;
        for (const TextSection& s : text->sections) {
            if (!s.title.empty()) {
                titles.push_back(s.title);
            }
        }
        // The outline against the text, both ways.
        for (const SectionInfo& s : doc.sections) {
            if (keys.find(*text, s.title) == nullptr) {
                auto b = bag.report(Code::E2032, s.where,
                                    fmt::format("the text of `{}` has no section \"{}\"",
                                                short_name(doc.name), s.title));
                if (auto best = closest_title(s.title, titles)) {
                    b.hint(fmt::format("did you mean \"{}\"?", *best));
                }
            }
        }
        if (!doc.sections.empty()) {
            for (const std::string& t : titles) {
                bool listed =
                    std::any_of(doc.sections.begin(), doc.sections.end(),
                                [&](const SectionInfo& s) { return keys.same(s.title, t); });
                if (!listed) {
                    bag.report(Code::W2106, doc.where,
                               fmt::format("the text of `{}` has a section \"{}\" that its outline "
                                           "does not list",
                                           short_name(doc.name), t))
                        .hint(fmt::format("add `section \"{}\"` (with `not encoded \"<reason>\"` "
                                          "if no rule rests on it)",
                                          t));
                }
            }
        }
        // Every quote against its section of the text.
        for (const CitationUse& u : uses) {
            const CitationInfo& c = *u.citation;
            if (!checked_against(c, di)) {
                continue;
            }
            const TextSection* sec = c.section.empty() ? nullptr : keys.find(*text, c.section);
            if (c.section.empty() || sec == nullptr) {
                if (doc.sections.empty()) {  // with an outline, reported above
                    auto b = bag.report(Code::E2032, c.where,
                                        fmt::format("the text of `{}` has no section \"{}\"",
                                                    short_name(doc.name), c.section));
                    if (auto best = closest_title(c.section, titles)) {
                        b.hint(fmt::format("did you mean \"{}\"?", *best));
                    }
                }
                continue;
            }
            if (c.quote.empty()) {
                bag.report(Code::W2104, c.where,
                           fmt::format("{} cites \"{}\" of `{}` without a quote", u.carrier,
                                       c.section, short_name(doc.name)))
                    .hint("add the words the rule rests on: `source doc, \"section\": \"quote\"`");
                continue;
            }
            std::string q = normalise_text(c.quote);
            ++program.quotes_checked;
            if (sec->text.find(q) == std::string::npos) {
                std::string near = closest_passage(sec->text, q);
                auto b = bag.report(Code::E2033, c.where,
                                    fmt::format("the quote is not in section \"{}\" of `{}` ({})",
                                                sec->title, short_name(doc.name), doc.title));
                if (!near.empty()) {
                    b.hint(fmt::format("the closest passage there reads: \"{}\"", near));
                }
            }
        }
    }
}

}  // namespace regels::dsl
