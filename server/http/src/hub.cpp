// The connection registry (see hub.hpp).
#include "hub.hpp"

#include <vector>

namespace gcm::http {

void Hub::add(Connection* c, std::weak_ptr<Connection> weak) {
    std::lock_guard lock(mutex_);
    connections_.emplace(c, std::move(weak));
}

std::size_t Hub::size() {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void Hub::remove(Connection* c) {
    std::lock_guard lock(mutex_);
    connections_.erase(c);
    if (connections_.empty())
        empty_.notify_all();
}

void Hub::shutdown_all(bool force) {
    stopping_ = true;
    std::vector<std::shared_ptr<Connection>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto& [raw, weak] : connections_)
            if (auto c = weak.lock())
                live.push_back(std::move(c));
    }
    for (auto& c : live)
        c->shutdown(force);
}

bool Hub::wait_empty(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return empty_.wait_for(lock, limit, [&] { return connections_.empty(); });
}

} // namespace gcm::http
