// The HTTP session over plain TCP (see session.hpp).
#pragma once

#include "session.hpp"
#include "watchdog.hpp"

#include <memory>

namespace gcm::http {

class PlainSession : public HttpSession<PlainSession>,
                     public Watchdog<PlainSession>,
                     public Connection,
                     public std::enable_shared_from_this<PlainSession> {
public:
    static constexpr bool secure = false;

    PlainSession(tcp::socket&& socket, Hub& hub, beast::flat_buffer buffer);
    ~PlainSession() override;

    void run();
    // Refuses the connection with 503 (the server is at --max-connections) and closes it.
    void run_refusing();
    void shutdown(bool force) override;

    tcp::socket& stream() { return socket_; }
    tcp::socket& lowest_socket() { return socket_; }
    void do_close();
    // Resets the connection (RST, not FIN): a fault rule's "connection": "reset".
    void abort_transport();
    bool transport_open() const { return socket_.is_open(); }
    void close_transport() { do_close(); }

private:
    Hub& hub_;
    tcp::socket socket_;
};

} // namespace gcm::http
