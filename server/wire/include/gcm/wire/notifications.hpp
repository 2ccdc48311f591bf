// The commsNotifications the real service POSTs to a bot's callbackUri, built from the engine's
// events (docs/wire.md): call state changes, roster updates (full or delta), operation
// completions and received tones. Warnings are not notified.
#pragma once

#include "gcm/state/events.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <string>

namespace gcm::wire {

// The notification body for one event, or nothing when Graph would not notify it (warnings).
std::optional<boost::json::object> notification_for(const state::Event& event);

// A notification as it is sent, with the two facts the control plane matches on (fault rules,
// waits, the journal) so that nobody parses the text again.
struct NotificationText {
    std::string body;         // serialize(notification_for(event)), byte for byte
    std::string change_type;  // "created", "updated" or "deleted"
    std::string resource_url; // "/communications/calls/..."
};

// The same as text: rosters and operations are written without a DOM (graph_json.hpp:
// write_text).
std::optional<NotificationText> notification_text(const state::Event& event);

} // namespace gcm::wire
