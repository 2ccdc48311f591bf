// What the engine tells the outside world after a transaction: events (for notifications and the
// journal) and deferred actions (timed transitions the server schedules and hands back via fire()).
#pragma once

#include "gcm/state/call.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace gcm::state {

struct CallRef {
    std::string id;
    std::string callback_uri;
    std::optional<std::string> tenant_id;
    friend bool operator==(const CallRef&, const CallRef&) = default;
};

struct CallStateChanged {
    CallRef call;
    CallState state;
    std::optional<ResultInfo> result_info;
    friend bool operator==(const CallStateChanged&, const CallStateChanged&) = default;
};

struct RosterChanged {
    CallRef call;
    std::int64_t sequence = 0;
    std::vector<Participant> updated; // joined or changed, as they are now
    std::vector<Participant> removed; // as they were when they left
    friend bool operator==(const RosterChanged&, const RosterChanged&) = default;
};

struct OperationFinished {
    CallRef call;
    Operation operation;
    friend bool operator==(const OperationFinished&, const OperationFinished&) = default;
};

// Misuse the Graph docs do not cover, accepted outside strict mode (product.md §5).
struct Warning {
    CallRef call;
    std::string message;
    friend bool operator==(const Warning&, const Warning&) = default;
};

using Event = std::variant<CallStateChanged, RosterChanged, OperationFinished, Warning>;

struct DeferredAction {
    enum class Kind {
        complete_operation,
        resolve_invitation,
        establish_call,
        finish_termination,
        advance_transfer,
        check_keepalive,
    };
    Kind kind;
    std::string call_id;
    std::string target_id; // operation id, invited participant id, or keepAlive generation
    std::uint64_t epoch = 0;
    friend bool operator==(const DeferredAction&, const DeferredAction&) = default;
};

struct Deferred {
    std::chrono::milliseconds after;
    DeferredAction action;
    friend bool operator==(const Deferred&, const Deferred&) = default;
};

struct Effects {
    std::vector<Event> events;
    std::vector<Deferred> deferred;
    bool empty() const { return events.empty() && deferred.empty(); }
};

// Receives each transaction's effects after the engine's lock is released.
using EffectsSink = std::function<void(Effects&&)>;

} // namespace gcm::state
