// libFuzzer: the notification mapping. Calls from a fuzzed fixture go through every kind of
// event; each notification must be a commsNotifications envelope that serializes.
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/notifications.hpp"

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <memory>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace gcm::state;
    auto fixture = gcm::wire::parse_fixture({reinterpret_cast<const char*>(data), size});
    if (!fixture)
        return 0;
    for (const auto& call : *fixture) {
        const auto& r = call.resource;
        CallRef ref{r.id, r.callback_uri, r.tenant_id,     "app",
                    true, r.delta_roster, r.call_chain_id, std::nullopt};
        std::vector<Participant> everyone;
        for (const auto& [id, p] : call.participants)
            everyone.push_back(p);
        std::vector<Event> events = {
            CallStateChanged{ref, r.state, r.result_info, r.direction, r.audio_active,
                             std::nullopt},
            CallStateChanged{ref, CallState::incoming, std::nullopt, std::nullopt, false, r},
            RosterChanged{ref, call.bookkeeping.roster_sequence, everyone, everyone, everyone},
            ToneReceived{ref, Tone::tone1, 1},
            MediaConnected{ref},
        };
        for (const auto& [id, session] : call.content_sharing_sessions)
            events.push_back(
                ContentSharingChanged{ref, ContentSharingChanged::Change::started, session});
        for (const auto& [id, op] : call.operations)
            events.push_back(OperationFinished{ref, op});
        for (const auto& event : events) {
            auto body = gcm::wire::notification_for(event);
            if (!body || !body->contains("value") || body->at("value").as_array().size() != 1)
                std::abort();
            if (boost::json::serialize(*body).empty())
                std::abort();
        }
    }
    return 0;
}
