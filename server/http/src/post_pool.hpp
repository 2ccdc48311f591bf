// One POST to a URL over plain TCP or TLS, with one deadline for the whole exchange. Reports the
// status (0 when there was none), an error text and the time taken.
#pragma once

#include "net.hpp"

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace gcm::http {

struct PostRequest {
    std::string url;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds timeout{5000};
};

using PostDone =
    std::function<void(unsigned status, std::string error, std::chrono::milliseconds latency)>;

// Runs on `executor`; `done` is called there exactly once.
void post_once(net::any_io_executor executor, net::ssl::context& tls, PostRequest request,
               PostDone done);

} // namespace gcm::http
