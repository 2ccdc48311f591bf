// Boost.JSON conversions from the engine's resources to Graph's wire shapes (see graph_json.hpp).
#include "gcm/wire/graph_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

void put_optional(json::object& o, std::string_view key, const std::optional<std::string>& v) {
    if (v)
        o[key] = *v;
}

void put_or_null(json::object& o, std::string_view key, const std::optional<std::string>& v) {
    if (v)
        o[key] = *v;
    else
        o[key] = nullptr;
}

// Passthrough text was produced by our own serializer; anything else is a programming error.
json::object passthrough_object(const std::string& text) {
    if (text.empty())
        return {};
    return json::parse(text).as_object();
}

// Graph's identity sets always spell out the four classic kinds, null when absent.
constexpr std::string_view classic_kinds[] = {"user", "application", "device", "phone"};

json::object identity_set(const state::IdentitySet& set, bool annotated) {
    json::object o;
    if (annotated)
        o["@odata.type"] = odata_type("identitySet");
    for (const auto& [kind, member] : set.members) {
        if (annotated) {
            o[kind] = json::value_from(member);
        } else {
            json::object bare;
            bare["id"] = member.id;
            put_optional(bare, "displayName", member.display_name);
            put_optional(bare, "identityProvider", member.identity_provider);
            put_optional(bare, "tenantId", member.tenant_id);
            o[kind] = std::move(bare);
        }
    }
    for (auto kind : classic_kinds)
        if (!o.contains(kind))
            o[kind] = nullptr;
    return o;
}

} // namespace

std::string odata_type(std::string_view name) {
    std::string out(graph_namespace);
    out += name;
    return out;
}

std::string to_text(const json::value& v) {
    return json::serialize(v);
}

json::object invitation_echo(const state::InvitationParticipantInfo& x) {
    json::object o;
    put_or_null(o, "endpointType", x.endpoint_type);
    o["id"] = nullptr;
    put_or_null(o, "participantId", x.participant_id);
    put_optional(o, "replacesCallId", x.replaces_call_id);
    o["identity"] = identity_set(x.identity, false);
    return o;
}

json::object operation_response(const state::Operation& op) {
    json::object o = json::value_from(op).as_object();
    if (op.kind == state::OperationKind::invite_participants &&
        op.status == state::OperationStatus::running)
        o["status"] = "Running";
    return o;
}

json::object call_export(const state::Call& call) {
    json::object o = json::value_from(call).as_object();
    json::array participants;
    for (const auto& [id, p] : call.participants) {
        json::object po = json::value_from(p).as_object();
        if (p.on_hold) {
            json::object mock{{"onHold", true}};
            if (p.hold_prompt)
                mock["holdPrompt"] = json::parse(*p.hold_prompt);
            po["_mock"] = std::move(mock);
        }
        participants.push_back(std::move(po));
    }
    o["participants"] = std::move(participants);
    json::array operations;
    for (const auto& [id, op] : call.operations)
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

    json::object mock;
    json::object invitees;
    for (const auto& [identity, b] : call.invitee_behaviours) {
        std::string_view reaction =
            b.reaction == state::InviteeBehaviour::Reaction::answer    ? "answer"
            : b.reaction == state::InviteeBehaviour::Reaction::decline ? "decline"
                                                                       : "noAnswer";
        invitees[identity] = {{"reaction", reaction}, {"afterMs", b.after.count()}};
    }
    mock["invitees"] = std::move(invitees);
    json::array pending;
    for (const auto& [id, inv] : call.invitations)
        pending.push_back({{"participantId", id},
                           {"operationId", inv.operation_id},
                           {"identity", identity_set(inv.target.identity, true)}});
    mock["pendingInvitations"] = std::move(pending);
    o["_mock"] = std::move(mock);
    return o;
}

} // namespace gcm::wire

namespace gcm::state {

using wire::odata_type;
using wire::put_optional;

void tag_invoke(json::value_from_tag, json::value& v, const Identity& x) {
    json::object o;
    o["@odata.type"] = odata_type("identity");
    o["id"] = x.id;
    wire::put_or_null(o, "displayName", x.display_name);
    put_optional(o, "tenantId", x.tenant_id);
    put_optional(o, "identityProvider", x.identity_provider);
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const IdentitySet& x) {
    v = wire::identity_set(x, true);
}

void tag_invoke(json::value_from_tag, json::value& v, const ParticipantInfo& x) {
    json::object o;
    o["@odata.type"] = odata_type("participantInfo");
    o["identity"] = json::value_from(x.identity);
    put_optional(o, "participantId", x.participant_id);
    put_optional(o, "endpointType", x.endpoint_type);
    put_optional(o, "region", x.region);
    put_optional(o, "languageId", x.language_id);
    put_optional(o, "countryCode", x.country_code);
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const InvitationParticipantInfo& x) {
    json::object o;
    o["@odata.type"] = odata_type("invitationParticipantInfo");
    o["identity"] = json::value_from(x.identity);
    put_optional(o, "participantId", x.participant_id);
    put_optional(o, "replacesCallId", x.replaces_call_id);
    put_optional(o, "endpointType", x.endpoint_type);
    if (x.hidden)
        o["hidden"] = *x.hidden;
    if (x.remove_from_default_audio_routing_group)
        o["removeFromDefaultAudioRoutingGroup"] = *x.remove_from_default_audio_routing_group;
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const MediaStream& x) {
    json::object o;
    o["@odata.type"] = odata_type("mediaStream");
    o["mediaType"] = x.media_type;
    o["sourceId"] = x.source_id;
    o["direction"] = x.direction;
    o["serverMuted"] = x.server_muted;
    wire::put_or_null(o, "label", x.label);
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const ResultInfo& x) {
    v = {{"@odata.type", odata_type("resultInfo")},
         {"code", x.code},
         {"subcode", x.subcode},
         {"message", x.message}};
}

void tag_invoke(json::value_from_tag, json::value& v, const Participant& x) {
    json::object o = wire::passthrough_object(x.passthrough);
    o["@odata.type"] = odata_type("participant");
    o["id"] = x.id;
    o["info"] = json::value_from(x.info);
    o["mediaStreams"] = json::value_from(x.media_streams);
    o["isMuted"] = x.is_muted;
    o["isInLobby"] = x.is_in_lobby;
    wire::put_or_null(o, "metadata", x.metadata);
    o["rosterSequenceNumber"] = x.roster_sequence_number;
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const Operation& x) {
    json::object o = wire::passthrough_object(x.passthrough);
    o["@odata.type"] = odata_type(type_name(x.kind));
    o["id"] = x.id;
    o["status"] = to_string(x.status);
    wire::put_or_null(o, "clientContext", x.client_context);
    if (x.result_info)
        o["resultInfo"] = json::value_from(*x.result_info);
    else
        o["resultInfo"] = nullptr;
    if (x.kind == OperationKind::record_response) {
        wire::put_or_null(o, "recordingLocation", x.recording_location);
        put_optional(o, "recordingAccessToken", x.recording_access_token);
    }
    put_optional(o, "completionReason", x.completion_reason);
    if (x.kind == OperationKind::invite_participants) {
        json::array participants;
        for (const auto& p : x.participants)
            participants.push_back(wire::invitation_echo(p));
        o["participants"] = std::move(participants);
    }
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const AudioRoutingGroup& x) {
    v = {{"@odata.type", odata_type("audioRoutingGroup")},
         {"id", x.id},
         {"routingMode", x.routing_mode},
         {"sources", json::value_from(x.sources)},
         {"receivers", json::value_from(x.receivers)}};
}

void tag_invoke(json::value_from_tag, json::value& v, const ContentSharingSession& x) {
    json::object o = wire::passthrough_object(x.passthrough);
    o["@odata.type"] = odata_type("contentSharingSession");
    o["id"] = x.id;
    v = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& v, const Call& x) {
    // Properties a call resource always shows, null until something sets them.
    json::object o{{"subject", nullptr},     {"mediaState", nullptr},    {"chatInfo", nullptr},
                   {"meetingInfo", nullptr}, {"transcription", nullptr}, {"toneInfo", nullptr}};
    for (auto& [key, value] : wire::passthrough_object(x.passthrough))
        o[key] = value;
    o["@odata.type"] = odata_type("call");
    o["id"] = x.id;
    o["state"] = to_string(x.state);
    o["direction"] = x.direction;
    o["callbackUri"] = x.callback_uri;
    put_optional(o, "tenantId", x.tenant_id);
    put_optional(o, "myParticipantId", x.my_participant_id);
    if (x.result_info)
        o["resultInfo"] = json::value_from(*x.result_info);
    else
        o["resultInfo"] = nullptr;
    v = std::move(o);
}

} // namespace gcm::state
