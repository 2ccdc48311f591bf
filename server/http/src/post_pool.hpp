// POSTs to bots over kept-alive connections: a small pool per callback host (scheme, host and
// port), bounded; one request at a time on a connection (no pipelining); requests beyond the
// bound wait for a connection in the order they came. A connection the bot closed while it sat
// idle costs a reconnect, not a failed attempt: a request that finds its reused connection gone
// before any answer came is sent again on a fresh one. Connections idle for long are closed.
#pragma once

#include "net.hpp"

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gcm::http {

struct PostRequest {
    std::string url;
    std::string body;
    // "Name: value\r\n" each; Host and Content-Length are added.
    std::string headers;
    // Connecting and answering, counted from when a connection takes the request up (not while it
    // waits for one).
    std::chrono::milliseconds timeout{5000};
    // Asked on the pool's executor when a connection takes the request up and again just before
    // it is written: false when its sender forgot it meanwhile (a reset, a deleted namespace),
    // and then it is not sent. Empty: always wanted.
    std::function<bool()> still_wanted;
};

// The bot's status (0 when there was none), an error text and the time taken.
using PostDone =
    std::function<void(unsigned status, std::string error, std::chrono::milliseconds latency)>;

class PostPool {
public:
    struct Options {
        std::size_t connections_per_host = 8;
        std::chrono::milliseconds idle_timeout{15000};
    };
    // Counts since the pool began (read on its executor).
    struct Stats {
        std::size_t connections_opened = 0;
        std::size_t reconnects = 0; // requests sent again because a reused connection was gone
    };

    // Everything runs on `executor`, which must not run handlers concurrently (a strand, or an
    // io_context with one thread).
    PostPool(net::any_io_executor executor, net::ssl::context& tls, Options options);
    ~PostPool();
    PostPool(const PostPool&) = delete;
    PostPool& operator=(const PostPool&) = delete;

    // Sends `request`; `done` is called on the executor exactly once (also after close()).
    void post(PostRequest request, PostDone done);
    // Closes every connection; waiting requests fail.
    void close();
    const Stats& stats() const { return stats_; }

    struct Host;
    struct Link;
    struct Job;
    // What one exchange on a connection came to.
    struct Outcome {
        unsigned status = 0;
        std::string error;
        bool stale = false;      // a reused connection was gone before any answer came
        bool keep_alive = false; // the connection may serve another request
    };

private:
    void dispatch(Host& host);
    void run(Host& host, std::shared_ptr<Link> link, std::shared_ptr<Job> job);
    void settle(Host& host, std::shared_ptr<Link> link, std::shared_ptr<Job> job, Outcome outcome);
    void sweep();

    net::any_io_executor executor_;
    net::ssl::context& tls_;
    Options options_;
    Stats stats_;
    std::map<std::string, std::unique_ptr<Host>> hosts_;
    std::shared_ptr<net::steady_timer> sweeper_;
    bool closed_ = false;
};

} // namespace gcm::http
