// Delivers notifications to bots: strictly in order per call, never blocking the caller, a
// bounded number pending, retries with exponential backoff on connection errors, timeouts and
// 5xx, and every attempt reported back. One strand serializes the queues; the POSTs go over a
// small pool of kept-alive connections per callback host (post_pool.hpp).
#pragma once

#include "gcm/app/notifications.hpp"
#include "gcm/auth/token_signer.hpp"
#include "gcm/http/options.hpp"
#include "net.hpp"
#include "post_pool.hpp"

#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <random>

namespace gcm::http {

// Owned by a shared_ptr (std::make_shared): what its strand, timers and connections run later
// holds it weakly, so a handler that comes after it does nothing.
class Notifier final : public app::NotificationSink, public std::enable_shared_from_this<Notifier> {
public:
    Notifier(net::io_context& ioc, const NotifierOptions& options, const auth::TokenSigner& signer);

    void send(app::Notification notification) override;
    void forget(std::uint64_t group) override;
    // Drops what is pending and closes the kept-alive connections; attempts in flight end at
    // their timeout at the latest.
    void stop();
    // How many connections to bots were opened so far (read on the notifier's thread, or once
    // it is idle).
    std::size_t connections_opened() const { return pool_.stats().connections_opened; }
    // Waits until nothing is pending or in flight, at most `limit`.
    bool drain(std::chrono::milliseconds limit);

private:
    struct Item {
        app::Notification notification;
        unsigned attempt = 0;
    };
    struct Queue {
        std::deque<Item> items;
        bool busy = false;
        // Which queue of that key this is: forget() may drop a queue while its attempt is in
        // flight, and a new one for the same call must not take that attempt's outcome.
        std::uint64_t epoch = 0;
    };

    // On the strand: what send(), forget() and stop() post.
    void enqueue(app::Notification notification);
    void drop(std::uint64_t group);
    void halt();
    // The queue of `key`, if it is still the one of `epoch`.
    Queue* current(const app::OrderingKey& key, std::uint64_t epoch);
    void start(const app::OrderingKey& key);
    void attempt(const app::OrderingKey& key, std::uint64_t epoch);
    void finished(const app::OrderingKey& key, std::uint64_t epoch, unsigned status,
                  const std::string& error, std::chrono::milliseconds latency);
    void next(const app::OrderingKey& key);
    std::chrono::milliseconds backoff(unsigned attempt);
    void after(std::chrono::milliseconds delay, std::function<void(Notifier&)> task);
    // `task` run on this notifier, if it still exists when it runs.
    template <class Task> auto weakly(Task task) {
        return [weak = weak_from_this(), task = std::move(task)](auto&&... args) mutable {
            if (auto self = weak.lock())
                task(*self, std::forward<decltype(args)>(args)...);
        };
    }

    net::strand<net::io_context::executor_type> strand_;
    const NotifierOptions& options_;
    const auth::TokenSigner& signer_;
    net::ssl::context tls_;
    PostPool pool_;                            // on the strand only
    std::map<app::OrderingKey, Queue> queues_; // on the strand only
    std::uint64_t epochs_ = 0;                 // on the strand only
    std::size_t pending_ = 0;                  // on the strand only
    bool stopped_ = false;                     // on the strand only
    std::mt19937 random_{std::random_device{}()};
    std::atomic<std::size_t> outstanding_{0}; // queued + in flight, readable anywhere
};

} // namespace gcm::http
