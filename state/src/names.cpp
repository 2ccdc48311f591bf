// The names of the engine's enums, both ways. The engine names its values as Graph does (its own
// messages use them: "in state 'transferAccepted'"), so this is the one place outside server/wire
// that spells Graph's enum members; the wire layer reads and writes through it.
#include "gcm/state/ascii.hpp"
#include "gcm/state/call.hpp"
#include "gcm/state/requests.hpp"

#include <array>
#include <utility>

namespace gcm::state {
namespace {

constexpr std::array call_states{
    std::pair{CallState::incoming, std::string_view{"incoming"}},
    std::pair{CallState::establishing, std::string_view{"establishing"}},
    std::pair{CallState::established, std::string_view{"established"}},
    std::pair{CallState::hold, std::string_view{"hold"}},
    std::pair{CallState::transferring, std::string_view{"transferring"}},
    std::pair{CallState::transfer_accepted, std::string_view{"transferAccepted"}},
    std::pair{CallState::redirecting, std::string_view{"redirecting"}},
    std::pair{CallState::terminating, std::string_view{"terminating"}},
    std::pair{CallState::terminated, std::string_view{"terminated"}},
};

constexpr std::array call_directions{
    std::pair{CallDirection::incoming, std::string_view{"incoming"}},
    std::pair{CallDirection::outgoing, std::string_view{"outgoing"}},
};

constexpr std::array routing_modes{
    std::pair{RoutingMode::one_to_one, std::string_view{"oneToOne"}},
    std::pair{RoutingMode::multicast, std::string_view{"multicast"}},
};

constexpr std::array operation_statuses{
    std::pair{OperationStatus::not_started, std::string_view{"notStarted"}},
    std::pair{OperationStatus::running, std::string_view{"running"}},
    std::pair{OperationStatus::completed, std::string_view{"completed"}},
    std::pair{OperationStatus::failed, std::string_view{"failed"}},
};

constexpr std::array operation_kinds{
    std::pair{OperationKind::start_hold_music, std::string_view{"startHoldMusicOperation"}},
    std::pair{OperationKind::stop_hold_music, std::string_view{"stopHoldMusicOperation"}},
    std::pair{OperationKind::invite_participants, std::string_view{"inviteParticipantsOperation"}},
    std::pair{OperationKind::mute_participant, std::string_view{"muteParticipantOperation"}},
    std::pair{OperationKind::unmute_participant, std::string_view{"unmuteParticipantOperation"}},
    std::pair{OperationKind::play_prompt, std::string_view{"playPromptOperation"}},
    std::pair{OperationKind::record_response, std::string_view{"recordOperation"}},
    std::pair{OperationKind::cancel_media_processing,
              std::string_view{"cancelMediaProcessingOperation"}},
    std::pair{OperationKind::subscribe_to_tone, std::string_view{"subscribeToToneOperation"}},
    std::pair{OperationKind::send_dtmf_tones, std::string_view{"sendDtmfTonesOperation"}},
    std::pair{OperationKind::update_recording_status,
              std::string_view{"updateRecordingStatusOperation"}},
    std::pair{OperationKind::add_large_gallery_view,
              std::string_view{"addLargeGalleryViewOperation"}},
    std::pair{OperationKind::generic, std::string_view{"commsOperation"}},
};

constexpr std::array modalities{
    std::pair{Modality::unknown, std::string_view{"unknown"}},
    std::pair{Modality::audio, std::string_view{"audio"}},
    std::pair{Modality::video, std::string_view{"video"}},
    std::pair{Modality::video_based_screen_sharing, std::string_view{"videoBasedScreenSharing"}},
    std::pair{Modality::data, std::string_view{"data"}},
};

constexpr std::array media_directions{
    std::pair{MediaDirection::inactive, std::string_view{"inactive"}},
    std::pair{MediaDirection::send_only, std::string_view{"sendOnly"}},
    std::pair{MediaDirection::receive_only, std::string_view{"receiveOnly"}},
    std::pair{MediaDirection::send_receive, std::string_view{"sendReceive"}},
};

constexpr std::array tones{
    std::pair{Tone::tone0, std::string_view{"tone0"}},
    std::pair{Tone::tone1, std::string_view{"tone1"}},
    std::pair{Tone::tone2, std::string_view{"tone2"}},
    std::pair{Tone::tone3, std::string_view{"tone3"}},
    std::pair{Tone::tone4, std::string_view{"tone4"}},
    std::pair{Tone::tone5, std::string_view{"tone5"}},
    std::pair{Tone::tone6, std::string_view{"tone6"}},
    std::pair{Tone::tone7, std::string_view{"tone7"}},
    std::pair{Tone::tone8, std::string_view{"tone8"}},
    std::pair{Tone::tone9, std::string_view{"tone9"}},
    std::pair{Tone::star, std::string_view{"star"}},
    std::pair{Tone::pound, std::string_view{"pound"}},
    std::pair{Tone::a, std::string_view{"a"}},
    std::pair{Tone::b, std::string_view{"b"}},
    std::pair{Tone::c, std::string_view{"c"}},
    std::pair{Tone::d, std::string_view{"d"}},
    std::pair{Tone::flash, std::string_view{"flash"}},
};

template <class Table, class E> std::string_view name_in(const Table& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value)
            return name;
    return "unknown";
}

// Graph's casing of enums is inconsistent ("Running" vs "running"), and the service reads them
// whatever their case, so reading ignores case.
template <class Table>
auto value_in(const Table& table, std::string_view name)
    -> std::optional<typename Table::value_type::first_type> {
    for (const auto& [v, n] : table)
        if (iequals(n, name))
            return v;
    return std::nullopt;
}

} // namespace

std::string_view to_string(CallState s) noexcept {
    return name_in(call_states, s);
}
std::optional<CallState> call_state_from_string(std::string_view s) noexcept {
    return value_in(call_states, s);
}
std::string_view to_string(CallDirection d) noexcept {
    return name_in(call_directions, d);
}
std::optional<CallDirection> call_direction_from_string(std::string_view s) noexcept {
    return value_in(call_directions, s);
}
std::string_view to_string(RoutingMode m) noexcept {
    return name_in(routing_modes, m);
}
std::optional<RoutingMode> routing_mode_from_string(std::string_view s) noexcept {
    return value_in(routing_modes, s);
}
std::string_view to_string(OperationStatus s) noexcept {
    return name_in(operation_statuses, s);
}
std::optional<OperationStatus> operation_status_from_string(std::string_view s) noexcept {
    return value_in(operation_statuses, s);
}
std::string_view to_string(Modality m) noexcept {
    return name_in(modalities, m);
}
std::optional<Modality> modality_from_string(std::string_view s) noexcept {
    return value_in(modalities, s);
}
std::string_view to_string(MediaDirection d) noexcept {
    return name_in(media_directions, d);
}
std::optional<MediaDirection> media_direction_from_string(std::string_view s) noexcept {
    return value_in(media_directions, s);
}
std::string_view to_string(Tone t) noexcept {
    return name_in(tones, t);
}
std::optional<Tone> tone_from_string(std::string_view s) noexcept {
    return value_in(tones, s);
}
std::string_view type_name(OperationKind k) noexcept {
    return name_in(operation_kinds, k);
}
std::optional<OperationKind> operation_kind_from_type_name(std::string_view s) noexcept {
    return value_in(operation_kinds, s);
}

const Identity* IdentitySet::find(std::string_view kind) const {
    for (const auto& [k, identity] : members)
        if (k == kind)
            return &identity;
    return nullptr;
}

Identity* IdentitySet::find(std::string_view kind) {
    for (auto& [k, identity] : members)
        if (k == kind)
            return &identity;
    return nullptr;
}

std::optional<std::string> IdentitySet::primary_id() const {
    for (const auto& [kind, identity] : members)
        if (!identity.id.empty())
            return identity.id;
    return std::nullopt;
}

} // namespace gcm::state
