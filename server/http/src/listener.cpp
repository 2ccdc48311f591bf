// The listener (see listener.hpp).
#include "listener.hpp"

#include "detector.hpp"
#include "gcm/app/log.hpp"

namespace gcm::http {

namespace {

// Errors that last while the process or the system is short of descriptors or memory.
bool is_resource_shortage(const beast::error_code& ec) {
    return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open ||
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

} // namespace

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, Hub& hub,
                   std::vector<net::io_context*> contexts)
    : acceptor_(net::make_strand(ioc)), hub_(hub), contexts_(std::move(contexts)),
      pause_(acceptor_.get_executor()) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    endpoint_ = acceptor_.local_endpoint();
}

void Listener::run() {
    net::dispatch(acceptor_.get_executor(),
                  beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
        self->pause_.cancel();
    });
}

void Listener::do_accept() {
    acceptor_.async_accept(connection_executor(),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

net::any_io_executor Listener::connection_executor() {
    return contexts_[next_++ % contexts_.size()]->get_executor();
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open())
        return;
    if (is_resource_shortage(ec))
        return pause_accepting(ec);
    if (paused_)
        end_pause_episode();
    if (ec) {
        // A connection aborted before it was accepted and the like: log, and keep accepting.
        app::log_error("accept failed: " + ec.message());
    } else if (hub_.stopping()) {
        beast::error_code ignored;
        socket.close(ignored);
    } else {
        const bool refusing = hub_.size() >= hub_.options.max_connections;
        std::make_shared<Detector>(std::move(socket), hub_, hub_.tls, refusing)->run();
    }
    do_accept();
}

void Listener::pause_accepting(const beast::error_code& ec) {
    // Long enough that a failing accept costs nothing, short enough that a freed descriptor is
    // used soon.
    constexpr auto pause = std::chrono::milliseconds(100);
    if (!paused_) {
        paused_ = true;
        failed_in_pause_ = 0;
        pause_began_ = std::chrono::steady_clock::now();
        app::log_error("accept failed: " + ec.message() + "; accepting again every " +
                       std::to_string(pause.count()) + " ms until it succeeds");
    }
    ++failed_in_pause_;
    pause_.expires_after(pause);
    pause_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec && self->acceptor_.is_open())
            self->do_accept();
    });
}

void Listener::end_pause_episode() {
    paused_ = false;
    const auto lasted = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - pause_began_);
    app::log_info("accepting again after " + std::to_string(lasted.count()) + " ms; " +
                  std::to_string(failed_in_pause_) + " accepts failed meanwhile");
}

} // namespace gcm::http
