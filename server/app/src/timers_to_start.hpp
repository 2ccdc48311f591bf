// The timers a request sets going, as data: what its Aftermath (gcm/app/http_types.hpp) carries
// for Application::deliver to start once the answer is written, so that none of them can notify
// before the request's own notifications.
#pragma once

#include "gcm/app/notifications.hpp"
#include "gcm/state/call.hpp"
#include "gcm/state/events.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace gcm::app {

class Workspace;

struct TimersToStart {
    std::weak_ptr<Workspace> workspace{}; // gone meanwhile: nothing starts
    // What the engine schedules next (timeouts, invitations, keepAlive checks).
    std::vector<state::Deferred> deferred{};
    // The calls that ended: their keepAlive timer goes.
    std::vector<std::string> ended{};
    // Notifications a fault rule delays.
    struct Delayed {
        std::chrono::milliseconds after;
        Notification notification;
    };
    std::vector<Delayed> delayed{};
    // The calls a fault rule keeps from coming up: they end after `after`, as `result_info` says.
    struct CallsToEnd {
        std::vector<std::string> ids{};
        std::chrono::milliseconds after{0};
        state::ResultInfo result_info{};
    };
    CallsToEnd calls_to_end{};
};

} // namespace gcm::app
