// The two seed documents' example requests, verbatim, against a fresh server with the default
// fixture: the documented status, Location and body (ids checked by shape).
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "json_shape.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

// Checks that the body's id is a fresh UUID equal to the Location's last segment, and that the
// Location is the operation's absolute URL; returns the id.
std::string check_operation_location(const HttpResponse& r, unsigned short port,
                                     const std::string& call) {
    const auto body = r.json();
    const std::string id(body.at("id").as_string());
    BOOST_TEST(is_uuid(id), id);
    BOOST_TEST(r.header("location") == "http://127.0.0.1:" + std::to_string(port) +
                                           "/v1.0/communications/calls/" + call + "/operations/" +
                                           id);
    return id;
}

json::value with_id(json::value v, const std::string& id) {
    v.as_object()["id"] = id;
    return v;
}

bool participant_on_hold(TestServer& server, const std::string& call, const std::string& who) {
    auto exported = server.client().get("/_mock/calls/" + call).json();
    for (const auto& p : exported.at("participants").as_array())
        if (p.at("id") == who.c_str())
            return p.as_object().contains("_mock") && p.at("_mock").at("onHold") == true;
    throw std::runtime_error("participant " + who + " not in call " + call);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(seeds, ServerFixture)

BOOST_AUTO_TEST_CASE(stop_hold_music_example) {
    BOOST_TEST(participant_on_hold(server, hold_call, held));

    auto r = client.request(
        "POST",
        "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/participants/"
        "fa1e9582-7145-4ca3-bcd8-577f561fcb6e/stopHoldMusic",
        R"({
  "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"
})",
        {{"Content-type", "application/json"}});

    BOOST_TEST(r.status == 202u);
    const auto id = check_operation_location(r, server.port(), hold_call);
    const auto documented = json::parse(R"({
  "@odata.type": "#microsoft.graph.stopHoldMusicOperation",
  "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
  "status": "completed",
  "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
  "resultInfo": null
})");
    BOOST_TEST(r.json() == with_id(documented, id));
    BOOST_TEST(r.header("content-type").starts_with("application/json"));

    // The participant left hold, and the operation can be read back.
    BOOST_TEST(!participant_on_hold(server, hold_call, held));
    auto op = client.get("/v1.0/communications/calls/" + hold_call + "/operations/" + id);
    BOOST_TEST(op.status == 200u);
    BOOST_TEST(op.json() == with_id(documented, id));
}

BOOST_AUTO_TEST_CASE(delete_participant_examples) {

    // Example 1: remove an active participant.
    auto removed =
        client.request("DELETE", "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8/"
                                 "participants/a7ebfb2d-871e-419c-87af-27290b22e8db");
    BOOST_TEST(removed.status == 204u);
    BOOST_TEST(removed.body.empty());
    BOOST_TEST(!removed.has_header("location"));
    BOOST_TEST(
        client.get("/v1.0/communications/calls/" + group_call + "/participants/" + member).status ==
        404u);

    // Example 2: invite the same participant id, then cancel before they join.
    auto invited = client.request(
        "POST",
        "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8/participants/invite",
        R"({
"participants": [
{
"@odata.type": "#microsoft.graph.invitationParticipantInfo",
"identity": {
"@odata.type": "#microsoft.graph.identitySet",
"user": {
"@odata.type": "#microsoft.graph.identity",
"id": "278405a3-f568-4b3e-b684-009193463064",
"identityProvider": "AAD"
}
},
"participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db"
}
],
"clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f"
})",
        {{"Content-Type", "application/json"}});
    BOOST_TEST(invited.status == 200u);
    const auto id = check_operation_location(invited, server.port(), group_call);
    const auto documented = json::parse(R"({
"@odata.type": "#microsoft.graph.inviteParticipantsOperation",
"id": "eec3812a-fdc3-4fb4-825c-a06c9f35414e",
"status": "Running",
"clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f",
"resultInfo": null,
"participants": [
{
"endpointType": null,
"id": null,
"participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db",
"identity": {
"user": {
"id": "278405a3-f568-4b3e-b684-009193463064",
"identityProvider": "AAD",
"tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47"
},
"application": null,
"device": null,
"phone": null
}
}
]
})");
    // Every key the (shortened) example shows, with its value; beside them the response also
    // keeps the @odata.type the request carried at each level (issue 17: echo what was sent).
    const auto mismatch = shape_mismatch(invited.json(), with_id(documented, id));
    BOOST_TEST(mismatch.empty(), mismatch << " in " << invited.body);
    const auto invited_body = invited.json();
    const auto& echoed = invited_body.at("participants").at(0);
    BOOST_TEST(echoed.at("@odata.type") == "#microsoft.graph.invitationParticipantInfo");
    BOOST_TEST(echoed.at("identity").at("@odata.type") == "#microsoft.graph.identitySet");
    BOOST_TEST(echoed.at("identity").at("user").at("@odata.type") == "#microsoft.graph.identity");

    auto cancelled =
        client.request("DELETE", "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8/"
                                 "participants/a7ebfb2d-871e-419c-87af-27290b22e8db");
    BOOST_TEST(cancelled.status == 204u);
    BOOST_TEST(cancelled.body.empty());

    // docs/choices.md: the invitation's operation ends failed with 487, and the invitee never
    // joins. It keeps the casing of its first answer ("Running"): "Failed".
    auto op = client.get("/v1.0/communications/calls/" + group_call + "/operations/" + id).json();
    BOOST_TEST(op.at("status") == "Failed");
    BOOST_TEST(op.at("resultInfo").at("code") == 487);
    BOOST_TEST(op.at("clientContext") == "f2fa86af-3c51-4bc2-8fc0-475452d9764f");
    BOOST_TEST(
        client.get("/v1.0/communications/calls/" + group_call + "/participants/" + member).status ==
        404u);
    auto journal = client.get("/_mock/journal").json().at("value").as_array();
    bool failed_event = false;
    for (const auto& entry : journal)
        if (entry.at("kind") == "operationFinished" &&
            entry.at("operation").at("id") == id.c_str() &&
            entry.at("operation").at("status") == "Failed")
            failed_event = true;
    BOOST_TEST(failed_event);
}

BOOST_AUTO_TEST_SUITE_END()
