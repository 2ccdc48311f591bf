// ObjectReader: typed access to untrusted JSON objects with path-naming errors.
#include "reader.hpp"

#include "gcm/wire/odata.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/throw_exception.hpp>
#include <boost/url/parse.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace json = boost::json;

namespace gcm::wire {
namespace {
constexpr std::size_t max_id_length = 256;
} // namespace

DecodeError error_at(std::string path, std::string message) {
    return DecodeError{std::move(path), std::move(message)};
}

Decoded<std::optional<std::string>> optional_id(ObjectReader& r, std::string_view key) {
    GCM_TRY(id, r.optional_string(key));
    if (!id)
        return id;
    if (id->size() > max_id_length)
        return error_at(r.path_of(key),
                        "is longer than " + std::to_string(max_id_length) + " characters");
    const auto bad = std::find_if(id->begin(), id->end(), [](char c) {
        return c < 0x20 || c > 0x7E || c == '/' || c == '\\' || c == '?' || c == '#';
    });
    if (bad != id->end())
        return error_at(r.path_of(key), "must be printable ASCII without '/', '\\', '?' or '#'");
    return id;
}

bool is_http_url(std::string_view text) {
    const auto url = boost::urls::parse_absolute_uri(text);
    if (!url)
        return false;
    const auto scheme = url->scheme_id();
    return (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) &&
           url->has_authority() && !url->encoded_host().empty();
}

Decoded<const json::object*> read_media_info(ObjectReader& r, std::string_view key) {
    const auto* v = r.get(key);
    if (!v || v->is_null())
        return static_cast<const json::object*>(nullptr);
    if (!v->is_object())
        return error_at(r.path_of(key), "expected a mediaInfo object");
    ObjectReader info(v->get_object(), r.path_of(key));
    GCM_TRY(type, odata_type_of(info, Declared::media_info));
    (void)type;
    GCM_TRY(uri, info.optional_string("uri"));
    (void)uri; // fetched when played: an unreachable uri fails the operation then, as Graph's does
    GCM_TRY(resource, info.optional_string("resourceId"));
    (void)resource;
    return &v->get_object();
}

Decoded<const json::object*> as_object(const json::value& v, const std::string& path) {
    if (const auto* o = v.if_object())
        return o;
    return error_at(path, "expected an object");
}

const json::value* ObjectReader::get(std::string_view key) {
    used_.emplace(key);
    return object_.if_contains(key);
}

Decoded<std::string> ObjectReader::required_string(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return error_at(path_of(key), "is required");
    if (!v->is_string())
        return error_at(path_of(key), "expected a string");
    return std::string(v->get_string());
}

Decoded<std::optional<std::string>> ObjectReader::optional_string(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<std::string>{};
    if (!v->is_string())
        return error_at(path_of(key), "expected a string");
    return std::optional<std::string>{std::string(v->get_string())};
}

Decoded<std::optional<bool>> ObjectReader::optional_bool(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<bool>{};
    if (!v->is_bool())
        return error_at(path_of(key), "expected a boolean");
    return std::optional<bool>{v->get_bool()};
}

Decoded<std::optional<std::int64_t>> ObjectReader::optional_int(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<std::int64_t>{};
    if (v->is_int64())
        return std::optional<std::int64_t>{v->get_int64()};
    if (v->is_uint64() &&
        v->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return std::optional<std::int64_t>{std::int64_t(v->get_uint64())};
    return error_at(path_of(key), "expected an integer");
}

Decoded<const json::array*> ObjectReader::optional_array(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return static_cast<const json::array*>(nullptr);
    if (!v->is_array())
        return error_at(path_of(key), "expected an array");
    return &v->get_array();
}

Decoded<std::optional<std::vector<std::string>>>
ObjectReader::optional_strings(std::string_view key, std::string_view what) {
    GCM_TRY(array, optional_array(key));
    if (!array)
        return std::optional<std::vector<std::string>>{};
    std::vector<std::string> out;
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* s = (*array)[i].if_string();
        if (!s)
            return error_at(element_path(path_of(key), i), "expected " + std::string(what));
        out.emplace_back(*s);
    }
    return std::optional{std::move(out)};
}

json::object ObjectReader::rest(std::span<const Property> known,
                                std::span<const Property> more_known) const {
    json::object rest;
    // A null says nothing the encoders do not say: they write every property they know, null
    // where unset. Dropping them (and the other unset forms) keeps a load of an export equal to
    // what was exported.
    for (const auto& [key, value] : object_)
        if (!used_.contains(key) && !key.starts_with("@odata.") && !value.is_null() &&
            !shows_unset(known, key, value) && !shows_unset(more_known, key, value))
            rest[key] = value;
    return rest;
}

std::string ObjectReader::rest_as_text(std::span<const Property> known,
                                       std::span<const Property> more_known) const {
    const auto kept = rest(known, more_known);
    return kept.empty() ? std::string{} : json::serialize(kept);
}

namespace {

// The keys of a phone keypad as the recordResponse page's example writes them.
std::optional<state::Tone> keypad_tone(std::string_view key) {
    using state::Tone;
    if (key.size() != 1)
        return std::nullopt;
    const char c = key[0];
    if (c >= '0' && c <= '9')
        return Tone(int(Tone::tone0) + (c - '0'));
    switch (c) {
    case '*':
        return Tone::star;
    case '#':
        return Tone::pound;
    case 'A':
        return Tone::a;
    case 'B':
        return Tone::b;
    case 'C':
        return Tone::c;
    case 'D':
        return Tone::d;
    default:
        return std::nullopt;
    }
}

bool ends_with_word(std::string_view name, std::string_view word) {
    return name.size() > word.size() && name.ends_with(word);
}

// Whether the type `name` (without namespace) is `declared` or derived from it. The derived
// identity types are many and keep growing (communications..., teamwork..., user, device, ...):
// their names all end in "Identity" / "IdentitySet", which is what we check.
bool admits(Declared declared, std::string_view name) {
    switch (declared) {
    case Declared::identity:
        return name == "identity" || name == "initiator" || ends_with_word(name, "Identity");
    case Declared::identity_set:
        return name == "identitySet" || ends_with_word(name, "IdentitySet");
    case Declared::participant_info:
        return name == "participantInfo";
    case Declared::invitation_participant_info:
        return name == "invitationParticipantInfo";
    case Declared::prompt:
        return name == "mediaPrompt";
    case Declared::media_info:
        return name == "mediaInfo";
    case Declared::meeting_info:
        return name == "organizerMeetingInfo" || name == "tokenMeetingInfo" ||
               name == "joinMeetingIdMeetingInfo";
    case Declared::call_options:
        return name == "outgoingCallOptions" || name == "incomingCallOptions";
    case Declared::chat_info:
        return name == "chatInfo";
    }
    return false;
}

std::string_view declared_name(Declared declared) {
    switch (declared) {
    case Declared::identity:
        return "identity";
    case Declared::identity_set:
        return "identitySet";
    case Declared::participant_info:
        return "participantInfo";
    case Declared::invitation_participant_info:
        return "invitationParticipantInfo";
    case Declared::prompt:
        return "prompt";
    case Declared::media_info:
        return "mediaInfo";
    case Declared::meeting_info:
        return "meetingInfo";
    case Declared::call_options:
        return "callOptions";
    case Declared::chat_info:
        return "chatInfo";
    }
    return "";
}

} // namespace

Decoded<std::optional<std::string>> odata_type_of(ObjectReader& r, Declared declared) {
    const auto* v = r.get("@odata.type");
    if (!v || v->is_null())
        return std::optional<std::string>{};
    const auto path = r.path_of("@odata.type");
    const auto* text = v->if_string();
    if (!text)
        return error_at(path, "expected a string");
    // OData writes the type with a leading '#' in payloads; both spellings name the same type.
    constexpr std::string_view qualified = graph_namespace.substr(1);
    std::string_view name = text->subview();
    if (name.starts_with('#'))
        name.remove_prefix(1);
    if (!name.starts_with(qualified)) {
        std::string message = "A type named '";
        message.append(name).append("' could not be resolved by the model.");
        return error_at(path, std::move(message));
    }
    name.remove_prefix(qualified.size());
    if (!admits(declared, name)) {
        // Built by append: GCC 12 at -O3 raises a -Wrestrict false positive on `"..." + string&&`.
        const bool abstract = declared == Declared::prompt || declared == Declared::meeting_info ||
                              declared == Declared::call_options;
        std::string message = "'";
        message.append(text->subview())
            .append("' is not microsoft.graph.")
            .append(declared_name(declared))
            .append(abstract ? " (abstract)" : "")
            .append(" nor a type derived from it");
        return error_at(path, std::move(message));
    }
    // The declared type itself says nothing the encoders do not write: only a derived type is
    // kept, to be sent back as it came.
    if (name == declared_name(declared))
        return std::optional<std::string>{};
    return std::optional<std::string>{std::string(*text)};
}

Decoded<std::vector<state::Tone>> tone_array(ObjectReader& r, std::string_view key, bool required,
                                             bool keypad_symbols) {
    GCM_TRY(array, r.optional_array(key));
    std::vector<state::Tone> out;
    if (!array || array->empty()) {
        if (required)
            return error_at(r.path_of(key), array ? "must not be empty" : "is required");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* name = (*array)[i].if_string();
        auto tone = name ? state::tone_from_string(*name) : std::nullopt;
        if (!tone && name && keypad_symbols)
            tone = keypad_tone(*name);
        if (!tone)
            return error_at(element_path(r.path_of(key), i),
                            keypad_symbols ? "must be a tone name (tone0-tone9, star, pound, a-d, "
                                             "flash) or a keypad key (0-9, *, #, A-D)"
                                           : "must be a tone name (tone0-tone9, star, pound, a-d, "
                                             "flash)");
        out.push_back(*tone);
    }
    return out;
}

Decoded<std::optional<std::string>> read_client_context(ObjectReader& r) {
    auto context = r.optional_string("clientContext");
    if (!context)
        return context.error();
    if (*context && (*context)->size() > max_client_context)
        return error_at(r.path_of("clientContext"), "must have at most 256 characters (got " +
                                                        std::to_string((*context)->size()) + ")");
    return context;
}

Decoded<std::string> read_id(ObjectReader& r, IdRule rule) {
    GCM_TRY(id, optional_id(r, "id"));
    if (!id && rule == IdRule::required)
        return error_at(r.path_of("id"), "is required");
    return id.value_or("");
}

} // namespace gcm::wire
