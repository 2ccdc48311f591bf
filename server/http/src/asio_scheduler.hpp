// app::Scheduler on Asio timers. All timers live on one strand, so cancel_all() is race-free.
#pragma once

#include "gcm/app/scheduler.hpp"
#include "net.hpp"

#include <memory>
#include <unordered_map>

namespace gcm::http {

class AsioScheduler final : public app::Scheduler {
public:
    explicit AsioScheduler(net::io_context& ioc) : strand_(net::make_strand(ioc)) {}

    void after(std::chrono::milliseconds delay, std::function<void()> task, Group group) override;
    void cancel(Group group) override;
    // Drops every pending task; later after() calls are ignored.
    void cancel_all();

private:
    net::strand<net::io_context::executor_type> strand_;
    bool stopped_ = false; // touched on the strand only
    std::unordered_map<std::shared_ptr<net::steady_timer>, Group> timers_;
};

} // namespace gcm::http
