// The other side of the call, as a test drives it through the control plane: a caller rings
// the bot, invitees answer or decline on cue, people join and leave, keys are pressed, the
// remote side hangs up, an operation fails.
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

namespace gcm::state {

Result<Call> Engine::simulate_incoming_call(Effects& out, Call call) {
    return transact(out, [&](Effects& fx) -> Result<Call> {
        auto& r = call.resource;
        if (r.id.empty())
            r.id = next_id();
        if (calls_.contains(r.id))
            return make_error(errc::conflict, "Call '" + r.id + "' already exists.", "id");
        r.state = CallState::incoming;
        r.direction = CallDirection::incoming;
        if (!r.my_participant_id)
            r.my_participant_id = next_id();
        if (!r.call_chain_id)
            r.call_chain_id = next_id();
        settle_source_ids(call);
        const auto id = r.id;
        Call& stored = calls_.emplace(id, std::move(call)).first->second;
        fx.events.emplace_back(
            CallStateChanged{ref_of(stored), CallState::incoming, std::nullopt, stored.resource});
        // What the call carries is under way like a loaded call's: it rings, and whatever
        // invitations and operations it came with go on.
        resume(stored, fx);
        return stored;
    });
}

Result<void> Engine::resolve_invitation_now(Effects& out, const std::string& call_id,
                                            const std::string& participant_id,
                                            InviteeBehaviour::Reaction reaction) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        auto it = call.invitations.find(participant_id);
        if (it == call.invitations.end() || it->second.failure)
            return invitation_missing(call_id, participant_id);
        it->second.behaviour.reaction = reaction;
        resolve_invitation(call, participant_id, fx);
        return {};
    });
}

Result<Participant> Engine::participant_joins(Effects& out, const std::string& call_id,
                                              Participant participant) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Participant> {
        if (participant.id.empty())
            participant.id = next_id();
        if (call.participants.contains(participant.id))
            return make_error(errc::conflict,
                              "Participant '" + participant.id + "' is already in the call.", "id");
        if (participant.media_streams.empty())
            participant.media_streams.push_back(main_audio(call));
        touch_roster(call, participant);
        call.participants.emplace(participant.id, participant);
        emit_roster(call, {participant}, {}, fx);
        return participant;
    });
}

Result<void> Engine::participant_leaves(Effects& out, const std::string& call_id,
                                        const std::string& participant_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        auto it = call.participants.find(participant_id);
        if (it == call.participants.end())
            return participant_missing(call_id, participant_id);
        Participant gone = std::move(it->second);
        call.participants.erase(it);
        gone.roster_sequence_number = ++call.bookkeeping.roster_sequence;
        emit_roster(call, {}, {std::move(gone)}, fx);
        return {};
    });
}

Result<std::int64_t> Engine::press_tones(Effects& out, const std::string& call_id,
                                         std::vector<Tone> tones) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<std::int64_t> {
        if (!call.bookkeeping.subscribed_to_tones)
            return make_error(errc::illegal_state,
                              "Call '" + call_id +
                                  "' has not subscribed to tones (POST .../subscribeToTone).");
        for (auto tone : tones)
            fx.events.emplace_back(
                ToneReceived{ref_of(call), tone, ++call.bookkeeping.tone_sequence});
        return call.bookkeeping.tone_sequence;
    });
}

Result<void> Engine::remote_hang_up(Effects& out, const std::string& call_id,
                                    std::optional<ResultInfo> reason) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        end_call(call, reason ? std::move(reason) : settings_.remote_hang_up, fx);
        return {};
    });
}

Result<Operation> Engine::fail_operation(Effects& out, const std::string& call_id,
                                         const std::string& operation_id, ResultInfo reason) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        auto it = call.operations.find(operation_id);
        if (it == call.operations.end())
            return operation_missing(call_id, operation_id);
        if (it->second.finished())
            return make_error(errc::illegal_state,
                              "Operation '" + operation_id + "' has already finished.");
        // An invitation whose operation fails is over: its invitees will not join.
        std::erase_if(call.invitations,
                      [&](const auto& e) { return e.second.operation_id == operation_id; });
        finish_operation(call, it->second, OperationStatus::failed, std::move(reason), fx);
        return it->second;
    });
}

} // namespace gcm::state
