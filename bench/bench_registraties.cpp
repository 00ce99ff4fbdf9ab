// bench_registraties: times the Regels engine against the hand-written C++ baseline on benchmark
// workload v1 ("registraties", bench/workload/README.md) and checks that they agree.
//
// For each size N it generates the input with gen.py (once; the file is reused), then runs, for
// --runs rounds, (a) the baseline loop in a forked child, (b) `regels eval` and (c) `regels eval
// --explain` as subprocesses, each timed by wall clock with its peak RSS taken from wait4().
// The engine's output is reduced to the workload checksum (grand total + count per reason) and
// compared with the baseline's; a Markdown table goes to stdout, progress to stderr.
// Exit status: 0 when every checksum that could be computed matches (rows of an engine that is
// missing or fails are reported as failed, not as errors), 1 on a mismatch, 2 on bad usage.
#include "bench/baseline.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, for posix_spawn

namespace {

namespace fs = std::filesystem;
using regels::bench::Checksum;
using json = nlohmann::json;

constexpr std::string_view usage_text =
    "usage: bench_registraties --regels PATH_TO_REGELS_BINARY --rules RULES_FILE\n"
    "           [--sizes 100000,1000000] [--workdir DIR] [--seed 42] [--runs 3]\n"
    "           [--gen PATH/gen.py] [--reference PATH/reference.py] [--verify-reference]\n"
    "           [--no-baseline-output] [--keep-outputs] [--limit-dir DIR | --no-limit]\n"
    "           [--bedrag-decision registraties.bedrag] [--reden-decision registraties.reden]\n";

struct Options {
    std::string regels;
    std::string rules;
    std::vector<std::int64_t> sizes{100000, 1000000};
    std::string workdir;
    std::uint64_t seed = 42;
    int runs = 3;
    std::string gen;
    std::string reference;
    bool verify_reference = false;
    bool baseline_output = true;
    bool keep_outputs = false;
    std::string bedrag_decision = "registraties.bedrag";
    std::string reden_decision = "registraties.reden";
    std::string limit_dir;  // the hand-written limit programs' sources (a Makefile)
    bool limit = true;
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------
// Command line

std::optional<std::int64_t> parse_positive(std::string_view text) {
    if (text.empty() || text.size() > 18 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const std::int64_t value = std::stoll(std::string(text));
    return value > 0 ? std::optional<std::int64_t>(value) : std::nullopt;
}

std::string default_workdir() {
    const char* tmp = std::getenv("TMPDIR");
    const std::string base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    return base + "/regels_bench";
}

// The shared benchmark folder, ../shared/bench beside the repository: found from the current
// directory (the repository root) first, else from the source tree this program was built
// from (REGELS_SOURCE_DIR, set by CMake; the repository itself names no machine paths).
std::string shared_bench(const std::string& name) {
    const std::string relative = "../shared/bench/" + name;
    std::error_code ec;
    if (fs::exists(relative, ec)) {
        return relative;
    }
#ifdef REGELS_SOURCE_DIR
    const fs::path from_source =
        fs::path(REGELS_SOURCE_DIR).parent_path() / "shared" / "bench" / name;
    if (fs::exists(from_source, ec)) {
        return from_source.string();
    }
#endif
    return relative;
}

std::string default_gen() {
    return "bench/workload/gen.py";  // run from the repository root
}

Options parse_options(int argc, char** argv) {
    Options options;
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); name.starts_with("--") && eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        const auto value = [&]() -> std::string {
            if (inline_value) {
                return *inline_value;
            }
            if (i + 1 >= args.size()) {
                throw UsageError(name + " needs a value");
            }
            return args[++i];
        };
        const auto flag = [&] {
            if (inline_value) {
                throw UsageError(name + " takes no value");
            }
            return true;
        };
        if (name == "--regels") {
            options.regels = value();
        } else if (name == "--rules") {
            options.rules = value();
        } else if (name == "--sizes") {
            options.sizes.clear();
            const std::string list = value();
            std::string_view rest = list;
            while (true) {
                const auto comma = rest.find(',');
                const auto size = parse_positive(rest.substr(0, comma));
                if (!size) {
                    throw UsageError("--sizes wants positive integers separated by commas");
                }
                options.sizes.push_back(*size);
                if (comma == std::string_view::npos) {
                    break;
                }
                rest.remove_prefix(comma + 1);
            }
        } else if (name == "--workdir") {
            options.workdir = value();
        } else if (name == "--seed") {
            const std::string text = value();
            const auto seed = parse_positive(text);
            if (!seed && text != "0") {
                throw UsageError("--seed wants a non-negative integer");
            }
            options.seed = seed ? static_cast<std::uint64_t>(*seed) : 0;
        } else if (name == "--runs") {
            const auto runs = parse_positive(value());
            if (!runs || *runs > 1000) {
                throw UsageError("--runs wants an integer from 1 to 1000");
            }
            options.runs = static_cast<int>(*runs);
        } else if (name == "--gen") {
            options.gen = value();
        } else if (name == "--reference") {
            options.reference = value();
        } else if (name == "--verify-reference") {
            options.verify_reference = flag();
        } else if (name == "--no-baseline-output") {
            options.baseline_output = !flag();
        } else if (name == "--keep-outputs") {
            options.keep_outputs = flag();
        } else if (name == "--bedrag-decision") {
            options.bedrag_decision = value();
        } else if (name == "--reden-decision") {
            options.reden_decision = value();
        } else if (name == "--limit-dir") {
            options.limit_dir = value();
        } else if (name == "--no-limit") {
            options.limit = !flag();
        } else if (name == "--help" || name == "-h") {
            throw UsageError("");
        } else {
            throw UsageError("unknown argument " + name);
        }
    }
    if (options.regels.empty() || options.rules.empty()) {
        throw UsageError("--regels and --rules are required");
    }
    if (options.workdir.empty()) {
        options.workdir = default_workdir();
    }
    if (options.gen.empty()) {
        options.gen = default_gen();
    }
    if (options.limit_dir.empty()) {
        options.limit_dir = shared_bench("limit");
    }
    if (options.reference.empty()) {
        options.reference = (fs::path(options.gen).parent_path() / "reference.py").string();
    }
    return options;
}

// ---------------------------------------------------------------------------------------------
// Processes

using Clock = std::chrono::steady_clock;

struct ProcessResult {
    int spawn_error = 0;     // errno of posix_spawn; 0 when the program started
    int status = 0;          // wait status
    double seconds = 0;      // wall clock from spawn to reaped
    double cpu_seconds = 0;  // user + system time of the process
    std::int64_t max_rss_kib = 0;

    bool ok() const {
        return spawn_error == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
};

std::int64_t max_rss_kib(const struct rusage& usage) {
    return static_cast<std::int64_t>(usage.ru_maxrss);  // kilobytes on Linux
}

double cpu_seconds(const struct rusage& usage) {
    const auto seconds = [](const struct timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs argv with stdin from /dev/null, stdout to stdout_path and stderr to stderr_path (the
// same file when equal, inherited when empty). A program name without '/' is looked up in PATH.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdout_path,
                          const std::string& stderr_path) {
    std::vector<char*> c_argv;
    c_argv.reserve(argv.size() + 1);
    for (const std::string& arg : argv) {
        c_argv.push_back(const_cast<char*>(arg.c_str()));  // posix_spawn does not write argv
    }
    c_argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    constexpr int out_flags = O_WRONLY | O_CREAT | O_TRUNC;
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(), out_flags, 0644);
    if (stderr_path == stdout_path) {
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    } else if (!stderr_path.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), out_flags,
                                         0644);
    }

    ProcessResult result;
    const bool search = argv.front().find('/') == std::string::npos;
    pid_t pid = 0;
    const auto start = Clock::now();
    result.spawn_error =
        search ? posix_spawnp(&pid, c_argv[0], &actions, nullptr, c_argv.data(), environ)
               : posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (result.spawn_error != 0) {
        return result;
    }
    struct rusage usage {};
    while (wait4(pid, &result.status, 0, &usage) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
        }
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.cpu_seconds = cpu_seconds(usage);
    result.max_rss_kib = max_rss_kib(usage);
    return result;
}

std::string describe_failure(const ProcessResult& result) {
    if (result.spawn_error == ENOENT) {
        return "failed (exit 127: not found)";
    }
    if (result.spawn_error != 0) {
        return std::string("failed (cannot start: ") + std::strerror(result.spawn_error) + ")";
    }
    if (WIFSIGNALED(result.status)) {
        return "failed (signal " + std::to_string(WTERMSIG(result.status)) + ")";
    }
    return "failed (exit " + std::to_string(WEXITSTATUS(result.status)) + ")";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The last lines of a log, indented, for a failure report on stderr.
void print_log_tail(const std::string& path) {
    constexpr std::size_t max_lines = 6;
    const std::string text = read_file(path);
    std::vector<std::string_view> lines;
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto newline = rest.find('\n');
        lines.push_back(rest.substr(0, newline));
        rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    }
    const std::size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
    for (std::size_t i = first; i < lines.size(); ++i) {
        std::fprintf(stderr, "      | %.*s\n", static_cast<int>(lines[i].size()), lines[i].data());
    }
}

// ---------------------------------------------------------------------------------------------
// Every timed run starts from a quiet disk: the previous output of the same program is
// deleted first (so its unwritten pages are dropped instead of being written back while the
// next program runs; with explanations that output is gigabytes) and sync() waits for
// anything else still being written. A run still pays for writing its own output, including
// the write-back it causes itself.
void quiesce(const std::string& previous_output) {
    if (!previous_output.empty()) {
        std::error_code ec;
        fs::remove(previous_output, ec);
    }
    ::sync();
}

// The baseline in a forked child

struct BaselineRun {
    ProcessResult process;
    std::optional<Checksum> checksum;
    std::string error;
};

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// Runs the baseline loop in a child process, so that its peak RSS is its own; the child sends
// the checksum (reference.py's text format) or an error message back through a pipe.
BaselineRun run_baseline_child(const std::string& input, const std::string& output) {
    BaselineRun run;
    std::array<int, 2> fds{};
    if (pipe(fds.data()) != 0) {
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    std::fflush(stdout);
    std::fflush(stderr);
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        int code = 0;
        std::string message;
        try {
            message = regels::bench::format_checksum(regels::bench::run_baseline(input, output));
        } catch (const std::exception& error) {
            message = error.what();
            code = 1;
        }
        if (!write_all(fds[1], message)) {
            code = 1;
        }
        ::close(fds[1]);
        _exit(code);
    }
    ::close(fds[1]);
    std::string message;
    std::array<char, 4096> buffer{};
    while (true) {
        const ssize_t got = ::read(fds[0], buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        message.append(buffer.data(), static_cast<std::size_t>(got));
    }
    ::close(fds[0]);
    struct rusage usage {};
    while (wait4(pid, &run.process.status, 0, &usage) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
        }
    }
    run.process.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    run.process.cpu_seconds = cpu_seconds(usage);
    run.process.max_rss_kib = max_rss_kib(usage);
    if (run.process.ok()) {
        run.checksum = regels::bench::parse_checksum(message);
        if (!run.checksum) {
            run.error = "unreadable checksum from the baseline child";
        }
    } else {
        run.error = message.empty() ? describe_failure(run.process) : message;
    }
    return run;
}

// ---------------------------------------------------------------------------------------------
// The checksum of the engine's output

// SAX handler for one output line: keeps the top-level "decision" and "value" members and skips
// everything else (explanations included) without building a DOM. Numbers keep their text, so
// amounts stay exact whatever form the engine writes them in.
class OutputLineSax final : public nlohmann::json_sax<json> {
public:
    enum class Kind : std::uint8_t { absent, null, string, number, other };

    std::string decision;
    Kind value_kind = Kind::absent;
    std::string value;  // a string's content, or a number's text
    bool object = false;

    void reset() {
        decision.clear();
        value_kind = Kind::absent;
        value.clear();
        object = false;
        depth_ = 0;
        key_.clear();
    }

    bool null() override {
        scalar(Kind::null, {});
        return true;
    }
    bool boolean(bool /*val*/) override {
        scalar(Kind::other, {});
        return true;
    }
    bool number_integer(number_integer_t val) override {
        scalar(Kind::number, std::to_string(val));
        return true;
    }
    bool number_unsigned(number_unsigned_t val) override {
        scalar(Kind::number, std::to_string(val));
        return true;
    }
    bool number_float(number_float_t /*val*/, const string_t& s) override {
        scalar(Kind::number, s);
        return true;
    }
    bool string(string_t& val) override {
        if (depth_ == 1 && key_ == "decision") {
            decision = val;
        }
        scalar(Kind::string, val);
        return true;
    }
    bool binary(binary_t& /*val*/) override {
        scalar(Kind::other, {});
        return true;
    }
    bool start_object(std::size_t /*elements*/) override {
        if (depth_ == 0) {
            object = true;
        }
        scalar(Kind::other, {});
        ++depth_;
        return true;
    }
    bool end_object() override {
        --depth_;
        return true;
    }
    bool start_array(std::size_t /*elements*/) override {
        scalar(Kind::other, {});
        ++depth_;
        return true;
    }
    bool end_array() override {
        --depth_;
        return true;
    }
    bool key(string_t& val) override {
        if (depth_ == 1) {
            key_ = val;
        }
        return true;
    }
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& /*ex*/) override {
        return false;
    }

private:
    void scalar(Kind kind, std::string_view text) {
        if (depth_ == 1 && key_ == "value") {
            value_kind = kind;
            value.assign(text);
        }
    }

    int depth_ = 0;
    std::string key_;
};

struct EngineChecksum {
    std::optional<Checksum> checksum;
    std::string error;
};

EngineChecksum checksum_from_engine_output(const std::string& path, const Options& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return {std::nullopt, "cannot open " + path};
    }
    Checksum checksum;
    OutputLineSax sax;
    std::string line;
    std::int64_t line_number = 0;
    const auto fail = [&](const std::string& what) {
        return EngineChecksum{std::nullopt, path + ":" + std::to_string(line_number) + ": " + what};
    };
    while (std::getline(in, line)) {
        ++line_number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        sax.reset();
        if (!json::sax_parse(line, &sax)) {
            return fail("not valid JSON");
        }
        if (!sax.object) {
            return fail("not a JSON object");
        }
        if (sax.decision == options.bedrag_decision) {
            if (sax.value_kind == OutputLineSax::Kind::null) {
                continue;  // no amount: counts as zero
            }
            const auto cents = sax.value_kind == OutputLineSax::Kind::string ||
                                       sax.value_kind == OutputLineSax::Kind::number
                                   ? regels::bench::parse_cents(sax.value)
                                   : std::nullopt;
            if (!cents) {
                return fail("value of " + sax.decision + " is not an amount in whole cents");
            }
            checksum.total_cents += *cents;
        } else if (sax.decision == options.reden_decision) {
            const auto index = sax.value_kind == OutputLineSax::Kind::string
                                   ? regels::bench::reason_index(sax.value)
                                   : std::nullopt;
            if (!index) {
                return fail("value of " + sax.decision + " is not a known reason");
            }
            ++checksum.counts[*index];
        }
    }
    if (in.bad()) {
        return {std::nullopt, "error reading " + path};
    }
    return {checksum, {}};
}

// The fields in which two checksums differ, e.g. "total 10.00 vs 12.00; toegekend 3 vs 4".
std::string describe_difference(const Checksum& expected, const Checksum& actual) {
    std::string text;
    const auto add = [&](std::string_view field, const std::string& a, const std::string& b) {
        if (!text.empty()) {
            text += "; ";
        }
        text.append(field);
        text += " " + a + " vs " + b;
    };
    if (expected.total_cents != actual.total_cents) {
        add("total", regels::bench::format_cents(expected.total_cents),
            regels::bench::format_cents(actual.total_cents));
    }
    for (std::size_t i = 0; i < regels::bench::reason_count; ++i) {
        if (expected.counts[i] != actual.counts[i]) {
            add(regels::bench::reason_names[i], std::to_string(expected.counts[i]),
                std::to_string(actual.counts[i]));
        }
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// Inputs

std::optional<std::string> first_line(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!std::getline(in, line)) {
        return std::nullopt;
    }
    return line;
}

std::int64_t count_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(std::size_t{1} << 20U);
    std::int64_t lines = 0;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        lines +=
            std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(got), '\n');
    }
    return lines;
}

// Makes sure DIR/reg_N.jsonl holds gen.py's output for N and the seed. An existing file is
// reused if it has N lines and starts with the seed's first record (gen.py's stream does not
// depend on N, so `gen.py 1 SEED` gives that record); otherwise it is generated again.
void ensure_input(const Options& options, std::int64_t n, const std::string& path) {
    const std::string seed = std::to_string(options.seed);
    std::error_code ec;
    if (fs::exists(path, ec)) {
        const std::string probe = options.workdir + "/first_record.tmp";
        const auto probe_run =
            run_process({"python3", options.gen, "1", seed, "--jsonl"}, probe, "");
        const auto expected = first_line(probe);
        fs::remove(probe, ec);
        if (!probe_run.ok() || !expected) {
            throw std::runtime_error("cannot run " + options.gen);
        }
        if (first_line(path) == expected && count_lines(path) == n) {
            std::fprintf(stderr, "[N=%lld] reusing %s\n", static_cast<long long>(n), path.c_str());
            return;
        }
        std::fprintf(stderr, "[N=%lld] %s is stale (other N or seed); generating again\n",
                     static_cast<long long>(n), path.c_str());
    }
    std::fprintf(stderr, "[N=%lld] generating %s\n", static_cast<long long>(n), path.c_str());
    const std::string tmp = path + ".tmp";
    const auto gen =
        run_process({"python3", options.gen, std::to_string(n), seed, "--jsonl"}, tmp, "");
    if (!gen.ok()) {
        fs::remove(tmp, ec);
        throw std::runtime_error("gen.py " + describe_failure(gen) + " (" + options.gen + ")");
    }
    fs::rename(tmp, path);
}

// ---------------------------------------------------------------------------------------------
// Measurements and the report

struct Row {
    Row(std::int64_t size, std::string name) : n(size), program(std::move(name)) {}

    std::int64_t n = 0;
    std::string program;
    std::vector<double> seconds;  // one per successful run
    std::vector<double> cpu;      // user + system seconds, one per successful run
    std::int64_t peak_kib = 0;    // maximum over the runs
    std::string failure;          // non-empty: the row failed
    std::string verdict = "—";    // checksum column

    bool failed() const {
        return !failure.empty();
    }
    void record(const ProcessResult& result) {
        seconds.push_back(result.seconds);
        cpu.push_back(result.cpu_seconds);
        peak_kib = std::max(peak_kib, result.max_rss_kib);
    }
    double median() const {
        return median_of(seconds);
    }
    double median_cpu() const {
        return median_of(cpu);
    }
    static double median_of(const std::vector<double>& values) {
        std::vector<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const std::size_t mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
};

std::string with_separators(std::int64_t value) {
    const std::string digits = std::to_string(value);
    const std::size_t sign = digits.front() == '-' ? 1 : 0;
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > sign && (digits.size() - i) % 3 == 0) {
            text.push_back(',');
        }
        text.push_back(digits[i]);
    }
    return text;
}

std::string fixed(double value, int decimals) {
    std::array<char, 64> text{};
    std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
    return text.data();
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("model name")) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                return line.substr(line.find_first_not_of(' ', colon + 1));
            }
        }
    }
    return "unknown CPU";
}

void print_header(const Options& options) {
    struct utsname system {};
    uname(&system);
    std::printf("## Benchmark: workload v1 \"registraties\"\n\n");
    std::printf("- machine: %s, %u hardware threads, %s %s\n", cpu_model().c_str(),
                std::thread::hardware_concurrency(), system.sysname, system.release);
    std::printf(
        "- input: `gen.py N %llu --jsonl` (JSON Lines); wall clock, median of %d run%s; "
        "peak = peak RSS of the process; each run starts after its previous output is deleted "
        "and sync()\n",
        static_cast<unsigned long long>(options.seed), options.runs, options.runs == 1 ? "" : "s");
    std::printf(
        "- baseline: hand-written C++ loop (nlohmann_json, integer cents), in a forked "
        "child%s\n",
        options.baseline_output ? ", writing one line per record" : ", no output file");
    std::printf(
        "- engine: `%s eval %s --facts IN.jsonl --format jsonl --output OUT.jsonl "
        "[--explain]`\n\n",
        options.regels.c_str(), options.rules.c_str());
}

constexpr std::string_view limit_simdjson_label = "limit_simdjson (simdjson On-Demand loop)";

void print_table(const std::vector<Row>& rows) {
    std::printf(
        "| N | program | records/s | time / baseline | records/s / limit_simdjson | CPU s | "
        "peak MiB | checksum |\n");
    std::printf("|--:|:--|--:|--:|--:|--:|--:|:--|\n");
    std::map<std::int64_t, double> limit_median;  // per N
    for (const Row& row : rows) {
        if (row.program == limit_simdjson_label && !row.failed()) {
            limit_median[row.n] = row.median();
        }
    }
    double baseline_median = 0;
    for (const Row& row : rows) {
        const bool is_baseline = row.program.starts_with("baseline");
        if (is_baseline) {
            baseline_median = row.failed() ? 0 : row.median();
        }
        std::string rate = row.failure;
        std::string ratio = "—";
        std::string vs_limit = "—";
        std::string cpu = "—";
        std::string peak = "—";
        if (!row.failed()) {
            const double median = row.median();
            rate = with_separators(std::llround(static_cast<double>(row.n) / median));
            if (baseline_median > 0) {
                ratio = fixed(median / baseline_median, 2);
            }
            if (const auto limit = limit_median.find(row.n); limit != limit_median.end()) {
                vs_limit = fixed(limit->second / median, 2);
            }
            cpu = fixed(row.median_cpu(), 2);
            peak = fixed(static_cast<double>(row.peak_kib) / 1024.0, 1);
        }
        std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", with_separators(row.n).c_str(),
                    row.program.c_str(), rate.c_str(), ratio.c_str(), vs_limit.c_str(), cpu.c_str(),
                    peak.c_str(), row.verdict.c_str());
    }
    std::printf("\n");
}

// The hand-written limit programs (limit_simdjson, limit_nlohmann), built from their Makefile
// into DIR/limit. Returns their paths, or none with the reason in `why`.
std::vector<std::pair<std::string, std::string>> build_limits(const Options& options,
                                                              std::string& why) {
    if (!options.limit) {
        why = "--no-limit";
        return {};
    }
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(options.limit_dir) / "Makefile", ec)) {
        why = "no limit programs at " + options.limit_dir +
              " (../shared/bench/limit beside the repository; set --limit-dir)";
        return {};
    }
    const std::string out = fs::absolute(fs::path(options.workdir) / "limit").string();
    const std::string log = options.workdir + "/limit_build.log";
    std::fprintf(stderr, "building the limit programs: make -C %s OUT=%s\n",
                 options.limit_dir.c_str(), out.c_str());
    const ProcessResult make =
        run_process({"make", "-C", options.limit_dir, "OUT=" + out}, log, log);
    if (!make.ok()) {
        why = "building the limit programs " + describe_failure(make) + " (log: " + log + ")";
        print_log_tail(log);
        return {};
    }
    return {{std::string(limit_simdjson_label), out + "/limit_simdjson"},
            {"limit_nlohmann (nlohmann_json loop)", out + "/limit_nlohmann"}};
}

struct EngineMode {
    std::string program;  // row label
    std::string tag;      // file name part
    bool explain = false;
};

int run_benchmark(const Options& options) {
    fs::create_directories(options.workdir);
    if (!fs::is_regular_file(options.gen)) {
        throw std::runtime_error("gen.py not found at " + options.gen + " (use --gen)");
    }
    if (options.verify_reference && !fs::is_regular_file(options.reference)) {
        throw std::runtime_error("reference.py not found at " + options.reference +
                                 " (use --reference)");
    }
    if (!fs::is_regular_file(options.rules)) {
        std::fprintf(stderr, "warning: rules file %s not found\n", options.rules.c_str());
    }
    const std::vector<EngineMode> modes{{"regels eval", "regels", false},
                                        {"regels eval --explain", "regels_explain", true}};

    std::string no_limits;
    const auto limits = build_limits(options, no_limits);
    if (limits.empty()) {
        std::fprintf(stderr, "limit columns skipped: %s\n", no_limits.c_str());
    }

    std::vector<Row> rows;
    std::vector<std::string> notes;
    if (limits.empty()) {
        notes.push_back("limit programs skipped: " + no_limits);
    }
    int mismatches = 0;
    int failures = 0;
    int engine_matches = 0;
    for (const std::int64_t n : options.sizes) {
        const std::string tag = std::to_string(n);
        const std::string input = options.workdir + "/reg_" + tag + ".jsonl";
        ensure_input(options, n, input);

        Row baseline(n, "baseline (C++ loop)");
        std::vector<Row> limit_rows;
        std::vector<std::optional<Checksum>> limit_checksums(limits.size());
        for (const auto& limit : limits) {
            limit_rows.emplace_back(n, limit.first);
        }
        std::vector<Row> engine_rows;
        engine_rows.reserve(modes.size());
        for (const EngineMode& mode : modes) {
            engine_rows.emplace_back(n, mode.program);
        }
        const std::string baseline_out =
            options.baseline_output ? options.workdir + "/baseline_" + tag + ".jsonl" : "";
        std::optional<Checksum> baseline_checksum;

        // Rounds interleave the programs, so slow drift of the machine affects all alike.
        for (int round = 1; round <= options.runs; ++round) {
            if (!baseline.failed()) {
                quiesce(baseline_out);
                const BaselineRun run = run_baseline_child(input, baseline_out);
                std::fprintf(stderr, "[N=%lld] run %d/%d baseline: %.3f s\n",
                             static_cast<long long>(n), round, options.runs, run.process.seconds);
                if (!run.checksum) {
                    baseline.failure = describe_failure(run.process);
                    std::fprintf(stderr, "      | %s\n", run.error.c_str());
                } else if (baseline_checksum && *baseline_checksum != *run.checksum) {
                    baseline.failure = "failed (checksum differs between runs)";
                } else {
                    baseline_checksum = run.checksum;
                    baseline.record(run.process);
                }
            }
            for (std::size_t l = 0; l < limits.size(); ++l) {
                Row& row = limit_rows[l];
                if (row.failed()) {
                    continue;
                }
                const std::string program = fs::path(limits[l].second).filename().string();
                const std::string out = options.workdir + "/" + program + "_" + tag + ".jsonl";
                const std::string sum = options.workdir + "/" + program + "_" + tag + ".txt";
                const std::string log = options.workdir + "/" + program + "_" + tag + ".log";
                quiesce(out);
                const ProcessResult result = run_process({limits[l].second, input, out}, sum, log);
                const auto checksum =
                    result.ok() ? regels::bench::parse_checksum(read_file(sum)) : std::nullopt;
                if (!checksum) {
                    row.failure = result.ok() ? "failed (no checksum)" : describe_failure(result);
                    std::fprintf(stderr, "[N=%lld] run %d/%d %s: %s (log: %s)\n",
                                 static_cast<long long>(n), round, options.runs, program.c_str(),
                                 row.failure.c_str(), log.c_str());
                    print_log_tail(log);
                    continue;
                }
                std::fprintf(stderr, "[N=%lld] run %d/%d %s: %.3f s\n", static_cast<long long>(n),
                             round, options.runs, program.c_str(), result.seconds);
                limit_checksums[l] = checksum;
                row.record(result);
            }
            for (std::size_t m = 0; m < modes.size(); ++m) {
                Row& row = engine_rows[m];
                if (row.failed()) {
                    continue;  // a failing engine fails every round; do not wait for it again
                }
                const std::string out = options.workdir + "/" + modes[m].tag + "_" + tag + ".jsonl";
                const std::string log = options.workdir + "/" + modes[m].tag + "_" + tag + ".log";
                std::vector<std::string> argv{options.regels, "eval",     options.rules,
                                              "--facts",      input,      "--format",
                                              "jsonl",        "--output", out};
                if (modes[m].explain) {
                    argv.emplace_back("--explain");
                }
                quiesce(out);
                const ProcessResult result = run_process(argv, log, log);
                if (!result.ok()) {
                    row.failure = describe_failure(result);
                    std::fprintf(stderr, "[N=%lld] run %d/%d %s: %s (log: %s)\n",
                                 static_cast<long long>(n), round, options.runs,
                                 modes[m].program.c_str(), row.failure.c_str(), log.c_str());
                    print_log_tail(log);
                    continue;
                }
                std::fprintf(stderr, "[N=%lld] run %d/%d %s: %.3f s\n", static_cast<long long>(n),
                             round, options.runs, modes[m].program.c_str(), result.seconds);
                row.record(result);
            }
        }

        // Verification (not timed).
        if (baseline.failed()) {
            ++mismatches;  // without a baseline checksum nothing can be verified
            notes.push_back("N=" + tag + ": the baseline failed; engine output not verified");
        } else if (options.verify_reference) {
            std::fprintf(stderr, "[N=%lld] running reference.py\n", static_cast<long long>(n));
            const std::string ref_out = options.workdir + "/reference_" + tag + ".txt";
            const auto ref = run_process({"python3", options.reference, input}, ref_out, "");
            const auto ref_checksum =
                ref.ok() ? regels::bench::parse_checksum(read_file(ref_out)) : std::nullopt;
            if (!ref_checksum) {
                baseline.verdict = "reference failed";
                ++mismatches;
                notes.push_back("N=" + tag + ": reference.py " + describe_failure(ref));
            } else if (*ref_checksum == *baseline_checksum) {
                baseline.verdict = "MATCH reference.py";
            } else {
                baseline.verdict = "MISMATCH reference.py";
                ++mismatches;
                notes.push_back("N=" + tag + " baseline vs reference.py: " +
                                describe_difference(*ref_checksum, *baseline_checksum));
            }
        } else {
            baseline.verdict = "(expected)";
        }
        for (std::size_t l = 0; l < limits.size(); ++l) {
            Row& row = limit_rows[l];
            if (!row.failed() && baseline_checksum && limit_checksums[l]) {
                if (*limit_checksums[l] == *baseline_checksum) {
                    row.verdict = "MATCH";
                } else {
                    row.verdict = "MISMATCH";
                    ++mismatches;
                    notes.push_back("N=" + tag + " " + row.program + " (baseline vs limit): " +
                                    describe_difference(*baseline_checksum, *limit_checksums[l]));
                }
            }
            const std::string program = fs::path(limits[l].second).filename().string();
            std::error_code ec;
            fs::remove(options.workdir + "/" + program + "_" + tag + ".jsonl", ec);
        }
        for (std::size_t m = 0; m < modes.size(); ++m) {
            Row& row = engine_rows[m];
            const std::string out = options.workdir + "/" + modes[m].tag + "_" + tag + ".jsonl";
            if (row.failed()) {
                ++failures;
            } else if (baseline_checksum) {
                std::fprintf(stderr, "[N=%lld] checking %s\n", static_cast<long long>(n),
                             out.c_str());
                const EngineChecksum engine = checksum_from_engine_output(out, options);
                if (!engine.checksum) {
                    row.verdict = "MISMATCH";
                    ++mismatches;
                    notes.push_back("N=" + tag + " " + row.program + ": " + engine.error);
                } else if (*engine.checksum == *baseline_checksum) {
                    row.verdict = "MATCH";
                    ++engine_matches;
                } else {
                    row.verdict = "MISMATCH";
                    ++mismatches;
                    notes.push_back("N=" + tag + " " + row.program + " (baseline vs engine): " +
                                    describe_difference(*baseline_checksum, *engine.checksum));
                }
            }
            if (!options.keep_outputs) {
                std::error_code ec;
                fs::remove(out, ec);
            }
        }
        if (!options.keep_outputs && !baseline_out.empty()) {
            std::error_code ec;
            fs::remove(baseline_out, ec);
        }
        rows.push_back(std::move(baseline));
        for (Row& row : limit_rows) {
            rows.push_back(std::move(row));
        }
        for (Row& row : engine_rows) {
            rows.push_back(std::move(row));
        }
    }

    print_header(options);
    print_table(rows);
    for (const std::string& note : notes) {
        std::printf("- %s\n", note.c_str());
    }
    if (!notes.empty()) {
        std::printf("\n");
    }
    const auto engine_rows_total = static_cast<int>(options.sizes.size() * modes.size());
    if (mismatches > 0) {
        std::printf(
            "**Result: MISMATCH** — %d mismatch%s; %d of %d engine rows match the "
            "baseline checksum, %d failed.\n",
            mismatches, mismatches == 1 ? "" : "es", engine_matches, engine_rows_total, failures);
    } else if (failures == 0) {
        std::printf("**Result: MATCH** — all %d engine rows match the baseline checksum.\n",
                    engine_rows_total);
    } else {
        std::printf(
            "**Result: INCOMPLETE** — no mismatches, but only %d of %d engine rows could be "
            "verified; %d failed.\n",
            engine_matches, engine_rows_total, failures);
    }
    return mismatches == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse_options(argc, argv);
    } catch (const UsageError& error) {
        if (*error.what() != '\0') {
            std::fprintf(stderr, "bench_registraties: %s\n", error.what());
        }
        std::fwrite(usage_text.data(), 1, usage_text.size(), stderr);
        return 2;
    }
    try {
        return run_benchmark(options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_registraties: %s\n", error.what());
        return 1;
    }
}
