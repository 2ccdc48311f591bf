// Runs a task later. The network layer implements it with Asio timers; tests may step it by hand.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace gcm::app {

class Scheduler {
public:
    // The timers of one namespace, so they can be dropped together when it goes.
    using Group = std::uint64_t;
    // For tasks that belong to no namespace (a wait's timeout, a delayed answer): never
    // cancelled by cancel(), only by the server stopping.
    static constexpr Group no_group = 0;

    virtual ~Scheduler() = default;
    virtual void after(std::chrono::milliseconds delay, std::function<void()> task,
                       Group group) = 0;
    // Drops what `group` still has pending. Without it, a gone namespace's timers would still
    // wait out their delay (then do nothing: they hold the namespace weakly).
    virtual void cancel(Group) {}
    // after(), for the one task `key` names in `group` (a call's keepAlive check): it takes the
    // place of the one pending there, so re-arming costs no timer more. A scheduler that keeps no
    // keys just adds it.
    virtual void rearm(std::chrono::milliseconds delay, std::function<void()> task, Group group,
                       std::string /*key*/) {
        after(delay, std::move(task), group);
    }
    // Drops the pending task of `key` in `group`, if any, and what it holds.
    virtual void cancel(Group, const std::string& /*key*/) {}
    // How many tasks are pending (tests and metrics read it; 0 if it does not count).
    virtual std::size_t pending() const { return 0; }
};

} // namespace gcm::app
