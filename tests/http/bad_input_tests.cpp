// HTTP: bad input gets the right status and a Graph error body, and changes nothing.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "refusals.hpp"
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {} // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_without_changing_state) {
    const std::vector<Refusal> table = {
        {"malformed JSON",
         "POST",
         member_path + "/stopHoldMusic",
         "{\"clientContext\": ",
         {},
         400,
         "JSON",
         "BadRequest"},
        {"body is not an object",
         "POST",
         member_path + "/mute",
         "[1, 2]",
         {},
         400,
         "object",
         "BadRequest"},
        {"clientContext of the wrong type",
         "POST",
         member_path + "/startHoldMusic",
         R"({"clientContext": 42})",
         {},
         400,
         "clientContext",
         "BadRequest"},
        {"clientContext over 256 characters",
         "POST",
         member_path + "/stopHoldMusic",
         "{\"clientContext\": \"" + std::string(257, 'c') + "\"}",
         {},
         400,
         "clientContext",
         "BadRequest"},
        {"customPrompt of the wrong type",
         "POST",
         member_path + "/startHoldMusic",
         R"({"customPrompt": "music.wav"})",
         {},
         400,
         "customPrompt",
         "BadRequest"},
        {"unknown call",
         "POST",
         "/v1.0/communications/calls/00000000-0000-4000-8000-000000000000/participants/x/mute",
         "",
         {},
         404,
         "Call not found",
         "8522"},
        {"unknown participant",
         "POST",
         group_call_path + "/participants/nobody/stopHoldMusic",
         "",
         {},
         404,
         "nobody",
         "itemNotFound"},
        {"unknown participant on delete",
         "DELETE",
         group_call_path + "/participants/nobody",
         "",
         {},
         404,
         "nobody",
         "itemNotFound"},
        {"unknown operation",
         "GET",
         group_call_path + "/operations/nothing-here",
         "",
         {},
         404,
         "nothing-here",
         "itemNotFound"},
        {"missing Authorization",
         "POST",
         member_path + "/mute",
         "",
         {{"Authorization", ""}},
         401,
         "token",
         "InvalidAuthenticationToken"},
        {"non-bearer Authorization",
         "DELETE",
         member_path,
         "",
         {{"Authorization", "Basic dTpw"}},
         401,
         "token",
         "InvalidAuthenticationToken"},
        {"invite without participants",
         "POST",
         group_call_path + "/participants/invite",
         R"({"clientContext": "c"})",
         {},
         400,
         "participants",
         "BadRequest"},
        {"invite participants not an array",
         "POST",
         group_call_path + "/participants/invite",
         R"({"participants": {"identity": {}}})",
         {},
         400,
         "participants",
         "BadRequest"},
        {"invitee without identity",
         "POST",
         group_call_path + "/participants/invite",
         R"({"participants": [{"participantId": "p"}]})",
         {},
         400,
         "participants[0].identity",
         "BadRequest"},
        {"invite someone already in the call",
         "POST",
         group_call_path + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": "u"}},
                               "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db"}]})",
         {},
         409,
         "already",
         "Conflict"},
        {"body that is not JSON",
         "POST",
         member_path + "/mute",
         "clientContext=c",
         {{"Content-Type", "application/x-www-form-urlencoded"}},
         415,
         "application/json",
         "UnsupportedMediaType"},
    };
    TestServer server;
    check_refused(server, table);
}

BOOST_AUTO_TEST_CASE(oversized_body_is_refused_with_413) {
    gcm::http::ServerOptions options;
    options.body_limit = 1024;
    TestServer server(default_config(), options);
    const auto before = server.state_snapshot();
    auto client = server.client();
    auto r = client.post(member_path + "/stopHoldMusic",
                         "{\"clientContext\": \"" + std::string(4096, 'x') + "\"}");
    BOOST_TEST(r.status == 413u);
    BOOST_TEST(r.json().at("error").at("code") == "RequestEntityTooLarge");
    BOOST_TEST((server.state_snapshot() == before));
    // The server goes on answering.
    BOOST_TEST(server.client().get("/_mock/health").status == 200u);
}

BOOST_AUTO_TEST_CASE(strict_mode_refuses_hold_misuse_with_400) {
    auto config = default_config();
    config.engine.strict = true;
    TestServer server(config);
    auto client = server.client();
    const auto before = server.state_snapshot();
    auto r = client.post(member_path + "/stopHoldMusic");
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.json().at("error").at("message").as_string().find("not on hold") !=
               std::string::npos);
    BOOST_TEST((server.state_snapshot() == before));
}

BOOST_FIXTURE_TEST_CASE(lenient_mode_accepts_hold_misuse_with_a_journal_warning, ServerFixture) {
    auto r = client.post(member_path + "/stopHoldMusic");
    BOOST_TEST(r.status == 202u);
    bool warned = false;
    const auto journal = client.get("/_mock/journal").json();
    for (const auto& entry : journal.at("value").as_array())
        if (entry.at("kind") == "warning")
            warned = entry.at("message").as_string().find("not on hold") != std::string::npos;
    BOOST_TEST(warned);
}

BOOST_AUTO_TEST_SUITE_END()
