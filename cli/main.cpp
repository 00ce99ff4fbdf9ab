// `regels`: the command-line front end. A thin driver: every command is a few calls into
// the dsl, interpreter and stdlib libraries (see commands.cpp).
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "dsl/suggest.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace {

// `serve`, `register` and `replay` are the program regels-service beside this one
// (cli/service_main.cpp): it is started in this process's place with the same arguments, so
// signals, the exit code and the process id are the service's own. Returns only on failure.
int run_service_program(char** argv, const std::string& command) {
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::filesystem::path program =
        (ec ? std::filesystem::path(argv[0]) : self).parent_path() / "regels-service";
    ::execv(program.c_str(), argv);
    std::fprintf(stderr,
                 "regels: error[E5001]: `regels %s` runs the program `%s`, which could not be "
                 "started: %s; it is built with regels (the target regels-service) and belongs "
                 "in the same folder\n",
                 command.c_str(), program.c_str(), std::strerror(errno));
    return 2;
}

constexpr const char* usage =
    "usage: regels <command> [arguments]\n"
    "\n"
    "commands:\n"
    "  check RULES...                 parse, type-check and lint rule files or folders\n"
    "  eval  RULES... --facts FILE    evaluate decisions over facts (JSON or JSON Lines)\n"
    "  test  RULES...                 run the test blocks in the rules\n"
    "  diff  --old PATH --new PATH --facts FILE   what a rule change does to decisions\n"
    "  fmt   [--check | -w] PATH...   format rule files in the canonical layout\n"
    "  clauses RULES...               the map of an agreement: sections, assumptions, gaps\n"
    "  schema RULES...                the JSON Schema of the facts the rules read\n"
    "  codes                          list every diagnostic code\n"
    "  lsp                            the language server for editors (LSP over stdio)\n"
    "  serve RULES... --db FILE       decisions over HTTP, kept in a decision register\n"
    "  register verify FILE           check the register's hash chain\n"
    "  replay FILE ID                 decide a registered request again and compare\n"
    "  --version                      the engine's version\n"
    "\n"
    "run `regels <command> --help` for the options of a command\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(usage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "version") {
        std::printf("regels %s\n", regels::cli::engine_version().c_str());
        return 0;
    }
    std::string command = args[0];
    args.erase(args.begin());
    using namespace regels::cli;
    if (command == "check") {
        return run_check(args);
    }
    if (command == "eval") {
        return run_eval(args);
    }
    if (command == "fmt") {
        return run_fmt(args);
    }
    if (command == "test") {
        return run_test(args);
    }
    if (command == "diff") {
        return run_diff(args);
    }
    if (command == "clauses") {
        return run_clauses(args);
    }
    if (command == "schema") {
        return run_schema(args);
    }
    if (command == "codes") {
        return run_codes(args);
    }
    if (command == "lsp") {
        return run_lsp(args);
    }
    if (command == "serve" || command == "register" || command == "replay") {
        return run_service_program(argv, command);
    }
    std::string hint = regels::dsl::did_you_mean(regels::dsl::suggestions(
        command, {"check", "eval", "test", "diff", "fmt", "clauses", "schema", "codes", "lsp",
                  "serve", "register", "replay", "help"}));
    if (!hint.empty()) {
        std::fprintf(stderr, "regels: error[E5001]: unknown command `%s`; %s\n", command.c_str(),
                     hint.c_str());
        return 2;
    }
    std::fprintf(stderr, "regels: error[E5001]: unknown command `%s`\n\n%s", command.c_str(),
                 usage);
    return 2;
}
