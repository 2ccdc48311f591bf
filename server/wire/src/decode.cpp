// Decoders from Graph JSON to the engine's values (see decode.hpp).
#include "gcm/wire/decode.hpp"

#include "gcm/wire/odata.hpp"
#include "reader.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <set>

namespace json = boost::json;

namespace gcm::wire {

Decoded<state::Identity> decode_identity(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::Identity id;
    GCM_TRY(type, odata_type_of(r, Declared::identity));
    id.odata_type = std::move(type);
    GCM_TRY(identifier, optional_id(r, "id"));
    id.id = identifier.value_or("");
    GCM_TRY(display, r.optional_string("displayName"));
    id.display_name = std::move(display);
    GCM_TRY(tenant, r.optional_string("tenantId"));
    id.tenant_id = std::move(tenant);
    GCM_TRY(provider, r.optional_string("identityProvider"));
    id.identity_provider = std::move(provider);
    return id;
}

Decoded<state::IdentitySet> decode_identity_set(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    state::IdentitySet set;
    ObjectReader r(*o, path);
    GCM_TRY(type, odata_type_of(r, Declared::identity_set));
    set.odata_type = std::move(type);
    for (const auto& [key, member] : *o) {
        if (key.starts_with("@odata.") || member.is_null())
            continue;
        GCM_TRY(identity, decode_identity(member, member_path(path, key)));
        set.members.emplace_back(std::string(key), std::move(identity));
    }
    return set;
}

Decoded<state::ParticipantInfo> decode_participant_info(const json::value& v,
                                                        const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::ParticipantInfo info;
    GCM_TRY(type, odata_type_of(r, Declared::participant_info));
    (void)type; // always written as participantInfo: there is nothing derived from it
    if (const auto* identity = r.get("identity"); identity && !identity->is_null()) {
        GCM_TRY(set, decode_identity_set(*identity, r.path_of("identity")));
        info.identity = std::move(set);
    }
    GCM_TRY(participant_id, optional_id(r, "participantId"));
    info.participant_id = std::move(participant_id);
    GCM_TRY(endpoint, r.optional_string("endpointType"));
    info.endpoint_type = std::move(endpoint);
    GCM_TRY(region, r.optional_string("region"));
    info.region = std::move(region);
    GCM_TRY(language, r.optional_string("languageId"));
    info.language_id = std::move(language);
    GCM_TRY(country, r.optional_string("countryCode"));
    info.country_code = std::move(country);
    GCM_TRY(endpoint_id, r.optional_string("endpointId"));
    info.endpoint_id = std::move(endpoint_id);
    GCM_TRY(client_version, r.optional_string("clientVersion"));
    info.client_version = std::move(client_version);
    return info;
}

Decoded<state::InvitationParticipantInfo> decode_invitation(const json::value& v,
                                                            const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::InvitationParticipantInfo info;
    GCM_TRY(type, odata_type_of(r, Declared::invitation_participant_info));
    info.odata_type = std::move(type);
    const auto* identity = r.get("identity");
    if (!identity || identity->is_null())
        return error_at(r.path_of("identity"), "is required");
    GCM_TRY(set, decode_identity_set(*identity, r.path_of("identity")));
    info.identity = std::move(set);
    GCM_TRY(participant_id, optional_id(r, "participantId"));
    info.participant_id = std::move(participant_id);
    GCM_TRY(replaces, r.optional_string("replacesCallId"));
    info.replaces_call_id = std::move(replaces);
    GCM_TRY(endpoint, r.optional_string("endpointType"));
    info.endpoint_type = std::move(endpoint);
    GCM_TRY(hidden, r.optional_bool("hidden"));
    info.hidden = hidden;
    GCM_TRY(remove, r.optional_bool("removeFromDefaultAudioRoutingGroup"));
    info.remove_from_default_audio_routing_group = remove;
    return info;
}

Decoded<state::MediaStream> decode_media_stream(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::MediaStream s;
    GCM_TRY(media_type, r.optional_string("mediaType"));
    if (media_type) {
        auto parsed = state::modality_from_string(*media_type);
        if (!parsed)
            return error_at(r.path_of("mediaType"),
                            "expected audio, video, videoBasedScreenSharing, data or unknown");
        s.media_type = *parsed;
    }
    GCM_TRY(source_id, r.optional_string("sourceId"));
    s.source_id = source_id.value_or("");
    GCM_TRY(direction, r.optional_string("direction"));
    if (direction) {
        auto parsed = state::media_direction_from_string(*direction);
        if (!parsed)
            return error_at(r.path_of("direction"),
                            "expected inactive, sendOnly, receiveOnly or sendReceive");
        s.direction = *parsed;
    }
    GCM_TRY(server_muted, r.optional_bool("serverMuted"));
    s.server_muted = server_muted.value_or(false);
    GCM_TRY(label, r.optional_string("label"));
    s.label = std::move(label);
    return s;
}

Decoded<state::ResultInfo> decode_result_info(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::ResultInfo info;
    GCM_TRY(code, r.optional_int("code"));
    info.code = static_cast<int>(code.value_or(0));
    GCM_TRY(subcode, r.optional_int("subcode"));
    info.subcode = static_cast<int>(subcode.value_or(0));
    GCM_TRY(message, r.optional_string("message"));
    info.message = message.value_or("");
    return info;
}

Decoded<state::Participant> decode_participant(const json::value& v, const std::string& path,
                                               IdRule id_rule) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::Participant p;
    GCM_TRY(id, read_id(r, id_rule));
    p.id = std::move(id);
    if (const auto* info = r.get("info"); info && !info->is_null()) {
        GCM_TRY(decoded, decode_participant_info(*info, r.path_of("info")));
        p.info = std::move(decoded);
    }
    GCM_TRY(muted, r.optional_bool("isMuted"));
    p.is_muted = muted.value_or(false);
    GCM_TRY(lobby, r.optional_bool("isInLobby"));
    p.is_in_lobby = lobby.value_or(false);
    GCM_TRY(streams, decode_array<state::MediaStream>(r, "mediaStreams", decode_media_stream));
    p.media_streams = std::move(streams);
    GCM_TRY(metadata, r.optional_string("metadata"));
    p.metadata = std::move(metadata);
    GCM_TRY(sequence, r.optional_int("rosterSequenceNumber"));
    p.roster_sequence_number = sequence.value_or(0);
    if (const auto* mock = r.get("_mock"); mock && !mock->is_null()) {
        const auto mock_path = r.path_of("_mock");
        GCM_TRY(mo, as_object(*mock, mock_path));
        ObjectReader m(*mo, mock_path);
        GCM_TRY(on_hold, m.optional_bool("onHold"));
        p.on_hold = on_hold.value_or(false);
        if (const auto* prompt = m.get("holdPrompt"); prompt && !prompt->is_null())
            p.hold_prompt = json::serialize(*prompt);
    }
    p.passthrough = r.rest_as_text(participant_properties());
    return p;
}

Decoded<state::Operation> decode_operation(const json::value& v, const std::string& path) {
    GCM_TRY(o, as_object(v, path));
    ObjectReader r(*o, path);
    state::Operation op;
    GCM_TRY(type, r.optional_string("@odata.type"));
    std::string_view type_name;
    if (type) {
        std::string_view name = *type;
        if (name.starts_with(graph_namespace))
            name.remove_prefix(graph_namespace.size());
        type_name = name;
        auto kind = state::operation_kind_from_type_name(name);
        if (!kind)
            return error_at(r.path_of("@odata.type"), "unknown operation type '" + *type + "'");
        op.kind = *kind;
    }
    GCM_TRY(id, r.required_string("id"));
    op.id = std::move(id);
    GCM_TRY(status, r.optional_string("status"));
    if (status) {
        auto parsed = state::operation_status_from_string(*status);
        if (!parsed)
            return error_at(r.path_of("status"),
                            "expected notStarted, running, completed or failed");
        op.status = *parsed;
        // Kept as written: "Running" stays Pascal case when it completes.
        if (!status->empty() && status->front() >= 'A' && status->front() <= 'Z')
            op.spelling = state::StatusSpelling::pascal;
    } else {
        op.status = state::OperationStatus::completed;
    }
    GCM_TRY(context, r.optional_string("clientContext"));
    op.client_context = std::move(context);
    if (const auto* result = r.get("resultInfo"); result && !result->is_null()) {
        GCM_TRY(info, decode_result_info(*result, r.path_of("resultInfo")));
        op.result_info = std::move(info);
    }
    GCM_TRY(participants,
            decode_array<state::InvitationParticipantInfo>(r, "participants", decode_invitation));
    op.participants = std::move(participants);
    // The service's notifications name these recordResource*; either spelling is read.
    GCM_TRY(location, r.optional_string("recordingLocation"));
    GCM_TRY(resource_location, r.optional_string("recordResourceLocation"));
    op.recording_location = location ? std::move(location) : std::move(resource_location);
    GCM_TRY(token, r.optional_string("recordingAccessToken"));
    GCM_TRY(resource_token, r.optional_string("recordResourceAccessToken"));
    op.recording_access_token = token ? std::move(token) : std::move(resource_token);
    GCM_TRY(reason, r.optional_string("completionReason"));
    op.completion_reason = std::move(reason);
    op.passthrough = r.rest_as_text(operation_base_properties(), operation_properties(type_name));
    return op;
}

} // namespace gcm::wire
