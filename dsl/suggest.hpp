// "Did you mean": the closest few of a list of known words to a word that is not in it.
//
// One helper for every place that suggests a fix for a misspelling — command-line options and
// commands, decision names, keywords — so the notion of "close" (edit distance, at most a
// third of the word's length and at least 2) is the same everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace regels::dsl {

// Insertions, deletions and substitutions that turn `a` into `b` (Levenshtein).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `limit` of `candidates` close to `word`, closest first (ties keep the candidates'
// order, duplicates once), and none more than one edit further than the closest. A candidate
// that `word` is the start of counts as close too.
std::vector<std::string> suggestions(std::string_view word,
                                     const std::vector<std::string>& candidates,
                                     std::size_t limit = 3);

// "did you mean `a`?", "did you mean `a` or `b`?", "did you mean `a`, `b` or `c`?"; empty
// for no suggestions.
std::string did_you_mean(const std::vector<std::string>& suggestions);

}  // namespace regels::dsl
