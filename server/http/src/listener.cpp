// The listener (see listener.hpp).
#include "listener.hpp"

#include "detector.hpp"
#include "gcm/app/log.hpp"

namespace gcm::http {

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, Hub& hub,
                   std::vector<net::io_context*> contexts)
    : acceptor_(net::make_strand(ioc)), hub_(hub), contexts_(std::move(contexts)) {
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
    if (ec) {
        // Out of descriptors and the like: log, and keep accepting.
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

} // namespace gcm::http
