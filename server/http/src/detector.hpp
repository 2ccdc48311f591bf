// The first step of every connection: TLS and plain HTTP share the port, so the first bytes a
// client sends tell which session to start (Beast's detect_ssl, as in its "flex" example).
// Bounded by the read timeout, like any other read.
#pragma once

#include "hub.hpp"
#include "net.hpp"
#include "watchdog.hpp"

#include <memory>

namespace gcm::http {

class Detector : public Watchdog<Detector>,
                 public Connection,
                 public std::enable_shared_from_this<Detector> {
public:
    // `tls` is null when TLS is off: the connection is plain without reading anything.
    // `refusing`: the server is at --max-connections; the session answers 503 and closes.
    Detector(tcp::socket&& socket, Hub& hub, net::ssl::context* tls, bool refusing);

    ~Detector() override;

    void run();
    // Shutting down: a connection that has not said what it speaks yet is simply closed.
    void shutdown(bool force) override;
    bool transport_open() const { return socket_.is_open(); }
    void close_transport();

private:
    void on_detect(beast::error_code ec, bool is_tls);
    void start_plain();

    tcp::socket socket_;
    Hub& hub_;
    net::ssl::context* tls_;
    bool refusing_;
    beast::flat_buffer buffer_;
};

} // namespace gcm::http
