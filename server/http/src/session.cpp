// The plain-TCP session (see session.hpp).
#include "session.hpp"

namespace gcm::http {

PlainSession::PlainSession(tcp::socket&& socket, Hub& hub)
    : HttpSession<PlainSession>(hub), hub_(hub), socket_(std::move(socket)),
      watchdog_(socket_.get_executor()) {}

PlainSession::~PlainSession() {
    hub_.remove(this);
}

void PlainSession::run() {
    hub_.add(this, weak_from_this());
    // Answers to pipelined requests go out back to back; with Nagle on, the second would wait
    // for the client's (possibly delayed) ACK of the first.
    beast::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    // Start on the connection's strand: the socket was accepted onto it.
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

void PlainSession::do_close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    socket_.close(ec);
    watchdog_.cancel();
}

void PlainSession::expire_after(std::chrono::steady_clock::duration limit) {
    deadline_ = std::chrono::steady_clock::now() + limit;
    if (!watching_) {
        watching_ = true;
        watch();
    }
}

void PlainSession::watch() {
    watchdog_.expires_at(deadline_);
    watchdog_.async_wait(beast::bind_front_handler(&PlainSession::on_watch, shared_from_this()));
}

void PlainSession::on_watch(beast::error_code ec) {
    if (ec || !socket_.is_open()) {
        watching_ = false; // closed: the timer was cancelled, or is no longer needed
        return;
    }
    if (std::chrono::steady_clock::now() < deadline_)
        return watch(); // a later request moved the deadline while the timer slept
    watching_ = false;
    do_close(); // the pending read or write ends with an error, and the session with it
}

} // namespace gcm::http
