// The Graph wire format of the engine's resources: Boost.JSON conversions (tag_invoke) for the
// canonical shapes, plus the few context-specific shapes the docs show. The only place that
// knows Graph's JSON spellings.
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/state/events.hpp"
#include "gcm/wire/odata.hpp"

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace gcm::state {

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Identity& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const IdentitySet& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const ParticipantInfo& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v,
                const InvitationParticipantInfo& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const MediaStream& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const ResultInfo& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Participant& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Operation& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const AudioRoutingGroup& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const ContentSharingSession& x);
// The call's own resource; its collections are separate resources (call_form.hpp's call_export has
// them all).
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const CallResource& x);

} // namespace gcm::state

namespace gcm::wire {

// The operation as an action's response shows it. The invite response echoes its invitees as
// they were sent, with what the service adds (the participant-invite page; docs/wire.md).
boost::json::object operation_response(const state::Operation& op,
                                       boost::json::storage_ptr sp = {});

// An operation's status as it spells it ("running", or "Running": see StatusSpelling).
std::string_view status_text(state::OperationStatus status,
                             state::StatusSpelling spelling) noexcept;

// {"@odata.type": "#microsoft.graph.callMediaState", "audio": "active"}
boost::json::object media_state_active(boost::json::storage_ptr sp = {});

// An invitee as the inviteParticipantsOperation echoes it: typed at every level (a derived type
// as the client sent it), with what the service adds (endpointType, id null).
boost::json::object invitation_echo(const state::InvitationParticipantInfo& x);

// The same encoding written straight to JSON text, for the hot paths (no DOM): byte for byte
// what serializing value_from(x) gives, followed by `extra` string members. Only for values
// without passthrough members (writes_text), which the DOM keeps first.
using Member = std::pair<std::string_view, std::string_view>;
bool writes_text(const state::Participant& x) noexcept;
bool writes_text(const state::Operation& x) noexcept;
void write_text(std::string& out, const state::Participant& x, std::span<const Member> extra = {});
void write_text(std::string& out, const state::Operation& x, std::span<const Member> extra = {});

} // namespace gcm::wire
