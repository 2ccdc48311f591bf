// What export writes, import reads: a state in mid-flow (a pending invitation, a running
// prompt) saved with GET /_mock/calls and loaded back with PUT /_mock/fixtures carries on: the
// invitation can still be cancelled (487), the prompt still completes.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>

using namespace gcm::test;
using namespace gcm::test::default_fixture;
namespace json = boost::json;

namespace {
const std::string& call = group_call_path;

// The default fixture's seed invitee, who takes 20 s to answer.
const std::string invite_body = R"({"participants": [{
    "@odata.type": "#microsoft.graph.invitationParticipantInfo",
    "identity": {"@odata.type": "#microsoft.graph.identitySet",
                 "user": {"@odata.type": "#microsoft.graph.identity",
                          "id": "278405a3-f568-4b3e-b684-009193463064", "identityProvider": "AAD"}},
    "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db"}], "clientContext": "inv"})";

const std::string prompt_body = R"({"clientContext": "pp", "prompts": [{
    "@odata.type": "#microsoft.graph.mediaPrompt",
    "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo", "uri": "https://bot/a.wav"}}]})";
// What the server answers a request that announces a body of `length` bytes and sends none: a
// body over the limit is refused when the headers end (a client still writing it would meet a
// closed connection instead of the answer).
std::string announced(HttpClient& client, const std::string& method, const std::string& target,
                      std::size_t length) {
    return client.raw_exchange(method + " " + target +
                                   " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
                                   "Content-Type: application/json\r\nContent-Length: " +
                                   std::to_string(length) + "\r\n\r\n",
                               std::chrono::seconds(10));
}
} // namespace

BOOST_AUTO_TEST_SUITE(round_trip)

BOOST_AUTO_TEST_CASE(a_state_in_mid_flow_loads_back_and_carries_on) {
    auto config = default_config();
    // Long enough that the prompt is still running after the save and the load, however slow
    // the machine.
    config.engine.media_operation = std::chrono::seconds(5);
    TestServer server(config);
    auto client = server.client();
    BOOST_TEST_REQUIRE(client.del(call + "/participants/" + member).status == 204u);
    auto invite = client.post(call + "/participants/invite", invite_body);
    BOOST_TEST_REQUIRE(invite.status == 200u);
    const std::string invite_id(invite.json().at("id").as_string());
    auto prompt = client.post(call + "/playPrompt", prompt_body);
    BOOST_TEST_REQUIRE(prompt.status == 200u);
    const std::string prompt_id(prompt.json().at("id").as_string());

    const auto saved = client.get("/_mock/calls");
    BOOST_TEST_REQUIRE(saved.status == 200u);
    const auto pending = saved.json().at("calls").as_array();
    BOOST_TEST_REQUIRE(client.request("PUT", "/_mock/fixtures", saved.body).status == 200u);
    // Loaded as it was saved: the same export comes back.
    BOOST_TEST(client.get("/_mock/calls").json() == saved.json());

    auto op = client.get(call + "/operations/" + invite_id).json();
    BOOST_TEST(op.at("status") == "Running"); // the invite's casing, kept across the load
    // The invitation is still pending: cancelling it fails its operation with 487.
    BOOST_TEST(client.del(call + "/participants/" + member).status == 204u);
    op = client.get(call + "/operations/" + invite_id).json();
    BOOST_TEST(op.at("status") == "Failed");
    BOOST_TEST(op.at("resultInfo").at("code") == 487);

    // The running prompt's timer resumed: it completes.
    BOOST_TEST(wait_until(
        [&] {
            return client.get(call + "/operations/" + prompt_id).json().at("status") == "completed";
        },
        std::chrono::seconds(20)));
}

BOOST_FIXTURE_TEST_CASE(a_pending_invitation_must_name_an_invite_operation, ServerFixture) {
    const std::string fixture = R"({"calls": [{"id": "c1", "participants": [],
        "_mock": {"pendingInvitations": [{"participantId": "p", "operationId": "nope",
                  "invitee": {"identity": {"user": {"id": "u"}}}}]}}]})";
    auto r = client.request("PUT", "/_mock/fixtures", fixture);
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.json().at("error").at("message").as_string().find(
                   "$.calls[0]._mock.pendingInvitations[0].operationId") != json::string::npos);
}

// Issue 21: a saved state of a few hundred calls is over --max-body-bytes (1 MiB), which PUT
// /_mock/fixtures shared: the export could not be loaded back. The fixture route now has its own
// limit (--max-fixture-bytes); Graph routes keep theirs.
BOOST_AUTO_TEST_CASE(an_export_over_the_body_limit_loads_back) {
    auto config = default_config();
    config.engine.call_setup = std::chrono::milliseconds(1);
    TestServer server(config);
    auto client = server.client();
    constexpr int created = 300;
    for (int i = 0; i < created; ++i)
        BOOST_TEST_REQUIRE(client.post("/v1.0/communications/calls", create_call_body()).status ==
                           201u);
    // Every call established and its target joined, so nothing changes between the exports.
    BOOST_TEST_REQUIRE(wait_until(
        [&] {
            const auto first = client.get("/_mock/calls").body;
            return first.find("\"establishing\"") == std::string::npos &&
                   client.get("/_mock/calls").body == first;
        },
        std::chrono::seconds(20)));
    const auto saved = client.get("/_mock/calls");
    BOOST_TEST_REQUIRE(saved.status == 200u);
    BOOST_TEST_REQUIRE(saved.body.size() > gcm::http::ServerOptions{}.body_limit);
    BOOST_TEST(saved.json().at("calls").as_array().size() > std::size_t(created));

    auto loaded = client.request("PUT", "/_mock/fixtures", saved.body);
    BOOST_TEST_REQUIRE(loaded.status == 200u, loaded.body.substr(0, 200));
    BOOST_TEST(client.get("/_mock/calls").body == saved.body);

    // Graph routes keep --max-body-bytes.
    const auto big = announced(client, "POST", "/v1.0/communications/calls",
                               gcm::http::ServerOptions{}.body_limit + 1);
    BOOST_TEST(big.starts_with("HTTP/1.1 413"), big.substr(0, 40));
}

BOOST_AUTO_TEST_CASE(a_fixture_over_the_fixture_limit_is_refused) {
    gcm::http::ServerOptions options;
    options.fixture_body_limit = 2 * 1024 * 1024;
    TestServer server(default_config(), options);
    auto client = server.client();
    const auto before = server.state_snapshot();
    const auto refused =
        announced(client, "PUT", "/_mock/fixtures", options.fixture_body_limit + 1);
    BOOST_TEST(refused.starts_with("HTTP/1.1 413"), refused.substr(0, 40));
    BOOST_TEST(refused.find(std::to_string(options.fixture_body_limit)) != std::string::npos,
               refused);
    auto other = server.client();
    BOOST_TEST((server.state_snapshot() == before));
    // Under it, but over --max-body-bytes, it is read (and this one is no fixture: 400).
    BOOST_TEST(
        other.request("PUT", "/_mock/fixtures", std::string(options.body_limit + 1, ' ')).status ==
        400u);
    BOOST_TEST(
        other.request("PUT", "/_ns/w1/_mock/fixtures", std::string(options.body_limit + 1, ' '))
            .status == 400u);
}

// A fixture limit below --max-body-bytes is the fixture route's limit all the same.
BOOST_AUTO_TEST_CASE(a_fixture_limit_under_the_body_limit_applies) {
    gcm::http::ServerOptions options;
    options.fixture_body_limit = 4096;
    TestServer server(default_config(), options);
    auto client = server.client();
    const auto before = server.state_snapshot();
    const auto refused = announced(client, "PUT", "/_mock/fixtures", 5000);
    BOOST_TEST(refused.starts_with("HTTP/1.1 413"), refused.substr(0, 40));
    BOOST_TEST((server.state_snapshot() == before));
}

// Unknown members of a call are kept as sent, up to the 32 levels a request may nest; the
// export puts the call two levels down, so the loader reads deeper JSON than a request may be:
// every export loads back.
BOOST_AUTO_TEST_CASE(a_call_with_deeply_nested_unknown_members_loads_back) {
    auto config = default_config();
    config.engine.call_setup = std::chrono::milliseconds(1);
    TestServer server(config);
    auto client = server.client();
    std::string deep = "1";
    for (int level = 0; level < 30; ++level) // with the call's own object: 31 levels
        deep = "[" + deep + "]";
    const auto body = create_call_body({.extra = ", \"x\": " + deep});
    BOOST_TEST_REQUIRE(client.post("/v1.0/communications/calls", body).status == 201u);
    BOOST_TEST_REQUIRE(wait_until([&] {
        return client.get("/_mock/calls").body.find("\"establishing\"") == std::string::npos;
    }));
    const auto saved = client.get("/_mock/calls");
    BOOST_TEST_REQUIRE(saved.status == 200u);
    auto loaded = client.request("PUT", "/_mock/fixtures", saved.body);
    BOOST_TEST_REQUIRE(loaded.status == 200u, loaded.body.substr(0, 200));
    BOOST_TEST(client.get("/_mock/calls").body == saved.body);
}

BOOST_AUTO_TEST_SUITE_END()
