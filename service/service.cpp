#include "service/service.hpp"

#include "interpreter/phrases.hpp"
#include "stdlib/stdlib.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/decide.hpp"
#include "service/internal.hpp"
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <httplib.h>
#include <map>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace regels::service {

namespace {

using Clock = std::chrono::steady_clock;

std::string now_utc() {
    if (const char* fixed = std::getenv("REGELS_FIXED_TIME")) {
        return fixed;
    }
    // To the millisecond: many decisions are registered in the same second.
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &utc);
    return fmt::format("{}.{:03}Z", buf.data(), ms.count());
}

dsl::CheckOptions eval_check_options(dsl::CheckOptions options) {
    options.lint_unused = options.lint_citations = false;
    options.check_sources = false;
    return options;
}

// Loads a stored rule version and confirms that it still hashes to its name.
std::shared_ptr<const RuleVersion> load_stored(const std::string& hash,
                                               const std::string& files_json,
                                               std::string& problem) {
    auto texts = files_from_json(files_json);
    if (!texts) {
        problem = "its files are not readable JSON";
        return nullptr;
    }
    auto v = make_version(std::move(*texts), eval_check_options({}), problem);
    if (v && v->rules->hash != hash) {
        problem = fmt::format("its files hash to {}", v->rules->hash);
        return nullptr;
    }
    return v;
}

// Prometheus counters. One mutex: a request touches it once, after its answer is written.
class Metrics {
public:
    void record(const std::string& route, int status, double seconds) {
        std::lock_guard lock(mutex_);
        ++requests_[{route, status}];
        Latency& l = latency_[route];
        for (std::size_t k = 0; k < bounds.size(); ++k) {
            l.buckets[k] += seconds <= bounds[k] ? 1U : 0U;
        }
        ++l.count;
        l.sum += seconds;
    }
    void error(const std::string& code) {
        std::lock_guard lock(mutex_);
        ++errors_[code];
    }
    // Time spent in one stage of answering a decision (see regels_stage_seconds_total).
    void stage(const char* name, double seconds) {
        std::lock_guard lock(mutex_);
        stages_[name] += seconds;
    }
    std::string render(std::int64_t register_rows, const Register::Stats& writer,
                       const std::string& rules_hash, unsigned in_flight) {
        std::lock_guard lock(mutex_);
        std::string out;
        out += "# HELP regels_requests_total HTTP requests answered, by route and status.\n";
        out += "# TYPE regels_requests_total counter\n";
        for (const auto& [key, n] : requests_) {
            out += fmt::format("regels_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                               key.first, key.second, n);
        }
        out += "# HELP regels_request_duration_seconds Time from request to answer, by route.\n";
        out += "# TYPE regels_request_duration_seconds histogram\n";
        for (const auto& [route, l] : latency_) {
            for (std::size_t k = 0; k < bounds.size(); ++k) {
                out += fmt::format(
                    "regels_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                    bounds[k], l.buckets[k]);
            }
            out += fmt::format(
                "regels_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route,
                l.count);
            out += fmt::format("regels_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n",
                               route, l.sum);
            out += fmt::format("regels_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                               l.count);
        }
        out += "# HELP regels_errors_total Error answers, by diagnostic code.\n";
        out += "# TYPE regels_errors_total counter\n";
        for (const auto& [code, n] : errors_) {
            out += fmt::format("regels_errors_total{{code=\"{}\"}} {}\n", code, n);
        }
        out +=
            "# HELP regels_stage_seconds_total Time spent answering 200 decisions, by stage: "
            "read (canonical JSON, decoding), evaluate, render (JSON), register (waiting "
            "for the commit).\n";
        out += "# TYPE regels_stage_seconds_total counter\n";
        for (const auto& [name, s] : stages_) {
            out += fmt::format("regels_stage_seconds_total{{stage=\"{}\"}} {:.6f}\n", name, s);
        }
        out += "# HELP regels_register_rows Decisions in the register.\n";
        out += "# TYPE regels_register_rows gauge\n";
        out += fmt::format("regels_register_rows {}\n", register_rows);
        out +=
            "# HELP regels_register_commits_total Transactions the register's writer committed "
            "(each holds the decisions waiting when it began).\n";
        out += "# TYPE regels_register_commits_total counter\n";
        out += fmt::format("regels_register_commits_total {}\n", writer.commits);
        out += fmt::format("regels_register_committed_rows_total {}\n", writer.rows);
        out +=
            "# HELP regels_register_writer_seconds_total The writer's time: building rows "
            "(hashes) and committing them (SQLite and its fsync).\n";
        out += "# TYPE regels_register_writer_seconds_total counter\n";
        out += fmt::format("regels_register_writer_seconds_total{{part=\"build\"}} {:.6f}\n",
                           writer.build_s);
        out += fmt::format("regels_register_writer_seconds_total{{part=\"commit\"}} {:.6f}\n",
                           writer.commit_s);
        out += "# HELP regels_decisions_in_flight Decision requests being decided now.\n";
        out += "# TYPE regels_decisions_in_flight gauge\n";
        out += fmt::format("regels_decisions_in_flight {}\n", in_flight);
        out += "# HELP regels_rules_info The rule version being served.\n";
        out += "# TYPE regels_rules_info gauge\n";
        out += fmt::format("regels_rules_info{{hash=\"{}\"}} 1\n", rules_hash);
        return out;
    }

private:
    static constexpr std::array<double, 10> bounds{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,  0.1,    0.25,  1.0,  5.0};
    struct Latency {
        std::array<std::uint64_t, bounds.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Latency> latency_;
    std::map<std::string, std::uint64_t> errors_;
    std::map<std::string, double> stages_;
};

// The route a request matched, for metrics (paths with ids folded together).
std::string route_of(const std::string& path) {
    if (path.starts_with("/v1/decisions/")) {
        return path.ends_with("/explanation") ? "/v1/decisions/{id}/explanation"
                                              : "/v1/decisions/{id}";
    }
    for (const char* known : {"/v1/decisions", "/v1/rules", "/v1/rules/reload", "/healthz",
                              "/metrics", "/v1/openapi.json", "/"}) {
        if (path == known) {
            return path;
        }
    }
    return "other";
}

thread_local Clock::time_point request_start;

// httplib's server, with the step that reads and answers one request from a stream opened to
// the fuzz target (process_request is protected: the listening loop is its only caller).
class Http : public httplib::Server {
public:
    using httplib::Server::process_request;
};

// A request held in memory, and the answer written beside it: for the fuzz target.
class BufferStream : public httplib::Stream {
public:
    explicit BufferStream(std::string_view in) : in_(in) {}
    bool is_readable() const override {
        return true;
    }
    bool is_writable() const override {
        return true;
    }
    ssize_t read(char* ptr, std::size_t size) override {
        std::size_t n = std::min(size, in_.size() - at_);
        std::copy_n(in_.data() + at_, n, ptr);
        at_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, std::size_t size) override {
        out_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 40000;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 8080;
    }
    socket_t socket() const override {
        return 0;
    }
    std::string& out() {
        return out_;
    }

private:
    std::string_view in_;
    std::size_t at_ = 0;
    std::string out_;
};

class Server {
public:
    Server(const ServeOptions& options, std::unique_ptr<Register> reg,
           std::shared_ptr<const RuleVersion> version)
        : options_(options), register_(std::move(reg)), current_(std::move(version)) {}

    int run();
    // Installs the routes and handlers (run() does it too).
    void setup();
    // One raw request through httplib's parsing and the routes, for the fuzz target.
    std::string process(std::string_view request) {
        BufferStream stream(request);
        bool closed = false;
        http_.process_request(stream, true, closed, nullptr);
        return std::move(stream.out());
    }
    // What a reload did: "" when the new version serves, else why not (and the old one stays).
    std::string reload(nlohmann::ordered_json& answer);
    void stop() {
        http_.stop();
    }

private:
    const ServeOptions& options_;
    std::unique_ptr<Register> register_;
    Http http_;
    Metrics metrics_;
    std::atomic<unsigned> in_flight_{0};

    std::mutex rules_mutex_;
    std::shared_ptr<const RuleVersion> current_;
    std::map<std::string, std::shared_ptr<const RuleVersion>> stored_;  // by hash, for replays
    std::mutex reload_mutex_;

    std::shared_ptr<const RuleVersion> current() {
        std::lock_guard lock(rules_mutex_);
        return current_;
    }
    std::shared_ptr<const RuleVersion> version(const std::string& hash, std::string& problem);

    void error(httplib::Response& res, int status, dsl::Code code, std::string_view message) {
        res.status = status;
        res.set_content(error_body(code, message), "application/json");
    }
    void routes();
    void post_decision(const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader& reader);
    void get_decision(const httplib::Request& req, httplib::Response& res);
    void get_explanation(const httplib::Request& req, httplib::Response& res);
};

std::shared_ptr<const RuleVersion> Server::version(const std::string& hash, std::string& problem) {
    {
        std::lock_guard lock(rules_mutex_);
        if (current_->rules->hash == hash) {
            return current_;
        }
        if (auto it = stored_.find(hash); it != stored_.end()) {
            return it->second;
        }
    }
    auto files = register_->rules(hash);
    if (!files) {
        problem = fmt::format("rule version {} is not in the register", hash);
        return nullptr;
    }
    auto v = load_stored(hash, *files, problem);
    if (!v) {
        problem = fmt::format("rule version {}: {}", hash, problem);
        return nullptr;
    }
    std::lock_guard lock(rules_mutex_);
    if (stored_.size() >= 16) {
        stored_.erase(stored_.begin());
    }
    stored_.emplace(hash, v);
    return v;
}

// Reads `name` from the query: a date, a boolean or one of `allowed`.
bool query_date(const httplib::Request& req, const char* name, std::int32_t& out,
                std::string& problem) {
    if (!req.has_param(name)) {
        problem = fmt::format("`{}=YYYY-MM-DD` is required", name);
        return false;
    }
    auto d = interp::parse_iso_date(req.get_param_value(name));
    if (!d) {
        problem =
            fmt::format("`{}={}` is not a date (YYYY-MM-DD)", name, req.get_param_value(name));
        return false;
    }
    out = *d;
    return true;
}

bool query_bool(const httplib::Request& req, const char* name, bool& out, std::string& problem) {
    if (!req.has_param(name)) {
        return true;
    }
    std::string v = req.get_param_value(name);
    if (v != "true" && v != "false") {
        problem = fmt::format("`{}={}`: use true or false", name, v);
        return false;
    }
    out = v == "true";
    return true;
}

bool query_lang(const httplib::Request& req, interp::Lang& out, std::string& problem) {
    if (!req.has_param("lang")) {
        return true;
    }
    auto lang = interp::lang_from_string(req.get_param_value("lang"));
    if (!lang) {
        problem = fmt::format("`lang={}`: use nl or en", req.get_param_value("lang"));
        return false;
    }
    out = *lang;
    return true;
}

std::optional<std::int64_t> path_id(const httplib::Request& req) {
    if (req.matches.size() < 2) {
        return std::nullopt;
    }
    std::string text = req.matches[1];
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id < 1) {
        return std::nullopt;
    }
    return id;
}

// Counts a decision request as in flight for as long as it lives.
class Slot {
public:
    Slot(std::atomic<unsigned>& counter, unsigned limit) : counter_(counter) {
        ok_ = counter_.fetch_add(1) < limit;
    }
    ~Slot() {
        counter_.fetch_sub(1);
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    bool ok() const {
        return ok_;
    }

private:
    std::atomic<unsigned>& counter_;
    bool ok_ = false;
};

void Server::post_decision(const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
    Slot slot(in_flight_, options_.max_concurrent);
    if (!slot.ok()) {
        res.set_header("Retry-After", "1");
        res.set_header("Connection", "close");
        return error(res, 503, dsl::Code::E6008,
                     fmt::format("over capacity: already deciding {} request{} (--max-concurrent); "
                                 "retry shortly",
                                 options_.max_concurrent, options_.max_concurrent == 1 ? "" : "s"));
    }
    Query query;
    query.lang = options_.lang;
    std::string problem;
    if (!query_date(req, "as_of", query.as_of, problem) ||
        !query_bool(req, "explain", query.explain, problem) ||
        !query_lang(req, query.lang, problem)) {
        res.set_header("Connection", "close");
        return error(res, 400, dsl::Code::E6010, problem);
    }
    for (std::size_t k = 0, n = req.get_param_value_count("decision"); k < n; ++k) {
        query.decisions.push_back(req.get_param_value("decision", k));
    }
    query.max_time_ms = options_.max_time_ms;
    query.max_steps = options_.max_steps;
    if (req.has_header("Content-Length")) {
        std::string length = req.get_header_value("Content-Length");
        std::uint64_t n = 0;
        auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
        if (ec == std::errc() && n > options_.max_body) {
            res.set_header("Connection", "close");
            return error(res, 413, dsl::Code::E6007,
                         fmt::format("the body has {} bytes; at most {} are accepted (--max-body)",
                                     n, options_.max_body));
        }
    }
    std::string body;
    bool too_large = false;
    bool read = reader([&](const char* data, std::size_t n) {
        if (body.size() + n > options_.max_body) {
            too_large = true;
            return false;
        }
        body.append(data, n);
        return true;
    });
    if (too_large) {
        res.set_header("Connection", "close");
        return error(
            res, 413, dsl::Code::E6007,
            fmt::format("the body is larger than {} bytes (--max-body)", options_.max_body));
    }
    if (!read) {
        res.set_header("Connection", "close");
        return error(res, 400, dsl::Code::E6010, "the body could not be read");
    }
    auto v = current();
    Stamp stamp{options_.engine_version, now_utc()};
    interp::FactsLimits limits;
    Answer answer = decide(*v, body, query, limits, stamp);
    if (answer.status != 200) {
        res.status = answer.status;
        res.set_content(answer.body, "application/json");
        return;
    }
    Row row;
    row.time = stamp.time;
    row.engine = stamp.engine_version;
    row.build = options_.build;
    row.rules_hash = v->rules->hash;
    row.as_of = dsl::format_date(query.as_of);
    row.selection = selection_json(query);
    row.options = options_json(query);
    row.facts = std::move(answer.facts_canonical);
    row.facts_sha256 = std::move(answer.facts_sha256);
    row.response = std::move(answer.body);
    std::string reason;
    auto committing = Clock::now();
    auto stored = register_->append(std::move(row), reason);
    metrics_.stage("read", answer.read_s);
    metrics_.stage("evaluate", answer.evaluate_s);
    metrics_.stage("render", answer.render_s);
    metrics_.stage("register", std::chrono::duration<double>(Clock::now() - committing).count());
    if (!stored) {
        return error(res, 500, dsl::Code::E6011,
                     fmt::format("the register could not commit the decision: {}", reason));
    }
    res.status = 200;
    res.set_header("Location", fmt::format("/v1/decisions/{}", stored->id));
    res.set_content(std::move(stored->response), "application/json");
}

void Server::get_decision(const httplib::Request& req, httplib::Response& res) {
    auto id = path_id(req);
    auto row = id ? register_->get(*id) : std::nullopt;
    if (!row) {
        return error(res, 404, dsl::Code::E6009,
                     fmt::format("no registered decision `{}`", req.matches[1].str()));
    }
    std::string out = fmt::format("{{\"id\":{},\"time\":", row->id);
    interp::json_string(out, row->time);
    out += ",\"engine\":";
    interp::json_string(out, row->engine);
    if (!row->build.empty()) {
        out += ",\"build\":";
        interp::json_string(out, row->build);
    }
    out += ",\"rules_hash\":";
    interp::json_string(out, row->rules_hash);
    out += ",\"as_of\":";
    interp::json_string(out, row->as_of);
    out += ",\"selection\":" + row->selection + ",\"options\":" + row->options;
    out += ",\"facts_sha256\":";
    interp::json_string(out, row->facts_sha256);
    out += ",\"row_hash\":";
    interp::json_string(out, row->row_hash);
    // The answer as it was sent, byte for byte (its own newline included).
    out += ",\"response\":" + row->response + "}\n";
    res.set_content(out, "application/json");
}

void Server::get_explanation(const httplib::Request& req, httplib::Response& res) {
    auto id = path_id(req);
    auto row = id ? register_->get(*id) : std::nullopt;
    if (!row) {
        return error(res, 404, dsl::Code::E6009,
                     fmt::format("no registered decision `{}`", req.matches[1].str()));
    }
    std::string format = req.has_param("format") ? req.get_param_value("format") : "html";
    if (format != "html" && format != "json" && format != "text") {
        return error(res, 400, dsl::Code::E6010,
                     fmt::format("`format={}`: use html, json or text", format));
    }
    Query query;
    if (!query_from_json(row->as_of, row->selection, row->options, query)) {
        return error(res, 500, dsl::Code::E6002,
                     fmt::format("row {} has a query that cannot be read", row->id));
    }
    std::string problem;
    if (!query_lang(req, query.lang, problem)) {
        return error(res, 400, dsl::Code::E6010, problem);
    }
    auto v = version(row->rules_hash, problem);
    if (!v) {
        return error(res, 500, dsl::Code::E6004, problem);
    }
    std::string out =
        explain(*v, row->facts, query, Stamp{options_.engine_version, row->time}, format);
    res.set_content(out, format == "html"   ? "text/html; charset=utf-8"
                         : format == "text" ? "text/plain; charset=utf-8"
                                            : "application/json");
}

std::string Server::reload(nlohmann::ordered_json& answer) {
    std::lock_guard lock(reload_mutex_);
    dsl::DiagnosticBag bag;
    auto rules = interp::load_rules(options_.rules, stdlib::standard_library().signatures, bag,
                                    eval_check_options(options_.check));
    answer["hash"] = rules->hash;
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const dsl::Diagnostic& d : bag.sorted()) {
        if (d.severity != dsl::Severity::error) {
            continue;
        }
        nlohmann::ordered_json e;
        e["code"] = dsl::info(d.code).id;
        e["message"] = d.message;
        if (d.where.file < rules->sources.size()) {
            const dsl::SourceFile& f = rules->sources.file(d.where.file);
            dsl::LineColumn at = f.line_column(d.where.span.begin);
            e["file"] = f.name();
            e["line"] = at.line;
            e["column"] = at.column;
        }
        errors.push_back(std::move(e));
    }
    std::string refused;
    if (bag.has_errors()) {
        refused = fmt::format("the rules have {} error{}", bag.error_count(),
                              bag.error_count() == 1 ? "" : "s");
        answer["tests"] = "not run";
    } else {
        refused = run_rule_tests(*rules);
        answer["tests"] = refused.empty() ? "passed" : "failed";
    }
    if (!refused.empty()) {
        errors.insert(
            errors.begin(),
            nlohmann::ordered_json{{"code", "E6006"},
                                   {"message", "reload refused: " + refused + "; still serving " +
                                                   current()->rules->hash}});
        answer["errors"] = std::move(errors);
        answer["serving"] = current()->rules->hash;
        return refused;
    }
    std::string error;
    auto v = make_version(rule_texts_of(*rules), eval_check_options(options_.check), error);
    if (!v) {
        answer["errors"] = nlohmann::ordered_json::array(
            {{{"code", "E6006"}, {"message", "reload refused: " + error}}});
        answer["serving"] = current()->rules->hash;
        return error;
    }
    if (!register_->store_rules(v->rules->hash, v->files_json, error)) {
        answer["errors"] = nlohmann::ordered_json::array(
            {{{"code", "E6011"}, {"message", "the register could not store the rules: " + error}}});
        answer["serving"] = current()->rules->hash;
        return error;
    }
    {
        std::lock_guard rules_lock(rules_mutex_);
        stored_.emplace(current_->rules->hash, current_);
        current_ = v;
    }
    answer["serving"] = v->rules->hash;
    return "";
}

void Server::routes() {
    http_.Post("/v1/decisions",
               [this](const httplib::Request& req, httplib::Response& res,
                      const httplib::ContentReader& reader) { post_decision(req, res, reader); });
    http_.Get(
        R"(/v1/decisions/([^/]+))",
        [this](const httplib::Request& req, httplib::Response& res) { get_decision(req, res); });
    http_.Get(
        R"(/v1/decisions/([^/]+)/explanation)",
        [this](const httplib::Request& req, httplib::Response& res) { get_explanation(req, res); });
    http_.Get("/v1/rules", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(current()->rules_json, "application/json");
    });
    http_.Post("/v1/rules/reload", [this](const httplib::Request& req, httplib::Response& res) {
        if (req.remote_addr != "127.0.0.1" && req.remote_addr != "::1" &&
            req.remote_addr != "::ffff:127.0.0.1") {
            return error(res, 403, dsl::Code::E6010,
                         "reload is accepted from loopback only (or send SIGHUP)");
        }
        nlohmann::ordered_json answer;
        std::string refused = reload(answer);
        std::fprintf(stderr, "regels serve: reload %s\n",
                     refused.empty() ? ("serving " + answer["serving"].get<std::string>()).c_str()
                                     : ("refused: " + refused).c_str());
        res.status = refused.empty() ? 200 : 409;
        res.set_content(answer.dump() + "\n", "application/json");
    });
    http_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(
            fmt::format("{{\"status\":\"ok\",\"rules_hash\":\"{}\"}}\n", current()->rules->hash),
            "application/json");
    });
    http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(metrics_.render(register_->size(), register_->stats(),
                                        current()->rules->hash, in_flight_),
                        "text/plain; version=0.0.4");
    });
    http_.Get("/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(openapi_json(), "application/json");
    });
    http_.Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(reviewer_page(), "text/html; charset=utf-8");
    });
    // Every other error (an unknown path, a body httplib refused, a malformed request) gets
    // the same JSON error body as the API's own.
    http_.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) {
            return;
        }
        switch (res.status) {
            case 404:
                return error(res, 404, dsl::Code::E6009, "no such path; see GET /v1/openapi.json");
            case 413:
                return error(res, 413, dsl::Code::E6007,
                             fmt::format("the body is larger than {} bytes (--max-body)",
                                         options_.max_body));
            default:
                return error(res, res.status, dsl::Code::E6010,
                             fmt::format("the request was refused (HTTP {})", res.status));
        }
    });
    http_.set_exception_handler(
        [this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            error(res, 500, dsl::Code::E6010, "internal error while answering");
        });
    http_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        request_start = Clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        double seconds = std::chrono::duration<double>(Clock::now() - request_start).count();
        metrics_.record(route_of(req.path), res.status, seconds);
        if (res.status >= 400) {
            auto at = res.body.find("\"code\":\"");
            metrics_.error(at == std::string::npos ? "none" : res.body.substr(at + 8, 5));
        }
    });
}

void Server::setup() {
    routes();
    http_.new_task_queue = [n = options_.threads] { return new httplib::ThreadPool(n); };
    http_.set_payload_max_length(options_.max_body);
    http_.set_read_timeout(options_.read_timeout_s, 0);
    http_.set_write_timeout(options_.read_timeout_s, 0);
    http_.set_keep_alive_max_count(1000);
    http_.set_keep_alive_timeout(options_.read_timeout_s);
    http_.set_tcp_nodelay(true);
}

int Server::run() {
    setup();
    int port = options_.port;
    if (port == 0) {
        port = http_.bind_to_any_port(options_.host);
        if (port < 0) {
            port = 0;
        }
    } else if (!http_.bind_to_port(options_.host, port)) {
        port = 0;
    }
    if (port == 0) {
        std::fprintf(stderr, "regels: error[E5001]: cannot listen on %s:%d\n",
                     options_.host.c_str(), options_.port);
        return 2;
    }
    std::printf("regels serve: listening on http://%s:%d (rules %s, register %s)\n",
                options_.host.c_str(), port, current()->rules->hash.c_str(), options_.db.c_str());
    std::fflush(stdout);
    http_.listen_after_bind();
    register_->close();
    return 0;
}

}  // namespace

int serve(const ServeOptions& options) {
    // Signals are taken by one thread with sigwait, so no handler runs inside a request.
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) {
        sigaddset(&signals, s);
    }
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    dsl::DiagnosticBag bag;
    auto rules = interp::load_rules(options.rules, stdlib::standard_library().signatures, bag,
                                    eval_check_options(options.check));
    if (bag.has_errors()) {
        std::string out = dsl::render_text(rules->sources, bag.sorted());
        std::fwrite(out.data(), 1, out.size(), stderr);
        return 2;
    }
    std::string failed = run_rule_tests(*rules);
    if (!failed.empty()) {
        std::fprintf(stderr, "regels: error[E6006]: not serving: %s\n", failed.c_str());
        return 2;
    }
    std::string error;
    auto reg = Register::open(options.db, true, error, options.sync);
    if (!reg) {
        std::fprintf(stderr, "regels: error[E6001]: cannot open the register `%s`: %s\n",
                     options.db.c_str(), error.c_str());
        return 2;
    }
    auto version = make_version(rule_texts_of(*rules), eval_check_options(options.check), error);
    if (!version) {
        std::fprintf(stderr, "regels: error[E6006]: not serving: %s\n", error.c_str());
        return 2;
    }
    if (!reg->store_rules(version->rules->hash, version->files_json, error)) {
        std::fprintf(stderr, "regels: error[E6011]: cannot store the rules in `%s`: %s\n",
                     options.db.c_str(), error.c_str());
        return 2;
    }
    Server server(options, std::move(reg), std::move(version));
    std::thread signal_thread([&] {
        while (true) {
            int sig = 0;
            if (sigwait(&signals, &sig) != 0) {
                continue;
            }
            if (sig == SIGHUP) {
                nlohmann::ordered_json answer;
                std::string refused = server.reload(answer);
                std::fprintf(stderr, "regels serve: SIGHUP: reload %s\n",
                             refused.empty() ? "done" : ("refused: " + refused).c_str());
            } else if (sig == SIGTERM || sig == SIGINT) {
                server.stop();  // run() returns once the requests in flight are answered
            } else {
                return;  // SIGUSR1 from below: run() has returned
            }
        }
    });
    int status = server.run();
    pthread_kill(signal_thread.native_handle(), SIGUSR1);
    signal_thread.join();
    return status;
}

struct RawService {
    std::unique_ptr<Server> server;
};

std::shared_ptr<RawService> make_raw_service(const ServeOptions& options, std::string& error) {
    dsl::DiagnosticBag bag;
    auto rules = interp::load_rules(options.rules, stdlib::standard_library().signatures, bag,
                                    eval_check_options(options.check));
    if (bag.has_errors()) {
        error = "the rules have errors";
        return nullptr;
    }
    auto reg = Register::open(options.db, true, error, options.sync);
    if (!reg) {
        return nullptr;
    }
    auto version = make_version(rule_texts_of(*rules), eval_check_options(options.check), error);
    if (!version || !reg->store_rules(version->rules->hash, version->files_json, error)) {
        return nullptr;
    }
    auto raw = std::make_shared<RawService>();
    raw->server = std::make_unique<Server>(options, std::move(reg), std::move(version));
    raw->server->setup();
    return raw;
}

std::string process_raw(RawService& service, std::string_view request) {
    return service.server->process(request);
}

int verify_register(const std::string& path) {
    std::string error;
    auto reg = Register::open(path, false, error);
    if (!reg) {
        std::fprintf(stderr, "regels: error[E6001]: cannot open the register `%s`: %s\n",
                     path.c_str(), error.c_str());
        return 2;
    }
    VerifyReport report = reg->verify([](const std::string& hash, const std::string& files) {
        std::string problem;
        return load_stored(hash, files, problem) ? std::string{} : problem;
    });
    if (!report.ok) {
        std::fprintf(stderr, "regels: error[%s]: %s\n", dsl::info(report.code).id,
                     report.message.c_str());
        return report.code == dsl::Code::E6001 ? 2 : 1;
    }
    std::fprintf(stderr, "register %s: %lld row%s and %lld rule version%s, chain intact\n",
                 path.c_str(), static_cast<long long>(report.rows), report.rows == 1 ? "" : "s",
                 static_cast<long long>(report.rule_versions),
                 report.rule_versions == 1 ? "" : "s");
    return 0;
}

int replay(const std::string& path, std::int64_t id, const std::string& engine_version) {
    std::string error;
    auto reg = Register::open(path, false, error);
    if (!reg) {
        std::fprintf(stderr, "regels: error[E6001]: cannot open the register `%s`: %s\n",
                     path.c_str(), error.c_str());
        return 2;
    }
    auto row = reg->get(id);
    if (!row) {
        std::fprintf(stderr, "regels: error[E6009]: no registered decision %lld in `%s`\n",
                     static_cast<long long>(id), path.c_str());
        return 2;
    }
    Query query;
    if (!query_from_json(row->as_of, row->selection, row->options, query)) {
        std::fprintf(stderr, "regels: error[E6002]: row %lld has a query that cannot be read\n",
                     static_cast<long long>(id));
        return 1;
    }
    auto files = reg->rules(row->rules_hash);
    std::string problem = "it is not in the register";
    auto version = files ? load_stored(row->rules_hash, *files, problem) : nullptr;
    if (!version) {
        std::fprintf(stderr, "regels: error[E6004]: row %lld: rule version %s: %s\n",
                     static_cast<long long>(id), row->rules_hash.c_str(), problem.c_str());
        return 1;
    }
    interp::FactsLimits limits;
    Answer answer = decide(*version, row->facts, query, limits, Stamp{engine_version, row->time});
    std::string replayed = answer.body;
    if (answer.status == 200) {
        std::string_view rest = replayed;
        rest.remove_prefix(1);
        replayed = fmt::format("{{\"id\":{},{}", id, rest);
    }
    if (replayed == row->response) {
        std::fprintf(stderr, "decision %lld replayed under rules %s: identical (%zu bytes)\n",
                     static_cast<long long>(id), row->rules_hash.c_str(), replayed.size());
        return 0;
    }
    // The first line that differs (the document has one line per decision).
    std::size_t line = 1;
    std::size_t at = 0;
    while (at < replayed.size() && at < row->response.size() && replayed[at] == row->response[at]) {
        line += replayed[at] == '\n' ? 1U : 0U;
        ++at;
    }
    auto line_at = [&](const std::string& text) {
        std::size_t begin = text.rfind('\n', at == 0 ? 0 : at - 1);
        begin = begin == std::string::npos ? 0 : begin + 1;
        std::size_t end = text.find('\n', at);
        std::string l =
            text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        return l.size() > 240 ? l.substr(0, 240) + "…" : l;
    };
    std::fprintf(stderr,
                 "regels: error[E6005]: decision %lld replayed differently, from line %zu (byte "
                 "%zu):\n  registered: %s\n  replayed:   %s\n",
                 static_cast<long long>(id), line, at, line_at(row->response).c_str(),
                 line_at(replayed).c_str());
    return 1;
}

}  // namespace regels::service
