// Workspaces and the namespace registry (see workspace.hpp).
#include "workspace.hpp"

#include "event_fanout.hpp"
#include "gcm/app/log.hpp"
#include "gcm/wire/notifications.hpp"

#include <atomic>

namespace gcm::app {
namespace {

// How long a "reorder" rule holds a notification back when its call has nothing more to say.
constexpr std::chrono::milliseconds reorder_hold_limit{5000};

state::IdSource ids_for(const AppConfig& config, std::string_view name) {
    return config.id_source ? config.id_source(name) : state::IdSource{};
}

Scheduler::Group next_group() {
    static std::atomic<Scheduler::Group> groups{Scheduler::no_group};
    return ++groups;
}

// The name of a call's one keepAlive timer in its namespace's group: each keepAlive re-arms it,
// the call's end drops it.
std::string keepalive_key(const std::string& call_id) {
    return "keepalive/" + call_id;
}

// The calls whose end these events tell.
std::vector<std::string> ended_calls(const std::vector<state::Event>& events) {
    std::vector<std::string> out;
    for (const auto& event : events)
        if (const auto* change = std::get_if<state::CallStateChanged>(&event))
            if (change->state == state::CallState::terminated)
                out.push_back(change->call.id);
    return out;
}

std::int64_t steady_ms(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace

Workspace::Workspace(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
                     Metrics& metrics, std::string name,
                     std::shared_ptr<const state::Snapshot> fixture)
    : config_(config), scheduler_(scheduler), notifier_(config.notifications ? notifier : nullptr),
      metrics_(metrics), name_(std::move(name)), group_(next_group()),
      engine_(config.engine, ids_for(config, name_)),
      journal_(config.journal_capacity, config.journal_bytes), faults_(config.seed, name_),
      event_fanout_(std::make_shared<EventFanout>(journal_)), fixture_(std::move(fixture)),
      last_used_(steady_ms(std::chrono::steady_clock::now())) {}

std::shared_ptr<Workspace> Workspace::create(const AppConfig& config, Scheduler& scheduler,
                                             NotificationSink* notifier, Metrics& metrics,
                                             std::string name,
                                             std::shared_ptr<const state::Snapshot> fixture) {
    std::shared_ptr<Workspace> workspace(
        new Workspace(config, scheduler, notifier, metrics, std::move(name), std::move(fixture)));
    // Its waits post their timers' and leaving clients' jobs to it while it lives.
    workspace->waits_ =
        std::make_shared<Waits>(workspace->journal_, workspace->engine_, scheduler,
                                [weak = std::weak_ptr<Workspace>(workspace)](Serial::Job job) {
                                    if (auto w = weak.lock())
                                        w->post(std::move(job));
                                });
    workspace->now([&](const Serial::Turn&) {
        state::Effects loaded;
        workspace->engine_.load(loaded, *workspace->fixture_);
        workspace->start_timers(std::move(loaded.deferred)); // loading notifies nobody
    });
    return workspace;
}

void Workspace::restore(const Saved& saved) {
    now([&](const Serial::Turn&) {
        state::Effects loaded;
        engine_.load(loaded, saved.calls);
        start_timers(std::move(loaded.deferred)); // loading notifies nobody
        for (const auto& [rule, number] : saved.fault_rules)
            faults_.restore(rule, number);
        journal_.continue_after(saved.journal_sequence);
    });
}

void Workspace::post(Serial::Job job) {
    const auto keep = shared_from_this(); // while this thread runs the turn, if it does
    serial_.post(std::move(job));
}

NamespaceLease Workspace::lease() {
    leases_.fetch_add(1, std::memory_order_relaxed);
    return NamespaceLease(shared_from_this());
}

void Workspace::returned() noexcept {
    // The time first, then the count: a sweep that sees the count at zero sees this time too.
    last_used_.store(steady_ms(std::chrono::steady_clock::now()), std::memory_order_relaxed);
    leases_.fetch_sub(1, std::memory_order_release);
}

void NamespaceLease::release() noexcept {
    if (auto workspace = std::move(workspace_))
        workspace->returned();
}

std::chrono::steady_clock::time_point Workspace::last_used() const noexcept {
    return std::chrono::steady_clock::time_point(
        std::chrono::milliseconds(last_used_.load(std::memory_order_relaxed)));
}

Aftermath Workspace::publish(const Serial::Turn& turn, state::Effects&& effects,
                             std::optional<RequestRecord> request) noexcept {
    Aftermath out;
    if (!effects.events.empty() || !effects.deferred.empty())
        mark_changed();
    std::vector<Built> built;
    try {
        for (const auto& event : effects.events)
            if (notifier_)
                if (auto n = notification_for(event))
                    built.push_back(std::move(*n));
    } catch (const std::exception& e) {
        log_error(std::string("cannot build a notification: ") + e.what());
    }
    // Before the journal takes the events.
    std::vector<std::string> ended;
    try {
        ended = ended_calls(effects.events);
    } catch (const std::exception& e) {
        log_error(std::string("cannot list the calls that ended: ") + e.what());
    }
    try {
        // The full roster is for the notification; the journal keeps only what changed.
        for (auto& event : effects.events)
            if (auto* roster = std::get_if<state::RosterChanged>(&event))
                roster->roster = {};
        journal_.record(std::move(request), std::move(effects.events));
    } catch (const std::exception& e) {
        log_error(std::string("cannot journal: ") + e.what());
    }
    // After the request's record: a dropped notification's entry follows what caused it.
    TimersToStart timers{.workspace = weak_from_this(),
                         .deferred = std::move(effects.deferred),
                         .ended = std::move(ended)};
    try {
        out.notifications = shape(turn, std::move(built), timers.delayed);
    } catch (const std::exception& e) {
        log_error(std::string("cannot apply a notification fault: ") + e.what());
    }
    try {
        if (!timers.deferred.empty() || !timers.ended.empty() || !timers.delayed.empty())
            out.timers = std::make_shared<TimersToStart>(std::move(timers));
    } catch (const std::exception& e) {
        log_error(std::string("cannot keep a request's timers: ") + e.what());
    }
    return out;
}

std::vector<Notification> Workspace::shape(const Serial::Turn&, std::vector<Built> built,
                                           std::vector<TimersToStart::Delayed>& delayed) {
    std::vector<Notification> out;
    out.reserve(built.size());
    for (auto& [n, facts] : built) {
        std::optional<NotificationFault> fault;
        if (!faults_.empty())
            fault = faults_.on_notification(n.call_id, facts->change_type, facts->resource_url);
        // A notification held back by "reorder" goes out right after its call's next one.
        std::optional<Notification> held;
        if (auto it = held_.find(n.call_id); it != held_.end()) {
            held = std::move(it->second.notification);
            held_.erase(it);
        }
        if (fault)
            metrics_.count_fault(FaultEffect::notification);
        const auto kind = fault ? std::optional(fault->kind) : std::nullopt;
        if (kind == NotificationFaultKind::drop) {
            if (n.record)
                n.record({.call_id = n.call_id,
                          .url = n.url,
                          .error = "dropped by fault rule " + fault->rule,
                          .outcome = DeliveryOutcome::dropped});
        } else if (kind == NotificationFaultKind::duplicate) {
            out.push_back(n);
            out.push_back(std::move(n));
        } else if (kind == NotificationFaultKind::delay) {
            delayed.push_back({fault->delay, std::move(n)});
        } else if (kind == NotificationFaultKind::reorder && !held) {
            const auto call_id = n.call_id;
            const auto token = ++held_tokens_;
            held_.insert_or_assign(call_id, Held{std::move(n), token});
            scheduler_.after(
                reorder_hold_limit,
                [weak = weak_from_this(), call_id, token] {
                    if (auto self = weak.lock())
                        self->post([self, call_id, token](const Serial::Turn& turn) {
                            self->release_held(turn, call_id, token);
                        });
                },
                group_);
        } else {
            out.push_back(std::move(n));
        }
        if (held)
            out.push_back(std::move(*held));
    }
    return out;
}

void Workspace::release_held(const Serial::Turn&, const std::string& call_id, std::uint64_t token) {
    auto it = held_.find(call_id);
    if (it == held_.end() || it->second.token != token)
        return;
    auto held = std::move(it->second.notification);
    held_.erase(it);
    send(std::move(held));
}

void Workspace::send(Notification notification) {
    if (!notifier_)
        return;
    try {
        notifier_->send(std::move(notification));
    } catch (const std::exception& e) {
        log_error(std::string("cannot queue a notification: ") + e.what());
    }
}

void Workspace::start_timers(std::vector<state::Deferred> deferred) {
    for (auto& d : deferred) {
        // A call's keepAlive check is one timer, re-armed by each keepAlive (a loaded calls'
        // shared check has no call id).
        const bool keepalive = d.action.kind == state::DeferredAction::Kind::check_keepalive &&
                               !d.action.call_id.empty();
        auto key = keepalive ? keepalive_key(d.action.call_id) : std::string();
        auto task = [weak = weak_from_this(), action = std::move(d.action)] {
            if (auto self = weak.lock())
                self->post([self, action](const Serial::Turn& turn) { self->fire(turn, action); });
        };
        if (keepalive)
            scheduler_.rearm(d.after, std::move(task), group_, std::move(key));
        else
            scheduler_.after(d.after, std::move(task), group_);
    }
}

void Workspace::carry_out(const Serial::Turn& turn, state::Effects&& effects) {
    auto aftermath = publish(turn, std::move(effects), std::nullopt);
    for (auto& n : aftermath.notifications)
        send(std::move(n));
    if (aftermath.timers)
        start(std::move(*aftermath.timers));
}

void Workspace::fire(const Serial::Turn& turn, const state::DeferredAction& action) {
    state::Effects effects;
    engine_.fire(effects, action);
    carry_out(turn, std::move(effects));
}

void Workspace::start(TimersToStart timers) {
    // An ended call's keepAlive check would only fire as a no-op when its window is out.
    for (const auto& call_id : timers.ended)
        scheduler_.cancel(group_, keepalive_key(call_id));
    start_timers(std::move(timers.deferred));
    for (auto& d : timers.delayed)
        scheduler_.after(
            d.after,
            [weak = weak_from_this(), n = std::move(d.notification)]() mutable {
                if (auto self = weak.lock())
                    self->send(std::move(n));
            },
            group_);
    auto& fail = timers.calls_to_end;
    for (auto& call_id : fail.ids)
        scheduler_.after(
            fail.after,
            [weak = weak_from_this(), call_id = std::move(call_id), info = fail.result_info] {
                if (auto self = weak.lock())
                    self->post([self, call_id, info](const Serial::Turn& turn) {
                        state::Effects effects;
                        // Ended as the remote side ends it; a call gone meanwhile stays gone.
                        (void)self->engine_.remote_hang_up(effects, call_id, info);
                        self->carry_out(turn, std::move(effects));
                    });
            },
            group_);
}

void Workspace::drop_pending(const Serial::Turn&) {
    scheduler_.cancel(group_);
    if (notifier_)
        notifier_->forget(group_);
    held_.clear();
}

void Workspace::abandon() {
    post([self = shared_from_this()](const Serial::Turn& turn) {
        self->drop_pending(turn);
        self->waits_->abandon();
        self->journal_.close(); // its event streams end
        // Also when no stream had subscribed: one opened from a lease taken before the DELETE
        // then ends at once (`gone`) instead of waiting on a journal that appends no more.
        self->event_fanout_->closed();
    });
}

std::optional<Workspace::Built> Workspace::notification_for(const state::Event& event) {
    auto body = wire::notification_text(event);
    if (!body)
        return std::nullopt;
    const auto& call =
        std::visit([](const auto& e) -> const state::CallRef& { return e.call; }, event);
    std::string url = call.callback_uri.empty() ? config_.default_callback_uri : call.callback_uri;
    if (url.empty())
        return std::nullopt;
    auto facts = std::make_shared<const NotificationFacts>(
        NotificationFacts{std::move(body->change_type), std::move(body->resource_url), body->body});
    // A validator rejects an empty audience or a missing tenant: fall back to the configured ones.
    const auto& chain = call.call_chain_id ? *call.call_chain_id : call.id;
    Notification n{
        .ordering_key = {.group = group_, .call_id = call.id},
        .call_id = call.id,
        .url = std::move(url),
        .body = std::move(body->body),
        .audience = call.app_id.empty() ? config_.bot_app_id : call.app_id,
        .tenant = call.tenant_id.value_or(config_.tenant_id),
        .chain_id = chain,
        .scenario_id = call.scenario_id.value_or(chain),
        .record = [weak = weak_from_this(), facts, metrics = &metrics_](const DeliveryRecord& r) {
            metrics->count_delivery(r.outcome);
            if (auto self = weak.lock())
                self->post([self, delivery = Delivery{r, facts}](const Serial::Turn&) mutable {
                    self->journal_.record(std::move(delivery));
                });
        }};
    return Built{std::move(n), std::move(facts)};
}

void Workspace::reset(const Serial::Turn& turn, state::Effects& out) {
    drop_pending(turn); // what the old calls had pending would only be stale
    engine_.load(out, *fixture_);
    journal_.clear();
    faults_.reset();
}

void Workspace::replace_fixture(const Serial::Turn& turn, wire::Fixture fixture,
                                state::Effects& out) {
    fixture_ = std::make_shared<const state::Snapshot>(state::snapshot_of(std::move(fixture)));
    reset(turn, out);
}

Namespaces::Namespaces(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
                       Metrics& metrics)
    : config_(config), scheduler_(scheduler), notifier_(notifier), metrics_(metrics),
      fixture_(config.snapshot
                   ? config.snapshot
                   : std::make_shared<const state::Snapshot>(state::snapshot_of(config.fixture))),
      default_(Workspace::create(config, scheduler, notifier, metrics, "", fixture_)) {}

NamespaceLease Namespaces::find_or_create(std::string_view name) {
    std::lock_guard lock(mutex_);
    if (auto it = named_.find(name); it != named_.end())
        return it->second->lease();
    if (named_.size() >= config_.max_namespaces)
        return {};
    auto workspace =
        Workspace::create(config_, scheduler_, notifier_, metrics_, std::string(name), fixture_);
    named_.emplace(std::string(name), workspace);
    return workspace->lease();
}

NamespaceLease Namespaces::find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = named_.find(name);
    if (it == named_.end())
        return {};
    return it->second->lease();
}

bool Namespaces::remove(std::string_view name) {
    std::shared_ptr<Workspace> gone;
    {
        std::lock_guard lock(mutex_);
        auto it = named_.find(name);
        if (it == named_.end())
            return false;
        gone = std::move(it->second);
        named_.erase(it);
    }
    gone->abandon();
    return true;
}

std::vector<std::string> Namespaces::names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    out.reserve(named_.size());
    for (const auto& [name, workspace] : named_)
        out.push_back(name);
    return out;
}

std::vector<std::string> Namespaces::expire_idle(std::chrono::milliseconds idle) {
    const auto cutoff = std::chrono::steady_clock::now() - idle;
    std::vector<std::shared_ptr<Workspace>> gone;
    std::vector<std::string> names;
    {
        std::lock_guard lock(mutex_);
        for (auto it = named_.begin(); it != named_.end();) {
            const auto& w = it->second;
            // Leased (a request in flight, a wait pending, an event stream open, a delayed
            // answer unwritten): in use. Only the registry makes a lease of a namespace without
            // one, under this lock, so none can appear between this check and the erase. The
            // count is read first: the time its last release stored is then visible.
            if (w->leases() == 0 && w->last_used() < cutoff) {
                names.push_back(it->first);
                gone.push_back(std::move(it->second));
                it = named_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& w : gone)
        w->abandon();
    return names;
}

std::vector<std::shared_ptr<Workspace>> Namespaces::all() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Workspace>> out{default_};
    for (const auto& [name, workspace] : named_)
        out.push_back(workspace);
    return out;
}

} // namespace gcm::app
