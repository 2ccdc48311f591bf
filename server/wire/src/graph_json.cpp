// Boost.JSON conversions from the engine's resources to Graph's wire shapes (see graph_json.hpp).
#include "gcm/wire/graph_json.hpp"

#include "builders.hpp"
#include "gcm/wire/decoded.hpp"
#include "properties.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

// Passthrough text was produced by our own serializer; anything else is a programming error.
json::object passthrough_object(const std::string& text, json::storage_ptr sp = {}) {
    if (text.empty())
        return json::object(std::move(sp));
    return std::move(json::parse(text, std::move(sp), stored_json_options()).as_object());
}

// Each conversion builds its object in the storage of the value it fills, so a response built
// in an arena allocates nothing from the heap; it starts from the passthrough members, if any.
json::object& fill_object(json::value& v, const std::string& passthrough = {}) {
    constexpr std::size_t usual_members = 10; // grown once, not member by member
    if (passthrough.empty()) {
        auto& o = v.emplace_object();
        o.reserve(usual_members);
        return o;
    }
    v = passthrough_object(passthrough, v.storage());
    v.as_object().reserve(v.as_object().size() + usual_members);
    return v.as_object();
}

// Graph's identity sets always spell out the four classic kinds, null when absent.
constexpr std::string_view classic_kinds[] = {"user", "application", "device", "phone"};

// The encoders, written once for both back ends (builders.hpp).

template <class O> void encode(O& o, const state::Identity& x) {
    wire::set_type(o, x.odata_type, "identity");
    o.str("id", x.id);
    wire::set_or_null(o, "displayName", x.display_name);
    wire::set_optional(o, "identityProvider", x.identity_provider);
    wire::set_optional(o, "tenantId", x.tenant_id);
}

// An identity set, annotated with @odata.type at both levels (a derived type as the client sent
// it); the four classic kinds always spelled out, null if absent.
template <class O> void encode(O& o, const state::IdentitySet& set) {
    wire::set_type(o, set.odata_type, "identitySet");
    // Not a structured binding: clang 14 (the fuzz preset) cannot capture one in a lambda.
    for (const auto& entry : set.members)
        o.object(entry.first, [&](O& inner) { encode(inner, entry.second); });
    for (auto kind : classic_kinds)
        if (!o.contains(kind))
            o.null(kind);
}

template <class O> void encode(O& o, const state::ParticipantInfo& x) {
    o.type("participantInfo");
    o.object("identity", [&](O& inner) { encode(inner, x.identity); });
    wire::set_optional(o, "participantId", x.participant_id);
    wire::set_optional(o, "endpointType", x.endpoint_type);
    wire::set_optional(o, "endpointId", x.endpoint_id);
    wire::set_optional(o, "region", x.region);
    wire::set_optional(o, "languageId", x.language_id);
    wire::set_optional(o, "countryCode", x.country_code);
    wire::set_optional(o, "clientVersion", x.client_version);
    o.complete(participant_info_properties());
}

template <class O> void encode(O& o, const state::MediaStream& x) {
    o.type("mediaStream");
    o.str("mediaType", to_string(x.media_type));
    o.str("sourceId", x.source_id);
    o.str("direction", to_string(x.direction));
    o.boolean("serverMuted", x.server_muted);
    wire::set_or_null(o, "label", x.label);
}

template <class O> void encode(O& o, const state::ResultInfo& x) {
    o.type("resultInfo");
    o.num("code", x.code);
    o.num("subcode", x.subcode);
    o.str("message", x.message);
}

// After the passthrough members, if any (the DOM back end only).
template <class O> void encode(O& o, const state::Participant& x) {
    o.type("participant");
    o.str("id", x.id);
    o.object("info", [&](O& inner) { encode(inner, x.info); });
    o.array("mediaStreams", [&](auto& items) {
        for (const auto& stream : x.media_streams)
            items.object([&](O& inner) { encode(inner, stream); });
    });
    o.boolean("isMuted", x.is_muted);
    o.boolean("isInLobby", x.is_in_lobby);
    wire::set_or_null(o, "metadata", x.metadata);
    o.num("rosterSequenceNumber", x.roster_sequence_number);
    o.complete(participant_properties());
}

// How an invitee is written: as the resource (a call's targets, what the engine keeps), or as the
// invite operation echoes it (the participant-invite page: what the service adds first, null
// where unset, the identity last).
enum class InviteeForm { resource, echo };

template <class O>
void encode(O& o, const state::InvitationParticipantInfo& x,
            InviteeForm form = InviteeForm::resource) {
    wire::set_type(o, x.odata_type, "invitationParticipantInfo");
    const auto identity = [&](O& inner) { encode(inner, x.identity); };
    if (form == InviteeForm::echo) {
        wire::set_or_null(o, "endpointType", x.endpoint_type);
        o.null("id");
        wire::set_or_null(o, "participantId", x.participant_id);
        wire::set_optional(o, "replacesCallId", x.replaces_call_id);
        o.object("identity", identity);
        return;
    }
    o.object("identity", identity);
    wire::set_optional(o, "participantId", x.participant_id);
    wire::set_optional(o, "replacesCallId", x.replaces_call_id);
    wire::set_optional(o, "endpointType", x.endpoint_type);
    if (x.hidden)
        o.boolean("hidden", *x.hidden);
    if (x.remove_from_default_audio_routing_group)
        o.boolean("removeFromDefaultAudioRoutingGroup", *x.remove_from_default_audio_routing_group);
}

// After the passthrough members, if any (the DOM back end only).
template <class O> void encode(O& o, const state::Operation& x) {
    const auto type = type_name(x.kind);
    o.type(type);
    o.str("id", x.id);
    o.str("status", status_text(x.status, x.spelling));
    wire::set_or_null(o, "clientContext", x.client_context);
    if (x.result_info)
        o.object("resultInfo", [&](O& inner) { encode(inner, *x.result_info); });
    else
        o.null("resultInfo");
    if (x.kind == state::OperationKind::record_response) {
        // The v1.0 page's names and the ones the service's notifications carry, both.
        wire::set_or_null(o, "recordingLocation", x.recording_location);
        wire::set_or_null(o, "recordingAccessToken", x.recording_access_token);
        wire::set_or_null(o, "recordResourceLocation", x.recording_location);
        wire::set_or_null(o, "recordResourceAccessToken", x.recording_access_token);
    }
    wire::set_optional(o, "completionReason", x.completion_reason);
    if (x.kind == state::OperationKind::invite_participants)
        o.array("participants", [&](auto& items) {
            for (const auto& p : x.participants)
                items.object([&](O& inner) { encode(inner, p, InviteeForm::echo); });
        });
    o.complete(operation_base_properties());
    o.complete(operation_properties(type));
}

template <class O> void encode_media_state_active(O& o) {
    o.type("callMediaState");
    o.str("audio", "active");
}

template <class O> void encode(O& o, const state::AudioRoutingGroup& x) {
    o.type("audioRoutingGroup");
    o.str("id", x.id);
    o.str("routingMode", to_string(x.routing_mode));
    o.array("sources", [&](auto& items) {
        for (const auto& id : x.sources)
            items.str(id);
    });
    o.array("receivers", [&](auto& items) {
        for (const auto& id : x.receivers)
            items.str(id);
    });
}

// After the passthrough members, if any (the DOM back end only).
template <class O> void encode(O& o, const state::ContentSharingSession& x) {
    o.type("contentSharingSession");
    o.str("id", x.id);
}

// After the passthrough members, if any (the DOM back end only).
template <class O> void encode(O& o, const state::CallResource& x) {
    o.type("call");
    o.str("id", x.id);
    o.str("state", to_string(x.state));
    o.str("direction", to_string(x.direction));
    o.str("callbackUri", x.callback_uri);
    wire::set_optional(o, "callChainId", x.call_chain_id);
    wire::set_optional(o, "tenantId", x.tenant_id);
    wire::set_optional(o, "myParticipantId", x.my_participant_id);
    if (x.result_info)
        o.object("resultInfo", [&](O& inner) { encode(inner, *x.result_info); });
    else
        o.null("resultInfo");
    if (x.audio_active)
        o.object("mediaState", [&](O& inner) { encode_media_state_active(inner); });
    // The source and targets are the client's, as sent (passthrough): what it left out shows as
    // unset.
    o.complete_member("source", participant_info_properties());
    o.complete_elements("targets", invitation_properties());
    o.complete(call_properties());
}

} // namespace

std::string_view status_text(state::OperationStatus status,
                             state::StatusSpelling spelling) noexcept {
    const bool pascal = spelling == state::StatusSpelling::pascal;
    switch (status) {
    case state::OperationStatus::not_started:
        return pascal ? "NotStarted" : "notStarted";
    case state::OperationStatus::running:
        return pascal ? "Running" : "running";
    case state::OperationStatus::completed:
        return pascal ? "Completed" : "completed";
    case state::OperationStatus::failed:
        break;
    }
    return pascal ? "Failed" : "failed";
}

json::object media_state_active(json::storage_ptr sp) {
    json::object o(std::move(sp));
    DomObject dom(o);
    encode_media_state_active(dom);
    return o;
}

json::object invitation_echo(const state::InvitationParticipantInfo& x) {
    json::object o;
    DomObject dom(o);
    encode(dom, x, InviteeForm::echo);
    return o;
}

namespace {

// The text back end writes member names unescaped: an identity set's kinds come from clients.
bool plain_kinds(const state::IdentitySet& set) noexcept {
    return std::all_of(set.members.begin(), set.members.end(),
                       [](const auto& member) { return plain_json(member.first); });
}

} // namespace

bool writes_text(const state::Participant& x) noexcept {
    return x.passthrough.empty() && plain_kinds(x.info.identity);
}

bool writes_text(const state::Operation& x) noexcept {
    return x.passthrough.empty() &&
           std::all_of(x.participants.begin(), x.participants.end(),
                       [](const auto& p) { return plain_kinds(p.identity); });
}

void write_text(std::string& out, const state::Participant& x, std::span<const Member> extra) {
    TextObject o(out);
    encode(o, x);
    for (const auto& [key, value] : extra)
        o.str(key, value);
    o.close();
}

void write_text(std::string& out, const state::Operation& x, std::span<const Member> extra) {
    TextObject o(out);
    encode(o, x);
    for (const auto& [key, value] : extra)
        o.str(key, value);
    o.close();
}

json::object operation_response(const state::Operation& op, json::storage_ptr sp) {
    return std::move(json::value_from(op, std::move(sp)).as_object());
}

} // namespace gcm::wire

namespace gcm::state {

void tag_invoke(json::value_from_tag, json::value& v, const Identity& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const IdentitySet& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const ParticipantInfo& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const InvitationParticipantInfo& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const MediaStream& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const ResultInfo& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const Participant& x) {
    wire::DomObject o(wire::fill_object(v, x.passthrough));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const Operation& x) {
    wire::DomObject o(wire::fill_object(v, x.passthrough));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const AudioRoutingGroup& x) {
    wire::DomObject o(wire::fill_object(v));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const ContentSharingSession& x) {
    wire::DomObject o(wire::fill_object(v, x.passthrough));
    wire::encode(o, x);
}

void tag_invoke(json::value_from_tag, json::value& v, const CallResource& x) {
    wire::DomObject o(wire::fill_object(v, x.passthrough));
    wire::encode(o, x);
}

} // namespace gcm::state
