// TLS detection (see detector.hpp).
#include "detector.hpp"

#include "plain_session.hpp"
#include "tls_session.hpp"

#include <boost/beast/core/detect_ssl.hpp>

namespace gcm::http {

Detector::Detector(tcp::socket&& socket, Hub& hub, net::ssl::context* tls, bool refusing)
    : Watchdog<Detector>(socket.get_executor()), socket_(std::move(socket)), hub_(hub), tls_(tls),
      refusing_(refusing) {}

Detector::~Detector() {
    hub_.remove(this);
}

void Detector::shutdown(bool) {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->close_transport(); });
}

void Detector::run() {
    if (!tls_)
        return start_plain();
    hub_.add(this, weak_from_this());
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
        self->expire_after(self->hub_.options.read_timeout);
        beast::async_detect_ssl(
            self->socket_, self->buffer_,
            [self](beast::error_code ec, bool is_tls) { self->on_detect(ec, is_tls); });
    });
}

void Detector::on_detect(beast::error_code ec, bool is_tls) {
    stop_watching();
    if (ec)
        return close_transport(); // nothing came before the timeout, or the client left
    if (!is_tls)
        return start_plain();
    auto session =
        std::make_shared<TlsSession>(std::move(socket_), *tls_, hub_, std::move(buffer_));
    refusing_ ? session->run_refusing() : session->run();
    // The session counts now: stop counting this connection twice (until the detector's last
    // handler returns), which could refuse a connection --max-connections admits.
    hub_.remove(this);
}

void Detector::start_plain() {
    auto session = std::make_shared<PlainSession>(std::move(socket_), hub_, std::move(buffer_));
    refusing_ ? session->run_refusing() : session->run();
    hub_.remove(this); // as above
}

void Detector::close_transport() {
    beast::error_code ignored;
    socket_.close(ignored);
}

} // namespace gcm::http
