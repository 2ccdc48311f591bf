// HTTP: bad input gets the right status and a Graph error body, and changes nothing.
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::test;

namespace {
const std::string call = "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8";
const std::string member = call + "/participants/a7ebfb2d-871e-419c-87af-27290b22e8db";

struct BadRequest {
    std::string name;
    std::string method;
    std::string target;
    std::string body;
    Headers headers;
    unsigned status;
    std::string code;
    std::string mentions; // a word the message must contain
};
} // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_without_changing_state) {
    const std::vector<BadRequest> table = {
        {"malformed JSON",
         "POST",
         member + "/stopHoldMusic",
         "{\"clientContext\": ",
         {},
         400,
         "BadRequest",
         "JSON"},
        {"body is not an object",
         "POST",
         member + "/mute",
         "[1, 2]",
         {},
         400,
         "BadRequest",
         "object"},
        {"clientContext of the wrong type",
         "POST",
         member + "/startHoldMusic",
         R"({"clientContext": 42})",
         {},
         400,
         "BadRequest",
         "clientContext"},
        {"clientContext over 256 characters",
         "POST",
         member + "/stopHoldMusic",
         "{\"clientContext\": \"" + std::string(257, 'c') + "\"}",
         {},
         400,
         "BadRequest",
         "clientContext"},
        {"customPrompt of the wrong type",
         "POST",
         member + "/startHoldMusic",
         R"({"customPrompt": "music.wav"})",
         {},
         400,
         "BadRequest",
         "customPrompt"},
        {"unknown call",
         "POST",
         "/v1.0/communications/calls/00000000-0000-4000-8000-000000000000/participants/x/mute",
         "",
         {},
         404,
         "8522",
         "Call not found"},
        {"unknown participant",
         "POST",
         call + "/participants/nobody/stopHoldMusic",
         "",
         {},
         404,
         "itemNotFound",
         "nobody"},
        {"unknown participant on delete",
         "DELETE",
         call + "/participants/nobody",
         "",
         {},
         404,
         "itemNotFound",
         "nobody"},
        {"unknown operation",
         "GET",
         call + "/operations/nothing-here",
         "",
         {},
         404,
         "itemNotFound",
         "nothing-here"},
        {"missing Authorization",
         "POST",
         member + "/mute",
         "",
         {{"Authorization", ""}},
         401,
         "InvalidAuthenticationToken",
         "token"},
        {"non-bearer Authorization",
         "DELETE",
         member,
         "",
         {{"Authorization", "Basic dTpw"}},
         401,
         "InvalidAuthenticationToken",
         "token"},
        {"invite without participants",
         "POST",
         call + "/participants/invite",
         R"({"clientContext": "c"})",
         {},
         400,
         "BadRequest",
         "participants"},
        {"invite participants not an array",
         "POST",
         call + "/participants/invite",
         R"({"participants": {"identity": {}}})",
         {},
         400,
         "BadRequest",
         "participants"},
        {"invitee without identity",
         "POST",
         call + "/participants/invite",
         R"({"participants": [{"participantId": "p"}]})",
         {},
         400,
         "BadRequest",
         "participants[0].identity"},
        {"invite someone already in the call",
         "POST",
         call + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": "u"}},
                               "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db"}]})",
         {},
         409,
         "Conflict",
         "already"},
        {"body that is not JSON",
         "POST",
         member + "/mute",
         "clientContext=c",
         {{"Content-Type", "application/x-www-form-urlencoded"}},
         415,
         "UnsupportedMediaType",
         "application/json"},
    };
    TestServer server;
    auto client = server.client();
    const auto before = server.state_snapshot();
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT(row.name) {
            auto r = client.request(row.method, row.target, row.body, row.headers);
            BOOST_TEST(r.status == row.status);
            auto body = r.json();
            const auto& error = body.at("error");
            BOOST_TEST(error.at("code") == row.code.c_str());
            const std::string message(error.at("message").as_string());
            BOOST_TEST(message.find(row.mentions) != std::string::npos, message);
            BOOST_TEST(error.at("innerError").at("request-id") == r.header("request-id").c_str());
            BOOST_TEST(error.at("innerError").at("date").as_string().size() == 19u);
            BOOST_TEST((server.state_snapshot() == before));
        }
    }
}

BOOST_AUTO_TEST_CASE(oversized_body_is_refused_with_413) {
    gcm::http::ServerOptions options;
    options.body_limit = 1024;
    TestServer server(default_config(), options);
    const auto before = server.state_snapshot();
    auto client = server.client();
    auto r = client.post(member + "/stopHoldMusic",
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
    auto r = client.post(member + "/stopHoldMusic");
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.json().at("error").at("message").as_string().find("not on hold") !=
               std::string::npos);
    BOOST_TEST((server.state_snapshot() == before));
}

BOOST_AUTO_TEST_CASE(lenient_mode_accepts_hold_misuse_with_a_journal_warning) {
    TestServer server;
    auto client = server.client();
    auto r = client.post(member + "/stopHoldMusic");
    BOOST_TEST(r.status == 202u);
    bool warned = false;
    const auto journal = client.get("/_mock/journal").json();
    for (const auto& entry : journal.at("value").as_array())
        if (entry.at("kind") == "warning")
            warned = entry.at("message").as_string().find("not on hold") != std::string::npos;
    BOOST_TEST(warned);
}

BOOST_AUTO_TEST_SUITE_END()
