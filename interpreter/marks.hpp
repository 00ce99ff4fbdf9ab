// The assumptions and interpretation choices a value rests on, as a set of mark indices
// (dsl::Program::marks). Evaluation tracks them whether or not explanations are on, so every
// decision can list them and `--strict` can hold back one that rests on an assumption. A
// rule set has few marks: the first 64 live in one word, so tracking costs an OR per rule.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace regels::interp {

class MarkSet {
public:
    void add(std::uint32_t mark) {
        if (mark < 64) {
            low_ |= std::uint64_t{1} << mark;
            return;
        }
        std::size_t word = mark / 64 - 1;
        if (high_.size() <= word) {
            high_.resize(word + 1, 0);
        }
        high_[word] |= std::uint64_t{1} << (mark % 64);
    }
    void merge(const MarkSet& other) {
        low_ |= other.low_;
        if (other.high_.size() > high_.size()) {
            high_.resize(other.high_.size(), 0);
        }
        for (std::size_t i = 0; i < other.high_.size(); ++i) {
            high_[i] |= other.high_[i];
        }
    }
    bool empty() const {
        if (low_ != 0) {
            return false;
        }
        for (std::uint64_t w : high_) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }
    void clear() {
        low_ = 0;
        high_.clear();
    }
    // The marks in increasing order.
    std::vector<std::uint32_t> list() const {
        std::vector<std::uint32_t> out;
        // Only the set bits are visited: most values rest on no mark at all.
        for (std::uint64_t bits = low_; bits != 0; bits &= bits - 1) {
            out.push_back(static_cast<std::uint32_t>(std::countr_zero(bits)));
        }
        for (std::size_t w = 0; w < high_.size(); ++w) {
            for (std::uint64_t bits = high_[w]; bits != 0; bits &= bits - 1) {
                out.push_back(static_cast<std::uint32_t>((w + 1) * 64) +
                              static_cast<std::uint32_t>(std::countr_zero(bits)));
            }
        }
        return out;
    }

private:
    std::uint64_t low_ = 0;
    std::vector<std::uint64_t> high_;
};

}  // namespace regels::interp
