// SHA-256, so every output can name the exact rule text that produced it.
#pragma once

#include <string>
#include <string_view>

namespace regels::interp {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace regels::interp
