// The participant actions of the engine: hold music, mute, invite, remove, and how a pending
// invitation resolves (the invitee answers, declines, never answers, or is cancelled).
#include "gcm/state/engine.hpp"
#include "transaction.hpp"

#include <set>

namespace gcm::state {
namespace {

const Participant* held_participant(const Call& call) {
    for (const auto& [id, p] : call.participants)
        if (p.on_hold)
            return &p;
    return nullptr;
}

// The service fills in the tenant of invitees that do not name one (seen in the invite example).
void fill_in_tenant(IdentitySet& identity, const std::optional<std::string>& tenant_id) {
    if (!tenant_id)
        return;
    for (auto& [kind, member] : identity.members)
        if (kind != "phone" && !member.tenant_id)
            member.tenant_id = tenant_id;
}

constexpr std::size_t max_invitees = 5;

} // namespace

// The participant a hold action names: the joined one; nullptr for one still only invited (after
// a warning, or the refusal under strict); the error for one the call does not know.
Result<Participant*> Engine::hold_target(Call& call, const std::string& participant_id,
                                         std::string_view action, Effects& fx) {
    if (auto it = call.participants.find(participant_id); it != call.participants.end())
        return &it->second;
    if (!call.invitations.contains(participant_id))
        return participant_missing(call.id(), participant_id);
    if (auto refusal = warn_or_refuse(call, fx,
                                      std::string(action) + " for participant '" + participant_id +
                                          "', who is invited but has not joined."))
        return *refusal;
    return nullptr;
}

Result<Operation> Engine::start_hold_music(Effects& out, const std::string& call_id,
                                           const std::string& participant_id, HoldRequest request) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        auto target = hold_target(call, participant_id, "startHoldMusic", fx);
        if (!target)
            return target.error();
        if (*target) {
            Participant& p = **target;
            std::optional<Error> refusal;
            if (p.on_hold)
                refusal = warn_or_refuse(call, fx,
                                         "startHoldMusic for participant '" + participant_id +
                                             "', who is already on hold.");
            else if (const Participant* held = held_participant(call))
                refusal = warn_or_refuse(call, fx,
                                         "Only one participant can be on hold at a time; '" +
                                             held->id + "' already is.");
            if (refusal)
                return *refusal;
            p.on_hold = true;
            p.hold_prompt = std::move(request.custom_prompt);
            touch_roster(call, p);
            emit_roster(call, std::vector<Participant>{p}, std::vector<Participant>{}, fx);
        }
        Operation& op = add_operation(call, OperationKind::start_hold_music,
                                      OperationStatus::running, std::move(request.client_context));
        defer(fx, running_time(op.kind), DeferredAction::Kind::complete_operation, call.id(),
              op.id);
        return op;
    });
}

Result<Operation> Engine::stop_hold_music(Effects& out, const std::string& call_id,
                                          const std::string& participant_id,
                                          std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        auto target = hold_target(call, participant_id, "stopHoldMusic", fx);
        if (!target)
            return target.error();
        if (Participant* p = *target; p && p->on_hold) {
            p->on_hold = false;
            p->hold_prompt.reset();
            touch_roster(call, *p);
            emit_roster(call, std::vector<Participant>{*p}, std::vector<Participant>{}, fx);
        } else if (p) {
            if (auto refusal = warn_or_refuse(call, fx,
                                              "stopHoldMusic for participant '" + participant_id +
                                                  "', who is not on hold."))
                return *refusal;
        }
        // Completed in the response, so no operation notification follows (commsOperation).
        return add_operation(call, OperationKind::stop_hold_music, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::mute_participant(Effects& out, const std::string& call_id,
                                           const std::string& participant_id,
                                           std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        auto it = call.participants.find(participant_id);
        if (it == call.participants.end())
            return participant_missing(call_id, participant_id);
        Participant& p = it->second;
        set_muted(p, true);
        touch_roster(call, p);
        emit_roster(call, std::vector<Participant>{p}, std::vector<Participant>{}, fx);
        return add_operation(call, OperationKind::mute_participant, OperationStatus::completed,
                             std::move(client_context));
    });
}

Result<Operation> Engine::invite_participants(Effects& out, const std::string& call_id,
                                              std::vector<InvitationParticipantInfo> invitees,
                                              std::optional<std::string> client_context) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Operation> {
        if (invitees.empty())
            return make_error(errc::invalid_request, "must name at least one invitee.",
                              "participants");
        // With replacesCallId only the first invitee is honoured (the participant-invite page).
        if (invitees.front().replaces_call_id)
            invitees.resize(1);
        if (!call.resource.is_group && invitees.size() > 1)
            return make_error(errc::invalid_request,
                              "can name several invitees only on a group call.", "participants");
        if (invitees.size() > max_invitees)
            return make_error(errc::invalid_request,
                              "can name at most 5 invitees (got " +
                                  std::to_string(invitees.size()) + ").",
                              "participants");
        // Everything is checked before any id is minted, so a refused invite takes no id from
        // the engine's sequence (with --seed, later ids stay as they were).
        std::set<std::string> seen;
        for (std::size_t i = 0; i < invitees.size(); ++i) {
            const auto field = "participants[" + std::to_string(i) + "]";
            if (!invitees[i].identity.primary_id())
                return make_error(errc::invalid_request, "must name an identity with an id.",
                                  field + ".identity");
            if (!invitees[i].participant_id)
                continue;
            const auto& id = *invitees[i].participant_id;
            if (call.participants.contains(id))
                return make_error(errc::conflict,
                                  "Participant '" + id + "' is already in call '" + call_id + "'.",
                                  field + ".participantId");
            if (call.invitations.contains(id) || !seen.insert(id).second)
                return make_error(errc::conflict,
                                  "Participant '" + id + "' already has a pending invitation.",
                                  field + ".participantId");
        }
        std::vector<std::string> ids;
        for (const auto& invitee : invitees)
            ids.push_back(invitee.participant_id ? *invitee.participant_id : next_id());
        Operation& op = add_operation(call, OperationKind::invite_participants,
                                      OperationStatus::running, std::move(client_context));
        for (std::size_t i = 0; i < invitees.size(); ++i) {
            fill_in_tenant(invitees[i].identity, call.resource.tenant_id);
            InviteeBehaviour behaviour = behaviour_for(call, invitees[i]);
            op.participants.push_back(invitees[i]);
            call.invitations.insert_or_assign(
                ids[i], Invitation{ids[i], op.id, std::move(invitees[i]), behaviour, std::nullopt});
            defer(fx, behaviour.after, DeferredAction::Kind::resolve_invitation, call.id(), ids[i]);
        }
        return op;
    });
}

Result<Removal> Engine::remove_participant(Effects& out, const std::string& call_id,
                                           const std::string& participant_id) {
    return transact_on(out, call_id, [&](Call& call, Effects& fx) -> Result<Removal> {
        if (auto it = call.participants.find(participant_id); it != call.participants.end()) {
            Participant gone = std::move(it->second);
            call.participants.erase(it);
            gone.roster_sequence_number = ++call.bookkeeping.roster_sequence;
            emit_roster(call, std::vector<Participant>{}, std::vector<Participant>{std::move(gone)},
                        fx);
            return Removal::participant_removed;
        }
        auto inv = call.invitations.find(participant_id);
        if (inv == call.invitations.end() || inv->second.failure)
            return participant_missing(call_id, participant_id);
        inv->second.failure = settings_.invitation_cancelled;
        const auto operation_id = inv->second.operation_id; // settling erases the invitation
        settle_invite_operation(call, operation_id, fx);
        return Removal::invitation_cancelled;
    });
}

InviteeBehaviour Engine::behaviour_for(const Call& call,
                                       const InvitationParticipantInfo& who) const {
    InviteeBehaviour behaviour = settings_.default_invitee;
    if (auto id = who.identity.primary_id())
        if (auto it = call.bookkeeping.invitee_behaviours.find(*id);
            it != call.bookkeeping.invitee_behaviours.end())
            behaviour = it->second;
    if (behaviour.reaction == InviteeBehaviour::Reaction::no_answer && behaviour.after.count() == 0)
        behaviour.after = settings_.ring_timeout;
    return behaviour;
}

void Engine::resolve_invitation(Call& call, const std::string& participant_id, Effects& fx) {
    auto it = call.invitations.find(participant_id);
    if (it == call.invitations.end() || it->second.failure)
        return;
    Invitation inv = it->second;
    switch (inv.behaviour.reaction) {
    case InviteeBehaviour::Reaction::answer: {
        // The invite page's order: the operation completes, then the roster shows the invitee.
        call.invitations.erase(it);
        settle_invite_operation(call, inv.operation_id, fx);
        Participant p;
        p.id = participant_id;
        p.info.identity = inv.target.identity;
        p.info.participant_id = participant_id;
        p.info.endpoint_type = inv.target.endpoint_type.value_or("default");
        p.info.endpoint_id = next_id();
        p.media_streams = person_streams(call);
        touch_roster(call, p);
        call.participants.insert_or_assign(participant_id, p);
        emit_roster(call, std::vector<Participant>{std::move(p)}, std::vector<Participant>{}, fx);
        return;
    }
    case InviteeBehaviour::Reaction::decline:
        it->second.failure = settings_.invitation_declined;
        break;
    case InviteeBehaviour::Reaction::no_answer:
        it->second.failure = settings_.invitation_unanswered;
        break;
    }
    settle_invite_operation(call, inv.operation_id, fx);
}

void Engine::settle_invite_operation(Call& call, const std::string& operation_id, Effects& fx) {
    std::optional<ResultInfo> failure;
    for (const auto& [id, inv] : call.invitations) {
        if (inv.operation_id != operation_id)
            continue;
        if (!inv.failure)
            return; // someone is still ringing
        if (!failure)
            failure = inv.failure;
    }
    std::erase_if(call.invitations,
                  [&](const auto& entry) { return entry.second.operation_id == operation_id; });
    auto op = call.operations.find(operation_id);
    if (op == call.operations.end() || op->second.finished())
        return;
    finish_operation(call, op->second,
                     failure ? OperationStatus::failed : OperationStatus::completed, failure, fx);
    if (failure)
        return;
    // An invitee who joined with replacesCallId leaves the call they were in: it ends.
    for (const auto& invitee : op->second.participants)
        if (invitee.replaces_call_id && *invitee.replaces_call_id != call.id())
            if (Call* replaced = live_call(*invitee.replaces_call_id))
                end_call(*replaced, settings_.replaced_call, fx);
}

} // namespace gcm::state
