// Killing `regels eval --output` while it writes never leaves a truncated file that looks whole.
//
// JSON Lines output goes to a temporary file beside the output (out.jsonl.tmp.<pid>) that is
// renamed over out.jsonl only when the run is complete (interp::OutputFile). This test
// generates 300,000 Registratie lines (enough for a run of a second or more), starts
// `regels eval ... --output out.jsonl` with posix_spawn, waits until output is being
// written, and SIGKILLs it. Then:
//   - with no earlier run, out.jsonl does not exist;
//   - after a complete run, a killed second run leaves the complete file byte for byte;
//   - whatever a killed run left behind is a temporary file beside it, never named out.jsonl;
//   - a run to completion writes every decision: one line per record.
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr std::size_t record_count = 300'000;

class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = (fs::temp_directory_path() /
                 ("regels-kill-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                    .generic_string();
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const {
        return path_;
    }

private:
    std::string path_;
};

// Registratie records with the fields of rules/nplv/nplv.rules, in the registration period,
// so every decision succeeds.
void write_registraties(const std::string& path, std::size_t count) {
    static const char* const segments[] = {"sociale_huur", "middenhuur", "koop", "vrije_sector",
                                           "onzelfstandig"};
    std::string text;
    text.reserve(count * 200);
    for (std::size_t i = 0; i < count; ++i) {
        text += "{\"id\":\"R" + std::to_string(i) +
                "\",\"gebied\":\"vlaardingen-westwijk\",\"project\":\"P" + std::to_string(i % 50) +
                "\",\"jaar\":" + std::to_string(2025 + i % 5) + ",\"segment\":\"" +
                segments[i % 5] + "\"";
        if (i % 5 == 2) {
            text += ",\"koopprijs\":" + std::to_string(300'000 + i % 200'000) + ".00";
        } else {
            text += ",\"huurprijs\":" + std::to_string(700 + i % 900) + "." +
                    std::to_string(10 + i % 90);
        }
        text += ",\"woningen\":" + std::to_string(1 + i % 40) + ",\"eerdere_subsidies\":[" +
                (i % 11 == 0 ? "\"WBI\"" : "") + "]}\n";
    }
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string binary() {
    const char* bin = std::getenv("REGELS_BINARY");
    return bin != nullptr ? bin : REGELS_BINARY;
}

// Starts regels with `args`, standard output and error to files in `dir`. Returns the pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& dir) {
    std::vector<std::string> argv_s = {binary()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_s) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);
    std::string out = dir + "/stdout.txt";
    std::string err = dir + "/stderr.txt";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, argv_s[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

struct Exit {
    bool signalled = false;
    int code = -1;  // exit status, or the signal
};

Exit wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    Exit e;
    e.signalled = WIFSIGNALED(status);
    e.code = e.signalled ? WTERMSIG(status) : WEXITSTATUS(status);
    return e;
}

// Has `pid` exited? (Reaps it if so.)
bool exited(pid_t pid, Exit& e) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r != pid) {
        return false;
    }
    e.signalled = WIFSIGNALED(status);
    e.code = e.signalled ? WTERMSIG(status) : WEXITSTATUS(status);
    return true;
}

std::uintmax_t size_of(const std::string& path) {
    std::error_code ec;
    auto n = fs::file_size(path, ec);
    return ec ? 0 : n;
}

// Names of the entries in `dir` that start with `prefix`, sorted.
std::vector<std::string> entries(const std::string& dir, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0) {
            out.push_back(name);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The files beside `output` that are not `output` itself: the temporary files of runs.
std::vector<std::string> temporaries(const std::string& dir, const std::string& output_name) {
    std::vector<std::string> out;
    for (const std::string& name : entries(dir, output_name)) {
        if (name != output_name) {
            out.push_back(name);
        }
    }
    return out;
}

// Runs regels with `args` and SIGKILLs it once a new temporary file beside `output` holds
// at least `min_bytes` (output is being written). Returns that file's name; fails the test
// if the run ended on its own first.
std::string kill_midway(const std::vector<std::string>& args, const std::string& dir,
                        const std::string& output_name, std::uintmax_t min_bytes) {
    std::vector<std::string> before = temporaries(dir, output_name);
    pid_t pid = spawn(args, dir);
    REQUIRE(pid > 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    Exit early;
    bool ended = false;
    std::string tmp;
    while (std::chrono::steady_clock::now() < deadline && tmp.empty()) {
        if (exited(pid, early)) {
            ended = true;
            break;
        }
        for (const std::string& name : temporaries(dir, output_name)) {
            bool is_new = std::find(before.begin(), before.end(), name) == before.end();
            if (is_new && size_of(dir + "/" + name) >= min_bytes) {
                tmp = name;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (ended) {
        FAIL("regels ended (status " << early.code
                                     << ") before it could be killed mid-way; "
                                        "the input is too small for this machine\n"
                                     << regels::testing::read_text(dir + "/stderr.txt"));
    }
    if (tmp.empty()) {
        ::kill(pid, SIGKILL);
        wait_for(pid);
        FAIL("no temporary output file beside " << output_name << " grew to " << min_bytes
                                                << " bytes within 5 minutes");
    }
    INFO("temporary file " << tmp << " had " << size_of(dir + "/" + tmp) << " bytes when killed");
    REQUIRE(::kill(pid, SIGKILL) == 0);
    Exit e = wait_for(pid);
    CHECK(e.signalled);
    CHECK(e.code == SIGKILL);
    return tmp;
}

}  // namespace

TEST_CASE("kill during write: a killed run never leaves a truncated output file", "[kill]") {
    TempDir dir;
    std::string facts = dir.path() + "/big.jsonl";
    std::string output = dir.path() + "/out.jsonl";
    write_registraties(facts, record_count);
    const std::vector<std::string> args = {
        "eval",     "rules/nplv",  "--facts",    facts,
        "--record", "Registratie", "--format",   "jsonl",
        "--output", output,        "--decision", "realisatiestimulans.uitkering"};

    // 1. Killed with no earlier output: out.jsonl must not appear at all; what the run left
    //    behind is its temporary file, under another name.
    std::string first = kill_midway(args, dir.path(), "out.jsonl", 64 * 1024);
    CHECK_FALSE(fs::exists(output));
    CHECK(first != "out.jsonl");
    CHECK(first.rfind("out.jsonl.", 0) == 0);  // beside the output (same folder, same file system)

    // 2. A run to completion: one line per record, every line whole.
    pid_t pid = spawn(args, dir.path());
    REQUIRE(pid > 0);
    Exit done = wait_for(pid);
    INFO(regels::testing::read_text(dir.path() + "/stderr.txt"));
    REQUIRE_FALSE(done.signalled);
    // 0, or 1 when some decisions failed (a rule's parameter may be unpublished for a year):
    // either way the run is complete and every decision has its line.
    CHECK((done.code == 0 || done.code == 1));
    REQUIRE(fs::exists(output));
    std::string complete = regels::testing::read_text(output);
    CHECK(count_lines(complete) == record_count);
    CHECK((!complete.empty() && complete.back() == '\n'));
    CHECK(complete.rfind(
              "{\"decision\":\"realisatiestimulans.uitkering\",\"subject\":{\"Registratie\":\"R" +
                  std::to_string(record_count - 1) + "\"}",
              std::string::npos) != std::string::npos);
    // The complete run left no temporary file of its own.
    CHECK(temporaries(dir.path(), "out.jsonl") == std::vector<std::string>{first});

    // 3. Killed again (a run that would write twice as much): out.jsonl is still exactly the
    //    complete file of step 2, not a mix and not a prefix of the new one.
    std::vector<std::string> more = args;
    more.push_back("--decision");
    more.push_back("realisatiestimulans.reden");
    std::string third = kill_midway(more, dir.path(), "out.jsonl", 64 * 1024);
    CHECK(third != "out.jsonl");
    REQUIRE(fs::exists(output));
    std::string after = regels::testing::read_text(output);
    CHECK(after.size() == complete.size());
    CHECK(after == complete);
}

TEST_CASE("output: a FIFO or device given to --output is written, never replaced", "[kill]") {
    // Renaming a temporary file over `--output /dev/null` would replace the device with a
    // regular file; a FIFO stands in for it here so a regression cannot damage the machine.
    TempDir dir;
    const std::string fifo = dir.path() + "/uit.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const char* format : {"json", "jsonl"}) {
        INFO(format);
        // Opened for reading first (without blocking), so the writer's open succeeds; the
        // output is small enough to fit in the pipe's buffer.
        int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
        REQUIRE(fd >= 0);
        regels::testing::RunResult r = regels::testing::run_regels(
            {"eval", "examples/benchmark/registraties.rules", "--facts",
             std::string("tests/golden/explain_jsonl/registraties.") +
                 (std::string(format) == "json" ? "json" : "jsonl"),
             "--format", format, "--decision", "registraties.reden", "--output", fifo});
        std::string received;
        char buf[4096];
        for (ssize_t n = 0; (n = ::read(fd, buf, sizeof buf)) > 0;) {
            received.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fd);
        INFO("stderr: " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(fs::is_fifo(fifo));
        CHECK(received.find("\"registraties.reden\"") != std::string::npos);
        CHECK(received.find("\"R0000015\"") != std::string::npos);
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            CHECK(entry.path().filename() == "uit.fifo");  // no temporary file left beside it
        }
    }
}
