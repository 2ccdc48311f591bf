// The HTTP session over TLS (see session.hpp): the handshake (bounded by the read timeout, like a
// slow plain request), then the same request loop as plain TCP, then a close_notify.
#pragma once

#include "session.hpp"
#include "watchdog.hpp"

#include <boost/asio/ssl/stream.hpp>
#include <memory>

namespace gcm::http {

class TlsSession : public HttpSession<TlsSession>,
                   public Watchdog<TlsSession>,
                   public Connection,
                   public std::enable_shared_from_this<TlsSession> {
public:
    static constexpr bool secure = true;

    // `buffer` holds the start of the client's handshake, already read.
    TlsSession(tcp::socket&& socket, net::ssl::context& tls, Hub& hub, beast::flat_buffer buffer);
    ~TlsSession() override;

    void run();
    void run_refusing();
    void shutdown(bool force) override;

    net::ssl::stream<tcp::socket>& stream() { return stream_; }
    tcp::socket& lowest_socket() { return stream_.next_layer(); }
    void do_close();
    // Resets the TCP connection (RST), without a close_notify: "connection": "reset".
    void abort_transport();
    bool transport_open() const { return stream_.next_layer().is_open(); }
    void close_transport();

private:
    void on_handshake(bool refusing, beast::error_code ec, std::size_t used);

    Hub& hub_;
    net::ssl::stream<tcp::socket> stream_;
    bool closing_ = false;
};

} // namespace gcm::http
