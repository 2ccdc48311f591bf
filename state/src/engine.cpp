// The engine's core: loading, queries, shared helpers and deferred actions. The participant
// actions (hold, mute, invite, remove) are in participant_actions.cpp.
#include "gcm/state/engine.hpp"

#include "gcm/state/ids.hpp"
#include "transaction.hpp"

#include <algorithm>
#include <utility>

namespace gcm::state {

CallRef ref_of(const Call& call) {
    CallRef ref{call.id, call.callback_uri, call.tenant_id, {}, call.is_group, call.delta_roster};
    if (call.my_participant_id)
        if (auto it = call.participants.find(*call.my_participant_id);
            it != call.participants.end())
            if (const auto* app = it->second.info.identity.find("application"))
                ref.app_id = app->id;
    return ref;
}

void Engine::emit_roster(Call& call, std::vector<Participant> updated,
                         std::vector<Participant> removed, Effects& fx) {
    RosterChanged change{
        ref_of(call), call.roster_sequence, std::move(updated), std::move(removed), {}};
    change.roster.reserve(call.participants.size());
    for (const auto& [id, p] : call.participants)
        change.roster.push_back(p);
    fx.events.emplace_back(std::move(change));
}

Engine::Engine(EngineSettings settings, IdSource ids)
    : settings_(std::move(settings)), ids_(ids ? std::move(ids) : IdSource{random_uuid}) {}

void Engine::set_sink(EffectsSink sink) {
    sink_ = std::move(sink);
}

void Engine::load(std::vector<Call> calls) {
    transact([&](Effects& fx) {
        calls_.clear();
        calls_.reserve(calls.size());
        ++epoch_;
        for (auto& call : calls) {
            auto id = call.id;
            defer(fx, settings_.keepalive_window, DeferredAction::Kind::check_keepalive, id,
                  std::to_string(call.keepalive_generation));
            calls_.insert_or_assign(std::move(id), std::move(call));
        }
    });
}

Result<Call> Engine::get_call(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<Call> { return call; });
}

Result<Call> Engine::get_call_resource(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<Call> {
        Call out;
        out.id = call.id;
        out.state = call.state;
        out.direction = call.direction;
        out.callback_uri = call.callback_uri;
        out.tenant_id = call.tenant_id;
        out.my_participant_id = call.my_participant_id;
        out.result_info = call.result_info;
        out.is_group = call.is_group;
        out.app_hosted_media = call.app_hosted_media;
        out.delta_roster = call.delta_roster;
        out.passthrough = call.passthrough;
        return out;
    });
}

Result<std::vector<Participant>> Engine::list_participants(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<Participant>> {
        std::vector<Participant> out;
        out.reserve(call.participants.size());
        for (const auto& [id, p] : call.participants)
            out.push_back(p);
        return out;
    });
}

Result<Participant> Engine::get_participant(const std::string& call_id,
                                            const std::string& participant_id) const {
    return read(call_id, [&](const Call& call) -> Result<Participant> {
        auto it = call.participants.find(participant_id);
        if (it == call.participants.end())
            return make_error(errc::participant_not_found,
                              "Participant '" + participant_id + "' not found in call '" + call_id +
                                  "'.",
                              participant_id);
        return it->second;
    });
}

Result<Operation> Engine::get_operation(const std::string& call_id,
                                        const std::string& operation_id) const {
    return read(call_id, [&](const Call& call) -> Result<Operation> {
        auto it = call.operations.find(operation_id);
        if (it == call.operations.end())
            return make_error(errc::operation_not_found,
                              "Operation '" + operation_id + "' not found in call '" + call_id +
                                  "'.",
                              operation_id);
        return it->second;
    });
}

Result<std::vector<Operation>> Engine::list_operations(const std::string& call_id) const {
    return read(call_id, [](const Call& call) -> Result<std::vector<Operation>> {
        std::vector<Operation> out;
        out.reserve(call.operations.size());
        for (const auto& [id, op] : call.operations)
            out.push_back(op);
        return out;
    });
}

std::size_t Engine::call_count() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
}

std::vector<Call> Engine::all_calls() const {
    std::vector<Call> out;
    {
        std::lock_guard lock(mutex_);
        out.reserve(calls_.size());
        for (const auto& [id, call] : calls_)
            if (call.state != CallState::terminated)
                out.push_back(call);
    }
    std::sort(out.begin(), out.end(), [](const Call& a, const Call& b) { return a.id < b.id; });
    return out;
}

Call* Engine::find_call(const std::string& call_id) {
    auto it = calls_.find(call_id);
    if (it == calls_.end() || it->second.state == CallState::terminated)
        return nullptr;
    return &it->second;
}

std::string Engine::next_id() {
    return ids_();
}

Operation& Engine::add_operation(Call& call, OperationKind kind, OperationStatus status,
                                 std::optional<std::string> client_context) {
    Operation op;
    op.id = next_id();
    op.kind = kind;
    op.status = status;
    op.client_context = std::move(client_context);
    // Forget the oldest finished operations beyond the cap (running ones are kept).
    auto& order = call.operation_order;
    while (order.size() >= settings_.max_operations_per_call) {
        auto oldest = std::find_if(order.begin(), order.end(), [&](const std::string& id) {
            auto it = call.operations.find(id);
            return it == call.operations.end() || it->second.finished();
        });
        if (oldest == order.end())
            break;
        call.operations.erase(*oldest);
        order.erase(oldest);
    }
    call.operation_order.push_back(op.id);
    auto id = op.id;
    return call.operations.insert_or_assign(std::move(id), std::move(op)).first->second;
}

bool Engine::warn_or_refuse(Call& call, Effects& fx, std::string message, Error& refusal) {
    if (settings_.strict) {
        refusal = make_error(errc::illegal_state, std::move(message));
        return false;
    }
    fx.events.emplace_back(Warning{ref_of(call), std::move(message)});
    return true;
}

void Engine::touch_roster(Call& call, Participant& participant) {
    participant.roster_sequence_number = ++call.roster_sequence;
}

void Engine::finish_operation(Call& call, Operation& op, OperationStatus status,
                              std::optional<ResultInfo> result, Effects& fx) {
    op.status = status;
    op.result_info = std::move(result);
    fx.events.emplace_back(OperationFinished{ref_of(call), op});
}

void Engine::fire(const DeferredAction& action) {
    transact([&](Effects& fx) {
        if (action.epoch != epoch_)
            return;
        Call* call = find_call(action.call_id);
        if (!call)
            return;
        switch (action.kind) {
        case DeferredAction::Kind::complete_operation: {
            auto it = call->operations.find(action.target_id);
            if (it != call->operations.end() && !it->second.finished())
                complete_media(*call, it->second, fx);
            break;
        }
        case DeferredAction::Kind::resolve_invitation:
            resolve_invitation(*call, action.target_id, fx);
            break;
        case DeferredAction::Kind::establish_call:
            establish(*call, fx);
            break;
        case DeferredAction::Kind::finish_termination:
            if (call->state == CallState::terminating || call->state == CallState::redirecting)
                end_call(*call, call->result_info, fx);
            break;
        case DeferredAction::Kind::advance_transfer:
            advance_transfer(*call, fx);
            break;
        case DeferredAction::Kind::expire_incoming:
            if (call->state == CallState::incoming)
                end_call(*call, settings_.unanswered_incoming, fx);
            break;
        case DeferredAction::Kind::check_keepalive:
            if (action.target_id == std::to_string(call->keepalive_generation))
                end_call(*call, settings_.keepalive_expired, fx);
            break;
        }
    });
}

} // namespace gcm::state
