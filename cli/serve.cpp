// `regels serve`, `regels register verify` and `regels replay`: argument parsing only; the
// service, the register and replay are regels_service (service/service.hpp).
#include "cli/commands.hpp"
#include "cli/options.hpp"

#include "service/service.hpp"
#include <cstdio>

namespace regels::cli {

namespace {

constexpr const char* serve_help =
    "usage: regels serve RULES... --db FILE [--listen HOST:PORT] [options]\n"
    "\n"
    "Decides over HTTP (POST /v1/decisions?as_of=YYYY-MM-DD with a facts document) and keeps\n"
    "every answer in the decision register FILE (SQLite, created if missing) before it is\n"
    "sent. GET / is a page for reviewers; GET /v1/openapi.json describes the API (docs/api.md).\n"
    "SIGHUP (or POST /v1/rules/reload from loopback) loads the rules again; the new version\n"
    "serves only if it has no errors and its tests pass. SIGTERM or SIGINT: stop accepting,\n"
    "finish, exit 0.\n"
    "\n"
    "  --db FILE             the decision register (required)\n"
    "  --listen HOST:PORT    where to listen (default 127.0.0.1:8080; port 0: any free port,\n"
    "                        printed on standard output)\n"
    "  --max-body BYTES      the largest request body (default 8388608); larger: 413\n"
    "  --max-time MS         wall-clock milliseconds per request (default 10000; 0: unlimited);\n"
    "                        decisions not made in time are errors in the answer, as in eval\n"
    "  --max-steps N         expression steps per decision (default 0: unlimited)\n"
    "  --max-concurrent N    decision requests at once (default 12); more: 503\n"
    "  --threads N           HTTP worker threads, one per open connection (default 16)\n"
    "  --read-timeout S      seconds a client may stay silent mid-request (default 5)\n"
    "  --sync MODE           full (default): a decision is on disk before it is answered;\n"
    "                        normal: in the register's log in the system's cache (survives\n"
    "                        the server being killed, not a power cut; fewer disk flushes)\n"
    "\n";

}  // namespace

int run_serve(const Args& args) {
    Parsed p =
        parse_args(args,
                   joined({"--db", "--listen", "--max-body", "--max-time", "--max-steps",
                           "--max-concurrent", "--threads", "--read-timeout", "--sync", "--lang"},
                          rule_limit_flags()),
                   {"--help"});
    if (p.flag("--help")) {
        std::fputs(serve_help, stdout);
        std::fputs(lang_help, stdout);
        std::fputs(rule_limit_help, stdout);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional.empty()) {
        return usage_error("`serve` needs rule files or folders");
    }
    service::ServeOptions o;
    o.rules = p.positional;
    auto db = p.value("--db");
    if (!db) {
        return usage_error("`serve` needs `--db FILE` (the decision register)");
    }
    o.db = *db;
    std::string listen = p.value("--listen").value_or("127.0.0.1:8080");
    auto colon = listen.rfind(':');
    auto port = colon == std::string::npos ? std::nullopt : parse_count(listen.substr(colon + 1));
    if (!port || *port > 65535 || colon == 0) {
        return usage_error(
            fmt::format("`--listen {}`: use HOST:PORT, e.g. 127.0.0.1:8080", listen));
    }
    o.host = listen.substr(0, colon);
    if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') {
        o.host = o.host.substr(1, o.host.size() - 2);
    }
    o.port = static_cast<int>(*port);
    if (!read_count(p, "--max-body", o.max_body, 1) ||
        !read_count(p, "--max-time", o.max_time_ms, 0) ||
        !read_count(p, "--max-steps", o.max_steps, 0) ||
        !read_count(p, "--max-concurrent", o.max_concurrent, 1, 4096) ||
        !read_count(p, "--threads", o.threads, 2, 1024) ||
        !read_count(p, "--read-timeout", o.read_timeout_s, 1, 3600) ||
        !read_rule_limits(p, o.check.limits)) {
        return 2;
    }
    o.sync = p.value("--sync").value_or("full");
    if (o.sync != "full" && o.sync != "normal") {
        return usage_error(fmt::format("`--sync {}`: use full or normal", o.sync));
    }
    auto lang = lang_of(p);
    if (!lang) {
        return 2;
    }
    o.lang = *lang;
    o.engine_version = engine_version();
    o.build = engine_build();
    return service::serve(o);
}

int run_register(const Args& args) {
    Parsed p = parse_args(args, {}, {"--help"});
    if (p.flag("--help") || (p.error.empty() && p.positional.empty())) {
        std::fputs(
            "usage: regels register verify FILE\n"
            "Checks the decision register's hash chain: every row's columns against its content\n"
            "hash, every row against the one before it, the rows against the head the last\n"
            "commit wrote, and every stored rule version against its hash.\n"
            "Exit 0 when intact; 1 naming the first row changed or removed; 2 when FILE is not a\n"
            "register.\n",
            p.flag("--help") ? stdout : stderr);
        return p.flag("--help") ? 0 : 2;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    if (p.positional[0] != "verify" || p.positional.size() != 2) {
        return usage_error("use `regels register verify FILE`");
    }
    return service::verify_register(p.positional[1]);
}

int run_replay(const Args& args) {
    Parsed p = parse_args(args, {}, {"--help"});
    if (p.flag("--help")) {
        std::fputs(
            "usage: regels replay FILE ID\n"
            "Decides registered request ID of the register FILE again, from its stored facts\n"
            "under its stored rule version, and compares the answer with the registered one.\n"
            "Exit 0 when byte-identical; 1 with the first difference; 2 when FILE or ID is\n"
            "unusable.\n",
            stdout);
        return 0;
    }
    if (!p.error.empty()) {
        return usage_error(p.error);
    }
    auto id = p.positional.size() == 2 ? parse_count(p.positional[1]) : std::nullopt;
    if (!id || *id < 1 || *id > static_cast<std::uint64_t>(INT64_MAX)) {
        return usage_error("use `regels replay FILE ID` (ID: the \"id\" of a registered answer)");
    }
    return service::replay(p.positional[0], static_cast<std::int64_t>(*id), engine_version());
}

}  // namespace regels::cli
