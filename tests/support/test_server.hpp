// An in-process graph-comms-mock on 127.0.0.1:0 for tests: the real server, its own I/O threads,
// stopped and joined by the destructor. Plus a bounded wait for conditions.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/http/server.hpp"
#include "http_client.hpp"

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <source_location>
#include <string>

namespace gcm::test {

// The shipped fixtures/default.json, with timings short enough for tests.
app::AppConfig default_config();
std::string source_path(const std::string& relative); // under the source tree

class TestServer {
public:
    explicit TestServer(app::AppConfig config = default_config(), http::ServerOptions options = {});

    unsigned short port() const { return port_; }
    HttpClient client() const { return HttpClient(port_); }
    http::Server& server() { return server_; }

    // GET /_mock/calls: the whole state in fixture form, to check that nothing changed.
    boost::json::value state_snapshot(const std::string& namespace_prefix = "");

private:
    http::Server server_;
    unsigned short port_ = 0;
};

// Polls `condition` until it holds or `limit` passes; reports where it was called from.
bool wait_until(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(5),
                std::source_location where = std::source_location::current());

// A lower-case RFC 4122 UUID, as Graph writes ids.
bool is_uuid(std::string_view s);

} // namespace gcm::test
