#include "service/register.hpp"

#include "interpreter/sha256.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <map>
#include <sqlite3.h>
#include <string_view>

namespace regels::service {

const char* const genesis_hash =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS register_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rule_versions(
  hash TEXT PRIMARY KEY,
  files TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions(
  id INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  engine TEXT NOT NULL,
  rules_hash TEXT NOT NULL,
  as_of TEXT NOT NULL,
  selection TEXT NOT NULL,
  options TEXT NOT NULL,
  facts TEXT NOT NULL,
  facts_sha256 TEXT NOT NULL,
  response TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  row_hash TEXT NOT NULL,
  build TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'the register is append-only'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'the register is append-only'); END;
CREATE TRIGGER IF NOT EXISTS rule_versions_no_update BEFORE UPDATE ON rule_versions
  BEGIN SELECT RAISE(ABORT, 'the register is append-only'); END;
CREATE TRIGGER IF NOT EXISTS rule_versions_no_delete BEFORE DELETE ON rule_versions
  BEGIN SELECT RAISE(ABORT, 'the register is append-only'); END;
INSERT OR IGNORE INTO register_info(key, value) VALUES ('format', 'regels-register 1');
)sql";

constexpr const char* row_columns =
    "id, time, engine, rules_hash, as_of, selection, options, facts, facts_sha256, response, "
    "content_hash, prev_hash, row_hash";

// A prepared statement, finalised when it goes out of scope.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
            stmt_ = nullptr;
        }
    }
    ~Statement() {
        sqlite3_finalize(stmt_);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    explicit operator bool() const {
        return stmt_ != nullptr;
    }
    void bind(int k, std::string_view text) {
        sqlite3_bind_text(stmt_, k, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int k, std::int64_t v) {
        sqlite3_bind_int64(stmt_, k, v);
    }
    int step() {
        return sqlite3_step(stmt_);
    }
    int columns() {
        return sqlite3_column_count(stmt_);
    }
    std::string text(int k) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, k));
        return p == nullptr
                   ? std::string{}
                   : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, k)));
    }
    std::int64_t integer(int k) {
        return sqlite3_column_int64(stmt_, k);
    }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

bool exec(sqlite3* db, const char* sql, std::string& error) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        error = message != nullptr ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        return false;
    }
    return true;
}

Row read_row(Statement& s) {
    Row r;
    r.id = s.integer(0);
    r.time = s.text(1);
    r.engine = s.text(2);
    r.rules_hash = s.text(3);
    r.as_of = s.text(4);
    r.selection = s.text(5);
    r.options = s.text(6);
    r.facts = s.text(7);
    r.facts_sha256 = s.text(8);
    r.response = s.text(9);
    r.content_hash = s.text(10);
    r.prev_hash = s.text(11);
    r.row_hash = s.text(12);
    if (s.columns() > 13) {
        r.build = s.text(13);
    }
    return r;
}

sqlite3* open_db(const std::string& path, bool create, std::string& error) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return nullptr;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

}  // namespace

std::string content_hash(const Row& row) {
    std::string all;
    auto add = [&](std::string_view v) {
        all += std::to_string(v.size());
        all += ':';
        all += v;
        all += '\n';
    };
    add(std::to_string(row.id));
    add(row.time);
    add(row.engine);
    add(row.rules_hash);
    add(row.as_of);
    add(row.selection);
    add(row.options);
    add(row.facts);
    add(row.facts_sha256);
    add(row.response);
    if (!row.build.empty()) {
        add(row.build);
    }
    return "sha256:" + interp::sha256_hex(all);
}

std::string row_hash(const std::string& prev_hash, const std::string& content) {
    return "sha256:" + interp::sha256_hex(prev_hash + "\n" + content);
}

std::unique_ptr<Register> Register::open(const std::string& path, bool create, std::string& error,
                                         const std::string& sync) {
    std::unique_ptr<Register> r(new Register());
    r->write_db_ = open_db(path, create, error);
    if (r->write_db_ == nullptr) {
        return nullptr;
    }
    // WAL: readers (GET, verify) never wait for the writer. FULL: a commit is on disk.
    const char* mode = sync == "off"      ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
                       : sync == "normal" ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
    if (!exec(r->write_db_, mode, error)) {
        return nullptr;
    }
    if (create && !exec(r->write_db_, schema, error)) {
        return nullptr;
    }
    {
        Statement s(r->write_db_, "SELECT value FROM register_info WHERE key = 'format'");
        if (!s || s.step() != SQLITE_ROW || s.text(0) != "regels-register 1") {
            error = "not a Regels register (no register_info format row)";
            return nullptr;
        }
    }
    // The build column, added to a register made before registers kept it.
    r->has_build_ = static_cast<bool>(Statement(r->write_db_, "SELECT build FROM decisions"));
    if (!r->has_build_ && create) {
        if (!exec(r->write_db_, "ALTER TABLE decisions ADD COLUMN build TEXT NOT NULL DEFAULT ''",
                  error)) {
            return nullptr;
        }
        r->has_build_ = true;
    }
    {
        Statement s(r->write_db_, "SELECT id, row_hash FROM decisions ORDER BY id DESC LIMIT 1");
        if (!s) {
            error = sqlite3_errmsg(r->write_db_);
            return nullptr;
        }
        if (s.step() == SQLITE_ROW) {
            r->next_id_ = s.integer(0) + 1;
            r->last_hash_ = s.text(1);
        } else {
            r->last_hash_ = genesis_hash;
        }
    }
    r->read_db_ = open_db(path, false, error);
    if (r->read_db_ == nullptr) {
        return nullptr;
    }
    if (create) {
        r->writer_ = std::thread([reg = r.get()] { reg->writer_loop(); });
    }
    return r;
}

Register::~Register() {
    close();
    sqlite3_close(read_db_);
    sqlite3_close(write_db_);
}

void Register::close() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queued_.notify_all();
    if (writer_.joinable()) {
        writer_.join();
    }
}

bool Register::store_rules(const std::string& hash, const std::string& files_json,
                           std::string& error) {
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "INSERT OR IGNORE INTO rule_versions(hash, files) VALUES (?, ?)");
    if (!s) {
        error = sqlite3_errmsg(read_db_);
        return false;
    }
    s.bind(1, hash);
    s.bind(2, files_json);
    if (s.step() != SQLITE_DONE) {
        error = sqlite3_errmsg(read_db_);
        return false;
    }
    return true;
}

std::optional<std::string> Register::rules(const std::string& hash) {
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT files FROM rule_versions WHERE hash = ?");
    if (!s) {
        return std::nullopt;
    }
    s.bind(1, hash);
    if (s.step() != SQLITE_ROW) {
        return std::nullopt;
    }
    return s.text(0);
}

std::optional<Row> Register::append(Row row, std::string& error) {
    Pending p{std::move(row)};
    std::unique_lock lock(queue_mutex_);
    if (stopping_ || !writer_.joinable()) {
        error = "the register is closed";
        return std::nullopt;
    }
    queue_.push_back(&p);
    queued_.notify_one();
    committed_.wait(lock, [&] { return p.done; });
    if (!p.ok) {
        error = p.error;
        return std::nullopt;
    }
    return std::move(p.row);
}

void Register::writer_loop() {
    while (true) {
        std::deque<Pending*> batch;
        {
            std::unique_lock lock(queue_mutex_);
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything queued is committed
            }
            batch.swap(queue_);
        }
        auto started = std::chrono::steady_clock::now();
        double build_s = 0;
        std::string error;
        bool ok = exec(write_db_, "BEGIN IMMEDIATE", error);
        std::int64_t id = next_id_;
        std::string last = last_hash_;
        if (ok) {
            Statement insert(write_db_,
                             "INSERT INTO decisions(id, time, engine, rules_hash, as_of, "
                             "selection, options, facts, facts_sha256, response, content_hash, "
                             "prev_hash, row_hash, build) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            ok = static_cast<bool>(insert);
            for (Pending* p : batch) {
                if (!ok) {
                    break;
                }
                auto building = std::chrono::steady_clock::now();
                Row& r = p->row;
                r.id = id;
                // The answer gets its register id as its first member.
                std::string_view rest = r.response;
                rest.remove_prefix(rest.starts_with('{') ? 1 : 0);
                r.response = fmt::format("{{\"id\":{},{}", id, rest);
                r.content_hash = content_hash(r);
                r.prev_hash = last;
                r.row_hash = row_hash(last, r.content_hash);
                build_s +=
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - building)
                        .count();
                int k = 1;
                insert.bind(k++, r.id);
                for (const std::string* v :
                     {&r.time, &r.engine, &r.rules_hash, &r.as_of, &r.selection, &r.options,
                      &r.facts, &r.facts_sha256, &r.response, &r.content_hash, &r.prev_hash,
                      &r.row_hash, &r.build}) {
                    insert.bind(k++, *v);
                }
                ok = insert.step() == SQLITE_DONE;
                insert.reset();
                if (ok) {
                    last = r.row_hash;
                    ++id;
                } else {
                    error = sqlite3_errmsg(write_db_);
                }
            }
            if (ok) {
                Statement head(write_db_,
                               "INSERT OR REPLACE INTO register_info(key, value) VALUES "
                               "('head', ?)");
                head.bind(1, fmt::format("{} {}", id - 1, last));
                ok = static_cast<bool>(head) && head.step() == SQLITE_DONE;
                if (!ok) {
                    error = sqlite3_errmsg(write_db_);
                }
            }
            ok = ok && exec(write_db_, "COMMIT", error);
            if (!ok) {
                std::string ignored;
                exec(write_db_, "ROLLBACK", ignored);
            }
        }
        if (ok) {
            next_id_ = id;
            last_hash_ = last;
        }
        {
            std::lock_guard lock(queue_mutex_);
            ++stats_.commits;
            stats_.rows += batch.size();
            stats_.build_s += build_s;
            stats_.commit_s +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() -
                build_s;
            for (Pending* p : batch) {
                p->done = true;
                p->ok = ok;
                p->error = ok ? "" : error;
            }
        }
        committed_.notify_all();
    }
}

Register::Stats Register::stats() {
    std::lock_guard lock(queue_mutex_);
    return stats_;
}

std::optional<Row> Register::get(std::int64_t id) {
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, fmt::format("SELECT {}{} FROM decisions WHERE id = ?", row_columns,
                                      has_build_ ? ", build" : "")
                              .c_str());
    if (!s) {
        return std::nullopt;
    }
    s.bind(1, id);
    if (s.step() != SQLITE_ROW) {
        return std::nullopt;
    }
    return read_row(s);
}

std::int64_t Register::size() {
    std::lock_guard lock(read_mutex_);
    Statement s(read_db_, "SELECT count(*) FROM decisions");
    return s && s.step() == SQLITE_ROW ? s.integer(0) : 0;
}

VerifyReport Register::verify(
    const std::function<std::string(const std::string&, const std::string&)>& check_rules) {
    std::lock_guard lock(read_mutex_);
    VerifyReport report;
    auto fail = [&](dsl::Code code, std::int64_t row, std::string message) {
        report.ok = false;
        report.code = code;
        report.row = row;
        report.message = std::move(message);
        return report;
    };
    // One read transaction, so the rows and the head are seen at the same moment.
    std::string error;
    if (!exec(read_db_, "BEGIN", error)) {
        return fail(dsl::Code::E6001, 0, error);
    }
    struct End {
        sqlite3* db;
        ~End() {
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        }
    } end{read_db_};
    // Rule versions first: every row names one.
    std::map<std::string, bool> versions;
    {
        Statement s(read_db_, "SELECT hash, files FROM rule_versions ORDER BY hash");
        if (!s) {
            return fail(dsl::Code::E6001, 0, sqlite3_errmsg(read_db_));
        }
        while (s.step() == SQLITE_ROW) {
            std::string hash = s.text(0);
            std::string problem = check_rules(hash, s.text(1));
            if (!problem.empty()) {
                return fail(dsl::Code::E6004, 0,
                            fmt::format("rule version {} was changed: {}", hash, problem));
            }
            versions[hash] = true;
            ++report.rule_versions;
        }
    }
    Statement s(read_db_, fmt::format("SELECT {}{} FROM decisions ORDER BY id", row_columns,
                                      has_build_ ? ", build" : "")
                              .c_str());
    if (!s) {
        return fail(dsl::Code::E6001, 0, sqlite3_errmsg(read_db_));
    }
    std::string prev = genesis_hash;
    std::int64_t expected = 1;
    int rc = 0;
    while ((rc = s.step()) == SQLITE_ROW) {
        Row r = read_row(s);
        if (r.id != expected) {
            return fail(dsl::Code::E6003, expected,
                        r.id > expected
                            ? fmt::format("row {} was removed (the next row is {})", expected, r.id)
                            : fmt::format("row {} is out of order", r.id));
        }
        if (content_hash(r) != r.content_hash) {
            return fail(dsl::Code::E6002, r.id,
                        fmt::format("row {} was changed: its columns no longer match its "
                                    "content hash",
                                    r.id));
        }
        if (r.prev_hash != prev) {
            return fail(dsl::Code::E6002, r.id,
                        fmt::format("row {} was changed: its previous-row hash is not row {}'s "
                                    "row hash",
                                    r.id, r.id - 1));
        }
        if (row_hash(prev, r.content_hash) != r.row_hash) {
            return fail(dsl::Code::E6002, r.id,
                        fmt::format("row {} was changed: its row hash does not match", r.id));
        }
        if (!versions.contains(r.rules_hash)) {
            return fail(dsl::Code::E6004, r.id,
                        fmt::format("row {} names rule version {}, which is not in the register",
                                    r.id, r.rules_hash));
        }
        prev = r.row_hash;
        ++expected;
    }
    if (rc != SQLITE_DONE) {
        return fail(dsl::Code::E6001, expected, sqlite3_errmsg(read_db_));
    }
    report.rows = expected - 1;
    Statement head(read_db_, "SELECT value FROM register_info WHERE key = 'head'");
    std::string want = report.rows == 0 ? "" : fmt::format("{} {}", report.rows, prev);
    std::string have = head && head.step() == SQLITE_ROW ? head.text(0) : "";
    if (have != want) {
        auto space = have.find(' ');
        std::int64_t head_rows = 0;
        if (space != std::string::npos) {
            std::from_chars(have.data(), have.data() + space, head_rows);
        }
        if (head_rows > report.rows) {
            return fail(dsl::Code::E6003, report.rows + 1,
                        fmt::format("row {} was removed: the last commit wrote {} rows, there are "
                                    "{}",
                                    report.rows + 1, head_rows, report.rows));
        }
        return fail(dsl::Code::E6002, report.rows,
                    fmt::format("the register's head does not match row {}", report.rows));
    }
    report.ok = true;
    return report;
}

}  // namespace regels::service
