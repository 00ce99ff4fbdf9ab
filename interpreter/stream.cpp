#include "interpreter/stream.hpp"

#include "interpreter/facts_simd.hpp"
#include "interpreter/messages.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace regels::interp {

namespace {

// Does evaluating `rule` for one record read anything beyond that record (other records,
// groups, decisions about the whole run, allocations)? Such rules cannot stream.
bool record_local(const dsl::Program& p, std::uint32_t rule, std::vector<int>& state) {
    if (state[rule] != 0) {
        return state[rule] == 1;
    }
    state[rule] = 1;  // the checker has ruled out cycles
    const dsl::RuleInfo& r = p.rules[rule];
    if (r.subject == dsl::SubjectKind::none || r.subject == dsl::SubjectKind::group) {
        state[rule] = 2;
        return false;
    }
    bool local = true;
    std::function<void(dsl::ExprId)> walk = [&](dsl::ExprId e) {
        if (!local) {
            return;
        }
        const dsl::Resolution& res = p.resolution[e];
        if (res.kind == dsl::Resolution::Kind::record_set ||
            std::holds_alternative<dsl::Allocate>(p.ast.expr(e).kind) ||
            (res.kind == dsl::Resolution::Kind::rule && !record_local(p, res.index, state))) {
            local = false;
            return;
        }
        dsl::for_each_child(p.ast.expr(e), walk);
    };
    walk(r.body);
    for (const auto& ex : r.exceptions) {
        walk(ex.condition);
        walk(ex.value);
    }
    state[rule] = local ? 1 : 2;
    return local;
}

// A group decision `sum(E for v in g where F)` (or count) whose E and F read only the record
// bound to v can be folded record by record: no record needs to be kept.
struct Fold {
    std::uint32_t rule;
    const dsl::Aggregate* aggregate;
    std::uint32_t var_slot;
};

bool reads_only(const dsl::Program& p, dsl::ExprId e, std::uint32_t slot, std::vector<int>& state) {
    bool ok = true;
    std::function<void(dsl::ExprId)> walk = [&](dsl::ExprId x) {
        if (!ok) {
            return;
        }
        const dsl::Expr& ex = p.ast.expr(x);
        const dsl::Resolution& res = p.resolution[x];
        // Another local (the group itself), other records, or a nested collection: the value
        // is not one record's alone, so it cannot be folded.
        bool other_local = res.kind == dsl::Resolution::Kind::local && res.index != slot &&
                           std::holds_alternative<dsl::NameRef>(ex.kind);
        bool collection = std::holds_alternative<dsl::Aggregate>(ex.kind) ||
                          std::holds_alternative<dsl::Allocate>(ex.kind) ||
                          std::holds_alternative<dsl::SetLit>(ex.kind) ||
                          std::holds_alternative<dsl::ListLit>(ex.kind) ||
                          std::holds_alternative<dsl::Extremum>(ex.kind) ||
                          std::holds_alternative<dsl::Match>(ex.kind) ||
                          std::holds_alternative<dsl::RangeLit>(ex.kind);
        if (other_local || collection || res.kind == dsl::Resolution::Kind::record_set ||
            (res.kind == dsl::Resolution::Kind::rule && !record_local(p, res.index, state))) {
            ok = false;
            return;
        }
        dsl::for_each_child(ex, walk);
    };
    walk(e);
    return ok;
}

std::optional<Fold> foldable(const dsl::Program& p, std::uint32_t rule, std::uint32_t record,
                             std::vector<int>& state) {
    const dsl::RuleInfo& r = p.rules[rule];
    if (r.subject != dsl::SubjectKind::group || p.groups[r.subject_ref].record != record ||
        !r.exceptions.empty() || r.kind != dsl::RuleKind::decision) {
        return std::nullopt;
    }
    const auto* agg = std::get_if<dsl::Aggregate>(&p.ast.expr(r.body).kind);
    if (agg == nullptr ||
        (agg->kind != dsl::AggregateKind::sum && agg->kind != dsl::AggregateKind::count)) {
        return std::nullopt;
    }
    const dsl::Resolution& coll = p.resolution[agg->collection];
    if (coll.kind != dsl::Resolution::Kind::local || coll.index != 0) {
        return std::nullopt;
    }
    for (const dsl::GroupKey& k : p.groups[r.subject_ref].keys) {
        if (!k.is_field && !record_local(p, k.index, state)) {
            return std::nullopt;
        }
    }
    std::uint32_t slot = p.resolution[r.body].index;
    if ((agg->body != dsl::no_expr && !reads_only(p, agg->body, slot, state)) ||
        (agg->filter != dsl::no_expr && !reads_only(p, agg->filter, slot, state))) {
        return std::nullopt;
    }
    return Fold{rule, agg, slot};
}

struct KeyLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
        for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
            int c = compare(a[k], b[k]);
            if (c != 0) {
                return c < 0;
            }
        }
        return a.size() < b.size();
    }
};

struct Accumulator {
    Number sum;
    std::int64_t count = 0;  // records that passed the filter
    std::int64_t int_sum = 0;
    bool failed = false;
    EvalError error{dsl::Code::E3001, {}, {}};
};

using FoldTable = std::map<std::vector<Value>, Accumulator, KeyLess>;

// Newlines in [begin, end): memchr finds each with SIMD, where a byte loop would cost more
// than reading the record did.
std::uint64_t count_newlines(const char* begin, const char* end) {
    std::uint64_t n = 0;
    while (begin < end) {
        const void* hit = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
        if (hit == nullptr) {
            break;
        }
        ++n;
        begin = static_cast<const char*>(hit) + 1;
    }
    return n;
}

struct Job {
    std::uint64_t index = 0;
    std::uint64_t first_line = 0;
    std::string text;
};

// The column (in code points, from 1) of byte `offset` of a line, as rule diagnostics count.
std::size_t column_of(std::string_view line, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
        column += (static_cast<unsigned char>(line[i]) & 0xC0U) != 0x80U ? 1U : 0U;
    }
    return column;
}

struct Done {
    std::string out;
    std::string errors;
    std::uint64_t read = 0;
    std::uint64_t bad = 0;
    std::uint64_t decisions = 0;
    std::uint64_t failed = 0;
    bool fatal = false;
    std::vector<std::pair<std::uint64_t, std::vector<Value>>> rows;  // kept for aggregates
};

// One worker's private evaluation state: a one-row table and an evaluator over it.
class Worker {
public:
    Worker(LoadedRules& rules, const Builtins& builtins, std::uint32_t record,
           const std::vector<std::uint32_t>& per_record, const std::vector<Fold>& folds,
           const EvalOptions& options, const FactsLimits& limits, const StreamOptions& stream,
           bool keep_rows, const MemberSets* members)
        : rules_(rules),
          record_(record),
          per_record_(per_record),
          folds_(folds),
          tables_(folds.size()),
          key_errors_(folds.size()),
          key_error_lines_(folds.size()),
          stream_(stream),
          keep_rows_(keep_rows),
          decoder_(rules.program, limits),
          explain_(options.explain) {
        facts_.tables.resize(rules.program.records.size());
        decoder_.set_members(members);
        evaluator_ = std::make_unique<Evaluator>(rules.program, builtins, facts_, options);
    }

    // Decides the records of `job` (whole lines). Good lines are read by simdjson as one
    // document stream; from a line it does not accept, the strict reader takes over up to
    // the next strict_run bytes (so it can say what is wrong), then simdjson again.
    // `out` is a recycled buffer for the decisions (cleared; its capacity is what counts).
    Done run(const Job& job, std::string out) {
        Done d;
        d.out = std::move(out);
        d.out.clear();
        // Each block is a scope of the shared layout, so its bytes do not depend on which
        // worker decided which block before.
        shared_.clear();
        d.out.reserve(out_reserve_);
        const std::string_view text = job.text;
        std::uint64_t line_no = job.first_line;  // lines before byte `counted`
        std::size_t counted = 0;
        auto line_of = [&](std::size_t begin) {
            line_no += count_newlines(text.data() + counted, text.data() + begin);
            counted = begin;
            return line_no + 1;
        };
        constexpr std::size_t strict_run = 64U << 10U;
        std::size_t pos = 0;
        while (pos < text.size()) {
            if (decoder_.fast()) {
                pos = fast_.decode_lines(job.text, pos, record_,
                                         [&](std::size_t begin, std::vector<Value>& row) {
                                             ++d.read;
                                             decide(row, line_of(begin), d);
                                         });
            }
            const std::size_t until = std::min(text.size(), pos + strict_run);
            while (pos < until) {
                std::size_t end = text.find('\n', pos);
                if (end == std::string_view::npos) {
                    end = text.size();
                }
                std::string_view line = text.substr(pos, end - pos);
                const std::uint64_t number = line_of(pos);
                pos = end + 1;
                if (!line.empty() && line.back() == '\r') {
                    line.remove_suffix(1);
                }
                // A byte order mark starts the file, not the record (columns count after it).
                if (job.first_line == 0 && line.data() == text.data() &&
                    line.starts_with("\xEF\xBB\xBF")) {
                    line.remove_prefix(3);
                }
                if (line.find_first_not_of(" \t") == std::string_view::npos) {
                    continue;
                }
                ++d.read;
                std::string message;
                dsl::Code code = dsl::Code::E4001;
                std::size_t offset = 0;
                if (!decoder_.decode_record(line, {}, record_, row_, message, code, &offset)) {
                    ++d.bad;
                    d.errors += fmt::format("{}:{}:{}: error[{}]: {}\n", stream_.facts_path, number,
                                            column_of(line, offset), dsl::info(code).id, message);
                    if (!stream_.keep_going) {
                        d.fatal = true;
                        return d;
                    }
                    continue;
                }
                decide(row_, number, d);
            }
        }
        out_reserve_ = std::max(out_reserve_, d.out.size());
        return d;
    }

    std::vector<FoldTable>& tables() {
        return tables_;
    }
    const std::optional<EvalError>& key_error(std::size_t fold) const {
        return key_errors_[fold];
    }
    // The input line of key_error (a worker takes its blocks in input order).
    std::uint64_t key_error_line(std::size_t fold) const {
        return key_error_lines_[fold];
    }
    std::vector<ExplCitation> citations(const std::vector<dsl::CitationInfo>& list) const {
        return evaluator_->cite(list);
    }

private:
    // Every decision about one decoded record, written to d.out. `row` is taken; it comes
    // back holding an earlier record's row, whose storage the decoder reuses.
    void decide(std::vector<Value>& row, std::uint64_t line_no, Done& d) {
        evaluator_->start_clock();  // --max-time is per record
        RecordTable& table = facts_.tables[record_];
        table.keys.clear();
        table.from_table.clear();
        table.keys.push_back(key_text(rules_.program, record_, row));
        table.rows.resize(1);
        std::swap(table.rows[0], row);
        Value subject = Value::record(record_, 0);
        result_.subject = subject;
        result_.subject_json.clear();
        evaluator_->subject_json(result_.subject_json, subject);
        // Only explanations show the subject as text.
        if (explain_) {
            result_.subject_text = evaluator_->subject_text(subject);
        }
        for (std::uint32_t r : per_record_) {
            result_.rule = r;
            result_.outcome = evaluator_->evaluate(r, subject);
            ++d.decisions;
            if (!result_.outcome.ok) {
                ++d.failed;
            }
            render_jsonl(d.out, rules_.program, evaluator_->explanation(), result_, explain_,
                         &written_, stream_.shared_layout ? &shared_ : nullptr);
        }
        fold(subject, line_no);
        evaluator_->reset_records();
        written_.clear();
        if (keep_rows_) {
            d.rows.emplace_back(line_no, std::move(table.rows[0]));
            table.rows[0] = {};
        }
    }

    // Adds this record to each folded group sum it belongs to.
    void fold(const Value& subject, std::uint64_t line_no) {
        const dsl::Program& p = rules_.program;
        for (std::size_t f = 0; f < folds_.size(); ++f) {
            const Fold& fd = folds_[f];
            const dsl::RuleInfo& r = p.rules[fd.rule];
            const bool had_error = key_errors_[f].has_value();
            auto key = evaluator_->group_key(r.subject_ref, 0, key_errors_[f]);
            if (!had_error && key_errors_[f]) {
                key_error_lines_[f] = line_no;
            }
            if (!key) {
                continue;
            }
            Accumulator& acc = tables_[f][*key];
            if (acc.failed) {
                continue;
            }
            slots_.assign(r.local_count, Value{});
            slots_[fd.var_slot] = subject;
            try {
                if (fd.aggregate->filter != dsl::no_expr &&
                    !evaluator_->eval_in(fd.rule, fd.aggregate->filter, slots_).truthy()) {
                    continue;
                }
                ++acc.count;
                if (fd.aggregate->kind == dsl::AggregateKind::sum) {
                    Value v = evaluator_->eval_in(fd.rule, fd.aggregate->body, slots_);
                    if (v.kind == ValueKind::integer) {
                        if (__builtin_add_overflow(acc.int_sum, v.i, &acc.int_sum)) {
                            throw EvalError{dsl::Code::E3001,
                                            "the sum is out of range for a whole number", r.where};
                        }
                    } else {
                        acc.sum = acc.sum + v.n;
                    }
                }
            } catch (const EvalError& e) {
                acc.failed = true;
                acc.error = e;
            }
        }
    }

    LoadedRules& rules_;
    std::uint32_t record_;
    const std::vector<std::uint32_t>& per_record_;
    const std::vector<Fold>& folds_;
    std::vector<FoldTable> tables_;
    std::vector<std::optional<EvalError>> key_errors_;
    std::vector<std::uint64_t> key_error_lines_;
    std::vector<Value> slots_;
    const StreamOptions& stream_;
    bool keep_rows_;
    FactsDecoder decoder_;
    bool explain_;
    Facts facts_;
    std::unique_ptr<Evaluator> evaluator_;
    WrittenNodes written_;  // this record's explanation nodes already written
    SharedTable shared_;    // the shared layout's definitions written in this block
    FastFactsReader fast_{decoder_};
    std::vector<Value> row_;
    DecisionResult result_{0, Value{}, {}, {}, {}};
    std::size_t out_reserve_ = 0;  // the largest block output so far
};

// Which of the selected rules are decided per record, folded record by record, or decided
// after the last record.
struct Plan {
    std::vector<std::uint32_t> per_record;
    std::vector<std::uint32_t> aggregate;
    std::vector<Fold> folds;
};

Plan plan_rules(const dsl::Program& p, const std::vector<std::uint32_t>& selected,
                std::uint32_t record) {
    Plan plan;
    std::vector<int> state(p.rules.size(), 0);
    for (std::uint32_t r : selected) {
        const dsl::RuleInfo& rule = p.rules[r];
        if (auto fold = foldable(p, r, record, state)) {
            plan.folds.push_back(*fold);
            continue;
        }
        if (rule.subject == dsl::SubjectKind::record && rule.subject_ref == record &&
            record_local(p, r, state)) {
            plan.per_record.push_back(r);
        } else {
            // About groups or the whole run, or about a record but reading other records (an
            // allocation, a sum over the others): decided once every record has been read,
            // over the rows kept (the planner makes that linear, not quadratic).
            plan.aggregate.push_back(r);
        }
    }
    return plan;
}

// The records: the main thread reads blocks of whole lines, the workers decide them, and
// their output is written in input order. Rows needed after the last record go to `kept`.
// Returns whether a bad line stopped the run.
bool decide_lines(std::ifstream& in, std::FILE* out, const dsl::Program& p, std::uint32_t record,
                  std::vector<std::unique_ptr<Worker>>& workers, const EvalOptions& options,
                  const FactsLimits& limits, const StreamOptions& stream, Facts& kept,
                  StreamReport& report) {
    const auto threads = static_cast<unsigned>(workers.size());
    // The main thread reads blocks of whole lines; workers decide them; results are written
    // in input order.
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Job> jobs;
    std::map<std::uint64_t, Done> done;
    // Input blocks and output buffers go round (reader -> worker -> reader, worker -> writer ->
    // worker) instead of being allocated in one thread and freed in another: with glibc's
    // per-thread arenas that pattern fragments, and the peak memory grew with the input.
    std::vector<std::string> free_texts;
    std::vector<std::string> free_outs;
    bool finished_reading = false;
    bool stop = false;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            while (true) {
                Job job;
                std::string out_buffer;
                {
                    std::unique_lock lock(mu);
                    cv.wait(lock, [&] { return !jobs.empty() || finished_reading || stop; });
                    if (stop || (jobs.empty() && finished_reading)) {
                        return;
                    }
                    job = std::move(jobs.front());
                    if (!free_outs.empty()) {
                        out_buffer = std::move(free_outs.back());
                        free_outs.pop_back();
                    }
                    jobs.pop_front();
                }
                Done d = workers[t]->run(job, std::move(out_buffer));
                {
                    std::lock_guard lock(mu);
                    done.emplace(job.index, std::move(d));
                    free_texts.push_back(std::move(job.text));
                }
                cv.notify_all();
            }
        });
    }

    FactsDecoder decoder(p, limits);
    bool fatal = false;
    auto started = std::chrono::steady_clock::now();
    std::uint64_t next_write = 0;
    std::uint64_t submitted = 0;
    std::uint64_t line_count = 0;
    std::string carry;
    // Explanations make each record's output a hundred times larger: smaller blocks keep the
    // work in flight (and so the memory) bounded.
    // The shared layout's definitions are written once per block: larger blocks repeat them
    // less often.
    const std::size_t block = !options.explain       ? (1U << 20U)
                              : stream.shared_layout ? (256U << 10U)
                                                     : (64U << 10U);
    std::vector<char> buffer(block);
    // On a terminal the progress line is rewritten in place; into a log (standard error not
    // a terminal) whole lines go, one every few seconds and one at the end, so the log holds
    // no `\r` and does not grow with every block.
    const bool terminal = ::isatty(2) != 0;
    const bool progress = stream.progress || terminal;
    const auto line_interval = terminal ? std::chrono::milliseconds(100) : std::chrono::seconds(5);
    auto last_line = started;
    auto progress_line = [&](bool final) {
        auto now = std::chrono::steady_clock::now();
        if (!final && now - last_line < line_interval) {
            return;
        }
        last_line = now;
        double secs = std::chrono::duration<double>(now - started).count();
        std::fprintf(stderr, "%sregels: %llu records, %.0f records/s, %.1f s%s",
                     terminal ? "\r" : "", static_cast<unsigned long long>(report.read),
                     secs > 0 ? static_cast<double>(report.read) / secs : 0.0, secs,
                     terminal && !final ? "" : "\n");
    };

    auto write_ready = [&](bool all) {
        while (true) {
            Done d;
            {
                std::unique_lock lock(mu);
                if (all) {
                    cv.wait(lock,
                            [&] { return done.count(next_write) > 0 || next_write == submitted; });
                }
                auto it = done.find(next_write);
                if (it == done.end()) {
                    return;
                }
                d = std::move(it->second);
                done.erase(it);
            }
            ++next_write;
            std::fwrite(d.out.data(), 1, d.out.size(), out);
            {
                std::lock_guard lock(mu);
                free_outs.push_back(std::move(d.out));
            }
            std::fputs(d.errors.c_str(), stderr);
            report.read += d.read;
            report.bad += d.bad;
            report.decisions += d.decisions;
            report.failed += d.failed;
            for (auto& [line, row] : d.rows) {
                dsl::DiagnosticBag row_bag;
                if (!decoder.add_row(kept, record, std::move(row), {}, fmt::format("line {}", line),
                                     row_bag)) {
                    for (const auto& diag : row_bag.items()) {
                        std::fprintf(stderr, "%s:%llu:1: error[%s]: %s\n",
                                     stream.facts_path.c_str(),
                                     static_cast<unsigned long long>(line), dsl::info(diag.code).id,
                                     diag.message.c_str());
                    }
                    fatal = fatal || !stream.keep_going ||
                            row_bag.items().front().code == dsl::Code::E4012;
                    ++report.bad;
                }
            }
            if (d.fatal) {
                fatal = true;
            }
            if (progress) {
                progress_line(false);
            }
            if (next_write == submitted && !all) {
                return;
            }
        }
    };

    while (!fatal) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        std::size_t got = static_cast<std::size_t>(in.gcount());
        if (got == 0) {
            break;
        }
        std::string text;
        {
            std::lock_guard lock(mu);
            if (!free_texts.empty()) {
                text = std::move(free_texts.back());
                free_texts.pop_back();
            }
        }
        text.clear();
        // Room for simdjson to read past the last line (FastFactsReader::padding).
        text.reserve(carry.size() + got + FastFactsReader::padding);
        text.append(carry);
        carry.clear();
        text.append(buffer.data(), got);
        std::size_t last = text.rfind('\n');
        if (last == std::string::npos) {
            carry = std::move(text);
            if (carry.size() > limits.max_record_bytes + 1) {
                std::fprintf(stderr, "%s:%llu:1: error[E4011]: line is longer than %zu bytes\n",
                             stream.facts_path.c_str(),
                             static_cast<unsigned long long>(line_count + 1),
                             limits.max_record_bytes);
                fatal = true;
            }
            continue;
        }
        carry = text.substr(last + 1);
        text.resize(last + 1);
        std::uint64_t lines = count_newlines(text.data(), text.data() + text.size());
        // Bound the work in flight (queued, running, or done but not yet written in order),
        // so memory stays flat however long the input is. While waiting for room, write
        // whatever is next in order.
        while (true) {
            {
                std::unique_lock lock(mu);
                cv.wait(lock, [&] {
                    return submitted - next_write < threads * 2 || done.count(next_write) > 0;
                });
                if (submitted - next_write < threads * 2) {
                    jobs.push_back(Job{submitted++, line_count, std::move(text)});
                    break;
                }
            }
            write_ready(false);
        }
        line_count += lines;
        cv.notify_all();
        write_ready(false);
    }
    if (!fatal && !carry.empty()) {
        carry.reserve(carry.size() + FastFactsReader::padding);
        std::unique_lock lock(mu);
        jobs.push_back(Job{submitted++, line_count, std::move(carry)});
        cv.notify_all();
    }
    {
        std::lock_guard lock(mu);
        finished_reading = true;
        if (fatal) {
            stop = true;
            jobs.clear();
        }
    }
    cv.notify_all();
    if (!fatal) {
        write_ready(true);
    }
    for (auto& t : pool) {
        t.join();
    }
    if (progress) {
        progress_line(true);
    }
    return fatal;
}

// The folded group sums: the workers' partial sums merged, in key order, one line each.
void write_folds(const dsl::Program& p, const std::vector<Fold>& folds,
                 std::vector<std::unique_ptr<Worker>>& workers, bool explain, std::FILE* out,
                 SharedTable* shared, StreamReport& report) {
    for (std::size_t f = 0; f < folds.size(); ++f) {
        FoldTable merged;
        for (auto& w : workers) {
            for (auto& [key, acc] : w->tables()[f]) {
                Accumulator& m = merged[key];
                if (m.failed) {
                    continue;
                }
                if (acc.failed) {
                    m = acc;
                    continue;
                }
                m.sum = m.sum + acc.sum;
                m.count += acc.count;
                if (__builtin_add_overflow(m.int_sum, acc.int_sum, &m.int_sum)) {
                    m.failed = true;
                    m.error = EvalError{
                        dsl::Code::E3001, "the sum is out of range for a whole number", {}};
                }
            }
        }
        // The first failure in input order, whichever worker met it.
        const Worker* first = nullptr;
        for (auto& w : workers) {
            if (w->key_error(f) &&
                (first == nullptr || w->key_error_line(f) < first->key_error_line(f))) {
                first = w.get();
            }
        }
        if (const Worker* w = first; w != nullptr) {
            for (auto& [key, acc] : merged) {
                acc.failed = true;
                acc.error = *w->key_error(f);
            }
            if (merged.empty()) {
                DecisionResult d{folds[f].rule, Value{}, "{}", "", {}};
                d.outcome.error = *w->key_error(f);
                ++report.decisions;
                ++report.failed;
                std::string line;
                render_jsonl(line, p, Explanation{}, d, false);
                std::fwrite(line.data(), 1, line.size(), out);
            }
        }
        const dsl::RuleInfo& rule = p.rules[folds[f].rule];
        dsl::TypeKind result_kind = p.types.kind(rule.result);
        for (const auto& [key, acc] : merged) {
            DecisionResult d{
                folds[f].rule, Value{}, "", group_subject_text(p, rule.subject_ref, key), {}};
            group_subject_json(d.subject_json, p, rule.subject_ref, key);
            Explanation ex;
            if (acc.failed) {
                d.outcome.ok = false;
                d.outcome.error = acc.error;
            } else {
                d.outcome.ok = true;
                d.outcome.value = folds[f].aggregate->kind == dsl::AggregateKind::count
                                      ? Value::integer(acc.count)
                                  : result_kind == dsl::TypeKind::integer
                                      ? Value::integer(acc.int_sum)
                                  : result_kind == dsl::TypeKind::money ? Value::money(acc.sum)
                                                                        : Value::decimal(acc.sum);
                if (explain) {
                    ExplNode n;
                    n.kind = ExplNode::Kind::decision;
                    n.name = rule.name;
                    n.subject = d.subject_text;
                    n.value = d.outcome.value;
                    n.type = rule.result;
                    n.where = rule.where;
                    n.citations = workers[0]->citations(rule.sources);
                    n.steps.push_back(
                        ExplStep{StepKind::aggregate,
                                 fmt::format("{} over {} record(s), added up while "
                                             "streaming: {}",
                                             to_string(folds[f].aggregate->kind), acc.count,
                                             display_value(p, d.outcome.value, rule.result)),
                                 std::nullopt, rule.where});
                    ex.nodes.push_back(std::move(n));
                    d.outcome.node = 0;
                }
            }
            ++report.decisions;
            report.failed += d.outcome.ok ? 0 : 1;
            std::string line;
            render_jsonl(line, p, ex, d, explain, nullptr, shared);
            std::fwrite(line.data(), 1, line.size(), out);
        }
    }
}

// The decisions about groups and the whole run, over the rows kept.
void write_group_decisions(const dsl::Program& p, const Builtins& builtins, Facts& kept,
                           const std::vector<std::uint32_t>& aggregate, const EvalOptions& options,
                           std::FILE* out, SharedTable* shared, StreamReport& report) {
    Evaluator evaluator(p, builtins, kept, options);
    WrittenNodes written;
    for (std::uint32_t r : aggregate) {
        for (const Value& subject : evaluator.subjects_of(r)) {
            DecisionResult d{r, subject, {}, evaluator.subject_text(subject), {}};
            evaluator.subject_json(d.subject_json, subject);
            d.outcome = evaluator.evaluate(r, subject);
            ++report.decisions;
            report.failed += d.outcome.ok ? 0 : 1;
            std::string line;
            render_jsonl(line, p, evaluator.explanation(), d, options.explain, &written, shared);
            std::fwrite(line.data(), 1, line.size(), out);
        }
    }
}

// The sets the lines' membership constraints are checked against, in `tables` (left empty
// when the record type has none). False, reported, when they cannot be made: a table or a
// parameter fails, or a constraint names a field of the record type being streamed, whose
// values are only known after the last line.
bool member_sets(LoadedRules& rules, const Builtins& builtins, std::uint32_t record,
                 const EvalOptions& options, Facts& tables, dsl::DiagnosticBag& bag) {
    const dsl::Program& p = rules.program;
    bool any = false;
    for (const dsl::FieldInfo& f : p.records[record].fields) {
        for (const dsl::ConstraintInfo& c : f.constraints) {
            if (c.kind != dsl::FieldConstraint::Kind::member) {
                continue;
            }
            any = true;
            if (c.record == record) {
                bag.report(dsl::Code::E5001, c.where,
                           fmt::format("`{}.{} {}` needs every `{}` record before the first can "
                                       "be checked, so the lines cannot be decided one at a "
                                       "time; give the facts as a JSON document",
                                       p.records[record].short_name, f.name, c.text,
                                       p.records[record].short_name));
                return false;
            }
        }
    }
    if (!any) {
        return true;
    }
    bool ok = add_table_rows(p, builtins, tables, options.as_of, bag, options.overrides);
    return finish_facts(p, tables, bag) && ok;
}

// The summary on standard error, and the exit code.
int summary(const StreamReport& report, Lang lang) {
    std::string line = message(lang, Msg::stream_summary, report.read, report.read - report.bad,
                               report.bad, report.decisions, report.failed);
    std::fputs(line.c_str(), stderr);
    if (report.bad > 0) {
        return 2;
    }
    return report.failed > 0 ? 1 : 0;
}

}  // namespace

int stream_jsonl(LoadedRules& rules, const Builtins& builtins,
                 const std::vector<std::uint32_t>& selected, const EvalOptions& options,
                 const FactsLimits& limits, const StreamOptions& stream, dsl::DiagnosticBag& bag,
                 StreamReport& report) {
    const dsl::Program& p = rules.program;
    // Which record type the lines are.
    std::optional<std::uint32_t> record = facts_record_type(
        p, stream.record_type, message(limits.lang, Msg::run_lines_are), bag, limits.lang);
    if (!record) {
        return 2;
    }
    const Plan plan = plan_rules(p, selected, *record);
    // Membership constraints (`gebied: text in Gebied.gebied`): the values come from the rules'
    // tables and parameters, as in a JSON document; the lines cannot add to them.
    Facts tables;
    const MemberSets* members = nullptr;
    if (!member_sets(rules, builtins, *record, options, tables, bag)) {
        return 2;
    }
    if (tables.members.ready()) {
        members = &tables.members;
    }

    std::optional<std::string> unreadable = unreadable_reason(stream.facts_path);
    errno = 0;
    std::ifstream in;
    if (!unreadable) {
        in.open(stream.facts_path, std::ios::binary);
        if (!in) {
            unreadable = system_reason(errno != 0 ? errno : EACCES);
        }
    }
    if (unreadable) {
        bag.report(
            dsl::Code::E4013, {},
            message(limits.lang, Msg::run_cannot_read_facts, stream.facts_path, *unreadable));
        return 2;
    }
    OutputFile output;
    std::FILE* out = stdout;
    if (!stream.output_path.empty()) {
        std::string error;
        if (!output.open(stream.output_path, error, options.lang)) {
            bag.report(dsl::Code::E5001, {}, error);
            return 2;
        }
        out = output.stream();
    }

    unsigned threads = stream.threads != 0
                           ? stream.threads
                           : std::max(1U, std::min(2U, std::thread::hardware_concurrency()));
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned t = 0; t < threads; ++t) {
        workers.push_back(std::make_unique<Worker>(rules, builtins, *record, plan.per_record,
                                                   plan.folds, options, limits, stream,
                                                   !plan.aggregate.empty(), members));
    }

    Facts kept;
    kept.tables.resize(p.records.size());
    bool fatal = decide_lines(in, out, p, *record, workers, options, limits, stream, kept, report);
    if (fatal) {
        if (stream.output_path.empty()) {
            std::fputs(message(options.lang, Msg::stream_stopped).c_str(), stderr);
        } else if (output.direct()) {
            std::fputs(message(options.lang, Msg::stream_stopped_file, stream.output_path).c_str(),
                       stderr);
        } else {
            std::fputs(message(options.lang, Msg::stream_stopped_unwritten).c_str(), stderr);
        }
        return 2;
    }
    // After the records, one more scope of the shared layout.
    SharedTable tail_shared;
    SharedTable* shared = stream.shared_layout ? &tail_shared : nullptr;
    write_folds(p, plan.folds, workers, options.explain, out, shared, report);
    // Decisions over all records, now that every record has been read.
    if (!plan.aggregate.empty()) {
        // The rules' own tables, which such decisions may read beside the lines.
        if (!p.table_rows.empty() &&
            !add_table_rows(p, builtins, kept, options.as_of, bag, options.overrides)) {
            return 2;
        }
        write_group_decisions(p, builtins, kept, plan.aggregate, options, out, shared, report);
    }
    if (out == stdout) {
        std::fflush(stdout);
    } else if (std::string error; !output.commit(error)) {
        bag.report(dsl::Code::E5001, {}, error);
        return 2;
    }
    return summary(report, options.lang);
}

}  // namespace regels::interp
