// Workspaces and the namespace registry (see workspace.hpp).
#include "workspace.hpp"

#include "gcm/app/log.hpp"
#include "gcm/wire/notifications.hpp"

#include <atomic>

namespace gcm::app {
namespace {

state::IdSource ids_for(const AppConfig& config, std::string_view name) {
    return config.id_source ? config.id_source(name) : state::IdSource{};
}

Scheduler::Group next_group() {
    static std::atomic<Scheduler::Group> groups{0};
    return ++groups;
}

} // namespace

Workspace::Workspace(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
                     std::string name, std::shared_ptr<const state::Snapshot> fixture)
    : config_(config), scheduler_(scheduler), notifier_(config.notifications ? notifier : nullptr),
      name_(std::move(name)), group_(next_group()), engine_(config.engine, ids_for(config, name_)),
      journal_(config.journal_capacity), fixture_(std::move(fixture)) {}

std::shared_ptr<Workspace> Workspace::create(const AppConfig& config, Scheduler& scheduler,
                                             NotificationSink* notifier, std::string name,
                                             std::shared_ptr<const state::Snapshot> fixture) {
    std::shared_ptr<Workspace> workspace(
        new Workspace(config, scheduler, notifier, std::move(name), std::move(fixture)));
    state::Effects loaded;
    workspace->engine_.load(loaded, *workspace->fixture_);
    workspace->start_timers(std::move(loaded.deferred)); // loading notifies nobody
    return workspace;
}

Aftermath Workspace::publish(state::Effects&& effects,
                             std::optional<RequestRecord> request) noexcept {
    Aftermath out;
    try {
        for (const auto& event : effects.events)
            if (notifier_)
                if (auto n = notification_for(event))
                    out.notifications.push_back(std::move(*n));
    } catch (const std::exception& e) {
        log_error(std::string("cannot build a notification: ") + e.what());
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
    out.start_timers = [weak = weak_from_this(), deferred = std::move(effects.deferred)]() mutable {
        if (auto self = weak.lock())
            self->start_timers(std::move(deferred));
    };
    return out;
}

void Workspace::start_timers(std::vector<state::Deferred> deferred) {
    for (auto& d : deferred)
        scheduler_.after(
            d.after,
            [weak = weak_from_this(), action = std::move(d.action)] {
                if (auto self = weak.lock())
                    self->fire(action);
            },
            group_);
}

void Workspace::fire(const state::DeferredAction& action) {
    state::Effects effects;
    engine_.fire(effects, action);
    auto aftermath = publish(std::move(effects), std::nullopt);
    for (auto& n : aftermath.notifications) {
        try {
            notifier_->send(std::move(n));
        } catch (const std::exception& e) {
            log_error(std::string("cannot queue a notification: ") + e.what());
        }
    }
    aftermath.start_timers();
}

void Workspace::abandon() {
    scheduler_.cancel(group_);
    if (notifier_)
        notifier_->forget(std::to_string(group_) + "/");
}

std::optional<Notification> Workspace::notification_for(const state::Event& event) {
    auto body = wire::notification_text(event);
    if (!body)
        return std::nullopt;
    const auto& call =
        std::visit([](const auto& e) -> const state::CallRef& { return e.call; }, event);
    std::string url = call.callback_uri.empty() ? config_.default_callback_uri : call.callback_uri;
    if (url.empty())
        return std::nullopt;
    // A validator rejects an empty audience or a missing tenant: fall back to the configured ones.
    const auto& chain = call.call_chain_id ? *call.call_chain_id : call.id;
    return Notification{std::to_string(group_) + "/" + call.id,
                        call.id,
                        std::move(url),
                        std::move(*body),
                        call.app_id.empty() ? config_.bot_app_id : call.app_id,
                        call.tenant_id.value_or(config_.tenant_id),
                        chain,
                        call.scenario_id.value_or(chain),
                        [weak = weak_from_this()](const DeliveryRecord& r) {
                            if (auto self = weak.lock())
                                self->journal_.record(r);
                        }};
}

void Workspace::reset(state::Effects& out) {
    std::shared_ptr<const state::Snapshot> fixture;
    {
        std::lock_guard lock(fixture_mutex_);
        fixture = fixture_;
    }
    abandon(); // what the old calls had pending would only be stale
    engine_.load(out, *fixture);
    journal_.clear();
}

void Workspace::replace_fixture(wire::Fixture fixture, state::Effects& out) {
    {
        std::lock_guard lock(fixture_mutex_);
        fixture_ = std::make_shared<const state::Snapshot>(state::snapshot_of(std::move(fixture)));
    }
    reset(out);
}

Namespaces::Namespaces(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier)
    : config_(config), scheduler_(scheduler), notifier_(notifier),
      fixture_(config.snapshot
                   ? config.snapshot
                   : std::make_shared<const state::Snapshot>(state::snapshot_of(config.fixture))),
      default_(Workspace::create(config, scheduler, notifier, "", fixture_)),
      instance_(next_group()) {}

namespace {

// What a thread found in one registry, valid while the registry's generation is unchanged.
struct ThreadCache {
    std::uint64_t instance = 0;
    std::uint64_t generation = 0;
    std::map<std::string, std::weak_ptr<Workspace>, std::less<>> found;
};

ThreadCache& thread_cache() {
    thread_local ThreadCache cache;
    return cache;
}

} // namespace

std::shared_ptr<Workspace> Namespaces::cached(std::string_view name) const {
    auto& cache = thread_cache();
    if (cache.instance != instance_ ||
        cache.generation != generation_.load(std::memory_order_acquire))
        return nullptr;
    auto it = cache.found.find(name);
    return it == cache.found.end() ? nullptr : it->second.lock();
}

void Namespaces::remember(std::string_view name,
                          const std::shared_ptr<Workspace>& workspace) const {
    // Called under the mutex: the generation cannot change meanwhile.
    auto& cache = thread_cache();
    const auto generation = generation_.load(std::memory_order_relaxed);
    if (cache.instance != instance_ || cache.generation != generation) {
        cache.instance = instance_;
        cache.generation = generation;
        cache.found.clear();
    }
    cache.found.insert_or_assign(std::string(name), workspace);
}

std::shared_ptr<Workspace> Namespaces::find_or_create(std::string_view name) {
    if (auto workspace = cached(name))
        return workspace;
    std::lock_guard lock(mutex_);
    if (auto it = named_.find(name); it != named_.end()) {
        remember(name, it->second);
        return it->second;
    }
    if (named_.size() >= config_.max_namespaces)
        return nullptr;
    auto workspace = Workspace::create(config_, scheduler_, notifier_, std::string(name), fixture_);
    named_.emplace(std::string(name), workspace);
    generation_.fetch_add(1, std::memory_order_release);
    remember(name, workspace);
    return workspace;
}

std::shared_ptr<Workspace> Namespaces::find(std::string_view name) const {
    if (auto workspace = cached(name))
        return workspace;
    std::lock_guard lock(mutex_);
    auto it = named_.find(name);
    if (it == named_.end())
        return nullptr;
    remember(name, it->second);
    return it->second;
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
        generation_.fetch_add(1, std::memory_order_release);
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

} // namespace gcm::app
