// `regels test` and `regels diff`.
#include <cstdio>

#include "cli/commands.hpp"

namespace regels::cli {

int run_test(const Args& args) {
    (void)args;
    std::fputs("regels: error[E5001]: `test` is not available yet\n", stderr);
    return 2;
}

int run_diff(const Args& args) {
    (void)args;
    std::fputs("regels: error[E5001]: `diff` is not available yet\n", stderr);
    return 2;
}

}  // namespace regels::cli
