// Payloads as the service sends them (issue 17): whole resources with every key the reference
// pages' examples show, what the client sent echoed back, one casing rule in two modes, typed
// values checked, $select, and the notification sequences real calls produce (meeting join,
// answer, invite, peer-to-peer media, content sharing), with what real captures carry.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "json_shape.hpp"
#include "receiver.hpp"
#include "seen.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

// The keys of the create-call page's response (Example 1), and those its PSTN examples add;
// values are placeholders: only the keys are compared.
const char* const create_call_example = R"({
  "@odata.type": "", "state": "", "direction": "", "callbackUri": "", "callChainId": "",
  "source": {"@odata.type": "", "identity": {"@odata.type": "", "application":
             {"@odata.type": "", "displayName": "", "id": ""}},
             "countryCode": null, "endpointType": null, "region": null, "languageId": null},
  "targets": [{"@odata.type": "", "identity": {"@odata.type": "", "user":
               {"@odata.type": "", "displayName": "", "id": ""}},
               "endpointType": null, "replacesCallId": null}],
  "requestedModalities": [""], "mediaConfig": {"@odata.type": ""}, "myParticipantId": "",
  "id": "", "@odata.context": "", "subject": null, "ringingTimeoutInSeconds": null,
  "mediaState": null, "resultInfo": null, "answeredBy": null, "chatInfo": null,
  "meetingInfo": null, "transcription": null, "toneInfo": null,
  "callRoutes": [], "activeModalities": [], "routingPolicies": [], "tenantId": "",
  "terminationReason": null, "meetingCapability": null})";

// The get-participant page's example, and what real rosters add (docs/wire.md).
const char* const participant_example = R"({
  "@odata.type": "", "info": {"@odata.type": "", "identity": {"@odata.type": ""},
  "id": null, "endpointType": "", "endpointId": "", "participantId": "", "clientVersion": null,
  "replacementLink": null},
  "mediaStreams": [{"@odata.type": "", "mediaType": "", "sourceId": "", "direction": "",
                    "serverMuted": false, "label": null}],
  "isMuted": false, "isInLobby": false, "id": "", "@odata.context": "", "metadata": null,
  "publishedStates": [], "meetingRole": "", "isIdentityAnonymized": false})";

// The create-call page's example, without a tenant.
std::string create_body(const std::string& callback, const std::string& extra = "") {
    return create_call_body(
        {.callback = callback, .targets = documented_targets, .tenant = "", .extra = extra});
}

std::string meeting_body(const std::string& callback) {
    return R"({"@odata.type": "#microsoft.graph.call", "callbackUri": ")" + callback +
           R"(", "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
        "chatInfo": {"@odata.type": "#microsoft.graph.chatInfo",
                     "threadId": "19:meeting_x@thread.v2", "messageId": "0"},
        "meetingInfo": {"@odata.type": "#microsoft.graph.organizerMeetingInfo",
          "organizer": {"@odata.type": "#microsoft.graph.identitySet",
            "user": {"@odata.type": "#microsoft.graph.identity", "id": "org-1",
                     "tenantId": "t-1"}},
          "allowConversationWithoutHost": true},
        "tenantId": "t-1",
        "source": {"@odata.type": "#microsoft.graph.participantInfo",
          "identity": {"@odata.type": "#microsoft.graph.identitySet",
            "application": {"@odata.type": "#microsoft.graph.identity", "id": "bot-app",
                            "displayName": "Meeting Bot"}}}})";
}

void check_keys(const json::value& actual, const char* example, bool in_collection = false) {
    auto expected = json::parse(example);
    if (in_collection) // a collection's items have no context of their own
        expected.as_object().erase("@odata.context");
    const auto missing = keys_missing(actual, expected);
    BOOST_TEST(missing.empty(), missing << " in " << json::serialize(actual));
}

// The notifications seen so far that are about `url` exactly.
std::vector<Seen> about(const Receiver& bot, const std::string& url) {
    std::vector<Seen> out;
    for (auto& s : notifications(bot))
        if (s.url == url)
            out.push_back(std::move(s));
    return out;
}

// The resourceData of the one notification that `started`'s operation (on `call`) finished,
// once the bot has it.
json::value finished_operation(const Receiver& bot, const std::string& call,
                               const HttpResponse& started) {
    const std::string url = "/communications/calls/" + call + "/operations/" +
                            std::string(started.json().at("id").as_string());
    BOOST_TEST(wait_until([&] { return about(bot, url).size() == 1u; }));
    return about(bot, url).at(0).data;
}

std::string op_status(HttpClient& client, const std::string& call, const json::value& op) {
    auto r = client.get(calls + call + "/operations/" + std::string(op.at("id").as_string()));
    return r.status == 200 ? std::string(r.json().at("status").as_string()) : "gone";
}

} // namespace

BOOST_AUTO_TEST_SUITE(payloads)

BOOST_FIXTURE_TEST_CASE(a_created_call_has_every_key_of_the_page_example, ServerFixture) {
    auto created = client.post("/v1.0/communications/calls", create_body("https://bot.example/cb"));
    BOOST_TEST_REQUIRE(created.status == 201u);
    // No source in the request: the service names the calling app (--bot-app-id here).
    auto body = created.json();
    BOOST_TEST(body.at("source").at("identity").at("application").at("id") ==
               default_config().bot_app_id.c_str());
    check_keys(body, create_call_example);
    // What was sent comes back as sent, types at every level.
    BOOST_TEST(body.at("targets").at(0).at("identity").at("user").at("@odata.type") ==
               "#microsoft.graph.identity");
    // GET shows the same keys.
    const std::string id(body.at("id").as_string());
    check_keys(client.get(calls + id).json(), create_call_example);
}

BOOST_FIXTURE_TEST_CASE(participants_and_operations_have_every_key_of_their_examples,
                        ServerFixture) {
    auto p = client.get(calls + group_call + "/participants/" + member);
    BOOST_TEST_REQUIRE(p.status == 200u);
    check_keys(p.json(), participant_example);
    const auto roster = client.get(calls + group_call + "/participants").json();
    for (const auto& each : roster.at("value").as_array())
        check_keys(each, participant_example, true);

    // Each operation, as an action answers it and as GET reads it back: commsOperation's keys
    // and its own type's (the pages' examples list these).
    const std::vector<std::tuple<std::string, std::string, std::string>> actions = {
        {"/playPrompt",
         R"({"clientContext": "c", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
             "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo",
                           "uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r"}}]})",
         R"({"@odata.type": "", "id": "", "status": "", "clientContext": "", "resultInfo": null,
             "completionReason": null, "prompts": [{"@odata.type": "", "mediaInfo": {}}]})"},
        {"/recordResponse", R"({"clientContext": "c", "stopTones": ["#"]})",
         R"({"@odata.type": "", "id": "", "status": "", "resultInfo": null,
             "recordingLocation": null, "recordingAccessToken": null, "clientContext": ""})"},
        {"/sendDtmfTones", R"({"clientContext": "c", "tones": ["tone1"]})",
         R"({"@odata.type": "", "id": "", "status": "", "clientContext": "",
             "resultInfo": null, "completionReason": null})"},
        {"/subscribeToTone", R"({"clientContext": "c"})",
         R"({"@odata.type": "", "id": "", "status": "", "clientContext": "", "resultInfo": null})"},
        {"/participants/invite",
         R"({"clientContext": "c", "participants": [{"identity": {"user": {"id": "u-9"}}}]})",
         R"({"@odata.type": "", "id": "", "status": "", "clientContext": "", "resultInfo": null,
             "participants": [{"@odata.type": "", "endpointType": null, "id": null,
               "identity": {"@odata.type": "", "user": {"@odata.type": "", "id": ""},
                            "application": null, "device": null, "phone": null}}]})"},
    };
    for (const auto& [action, request, example] : actions) {
        BOOST_TEST_CONTEXT(action) {
            auto r = client.post(calls + group_call + action, request);
            BOOST_TEST_REQUIRE(r.status == 200u);
            check_keys(r.json(), example.c_str());
            const std::string id(r.json().at("id").as_string());
            check_keys(client.get(calls + group_call + "/operations/" + id).json(),
                       example.c_str());
        }
    }
}

BOOST_AUTO_TEST_CASE(operation_status_casing_follows_the_pages_or_the_schema) {
    for (const bool schema : {false, true}) {
        BOOST_TEST_CONTEXT((schema ? "--enum-case schema" : "--enum-case pages")) {
            auto config = default_config();
            config.engine.schema_enum_case = schema;
            config.engine.media_operation = std::chrono::milliseconds(20);
            config.engine.default_invitee.after = std::chrono::milliseconds(20);
            TestServer server(config);
            auto client = server.client();
            auto prompt =
                client.post(calls + group_call + "/playPrompt",
                            R"({"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
                    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"}}]})");
            BOOST_TEST(prompt.json().at("status") == (schema ? "Running" : "running"));
            BOOST_TEST(wait_until([&] {
                return op_status(client, group_call, prompt.json()) ==
                       (schema ? "Completed" : "completed");
            }));
            // The invite page answers "Running": its later states keep that case either way.
            auto invite = client.post(calls + group_call + "/participants/invite",
                                      R"({"participants": [{"identity": {"user": {"id": "u"}}}]})");
            BOOST_TEST(invite.json().at("status") == "Running");
            BOOST_TEST(wait_until(
                [&] { return op_status(client, group_call, invite.json()) == "Completed"; }));
            // Completed in the response itself.
            auto mute = client.post(calls + group_call + "/mute", "{}");
            BOOST_TEST(mute.json().at("status") == (schema ? "Completed" : "completed"));
        }
    }
}

BOOST_FIXTURE_TEST_CASE(typed_values_must_name_their_type_or_a_derived_one, ServerFixture) {
    const auto before = server.state_snapshot();
    const std::string hold =
        calls + hold_call + "/participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e/startHoldMusic";
    const std::vector<std::tuple<std::string, std::string, std::string>> refused = {
        {hold, R"({"customPrompt": {"@odata.type": 7}})", "customPrompt.@odata.type"},
        {hold, R"({"customPrompt": {"@odata.type": "#microsoft.graph.call"}})",
         "customPrompt.@odata.type"},
        {hold,
         R"({"customPrompt": {"@odata.type": "#microsoft.graph.mediaPrompt",
             "mediaInfo": {"@odata.type": "#microsoft.graph.prompt"}}})",
         "customPrompt.mediaInfo.@odata.type"},
        {calls + group_call + "/playPrompt",
         R"({"prompts": [{"@odata.type": "#microsoft.graph.prompt"}]})", "prompts[0].@odata.type"},
        {calls + group_call + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"@odata.type": "#microsoft.graph.call",
             "id": "u"}}}]})",
         "participants[0].identity.user.@odata.type"},
        {calls + group_call + "/participants/invite",
         R"({"participants": [{"@odata.type": "#microsoft.graph.participantInfo",
             "identity": {"user": {"id": "u"}}}]})",
         "participants[0].@odata.type"},
        {"/v1.0/communications/calls",
         R"({"callbackUri": "https://bot/cb", "requestedModalities": ["audio"],
             "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
             "chatInfo": {"threadId": "19:x"},
             "meetingInfo": {"@odata.type": "#microsoft.graph.identity"}})",
         "meetingInfo.@odata.type"},
        {"/v1.0/communications/calls",
         R"({"callbackUri": "https://bot/cb", "requestedModalities": ["audio"],
             "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
             "targets": [{"identity": {"user": {"id": "u"}}}],
             "callOptions": {"@odata.type": "#other.namespace.callOptions"}})",
         "callOptions.@odata.type"},
    };
    for (const auto& [target, body, field] : refused) {
        BOOST_TEST_CONTEXT(body) {
            auto r = client.post(target, body);
            BOOST_TEST(r.status == 400u);
            BOOST_TEST(r.json().at("error").at("code") == "BadRequest");
            const std::string message(r.json().at("error").at("message").as_string());
            BOOST_TEST(message.find("'" + field + "'") != std::string::npos, message);
        }
    }
    BOOST_TEST(server.state_snapshot() == before); // nothing changed
    // Derived types are taken, and the invite echoes them as sent.
    auto invite = client.post(calls + group_call + "/participants/invite", R"({
        "participants": [{"identity": {"@odata.type": "#microsoft.graph.communicationsIdentitySet",
          "user": {"@odata.type": "#microsoft.graph.communicationsUserIdentity", "id": "u"}}}]})");
    BOOST_TEST_REQUIRE(invite.status == 200u);
    const auto echoed = invite.json().at("participants").at(0).at("identity");
    BOOST_TEST(echoed.at("@odata.type") == "#microsoft.graph.communicationsIdentitySet");
    BOOST_TEST(echoed.at("user").at("@odata.type") ==
               "#microsoft.graph.communicationsUserIdentity");
    auto meeting = client.post("/v1.0/communications/calls", R"({"callbackUri": "https://bot/cb",
        "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
        "chatInfo": {"@odata.type": "#microsoft.graph.chatInfo", "threadId": "19:x"},
        "meetingInfo": {"@odata.type": "#microsoft.graph.joinMeetingIdMeetingInfo",
                        "joinMeetingId": "123", "passcode": null}})");
    BOOST_TEST(meeting.status == 201u);
}

BOOST_FIXTURE_TEST_CASE(select_keeps_the_named_properties, ServerFixture) {
    auto call = client.get(calls + group_call + "?$select=state,direction");
    BOOST_TEST_REQUIRE(call.status == 200u, call.body);
    const auto selected = call.json();
    const auto& o = selected.as_object();
    BOOST_TEST(o.at("state") == "established");
    BOOST_TEST(o.contains("direction"));
    BOOST_TEST(!o.contains("callbackUri"));
    BOOST_TEST(!o.contains("source"));
    BOOST_TEST(o.contains("@odata.context"));
    // Percent-encoded, and on a collection.
    auto roster = client.get(calls + group_call + "/participants?%24select=id,isMuted");
    BOOST_TEST_REQUIRE(roster.status == 200u);
    const auto listed = roster.json();
    for (const auto& p : listed.at("value").as_array()) {
        BOOST_TEST(p.as_object().contains("isMuted"));
        BOOST_TEST(!p.as_object().contains("info"));
    }
    auto wrong = client.get(calls + group_call + "?$select=state,colour");
    BOOST_TEST(wrong.status == 400u);
    BOOST_TEST(wrong.json().at("error").at("message") ==
               "Could not find a property named 'colour' on type 'microsoft.graph.call'.");
}

BOOST_FIXTURE_TEST_CASE(joining_a_meeting_sends_the_roster_bot_first_then_everyone, BotFixture) {
    auto created = client.post("/v1.0/communications/calls", meeting_body(bot.url()));
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.json().at("id").as_string());
    const std::string roster_url = "/communications/calls/" + id + "/participants";
    BOOST_TEST_REQUIRE(bot.wait_for(4));
    auto call_states = about(bot, "/communications/calls/" + id);
    BOOST_TEST_REQUIRE(call_states.size() >= 2u, describe(notifications(bot)));
    BOOST_TEST(call_states[0].data.at("state") == "establishing");
    BOOST_TEST(call_states[1].data.at("state") == "established");
    auto rosters = about(bot, roster_url);
    BOOST_TEST_REQUIRE(rosters.size() == 1u, describe(notifications(bot)));
    // The bot alone, as an application instance, with one main-audio stream.
    const auto& alone = rosters[0].data.as_array();
    BOOST_TEST_REQUIRE(alone.size() == 1u);
    const auto& me = alone[0];
    BOOST_TEST(me.at("info").at("identity").at("applicationInstance").at("id") == "bot-app");
    BOOST_TEST(me.at("info").at("clientVersion") == "Meeting Bot (appid:bot-app)");
    BOOST_TEST(me.at("mediaStreams").as_array().size() == 1u);
    BOOST_TEST(me.at("mediaStreams").at(0).at("label") == "main-audio");
    check_keys(me, participant_example, true);

    // Someone joins: the whole roster, them with a Teams client's four streams.
    auto joined = client.post("/_mock/calls/" + id + "/participants",
                              R"({"info": {"identity": {"user": {"id": "u-1",
                                  "displayName": "Ann"}}}})");
    BOOST_TEST_REQUIRE(joined.status == 201u);
    BOOST_TEST(wait_until([&] { return about(bot, roster_url).size() == 2u; }));
    rosters = about(bot, roster_url);
    const auto& everyone = rosters[1].data.as_array();
    BOOST_TEST_REQUIRE(everyone.size() == 2u);
    for (const auto& p : everyone) {
        if (p.at("info").at("identity").at("user").is_null())
            continue; // the bot
        std::vector<std::string> labels;
        for (const auto& s : p.at("mediaStreams").as_array())
            labels.emplace_back(s.at("label").as_string());
        BOOST_TEST((labels == std::vector<std::string>{"main-audio", "main-video",
                                                       "applicationsharing-video", "data"}),
                   json::serialize(p));
        BOOST_TEST(p.at("info").at("endpointId").is_string());
    }
    // The last human leaves: the meeting ends for the bot with 200/5010.
    BOOST_TEST(client
                   .del("/_mock/calls/" + id + "/participants/" +
                        std::string(joined.json().at("id").as_string()))
                   .status == 204u);
    BOOST_TEST(wait_until([&] {
        auto states = about(bot, "/communications/calls/" + id);
        return !states.empty() && states.back().change == "deleted";
    }));
    const auto ended = about(bot, "/communications/calls/" + id).back();
    BOOST_TEST(ended.data.at("resultInfo").at("code") == 200);
    BOOST_TEST(ended.data.at("resultInfo").at("subcode") == 5010);
}

BOOST_FIXTURE_TEST_CASE(answering_an_incoming_call_sends_established_media_and_roster, BotFixture) {
    BOOST_TEST_REQUIRE(client
                           .post("/_mock/calls/incoming", R"({"id": "in-7",
        "source": {"identity": {"user": {"id": "caller-1"}}, "id": "p-caller"},
        "targets": [{"identity": {"application": {"id": "app-1"}}}],
        "requestedModalities": ["audio"]})")
                           .status == 201u);
    BOOST_TEST_REQUIRE(bot.wait_for(1));
    BOOST_TEST(client
                   .post(calls + "in-7/answer", R"({"acceptedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})")
                   .status == 202u);
    BOOST_TEST_REQUIRE(bot.wait_for(5));
    const auto seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 5u, describe(seen));
    BOOST_TEST(seen[0].change == "created");
    BOOST_TEST(seen[1].data.at("state") == "establishing");
    BOOST_TEST(seen[2].data.at("state") == "established");
    BOOST_TEST(seen[2].data.at("direction") == "incoming");
    BOOST_TEST(seen[3].data.at("mediaState").at("audio") == "active");
    BOOST_TEST(seen[3].data.at("meetingCapability").at("@odata.type") ==
               "#microsoft.graph.meetingCapability");
    BOOST_TEST(seen[3].data.at("coOrganizers").as_array().empty());
    for (std::size_t i = 1; i < 4; ++i)
        BOOST_TEST(seen[i].data.at("callChainId").is_string());
    BOOST_TEST(seen[4].url == "/communications/calls/in-7/participants");
    const auto& roster = seen[4].data.as_array();
    BOOST_TEST_REQUIRE(roster.size() == 2u);
    bool caller = false, app = false;
    for (const auto& p : roster) {
        caller = caller || p.at("id") == "p-caller";
        app = app || p.at("info").at("identity").as_object().contains("application");
    }
    BOOST_TEST(caller);
    BOOST_TEST(app);
}

// A call created through the API on a server told not to send mediaState.
struct CallWithoutMediaState : OneCallFixture {
    CallWithoutMediaState()
        : OneCallFixture({.configure = [](gcm::app::AppConfig& config) {
              config.engine.media_state_notifications = false;
          }}) {}
};

BOOST_FIXTURE_TEST_CASE(media_state_notifications_can_be_turned_off, CallWithoutMediaState) {
    BOOST_TEST_REQUIRE(bot.wait_for(3)); // establishing, established, roster
    BOOST_TEST(client.del(call).status == 204u);
    BOOST_TEST_REQUIRE(bot.wait_for(5));
    for (const auto& s : notifications(bot))
        if (s.data.is_object())
            BOOST_TEST(!s.data.as_object().contains("mediaState"), s.url);
}

// Invitees answer after 20 ms.
struct QuickInvitees : BotFixture {
    QuickInvitees()
        : BotFixture({.configure = [](gcm::app::AppConfig& c) {
              c.engine.default_invitee.after = std::chrono::milliseconds(20);
          }}) {}
};

BOOST_FIXTURE_TEST_CASE(an_invite_completes_before_the_roster_shows_the_invitee, QuickInvitees) {
    auto invite = client.post(calls + group_call + "/participants/invite",
                              R"({"clientContext": "inv", "participants": [{
        "@odata.type": "#microsoft.graph.invitationParticipantInfo",
        "identity": {"user": {"id": "u-new", "displayName": "New"}}, "participantId": "p-new"}]})");
    BOOST_TEST_REQUIRE(invite.status == 200u);
    BOOST_TEST_REQUIRE(bot.wait_for(2));
    const auto seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 2u, describe(seen));
    BOOST_TEST(seen[0].change == "deleted");
    BOOST_TEST(seen[0].data.at("@odata.type") == "#microsoft.graph.inviteParticipantsOperation");
    BOOST_TEST(seen[0].data.at("status") == "Completed");
    BOOST_TEST(seen[0].data.at("clientContext") == "inv");
    BOOST_TEST(seen[1].url == "/communications/calls/" + group_call + "/participants");
    bool shown = false;
    for (const auto& p : seen[1].data.as_array())
        shown = shown || p.at("id") == "p-new";
    BOOST_TEST(shown);
}

BOOST_FIXTURE_TEST_CASE(completions_carry_their_reasons_and_prompts, BotFixture) {
    const std::string prompts = R"([{"@odata.type": "#microsoft.graph.mediaPrompt",
        "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo",
                      "uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r-1"}}])";
    auto played = client.post(calls + hold_call + "/playPrompt",
                              R"({"clientContext": "pp", "prompts": )" + prompts + "}");
    BOOST_TEST_REQUIRE(played.status == 200u);
    const auto done = finished_operation(bot, hold_call, played);
    BOOST_TEST(done.at("status") == "completed");
    BOOST_TEST(done.at("completionReason") == "completedSuccessfully");
    BOOST_TEST(done.at("prompts") == json::parse(prompts));
    BOOST_TEST(done.at("resultInfo").at("code") == 200);

    // A recording: the v1.0 names and those the service's notifications carry.
    auto record = client.post(calls + hold_call + "/recordResponse", R"({"clientContext": "rr"})");
    const auto recorded = finished_operation(bot, hold_call, record);
    BOOST_TEST(recorded.at("recordingLocation").is_string());
    BOOST_TEST(recorded.at("recordResourceLocation") == recorded.at("recordingLocation"));
    BOOST_TEST(recorded.at("recordResourceAccessToken") == recorded.at("recordingAccessToken"));
}

// A prompt that is still playing (it would play for 30 s), cancelled by cancelMediaProcessing.
// (With the quick prompts of config_for, a loaded machine let the prompt finish first.)
// Prompts that play for 30 s.
struct SlowPrompts : BotFixture {
    SlowPrompts()
        : BotFixture({.configure = [](gcm::app::AppConfig& c) {
              c.engine.media_operation = std::chrono::seconds(30);
          }}) {}
};

BOOST_FIXTURE_TEST_CASE(a_cancelled_prompt_says_so, SlowPrompts) {
    auto played = client.post(calls + hold_call + "/playPrompt", R"({"clientContext": "pp2",
        "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
                     "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav"}}]})");
    BOOST_TEST_REQUIRE(played.status == 200u);
    BOOST_TEST(client.post(calls + hold_call + "/cancelMediaProcessing", "{}").status == 200u);
    const auto done = finished_operation(bot, hold_call, played);
    BOOST_TEST(done.at("completionReason") == "stoppedByCancelMediaProcessing");
    BOOST_TEST(done.at("clientContext") == "pp2");
}

BOOST_AUTO_TEST_CASE(the_control_plane_fails_an_operation_as_a_page_shows) {
    auto config = default_config();
    config.engine.media_operation = std::chrono::seconds(30);
    TestServer server(config);
    auto client = server.client();
    auto dtmf = client.post(calls + hold_call + "/sendDtmfTones", R"({"tones": ["tone1"]})");
    const std::string id(dtmf.json().at("id").as_string());
    const std::string fail = "/_mock/calls/" + hold_call + "/operations/" + id + "/fail";
    BOOST_TEST(client.post(fail, R"({"status": "running"})").status == 400u);
    auto failed = client.post(fail, R"({"status": "completed",
        "completionReason": "mediaOperationCanceled",
        "resultInfo": {"code": 400, "subcode": 8508, "message": "cancelled"}})");
    BOOST_TEST_REQUIRE(failed.status == 200u);
    auto op = client.get(calls + hold_call + "/operations/" + id).json();
    BOOST_TEST(op.at("status") == "completed");
    BOOST_TEST(op.at("completionReason") == "mediaOperationCanceled");
    BOOST_TEST(op.at("resultInfo").at("subcode") == 8508);
}

BOOST_FIXTURE_TEST_CASE(content_sharing_sessions_start_change_and_stop, BotFixture) {
    auto created = client.post("/v1.0/communications/calls",
                               create_body(bot.url(), R"(, "callOptions": {"@odata.type":
            "#microsoft.graph.outgoingCallOptions", "isContentSharingNotificationEnabled": true})"));
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.json().at("id").as_string());
    const std::string sessions = "/communications/calls/" + id + "/contentSharingSessions";
    // As the create-call page shows them: the collection's URL, lower case, and an array.
    const std::string notified = "/communications/calls/" + id + "/contentsharingsessions";
    auto started = client.post("/_mock/calls/" + id + "/contentSharingSessions");
    BOOST_TEST_REQUIRE(started.status == 201u);
    const std::string sid(started.json().at("id").as_string());
    BOOST_TEST(sid.size() == 64u);
    auto listed = client.get("/v1.0" + sessions).json().at("value").as_array();
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].at("id") == sid.c_str());
    BOOST_TEST(
        client.request("PATCH", "/_mock/calls/" + id + "/contentSharingSessions/" + sid, "{}")
            .status == 200u);
    BOOST_TEST(client.del("/_mock/calls/" + id + "/contentSharingSessions/" + sid).status == 204u);
    BOOST_TEST(client.get("/v1.0" + sessions).json().at("value").as_array().empty());
    BOOST_TEST(wait_until([&] {
        std::size_t n = 0;
        for (const auto& s : notifications(bot))
            n += s.url == notified ? 1 : 0;
        return n == 3;
    }));
    std::vector<std::string> changes;
    for (const auto& s : notifications(bot))
        if (s.url == notified) {
            changes.push_back(s.change);
            BOOST_TEST_REQUIRE(s.data.as_array().size() == 1u);
            BOOST_TEST(s.data.at(0).at("@odata.type") == "#microsoft.graph.contentSharingSession");
            BOOST_TEST(s.data.at(0).at("id") == sid.c_str());
        }
    BOOST_TEST((changes == std::vector<std::string>{"created", "updated", "deleted"}));
    BOOST_TEST(client.del("/_mock/calls/" + id + "/contentSharingSessions/" + sid).status == 404u);

    // Without the option, the bot is told nothing (the session is still listed).
    auto quiet = client.post("/v1.0/communications/calls", create_body(bot.url()));
    const std::string quiet_id(quiet.json().at("id").as_string());
    BOOST_TEST(client.post("/_mock/calls/" + quiet_id + "/contentSharingSessions").status == 201u);
    BOOST_TEST(client.get(calls + quiet_id + "/contentSharingSessions")
                   .json()
                   .at("value")
                   .as_array()
                   .size() == 1u);
    for (const auto& s : notifications(bot))
        BOOST_TEST(s.url != "/communications/calls/" + quiet_id + "/contentsharingsessions");
}

BOOST_AUTO_TEST_SUITE_END()
