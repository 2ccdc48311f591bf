// Runs a task later. The network layer implements it with Asio timers; tests may step it by hand.
#pragma once

#include <chrono>
#include <functional>

namespace gcm::app {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    virtual void after(std::chrono::milliseconds delay, std::function<void()> task) = 0;
};

} // namespace gcm::app
