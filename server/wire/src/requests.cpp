// Decoding and validating action request bodies (see requests.hpp).
#include "gcm/wire/requests.hpp"

#include "reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::wire {

std::optional<DecodeError> non_finite_number(const json::value& v, const std::string& path) {
    // Recursion is bounded by the parser's depth limit (json::parse_options::max_depth).
    switch (v.kind()) {
    case json::kind::double_:
        if (!std::isfinite(v.get_double()))
            return error_at(path, "is a number out of the range of a double (at most about "
                                  "1.8e308): send it as a string");
        return std::nullopt;
    case json::kind::array:
        for (std::size_t i = 0; i < v.get_array().size(); ++i)
            if (auto error = non_finite_number(v.get_array()[i], element_path(path, i)))
                return error;
        return std::nullopt;
    case json::kind::object:
        for (const auto& [key, member] : v.get_object())
            if (auto error = non_finite_number(member, member_path(path, key)))
                return error;
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

Decoded<json::object> parse_body(std::string_view text, json::storage_ptr sp) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return json::object(std::move(sp));
    boost::system::error_code ec;
    json::value v = json::parse(text, ec, std::move(sp));
    if (ec)
        return error_at("", "The request body is not valid JSON: " + ec.message() + ".");
    if (!v.is_object())
        return error_at("", "The request body must be a JSON object.");
    if (auto error = non_finite_number(v, ""))
        return *error;
    return std::move(v.get_object());
}

Decoded<ActionBody> decode_action_body(const json::object& body) {
    ObjectReader r(body, "");
    auto context = read_client_context(r);
    if (!context)
        return context.error();
    return ActionBody{std::move(*context)};
}

Decoded<StartHoldMusicBody> decode_start_hold_music_body(const json::object& body) {
    ObjectReader r(body, "");
    auto context = read_client_context(r);
    if (!context)
        return context.error();
    StartHoldMusicBody out{std::move(*context), std::nullopt};
    if (const auto* prompt = r.get("customPrompt"); prompt && !prompt->is_null()) {
        if (!prompt->is_object())
            return error_at("customPrompt", "expected a mediaPrompt object");
        ObjectReader p(prompt->get_object(), "customPrompt");
        GCM_TRY(type, odata_type_of(p, Declared::prompt));
        (void)type;
        GCM_TRY(info, read_media_info(p, "mediaInfo"));
        (void)info;
        out.custom_prompt = json::serialize(*prompt);
    }
    return out;
}

Decoded<MuteAllBody> decode_mute_all_body(const json::object& body) {
    ObjectReader r(body, "");
    auto context = read_client_context(r);
    if (!context)
        return context.error();
    MuteAllBody out{{}, std::move(*context)};
    auto participants = r.optional_array("participants");
    if (!participants)
        return participants.error();
    if (*participants)
        for (std::size_t i = 0; i < (*participants)->size(); ++i) {
            const auto* id = (**participants)[i].if_string();
            if (!id)
                return error_at(element_path("participants", i), "expected a participant id");
            out.participant_ids.emplace_back(*id);
        }
    return out;
}

Decoded<InviteBody> decode_invite_body(const json::object& body) {
    ObjectReader r(body, "");
    auto context = read_client_context(r);
    if (!context)
        return context.error();
    InviteBody out{{}, std::move(*context)};
    const auto* participants = r.get("participants");
    if (!participants || participants->is_null())
        return error_at("participants", "is required");
    if (!participants->is_array())
        return error_at("participants", "expected an array of invitationParticipantInfo");
    const auto& array = participants->get_array();
    if (array.empty())
        return error_at("participants", "must name at least one invitee");
    for (std::size_t i = 0; i < array.size(); ++i) {
        auto invitee = decode_invitation(array[i], element_path("participants", i));
        if (!invitee)
            return invitee.error();
        out.participants.push_back(std::move(*invitee));
    }
    return out;
}

Decoded<TokenMint> decode_token_mint(const json::object& body) {
    ObjectReader r(body, "");
    TokenMint out;
    GCM_TRY(app_id, r.optional_string("appId"));
    out.app_id = std::move(app_id);
    GCM_TRY(tenant, r.optional_string("tenantId"));
    out.tenant_id = std::move(tenant);
    GCM_TRY(roles, r.optional_strings("roles", "an application permission (string)"));
    out.roles = std::move(roles);
    GCM_TRY(lifetime, r.optional_int("lifetimeSeconds"));
    if (lifetime &&
        (*lifetime < -max_token_lifetime_seconds || *lifetime > max_token_lifetime_seconds))
        return error_at("lifetimeSeconds",
                        "must be between " + std::to_string(-max_token_lifetime_seconds) + " and " +
                            std::to_string(max_token_lifetime_seconds));
    out.lifetime_seconds = lifetime;
    GCM_TRY(audience, r.optional_string("audience"));
    out.audience = std::move(audience);
    return out;
}

Decoded<std::optional<state::ResultInfo>> decode_result_info_body(const json::object& body) {
    ObjectReader r(body, "");
    const auto* info = r.get("resultInfo");
    if (!info || info->is_null())
        return std::optional<state::ResultInfo>{};
    GCM_TRY(decoded, decode_result_info(*info, "resultInfo"));
    return std::optional<state::ResultInfo>{std::move(decoded)};
}

Decoded<state::OperationFailure> decode_operation_failure(const json::object& body,
                                                          const state::ResultInfo& fallback) {
    ObjectReader r(body, "");
    state::OperationFailure failure;
    GCM_TRY(status, r.optional_string("status"));
    if (status) {
        auto parsed = state::operation_status_from_string(*status);
        if (parsed != state::OperationStatus::failed && parsed != state::OperationStatus::completed)
            return error_at("status", "must be failed or completed");
        failure.status = *parsed;
    }
    GCM_TRY(result, decode_result_info_body(body));
    failure.result = result.value_or(fallback);
    GCM_TRY(reason, r.optional_string("completionReason"));
    failure.completion_reason = std::move(reason);
    return failure;
}

Decoded<state::IncomingParties> decode_incoming_parties(const json::object& body) {
    state::IncomingParties parties;
    if (const auto* listed = body.if_contains("participants"); listed && !listed->is_null())
        return parties;
    if (const auto* source = body.if_contains("source"); source && !source->is_null()) {
        GCM_TRY(caller, decode_participant_info(*source, "source"));
        // The service's incoming calls name the caller's participant id "id" here.
        if (!caller.participant_id)
            if (const auto* id = source->get_object().if_contains("id"); id && id->is_string())
                caller.participant_id = std::string(id->get_string());
        parties.caller = std::move(caller);
    }
    if (const auto* targets = body.if_contains("targets"); targets && targets->is_array())
        for (std::size_t i = 0; i < targets->get_array().size() && !parties.bot; ++i) {
            GCM_TRY(target, decode_invitation(targets->get_array()[i], element_path("targets", i)));
            if (target.identity.find("application") || target.identity.find("applicationInstance"))
                parties.bot = std::move(target.identity);
        }
    for (const char* key : {"chatInfo", "meetingInfo"})
        if (const auto* v = body.if_contains(key); v && v->is_object())
            parties.meeting = true;
    return parties;
}

Decoded<std::vector<state::Tone>> decode_tones_body(const json::object& body) {
    ObjectReader r(body, "");
    return tone_array(r, "tones", true);
}

} // namespace gcm::wire
