// Accepts connections and starts a session for each: onto a strand of its own when several
// threads run the io_context; with one thread, handlers cannot overlap and a strand only costs.
#pragma once

#include "hub.hpp"
#include "net.hpp"

#include <memory>

namespace gcm::http {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Opens, binds and listens; throws boost::system::system_error when it cannot.
    Listener(net::io_context& ioc, tcp::endpoint endpoint, Hub& hub, bool one_thread);

    void run();
    // Stops accepting; safe from any thread.
    void close();
    tcp::endpoint local_endpoint() const { return endpoint_; }

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    net::any_io_executor connection_executor();

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    tcp::endpoint endpoint_;
    Hub& hub_;
    bool one_thread_;
};

} // namespace gcm::http
