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

// The same as text, as it is sent: serialize(notification_for(event)), byte for byte, but
// rosters and operations are written without a DOM (graph_json.hpp: write_text).
std::optional<std::string> notification_text(const state::Event& event);

} // namespace gcm::wire
