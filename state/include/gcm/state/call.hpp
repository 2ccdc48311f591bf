// The resources the engine keeps: calls, their participants, pending invitations and operations.
// Fields the engine never reasons about travel as `passthrough`: serialized text owned by the wire
// layer, kept so that a fixture pasted from Graph comes back out unchanged.
#pragma once

#include "gcm/state/identity.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gcm::state {

enum class CallState {
    incoming,
    establishing,
    established,
    hold,
    transferring,
    transfer_accepted,
    redirecting,
    terminating,
    terminated,
};

enum class OperationStatus { not_started, running, completed, failed };

// How an operation's status is spelled: as the reference pages show it (camel: "running"), or as
// the metadata declares it (pascal: "Running"). An operation keeps the spelling of its first
// answer, so an invite that answered "Running" ends "Failed", not "failed".
enum class StatusSpelling { camel, pascal };

enum class OperationKind {
    start_hold_music,
    stop_hold_music,
    invite_participants,
    mute_participant,
    unmute_participant,
    play_prompt,
    record_response,
    cancel_media_processing,
    subscribe_to_tone,
    send_dtmf_tones,
    update_recording_status,
    add_large_gallery_view,
    generic,
};

struct ResultInfo {
    int code = 0;
    int subcode = 0;
    std::string message;

    friend bool operator==(const ResultInfo&, const ResultInfo&) = default;
};

struct Operation {
    std::string id;
    OperationKind kind = OperationKind::generic;
    OperationStatus status = OperationStatus::running;
    StatusSpelling spelling = StatusSpelling::camel;
    std::optional<std::string> client_context;
    std::optional<ResultInfo> result_info;
    // inviteParticipantsOperation only: the invitees as the response echoes them.
    std::vector<InvitationParticipantInfo> participants;
    // recordOperation: where the recording is; playPrompt, sendDtmfTones, recordOperation: why it
    // ended.
    std::optional<std::string> recording_location;
    std::optional<std::string> recording_access_token;
    std::optional<std::string> completion_reason;
    std::string passthrough;

    bool finished() const {
        return status == OperationStatus::completed || status == OperationStatus::failed;
    }
    friend bool operator==(const Operation&, const Operation&) = default;
};

struct Participant {
    std::string id;
    ParticipantInfo info;
    bool is_muted = false;
    bool is_in_lobby = false;
    std::vector<MediaStream> media_streams;
    std::optional<std::string> metadata;
    std::int64_t roster_sequence_number = 0;
    bool on_hold = false;
    // The customPrompt of the startHoldMusic that put them on hold, as wire text.
    std::optional<std::string> hold_prompt;
    std::string passthrough;

    friend bool operator==(const Participant&, const Participant&) = default;
};

// How a simulated invitee reacts to an invitation (fixture `_mock`, or the engine's default).
struct InviteeBehaviour {
    enum class Reaction { answer, decline, no_answer };
    Reaction reaction = Reaction::answer;
    std::chrono::milliseconds after{0};

    friend bool operator==(const InviteeBehaviour&, const InviteeBehaviour&) = default;
};

struct Invitation {
    std::string participant_id;
    std::string operation_id;
    InvitationParticipantInfo target;
    InviteeBehaviour behaviour;
    // Set once the invitee declined, did not answer or was cancelled, while other invitees of
    // the same operation are still ringing.
    std::optional<ResultInfo> failure;

    friend bool operator==(const Invitation&, const Invitation&) = default;
};

enum class RoutingMode { one_to_one, multicast };

struct AudioRoutingGroup {
    std::string id;
    RoutingMode routing_mode = RoutingMode::multicast;
    std::vector<std::string> sources;
    std::vector<std::string> receivers;

    friend bool operator==(const AudioRoutingGroup&, const AudioRoutingGroup&) = default;
};

struct ContentSharingSession {
    std::string id;
    std::string passthrough;

    friend bool operator==(const ContentSharingSession&, const ContentSharingSession&) = default;
};

enum class CallDirection { incoming, outgoing };

// A call's own Graph resource: what GET /communications/calls/{id} shows of it, without its
// collections (participants, operations, ...).
struct CallResource {
    std::string id;
    CallState state = CallState::established;
    CallDirection direction = CallDirection::outgoing;
    std::string callback_uri;
    std::optional<std::string> tenant_id;
    std::optional<std::string> my_participant_id;
    std::optional<std::string> call_chain_id;
    std::optional<ResultInfo> result_info;
    // Read from the resource's properties (chatInfo/meetingInfo or several targets; mediaConfig;
    // callOptions), which stay in `passthrough` as the client sent them.
    bool is_group = false; // a meeting or group call, rather than peer-to-peer
    bool app_hosted_media = false;
    bool delta_roster = false;                  // callOptions.isDeltaRosterEnabled
    bool content_sharing_notifications = false; // callOptions.isContentSharingNotificationEnabled
    bool audio_active = false; // mediaState.audio: the media connected once it was established
    std::string passthrough;

    friend bool operator==(const CallResource&, const CallResource&) = default;
};

// What the engine keeps to run a call that its Graph resource does not show.
struct CallBookkeeping {
    std::int64_t roster_sequence = 0;
    std::deque<std::string> operation_order; // ids, oldest first: finished ones are evicted
    // Per-identity invitee behaviour from the fixture, keyed by identity id. Transfer targets
    // and redirect targets are looked up here too.
    std::map<std::string, InviteeBehaviour> invitee_behaviours;
    bool subscribed_to_tones = false;
    std::int64_t tone_sequence = 0;
    std::optional<InvitationParticipantInfo> transfer_target; // while transferring
    std::vector<InvitationParticipantInfo> targets_to_join;   // an outgoing call's, until it is up
    std::uint64_t keepalive_generation = 0;                   // keepAlive requests so far
    // The next media sourceId to hand out: ids are never reused, even after a stream is gone.
    std::uint64_t next_source_id = 1;
    // The bot's application id, the audience of its notification tokens: the app that created
    // or answered the call, else its source application, else an incoming call's target.
    std::optional<std::string> app_id;
    // The scenario id the bot sent when it created or answered the call; its notifications
    // carry it back (Scenario-Id).
    std::optional<std::string> scenario_id;
    bool established_once = false; // its first `established` said which way it goes

    friend bool operator==(const CallBookkeeping&, const CallBookkeeping&) = default;
};

struct Call {
    CallResource resource;
    std::map<std::string, Participant> participants;
    std::map<std::string, Invitation> invitations; // pending, by participant id
    std::map<std::string, Operation> operations;
    std::map<std::string, AudioRoutingGroup> audio_routing_groups;
    std::map<std::string, ContentSharingSession> content_sharing_sessions;
    CallBookkeeping bookkeeping;

    const std::string& id() const { return resource.id; }
    friend bool operator==(const Call&, const Call&) = default;
};

std::string_view to_string(CallState) noexcept;
std::optional<CallState> call_state_from_string(std::string_view) noexcept;
std::string_view to_string(CallDirection) noexcept;
std::optional<CallDirection> call_direction_from_string(std::string_view) noexcept;
std::string_view to_string(RoutingMode) noexcept;
std::optional<RoutingMode> routing_mode_from_string(std::string_view) noexcept;
std::string_view to_string(OperationStatus) noexcept;
std::optional<OperationStatus> operation_status_from_string(std::string_view) noexcept;
// The Graph type name without namespace, e.g. "startHoldMusicOperation".
std::string_view type_name(OperationKind) noexcept;
std::optional<OperationKind> operation_kind_from_type_name(std::string_view) noexcept;

} // namespace gcm::state
