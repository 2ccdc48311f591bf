// app::Scheduler on Asio timers. All timers live on one strand, so cancel_all() is race-free.
#pragma once

#include "gcm/app/scheduler.hpp"
#include "net.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace gcm::http {

class AsioScheduler final : public app::Scheduler {
public:
    explicit AsioScheduler(net::io_context& ioc) : strand_(net::make_strand(ioc)) {}

    void after(std::chrono::milliseconds delay, std::function<void()> task, Group group) override;
    void cancel(Group group) override;
    void rearm(std::chrono::milliseconds delay, std::function<void()> task, Group group,
               std::string key) override;
    void cancel(Group group, const std::string& key) override;
    std::size_t pending() const override { return pending_.load(std::memory_order_relaxed); }
    // Drops every pending task; later after() calls are ignored.
    void cancel_all();

private:
    using Key = std::pair<Group, std::string>;
    using Timer = std::shared_ptr<net::steady_timer>;
    // On the strand: a timer for `task`, forgotten (and freed) once it fired or was cancelled.
    Timer arm(std::chrono::milliseconds delay, std::function<void()> task, Group group,
              std::optional<Key> key);
    void counted() { pending_.store(timers_.size(), std::memory_order_relaxed); }

    net::strand<net::io_context::executor_type> strand_;
    bool stopped_ = false;                    // touched on the strand only
    std::unordered_map<Timer, Group> timers_; // on the strand only
    std::map<Key, Timer> keyed_;              // on the strand only: the timer each key names
    std::atomic<std::size_t> pending_{0};     // timers_.size(), readable anywhere
};

} // namespace gcm::http
