// The in-process test server and helpers (see test_server.hpp).
#include "test_server.hpp"

#include "gcm/wire/fixtures.hpp"

#include <iostream>
#include <regex>
#include <thread>

namespace gcm::test {

std::string source_path(const std::string& relative) {
    return std::string(GCM_SOURCE_DIR) + "/" + relative;
}

app::AppConfig default_config() {
    app::AppConfig config;
    config.fixture = wire::load_fixtures(source_path("fixtures/default.json")).value();
    config.engine.hold_music_start = std::chrono::milliseconds(20);
    config.engine.default_invitee.after = std::chrono::milliseconds(50);
    // Tests that want notifications turn them on with a receiver of their own.
    config.notifications = false;
    return config;
}

namespace {
http::ServerOptions loopback(http::ServerOptions options) {
    options.bind = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0)
        options.threads = 2;
    return options;
}
} // namespace

TestServer::TestServer(app::AppConfig config, http::ServerOptions options)
    : server_(loopback(std::move(options)), std::move(config)) {
    server_.start();
    port_ = server_.port();
}

boost::json::value TestServer::state_snapshot(const std::string& namespace_prefix) {
    auto response = client().get(namespace_prefix + "/_mock/calls");
    if (response.status != 200)
        throw std::runtime_error("GET /_mock/calls answered " + std::to_string(response.status));
    return response.json();
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit,
                std::source_location where) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (condition())
        return true;
    std::cerr << "wait_until: condition still false after " << limit.count() << " ms at "
              << where.file_name() << ':' << where.line() << '\n';
    return false;
}

bool is_uuid(std::string_view s) {
    static const std::regex pattern(
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    return std::regex_match(s.begin(), s.end(), pattern);
}

} // namespace gcm::test
