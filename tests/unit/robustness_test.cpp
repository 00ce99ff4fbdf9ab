// Robustness of parse + check against broken input, derived from the real rule files.
//
// Rule files are edited by hand, saved half-way, pasted from PDFs and spreadsheets. For every
// *.rules file under rules/ this test feeds the checker (in process, no subprocess per case):
//   (a) truncations at 200 evenly spaced offsets, plus 0, 1 and size-1;
//   (b) 300 single-byte corruptions at deterministic offsets, each byte replaced by one of
//       the characters that most often derail a parser: brackets, a quote, `#`, the first
//       byte of `€` (which leaves broken UTF-8), NUL, 0xFF, a space or a letter.
// Each variant must not crash, and when the text changed and errors are reported, every
// error must point into the file: a valid file id, a span that starts inside the text (or
// right at its end), and a line >= 1, so that the renderer can show a line. The rendered
// text is produced too, since it reads those spans.
//
// Files are spread over a few threads to keep the Debug run short; Catch2 assertions are not
// thread-safe, so workers only collect problems and the main thread asserts.
#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/source.hpp"
#include "stdlib/stdlib.hpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using regels::dsl::Diagnostic;
using regels::dsl::DiagnosticBag;
using regels::dsl::FileId;
using regels::dsl::Severity;
using regels::dsl::SourceSet;

constexpr std::size_t truncation_count = 200;
constexpr std::size_t corruption_count = 300;

// 0xE2 is the first byte of `€`: on its own it is broken UTF-8, and next to other bytes it
// can start a different code point.
constexpr unsigned char replacement_bytes[] = {'(', ')', '"', '{', '#', 0xE2, 0x00, 0xFF, ' ', 'x'};

// A fixed-formula generator, so the corruptions are the same on every platform and run
// (std::uniform_int_distribution is allowed to differ between standard libraries).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    std::size_t below(std::size_t bound) {
        return static_cast<std::size_t>(next() % bound);
    }

private:
    std::uint64_t state_;
};

std::uint64_t seed_for(const std::string& path) {
    // FNV-1a of the path: each file gets its own, stable sequence of corruptions.
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (char c : path) {
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    }
    return h;
}

std::vector<std::string> rule_files() {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator("rules", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".rules") {
            out.push_back(it->path().generic_string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct Variant {
    std::string label;  // how the text was derived, for the failure message
    std::string text;
};

std::vector<Variant> variants_of(const std::string& path, const std::string& original) {
    std::vector<Variant> out;
    const std::size_t size = original.size();
    std::vector<std::size_t> cuts = {0, 1, size > 0 ? size - 1 : 0};
    for (std::size_t k = 0; k < truncation_count; ++k) {
        cuts.push_back(size * k / truncation_count);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (std::size_t cut : cuts) {
        if (cut <= size) {
            out.push_back(
                Variant{"truncated to " + std::to_string(cut) + " bytes", original.substr(0, cut)});
        }
    }
    if (size == 0) {
        return out;
    }
    SplitMix64 rng(seed_for(path));
    for (std::size_t k = 0; k < corruption_count; ++k) {
        std::size_t at = rng.below(size);
        unsigned char byte = replacement_bytes[rng.below(std::size(replacement_bytes))];
        std::string text = original;
        text[at] = static_cast<char>(byte);
        out.push_back(Variant{
            "byte " + std::to_string(at) + " set to " + std::to_string(static_cast<unsigned>(byte)),
            std::move(text)});
    }
    return out;
}

// Parses and checks one variant; returns what is wrong with its diagnostics (empty: fine).
std::vector<std::string> check_variant(const std::string& path, const std::string& original,
                                       const Variant& v) {
    SourceSet sources;
    FileId id = sources.add(path, v.text);
    DiagnosticBag bag;
    regels::dsl::Program program =
        regels::dsl::check(sources, {id}, regels::stdlib::standard_library().signatures, bag);
    std::vector<Diagnostic> sorted = bag.sorted();
    // Rendering reads every span (line, column, snippet); a bad one shows up as a crash here.
    std::string rendered = regels::dsl::render_text(sources, sorted);
    (void)program;
    (void)rendered;

    std::vector<std::string> problems;
    if (v.text == original || !bag.has_errors()) {
        return problems;
    }
    const auto size = static_cast<std::uint32_t>(v.text.size());
    for (const Diagnostic& d : sorted) {
        if (d.severity != Severity::error) {
            continue;
        }
        const std::string what =
            path + " (" + v.label + "): [" + regels::dsl::info(d.code).id + "] " + d.message;
        if (d.where.file == regels::dsl::no_file || d.where.file >= sources.size()) {
            problems.push_back(what + ": no file");
            continue;
        }
        // A syntax error at the end of the file ("found end of file") has its caret just
        // past the last byte, with a one-byte span: that is a real place to point at.
        const regels::dsl::Span span = d.where.span;
        if (span.begin > size || span.end < span.begin || span.end > size + 1) {
            problems.push_back(what + ": span " + std::to_string(span.begin) + ".." +
                               std::to_string(span.end) + " outside the text of " +
                               std::to_string(size) + " bytes");
            continue;
        }
        if (sources.file(d.where.file).line_column(span.begin).line < 1) {
            problems.push_back(what + ": line 0");
        }
    }
    return problems;
}

struct FileResult {
    std::size_t variants = 0;
    std::vector<std::string> problems;
};

FileResult check_file(const std::string& path) {
    FileResult result;
    const std::string original = regels::testing::read_text(path);
    for (const Variant& v : variants_of(path, original)) {
        ++result.variants;
        for (std::string& p : check_variant(path, original, v)) {
            result.problems.push_back(std::move(p));
        }
    }
    return result;
}

}  // namespace

TEST_CASE("robustness: truncated and corrupted rule files give located errors, no crash",
          "[robust]") {
    const std::vector<std::string> files = rule_files();
    REQUIRE_FALSE(files.empty());
    // Built once up front, so worker threads only read it.
    (void)regels::stdlib::standard_library();

    std::vector<FileResult> results(files.size());
    const std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < workers; ++w) {
        threads.emplace_back([&, w] {
            for (std::size_t i = w; i < files.size(); i += workers) {
                results[i] = check_file(files[i]);
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }

    std::size_t variants = 0;
    std::vector<std::string> problems;
    for (const FileResult& r : results) {
        variants += r.variants;
        problems.insert(problems.end(), r.problems.begin(), r.problems.end());
    }
    // Every file contributes its truncations and corruptions.
    CHECK(variants >= files.size() * (truncation_count + corruption_count));

    std::string report;
    for (std::size_t k = 0; k < problems.size() && k < 20; ++k) {
        report += problems[k] + "\n";
    }
    INFO(problems.size() << " diagnostics without a real location, the first ones:\n" << report);
    CHECK(problems.empty());
}
