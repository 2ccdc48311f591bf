// Asio-backed scheduler (see asio_scheduler.hpp).
#include "asio_scheduler.hpp"

namespace gcm::http {

void AsioScheduler::after(std::chrono::milliseconds delay, std::function<void()> task,
                          Group group) {
    net::post(strand_, [this, delay, group, task = std::move(task)]() mutable {
        if (stopped_)
            return;
        auto timer = std::make_shared<net::steady_timer>(strand_, delay);
        timers_.emplace(timer, group);
        timer->async_wait([this, timer, task = std::move(task)](beast::error_code ec) {
            timers_.erase(timer);
            if (!ec && !stopped_)
                task();
        });
    });
}

void AsioScheduler::cancel(Group group) {
    net::post(strand_, [this, group] {
        for (const auto& [timer, owner] : timers_)
            if (owner == group)
                timer->cancel();
    });
}

void AsioScheduler::cancel_all() {
    net::post(strand_, [this] {
        stopped_ = true;
        for (const auto& [timer, group] : timers_)
            timer->cancel();
    });
}

} // namespace gcm::http
