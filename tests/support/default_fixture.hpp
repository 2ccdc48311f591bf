// The ids of fixtures/default.json — the fixture the server loads when no --fixtures is given, and
// TestServer's default_config() — and the paths built from them. Tests name the seed calls from
// here instead of spelling their ids again.
#pragma once

#include <string>
#include <string_view>

namespace gcm::test::default_fixture {

// The stopHoldMusic seed: an established call whose second participant is on hold.
inline const std::string hold_call = "e141b67c-90fd-455d-858b-b48a40b9cc8d";
inline const std::string hold_call_bot = "0a1f9c0e-4c57-4c3c-9d2b-5d8f3a6b7c01";
inline const std::string held = "fa1e9582-7145-4ca3-bcd8-577f561fcb6e";

// The startHoldMusic seed: an established group call with one member besides the bot.
inline const std::string group_call = "112f7296-5fa4-42ca-bae8-6a692b15d4b8";
inline const std::string group_call_bot = "7c1e5e1a-2d4b-4c3a-8f1e-6a2b3c4d5e02";
inline const std::string member = "a7ebfb2d-871e-419c-87af-27290b22e8db";

// "/v1.0/communications/calls/", to which a call's id is appended.
inline const std::string calls = "/v1.0/communications/calls/";

inline std::string call_path(std::string_view call) {
    return calls + std::string(call);
}
inline std::string participant_path(std::string_view call, std::string_view participant) {
    return call_path(call) + "/participants/" + std::string(participant);
}

// The group call's path, and its member's.
inline const std::string group_call_path = call_path(group_call);
inline const std::string member_path = participant_path(group_call, member);

} // namespace gcm::test::default_fixture
