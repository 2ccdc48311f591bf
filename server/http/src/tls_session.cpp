// The TLS session (see tls_session.hpp).
#include "tls_session.hpp"

namespace gcm::http {

namespace {
// How long a close_notify exchange may take before the socket is simply closed.
constexpr auto shutdown_limit = std::chrono::seconds(1);
} // namespace

TlsSession::TlsSession(tcp::socket&& socket, net::ssl::context& tls, Hub& hub,
                       beast::flat_buffer buffer)
    : HttpSession<TlsSession>(hub, std::move(buffer)), Watchdog<TlsSession>(socket.get_executor()),
      hub_(hub), stream_(std::move(socket), tls) {}

TlsSession::~TlsSession() {
    hub_.remove(this);
}

void TlsSession::run() {
    hub_.add(this, weak_from_this());
    beast::error_code ignored;
    stream_.next_layer().set_option(tcp::no_delay(true), ignored);
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->expire_after(self->hub_.options.read_timeout);
        self->stream_.async_handshake(net::ssl::stream_base::server, self->buffer_.data(),
                                      [self](beast::error_code ec, std::size_t used) {
                                          self->on_handshake(false, ec, used);
                                      });
    });
}

void TlsSession::run_refusing() {
    hub_.add(this, weak_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->expire_after(std::chrono::seconds(5));
        self->stream_.async_handshake(
            net::ssl::stream_base::server, self->buffer_.data(),
            [self](beast::error_code ec, std::size_t used) { self->on_handshake(true, ec, used); });
    });
}

void TlsSession::on_handshake(bool refusing, beast::error_code ec, std::size_t used) {
    if (ec)
        return close_transport(); // not TLS after all, a failed handshake, or the timeout
    buffer_.consume(used);
    if (refusing)
        return refuse(503, "ServiceUnavailable",
                      "Too many open connections; retry when one has closed.");
    do_read();
}

void TlsSession::shutdown(bool force) {
    net::post(stream_.get_executor(),
              [self = shared_from_this(), force] { self->close_if_idle(force); });
}

void TlsSession::do_close() {
    if (closing_)
        return;
    closing_ = true;
    // A close_notify, so the client knows the response was whole; bounded, then the socket goes.
    expire_after(shutdown_limit);
    stream_.async_shutdown(
        [self = shared_from_this()](beast::error_code) { self->close_transport(); });
}

void TlsSession::abort_transport() {
    closing_ = true;
    beast::error_code ec;
    stream_.next_layer().set_option(net::socket_base::linger(true, 0), ec);
    stream_.next_layer().close(ec);
    stop_watching();
}

void TlsSession::close_transport() {
    beast::error_code ec;
    stream_.next_layer().shutdown(tcp::socket::shutdown_both, ec);
    stream_.next_layer().close(ec);
    stop_watching();
}

} // namespace gcm::http
