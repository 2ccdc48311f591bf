// The call's life: create, answer, reject, redirect, transfer, hang up, keepAlive, and the timed
// transitions between (call-state machine of graph-comms-api.md §2.1).
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

namespace gcm::state {
namespace {

Error wrong_state(const Call& call, std::string_view action, std::string_view needed) {
    return make_error(errc::illegal_state, "Cannot " + std::string(action) + " call '" + call.id +
                                               "' in state '" + std::string(to_string(call.state)) +
                                               "'; it must be " + std::string(needed) + ".");
}

Participant bot_participant(const std::string& id, IdentitySet identity) {
    Participant bot;
    bot.id = id;
    bot.info.identity = std::move(identity);
    bot.info.participant_id = id;
    bot.media_streams.push_back(MediaStream{"audio", "1", "sendReceive", false, "main-audio"});
    return bot;
}

} // namespace

Call* Engine::live_call(const std::string& call_id) {
    Call* call = find_call(call_id);
    if (!call || call->state == CallState::terminating || call->state == CallState::redirecting)
        return nullptr;
    return call;
}

void Engine::defer(Effects& fx, std::chrono::milliseconds after, DeferredAction::Kind kind,
                   const std::string& call_id, std::string target) {
    fx.deferred.push_back({after, {kind, call_id, std::move(target), epoch_}});
}

void Engine::set_state(Call& call, CallState state, Effects& fx) {
    call.state = state;
    fx.events.emplace_back(CallStateChanged{ref_of(call), state, call.result_info, nullptr});
}

void Engine::end_call(Call& call, std::optional<ResultInfo> reason, Effects& fx) {
    call.result_info = std::move(reason);
    set_state(call, CallState::terminated, fx);
    calls_.erase(call.id);
}

void Engine::establish(Call& call, Effects& fx) {
    if (call.state != CallState::establishing)
        return;
    set_state(call, CallState::established, fx);
    // The other side of an outgoing peer-to-peer call, or the invited group, joins now.
    std::vector<Participant> joined;
    if (call.direction == "outgoing") {
        for (const auto& target : call.targets_to_join) {
            Participant p;
            p.id = target.participant_id ? *target.participant_id : next_id();
            p.info.identity = target.identity;
            p.info.participant_id = p.id;
            p.info.endpoint_type = target.endpoint_type.value_or("default");
            p.media_streams.push_back(MediaStream{"audio", std::to_string(call.roster_sequence + 2),
                                                  "sendReceive", false, "main-audio"});
            touch_roster(call, p);
            joined.push_back(p);
            call.participants.insert_or_assign(p.id, std::move(p));
        }
        call.targets_to_join.clear();
    }
    // Peer-to-peer calls get call-state notifications only (application-post-calls.md).
    if (call.is_group && !joined.empty())
        emit_roster(call, joined, std::vector<Participant>{}, fx);
}

Result<Call> Engine::create_call(NewCall request) {
    return transact([&](Effects& fx) -> Result<Call> {
        Call call;
        call.id = next_id();
        call.state = CallState::establishing;
        call.direction = "outgoing";
        call.callback_uri = std::move(request.callback_uri);
        call.tenant_id = std::move(request.tenant_id);
        call.my_participant_id = next_id();
        call.is_group = request.is_group;
        call.app_hosted_media = request.app_hosted_media;
        call.delta_roster = request.delta_roster;
        call.passthrough = std::move(request.passthrough);
        call.targets_to_join = std::move(request.targets);
        auto bot = bot_participant(*call.my_participant_id, std::move(request.bot_identity));
        touch_roster(call, bot);
        call.participants.emplace(bot.id, std::move(bot));
        const auto id = call.id;
        Call& stored = calls_.emplace(id, std::move(call)).first->second;
        fx.events.emplace_back(
            CallStateChanged{ref_of(stored), stored.state, std::nullopt, nullptr});
        defer(fx, settings_.call_setup, DeferredAction::Kind::establish_call, id);
        defer(fx, settings_.keepalive_window, DeferredAction::Kind::check_keepalive, id, "0");
        return stored;
    });
}

Result<void> Engine::answer(const std::string& call_id, AnswerRequest request) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::incoming)
            return wrong_state(*call, "answer", "incoming");
        if (request.callback_uri)
            call->callback_uri = std::move(*request.callback_uri);
        call->app_hosted_media = request.app_hosted_media;
        set_state(*call, CallState::establishing, fx);
        defer(fx, settings_.call_setup, DeferredAction::Kind::establish_call, call_id);
        return {};
    });
}

Result<void> Engine::reject(const std::string& call_id, RejectRequest request) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::incoming)
            return wrong_state(*call, "reject", "incoming");
        if (request.callback_uri)
            call->callback_uri = std::move(*request.callback_uri);
        end_call(*call, std::nullopt, fx);
        return {};
    });
}

Result<void> Engine::redirect(const std::string& call_id, RedirectRequest request) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::incoming)
            return wrong_state(*call, "redirect", "incoming");
        if (request.callback_uri)
            call->callback_uri = std::move(*request.callback_uri);
        call->state = CallState::redirecting;
        defer(fx, settings_.call_teardown, DeferredAction::Kind::finish_termination, call_id);
        return {};
    });
}

Result<void> Engine::transfer(const std::string& call_id, TransferRequest request) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        if (call->state != CallState::established)
            return wrong_state(*call, "transfer", "established");
        if (!request.target.identity.primary_id())
            return make_error(errc::invalid_request, "must name an identity with an id.",
                              "transferTarget.identity");
        if (call->is_group && !request.transferee)
            return make_error(errc::invalid_request,
                              "is required when transferring from a group call.", "transferee");
        call->transfer_target = std::move(request.target);
        call->result_info.reset();
        set_state(*call, CallState::transferring, fx);
        defer(fx, settings_.transfer_step, DeferredAction::Kind::advance_transfer, call_id);
        return {};
    });
}

void Engine::advance_transfer(Call& call, Effects& fx) {
    if (call.state == CallState::transfer_accepted) {
        end_call(call, settings_.transfer_completed, fx);
        return;
    }
    if (call.state != CallState::transferring || !call.transfer_target)
        return;
    const auto behaviour = behaviour_for(call, *call.transfer_target);
    if (behaviour.reaction == InviteeBehaviour::Reaction::answer) {
        set_state(call, CallState::transfer_accepted, fx);
        defer(fx, settings_.transfer_step, DeferredAction::Kind::advance_transfer, call.id);
        return;
    }
    // A failed transfer leaves the call established, with the reason (call-transfer.md).
    ResultInfo failure = settings_.transfer_failed;
    if (call.transfer_target->replaces_call_id)
        failure.subcode = 7700; // consultative transfer
    call.transfer_target.reset();
    call.result_info = failure;
    set_state(call, CallState::established, fx);
}

Result<void> Engine::hang_up(const std::string& call_id) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        call->result_info = settings_.hung_up;
        set_state(*call, CallState::terminating, fx);
        defer(fx, settings_.call_teardown, DeferredAction::Kind::finish_termination, call_id);
        return {};
    });
}

Result<void> Engine::keep_alive(const std::string& call_id) {
    return transact([&](Effects& fx) -> Result<void> {
        Call* call = live_call(call_id);
        if (!call)
            return call_missing(call_id);
        ++call->keepalive_generation;
        defer(fx, settings_.keepalive_window, DeferredAction::Kind::check_keepalive, call_id,
              std::to_string(call->keepalive_generation));
        return {};
    });
}

} // namespace gcm::state
