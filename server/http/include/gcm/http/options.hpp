// The server's options: plain structs the network layer's parts (hub, notifier) read, kept apart
// from gcm/http/server.hpp so those parts need not include the server that owns them.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace gcm::http {

struct NotifierOptions {
    std::size_t max_pending = 10000;                 // beyond: dropped, and journaled
    unsigned max_attempts = 4;                       // per notification
    std::chrono::milliseconds attempt_timeout{5000}; // connect + send + answer (not the queue)
    std::chrono::milliseconds first_backoff{200};    // doubled after each failed attempt
    std::chrono::milliseconds max_backoff{5000};
    std::chrono::milliseconds delay{0};  // before the first attempt
    std::chrono::milliseconds jitter{0}; // random extra delay, up to this
    // Kept-alive connections per callback host (scheme, host, port), reused by later deliveries.
    std::size_t connections_per_host = 8;

    friend bool operator==(const NotifierOptions&, const NotifierOptions&) = default;
};

// TLS on the same port as plain HTTP, told apart per connection by the first bytes.
struct TlsOptions {
    bool enabled = true;
    // PEM files of the server's certificate chain and key; when empty, a local CA is made at
    // start and signs a certificate for localhost, 127.0.0.1, ::1 and `names`.
    std::string certificate_file;
    std::string key_file;
    std::vector<std::string> names;
    // Where to write the local CA's certificate, so a client can trust it before its first call.
    std::string ca_out;

    friend bool operator==(const TlsOptions&, const TlsOptions&) = default;
};

struct ServerOptions {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080; // 0 = any free port
    unsigned threads = 1;
    std::size_t body_limit = 1024 * 1024;
    // PUT /_mock/fixtures's instead (app::loads_fixture): a saved state outgrows body_limit.
    std::size_t fixture_body_limit = 64 * 1024 * 1024;
    std::size_t header_limit = 16 * 1024;
    // Connections beyond this are answered 503 and closed.
    std::size_t max_connections = 1024;
    // How long a connection may take to send a request (and stay idle between requests).
    std::chrono::milliseconds read_timeout{30000};
    // How long stop() waits for in-flight requests before it closes what is left.
    std::chrono::milliseconds shutdown_grace{5000};
    NotifierOptions notifier;
    TlsOptions tls;

    friend bool operator==(const ServerOptions&, const ServerOptions&) = default;
};

} // namespace gcm::http
