// What the application hands to the network layer for delivery to a bot's callbackUri, and what
// comes back about each attempt (recorded in the namespace's journal).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace gcm::app {

struct DeliveryRecord {
    std::string call_id;
    std::string url;
    unsigned attempt = 0;
    unsigned status = 0; // the bot's HTTP status; 0 when there was none
    std::string error;   // connection error or timeout, if any
    std::chrono::milliseconds latency{0};
    std::string outcome; // delivered | retrying | failed | dropped
};

struct Notification {
    std::string ordering_key; // deliveries with one key arrive in order (namespace + call id)
    std::string call_id;
    std::string url;
    std::string body; // commsNotifications JSON
    std::string audience;
    std::optional<std::string> tenant;
    std::function<void(const DeliveryRecord&)> record;
};

class NotificationSink {
public:
    virtual ~NotificationSink() = default;
    // Called from any thread, under no lock; must not block.
    virtual void send(Notification notification) = 0;
};

} // namespace gcm::app
