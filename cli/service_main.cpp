// `regels-service`: the decision service's commands (`serve`, `register verify`, `replay`) as a
// program of its own. Only it loads what the service needs besides the engine (cpp-httplib
// with OpenSSL, brotli and zlib; SQLite), so `regels check`, `eval` and the language server do
// not pay for loading those libraries at every start. `regels serve|register|replay ...` runs
// this program (cli/main.cpp); run directly, it takes the same arguments.
#include "cli/commands.hpp"

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string command = args.empty() ? std::string() : args[0];
    if (!args.empty()) {
        args.erase(args.begin());
    }
    using namespace regels::cli;
    if (command == "serve") {
        return run_serve(args);
    }
    if (command == "register") {
        return run_register(args);
    }
    if (command == "replay") {
        return run_replay(args);
    }
    std::fputs(
        "usage: regels-service serve|register|replay [arguments]\n"
        "the decision service's commands, also run as `regels serve`, `regels register` and\n"
        "`regels replay`; run `regels serve --help` for the options\n",
        stderr);
    return 2;
}
