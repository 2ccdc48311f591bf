// The plain-TCP session (see session.hpp).
#include "session.hpp"

namespace gcm::http {

PlainSession::PlainSession(tcp::socket&& socket, Hub& hub)
    : HttpSession<PlainSession>(hub), hub_(hub), stream_(std::move(socket)) {}

PlainSession::~PlainSession() {
    hub_.remove(this);
}

void PlainSession::run() {
    hub_.add(this, weak_from_this());
    // Start on the connection's strand: the socket was accepted onto it.
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&PlainSession::do_read, shared_from_this()));
}

void PlainSession::run_refusing() {
    hub_.add(this, weak_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stream_.expires_after(std::chrono::seconds(5));
        self->refuse(503, "ServiceUnavailable",
                     "Too many open connections; retry when one has closed.");
    });
}

void PlainSession::shutdown(bool force) {
    net::post(stream_.get_executor(),
              [self = shared_from_this(), force] { self->close_if_idle(force); });
}

void PlainSession::do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
}

} // namespace gcm::http
