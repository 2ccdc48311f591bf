// Workspaces and the namespace registry (see workspace.hpp).
#include "workspace.hpp"

#include "gcm/wire/notifications.hpp"

#include <boost/json/serialize.hpp>

namespace gcm::app {

namespace {
thread_local NotificationBatch* current_batch = nullptr;
} // namespace

NotificationBatch::NotificationBatch() : previous_(current_batch) {
    current_batch = this;
}
NotificationBatch::~NotificationBatch() {
    current_batch = previous_;
}
NotificationBatch* NotificationBatch::current() {
    return current_batch;
}

Workspace::Workspace(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
                     std::string name)
    : config_(config), scheduler_(scheduler), notifier_(config.notifications ? notifier : nullptr),
      name_(std::move(name)), engine_(config.engine), journal_(config.journal_capacity),
      fixture_(std::shared_ptr<const wire::Fixture>{}, &config.fixture) {
    engine_.set_sink([this](state::Effects&& fx) { on_effects(std::move(fx)); });
    engine_.load(*fixture_);
}

void Workspace::on_effects(state::Effects&& fx) {
    for (auto& deferred : fx.deferred)
        scheduler_.after(deferred.after,
                         [this, action = std::move(deferred.action)] { engine_.fire(action); });
    for (auto& event : fx.events) {
        if (notifier_)
            notify(event);
        // The full roster is for the notification; the journal keeps only what changed.
        if (auto* roster = std::get_if<state::RosterChanged>(&event))
            roster->roster = {};
        journal_.record(std::move(event));
    }
}

void Workspace::notify(const state::Event& event) {
    auto body = wire::notification_for(event);
    if (!body)
        return;
    const auto& call =
        std::visit([](const auto& e) -> const state::CallRef& { return e.call; }, event);
    std::string url = call.callback_uri.empty() ? config_.default_callback_uri : call.callback_uri;
    if (url.empty())
        return;
    Notification n{name_ + "/" + call.id,
                   call.id,
                   std::move(url),
                   boost::json::serialize(*body),
                   call.app_id,
                   call.tenant_id,
                   [this](const DeliveryRecord& r) { journal_.record(r); }};
    // Caused by a request: sent once its response is written. Caused by time: sent now.
    if (auto* batch = NotificationBatch::current())
        batch->add(std::move(n));
    else
        notifier_->send(std::move(n));
}

void Workspace::reset() {
    std::shared_ptr<const wire::Fixture> fixture;
    {
        std::lock_guard lock(fixture_mutex_);
        fixture = fixture_;
    }
    engine_.load(*fixture);
    journal_.clear();
}

void Workspace::replace_fixture(wire::Fixture fixture) {
    {
        std::lock_guard lock(fixture_mutex_);
        fixture_ = std::make_shared<const wire::Fixture>(std::move(fixture));
    }
    reset();
}

Namespaces::Namespaces(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier)
    : config_(config), scheduler_(scheduler), notifier_(notifier),
      default_(std::make_unique<Workspace>(config, scheduler, notifier, "")) {}

Workspace* Namespaces::find_or_create(std::string_view name) {
    std::lock_guard lock(mutex_);
    if (auto it = named_.find(name); it != named_.end())
        return it->second.get();
    if (named_.size() >= config_.max_namespaces)
        return nullptr;
    auto [it, inserted] = named_.emplace(
        std::string(name),
        std::make_unique<Workspace>(config_, scheduler_, notifier_, std::string(name)));
    return it->second.get();
}

} // namespace gcm::app
