// What the application hands to the network layer for delivery to a bot's callbackUri, and what
// comes back about each attempt (recorded in the namespace's journal).
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gcm::app {

enum class DeliveryOutcome { delivered, retrying, failed, dropped };

// delivered | retrying | failed | dropped, as the journal writes them.
std::string_view to_string(DeliveryOutcome outcome) noexcept;

struct DeliveryRecord {
    std::string call_id;
    std::string url;
    unsigned attempt = 0;
    unsigned status = 0; // the bot's HTTP status; 0 when there was none
    std::string error;   // connection error or timeout, if any
    std::chrono::milliseconds latency{0};
    DeliveryOutcome outcome = DeliveryOutcome::delivered;
};

// Deliveries with one key arrive in order: one call's, in one namespace.
struct OrderingKey {
    std::uint64_t group = 0; // the namespace's (Scheduler::Group: a deleted name that comes back
                             // is another group)
    std::string call_id;
    friend auto operator<=>(const OrderingKey&, const OrderingKey&) = default;
};

struct Notification {
    OrderingKey ordering_key;
    std::string call_id;
    std::string url;
    std::string body;        // commsNotifications JSON
    std::string audience;    // the token's aud: the bot's app id
    std::string tenant;      // the token's tid
    std::string chain_id;    // X-Microsoft-Skype-Chain-ID: the call's callChainId
    std::string scenario_id; // Scenario-Id: the bot's, else the chain id
    // Journals each attempt in the namespace the call lives in; does nothing once it is gone.
    std::function<void(const DeliveryRecord&)> record;
};

class NotificationSink {
public:
    virtual ~NotificationSink() = default;
    // Called from any thread, under no lock; must not block.
    virtual void send(Notification notification) = 0;
    // Drops what is queued under the ordering keys of `group` (a namespace reset or deleted); an
    // attempt already in flight ends, and is not retried.
    virtual void forget(std::uint64_t group) = 0;
};

} // namespace gcm::app
