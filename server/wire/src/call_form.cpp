// A call in fixture form, both ways (see call_form.hpp). Its `_mock` object holds what the engine
// keeps beside the Graph resources (invitee behaviours, pending invitations, the roster's
// sequence, targets still to join, ...), so that a state exported with GET /_mock/calls carries
// on where it was once loaded back.
#include "gcm/wire/call_form.hpp"

#include "gcm/wire/decode.hpp"
#include "gcm/wire/graph_json.hpp"
#include "properties.hpp"
#include "reader.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

Decoded<std::vector<std::string>> string_list(ObjectReader& r, std::string_view key) {
    GCM_TRY(strings, r.optional_strings(key, "a string"));
    return std::move(strings).value_or(std::vector<std::string>{});
}

Decoded<state::AudioRoutingGroup> decode_stored_routing_group(const json::value& v,
                                                              const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::AudioRoutingGroup group;
    GCM_TRY(id, r.required_string("id"));
    group.id = std::move(id);
    GCM_TRY(mode, r.optional_string("routingMode"));
    if (mode) {
        auto parsed = state::routing_mode_from_string(*mode);
        if (!parsed)
            return error_at(r.path_of("routingMode"), "expected oneToOne or multicast");
        group.routing_mode = *parsed;
    }
    GCM_TRY(sources, string_list(r, "sources"));
    group.sources = std::move(sources);
    GCM_TRY(receivers, string_list(r, "receivers"));
    group.receivers = std::move(receivers);
    return group;
}

Decoded<state::ContentSharingSession> decode_sharing_session(const json::value& v,
                                                             const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::ContentSharingSession session;
    GCM_TRY(id, r.required_string("id"));
    session.id = std::move(id);
    session.passthrough = r.rest_as_text();
    return session;
}

// The application id of an identity set's application member, if it has one.
std::optional<std::string> application_of(const json::value* identity_set) {
    if (!identity_set || !identity_set->is_object())
        return std::nullopt;
    const auto* app = identity_set->get_object().if_contains("application");
    const auto* id = app && app->is_object() ? app->get_object().if_contains("id") : nullptr;
    if (!id || !id->is_string() || id->get_string().empty())
        return std::nullopt;
    return std::string(id->get_string());
}

// The bot's app as a call's resource shows it (read, not consumed): the source application of an
// outgoing call, or the application an incoming call targets (also when the direction is not
// given yet, as for a call the control plane rings the bot with).
std::optional<std::string> bot_application(const json::object& call,
                                           state::CallDirection direction) {
    if (direction == state::CallDirection::outgoing)
        if (const auto* source = call.if_contains("source"); source && source->is_object())
            if (auto id = application_of(source->get_object().if_contains("identity")))
                return id;
    const auto* targets = call.if_contains("targets");
    if (targets && targets->is_array())
        for (const auto& target : targets->get_array())
            if (target.is_object())
                if (auto id = application_of(target.get_object().if_contains("identity")))
                    return id;
    return std::nullopt;
}

} // namespace

std::string_view to_string(state::InviteeBehaviour::Reaction reaction) noexcept {
    switch (reaction) {
    case state::InviteeBehaviour::Reaction::answer:
        return "answer";
    case state::InviteeBehaviour::Reaction::decline:
        return "decline";
    case state::InviteeBehaviour::Reaction::no_answer:
        break;
    }
    return "noAnswer";
}

Decoded<state::Call> decode_call(const json::value& v, const std::string& path, IdRule id_rule) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::Call call;
    auto& resource = call.resource;
    GCM_TRY(id, read_id(r, id_rule));
    resource.id = std::move(id);
    GCM_TRY(state_name, r.optional_string("state"));
    if (state_name) {
        auto parsed = state::call_state_from_string(*state_name);
        if (!parsed)
            return error_at(r.path_of("state"), "unknown call state '" + *state_name + "'");
        resource.state = *parsed;
    }
    GCM_TRY(direction, r.optional_string("direction"));
    if (direction) {
        auto parsed = state::call_direction_from_string(*direction);
        if (!parsed)
            return error_at(r.path_of("direction"), "expected incoming or outgoing");
        resource.direction = *parsed;
    }
    GCM_TRY(callback, r.optional_string("callbackUri"));
    if (callback && !callback->empty() && !is_http_url(*callback))
        return error_at(r.path_of("callbackUri"), "must be an absolute http(s) URL");
    resource.callback_uri = callback.value_or("");
    GCM_TRY(tenant, r.optional_string("tenantId"));
    resource.tenant_id = std::move(tenant);
    GCM_TRY(me, r.optional_string("myParticipantId"));
    resource.my_participant_id = std::move(me);
    GCM_TRY(chain, r.optional_string("callChainId"));
    resource.call_chain_id = std::move(chain);
    if (const auto* result = r.get("resultInfo"); result && !result->is_null()) {
        GCM_TRY(info, decode_result_info(*result, r.path_of("resultInfo")));
        resource.result_info = std::move(info);
    }
    // A call's participants always name their ids: they key its roster.
    GCM_TRY(participants, decode_array<state::Participant>(
                              r, "participants", [](const json::value& p, const std::string& at) {
                                  return decode_participant(p, at);
                              }));
    for (std::size_t i = 0; i < participants.size(); ++i) {
        auto id_copy = participants[i].id;
        call.bookkeeping.roster_sequence =
            std::max(call.bookkeeping.roster_sequence, participants[i].roster_sequence_number);
        if (!call.participants.emplace(std::move(id_copy), std::move(participants[i])).second)
            return error_at(element_path(r.path_of("participants"), i) + ".id",
                            "duplicate participant id");
    }
    // Read, not consumed: these stay in the call resource as given.
    for (const char* key : {"chatInfo", "meetingInfo"})
        if (const auto* v = o->if_contains(key); v && v->is_object())
            resource.is_group = true;
    if (const auto* options = o->if_contains("callOptions"); options && options->is_object()) {
        const auto& opts = options->get_object();
        if (const auto* delta = opts.if_contains("isDeltaRosterEnabled"))
            resource.delta_roster = delta->is_bool() && delta->get_bool();
        if (const auto* sharing = opts.if_contains("isContentSharingNotificationEnabled"))
            resource.content_sharing_notifications = sharing->is_bool() && sharing->get_bool();
    }
    // Consumed when it says what the encoder writes from audio_active; else kept as given.
    if (const auto* media = o->if_contains("mediaState"); media && media->is_object()) {
        const auto& m = media->get_object();
        const auto* audio = m.if_contains("audio");
        resource.audio_active = audio && audio->is_string() && audio->get_string() == "active";
        if (resource.audio_active && m.size() <= 2)
            (void)r.get("mediaState");
    }
    if (const auto* config = o->if_contains("mediaConfig"); config && config->is_object())
        if (const auto* type = config->get_object().if_contains("@odata.type"))
            resource.app_hosted_media = is_odata_type(*type, "appHostedMediaConfig");
    GCM_TRY(operations, decode_array<state::Operation>(r, "operations", decode_operation));
    for (std::size_t i = 0; i < operations.size(); ++i) {
        auto id_copy = operations[i].id;
        call.bookkeeping.operation_order.push_back(id_copy);
        if (!call.operations.emplace(std::move(id_copy), std::move(operations[i])).second)
            return error_at(element_path(r.path_of("operations"), i) + ".id",
                            "duplicate operation id");
    }
    GCM_TRY(groups, decode_array<state::AudioRoutingGroup>(r, "audioRoutingGroups",
                                                           decode_stored_routing_group));
    for (auto& group : groups) {
        auto id = group.id;
        call.audio_routing_groups.emplace(std::move(id), std::move(group));
    }
    GCM_TRY(sessions, decode_array<state::ContentSharingSession>(r, "contentSharingSessions",
                                                                 decode_sharing_session));
    for (auto& session : sessions) {
        auto id = session.id;
        call.content_sharing_sessions.emplace(std::move(id), std::move(session));
    }
    if (const auto* mock = r.get("_mock"); mock && !mock->is_null())
        if (auto problem = decode_call_bookkeeping(*mock, r.path_of("_mock"), call))
            return *problem;
    if (!call.bookkeeping.app_id)
        call.bookkeeping.app_id = bot_application(*o, resource.direction);
    auto rest = r.rest(call_properties());
    // The encoder completes the client's source and targets too: undo that as well.
    if (auto* source = rest.if_contains("source"); source && source->is_object())
        strip_unset(source->get_object(), participant_info_properties());
    if (auto* targets = rest.if_contains("targets"); targets && targets->is_array())
        for (auto& target : targets->get_array())
            if (target.is_object())
                strip_unset(target.get_object(), invitation_properties());
    resource.passthrough = rest.empty() ? std::string{} : json::serialize(rest);
    return call;
}

json::object call_export(const state::Call& call) {
    json::object o = json::value_from(call.resource).as_object();
    json::array participants;
    for (const auto& [id, p] : call.participants) {
        json::object po = json::value_from(p).as_object();
        if (p.on_hold) {
            json::object mock{{"onHold", true}};
            if (p.hold_prompt)
                mock["holdPrompt"] = json::parse(*p.hold_prompt, {}, stored_json_options());
            po["_mock"] = std::move(mock);
        }
        participants.push_back(std::move(po));
    }
    o["participants"] = std::move(participants);
    // Oldest first, as the engine keeps them (what it evicts first).
    json::array operations;
    for (const auto& id : call.bookkeeping.operation_order)
        if (auto it = call.operations.find(id); it != call.operations.end())
            operations.push_back(json::value_from(it->second));
    for (const auto& [id, op] : call.operations)
        if (std::find(call.bookkeeping.operation_order.begin(),
                      call.bookkeeping.operation_order.end(),
                      id) == call.bookkeeping.operation_order.end())
            operations.push_back(json::value_from(op));
    o["operations"] = std::move(operations);
    json::array groups;
    for (const auto& [id, group] : call.audio_routing_groups)
        groups.push_back(json::value_from(group));
    o["audioRoutingGroups"] = std::move(groups);
    json::array sessions;
    for (const auto& [id, session] : call.content_sharing_sessions)
        sessions.push_back(json::value_from(session));
    o["contentSharingSessions"] = std::move(sessions);

    o["_mock"] = bookkeeping_export(call);
    return o;
}

} // namespace gcm::wire
