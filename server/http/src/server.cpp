// The server: owns the io_context, its threads, the scheduler, the application and the listener,
// and orders their shutdown.
#include "gcm/http/server.hpp"

#include "asio_scheduler.hpp"
#include "gcm/app/log.hpp"
#include "gcm/auth/certificates.hpp"
#include "hub.hpp"
#include "listener.hpp"
#include "net.hpp"
#include "notifier.hpp"

#include <algorithm>
#include <boost/asio/ssl/context.hpp>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace gcm::http {

namespace {

std::string read_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(std::string(what) + " " + path + " cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The certificate and key the server presents: the given files, or a fresh local CA's.
auth::TlsMaterial tls_material(const TlsOptions& tls) {
    if (!tls.enabled)
        return {};
    if (!tls.certificate_file.empty() || !tls.key_file.empty()) {
        if (tls.certificate_file.empty() || tls.key_file.empty())
            throw std::runtime_error("--tls-cert and --tls-key go together");
        return {"", read_file(tls.certificate_file, "--tls-cert"),
                read_file(tls.key_file, "--tls-key")};
    }
    std::vector<std::string> names{"localhost", "127.0.0.1", "::1"};
    names.insert(names.end(), tls.names.begin(), tls.names.end());
    auto made = auth::make_local_tls(names);
    if (!tls.ca_out.empty()) {
        std::ofstream out(tls.ca_out, std::ios::binary | std::ios::trunc);
        out << made.ca_certificate_pem;
        if (!out)
            throw std::runtime_error("--tls-ca-out " + tls.ca_out + " cannot be written");
    }
    return made;
}

std::unique_ptr<net::ssl::context> tls_context(const auth::TlsMaterial& material) {
    if (material.server_certificate_pem.empty())
        return nullptr;
    auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                         net::ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    context->use_certificate_chain(net::buffer(material.server_certificate_pem), ec);
    if (!ec)
        context->use_private_key(net::buffer(material.server_key_pem), net::ssl::context::pem, ec);
    if (ec)
        throw std::runtime_error("the TLS certificate or key is unusable: " + ec.message());
    return context;
}

app::AppConfig with_ca(app::AppConfig config, const auth::TlsMaterial& material) {
    config.tls_ca_pem = material.ca_certificate_pem;
    return config;
}

// One io_context per I/O thread, each run by its thread alone: a connection lives on one of them
// (round robin), so its handlers need no strand and threads share no scheduler queue or lock.
std::vector<std::unique_ptr<net::io_context>> io_pool(unsigned threads) {
    std::vector<std::unique_ptr<net::io_context>> pool;
    for (unsigned i = 0; i < std::max(1u, threads); ++i)
        pool.push_back(std::make_unique<net::io_context>(1));
    return pool;
}

// Every connection holds a descriptor. With fewer descriptors than --max-connections allows
// connections, accepts fail before the limit answers 503 (and the soft limit is often 1024, the
// flag's default). So the soft limit is raised as far as the hard one allows, and the
// connection limit lowered, saying so, when it still does not fit beside a reserve for the
// listener, the I/O threads, the connections to bots and files.
void fit_connections_to_descriptors(ServerOptions& options) {
    constexpr rlim_t reserve = 64;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return;
    const rlim_t wanted = rlim_t(options.max_connections) + reserve;
    if (limit.rlim_cur < wanted && limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    if (limit.rlim_cur >= wanted)
        return;
    const std::size_t fitting =
        limit.rlim_cur > reserve ? std::size_t(limit.rlim_cur - reserve) : 1;
    app::log_info("--max-connections " + std::to_string(options.max_connections) + " lowered to " +
                  std::to_string(fitting) + ": the descriptor limit is " +
                  std::to_string(limit.rlim_cur) + ", of which " + std::to_string(reserve) +
                  " are kept for the listener, threads, bots and files");
    options.max_connections = fitting;
}

} // namespace

struct Server::Impl {
    Impl(ServerOptions o, app::AppConfig config, auth::TokenSigner s)
        : options(std::move(o)), tls(tls_material(options.tls)),
          tls_context(http::tls_context(tls)), signer(std::move(s)), pool(io_pool(options.threads)),
          ioc(*pool.front()), scheduler(ioc),
          notifier(std::make_shared<Notifier>(notify_ioc, options.notifier, signer)),
          app(with_ca(std::move(config), tls), scheduler, notifier.get(), signer),
          hub(app, options, tls_context.get()) {
        for (auto& context : pool)
            work.emplace_back(context->get_executor());
    }

    unsigned io_threads() const { return unsigned(pool.size()); }

    ServerOptions options;
    auth::TlsMaterial tls;
    std::unique_ptr<net::ssl::context> tls_context;
    auth::TokenSigner signer;
    std::vector<std::unique_ptr<net::io_context>> pool;
    // The first: the listener's and the timers'.
    net::io_context& ioc;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
    // Deliveries run on a thread of their own, so a slow or dead bot costs the API nothing.
    net::io_context notify_ioc;
    net::executor_work_guard<net::io_context::executor_type> notify_work{notify_ioc.get_executor()};
    std::thread notify_thread;
    AsioScheduler scheduler;
    std::shared_ptr<Notifier> notifier;
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
    fit_connections_to_descriptors(impl_->options);
    auto address = net::ip::make_address(impl_->options.bind);
    std::vector<net::io_context*> contexts;
    for (auto& context : impl_->pool)
        contexts.push_back(context.get());
    impl_->listener = std::make_shared<Listener>(
        impl_->ioc, tcp::endpoint{address, impl_->options.port}, impl_->hub, std::move(contexts));
    impl_->listener->run();
    if (impl_->app.config().notifications)
        impl_->key_maker = std::thread([signer = impl_->signer] { (void)signer.key_id(); });
    impl_->notify_thread = std::thread([this] { impl_->notify_ioc.run(); });
    for (auto& context : impl_->pool)
        impl_->threads.emplace_back([context = context.get()] { context->run(); });
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

std::size_t Server::pending_timers() const {
    return impl_->scheduler.pending();
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
    const bool drained = impl_->notifier->drain(impl_->options.shutdown_grace);
    if (!drained)
        app::log_error("shutdown: notifications still undelivered after the grace period");
    impl_->notifier->stop();
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
    // and the io_contexts die with no handler that refers to the application.
    impl_->work.clear();
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
    app::log_info(impl_->app.summary());
}

} // namespace gcm::http
