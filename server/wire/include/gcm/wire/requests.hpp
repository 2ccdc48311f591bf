// The request bodies of the Graph actions, decoded and validated (types, required fields,
// documented limits). A failure names the field, so the 400 response can too.
#pragma once

#include "gcm/state/identity.hpp"
#include "gcm/state/requests.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/odata.hpp"

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gcm::wire {

// A minted token's lifetimeSeconds: a day either way (negative: expired that long ago).
inline constexpr std::int64_t max_token_lifetime_seconds = 86'400;

// The body as a JSON object; an empty body reads as {}. `sp` is where its DOM is kept.
Decoded<boost::json::object> parse_body(std::string_view text, boost::json::storage_ptr sp = {});

// The first number in `v` that is not finite, as the error naming its path under `path`.
// Boost.JSON reads 1e999 as infinity, which no encoder can write back as JSON: such a number is
// refused where JSON comes in (bodies, fixtures), before it can change anything.
std::optional<DecodeError> non_finite_number(const boost::json::value& v, const std::string& path);

struct ActionBody {
    std::optional<std::string> client_context;
};

struct StartHoldMusicBody {
    std::optional<std::string> client_context;
    std::optional<std::string> custom_prompt; // mediaPrompt, as text
};

struct InviteBody {
    std::vector<state::InvitationParticipantInfo> participants;
    std::optional<std::string> client_context;
};

// beta participants/muteAll: the participant ids to mute (none = everyone but the bot).
struct MuteAllBody {
    std::vector<std::string> participant_ids;
    std::optional<std::string> client_context;
};

Decoded<MuteAllBody> decode_mute_all_body(const boost::json::object& body);
Decoded<ActionBody> decode_action_body(const boost::json::object& body);
Decoded<StartHoldMusicBody> decode_start_hold_music_body(const boost::json::object& body);
Decoded<InviteBody> decode_invite_body(const boost::json::object& body);

// The control plane's optional {"resultInfo": {...}} (a hang-up's or a failure's reason).
Decoded<std::optional<state::ResultInfo>> decode_result_info_body(const boost::json::object& body);

// The control plane's failure of a running operation: {"status": "failed" | "completed",
// "resultInfo": {...}, "completionReason": "..."}, each optional (failed, `fallback`, none).
Decoded<state::OperationFailure> decode_operation_failure(const boost::json::object& body,
                                                          const state::ResultInfo& fallback);

// Who is in a call the control plane rings the bot with (see state::IncomingParties): nobody
// when the body lists its participants; else its source and the app its targets name.
Decoded<state::IncomingParties> decode_incoming_parties(const boost::json::object& body);

// The control plane's token mint (POST /_mock/tokens): every claim optional.
struct TokenMint {
    std::optional<std::string> app_id;
    std::optional<std::string> tenant_id;
    std::optional<std::vector<std::string>> roles;
    std::optional<std::int64_t> lifetime_seconds; // negative: already expired
    std::optional<std::string> audience;
};
Decoded<TokenMint> decode_token_mint(const boost::json::object& body);

// The control plane's {"tones": [...]}: the keys a caller presses, at least one.
Decoded<std::vector<state::Tone>> decode_tones_body(const boost::json::object& body);

} // namespace gcm::wire
