// What the engine tells the outside world after a transaction: events (for notifications and the
// journal) and deferred actions (timed transitions the server schedules and hands back via fire()).
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/state/requests.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gcm::state {

// What a notification needs to know of its call: where to send it, who it is for.
struct CallRef {
    std::string id;
    std::string callback_uri;
    std::optional<std::string> tenant_id;
    std::string app_id; // the bot's application id: the token's audience; empty when unknown
    bool is_group = false;
    bool delta_roster = false;
    std::optional<std::string> call_chain_id;
    std::optional<std::string> scenario_id;
    friend bool operator==(const CallRef&, const CallRef&) = default;
};

struct CallStateChanged {
    CallRef call;
    CallState state;
    std::optional<ResultInfo> result_info;
    // The first `established` says which way the call goes (as the service's does).
    std::optional<CallDirection> direction;
    // Once the media connected, every later state change says so (mediaState.audio "active").
    bool audio_active = false;
    // The call's resource, when it has just come into being (an incoming call's `created`).
    std::optional<CallResource> created;
    friend bool operator==(const CallStateChanged&, const CallStateChanged&) = default;
};

// The call's media connected: its mediaState.audio is "active".
struct MediaConnected {
    CallRef call;
    friend bool operator==(const MediaConnected&, const MediaConnected&) = default;
};

// Someone started, changed or stopped sharing their screen (callOptions.
// isContentSharingNotificationEnabled).
struct ContentSharingChanged {
    enum class Change { started, changed, stopped };
    CallRef call;
    Change change;
    ContentSharingSession session;
    friend bool operator==(const ContentSharingChanged&, const ContentSharingChanged&) = default;
};

struct RosterChanged {
    CallRef call;
    std::int64_t sequence = 0;
    std::vector<Participant> updated; // joined or changed, as they are now
    std::vector<Participant> removed; // as they were when they left
    std::vector<Participant> roster;  // everyone in the call after the change
    friend bool operator==(const RosterChanged&, const RosterChanged&) = default;
};

struct OperationFinished {
    CallRef call;
    Operation operation;
    friend bool operator==(const OperationFinished&, const OperationFinished&) = default;
};

// Misuse the Graph docs do not cover, accepted outside strict mode (docs/choices.md).
struct Warning {
    CallRef call;
    std::string message;
    friend bool operator==(const Warning&, const Warning&) = default;
};

// A key the remote side pressed, on a call that subscribed to tones.
struct ToneReceived {
    CallRef call;
    Tone tone;
    std::int64_t sequence = 0;
    friend bool operator==(const ToneReceived&, const ToneReceived&) = default;
};

using Event = std::variant<CallStateChanged, RosterChanged, OperationFinished, Warning,
                           ToneReceived, MediaConnected, ContentSharingChanged>;

struct DeferredAction {
    enum class Kind {
        complete_operation,
        resolve_invitation,
        establish_call,
        finish_termination,
        advance_transfer,
        check_keepalive,
        expire_incoming,
    };
    Kind kind;
    std::string call_id;
    // complete_operation: the operation's id; resolve_invitation: the invited participant's id.
    std::string item_id;
    // check_keepalive: the call's keepAlive count when it was armed (a later keepAlive re-arms).
    std::uint64_t keepalive_generation = 0;
    // The engine's load count when it was made: a reload makes it stale.
    std::uint64_t epoch = 0;
    friend bool operator==(const DeferredAction&, const DeferredAction&) = default;
};

struct Deferred {
    std::chrono::milliseconds after;
    DeferredAction action;
    friend bool operator==(const Deferred&, const Deferred&) = default;
};

// What engine calls produced, in order. The caller carries them out once the engine's lock is
// released: a request's go out with its response, a timer's at once.
struct Effects {
    std::vector<Event> events;
    std::vector<Deferred> deferred;
    bool empty() const { return events.empty() && deferred.empty(); }
    void append(Effects&& more);
};

} // namespace gcm::state
