// A JSON object seen through its path: typed, non-throwing member access whose errors say where.
// Private to the wire library.
#pragma once

#include "gcm/state/requests.hpp"
#include "gcm/wire/decoded.hpp"
#include "properties.hpp"

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

// Unwraps a Decoded<T> into `var`, or returns its error from the enclosing decoder.
#define GCM_TRY(var, expr)                                                                         \
    auto var##_r = (expr);                                                                         \
    if (!var##_r)                                                                                  \
        return var##_r.error();                                                                    \
    auto var = std::move(*var##_r)

namespace gcm::wire {

Decoded<const boost::json::object*> as_object(const boost::json::value& v, const std::string& path);

class ObjectReader {
public:
    ObjectReader(const boost::json::object& object, std::string path)
        : object_(object), path_(std::move(path)) {}

    const std::string& path() const { return path_; }
    std::string path_of(std::string_view key) const { return member_path(path_, key); }
    // The member, or null when absent; marks it as understood.
    const boost::json::value* get(std::string_view key);

    Decoded<std::string> required_string(std::string_view key);
    Decoded<std::optional<std::string>> optional_string(std::string_view key);
    Decoded<std::optional<bool>> optional_bool(std::string_view key);
    Decoded<std::optional<std::int64_t>> optional_int(std::string_view key);
    Decoded<const boost::json::array*> optional_array(std::string_view key);
    // An array of strings (`what` names an element in the error); nullopt when absent.
    Decoded<std::optional<std::vector<std::string>>> optional_strings(std::string_view key,
                                                                      std::string_view what);

    // The members nobody asked for, minus OData annotations, nulls, and what the encoders write
    // for an unset property of `known` (complete()'s []/false): kept as passthrough text.
    std::string rest_as_text(std::span<const Property> known = {},
                             std::span<const Property> more_known = {}) const;
    boost::json::object rest(std::span<const Property> known = {},
                             std::span<const Property> more_known = {}) const;

private:
    const boost::json::object& object_;
    std::string path_;
    std::set<std::string, std::less<>> used_;
};

DecodeError error_at(std::string path, std::string message);

// The member `key` as an id (of a call, a participant, an identity), nullopt when absent: at most
// 256 printable ASCII characters, none of '/', backslash, '?', '#' (ids go into resource paths).
Decoded<std::optional<std::string>> optional_id(ObjectReader& r, std::string_view key);

// The member "id" under `rule`: required (an error when absent) or optional ("" when absent).
Decoded<std::string> read_id(ObjectReader& r, IdRule rule);

// Whether `text` is an absolute http(s) URL with a host: where a notification can be POSTed.
bool is_http_url(std::string_view text);

// An optional mediaInfo member: an object (of a type that admits mediaInfo) whose uri and
// resourceId are strings when given.
Decoded<const boost::json::object*> read_media_info(ObjectReader& r, std::string_view key);

// The array `key` of the object, each element read by `decode_one(value, path)`; empty when
// absent.
template <class T, class F>
Decoded<std::vector<T>> decode_array(ObjectReader& r, std::string_view key, F&& decode_one) {
    GCM_TRY(array, r.optional_array(key));
    std::vector<T> out;
    if (!array)
        return out;
    const auto path = r.path_of(key);
    for (std::size_t i = 0; i < array->size(); ++i) {
        GCM_TRY(item, decode_one((*array)[i], element_path(path, i)));
        out.push_back(std::move(item));
    }
    return out;
}

// The Graph types a declared type admits: itself and the types derived from it.
enum class Declared {
    identity,                    // identity and its derived ...Identity types
    identity_set,                // identitySet and ...IdentitySet
    participant_info,            // participantInfo
    invitation_participant_info, // invitationParticipantInfo
    prompt,                      // prompt (abstract): mediaPrompt
    media_info,                  // mediaInfo
    meeting_info, // meetingInfo (abstract): organizerMeetingInfo, tokenMeetingInfo, ...
    call_options, // callOptions (abstract): outgoingCallOptions, incomingCallOptions
    chat_info,    // chatInfo
};

// The object's "@odata.type" (marked understood): nothing when absent, null or `declared` itself,
// the text when it names a type derived from `declared`, else the error naming the member.
Decoded<std::optional<std::string>> odata_type_of(ObjectReader& r, Declared declared);

// An array of DTMF tone names (tone0-9, star, pound, a-d, flash); empty when absent and not
// `required`.
// With `keypad_symbols`, also the keys as the recordResponse page's example writes them ("#",
// "*", "0"-"9", "A"-"D").
Decoded<std::vector<state::Tone>> tone_array(ObjectReader& r, std::string_view key, bool required,
                                             bool keypad_symbols = false);

// clientContext: optional, a string of at most 256 characters.
Decoded<std::optional<std::string>> read_client_context(ObjectReader& r);

} // namespace gcm::wire
