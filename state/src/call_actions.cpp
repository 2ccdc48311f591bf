// The call's life: create, answer, reject, redirect, transfer, hang up, keepAlive, and the timed
// transitions between (the call-state machine of docs/choices.md).
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

namespace gcm::state {
namespace {

Error wrong_state(const Call& call, std::string_view action, std::string_view needed) {
    return make_error(errc::illegal_state, "Cannot " + std::string(action) + " call '" + call.id() +
                                               "' in state '" +
                                               std::string(to_string(call.resource.state)) +
                                               "'; it must be " + std::string(needed) + ".");
}

// The bot in its own call. In a meeting the roster shows it as an application instance (as the
// service's captures do), elsewhere as the application the call's source names.
} // namespace

void Engine::set_state(Call& call, CallState state, Effects& fx) {
    call.resource.state = state;
    CallStateChanged change{
        ref_of(call), state, call.resource.result_info, std::nullopt, call.resource.audio_active,
        std::nullopt};
    if (state == CallState::established && !call.bookkeeping.established_once) {
        call.bookkeeping.established_once = true;
        change.direction = call.resource.direction;
    }
    fx.events.emplace_back(std::move(change));
}

void Engine::end_call(Call& call, std::optional<ResultInfo> reason, Effects& fx) {
    call.resource.result_info = std::move(reason);
    set_state(call, CallState::terminated, fx);
    calls_.erase(call.id());
}

void Engine::establish(Call& call, Effects& fx) {
    if (call.resource.state != CallState::establishing)
        return;
    set_state(call, CallState::established, fx);
    if (settings_.media_state_notifications && !call.resource.audio_active) {
        call.resource.audio_active = true;
        fx.events.emplace_back(MediaConnected{ref_of(call)});
    }
    // The roster as the service sends it: in a group call first the bot alone, then everyone
    // already there, then each who joins; in a peer-to-peer call the two of them.
    const auto& me = call.resource.my_participant_id;
    const bool has_bot = me && call.participants.contains(*me);
    bool others = call.participants.size() > (has_bot ? 1u : 0u);
    if (call.resource.is_group && has_bot) {
        const auto& bot = call.participants.at(*me);
        emit_roster(call, {bot}, {}, fx, std::vector<Participant>{bot});
        if (others) {
            std::vector<Participant> present;
            for (const auto& [id, p] : call.participants)
                if (id != *me)
                    present.push_back(p);
            emit_roster(call, std::move(present), {}, fx);
        }
    }
    // The other side of an outgoing call, or the invited group, joins now.
    if (call.resource.direction == CallDirection::outgoing) {
        for (const auto& target : call.bookkeeping.targets_to_join) {
            ParticipantInfo info;
            info.identity = target.identity;
            info.participant_id = target.participant_id;
            info.endpoint_type = target.endpoint_type;
            auto p = person(call, std::move(info));
            touch_roster(call, p);
            call.participants.insert_or_assign(p.id, p);
            others = true;
            if (call.resource.is_group)
                emit_roster(call, {std::move(p)}, {}, fx);
        }
        call.bookkeeping.targets_to_join.clear();
    }
    if (!call.resource.is_group && others)
        emit_roster(call, {}, {}, fx);
}

Result<CallResource> Engine::create_call(Effects& out, NewCall request) {
    return transact(out, [&](Effects& fx) -> Result<CallResource> {
        Call call;
        auto& r = call.resource;
        r.id = next_id();
        r.state = CallState::establishing;
        r.direction = CallDirection::outgoing;
        r.callback_uri = std::move(request.callback_uri);
        r.tenant_id = std::move(request.tenant_id);
        r.my_participant_id = next_id();
        r.call_chain_id = request.call_chain_id ? std::move(request.call_chain_id) : next_id();
        r.is_group = request.is_group;
        r.app_hosted_media = request.app_hosted_media;
        r.delta_roster = request.delta_roster;
        r.passthrough = std::move(request.passthrough);
        r.content_sharing_notifications = request.content_sharing_notifications;
        if (!r.tenant_id)
            r.tenant_id = std::move(request.caller_tenant_id); // the app's own tenant
        call.bookkeeping.targets_to_join = std::move(request.targets);
        call.bookkeeping.scenario_id = std::move(request.scenario_id);
        if (request.caller_app_id)
            call.bookkeeping.app_id = std::move(request.caller_app_id);
        else if (const auto* app = request.bot_identity.find("application");
                 app && !app->id.empty())
            call.bookkeeping.app_id = app->id;
        auto bot = bot_participant(call, *r.my_participant_id, std::move(request.bot_identity),
                                   request.joins_meeting);
        touch_roster(call, bot);
        call.participants.emplace(bot.id, std::move(bot));
        const auto id = r.id;
        Call& stored = insert(id, std::move(call));
        fx.events.emplace_back(CallStateChanged{ref_of(stored), stored.resource.state, std::nullopt,
                                                std::nullopt, false, std::nullopt});
        defer(fx, settings_.call_setup, DeferredAction::Kind::establish_call, id);
        defer_keepalive_check(fx, stored);
        return stored.resource;
    });
}

Result<void> Engine::answer(Effects& out, const std::string& call_id, AnswerRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        if (call.resource.state != CallState::incoming)
            return wrong_state(call, "answer", "incoming");
        if (request.callback_uri)
            call.resource.callback_uri = std::move(*request.callback_uri);
        call.resource.app_hosted_media = request.app_hosted_media;
        if (request.caller_app_id)
            call.bookkeeping.app_id = std::move(request.caller_app_id);
        if (request.scenario_id)
            call.bookkeeping.scenario_id = std::move(request.scenario_id);
        set_state(call, CallState::establishing, fx);
        defer(fx, settings_.call_setup, DeferredAction::Kind::establish_call, call_id);
        return {};
    });
}

Result<void> Engine::reject(Effects& out, const std::string& call_id, RejectRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        if (call.resource.state != CallState::incoming)
            return wrong_state(call, "reject", "incoming");
        if (request.callback_uri)
            call.resource.callback_uri = std::move(*request.callback_uri);
        end_call(call, std::nullopt, fx);
        return {};
    });
}

Result<void> Engine::redirect(Effects& out, const std::string& call_id, RedirectRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        if (call.resource.state != CallState::incoming)
            return wrong_state(call, "redirect", "incoming");
        if (request.callback_uri)
            call.resource.callback_uri = std::move(*request.callback_uri);
        call.resource.state = CallState::redirecting;
        defer(fx, settings_.call_teardown, DeferredAction::Kind::finish_termination, call_id);
        return {};
    });
}

Result<void> Engine::transfer(Effects& out, const std::string& call_id, TransferRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        if (call.resource.state != CallState::established)
            return wrong_state(call, "transfer", "established");
        if (!request.target.identity.primary_id())
            return make_error(errc::invalid_request, "must name an identity with an id.",
                              "transferTarget.identity");
        if (call.resource.is_group && !request.transferee)
            return make_error(errc::invalid_request,
                              "is required when transferring from a group call.", "transferee");
        call.bookkeeping.transfer_target = std::move(request.target);
        call.resource.result_info.reset();
        set_state(call, CallState::transferring, fx);
        defer(fx, settings_.transfer_step, DeferredAction::Kind::advance_transfer, call_id);
        return {};
    });
}

void Engine::advance_transfer(Call& call, Effects& fx) {
    auto& target = call.bookkeeping.transfer_target;
    if (call.resource.state == CallState::transfer_accepted) {
        end_call(call, settings_.transfer_completed, fx);
        return;
    }
    if (call.resource.state != CallState::transferring || !target)
        return;
    const auto behaviour = behaviour_for(call, *target);
    if (behaviour.reaction == InviteeBehaviour::Reaction::answer) {
        set_state(call, CallState::transfer_accepted, fx);
        defer(fx, settings_.transfer_step, DeferredAction::Kind::advance_transfer, call.id());
        return;
    }
    // A failed transfer leaves the call established, with the reason (the call-transfer page).
    ResultInfo failure = target->replaces_call_id ? settings_.consultative_transfer_failed
                                                  : settings_.transfer_failed;
    target.reset();
    call.resource.result_info = failure;
    set_state(call, CallState::established, fx);
}

Result<void> Engine::hang_up(Effects& out, const std::string& call_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        call.resource.result_info = settings_.hung_up;
        set_state(call, CallState::terminating, fx);
        defer(fx, settings_.call_teardown, DeferredAction::Kind::finish_termination, call_id);
        return {};
    });
}

Result<void> Engine::keep_alive(Effects& out, const std::string& call_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        ++call.bookkeeping.keepalive_generation;
        defer_keepalive_check(fx, call);
        return {};
    });
}

} // namespace gcm::state
