#include "dsl/suggest.hpp"

#include <algorithm>

namespace regels::dsl {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::vector<std::string> suggestions(std::string_view word,
                                     const std::vector<std::string>& candidates,
                                     std::size_t limit) {
    const std::size_t allowed = std::max<std::size_t>(2, word.size() / 3);
    std::vector<std::pair<std::size_t, std::size_t>> close;  // (distance, index)
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const std::string& c = candidates[i];
        if (c == word) {
            continue;
        }
        std::size_t d = edit_distance(word, c);
        // `totaal` for `totaal_laag`: a word that is the start of a longer one is close,
        // however much is missing.
        bool prefix = word.size() >= 3 && c.starts_with(word);
        if (d <= allowed || prefix) {
            close.emplace_back(prefix ? std::min(d, allowed) : d, i);
        }
    }
    std::stable_sort(close.begin(), close.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (const auto& [d, i] : close) {
        // `defintion` is one letter from `definition` and three from `decision`: only the
        // candidates about as close as the closest are worth reading.
        if (out.size() == limit || d > close.front().first + 1) {
            break;
        }
        if (std::find(out.begin(), out.end(), candidates[i]) == out.end()) {
            out.push_back(candidates[i]);
        }
    }
    return out;
}

std::string did_you_mean(const std::vector<std::string>& s) {
    if (s.empty()) {
        return {};
    }
    std::string out = "did you mean ";
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0) {
            out += i + 1 == s.size() ? " or " : ", ";
        }
        out += "`" + s[i] + "`";
    }
    return out + "?";
}

}  // namespace regels::dsl
