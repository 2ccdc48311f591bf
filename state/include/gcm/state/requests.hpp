// What the call actions take, already decoded and validated for shape by the wire layer; the
// engine checks them against the call's state.
#pragma once

#include "gcm/state/call.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gcm::state {

// Who is in a call the control plane rings the bot with, when it does not list its participants:
// the caller (the call's source) and the bot (the application its targets name), as the
// service's roster shows them once the bot answers.
struct IncomingParties {
    std::optional<ParticipantInfo> caller;
    std::optional<IdentitySet> bot;
    bool meeting = false; // the bot appears as an applicationInstance
};

struct NewCall {
    std::string callback_uri;
    std::optional<std::string> call_chain_id; // the client's, else the engine mints one
    std::optional<std::string> tenant_id;
    std::vector<InvitationParticipantInfo> targets;
    IdentitySet bot_identity;   // source.identity, when the request names one
    bool is_group = false;      // joins a meeting (chatInfo / meetingInfo) or calls several targets
    bool joins_meeting = false; // meetingInfo: the bot appears in the roster as an app instance
    bool content_sharing_notifications = false; // callOptions.isContentSharingNotificationEnabled
    bool app_hosted_media = false;
    bool delta_roster = false; // callOptions.isDeltaRosterEnabled
    std::string passthrough;   // the rest of the request body, as the call resource shows it
    // Who asks, as its token says (when it has one), and the scenario id it sent.
    std::optional<std::string> caller_app_id;
    std::optional<std::string> caller_tenant_id;
    std::optional<std::string> scenario_id;
};

struct AnswerRequest {
    std::optional<std::string> callback_uri;
    bool app_hosted_media = false;
    std::optional<std::string> caller_app_id; // as for NewCall
    std::optional<std::string> scenario_id;
};

// The reject reason and the redirect targets are checked by the wire layer, but change nothing
// the engine models: a rejected or redirected call ends the same way.
struct RejectRequest {
    std::optional<std::string> callback_uri;
};

struct RedirectRequest {
    std::optional<std::string> callback_uri;
};

struct TransferRequest {
    InvitationParticipantInfo target;
    std::optional<ParticipantInfo> transferee;
};

enum class MediaAction { play_prompt, record_response, send_dtmf_tones, add_large_gallery_view };

struct MediaRequest {
    MediaAction action = MediaAction::play_prompt;
    std::optional<std::string> client_context;
    // What the operation echoes of the request (wire text of an object, e.g. its prompts).
    std::string echo;
};

// How the other side fails a running operation (the control plane): the status and reason the
// reference pages show for that operation's errors.
struct OperationFailure {
    OperationStatus status = OperationStatus::failed;
    ResultInfo result;
    std::optional<std::string> completion_reason;
};

enum class ScreenSharingRole { viewer, sharer };

// A DTMF key, as Graph names them (tone0-tone9, star, pound, a-d, flash).
enum class Tone {
    tone0,
    tone1,
    tone2,
    tone3,
    tone4,
    tone5,
    tone6,
    tone7,
    tone8,
    tone9,
    star,
    pound,
    a,
    b,
    c,
    d,
    flash,
};
std::string_view to_string(Tone) noexcept;
std::optional<Tone> tone_from_string(std::string_view) noexcept;

// PATCH of an audio routing group: only what is given changes.
struct AudioRoutingGroupPatch {
    std::optional<RoutingMode> routing_mode;
    std::optional<std::vector<std::string>> sources;
    std::optional<std::vector<std::string>> receivers;
};

} // namespace gcm::state
