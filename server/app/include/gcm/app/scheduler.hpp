// Runs a task later. The network layer implements it with Asio timers; tests may step it by hand.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

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
};

} // namespace gcm::app
