// The language server behind `regels lsp` (LSP 3.17 over standard input and output).
//
// It answers from the same passes as `regels check`: a file belongs to a rule set (its
// folder, or the nearest folder above it whose parent holds no rule files directly, so
// `rules/nplv/gebieden/x.rules` belongs to `rules/nplv`), and every change re-checks that
// whole set, with the open editors' unsaved text in place of the files on disk. Checking
// rules/nplv takes a few milliseconds, so there is no incremental state to get wrong.
// Go to definition, references, rename and outlines read the checker's symbol index;
// hover reads the checked Program (types, parameter versions, citations) and the comments.
//
// Server::handle() takes one JSON-RPC message and returns the messages to send back, so
// tests can drive it without a process; serve() is the stdio loop around it. No handler
// may crash on half-typed text: every request is answered, with an error if need be.
#pragma once

#include <nlohmann/json.hpp>

#include <istream>
#include <memory>
#include <ostream>
#include <vector>

namespace regels::lsp {

class Server {
public:
    Server();
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // One message in, the responses and notifications to send out.
    std::vector<nlohmann::json> handle(const nlohmann::json& message);
    bool exited() const;
    int exit_code() const;  // 0 after shutdown then exit, 1 after exit alone
    // Milliseconds the last re-check of a rule set took (parse, check, index).
    double last_check_ms() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reads framed messages from `in` until `exit` or the end of input; returns the exit code.
int serve(std::istream& in, std::ostream& out);

}  // namespace regels::lsp
