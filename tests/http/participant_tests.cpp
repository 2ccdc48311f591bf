// HTTP: participant endpoints end to end — hold, mute, invite, reads — on the real server.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

BOOST_FIXTURE_TEST_SUITE(participants, ServerFixture)

BOOST_AUTO_TEST_CASE(start_hold_music_runs_then_completes) {
    auto r = client.post(calls + group_call + "/participants/" + member + "/startHoldMusic",
                         R"({"customPrompt": {"@odata.type": "#microsoft.graph.mediaPrompt",
                              "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo",
                                            "uri": "https://bot.contoso.com/onHold.wav"}},
                             "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    BOOST_TEST(r.status == 202u);
    auto body = r.json();
    BOOST_TEST(body.at("@odata.type") == "#microsoft.graph.startHoldMusicOperation");
    BOOST_TEST(body.at("status") == "running");
    BOOST_TEST(body.at("clientContext") == "d45324c1-fcb5-430a-902c-f20af696537c");
    const std::string id(body.at("id").as_string());
    BOOST_TEST(r.header("location").ends_with("/operations/" + id));

    BOOST_TEST(wait_until([&] {
        return client.get(calls + group_call + "/operations/" + id).json().at("status") ==
               "completed";
    }));
    auto exported = client.get("/_mock/calls/" + group_call).json();
    bool on_hold = false;
    for (const auto& p : exported.at("participants").as_array())
        if (p.at("id") == member.c_str() && p.as_object().contains("_mock")) {
            on_hold = p.at("_mock").at("onHold") == true;
            BOOST_TEST(p.at("_mock").at("holdPrompt").at("mediaInfo").at("uri") ==
                       "https://bot.contoso.com/onHold.wav");
        }
    BOOST_TEST(on_hold);
}

BOOST_AUTO_TEST_CASE(mute_participant_answers_completed_and_mutes) {
    auto r = client.post(calls + group_call + "/participants/" + member + "/mute",
                         R"({"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.json().at("@odata.type") == "#microsoft.graph.muteParticipantOperation");
    BOOST_TEST(r.json().at("status") == "completed");
    BOOST_TEST(r.has_header("location"));
    auto p = client.get(calls + group_call + "/participants/" + member).json();
    BOOST_TEST(p.at("isMuted") == true);
    BOOST_TEST(p.at("mediaStreams").at(0).at("serverMuted") == true);
}

BOOST_AUTO_TEST_CASE(reads_return_graph_resources_with_context) {
    auto call = client.get(calls + group_call);
    BOOST_TEST(call.status == 200u);
    BOOST_TEST(call.json().at("@odata.type") == "#microsoft.graph.call");
    BOOST_TEST(call.json().at("id") == group_call.c_str());
    BOOST_TEST(call.json().at("state") == "established");
    BOOST_TEST(call.json()
                   .at("@odata.context")
                   .as_string()
                   .ends_with("/v1.0/$metadata#communications/calls/$entity"));

    auto list = client.get(calls + group_call + "/participants");
    BOOST_TEST(list.status == 200u);
    BOOST_TEST(list.json().at("value").as_array().size() == 2u);
    BOOST_TEST(list.json().at("@odata.context") ==
               ("http://127.0.0.1:" + std::to_string(server.port()) +
                "/v1.0/$metadata#communications/calls('" + group_call + "')/participants")
                   .c_str());

    auto one = client.get(calls + group_call + "/participants/" + group_call_bot);
    BOOST_TEST(one.status == 200u);
    BOOST_TEST(one.json().at("id") == group_call_bot.c_str());
    BOOST_TEST(one.json().at("info").at("identity").at("application").at("displayName") ==
               "Calling Bot");

    auto ops = client.get(calls + group_call + "/operations");
    BOOST_TEST(ops.status == 200u);
    BOOST_TEST(ops.json().at("value").as_array().empty());
}

// Invitees without fixture settings answer after 50 ms (default_config()).
BOOST_AUTO_TEST_CASE(invitee_joins_after_the_configured_delay) {
    auto r = client.post(calls + group_call + "/participants/invite", R"({
        "participants": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {"@odata.type": "#microsoft.graph.identitySet",
                "user": {"@odata.type": "#microsoft.graph.identity",
                         "id": "9d1b8c2e-2b43-4a5e-9f30-1c2d3e4f5a6b", "displayName": "Carol"}},
            "participantId": "c0ffee00-0000-4000-8000-000000000001"}]})");
    BOOST_TEST(r.status == 200u);
    const std::string id(r.json().at("id").as_string());
    BOOST_TEST(wait_until([&] {
        return client.get(calls + group_call + "/operations/" + id).json().at("status") ==
               "Completed"; // as its first answer spelled it: "Running"
    }));
    auto carol =
        client.get(calls + group_call + "/participants/c0ffee00-0000-4000-8000-000000000001");
    BOOST_TEST(carol.status == 200u);
    BOOST_TEST(carol.json().at("info").at("identity").at("user").at("displayName") == "Carol");
    BOOST_TEST(
        client.get(calls + group_call + "/participants").json().at("value").as_array().size() ==
        3u);
}

BOOST_AUTO_TEST_CASE(fixture_invitee_behaviour_can_decline) {
    auto loaded = client.request("PUT", "/_mock/fixtures", R"({"calls": [{
        "id": "decline-call", "callbackUri": "https://bot/cb", "tenantId": "t",
        "participants": [{"id": "bot", "info": {"identity": {"application": {"id": "app"}}}}],
        "_mock": {"invitees": {"user-no": {"reaction": "decline", "afterMs": 10}}}}]})");
    BOOST_TEST(loaded.status == 200u);
    auto r = client.post(calls + "decline-call/participants/invite",
                         R"({"participants": [{"identity": {"user": {"id": "user-no"}}}]})");
    BOOST_TEST(r.status == 200u);
    const std::string id(r.json().at("id").as_string());
    BOOST_TEST(wait_until([&] {
        return client.get(calls + "decline-call/operations/" + id).json().at("status") == "Failed";
    }));
    auto op = client.get(calls + "decline-call/operations/" + id).json();
    BOOST_TEST(op.at("resultInfo").at("code") == 603);
    BOOST_TEST(
        client.get(calls + "decline-call/participants").json().at("value").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(beta_and_the_app_alias_reach_the_same_calls) {
    BOOST_TEST(client.get("/beta/communications/calls/" + group_call).status == 200u);
    BOOST_TEST(client.get("/v1.0/app/calls/" + group_call).status == 200u);
    auto r = client.post("/beta/app/calls/" + group_call + "/participants/" + member + "/mute");
    BOOST_TEST(r.status == 200u);
    // Location keeps the version the request used, under the canonical path.
    BOOST_TEST(
        r.header("location").find("/beta/communications/calls/" + group_call + "/operations/") !=
        std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
