// operand_label(): rule text back to the declaration it names, in the reader's words.
#include "dsl/labels.hpp"
#include "interpreter/phrases.hpp"

namespace regels::interp {

std::string operand_label(const dsl::Program& program, std::string_view code, Lang lang) {
    (void)program;
    (void)lang;
    return dsl::readable_name(code);
}

}  // namespace regels::interp
