// `regels serve`: decisions over HTTP, each one kept in the decision register before it is
// answered; and the register's other two commands, `regels replay` and `regels register
// verify`, which read it back.
//
// HTTP is cpp-httplib (Debian's libcpp-httplib-dev): a small, thread-pooled HTTP/1.1 server
// that is enough for a loopback or reverse-proxied service and needs no event loop of ours.
// The handlers are thin: they parse the query, call decide() (service/decide.hpp, the same
// evaluation and renderer as `regels eval --format json`), append to the Register, and
// answer. The rule version is an immutable shared object: a reload (SIGHUP, or POST
// /v1/rules/reload from loopback) builds a new one beside it, checks it and runs its tests,
// and swaps the pointer only when all is well; requests in flight keep the version they
// started with.
#pragma once

#include "dsl/check.hpp"
#include "dsl/diagnostics.hpp"
#include "interpreter/explain.hpp"

#include "service/register.hpp"
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace regels::service {

struct ServeOptions {
    std::vector<std::string> rules{};  // files and folders, as for `regels eval`
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (printed on standard output)
    std::string db{};
    std::size_t max_body = 8U << 20U;    // bytes; larger bodies are a 413
    std::uint64_t max_time_ms = 10'000;  // per request; 0: unlimited
    std::uint64_t max_steps = 0;         // per decision; 0: unlimited
    unsigned threads = 16;               // HTTP worker threads (one per open connection)
    unsigned max_concurrent = 12;        // decisions at once; more are a 503
    unsigned read_timeout_s = 5;         // a client that sends nothing for this long is dropped
    std::string engine_version{};
    std::string build{};  // version and source revision, kept in every register entry
    dsl::CheckOptions check{};
    std::string sync = "full";  // the register's commits: full, normal (Register::open), off
    // `--lang`: the language of explanations and messages when a request names none (`lang=`).
    interp::Lang lang = interp::Lang::nl;
};

// Runs the server until SIGTERM or SIGINT (then stops accepting, finishes the requests in
// flight, commits the register and returns 0). Returns 2, with a message on standard error,
// when the rules have errors or the register or the address cannot be opened.
int serve(const ServeOptions& options);

// The routes without a listening socket: raw HTTP requests in, raw answers out, through
// httplib's own request parsing (tests/fuzz/fuzz_http.cpp). Null, with `error`, when the
// rules or the register cannot be loaded.
struct RawService;
std::shared_ptr<RawService> make_raw_service(const ServeOptions& options, std::string& error);
std::string process_raw(RawService& service, std::string_view request);

// `regels register verify FILE`: 0 when the chain is intact, 1 naming the first row changed
// or removed, 2 when the file is not a register. Prints its findings on standard error.
int verify_register(const std::string& path);

// `regels replay FILE ID`: decides a registered request again under its stored rule version;
// 0 when the answer is byte-identical, 1 with the first difference, 2 when the register or
// the id is unusable.
int replay(const std::string& path, std::int64_t id, const std::string& engine_version);

}  // namespace regels::service
