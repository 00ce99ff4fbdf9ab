// Replays what the fuzzers found, in the ordinary test suite.
//
// Every file under tests/fuzz/regressions/<target>/ is an input that once crashed, hung or
// tripped a sanitizer in that fuzz target (tests/fuzz/README.md lists them). This test runs
// each one through the target's own code (the fuzz sources are included here with
// REGELS_FUZZ_NO_ENTRY, so it is the same path, minus libFuzzer), in a normal build and
// under the asan preset. The seed corpora (tests/fuzz/corpus/<target>/) are replayed too.
//
// Each input runs in a child process with a time limit, so an input that still crashes or
// hangs fails its own check (naming the file and what happened) instead of taking the whole
// test executable down with it. Tests run from the repository root (the fuzz targets load
// rules/nplv from there).
#define REGELS_FUZZ_NO_ENTRY
#include "tests/fuzz/fuzz_eval.cpp"
#include "tests/fuzz/fuzz_facts.cpp"
#include "tests/fuzz/fuzz_parse_check.cpp"
#include "tests/support/golden.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <signal.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define REGELS_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REGELS_FUZZ_ASAN 1
#endif
#endif

#ifdef REGELS_FUZZ_ASAN
#include <sanitizer/lsan_interface.h>
#endif

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

constexpr unsigned replay_seconds = 60;

// Runs `target` on `bytes` in a child process. Returns an empty string when it finished
// normally, else what went wrong.
std::string replay(Target target, const std::string& bytes) {
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
        return std::string("fork failed: ") + std::strerror(errno);
    }
    if (pid == 0) {
        alarm(replay_seconds);
#ifndef REGELS_FUZZ_ASAN
        // Catch2's fatal-signal handlers would report a crash here as a failure of this
        // (forked) test run too; the parent reports it once, by file.
        for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTRAP}) {
            std::signal(sig, SIG_DFL);
        }
        // Without ASan (which reserves terabytes of address space), cap memory so an input
        // that allocates without end fails quickly instead of exhausting the machine.
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = rlim_t{4} * 1024U * 1024U * 1024U;
        setrlimit(RLIMIT_AS, &limit);
#endif
        target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
#ifdef REGELS_FUZZ_ASAN
        if (__lsan_do_recoverable_leak_check() != 0) {
            _exit(3);
        }
#endif
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return std::string("waitpid failed: ") + std::strerror(errno);
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        return {};
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGALRM) {
            return "did not finish within " + std::to_string(replay_seconds) + " s (a hang)";
        }
        return "crashed with signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 3) {
        return "leaked memory (LeakSanitizer report on standard error)";
    }
    return "exited with status " + std::to_string(code) +
           " (a sanitizer report, an uncaught exception or out of memory; see standard error)";
}

void replay_folder(const std::string& folder, Target target) {
    std::vector<std::string> files = regels::testing::list_files(folder, "");
    for (const std::string& file : files) {
        std::string bytes = regels::testing::read_text(file);
        std::string problem = replay(target, bytes);
        INFO(file << " (" << bytes.size() << " bytes)");
        CHECK(problem == "");
    }
}

void replay_target(const std::string& name, Target target) {
    replay_folder("tests/fuzz/regressions/" + name, target);
    replay_folder("tests/fuzz/corpus/" + name, target);
}

}  // namespace

TEST_CASE("fuzz_regressions: fuzz_parse_check inputs replay cleanly", "[fuzz_regressions]") {
    replay_target("fuzz_parse_check", regels::fuzz_parse_check::run_one);
}

TEST_CASE("fuzz_regressions: fuzz_facts inputs replay cleanly", "[fuzz_regressions]") {
    replay_target("fuzz_facts", regels::fuzz_facts::run_one);
}

TEST_CASE("fuzz_regressions: fuzz_eval inputs replay cleanly", "[fuzz_regressions]") {
    replay_target("fuzz_eval", regels::fuzz_eval::run_one);
}

TEST_CASE("fuzz_regressions: the seed corpora are there", "[fuzz_regressions]") {
    for (const char* name : {"fuzz_parse_check", "fuzz_facts", "fuzz_eval"}) {
        INFO(name);
        CHECK(regels::testing::list_files(std::string("tests/fuzz/corpus/") + name, "").size() >=
              5);
    }
}
