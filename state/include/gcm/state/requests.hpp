// What the call actions take, already decoded and validated for shape by the wire layer; the
// engine checks them against the call's state.
#pragma once

#include "gcm/state/call.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gcm::state {

struct NewCall {
    std::string callback_uri;
    std::optional<std::string> tenant_id;
    std::vector<InvitationParticipantInfo> targets;
    IdentitySet bot_identity; // source.identity, when the request names one
    bool is_group = false;    // joins a meeting (chatInfo / meetingInfo) or calls several targets
    bool app_hosted_media = false;
    bool delta_roster = false; // callOptions.isDeltaRosterEnabled
    std::string passthrough;   // the rest of the request body, as the call resource shows it
};

struct AnswerRequest {
    std::optional<std::string> callback_uri;
    bool app_hosted_media = false;
};

enum class RejectReason { none, busy, forbidden };

struct RejectRequest {
    RejectReason reason = RejectReason::none;
    std::optional<std::string> callback_uri;
};

struct RedirectRequest {
    std::vector<InvitationParticipantInfo> targets;
    std::optional<int> timeout_seconds;
    std::optional<std::string> callback_uri;
};

struct TransferRequest {
    InvitationParticipantInfo target;
    std::optional<ParticipantInfo> transferee;
    std::optional<std::string> client_context;
};

enum class MediaAction { play_prompt, record_response, send_dtmf_tones, add_large_gallery_view };

struct MediaRequest {
    MediaAction action = MediaAction::play_prompt;
    std::optional<std::string> client_context;
};

enum class ScreenSharingRole { viewer, sharer };

// PATCH of an audio routing group: only what is given changes.
struct AudioRoutingGroupPatch {
    std::optional<std::string> routing_mode;
    std::optional<std::vector<std::string>> sources;
    std::optional<std::vector<std::string>> receivers;
};

} // namespace gcm::state
