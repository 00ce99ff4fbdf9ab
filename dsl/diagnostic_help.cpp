#include "dsl/diagnostic_help.hpp"

#include <cctype>
#include <map>

namespace regels::dsl {

const CodeHelp* help(Code code) {
    static const std::map<Code, CodeHelp> table = {
#define REGELS_HELP(code, meaning, example, fix) {Code::code, CodeHelp{meaning, example, fix}},
#include "dsl/diagnostic_help.def"
#undef REGELS_HELP
    };
    auto it = table.find(code);
    return it == table.end() ? nullptr : &it->second;
}

std::optional<Code> find_code(std::string_view id) {
    for (const CodeInfo& c : all_codes()) {
        std::string_view known = c.id;
        if (known.size() == id.size() &&
            std::equal(known.begin(), known.end(), id.begin(), [](char a, char b) {
                return a == std::toupper(static_cast<unsigned char>(b));
            })) {
            return c.code;
        }
    }
    return std::nullopt;
}

}  // namespace regels::dsl
