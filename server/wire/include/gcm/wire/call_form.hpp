// A call in fixture form, both ways: the Graph resource plus its participants, operations, audio
// routing groups and content sharing sessions, and a `_mock` object for what Graph does not show
// (hold, invitee behaviours, pending invitations, the roster's sequence, ...). Above the parts'
// decoders (decode.hpp) and encoders (graph_json.hpp), which it composes.
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/wire/decoded.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace gcm::wire {

// A call in fixture form: the resource, its collections, and its `_mock` bookkeeping.
Decoded<state::Call> decode_call(const boost::json::value& v, const std::string& path,
                                 IdRule id_rule = IdRule::required);

// The call in fixture form: the Graph resource plus its participants and operations, and a
// `_mock` object for what Graph does not show (hold, invitee behaviour).
boost::json::object call_export(const state::Call& call);

// How a fixture's `_mock.invitees` names a reaction: answer, decline, noAnswer.
std::string_view to_string(state::InviteeBehaviour::Reaction reaction) noexcept;

} // namespace gcm::wire
