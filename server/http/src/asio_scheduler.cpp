// Asio-backed scheduler (see asio_scheduler.hpp).
#include "asio_scheduler.hpp"

namespace gcm::http {

void AsioScheduler::after(std::chrono::milliseconds delay, std::function<void()> task,
                          Group group) {
    net::post(strand_, [this, delay, group, task = std::move(task)]() mutable {
        if (!stopped_)
            arm(delay, std::move(task), group, std::nullopt);
    });
}

AsioScheduler::Timer AsioScheduler::arm(std::chrono::milliseconds delay, std::function<void()> task,
                                        Group group, std::optional<Key> key) {
    auto timer = std::make_shared<net::steady_timer>(strand_, delay);
    timers_.emplace(timer, group);
    counted();
    timer->async_wait(
        [this, timer, key = std::move(key), task = std::move(task)](beast::error_code ec) {
            timers_.erase(timer);
            counted();
            if (key) {
                auto it = keyed_.find(*key);
                if (it != keyed_.end() && it->second == timer)
                    keyed_.erase(it);
            }
            if (!ec && !stopped_)
                task();
        });
    return timer;
}

void AsioScheduler::rearm(std::chrono::milliseconds delay, std::function<void()> task, Group group,
                          std::string key) {
    net::post(strand_,
              [this, delay, group, key = std::move(key), task = std::move(task)]() mutable {
                  if (stopped_)
                      return;
                  Key named{group, std::move(key)};
                  auto& slot = keyed_[named];
                  // The one it replaces completes at once, cancelled, and is freed then.
                  if (slot)
                      slot->cancel();
                  slot = arm(delay, std::move(task), group, std::move(named));
              });
}

void AsioScheduler::cancel(Group group, const std::string& key) {
    net::post(strand_, [this, named = Key{group, key}] {
        auto it = keyed_.find(named);
        if (it == keyed_.end())
            return;
        it->second->cancel();
        keyed_.erase(it);
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
