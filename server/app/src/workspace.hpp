// A namespace's world: its engine, its journal, its fault rules and pending waits, and the
// fixture it resets to; and the registry of namespaces (/_ns/{name}/...), which lets parallel
// tests share one server without seeing each other. A workspace is owned by the registry and by
// its leases (namespace_lease.hpp): a request while it is answered, a wait while it is pending,
// an event stream while it is open, a delayed answer until it is written. Timers and deliveries
// hold it weakly, so what fires after its namespace is gone does nothing.
//
// Who owns its state: its Serial (serial.hpp). The engine, journal, fault rules, waits, the event
// streams' fan-out, held notifications and the fixture are reached only through accessors that
// ask for a Serial::Turn; requests run their transaction in a turn (now), timers, deliveries'
// results, clients leaving and the namespace's deletion post theirs. One turn at a time: none
// of them has a lock.
//
// What keeps a namespace from expiring: a lease. The idle sweep (Namespaces::expire_idle) deletes
// a named namespace when, under the registry's lock, it has no lease and its last lease was
// released more than --namespace-idle-ms ago. No race is left to reason about: a lease is made
// either under that same lock (Namespaces::find, find_or_create) or from a lease already held
// (Workspace::lease, while the count cannot be zero); and releasing one stores the time before
// it lowers the count (release order), which the sweep reads after the count (acquire order).
#pragma once

#include "faults.hpp"
#include "gcm/app/config.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/app/scheduler.hpp"
#include "gcm/state/engine.hpp"
#include "journal.hpp"
#include "metrics.hpp"
#include "namespace_lease.hpp"
#include "serial.hpp"
#include "timers_to_start.hpp"
#include "waits.hpp"

#include <atomic>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gcm::app {

class EventFanout;

class Workspace : public std::enable_shared_from_this<Workspace> {
public:
    // A workspace loaded with the configured fixture, its timers running.
    static std::shared_ptr<Workspace> create(const AppConfig& config, Scheduler& scheduler,
                                             NotificationSink* notifier, Metrics& metrics,
                                             std::string name,
                                             std::shared_ptr<const state::Snapshot> fixture);

    // Runs `job(turn)` in a turn of this namespace on this thread (Serial::now), and returns
    // what it returns. The workspace lives at least as long.
    template <class F> auto now(F&& job) -> std::invoke_result_t<F&, const Serial::Turn&> {
        const auto keep = shared_from_this();
        return serial_.now(std::forward<F>(job));
    }
    // Runs `job(turn)` in a turn of this namespace, now or after the one under way
    // (Serial::post); never waits.
    void post(Serial::Job job);

    // What the namespace owns, for a job in a turn of its own (another namespace's turn will
    // not do: asserted).
    state::Engine& engine(const Serial::Turn& turn) { return owned(turn, engine_); }
    Journal& journal(const Serial::Turn& turn) { return owned(turn, journal_); }
    FaultRules& faults(const Serial::Turn& turn) { return owned(turn, faults_); }
    Waits& waits(const Serial::Turn& turn) { return owned(turn, *waits_); }
    // Its event streams' one journal subscriber (event_stream.hpp).
    EventFanout& event_fanout(const Serial::Turn& turn) { return owned(turn, *event_fanout_); }
    const std::string& name() const { return name_; }
    // For the gauges, from any thread: each a count kept where it changes.
    std::size_t call_count() const { return engine_.call_count(); }
    std::size_t waits_pending() const noexcept { return waits_->pending(); }
    std::size_t fault_rule_count() const noexcept { return faults_.size(); }

    // Carries out what a request's engine calls produced: journals the request (a Graph
    // request's record, if given) and its events together, and returns what must wait until
    // the response is written: the notifications (as the fault rules shape them), then the
    // timers. Never throws: the engine has already changed, so what can go out goes out.
    Aftermath publish(const Serial::Turn& turn, state::Effects&& effects,
                      std::optional<RequestRecord> request) noexcept;

    // Starts what a request or a timer set going (publish's Aftermath), once its answer and
    // notifications are out: its timers, delayed notifications, and the ends of the calls a
    // fault rule caught.
    void start(TimersToStart timers);

    // The namespace is deleted: forgets its timers and queued notifications, and answers its
    // pending waits and ends its streams, in a turn of its own after the one under way.
    void abandon();

    // Back to the fixture: every call as loaded, an empty journal, nothing pending from before,
    // only the persistent fault rules. The reload's timers go to `out`.
    void reset(const Serial::Turn& turn, state::Effects& out);
    // Replaces the fixture this namespace resets to, and resets.
    void replace_fixture(const Serial::Turn& turn, wire::Fixture fixture, state::Effects& out);

    // What --data-dir saved of it, loaded before the server listens: its calls (resumed as
    // PUT /_mock/fixtures resumes them, but its reset point stays the configured fixture), its
    // persistent fault rules under their ids, and its journal numbering.
    struct Saved {
        state::Snapshot calls;
        std::vector<std::pair<FaultRule, std::uint64_t>> fault_rules; // with their numbers
        std::uint64_t journal_sequence = 0;
    };
    void restore(const Saved& saved);
    // Counts what may have changed its state (a request other than GET or HEAD, events, timers
    // started), so --data-dir rewrites only the namespaces that changed since its last save.
    void mark_changed() noexcept { changes_.fetch_add(1, std::memory_order_relaxed); }
    std::uint64_t changes() const noexcept { return changes_.load(std::memory_order_relaxed); }
    // Unique to this workspace (a deleted name may come back as another one).
    std::uint64_t instance() const noexcept { return group_; }

    // Another lease on this namespace, for one who holds one already (a request's handler
    // starting a wait or an event stream, a request whose answer is delayed) or on the default
    // namespace, which never expires. The registry hands out the first ones (Namespaces::find).
    NamespaceLease lease();
    // How many leases are out, and when the last one was released (or the workspace made).
    std::size_t leases() const noexcept { return leases_.load(std::memory_order_acquire); }
    std::chrono::steady_clock::time_point last_used() const noexcept;

private:
    friend class NamespaceLease;
    template <class T> T& owned(const Serial::Turn& turn, T& state) const noexcept {
        assert(turn.of(serial_));
        (void)turn;
        return state;
    }
    // A lease was released: the idle time starts now if it was the last one.
    void returned() noexcept;
    Workspace(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
              Metrics& metrics, std::string name, std::shared_ptr<const state::Snapshot> fixture);
    struct Built {
        Notification notification;
        std::shared_ptr<const NotificationFacts> facts;
    };
    // A deferred action's time has come: its notifications leave at once, then its timers start.
    void fire(const Serial::Turn& turn, const state::DeferredAction& action);
    void carry_out(const Serial::Turn& turn, state::Effects&& effects);
    void start_timers(std::vector<state::Deferred> deferred);
    std::optional<Built> notification_for(const state::Event& event);
    // What the fault rules make of a request's (or a timer's) notifications, in order.
    std::vector<Notification> shape(const Serial::Turn& turn, std::vector<Built> built,
                                    std::vector<TimersToStart::Delayed>& delayed);
    void send(Notification notification);
    void release_held(const Serial::Turn& turn, const std::string& call_id, std::uint64_t token);
    // Drops timers, queued notifications and held ones (on reset and on delete).
    void drop_pending(const Serial::Turn& turn);

    const AppConfig& config_;
    Scheduler& scheduler_;
    NotificationSink* notifier_;
    Metrics& metrics_;
    std::string name_;
    // Unique per workspace (a name may come back after a delete): groups its timers, and
    // prefixes its notifications' ordering keys.
    Scheduler::Group group_;
    Serial serial_; // the owner of what follows (and of held_, fixture_)
    state::Engine engine_;
    Journal journal_;
    FaultRules faults_;
    std::shared_ptr<Waits> waits_;
    std::shared_ptr<EventFanout> event_fanout_;
    // What reset() returns to: the configured fixture (shared, not copied: the engine copies a
    // call only when it changes it) until one is uploaded.
    std::shared_ptr<const state::Snapshot> fixture_;
    // Notifications a "reorder" rule holds back until their call's next one.
    struct Held {
        Notification notification;
        std::uint64_t token;
    };
    std::map<std::string, Held, std::less<>> held_;
    std::uint64_t held_tokens_ = 0;
    std::atomic<std::int64_t> last_used_;
    std::atomic<std::size_t> leases_{0};
    std::atomic<std::uint64_t> changes_{0};
};

class Namespaces {
public:
    Namespaces(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
               Metrics& metrics);

    // Lives as long as the registry: requests to it need not hold it.
    Workspace& default_namespace() const { return *default_; }
    // A lease on the named namespace, created from the configured fixture on first use; empty
    // when the configured maximum is reached.
    NamespaceLease find_or_create(std::string_view name);
    // A lease on the named namespace if it exists (empty otherwise).
    NamespaceLease find(std::string_view name) const;
    // Forgets the named namespace; true if it existed. Its pending timers and queued
    // notifications are dropped; anything that still reaches it does nothing.
    bool remove(std::string_view name);
    // The names of the named namespaces, in order.
    std::vector<std::string> names() const;
    // Removes, as remove() does, every named namespace that has had no lease for `idle` (no
    // request in flight, no wait pending, no event stream open, no delayed answer unwritten);
    // returns their names.
    std::vector<std::string> expire_idle(std::chrono::milliseconds idle);
    // Every workspace, the default one first (named ""), for gauges.
    std::vector<std::shared_ptr<Workspace>> all() const;

private:
    const AppConfig& config_;
    Scheduler& scheduler_;
    NotificationSink* notifier_;
    Metrics& metrics_;
    // What every namespace starts from, shared by all of them.
    std::shared_ptr<const state::Snapshot> fixture_;
    std::shared_ptr<Workspace> default_;

    // Guards named_, and orders the leases it hands out with the idle sweep's decisions.
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Workspace>, std::less<>> named_;
};

} // namespace gcm::app
