// A namespace's world: its engine, its journal, and the fixture it resets to. Namespaces
// (/_ns/{name}/...) let parallel tests share one server without seeing each other.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/app/scheduler.hpp"
#include "gcm/state/engine.hpp"
#include "journal.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace gcm::app {

// While one is alive on a thread, notifications that thread's requests cause are collected in it
// instead of being sent: they leave with the response (see Response::notifications).
class NotificationBatch {
public:
    NotificationBatch();
    ~NotificationBatch();
    NotificationBatch(const NotificationBatch&) = delete;
    NotificationBatch& operator=(const NotificationBatch&) = delete;

    std::vector<Notification> take() { return std::move(items_); }
    // The batch of this thread, if any.
    static NotificationBatch* current();
    void add(Notification n) { items_.push_back(std::move(n)); }

private:
    std::vector<Notification> items_;
    NotificationBatch* previous_;
};

class Workspace {
public:
    Workspace(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier,
              std::string name);

    state::Engine& engine() { return engine_; }
    Journal& journal() { return journal_; }

    // Back to the fixture: every call as loaded, an empty journal.
    void reset();
    // Replaces the fixture this namespace resets to, and resets.
    void replace_fixture(wire::Fixture fixture);

private:
    void on_effects(state::Effects&& fx);
    void notify(const state::Event& event);

    const AppConfig& config_;
    Scheduler& scheduler_;
    NotificationSink* notifier_;
    std::string name_;
    state::Engine engine_;
    Journal journal_;
    std::mutex fixture_mutex_;
    // What reset() returns to: the configured fixture (shared, not copied) until one is uploaded.
    std::shared_ptr<const wire::Fixture> fixture_;
};

class Namespaces {
public:
    Namespaces(const AppConfig& config, Scheduler& scheduler, NotificationSink* notifier);

    Workspace& default_namespace() { return *default_; }
    // The named namespace, created from the configured fixture on first use; null when the
    // configured maximum is reached.
    Workspace* find_or_create(std::string_view name);

private:
    const AppConfig& config_;
    Scheduler& scheduler_;
    NotificationSink* notifier_;
    std::unique_ptr<Workspace> default_;
    std::mutex mutex_;
    std::map<std::string, std::unique_ptr<Workspace>, std::less<>> named_;
};

} // namespace gcm::app
