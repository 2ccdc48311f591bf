// Engine: every rejected action, table-driven — the error it gives, and that it changes nothing
// and emits nothing.
#include "engine_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <functional>

using namespace gcm::state;
using gcm::test::call_id;
using gcm::test::EngineFixture;
using gcm::test::error_of;

namespace {

struct Rejection {
    const char* name;
    std::function<std::optional<Error>(Engine&, Effects&)> act;
    errc expected;
};

} // namespace

BOOST_AUTO_TEST_SUITE(rejections)

BOOST_AUTO_TEST_CASE(rejected_actions_change_nothing) {
    const std::vector<Rejection> table = {
        {"hold on unknown call",
         [](Engine& e, Effects& fx) {
             return error_of(e.start_hold_music(fx, "nope", "alice", {}));
         },
         errc::call_not_found},
        {"stop hold on unknown call",
         [](Engine& e, Effects& fx) {
             return error_of(e.stop_hold_music(fx, "nope", "alice", {}));
         },
         errc::call_not_found},
        {"mute on unknown call",
         [](Engine& e, Effects& fx) {
             return error_of(e.mute_participant(fx, "nope", "alice", {}));
         },
         errc::call_not_found},
        {"invite on unknown call",
         [](Engine& e, Effects& fx) {
             return error_of(e.invite_participants(fx, "nope", {EngineFixture::invitee("u")}, {}));
         },
         errc::call_not_found},
        {"remove on unknown call",
         [](Engine& e, Effects& fx) { return error_of(e.remove_participant(fx, "nope", "alice")); },
         errc::call_not_found},
        {"hold on unknown participant",
         [](Engine& e, Effects& fx) {
             return error_of(e.start_hold_music(fx, call_id, "zed", {}));
         },
         errc::participant_not_found},
        {"stop hold on unknown participant",
         [](Engine& e, Effects& fx) { return error_of(e.stop_hold_music(fx, call_id, "zed", {})); },
         errc::participant_not_found},
        {"mute unknown participant",
         [](Engine& e, Effects& fx) {
             return error_of(e.mute_participant(fx, call_id, "zed", {}));
         },
         errc::participant_not_found},
        {"remove unknown participant",
         [](Engine& e, Effects& fx) { return error_of(e.remove_participant(fx, call_id, "zed")); },
         errc::participant_not_found},
        {"get unknown operation",
         [](Engine& e, Effects&) { return error_of(e.get_operation(call_id, "zed")); },
         errc::operation_not_found},
        {"invite nobody",
         [](Engine& e, Effects& fx) {
             return error_of(e.invite_participants(fx, call_id, {}, {}));
         },
         errc::invalid_request},
        {"invite an identity without id",
         [](Engine& e, Effects& fx) {
             InvitationParticipantInfo nobody;
             return error_of(e.invite_participants(fx, call_id, {nobody}, {}));
         },
         errc::invalid_request},
        {"invite someone already in the call",
         [](Engine& e, Effects& fx) {
             return error_of(
                 e.invite_participants(fx, call_id, {EngineFixture::invitee("u", "alice")}, {}));
         },
         errc::conflict},
        {"invite the same participant id twice",
         [](Engine& e, Effects& fx) {
             return error_of(e.invite_participants(
                 fx, call_id, {EngineFixture::invitee("u", "x"), EngineFixture::invitee("v", "x")},
                 {}));
         },
         errc::conflict},
    };
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT(row.name) {
            EngineFixture f;
            const auto before = f.engine.all_calls();
            auto error = row.act(f.engine, f.fx);
            BOOST_TEST_REQUIRE(error.has_value());
            BOOST_TEST((error->code == row.expected), "got " << to_string(error->code));
            BOOST_TEST(!error->message.empty());
            BOOST_TEST((f.engine.all_calls() == before));
            BOOST_TEST(f.take().empty());
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
