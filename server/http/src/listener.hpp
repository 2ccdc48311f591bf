// Accepts connections and starts a session for each, on the I/O threads' io_contexts in turn;
// each io_context has one thread, so a session's handlers cannot overlap and need no strand.
#pragma once

#include "hub.hpp"
#include "net.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

namespace gcm::http {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Opens, binds and listens; throws boost::system::system_error when it cannot.
    Listener(net::io_context& ioc, tcp::endpoint endpoint, Hub& hub,
             std::vector<net::io_context*> contexts);

    void run();
    // Stops accepting; safe from any thread.
    void close();
    tcp::endpoint local_endpoint() const { return endpoint_; }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    // Out of descriptors (or kernel memory), accept fails at once for as long as it lasts, and
    // accepting again at once would spin: wait a little, and log the episode's start and end
    // only.
    void pause_accepting(const beast::error_code& ec);
    void end_pause_episode();
    net::any_io_executor connection_executor();

    tcp::acceptor acceptor_;
    tcp::endpoint endpoint_;
    Hub& hub_;
    std::vector<net::io_context*> contexts_;
    std::size_t next_ = 0;
    net::steady_timer pause_;
    bool paused_ = false;             // in an episode of failing accepts
    std::size_t failed_in_pause_ = 0; // accepts that failed in the episode
    std::chrono::steady_clock::time_point pause_began_;
};

} // namespace gcm::http
