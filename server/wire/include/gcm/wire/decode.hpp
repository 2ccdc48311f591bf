// Reading Graph JSON into the engine's values, for fixtures and request bodies alike. Input is
// untrusted: nothing throws; each failure names the JSON path at fault ("$.calls[0].id"). A whole
// call (its collections and `_mock`) is read by call_form.hpp.
#pragma once

#include "gcm/state/call.hpp"
#include "gcm/wire/decoded.hpp"

#include <boost/json/value.hpp>
#include <string>

namespace gcm::wire {

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
Decoded<state::Participant> decode_participant(const boost::json::value& v, const std::string& path,
                                               IdRule id_rule = IdRule::required);
Decoded<state::Operation> decode_operation(const boost::json::value& v, const std::string& path);
} // namespace gcm::wire
