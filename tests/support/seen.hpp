// What a bot's receiver saw, notification by notification, and a server set up to send them
// there quickly: shared by the tests of notification sequences.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/http/server.hpp"
#include "receiver.hpp"

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace gcm::test {

// The default fixture with every callbackUri pointing at `url`, notifications on, fast timings.
gcm::app::AppConfig config_for(const std::string& url);
// Retries that do not make a test wait (20 ms apart), attempts given 5 s.
gcm::http::ServerOptions fast_retries();

struct Seen {
    std::string change;
    std::string url;
    boost::json::value data;
};

// Every notification received so far, in order (each POST checked to be a commsNotifications).
std::vector<Seen> notifications(const Receiver& receiver);
// "updated /communications/calls/x; ..." for failure messages.
std::string describe(const std::vector<Seen>& seen);

} // namespace gcm::test
