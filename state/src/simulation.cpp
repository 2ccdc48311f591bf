// The other side of the call, as a test drives it through the control plane: a caller rings
// the bot, invitees answer or decline on cue, people join and leave, keys are pressed, the
// remote side hangs up, an operation fails.
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

#include <cctype>

namespace gcm::state {

Result<Call> Engine::simulate_incoming_call(Effects& out, Call call, IncomingParties parties) {
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
        if (call.participants.empty()) {
            if (parties.caller) {
                auto caller = person(call, std::move(*parties.caller));
                touch_roster(call, caller);
                call.participants.emplace(caller.id, std::move(caller));
            }
            if (parties.bot) {
                auto bot = bot_participant(call, *r.my_participant_id, std::move(*parties.bot),
                                           parties.meeting);
                touch_roster(call, bot);
                call.participants.emplace(bot.id, std::move(bot));
            }
        }
        const auto id = r.id;
        Call& stored = insert(id, std::move(call));
        fx.events.emplace_back(CallStateChanged{ref_of(stored), CallState::incoming, std::nullopt,
                                                std::nullopt, false, stored.resource});
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
            participant.media_streams = person_streams(call);
        if (!participant.info.endpoint_id)
            participant.info.endpoint_id = next_id();
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
        // A group call the last person left ends for the bot (200/5010, as the service does).
        const auto& me = call.resource.my_participant_id;
        const bool only_the_bot =
            call.participants.empty() ||
            (call.participants.size() == 1 && me && call.participants.contains(*me));
        if (call.resource.is_group && only_the_bot)
            end_call(call, settings_.last_one_left, fx);
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
                                         const std::string& operation_id,
                                         OperationFailure failure) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        auto it = call.operations.find(operation_id);
        if (it == call.operations.end())
            return operation_missing(call_id, operation_id);
        if (it->second.finished())
            return make_error(errc::illegal_state,
                              "Operation '" + operation_id + "' has already finished.");
        if (failure.status != OperationStatus::failed &&
            failure.status != OperationStatus::completed)
            return make_error(errc::invalid_request, "must be failed or completed.", "status");
        // An invitation whose operation ends this way is over: its invitees will not join.
        std::erase_if(call.invitations,
                      [&](const auto& e) { return e.second.operation_id == operation_id; });
        if (failure.completion_reason)
            it->second.completion_reason = std::move(failure.completion_reason);
        finish_operation(call, it->second, failure.status, std::move(failure.result), fx);
        return it->second;
    });
}

// Content sharing ids look like the service's: 64 upper-case hex digits.
static std::string sharing_id(const std::string& a, const std::string& b) {
    std::string out;
    for (const auto* part : {&a, &b})
        for (char c : *part)
            if (c != '-')
                out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

Result<ContentSharingSession> Engine::start_content_sharing(Effects& out,
                                                            const std::string& call_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<ContentSharingSession> {
        ContentSharingSession session{sharing_id(next_id(), next_id()), {}};
        call.content_sharing_sessions.emplace(session.id, session);
        if (call.resource.content_sharing_notifications)
            fx.events.emplace_back(ContentSharingChanged{
                ref_of(call), ContentSharingChanged::Change::started, session});
        return session;
    });
}

Result<ContentSharingSession> Engine::change_content_sharing(Effects& out,
                                                             const std::string& call_id,
                                                             const std::string& session_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<ContentSharingSession> {
        auto it = call.content_sharing_sessions.find(session_id);
        if (it == call.content_sharing_sessions.end())
            return item_missing("Content sharing session", call_id, session_id);
        if (call.resource.content_sharing_notifications)
            fx.events.emplace_back(ContentSharingChanged{
                ref_of(call), ContentSharingChanged::Change::changed, it->second});
        return it->second;
    });
}

Result<void> Engine::stop_content_sharing(Effects& out, const std::string& call_id,
                                          const std::string& session_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<void> {
        auto it = call.content_sharing_sessions.find(session_id);
        if (it == call.content_sharing_sessions.end())
            return item_missing("Content sharing session", call_id, session_id);
        if (call.resource.content_sharing_notifications)
            fx.events.emplace_back(ContentSharingChanged{
                ref_of(call), ContentSharingChanged::Change::stopped, it->second});
        call.content_sharing_sessions.erase(it);
        return {};
    });
}

} // namespace gcm::state
