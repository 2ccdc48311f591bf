// POST /_mock/wait in one namespace: the waits that are pending, answered as soon as a journal
// entry matches (or one after `since` already did), or with 408 and the nearest misses when their
// time is up. No thread waits: a wait is a Later (gcm/app/later.hpp), a journal subscription
// (held only while some wait is pending) and a timer.
#pragma once

#include "entry_pattern.hpp"
#include "gcm/app/http_types.hpp"
#include "gcm/app/scheduler.hpp"
#include "journal.hpp"
#include "namespace_lease.hpp"
#include "serial.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gcm::state {
class Engine;
}

namespace gcm::app {

struct WaitSpec {
    EntryPattern pattern{EntryKind::request};
    boost::json::object match; // as given, echoed in a timeout's answer
    std::chrono::milliseconds timeout{10000};
    std::optional<std::uint64_t> since; // none: only what happens from now on counts
};

// Owned by its namespace's Serial: every member but pending() runs in a turn; its timers and
// a leaving client post theirs through `post`.
class Waits final : public JournalObserver, public std::enable_shared_from_this<Waits> {
public:
    // Runs a job in a turn of the namespace (Workspace::post), or not at all once it is gone.
    using Post = std::function<void(Serial::Job)>;
    Waits(Journal& journal, const state::Engine& engine, Scheduler& scheduler, Post post)
        : journal_(journal), engine_(engine), scheduler_(scheduler), post_(std::move(post)) {}

    // Starts a wait that `later` answers (it may be answered before this returns). It holds
    // `lease` (on this namespace) until it is answered, timed out, cancelled or abandoned.
    void start(WaitSpec spec, std::shared_ptr<Later> later, NamespaceLease lease);
    // The namespace is deleted: every pending wait is answered 404 at once, and so is every wait
    // that starts after it (a request that found the namespace just before its DELETE).
    void abandon();
    // How many are pending, from any thread (the gauges).
    std::size_t pending() const noexcept { return pending_count_.load(std::memory_order_relaxed); }

    void appended(std::span<const JournalEntry> entries) override;

private:
    struct Wait {
        WaitSpec spec;
        std::shared_ptr<Later> later;
        std::uint64_t after = 0; // entries after this sequence count
        std::chrono::steady_clock::time_point started;
        NamespaceLease lease; // released once it is answered
    };

    // Takes `wait` off the pending list; false when it was not there (answered already). Who
    // took it answers it, then releases its lease.
    bool take(const std::shared_ptr<Wait>& wait);
    // Answers `wait`, already taken or never pending, with the namespace's deletion.
    static void answer_gone(Wait& wait);
    void settle(const std::shared_ptr<Wait>& wait, const boost::json::object& entry);
    void time_out(const std::shared_ptr<Wait>& wait);
    Response matched(const Wait& wait, const boost::json::object& entry) const;

    Journal& journal_;
    const state::Engine& engine_;
    Scheduler& scheduler_;
    Post post_;
    std::vector<std::shared_ptr<Wait>> pending_;
    std::atomic<std::size_t> pending_count_{0}; // pending_.size(), for pending()
    bool subscribed_ = false;
    bool abandoned_ = false;
};

} // namespace gcm::app
