// Who takes part in a call: identities, participant and invitation info, media streams.
// Plain values shared by the engine, the wire mapping and the fixtures; no I/O, no JSON.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gcm::state {

struct Identity {
    std::string id;
    std::optional<std::string> display_name;
    std::optional<std::string> tenant_id;
    std::optional<std::string> identity_provider;
    // The @odata.type the client sent (it may name a derived type), to send back as it came.
    std::optional<std::string> odata_type;

    friend bool operator==(const Identity&, const Identity&) = default;
};

// Graph's identitySet is an open type: "user", "application", "phone", "guest", ... each an
// identity. Kept as ordered (kind, identity) pairs so that unusual kinds survive a round trip.
struct IdentitySet {
    std::vector<std::pair<std::string, Identity>> members;
    std::optional<std::string> odata_type; // as the client sent it

    const Identity* find(std::string_view kind) const;
    Identity* find(std::string_view kind);
    // The id of the first member: what the engine uses to match an invitee to its behaviour.
    std::optional<std::string> primary_id() const;

    friend bool operator==(const IdentitySet&, const IdentitySet&) = default;
};

struct ParticipantInfo {
    IdentitySet identity;
    std::optional<std::string> participant_id;
    std::optional<std::string> endpoint_type;
    std::optional<std::string> region;
    std::optional<std::string> language_id;
    std::optional<std::string> country_code;
    // What rosters show of an endpoint beside the documented properties.
    std::optional<std::string> endpoint_id;
    std::optional<std::string> client_version;

    friend bool operator==(const ParticipantInfo&, const ParticipantInfo&) = default;
};

struct InvitationParticipantInfo {
    IdentitySet identity;
    std::optional<std::string> odata_type; // as the client sent it
    std::optional<std::string> participant_id;
    std::optional<std::string> replaces_call_id;
    std::optional<std::string> endpoint_type;
    std::optional<bool> hidden;
    std::optional<bool> remove_from_default_audio_routing_group;

    friend bool operator==(const InvitationParticipantInfo&,
                           const InvitationParticipantInfo&) = default;
};

enum class Modality { unknown, audio, video, video_based_screen_sharing, data };
enum class MediaDirection { inactive, send_only, receive_only, send_receive };

struct MediaStream {
    Modality media_type = Modality::audio;
    std::string source_id;
    MediaDirection direction = MediaDirection::send_receive;
    bool server_muted = false;
    std::optional<std::string> label;

    friend bool operator==(const MediaStream&, const MediaStream&) = default;
};

std::string_view to_string(Modality) noexcept;
std::optional<Modality> modality_from_string(std::string_view) noexcept;
std::string_view to_string(MediaDirection) noexcept;
std::optional<MediaDirection> media_direction_from_string(std::string_view) noexcept;

} // namespace gcm::state
