#include "tests/support/golden.hpp"

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace regels::testing {

namespace fs = std::filesystem;

bool update_golden() {
    const char* v = std::getenv("REGELS_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

namespace {

std::string normalise(std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    return s;
}

}  // namespace

std::string compare_golden(const std::string& golden_path, const std::string& actual_raw) {
    std::string actual = normalise(actual_raw);
    if (update_golden()) {
        fs::create_directories(fs::path(golden_path).parent_path());
        std::ofstream(golden_path, std::ios::binary) << actual;
        return {};
    }
    if (!fs::exists(golden_path)) {
        return "golden file " + golden_path +
               " does not exist; run the tests with REGELS_UPDATE_GOLDEN=1 to create it";
    }
    std::string expected = normalise(read_text(golden_path));
    if (expected == actual) {
        return {};
    }
    std::ofstream(golden_path + ".actual", std::ios::binary) << actual;
    std::istringstream e(expected);
    std::istringstream a(actual);
    std::string el;
    std::string al;
    for (int line = 1;; ++line) {
        bool he = static_cast<bool>(std::getline(e, el));
        bool ha = static_cast<bool>(std::getline(a, al));
        if (!he && !ha) {
            break;
        }
        if (!he || !ha || el != al) {
            return golden_path + ":" + std::to_string(line) +
                   " differs\n  expected: " + (he ? el : "<end of file>") +
                   "\n  actual:   " + (ha ? al : "<end of file>") + "\n(full output in " +
                   golden_path + ".actual)";
        }
    }
    return golden_path + " differs (whitespace at the end)";
}

RunResult run_regels(const std::vector<std::string>& args, const std::string& stdin_text) {
    const char* bin = std::getenv("REGELS_BINARY");
    std::string binary = bin != nullptr ? bin : REGELS_BINARY;
    std::vector<std::string> argv_s = {binary};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_s) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);
    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    RunResult r;
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
        return r;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    for (int fd : {in_pipe[1], out_pipe[0], err_pipe[0], in_pipe[0], out_pipe[1], err_pipe[1]}) {
        posix_spawn_file_actions_addclose(&actions, fd);
    }
    pid_t pid = 0;
    // Outputs carry the time of the run; goldens must not depend on the clock.
    setenv("REGELS_FIXED_TIME", "2026-11-28T12:00:00Z", 0);
    // ... and the build id, which would otherwise change with every commit.
    setenv("REGELS_FIXED_BUILD", "0.1+test", 0);
    int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(err_pipe[0]);
        return r;
    }
    std::thread writer([&] {
        std::size_t off = 0;
        while (off < stdin_text.size()) {
            ssize_t n = write(in_pipe[1], stdin_text.data() + off, stdin_text.size() - off);
            if (n <= 0) {
                break;
            }
            off += static_cast<std::size_t>(n);
        }
        close(in_pipe[1]);
    });
    std::thread err_reader([&] {
        char buf[65536];
        ssize_t n = 0;
        while ((n = read(err_pipe[0], buf, sizeof buf)) > 0) {
            r.err.append(buf, static_cast<std::size_t>(n));
        }
    });
    char buf[65536];
    ssize_t n = 0;
    while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) {
        r.out.append(buf, static_cast<std::size_t>(n));
    }
    writer.join();
    err_reader.join();
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

std::vector<std::string> list_files(const std::string& dir, const std::string& suffix) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().generic_string();
        if (entry.is_regular_file() && name.size() >= suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            out.push_back(name);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace regels::testing
