// The decision register: every answered decision request, append-only and tamper-evident,
// in one SQLite file (WAL).
//
// A row holds what is needed to show, years on, how a decision was made: the time, the
// engine version, the rules' fingerprint, the as-of date, the selection and options, the
// facts (canonical JSON) and their SHA-256, and the answer exactly as it was sent. Each rule
// version that ever answered is kept beside the rows, content-addressed by its hash, so a row
// can be decided again after the rules have changed (`regels replay`).
//
// Tamper evidence is a hash chain: a row's content hash covers every column (each value
// length-prefixed, so no two rows hash alike by moving text between columns), and its row
// hash covers the content hash and the previous row's hash. Changing any column of any row,
// or removing a row, breaks the chain from that row on; `verify` names the first such row.
// Removing the newest rows is caught by the head (the number of rows and the last row hash),
// which every commit writes in the same transaction. Triggers refuse UPDATE and DELETE, so
// the program itself cannot rewrite history by mistake; someone with the file can drop them,
// which is what the chain is for.
//
// Writes are group commits: appends from many request threads queue up, one writer thread
// commits all that are waiting in one transaction (synchronous=FULL, so a commit survives a
// power cut, not only a crash), and each append returns only after its row is committed.
#pragma once

#include "dsl/diagnostics.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace regels::service {

struct Row {
    std::int64_t id = 0;
    std::string time{};
    std::string engine{};
    std::string rules_hash{};
    std::string as_of{};
    std::string selection{};  // JSON array of decision names; [] = all
    std::string options{};    // JSON object: explain, lang, limits
    std::string facts{};      // canonical JSON
    std::string facts_sha256{};
    std::string response{};  // the 200 body, byte for byte
    std::string content_hash{};
    std::string prev_hash{};
    std::string row_hash{};
    // The engine's build, version and source revision ("0.1+9a80f40dbf9a"); "" in rows written
    // before registers kept it. Part of the content hash only when not empty, so those rows
    // still verify.
    std::string build{};
};

// The content hash of a row ("sha256:…" over every column but the three hashes).
std::string content_hash(const Row& row);
// The row hash: over the previous row's hash and this row's content hash.
std::string row_hash(const std::string& prev_hash, const std::string& content_hash);
// The previous-row hash of the first row.
extern const char* const genesis_hash;

struct VerifyReport {
    bool ok = false;
    std::int64_t rows = 0;
    std::int64_t rule_versions = 0;
    // The first problem: its code (E6001 unreadable, E6002 changed, E6003 removed, E6004
    // rule version) and what it is, naming the row.
    dsl::Code code = dsl::Code::E6001;
    std::int64_t row = 0;
    std::string message{};
};

class Register {
public:
    // Opens (creating when `create`) the register at `path`; null with `error` otherwise.
    // `sync`: SQLite's synchronous setting for commits. "full" (the default): a commit is on
    // the disk before the answer goes out, so it survives a power cut; "normal": it is in the
    // WAL in the operating system's cache, so it survives the process being killed but not a
    // power cut (fewer fsyncs); "off": only for fuzzing.
    static std::unique_ptr<Register> open(const std::string& path, bool create, std::string& error,
                                          const std::string& sync = "full");
    ~Register();
    Register(const Register&) = delete;
    Register& operator=(const Register&) = delete;

    // Keeps a rule version (its files as JSON) under its hash, once.
    bool store_rules(const std::string& hash, const std::string& files_json, std::string& error);
    std::optional<std::string> rules(const std::string& hash);

    // Appends a row and waits until it is committed. `row.response` is the answer without its
    // id: the register writes {"id":N, followed by the answer after its opening brace.
    // Returns the row (id, response and hashes filled in), or nullopt with `error`.
    std::optional<Row> append(Row row, std::string& error);

    std::optional<Row> get(std::int64_t id);
    std::int64_t size();

    // Walks the chain from the first row; see VerifyReport. `check_rules` is called for each
    // stored rule version (hash, files JSON) and returns "" when its files hash to its name.
    VerifyReport verify(
        const std::function<std::string(const std::string&, const std::string&)>& check_rules);

    // Stops the writer after the rows queued so far are committed.
    void close();

    // What the writer has done: transactions, rows in them, and seconds spent building the
    // rows (hashes) and committing them (SQLite, including its fsync).
    struct Stats {
        std::uint64_t commits = 0;
        std::uint64_t rows = 0;
        double build_s = 0;
        double commit_s = 0;
    };
    Stats stats();

private:
    Register() = default;
    void writer_loop();

    struct Pending {
        Row row;
        bool done = false;
        bool ok = false;
        std::string error{};
    };

    sqlite3* write_db_ = nullptr;
    sqlite3* read_db_ = nullptr;
    // Whether the decisions table has the `build` column (a register made before it was kept,
    // opened read-only, has not).
    bool has_build_ = false;
    std::mutex read_mutex_;
    std::mutex queue_mutex_;
    std::condition_variable queued_;
    std::condition_variable committed_;
    std::deque<Pending*> queue_;
    bool stopping_ = false;
    std::thread writer_;
    std::int64_t next_id_ = 1;
    std::string last_hash_;
    Stats stats_;  // guarded by queue_mutex_
};

}  // namespace regels::service
