// The HTTP server: listener, sessions, I/O threads, timers and graceful shutdown around one
// Application. Beast stays behind this header, so its users compile quickly.
#pragma once

#include "gcm/app/application.hpp"
#include "gcm/app/config.hpp"
#include "gcm/auth/token_signer.hpp"
#include "gcm/http/options.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace gcm::http {

class Server {
public:
    Server(ServerOptions options, app::AppConfig config, auth::TokenSigner signer = {});
    ~Server(); // stop()s
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Makes or loads the TLS certificate (throws std::runtime_error when a file is unusable).
    // Binds, listens and starts the I/O threads; throws std::system_error when it cannot bind.
    void start();
    unsigned short port() const;
    std::string address() const;
    app::Application& application();
    // Timers the application has pending (deferred actions, keepAlive checks, waits), for tests.
    std::size_t pending_timers() const;

    // Stops accepting, lets in-flight requests finish (bounded by shutdown_grace), joins.
    void stop();
    // Catches SIGINT and SIGTERM, calls `ready` (which may announce the server: the signals are
    // already caught then), blocks until one arrives, then stop()s.
    void run_until_signalled(const std::function<void()>& ready = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace gcm::http
