// The property tables (see properties.hpp). Sources: the v1.0 reference pages' response examples
// and metadata, and the keys the service's own notifications carry (docs/wire.md).
#include "properties.hpp"

#include <array>

namespace gcm::wire {
namespace {

using Unset = Property::Unset;

// The call: the metadata's properties, and those the pages' responses show beside them.
constexpr std::array call{
    Property{"id"},
    Property{"state"},
    Property{"direction"},
    Property{"callbackUri"},
    Property{"callChainId"},
    Property{"source"},
    Property{"targets", Unset::empty_array},
    Property{"requestedModalities", Unset::empty_array},
    Property{"activeModalities", Unset::empty_array},
    Property{"mediaConfig"},
    Property{"mediaState"},
    Property{"myParticipantId"},
    Property{"tenantId"},
    Property{"subject"},
    Property{"chatInfo"},
    Property{"meetingInfo"},
    Property{"meetingCapability"},
    Property{"callOptions"},
    Property{"callRoutes", Unset::empty_array},
    Property{"routingPolicies", Unset::empty_array},
    Property{"incomingContext"},
    Property{"ringingTimeoutInSeconds"},
    Property{"answeredBy"},
    Property{"resultInfo"},
    Property{"terminationReason"},
    Property{"transcription"},
    Property{"toneInfo"},
};

// The participant, with what rosters carry beside the metadata's properties.
constexpr std::array participant{
    Property{"id"},
    Property{"info"},
    Property{"mediaStreams", Unset::empty_array},
    Property{"isMuted", Unset::false_value},
    Property{"isInLobby", Unset::false_value},
    Property{"metadata"},
    Property{"recordingInfo"},
    Property{"removedState"},
    Property{"restrictedExperience"},
    Property{"rosterSequenceNumber"},
    Property{"publishedStates", Unset::empty_array},
    Property{"meetingRole", Unset::none_text},
    Property{"isIdentityAnonymized", Unset::false_value},
    Property{"replacementLink"},
};

// "id": the pages' participant examples show it (null); the service's incoming calls put the
// caller's participant id there.
constexpr std::array participant_info{
    Property{"identity"},        Property{"id"},          Property{"participantId"},
    Property{"endpointType"},    Property{"endpointId"},  Property{"region"},
    Property{"languageId"},      Property{"countryCode"}, Property{"clientVersion"},
    Property{"replacementLink"},
};

// invitationParticipantInfo as the create-call page's targets show it.
constexpr std::array invitation{Property{"identity"}, Property{"endpointType"},
                                Property{"replacesCallId"}};

constexpr std::array operation_base{
    Property{"id"},
    Property{"status"},
    Property{"clientContext"},
    Property{"resultInfo"},
};

constexpr std::array invite{Property{"participants", Unset::empty_array}};
// completionReason and prompts: the beta page and the service's notifications show them.
constexpr std::array play_prompt{Property{"completionReason"},
                                 Property{"prompts", Unset::empty_array}};
// The v1.0 page's names, and the ones the service's notifications carry.
constexpr std::array record{Property{"recordingLocation"}, Property{"recordingAccessToken"},
                            Property{"recordResourceLocation"},
                            Property{"recordResourceAccessToken"}, Property{"completionReason"}};
constexpr std::array send_dtmf{Property{"completionReason"}};

constexpr std::array audio_routing_group{Property{"id"}, Property{"routingMode"},
                                         Property{"sources"}, Property{"receivers"}};
constexpr std::array content_sharing_session{Property{"id"}};

} // namespace

std::span<const Property> call_properties() {
    return call;
}
std::span<const Property> participant_properties() {
    return participant;
}
std::span<const Property> participant_info_properties() {
    return participant_info;
}
std::span<const Property> invitation_properties() {
    return invitation;
}
std::span<const Property> operation_base_properties() {
    return operation_base;
}

std::span<const Property> operation_properties(std::string_view type_name) {
    if (type_name == "inviteParticipantsOperation")
        return invite;
    if (type_name == "playPromptOperation")
        return play_prompt;
    if (type_name == "recordOperation")
        return record;
    if (type_name == "sendDtmfTonesOperation")
        return send_dtmf;
    return {};
}

TypeProperties properties_of(std::string_view type_name) {
    if (type_name == "call")
        return {call, {}};
    if (type_name == "participant")
        return {participant, {}};
    if (type_name == "audioRoutingGroup")
        return {audio_routing_group, {}};
    if (type_name == "contentSharingSession")
        return {content_sharing_session, {}};
    if (type_name.ends_with("Operation"))
        return {operation_base, operation_properties(type_name)};
    return {};
}

bool shows_unset(std::span<const Property> properties, std::string_view name,
                 const boost::json::value& value) {
    for (const auto& p : properties) {
        if (p.name != name)
            continue;
        switch (p.unset) {
        case Unset::null:
            return value.is_null();
        case Unset::empty_array:
            return value.is_array() && value.get_array().empty();
        case Unset::false_value:
            return value.is_bool() && !value.get_bool();
        case Unset::none_text:
            return value.is_string() && value.get_string() == "none";
        }
    }
    return false;
}

void strip_unset(boost::json::object& o, std::span<const Property> properties) {
    for (const auto& p : properties)
        if (auto it = o.find(p.name); it != o.end() && shows_unset(properties, p.name, it->value()))
            o.erase(it);
}

void complete(boost::json::object& o, std::span<const Property> properties) {
    for (const auto& p : properties) {
        if (o.contains(p.name))
            continue;
        auto& value = o[p.name];
        switch (p.unset) {
        case Unset::null:
            value = nullptr;
            break;
        case Unset::empty_array:
            value.emplace_array();
            break;
        case Unset::false_value:
            value = false;
            break;
        case Unset::none_text:
            value = "none";
            break;
        }
    }
}

} // namespace gcm::wire
