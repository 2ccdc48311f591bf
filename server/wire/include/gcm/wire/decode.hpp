// Reading Graph JSON into the engine's values, for fixtures and request bodies alike. Input is
// untrusted: nothing throws; each failure names the JSON path at fault ("$.calls[0].id").
#pragma once

#include "gcm/state/call.hpp"

#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <string>

namespace gcm::wire {

// How deep the JSON the mock keeps may nest. A request body may nest 32 levels (Boost.JSON's
// default, which requests keep); a fixture holds a call two levels below its root and a
// --data-dir file one more, so what the mock stored is read back with room to spare: every
// export loads again, and a call frozen from a fixture thaws.
inline constexpr std::size_t stored_json_depth = 64;
inline boost::json::parse_options stored_json_options() {
    boost::json::parse_options options;
    options.max_depth = stored_json_depth;
    return options;
}

struct DecodeError {
    // Not an aggregate: result<std::string, DecodeError> must not read a string as an error.
    DecodeError() = default;
    DecodeError(std::string p, std::string m) : path(std::move(p)), message(std::move(m)) {}
    std::string path;
    std::string message;
    std::string describe() const; // "path: message"
};

[[noreturn]] void throw_exception_from_error(const DecodeError& e,
                                             const boost::source_location& loc);

template <class T> using Decoded = boost::system::result<T, DecodeError>;

// Joins a path and a member name: ("$.calls[0]", "id") -> "$.calls[0].id", ("", "id") -> "id".
std::string member_path(const std::string& path, std::string_view key);
std::string element_path(const std::string& path, std::size_t index);

Decoded<state::Identity> decode_identity(const boost::json::value& v, const std::string& path);
Decoded<state::IdentitySet> decode_identity_set(const boost::json::value& v,
                                                const std::string& path);
Decoded<state::ParticipantInfo> decode_participant_info(const boost::json::value& v,
                                                        const std::string& path);
Decoded<state::InvitationParticipantInfo> decode_invitation(const boost::json::value& v,
                                                            const std::string& path);
Decoded<state::MediaStream> decode_media_stream(const boost::json::value& v,
                                                const std::string& path);
Decoded<state::ResultInfo> decode_result_info(const boost::json::value& v, const std::string& path);
// Fixtures name every call and participant; the control plane may leave the id to the engine.
enum class IdRule { required, optional };

Decoded<state::Participant> decode_participant(const boost::json::value& v, const std::string& path,
                                               IdRule id_rule = IdRule::required);
Decoded<state::Operation> decode_operation(const boost::json::value& v, const std::string& path);
// A call in fixture form: the resource, its collections, and its `_mock` bookkeeping.
Decoded<state::Call> decode_call(const boost::json::value& v, const std::string& path,
                                 IdRule id_rule = IdRule::required);

} // namespace gcm::wire
