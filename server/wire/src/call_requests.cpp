// Decoding and validating the call-level action bodies (see call_requests.hpp).
#include "gcm/wire/call_requests.hpp"

#include "gcm/state/ascii.hpp"
#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/requests.hpp"
#include "reader.hpp"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

constexpr std::array modalities{"unknown", "audio", "video", "videoBasedScreenSharing", "data"};
constexpr std::array reject_reasons{"none", "busy", "forbidden"};
constexpr std::array recording_statuses{"notRecording", "recording", "failed"};

// Enum values are matched whatever their case, as the service does ("Audio" and "audio").
template <std::size_t N>
bool one_of(std::string_view value, const std::array<const char*, N>& allowed) {
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const char* a) { return state::iequals(value, a); });
}

template <std::size_t N> std::string listing(const std::array<const char*, N>& allowed) {
    std::string out;
    for (const char* a : allowed)
        out += (out.empty() ? "" : ", ") + std::string(a);
    return out;
}

Decoded<std::optional<std::string>> optional_url(ObjectReader& r, std::string_view key) {
    GCM_TRY(url, r.optional_string(key));
    if (url && !is_http_url(*url))
        return error_at(r.path_of(key), "must be an absolute http(s) URL");
    return url;
}

// A required array of strings, each one of `allowed`.
template <std::size_t N>
Decoded<std::vector<std::string>> enum_array(ObjectReader& r, std::string_view key, bool required,
                                             const std::array<const char*, N>& allowed) {
    GCM_TRY(array, r.optional_array(key));
    if (!array) {
        if (required)
            return error_at(r.path_of(key), "is required");
        return std::vector<std::string>{};
    }
    if (required && array->empty())
        return error_at(r.path_of(key), "must not be empty");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* s = (*array)[i].if_string();
        if (!s || !one_of(*s, allowed))
            return error_at(element_path(r.path_of(key), i), "must be one of " + listing(allowed));
        // Each value once: so the array is never longer than the enum.
        if (std::any_of(out.begin(), out.end(),
                        [&](const std::string& seen) { return state::iequals(seen, *s); }))
            return error_at(element_path(r.path_of(key), i), "repeats '" + std::string(*s) + "'");
        out.emplace_back(*s);
    }
    return out;
}

// mediaConfig: required, and its @odata.type says who hosts the media. True = app-hosted.
Decoded<bool> media_config(ObjectReader& r) {
    const auto* config = r.get("mediaConfig");
    if (!config || config->is_null())
        return error_at("mediaConfig", "is required");
    GCM_TRY(object, as_object(*config, "mediaConfig"));
    const auto* type = object->if_contains("@odata.type");
    if (type && is_odata_type(*type, "appHostedMediaConfig"))
        return true;
    if (type && is_odata_type(*type, "serviceHostedMediaConfig"))
        return false;
    return error_at("mediaConfig.@odata.type",
                    "must be #microsoft.graph.serviceHostedMediaConfig or "
                    "#microsoft.graph.appHostedMediaConfig");
}

Decoded<std::vector<state::InvitationParticipantInfo>>
invitation_array(ObjectReader& r, std::string_view key, bool required) {
    GCM_TRY(array, r.optional_array(key));
    std::vector<state::InvitationParticipantInfo> out;
    if (!array || array->empty()) {
        if (required)
            return error_at(r.path_of(key), array ? "must not be empty" : "is required");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        GCM_TRY(target, decode_invitation((*array)[i], element_path(r.path_of(key), i)));
        out.push_back(std::move(target));
    }
    return out;
}

Decoded<std::optional<std::int64_t>> int_in_range(ObjectReader& r, std::string_view key,
                                                  std::int64_t low, std::int64_t high) {
    GCM_TRY(value, r.optional_int(key));
    if (value && (*value < low || *value > high))
        return error_at(r.path_of(key),
                        "must be between " + std::to_string(low) + " and " + std::to_string(high));
    return value;
}

// An optional object member whose @odata.type, when given, must admit `declared`.
Decoded<const json::object*> typed_object(ObjectReader& r, std::string_view key,
                                          Declared declared) {
    const auto* v = r.get(key);
    if (!v || v->is_null())
        return static_cast<const json::object*>(nullptr);
    GCM_TRY(object, as_object(*v, r.path_of(key)));
    ObjectReader member(*object, r.path_of(key));
    GCM_TRY(type, odata_type_of(member, declared));
    (void)type;
    return object;
}

// prompts: each a mediaPrompt ({"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo":
// {...}}); at most `most`. Echoed by the operation as sent.
Decoded<const json::array*> prompt_array(ObjectReader& r, bool required, std::size_t most) {
    GCM_TRY(prompts, r.optional_array("prompts"));
    if (!prompts || prompts->empty()) {
        if (required)
            return error_at("prompts", prompts ? "must not be empty" : "is required");
        return prompts;
    }
    if (prompts->size() > most)
        return error_at("prompts",
                        (most == 1 ? std::string("supports at most 1 prompt")
                                   : "supports up to " + std::to_string(most) + " prompts") +
                            " (got " + std::to_string(prompts->size()) + ")");
    for (std::size_t i = 0; i < prompts->size(); ++i) {
        const auto path = element_path("prompts", i);
        const auto* prompt = (*prompts)[i].if_object();
        if (!prompt)
            return error_at(path, "expected a mediaPrompt object");
        ObjectReader p(*prompt, path);
        GCM_TRY(type, odata_type_of(p, Declared::prompt));
        (void)type;
        GCM_TRY(info, read_media_info(p, "mediaInfo"));
        (void)info;
    }
    return prompts;
}

std::string prompts_echo(const json::array* prompts) {
    if (!prompts)
        return {};
    json::object echo;
    echo["prompts"] = *prompts;
    return json::serialize(echo);
}

} // namespace

Decoded<state::NewCall> decode_create_call(const json::object& body,
                                           const std::string& default_application) {
    ObjectReader r(body, "");
    state::NewCall call;
    if (const auto* type = r.get("@odata.type");
        type && !type->is_null() && !is_odata_type(*type, "call"))
        return error_at("@odata.type", "must be #microsoft.graph.call");
    GCM_TRY(callback, optional_url(r, "callbackUri"));
    if (!callback)
        return error_at("callbackUri", "is required");
    call.callback_uri = std::move(*callback);
    GCM_TRY(tenant, r.optional_string("tenantId"));
    call.tenant_id = std::move(tenant);
    GCM_TRY(chain, r.optional_string("callChainId"));
    call.call_chain_id = std::move(chain);
    GCM_TRY(app_hosted, media_config(r));
    call.app_hosted_media = app_hosted;
    GCM_TRY(requested, enum_array(r, "requestedModalities", true, modalities));
    (void)requested;
    GCM_TRY(targets, invitation_array(r, "targets", false));
    GCM_TRY(chat, typed_object(r, "chatInfo", Declared::chat_info));
    GCM_TRY(meeting, typed_object(r, "meetingInfo", Declared::meeting_info));
    const bool joins_meeting = chat || meeting;
    if (!joins_meeting && targets.empty())
        return error_at("targets", "is required for a call that does not join a meeting");
    if (!joins_meeting && targets.size() > 5)
        return error_at("targets", "a group call without a meeting supports up to 5 targets");
    call.is_group = joins_meeting || targets.size() > 1;
    call.joins_meeting = joins_meeting;
    GCM_TRY(options, typed_object(r, "callOptions", Declared::call_options));
    if (options) {
        ObjectReader o(*options, "callOptions");
        GCM_TRY(delta, o.optional_bool("isDeltaRosterEnabled"));
        call.delta_roster = delta.value_or(false);
        GCM_TRY(sharing, o.optional_bool("isContentSharingNotificationEnabled"));
        call.content_sharing_notifications = sharing.value_or(false);
    }
    call.targets = std::move(targets);
    // The resource shows the rest as the client sent it (targets, source, mediaConfig, ...);
    // what the engine owns, it writes itself.
    json::object rest;
    for (const auto& [key, value] : body)
        if (key != "callbackUri" && key != "tenantId" && key != "callChainId" && key != "id" &&
            key != "state" && key != "direction" && key != "myParticipantId" &&
            key != "resultInfo" && !key.starts_with("@odata."))
            rest[key] = value;
    if (const auto* source = r.get("source"); source && !source->is_null()) {
        GCM_TRY(info, decode_participant_info(*source, "source"));
        call.bot_identity = std::move(info.identity);
    } else {
        // The service names the calling app as the source when the bot does not.
        state::Identity app;
        app.id = default_application;
        call.bot_identity.members.emplace_back("application", std::move(app));
        state::ParticipantInfo app_source;
        app_source.identity = call.bot_identity;
        rest["source"] = json::value_from(app_source, rest.storage());
    }
    call.passthrough = json::serialize(rest);
    return call;
}

Decoded<state::AnswerRequest> decode_answer(const json::object& body) {
    ObjectReader r(body, "");
    state::AnswerRequest answer;
    GCM_TRY(callback, optional_url(r, "callbackUri"));
    answer.callback_uri = std::move(callback);
    GCM_TRY(accepted, enum_array(r, "acceptedModalities", true, modalities));
    GCM_TRY(app_hosted, media_config(r));
    answer.app_hosted_media = app_hosted;
    GCM_TRY(capacity, int_in_range(r, "participantCapacity", 0, 1000000));
    (void)capacity;
    GCM_TRY(options, typed_object(r, "callOptions", Declared::call_options));
    (void)options;
    return answer;
}

Decoded<state::RejectRequest> decode_reject(const json::object& body) {
    ObjectReader r(body, "");
    state::RejectRequest reject;
    GCM_TRY(reason, r.optional_string("reason"));
    if (reason && !one_of(*reason, reject_reasons))
        return error_at("reason", "must be one of " + listing(reject_reasons));
    GCM_TRY(callback, optional_url(r, "callbackUri"));
    reject.callback_uri = std::move(callback);
    return reject;
}

Decoded<state::RedirectRequest> decode_redirect(const json::object& body) {
    ObjectReader r(body, "");
    state::RedirectRequest redirect;
    GCM_TRY(targets, invitation_array(r, "targets", true));
    if (targets.size() > max_redirect_targets)
        return error_at("targets", "supports up to 25 targets");
    GCM_TRY(timeout, int_in_range(r, "timeout", min_redirect_timeout, max_redirect_timeout));
    (void)timeout;
    GCM_TRY(callback, optional_url(r, "callbackUri"));
    redirect.callback_uri = std::move(callback);
    return redirect;
}

Decoded<state::TransferRequest> decode_transfer(const json::object& body) {
    ObjectReader r(body, "");
    state::TransferRequest transfer;
    const auto* target = r.get("transferTarget");
    if (!target || target->is_null())
        return error_at("transferTarget", "is required");
    GCM_TRY(decoded_target, decode_invitation(*target, "transferTarget"));
    transfer.target = std::move(decoded_target);
    if (const auto* transferee = r.get("transferee"); transferee && !transferee->is_null()) {
        GCM_TRY(info, decode_participant_info(*transferee, "transferee"));
        transfer.transferee = std::move(info);
    }
    GCM_TRY(context, read_client_context(r));
    (void)context;
    return transfer;
}

Decoded<state::MediaRequest> decode_media(state::MediaAction action, const json::object& body) {
    ObjectReader r(body, "");
    state::MediaRequest media{action, std::nullopt, {}};
    GCM_TRY(context, read_client_context(r));
    media.client_context = std::move(context);
    switch (action) {
    case state::MediaAction::play_prompt: {
        GCM_TRY(prompts, prompt_array(r, true, max_prompts));
        media.echo = prompts_echo(prompts);
        break;
    }
    case state::MediaAction::record_response: {
        GCM_TRY(prompts, prompt_array(r, false, 1));
        (void)prompts;
        for (const char* key : {"initialSilenceTimeoutInSeconds", "maxSilenceTimeoutInSeconds",
                                "maxRecordDurationInSeconds"}) {
            GCM_TRY(seconds, int_in_range(r, key, 1, 120));
            (void)seconds;
        }
        for (const char* key : {"bargeInAllowed", "playBeep"}) {
            GCM_TRY(flag, r.optional_bool(key));
            (void)flag;
        }
        // The page's own example stops on "#": keypad keys are taken beside tone names.
        GCM_TRY(stop_tones, tone_array(r, "stopTones", false, true));
        (void)stop_tones;
        break;
    }
    case state::MediaAction::send_dtmf_tones: {
        GCM_TRY(sent, tone_array(r, "tones", true));
        (void)sent;
        GCM_TRY(delay, int_in_range(r, "delayBetweenTonesMs", 0, 60000));
        (void)delay;
        break;
    }
    case state::MediaAction::add_large_gallery_view:
        break;
    }
    return media;
}

Decoded<ActionBody> decode_update_recording_status(const json::object& body) {
    ObjectReader r(body, "");
    GCM_TRY(status, r.required_string("status"));
    if (!one_of(status, recording_statuses))
        return error_at("status", "must be one of " + listing(recording_statuses));
    GCM_TRY(context, read_client_context(r));
    return ActionBody{std::move(context)};
}

Decoded<state::ScreenSharingRole> decode_change_screen_sharing_role(const json::object& body) {
    ObjectReader r(body, "");
    GCM_TRY(role, r.required_string("role"));
    if (role == "viewer")
        return state::ScreenSharingRole::viewer;
    if (role == "sharer")
        return state::ScreenSharingRole::sharer;
    return error_at("role", "must be viewer or sharer");
}

Decoded<std::vector<std::string>> id_list(ObjectReader& r, std::string_view key) {
    GCM_TRY(ids, r.optional_strings(key, "a participant id (string)"));
    if (!ids)
        return error_at(r.path_of(key), "is required");
    return std::move(*ids);
}

Decoded<std::optional<state::RoutingMode>> routing_mode(ObjectReader& r) {
    GCM_TRY(mode, r.optional_string("routingMode"));
    if (!mode)
        return std::optional<state::RoutingMode>{};
    auto parsed = state::routing_mode_from_string(*mode);
    if (!parsed)
        return error_at("routingMode", "must be oneToOne or multicast");
    return parsed;
}

Decoded<state::AudioRoutingGroup> decode_audio_routing_group(const json::object& body) {
    ObjectReader r(body, "");
    state::AudioRoutingGroup group;
    GCM_TRY(id, r.optional_string("id"));
    group.id = id.value_or("");
    GCM_TRY(mode, routing_mode(r));
    if (!mode)
        return error_at("routingMode", "is required");
    group.routing_mode = *mode;
    GCM_TRY(sources, id_list(r, "sources"));
    group.sources = std::move(sources);
    GCM_TRY(receivers, id_list(r, "receivers"));
    group.receivers = std::move(receivers);
    return group;
}

Decoded<state::AudioRoutingGroupPatch> decode_audio_routing_group_patch(const json::object& body) {
    ObjectReader r(body, "");
    state::AudioRoutingGroupPatch patch;
    GCM_TRY(mode, routing_mode(r));
    patch.routing_mode = mode;
    for (auto [key, target] :
         {std::pair{"sources", &patch.sources}, std::pair{"receivers", &patch.receivers}}) {
        if (!body.contains(key))
            continue;
        GCM_TRY(list, id_list(r, key));
        *target = std::move(list);
    }
    return patch;
}

Decoded<bool> decode_log_teleconference_device_quality(const json::object& body) {
    ObjectReader r(body, "");
    const auto* quality = r.get("quality");
    if (!quality || quality->is_null())
        return error_at("quality", "is required");
    if (!quality->is_object())
        return error_at("quality", "expected a teleconferenceDeviceQuality object");
    return true;
}

} // namespace gcm::wire
