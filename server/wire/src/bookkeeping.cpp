// The call's `_mock` object, both ways: what the engine keeps beside the Graph resources
// (invitee behaviours, pending invitations, the roster's sequence, targets still to join, ...),
// so that a state exported with GET /_mock/calls carries on where it was once loaded back.
#include "bookkeeping.hpp"

#include "gcm/wire/graph_json.hpp"
#include "reader.hpp"

#include <algorithm>
#include <boost/json/array.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

json::object behaviour_json(const state::InviteeBehaviour& b) {
    return {{"reaction", to_string(b.reaction)}, {"afterMs", b.after.count()}};
}

Decoded<state::InviteeBehaviour> decode_behaviour(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::InviteeBehaviour b;
    GCM_TRY(reaction, r.optional_string("reaction"));
    if (reaction) {
        using Reaction = state::InviteeBehaviour::Reaction;
        const auto known = {Reaction::answer, Reaction::decline, Reaction::no_answer};
        auto it = std::find_if(known.begin(), known.end(),
                               [&](Reaction x) { return to_string(x) == *reaction; });
        if (it == known.end())
            return error_at(r.path_of("reaction"), "expected answer, decline or noAnswer");
        b.reaction = *it;
    }
    GCM_TRY(after, r.optional_int("afterMs"));
    if (after && *after < 0)
        return error_at(r.path_of("afterMs"), "must not be negative");
    b.after = std::chrono::milliseconds{after.value_or(0)};
    return b;
}

Decoded<state::Invitation> decode_pending_invitation(const json::value& v,
                                                     const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::Invitation inv;
    GCM_TRY(participant_id, r.required_string("participantId"));
    inv.participant_id = std::move(participant_id);
    GCM_TRY(operation_id, r.required_string("operationId"));
    inv.operation_id = std::move(operation_id);
    const auto* invitee = r.get("invitee");
    if (!invitee || invitee->is_null())
        return error_at(r.path_of("invitee"), "is required");
    GCM_TRY(target, decode_invitation(*invitee, r.path_of("invitee")));
    inv.target = std::move(target);
    if (const auto* behaviour = r.get("behaviour"); behaviour && !behaviour->is_null()) {
        GCM_TRY(b, decode_behaviour(*behaviour, r.path_of("behaviour")));
        inv.behaviour = b;
    }
    if (const auto* failure = r.get("failure"); failure && !failure->is_null()) {
        GCM_TRY(info, decode_result_info(*failure, r.path_of("failure")));
        inv.failure = std::move(info);
    }
    return inv;
}

Decoded<bool> read_bookkeeping(const json::value& v, const std::string& path, state::Call& call) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader m(*o, path);
    auto& book = call.bookkeeping;
    if (const auto* invitees = m.get("invitees"); invitees && !invitees->is_null()) {
        const auto invitees_path = m.path_of("invitees");
        GCM_TRY(io, as_object(*invitees, invitees_path));
        for (const auto& [identity, behaviour] : *io) {
            GCM_TRY(b, decode_behaviour(behaviour, member_path(invitees_path, identity)));
            book.invitee_behaviours.emplace(std::string(identity), b);
        }
    }
    GCM_TRY(pending,
            decode_array<state::Invitation>(m, "pendingInvitations", decode_pending_invitation));
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto at = element_path(m.path_of("pendingInvitations"), i);
        auto op = call.operations.find(pending[i].operation_id);
        if (op == call.operations.end() ||
            op->second.kind != state::OperationKind::invite_participants)
            return error_at(at + ".operationId",
                            "names no inviteParticipantsOperation of the call");
        if (call.participants.contains(pending[i].participant_id))
            return error_at(at + ".participantId", "is already a participant of the call");
        auto id = pending[i].participant_id;
        if (!call.invitations.emplace(std::move(id), std::move(pending[i])).second)
            return error_at(at + ".participantId", "is invited twice");
    }
    GCM_TRY(targets,
            decode_array<state::InvitationParticipantInfo>(m, "targetsToJoin", decode_invitation));
    book.targets_to_join = std::move(targets);
    if (const auto* target = m.get("transferTarget"); target && !target->is_null()) {
        GCM_TRY(decoded, decode_invitation(*target, m.path_of("transferTarget")));
        book.transfer_target = std::move(decoded);
    }
    GCM_TRY(subscribed, m.optional_bool("subscribedToTones"));
    book.subscribed_to_tones = subscribed.value_or(false);
    GCM_TRY(tones, m.optional_int("toneSequence"));
    book.tone_sequence = tones.value_or(0);
    GCM_TRY(roster, m.optional_int("rosterSequence"));
    book.roster_sequence = std::max(book.roster_sequence, roster.value_or(0));
    GCM_TRY(next_source, m.optional_int("nextSourceId"));
    if (next_source && *next_source > 0)
        book.next_source_id = static_cast<std::uint64_t>(*next_source);
    GCM_TRY(order, m.optional_strings("operationOrder", "an operation id"));
    if (order)
        book.operation_order.assign(order->begin(), order->end());
    // What the call's resource no longer shows: several targets made it a group call; an answer
    // chose app-hosted media.
    GCM_TRY(app_id, m.optional_string("appId"));
    book.app_id = std::move(app_id);
    GCM_TRY(scenario, m.optional_string("scenarioId"));
    book.scenario_id = std::move(scenario);
    GCM_TRY(established, m.optional_bool("establishedOnce"));
    book.established_once = established.value_or(false);
    GCM_TRY(group, m.optional_bool("group"));
    call.resource.is_group = call.resource.is_group || group.value_or(false);
    GCM_TRY(app_hosted, m.optional_bool("appHostedMedia"));
    call.resource.app_hosted_media = call.resource.app_hosted_media || app_hosted.value_or(false);
    return true;
}

} // namespace

std::optional<DecodeError> decode_call_bookkeeping(const json::value& v, const std::string& path,
                                                   state::Call& call) {
    auto problem = read_bookkeeping(v, path, call);
    if (!problem)
        return problem.error();
    return std::nullopt;
}

json::object bookkeeping_export(const state::Call& call) {
    const auto& book = call.bookkeeping;
    json::object mock;
    json::object invitees;
    for (const auto& [identity, b] : book.invitee_behaviours)
        invitees[identity] = behaviour_json(b);
    mock["invitees"] = std::move(invitees);
    json::array pending;
    for (const auto& [id, inv] : call.invitations) {
        json::object entry{{"participantId", id},
                           {"operationId", inv.operation_id},
                           {"invitee", json::value_from(inv.target)},
                           {"behaviour", behaviour_json(inv.behaviour)}};
        if (inv.failure)
            entry["failure"] = json::value_from(*inv.failure);
        pending.push_back(std::move(entry));
    }
    mock["pendingInvitations"] = std::move(pending);
    mock["rosterSequence"] = book.roster_sequence;
    mock["nextSourceId"] = book.next_source_id;
    json::array order;
    for (const auto& id : book.operation_order)
        order.emplace_back(id);
    mock["operationOrder"] = std::move(order);
    if (book.app_id)
        mock["appId"] = *book.app_id;
    if (book.scenario_id)
        mock["scenarioId"] = *book.scenario_id;
    if (book.established_once)
        mock["establishedOnce"] = true;
    if (call.resource.is_group)
        mock["group"] = true;
    if (call.resource.app_hosted_media)
        mock["appHostedMedia"] = true;
    if (!book.targets_to_join.empty())
        mock["targetsToJoin"] = json::value_from(book.targets_to_join);
    if (book.transfer_target)
        mock["transferTarget"] = json::value_from(*book.transfer_target);
    if (book.subscribed_to_tones)
        mock["subscribedToTones"] = true;
    if (book.tone_sequence != 0)
        mock["toneSequence"] = book.tone_sequence;
    return mock;
}

} // namespace gcm::wire
