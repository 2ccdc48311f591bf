// What all connections share: the application, the options, and the registry that graceful
// shutdown walks to close idle connections and wait for busy ones.
#pragma once

#include "gcm/app/application.hpp"
#include "gcm/http/options.hpp"
#include "net.hpp"

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace gcm::http {

class Connection {
public:
    virtual ~Connection() = default;
    // Called from any thread: close now if idle (or if `force`), else after the response in
    // flight.
    virtual void shutdown(bool force) = 0;
};

class Hub {
public:
    Hub(app::Application& app, const ServerOptions& options, net::ssl::context* tls)
        : app(app), options(options), tls(tls) {}

    app::Application& app;
    const ServerOptions& options;
    net::ssl::context* tls; // null: plain HTTP only

    bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
    std::size_t size();
    void add(Connection* c, std::weak_ptr<Connection> weak);
    void remove(Connection* c);
    // Marks the hub stopping and asks every connection to shut down (`force`: right now).
    void shutdown_all(bool force);
    // Waits until no connection is left, at most `limit`; true if none is.
    bool wait_empty(std::chrono::milliseconds limit);

private:
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable empty_;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
};

} // namespace gcm::http
