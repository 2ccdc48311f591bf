// See seen.hpp.
#include "seen.hpp"

#include "test_server.hpp"

#include <stdexcept>

namespace json = boost::json;

namespace gcm::test {

// The default fixture with every callbackUri pointing at `url`, notifications on, fast timings.
gcm::app::AppConfig config_for(const std::string& url) {
    auto config = default_config();
    for (auto& call : config.fixture)
        call.resource.callback_uri = url;
    config.notifications = true;
    config.default_callback_uri = url;
    auto& e = config.engine;
    e.call_setup = e.call_teardown = e.transfer_step = std::chrono::milliseconds(20);
    e.media_operation = std::chrono::milliseconds(30);
    return config;
}

gcm::http::ServerOptions fast_retries() {
    gcm::http::ServerOptions options;
    options.notifier.first_backoff = std::chrono::milliseconds(20);
    // Retries come quickly, but an attempt is not given up on quickly: a bot slowed by a loaded
    // machine would otherwise get duplicates, and the tests count what it received.
    options.notifier.attempt_timeout = std::chrono::seconds(5);
    return options;
}

std::vector<Seen> notifications(const Receiver& receiver) {
    std::vector<Seen> out;
    for (const auto& r : receiver.received()) {
        const auto body = r.json();
        if (body.at("@odata.type") != "#microsoft.graph.commsNotifications")
            throw std::runtime_error("not a commsNotifications: " + r.body);
        for (const auto& n : body.at("value").as_array()) {
            if (n.at("@odata.type") != "#microsoft.graph.commsNotification")
                throw std::runtime_error("not a commsNotification: " + r.body);
            out.push_back({std::string(n.at("changeType").as_string()),
                           std::string(n.at("resourceUrl").as_string()), n.at("resourceData")});
        }
    }
    return out;
}

std::string describe(const std::vector<Seen>& seen) {
    std::string out;
    for (const auto& s : seen)
        out += s.change + " " + s.url + "; ";
    return out;
}

} // namespace gcm::test
