// Fuzz target: arbitrary bytes through `regels serve`'s HTTP layer, without a socket.
//
// The server (the NPLV rules, a register in a temporary file that does not wait for the
// disk) is set up once; each input is handed to httplib's own request parsing and the
// service's routes through an in-memory stream (service::process_raw), in one of two ways,
// chosen by the first byte:
//
//   even: the rest is a raw HTTP request (request line, headers, body), as a client sent it;
//   odd:  the rest is a facts document, sent as the body of a well-formed
//         POST /v1/decisions?as_of=2026-11-28, so the facts fuzz corpus (tests/fuzz/corpus/
//         fuzz_http holds it with a leading 0x01) goes through the HTTP layer too.
//
// Every answer must be an HTTP/1.1 status line or nothing (a request httplib drops); crashes,
// hangs, leaks and undefined behaviour are findings. httplib itself is Debian's shared
// library, built without the fuzzer's instrumentation: coverage guides the service's code,
// and httplib's parsing runs on whatever reaches it.
#include "service/service.hpp"
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

regels::service::RawService& service() {
    static std::shared_ptr<regels::service::RawService> s = [] {
        const char* root = std::getenv("REGELS_ROOT");
        std::string base = root != nullptr ? std::string(root) + "/" : "";
        regels::service::ServeOptions options;
        options.rules = {base + "rules/nplv"};
        options.db = (std::filesystem::temp_directory_path() /
                      ("regels-fuzz-http-" + std::to_string(::getpid()) + ".db"))
                         .string();
        options.sync = "off";
        options.max_body = 1U << 16U;
        options.max_time_ms = 2000;
        options.max_steps = 1'000'000;
        options.engine_version = "fuzz";
        static std::string db = options.db;
        std::atexit([] {
            for (const char* suffix : {"", "-wal", "-shm"}) {
                std::filesystem::remove(db + suffix);
            }
        });
        std::string error;
        auto made = regels::service::make_raw_service(options, error);
        if (!made) {
            std::fprintf(stderr, "fuzz_http: cannot set up the service: %s\n", error.c_str());
            std::abort();
        }
        return made;
    }();
    return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string request;
    if ((data[0] & 1U) == 0) {
        request = rest;
    } else {
        request =
            "POST /v1/decisions?as_of=2026-11-28 HTTP/1.1\r\nHost: fuzz\r\n"
            "Content-Type: application/json\r\nContent-Length: " +
            std::to_string(rest.size()) + "\r\n\r\n";
        request += rest;
    }
    std::string answer = regels::service::process_raw(service(), request);
    if (!answer.empty() && !answer.starts_with("HTTP/1.1 ")) {
        std::abort();
    }
    return 0;
}
