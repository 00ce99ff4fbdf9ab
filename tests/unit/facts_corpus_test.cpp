// The malformed-facts corpus (tests/golden/facts/bad_*): every file is evaluated against the
// real rules (rules/nplv) and must be refused with exit 2 and a message that says where the
// problem is — the file, the line and the JSON path (/Registratie/3/jaar) — and never crash,
// hang, write a partial output file or decide anything with a silently defaulted value.
//
// Each bad_<name>.json (a JSON document), bad_<name>.jsonl (JSON Lines, one Registratie per
// line) or bad_<name>.csv (CSV, Registratie records) has beside it:
//   bad_<name>.err    the expected standard error (a golden file; REGELS_UPDATE_GOLDEN=1
//                     rewrites it, but never from a run that crashed or timed out)
//   bad_<name>.args   optional extra arguments for `regels eval` (--keep-going, limits)
//   bad_<name>.out    JSON Lines with --keep-going only: the decisions of the good records
// The table below says, for every file, which JSON path (or line) its message must name.
// Files whose message lacks the path today are marked; everything else about them is checked
// strictly, and the path in a separate test case tagged [!mayfail], so the suite reports the
// gap without failing, until it is closed.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <poll.h>
#include <set>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using regels::testing::compare_golden;
using regels::testing::read_text;

const std::string corpus_dir = "tests/golden/facts";

// ---- running regels with a time limit ------------------------------------------------------

struct Run {
    int exit_code = -1;
    bool timed_out = false;
    std::string out;
    std::string err;
};

// Like regels::testing::run_regels, but the child is killed after `seconds` (a hang is a
// test failure, not a stuck suite), its address space is capped outside sanitizer builds (a
// runaway loop that allocates fails fast instead of swapping), and at most `max_capture`
// bytes of each stream are kept.
Run run_limited(const std::vector<std::string>& args, int seconds) {
    constexpr std::size_t max_capture = 16U << 20U;
    const char* bin = std::getenv("REGELS_BINARY");
    std::string binary = bin != nullptr ? bin : REGELS_BINARY;
    std::vector<std::string> argv_s = {binary};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_s) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);

    Run r;
    int out_pipe[2];
    int err_pipe[2];
    if (pipe(out_pipe) != 0) {
        return r;
    }
    if (pipe(err_pipe) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        return r;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {out_pipe[0], err_pipe[0], out_pipe[1], err_pipe[1]}) {
        posix_spawn_file_actions_addclose(&actions, fd);
    }
    pid_t pid = 0;
    int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        return r;
    }
#if !defined(__SANITIZE_ADDRESS__)
    struct rlimit cap {};
    cap.rlim_cur = cap.rlim_max = rlim_t{1} << 30U;
    prlimit(pid, RLIMIT_AS, &cap, nullptr);
#endif
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&r.out, &r.err};
    int open_streams = 2;
    bool killed = false;
    while (open_streams > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0 && !killed) {
            kill(pid, SIGKILL);
            killed = true;
            r.timed_out = true;
        }
        int ready = poll(fds, 2, killed ? 1000 : static_cast<int>(std::min<long long>(left, 200)));
        if (ready < 0) {
            break;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            char buf[65536];
            ssize_t n = read(fds[k].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[k].fd);
                fds[k].fd = -1;
                --open_streams;
            } else if (sinks[k]->size() < max_capture) {
                sinks[k]->append(buf, static_cast<std::size_t>(n));
            }
        }
        if (killed && ready == 0) {
            break;  // the streams did not close after the kill; give up on them
        }
    }
    for (const pollfd& p : fds) {
        if (p.fd >= 0) {
            close(p.fd);
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// ---- the corpus -----------------------------------------------------------------------------

enum class Known {
    none,
    // The message is right but does not name the JSON path: JSON syntax errors (the reader's
    // JsonError is caught outside the record loop in FactsDecoder::load_document, where the
    // path is no longer known) and E4012 (too many records).
    no_path,
};

struct Case {
    std::string file;
    // Text the message must contain: the JSON path followed by ':' (/Registratie/0/jaar:), or
    // for JSON Lines the line and column (":3:12: error[") and the path within the record. Empty
    // for problems with the document as a whole (empty file, a top-level array): those are located
    // by line and column only.
    std::vector<std::string> must_contain;
    Known known = Known::none;
};

const std::vector<Case>& corpus() {
    static const std::vector<Case> cases = {
        {"bad_boolean_as_text.json", {"/Plan/0/in_nplv_gebied:"}, Known::none},
        {"bad_date_feb_30.json", {"/Aanvraag/0/ingediend_op:", "\"2025-02-30\""}, Known::none},
        {"bad_duplicate_field.json",
         {"/Registratie/0/woningen:", "staat er twee keer"},
         Known::none},
        {"bad_duplicate_key.json", {"/Registratie/2:", "\"R1\" staat er twee keer"}, Known::none},
        {"bad_empty.json", {}, Known::none},
        {"bad_enum_in_set_wrong_case.json", {"/Registratie/0/eerdere_subsidies/0:"}, Known::none},
        {"bad_enum_unknown_case.json", {"/Registratie/0/segment:", "\"luxe\""}, Known::none},
        {"bad_integer_21_digits.json",
         {"/Registratie/0/woningen:", "valt buiten het bereik"},
         Known::none},
        {"bad_integer_with_fraction.json", {"/Registratie/0/woningen:"}, Known::none},
        {"bad_lone_surrogate.json", {"/Registratie/0/gebied:"}, Known::no_path},
        {"bad_missing_field.json", {"/Registratie/1:", "`jaar`"}, Known::none},
        {"bad_money_1e400.json", {"/Registratie/0/huurprijs:", "1e400"}, Known::none},
        {"bad_money_as_text.json", {"/Registratie/0/huurprijs:"}, Known::none},
        {"bad_money_not_whole_cents.json", {"/Registratie/0/huurprijs:", "1.005"}, Known::none},
        {"bad_nan.json", {"/Registratie/0/huurprijs:"}, Known::no_path},
        {"bad_nesting_10000_deep.json",
         {"/Registratie/0/eerdere_subsidies/0:", "nesting"},
         Known::none},
        {"bad_not_utf8.json", {"/Registratie/0/gebied:"}, Known::no_path},
        {"bad_null_for_required.json", {"/Registratie/0/jaar:", "er staat null"}, Known::none},
        {"bad_number_for_date.json", {"/Aanvraag/0/ingediend_op:"}, Known::none},
        {"bad_record_is_array.json", {"/Registratie/0:"}, Known::none},
        {"bad_record_type_twice.json", {"/Registratie:"}, Known::none},
        {"bad_records_not_an_array.json", {"/Registratie:"}, Known::none},
        {"bad_string_for_integer.json", {"/Registratie/0/woningen:"}, Known::none},
        {"bad_text_after_document.json", {}, Known::none},
        {"bad_too_many_records.json", {"/Registratie/1:"}, Known::no_path},
        {"bad_top_level_array.json", {}, Known::none},
        {"bad_trailing_comma.json", {"/Registratie:"}, Known::no_path},
        {"bad_truncated.json", {"/Registratie/1:"}, Known::no_path},
        {"bad_unknown_field.json",
         {"/Registratie/0/kleur:",
          "(velden: id, gebied, project, jaar, segment, huurprijs, "
          "koopprijs, woningen, eerdere_subsidies)"},
         Known::none},
        {"bad_unknown_record_type.json", {"/Woning:", "recordtypes: "}, Known::none},
        {"bad_utf16.json", {}, Known::none},
        {"bad_whitespace_only.json", {}, Known::none},
        {"bad_year_out_of_range.json", {"/Registratie/0/jaar:"}, Known::none},
        {"bad_csv_cell_count.csv",
         {":3:64: error[E4001]: /Registratie/1:", "10 cellen"},
         Known::none},
        {"bad_csv_decimal_comma_in_comma_file.csv",
         {":2:47: error[E4004]: /Registratie/0/huurprijs:", "decimale punt"},
         Known::none},
        {"bad_csv_duplicate_key.csv", {":4:1: error[E4006]: /Registratie/1:"}, Known::none},
        {"bad_csv_empty_required.csv", {":2:28: error[E4002]: /Registratie/0/jaar:"}, Known::none},
        {"bad_csv_enum_in_set.csv",
         {":2:61: error[E4010]: /Registratie/0/eerdere_subsidies/1:"},
         Known::none},
        {"bad_csv_missing_column.csv", {":1:1: error[E4002]: ", "`jaar`"}, Known::none},
        {"bad_csv_mixed_delimiters.csv", {":1:1: error[E4001]: "}, Known::none},
        {"bad_csv_thousands_separator.csv",
         {":3:44: error[E4004]: /Registratie/1/huurprijs:", "\"1.184,82\""},
         Known::none},
        {"bad_csv_constraint.csv",
         {":3:53: error[E4020]: /Registratie/1/woningen:", "-3", ">= 1"},
         Known::none},
        {"bad_csv_unclosed_quote.csv", {":2:25: error[E4001]: /Registratie/0:"}, Known::none},
        {"bad_csv_unknown_column.csv",
         {":1:32: error[E4003]: ", "`huurprjs`", "`huurprijs`"},
         Known::none},
        {"bad_csv_utf16.csv", {":1:1: error[E4001]: ", "UTF-16"}, Known::none},
        // Field constraints (rules/nplv/nplv.rules): the path, the value and the bound.
        {"bad_woningen_negative.json",
         {"error[E4020]: /Registratie/0/woningen:", "-3", ">= 1"},
         Known::none},
        {"bad_huurprijs_negative.json",
         {"error[E4020]: /Registratie/0/huurprijs:", "-850.00", ">= € 0,00"},
         Known::none},
        {"bad_id_empty.json", {"error[E4020]: /Registratie/0/id:", "length >= 1"}, Known::none},
        {"bad_jsonl_keep_going.jsonl",
         {":2:139: error[E4004]: /woningen:", ":5:1: error[E4002]: ", ":7:46: error[E4001]: "},
         Known::none},
        {"bad_jsonl_record_too_large.jsonl", {":2:1: error[E4011]: "}, Known::none},
        {"bad_jsonl_stop.jsonl", {":3:73: error[E4004]: /jaar:"}, Known::none},
        {"bad_jsonl_woningen_zero.jsonl", {":3:139: error[E4020]: /woningen:"}, Known::none},
    };
    return cases;
}

std::string stem(const std::string& file) {
    return file.substr(0, file.rfind('.'));
}

std::vector<std::string> words_of(const std::string& path) {
    std::vector<std::string> out;
    if (!fs::exists(path)) {
        return out;
    }
    std::istringstream in(read_text(path));
    std::string w;
    while (in >> w) {
        out.push_back(w);
    }
    return out;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// A scratch folder for --output files, removed at the end of each test case.
struct Scratch {
    fs::path dir;
    Scratch() {
        dir = fs::temp_directory_path() /
              ("regels-facts-corpus-" + std::to_string(static_cast<long>(getpid())));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

struct Outcome {
    Run run;
    bool output_written = false;
    std::string output;
};

Outcome evaluate(const Case& c, const Scratch& scratch) {
    std::string path = corpus_dir + "/" + c.file;
    bool jsonl = c.file.ends_with(".jsonl");
    fs::path output = scratch.dir / (stem(c.file) + (jsonl ? ".jsonl" : ".txt"));
    std::vector<std::string> args = {
        "eval",    "rules/nplv", "--facts",    path,
        "--as-of", "2026-11-28", "--decision", "realisatiestimulans.uitkering"};
    if (jsonl) {
        args.insert(args.end(), {"--record", "Registratie", "--format", "jsonl"});
    }
    if (c.file.ends_with(".csv")) {
        args.insert(args.end(), {"--record", "Registratie"});
    }
    args.insert(args.end(), {"--output", output.string()});
    for (const std::string& w : words_of(corpus_dir + "/" + stem(c.file) + ".args")) {
        args.push_back(w);
    }
    Outcome o;
    o.run = run_limited(args, 10);
    o.output_written = fs::exists(output);
    if (o.output_written) {
        o.output = read_text(output.string());
    }
    // A leftover temporary file (output.tmp.<pid>) would be a partial write.
    for (const auto& entry : fs::directory_iterator(scratch.dir)) {
        if (entry.path() != output) {
            o.output_written = true;
        }
        fs::remove(entry.path());
    }
    return o;
}

// Does the message start "<file>:<line>[:<column>]: error[E4xxx]: "? (No <regex>: GCC 12
// warns inside it under the sanitizer build, where warnings are errors.)
bool located(const std::string& err, const std::string& file) {
    std::size_t at = 0;
    auto digits = [&] {
        std::size_t start = at;
        while (at < err.size() && std::isdigit(static_cast<unsigned char>(err[at])) != 0) {
            ++at;
        }
        return at > start;
    };
    auto literal = [&](const std::string& s) {
        if (err.compare(at, s.size(), s) != 0) {
            return false;
        }
        at += s.size();
        return true;
    };
    if (!literal(file + ":") || !digits()) {
        return false;
    }
    if (at + 1 < err.size() && err[at] == ':' &&
        std::isdigit(static_cast<unsigned char>(err[at + 1])) != 0) {
        ++at;
        digits();  // the column
    }
    return literal(": error[E4") && digits() && literal("]: ");
}

bool keeps_going(const Case& c) {
    auto args = words_of(corpus_dir + "/" + stem(c.file) + ".args");
    return std::find(args.begin(), args.end(), "--keep-going") != args.end();
}

// Everything but the JSON-path requirement: exit 2 in time, nothing on standard output, no
// output file (or, with --keep-going, exactly the good records' decisions), the golden
// message, located by file and line.
void check_refused(const Case& c, const Outcome& o) {
    const Run& r = o.run;
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    bool sane = !r.timed_out && r.exit_code < 128;
    if (sane) {
        // Never rewrite a golden file from a run that crashed or hung.
        REGELS_CHECK_GOLDEN(corpus_dir + "/" + stem(c.file) + ".err", r.err);
    }
    CHECK(located(r.err, corpus_dir + "/" + c.file));
    if (!keeps_going(c)) {
        CHECK_FALSE(o.output_written);
        return;
    }
    // --keep-going: the good records are decided, the bad ones reported by line, and the
    // summary adds up: read = decided + rejected.
    REQUIRE(o.output_written);
    if (sane) {
        REGELS_CHECK_GOLDEN(corpus_dir + "/" + stem(c.file) + ".out", o.output);
    }
    const std::size_t counts = r.err.find(" records gelezen: ");
    REQUIRE(counts != std::string::npos);
    std::size_t summary = r.err.rfind("regels: ", counts);
    REQUIRE(summary != std::string::npos);
    long read = -1;
    long decided = -1;
    long rejected = -1;
    REQUIRE(std::sscanf(r.err.c_str() + summary,
                        "regels: %ld records gelezen: %ld beslist, %ld geweigerd", &read, &decided,
                        &rejected) == 3);
    CHECK(read == decided + rejected);
    CHECK(static_cast<std::size_t>(rejected) == count_of(r.err, corpus_dir + "/" + c.file + ":"));
    CHECK(static_cast<std::size_t>(decided) == count_of(o.output, "\"decision\":"));
    std::size_t records = 0;
    std::istringstream lines(read_text(corpus_dir + "/" + c.file));
    for (std::string line; std::getline(lines, line);) {
        records += line.find_first_not_of(" \t\r") != std::string::npos ? 1U : 0U;
    }
    CHECK(static_cast<std::size_t>(read) == records);
}

void check_names_the_place(const Case& c, const Outcome& o) {
    for (const std::string& s : c.must_contain) {
        INFO("the message must contain: " << s);
        CHECK(o.run.err.find(s) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("facts corpus: the table and the folder agree and there are enough cases",
          "[facts][corpus]") {
    std::set<std::string> listed;
    for (const Case& c : corpus()) {
        listed.insert(c.file);
    }
    std::set<std::string> on_disk;
    for (const auto& entry : fs::directory_iterator(corpus_dir)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with("bad_") &&
            (name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".csv"))) {
            on_disk.insert(name);
        }
    }
    CHECK(listed == on_disk);
    CHECK(listed.size() >= 22);
    for (const Case& c : corpus()) {
        INFO(c.file);
        CHECK(fs::exists(corpus_dir + "/" + stem(c.file) + ".err"));
        if (keeps_going(c)) {
            CHECK(fs::exists(corpus_dir + "/" + stem(c.file) + ".out"));
        }
    }
}

TEST_CASE("facts corpus: every malformed file is refused with exit 2 and a located message",
          "[facts][corpus]") {
    Scratch scratch;
    for (const Case& c : corpus()) {
        INFO("facts file: " << corpus_dir << "/" << c.file);
        Outcome o = evaluate(c, scratch);
        INFO("stderr:\n" << o.run.err.substr(0, 4000));
        check_refused(c, o);
        if (c.known == Known::none) {
            check_names_the_place(c, o);
        }
    }
}

// Known engine gaps (see Known above and the report that came with this test): these checks
// fail today. [!mayfail] keeps them visible in the output without failing the suite; when
// the gap is closed they pass, and the case's mark in the table should be removed. (A hang
// on a missing field and a spurious second error after a bad set element were here too, and
// were fixed in ca19c20; those files are now checked strictly.)
TEST_CASE("facts corpus: known engine gaps - no JSON path for syntax errors and E4012",
          "[facts][corpus][!mayfail]") {
    Scratch scratch;
    for (const Case& c : corpus()) {
        if (c.known == Known::none) {
            continue;
        }
        INFO("facts file: " << corpus_dir << "/" << c.file);
        Outcome o = evaluate(c, scratch);
        INFO("stderr:\n" << o.run.err.substr(0, 4000));
        check_names_the_place(c, o);
    }
}
