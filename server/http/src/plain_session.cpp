// The plain-TCP session (see plain_session.hpp).
#include "plain_session.hpp"

namespace gcm::http {

PlainSession::PlainSession(tcp::socket&& socket, Hub& hub, beast::flat_buffer buffer)
    : HttpSession<PlainSession>(hub, std::move(buffer)), Watchdog<PlainSession>(
                                                             socket.get_executor()),
      hub_(hub), socket_(std::move(socket)) {}

PlainSession::~PlainSession() {
    hub_.remove(this);
}

void PlainSession::run() {
    hub_.add(this, weak_from_this());
    // Answers to pipelined requests go out back to back; with Nagle on, the second would wait
    // for the client's (possibly delayed) ACK of the first.
    beast::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    // Start on the connection's executor (its I/O thread): the socket was accepted onto it.
    net::dispatch(socket_.get_executor(),
                  beast::bind_front_handler(&PlainSession::do_read, shared_from_this()));
}

void PlainSession::run_refusing() {
    hub_.add(this, weak_from_this());
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
        self->expire_after(std::chrono::seconds(5));
        self->refuse(503, "ServiceUnavailable",
                     "Too many open connections; retry when one has closed.");
    });
}

void PlainSession::shutdown(bool force) {
    net::post(socket_.get_executor(),
              [self = shared_from_this(), force] { self->close_if_idle(force); });
}

void PlainSession::abort_transport() {
    beast::error_code ec;
    socket_.set_option(net::socket_base::linger(true, 0), ec); // close() then sends RST
    socket_.close(ec);
    stop_watching();
}

void PlainSession::do_close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
    stop_watching();
}

} // namespace gcm::http
