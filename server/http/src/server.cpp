// The server: owns the io_context, its threads, the scheduler, the application and the listener,
// and orders their shutdown.
#include "gcm/http/server.hpp"

#include "asio_scheduler.hpp"
#include "gcm/app/log.hpp"
#include "hub.hpp"
#include "listener.hpp"
#include "net.hpp"
#include "notifier.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace gcm::http {

struct Server::Impl {
    Impl(ServerOptions o, app::AppConfig config, auth::TokenSigner s)
        : options(std::move(o)), signer(std::move(s)), ioc(int(io_threads())), scheduler(ioc),
          notifier(notify_ioc, options.notifier, signer),
          app(std::move(config), scheduler, &notifier, signer), hub(app, options) {}

    unsigned io_threads() const { return std::max(1u, options.threads); }

    ServerOptions options;
    auth::TokenSigner signer;
    net::io_context ioc;
    // Deliveries run on a thread of their own, so a slow or dead bot costs the API nothing.
    net::io_context notify_ioc;
    net::executor_work_guard<net::io_context::executor_type> notify_work{notify_ioc.get_executor()};
    std::thread notify_thread;
    AsioScheduler scheduler;
    Notifier notifier;
    app::Application app;
    Hub hub;
    std::shared_ptr<Listener> listener;
    std::vector<std::thread> threads;
    std::thread key_maker; // makes the signing key off the I/O threads
    bool stopped = false;
};

Server::Server(ServerOptions options, app::AppConfig config, auth::TokenSigner signer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(config), std::move(signer))) {}

Server::~Server() {
    stop();
}

void Server::start() {
    auto address = net::ip::make_address(impl_->options.bind);
    impl_->listener =
        std::make_shared<Listener>(impl_->ioc, tcp::endpoint{address, impl_->options.port},
                                   impl_->hub, impl_->io_threads() == 1);
    impl_->listener->run();
    if (impl_->app.config().notifications)
        impl_->key_maker = std::thread([signer = impl_->signer] { (void)signer.key_id(); });
    impl_->notify_thread = std::thread([this] { impl_->notify_ioc.run(); });
    for (unsigned i = 0; i < impl_->io_threads(); ++i)
        impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

unsigned short Server::port() const {
    return impl_->listener->local_endpoint().port();
}

std::string Server::address() const {
    return impl_->listener->local_endpoint().address().to_string();
}

app::Application& Server::application() {
    return impl_->app;
}

void Server::stop() {
    if (impl_->stopped || !impl_->listener)
        return;
    impl_->stopped = true;
    impl_->listener->close();
    impl_->scheduler.cancel_all();
    impl_->hub.shutdown_all(false);
    if (!impl_->hub.wait_empty(impl_->options.shutdown_grace)) {
        app::log_error("shutdown: connections still open after the grace period; closing them");
        impl_->hub.shutdown_all(true);
    }
    const bool drained = impl_->notifier.drain(impl_->options.shutdown_grace);
    if (!drained)
        app::log_error("shutdown: notifications still undelivered after the grace period");
    impl_->notifier.stop();
    impl_->notify_work.reset();
    // The grace period is the bound: a retry's backoff timer or an attempt to a bot that does not
    // answer is abandoned, not waited for.
    if (!drained)
        impl_->notify_ioc.stop();
    if (impl_->notify_thread.joinable())
        impl_->notify_thread.join();
    if (impl_->key_maker.joinable())
        impl_->key_maker.join();
    // No work is left once every socket and timer has completed: the threads return by themselves,
    // and the io_context dies with no handler that refers to the application.
    for (auto& t : impl_->threads)
        t.join();
    impl_->threads.clear();
}

void Server::run_until_signalled(const std::function<void()>& ready) {
    net::io_context signals_ioc;
    net::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    if (ready)
        ready();
    signals.async_wait([](beast::error_code, int signal) {
        app::log_info("received signal " + std::to_string(signal) + ", shutting down");
    });
    signals_ioc.run();
    stop();
}

} // namespace gcm::http
