// HTTP: the v1.0 calls API beyond participants — each endpoint's documented request, compared
// structurally with its documented response; the call state machine over real HTTP; and a full
// peer-to-peer call life checked through GET after each step.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "json_shape.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

const std::string group = "57dab8b1-894c-409a-b240-bd8beae78896";

constexpr const char* fixture = R"({"calls": [
  {"id": "57dab8b1-894c-409a-b240-bd8beae78896", "state": "established",
   "callbackUri": "https://bot.contoso.com/callback", "tenantId": "tenant-1",
   "myParticipantId": "bot-1",
   "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
   "chatInfo": {"@odata.type": "#microsoft.graph.chatInfo", "threadId": "19:t@thread.v2"},
   "participants": [
     {"id": "bot-1", "info": {"identity": {"application": {"id": "app-1"}}},
      "mediaStreams": [{"mediaType": "audio", "sourceId": "1", "direction": "sendReceive"}]},
     {"id": "p-alice", "info": {"identity": {"user": {"id": "user-alice"}}}},
     {"id": "p-bob", "info": {"identity": {"user": {"id": "user-bob"}}}}],
   "contentSharingSessions": [{"id": "0f6d9a4c-3a1b-4c5d-8e9f-a0b1c2d3e4f5"}],
   "_mock": {"invitees": {"user-transfer-no": {"reaction": "decline"}}}},
  {"id": "app-hosted", "state": "established", "callbackUri": "https://bot/cb",
   "myParticipantId": "bot-2",
   "mediaConfig": {"@odata.type": "#microsoft.graph.appHostedMediaConfig", "blob": "<blob>"},
   "meetingInfo": {"@odata.type": "#microsoft.graph.organizerMeetingInfo"},
   "participants": [{"id": "bot-2", "info": {"identity": {"application": {"id": "app-1"}}}}]},
  {"id": "incoming-1", "state": "incoming", "direction": "incoming",
   "callbackUri": "https://bot/cb",
   "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}},
  {"id": "incoming-2", "state": "incoming", "direction": "incoming",
   "callbackUri": "https://bot/cb",
   "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}
]})";

gcm::app::AppConfig fast_config() {
    auto config = default_config();
    config.fixture = gcm::wire::parse_fixture(fixture).value();
    auto& e = config.engine;
    e.call_setup = e.call_teardown = e.transfer_step = std::chrono::milliseconds(20);
    e.media_operation = std::chrono::milliseconds(30);
    return config;
}

void check_shape(const HttpResponse& r, unsigned status, const std::string& documented) {
    BOOST_TEST(r.status == status);
    const auto mismatch = shape_mismatch(r.json(), json::parse(documented));
    BOOST_TEST(mismatch.empty(), mismatch << " in " << r.body);
}

std::string state_of(HttpClient& client, const std::string& call) {
    auto r = client.get(calls + call);
    if (r.status == 404)
        return "gone";
    return std::string(r.json().at("state").as_string());
}

std::string operation_status(HttpClient& client, const std::string& call, const json::value& op) {
    auto r = client.get(calls + call + "/operations/" + std::string(op.at("id").as_string()));
    return std::string(r.json().at("status").as_string());
}

std::vector<std::string> journal_states(HttpClient& client, const std::string& call) {
    std::vector<std::string> out;
    const auto journal = client.get("/_mock/journal").json();
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "callStateChanged" && e.at("callId") == call.c_str())
            out.emplace_back(e.at("state").as_string());
    return out;
}

} // namespace

using FastServer = ServerOn<fast_config>;

BOOST_AUTO_TEST_SUITE(call_api)

BOOST_FIXTURE_TEST_CASE(peer_to_peer_call_life, FastServer) {
    auto created = client.post("/v1.0/communications/calls", R"({
  "@odata.type": "#microsoft.graph.call",
  "callbackUri": "https://bot.contoso.com/callback",
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
    "identity": {"@odata.type": "#microsoft.graph.identitySet",
      "user": {"@odata.type": "#microsoft.graph.identity", "displayName": "John",
               "id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"}}}],
  "requestedModalities": ["audio"],
  "callOptions": {"@odata.type": "#microsoft.graph.outgoingCallOptions",
                  "isContentSharingNotificationEnabled": true},
  "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}
})");
    check_shape(created, 201, R"({
  "@odata.type": "#microsoft.graph.call", "state": "establishing", "direction": "outgoing",
  "callbackUri": "https://bot.contoso.com/callback", "callChainId": "<uuid>",
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
    "identity": {"@odata.type": "#microsoft.graph.identitySet",
      "user": {"@odata.type": "#microsoft.graph.identity", "displayName": "John",
               "id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"}}}],
  "requestedModalities": ["audio"],
  "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
  "myParticipantId": "<uuid>", "id": "<uuid>", "subject": null, "mediaState": null,
  "resultInfo": null, "chatInfo": null, "meetingInfo": null, "transcription": null,
  "toneInfo": null})");
    const std::string id(created.json().at("id").as_string());
    BOOST_TEST(created.header("location") == "http://127.0.0.1:" + std::to_string(server.port()) +
                                                 calls.substr(0, calls.size() - 1) + "/" + id);

    BOOST_TEST(wait_until([&] { return state_of(client, id) == "established"; }));
    BOOST_TEST(client.get(calls + id + "/participants").json().at("value").as_array().size() == 2u);

    auto prompt = client.post(calls + id + "/playPrompt", R"({
  "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
  "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
    "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo",
                  "uri": "https://cdn.contoso.com/beep.wav",
                  "resourceId": "1D6DE2D4-CD51-4309-8DAA-70768651088E"}}]})");
    check_shape(prompt, 200, R"({"@odata.type": "#microsoft.graph.playPromptOperation",
        "id": "<uuid>", "status": "running",
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    BOOST_TEST(
        wait_until([&] { return operation_status(client, id, prompt.json()) == "completed"; }));
    auto done =
        client.get(calls + id + "/operations/" + std::string(prompt.json().at("id").as_string()));
    BOOST_TEST(done.json().at("resultInfo").at("code") == 200);

    auto transfer = client.post(calls + id + "/transfer", R"({
  "transferTarget": {"endpointType": "default",
    "identity": {"user": {"id": "550fae72-d251-43ec-868c-373732c2704f",
                          "displayName": "Heidi Steen"}},
    "languageId": "languageId-value", "region": "region-value"},
  "clientContext": "9e90d1c1-f61e-43e7-9f75-d420159aae08"})");
    BOOST_TEST(transfer.status == 202u);
    BOOST_TEST(transfer.body.empty());
    BOOST_TEST(wait_until([&] { return state_of(client, id) == "gone"; }));
    const std::vector<std::string> expected = {"establishing", "established", "transferring",
                                               "transferAccepted", "terminated"};
    BOOST_TEST(journal_states(client, id) == expected, boost::test_tools::per_element());
    BOOST_TEST(client.post(calls + id + "/keepAlive").json().at("error").at("code") == "8522");
}

BOOST_FIXTURE_TEST_CASE(incoming_calls_are_answered_rejected_or_redirected, FastServer) {
    auto answered = client.post(calls + "incoming-1/answer", R"({
  "callbackUri": "https://bot.contoso.com/api/calls",
  "acceptedModalities": ["audio"],
  "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig",
    "preFetchMedia": [{"uri": "https://cdn.contoso.com/beep.wav",
                       "resourceId": "f8971b04-b53e-418c-9222-c82ce681a582"}]}})");
    BOOST_TEST(answered.status == 202u);
    BOOST_TEST(answered.body.empty());
    BOOST_TEST(wait_until([&] { return state_of(client, "incoming-1") == "established"; }));
    // Answering twice is not allowed, and changes nothing.
    auto again = client.post(calls + "incoming-1/answer",
                             R"({"acceptedModalities": ["audio"],
                                 "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})");
    BOOST_TEST(again.status == 400u);
    BOOST_TEST(state_of(client, "incoming-1") == "established");

    auto bad_timeout = client.post(calls + "incoming-2/redirect",
                                   R"({"targets": [{"identity": {"user": {"id": "u"}}}],
                                       "timeout": 10})");
    BOOST_TEST(bad_timeout.status == 400u);
    BOOST_TEST(bad_timeout.json().at("error").at("message").as_string().find("timeout") !=
               std::string::npos);
    auto redirected = client.post(calls + "incoming-2/redirect", R"({
  "targets": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
    "identity": {"@odata.type": "#microsoft.graph.identitySet",
      "user": {"@odata.type": "#microsoft.graph.identity", "displayName": "test bot",
               "id": "8d1e6ab4-7a0d-4ee2-8a0b-1b4b1b9f1c3d"}}}],
  "callbackUri": "https://bot.contoso.com/api/calls", "timeout": 60})");
    BOOST_TEST(redirected.status == 202u);
    BOOST_TEST(wait_until([&] { return state_of(client, "incoming-2") == "gone"; }));

    auto rejected = client.post(calls + "incoming-1/reject", R"({"reason": "busy"})");
    BOOST_TEST(rejected.status == 400u); // it is established by now
    client.request("PUT", "/_mock/fixtures", fixture);
    BOOST_TEST(client.post(calls + "incoming-1/reject", R"({"reason": "none"})").status == 202u);
    BOOST_TEST(state_of(client, "incoming-1") == "gone");
    BOOST_TEST(client.post(calls + "incoming-2/reject", R"({"reason": "later"})").status == 400u);
}

BOOST_FIXTURE_TEST_CASE(hang_up_and_failed_transfer, FastServer) {
    auto failing = client.post(calls + group + "/transfer", R"({
  "transferTarget": {"identity": {"user": {"id": "user-transfer-no"}}},
  "transferee": {"identity": {"user": {"id": "user-alice"}}, "participantId": "p-alice"}})");
    BOOST_TEST(failing.status == 202u);
    BOOST_TEST(wait_until([&] {
        auto call = client.get(calls + group).json();
        return call.at("state") == "established" && !call.at("resultInfo").is_null();
    }));
    auto call = client.get(calls + group).json();
    BOOST_TEST(call.at("resultInfo").at("code") == 500);
    BOOST_TEST(call.at("resultInfo").at("subcode") == 7000);
    // A group call needs a transferee.
    BOOST_TEST(client
                   .post(calls + group + "/transfer",
                         R"({"transferTarget": {"identity": {"user": {"id": "u"}}}})")
                   .status == 400u);

    BOOST_TEST(client.post(calls + group + "/keepAlive").status == 200u);
    auto deleted = client.del(calls + group);
    BOOST_TEST(deleted.status == 204u);
    BOOST_TEST(deleted.body.empty());
    BOOST_TEST(wait_until([&] { return state_of(client, group) == "gone"; }));
    const auto journal = client.get("/_mock/journal").json();
    bool ended = false;
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "callStateChanged" && e.at("state") == "terminated")
            ended = e.at("resultInfo").at("subcode") == 5001;
    BOOST_TEST(ended);
}

BOOST_AUTO_TEST_CASE(keep_alive_window_ends_idle_calls) {
    auto config = fast_config();
    config.engine.keepalive_window = std::chrono::milliseconds(150);
    TestServer server(config);
    auto client = server.client();
    BOOST_TEST(wait_until([&] { return state_of(client, "app-hosted") == "gone"; }));
    const auto journal = client.get("/_mock/journal").json();
    bool timed_out = false;
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "callStateChanged" && e.at("callId") == "app-hosted")
            timed_out =
                e.at("resultInfo").at("code") == 408 && e.at("resultInfo").at("subcode") == 8537;
    BOOST_TEST(timed_out);
}

BOOST_FIXTURE_TEST_CASE(call_operations_answer_as_documented, FastServer) {
    const auto base = calls + group;
    auto mute = client.post(base + "/mute", R"({"clientContext": "clientContext-value"})");
    check_shape(mute, 200,
                R"({"@odata.type": "#microsoft.graph.muteParticipantOperation",
        "@odata.context": ")" +
                    std::string("http://127.0.0.1:") + std::to_string(server.port()) +
                    R"(/v1.0/$metadata#muteParticipantOperation",
        "id": "<uuid>", "status": "completed", "clientContext": "clientContext-value"})");
    BOOST_TEST(mute.header("location")
                   .ends_with("/operations/" + std::string(mute.json().at("id").as_string())));
    BOOST_TEST(client.get(base + "/participants/bot-1").json().at("isMuted") == true);
    check_shape(client.post(base + "/unmute", R"({"clientContext": "clientContext-value"})"), 200,
                R"({"@odata.type": "#microsoft.graph.unmuteParticipantOperation",
                    "status": "completed", "clientContext": "clientContext-value"})");
    BOOST_TEST(client.get(base + "/participants/bot-1").json().at("isMuted") == false);

    // The page's example, its stop tones given: it starts running.
    const auto record_with = [&](const std::string& stop_tones) {
        auto r = client.post(base + "/recordResponse", R"({
  "bargeInAllowed": true, "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
  "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
    "mediaInfo": {"@odata.type": "#microsoft.graph.mediaInfo",
                  "uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r"}}],
  "maxRecordDurationInSeconds": 10, "initialSilenceTimeoutInSeconds": 5,
  "maxSilenceTimeoutInSeconds": 2, "playBeep": true, "stopTones": )" +
                                                           stop_tones + "}");
        check_shape(r, 200, R"({"@odata.type": "#microsoft.graph.recordOperation",
        "id": "<uuid>", "status": "running", "resultInfo": null, "recordingLocation": null,
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
        return r;
    };
    // The page's own example: keypad keys, beside the enum's names (pound, tone1, star).
    auto record = record_with(R"(["#", "1", "*"])");
    BOOST_TEST(client.post(base + "/recordResponse", R"({"stopTones": ["#", "E"]})").status ==
               400u);
    BOOST_TEST(client.post(base + "/recordResponse", R"({"stopTones": ["##"]})").status == 400u);
    record = record_with(R"(["pound", "tone1", "star"])");
    BOOST_TEST(
        wait_until([&] { return operation_status(client, group, record.json()) == "completed"; }));
    auto recorded =
        client.get(base + "/operations/" + std::string(record.json().at("id").as_string())).json();
    BOOST_TEST(recorded.at("recordingLocation").as_string().starts_with("https://"));
    BOOST_TEST(recorded.at("recordingAccessToken").is_string());

    check_shape(
        client.post(base + "/subscribeToTone", R"({"clientContext": "clientContext-value"})"), 200,
        R"({"@odata.type": "#microsoft.graph.subscribeToToneOperation",
                         "clientContext": "clientContext-value", "id": "<uuid>",
                         "status": "completed"})");
    auto dtmf = client.post(base + "/sendDtmfTones", R"({
  "tones": ["tone1", "tone2", "tone3", "pound"], "delayBetweenTonesMs": 5,
  "clientContext": "e0be71f1-a14f-4cec-b65a-e7aba5db7c53"})");
    check_shape(dtmf, 200, R"({"@odata.type": "#microsoft.graph.sendDtmfTonesOperation",
        "status": "running", "clientContext": "e0be71f1-a14f-4cec-b65a-e7aba5db7c53",
        "id": "<uuid>"})");
    BOOST_TEST(
        wait_until([&] { return operation_status(client, group, dtmf.json()) == "completed"; }));
    check_shape(
        client.post(base + "/updateRecordingStatus",
                    R"({"clientContext": "clientContext-value", "status": "notRecording"})"),
        200, R"({"@odata.type": "#microsoft.graph.updateRecordingStatusOperation",
                         "clientContext": "clientContext-value", "id": "<uuid>",
                         "resultInfo": null, "status": "completed"})");
    auto gallery = client.post(base + "/addLargeGalleryView",
                               R"({"clientContext": "785f4929-92ca-497b-863f-c778c77c9758"})");
    check_shape(gallery, 202, R"({"@odata.type": "#microsoft.graph.addLargeGalleryViewOperation",
        "clientContext": "785f4929-92ca-497b-863f-c778c77c9758", "id": "<uuid>",
        "resultInfo": null, "status": "running"})");
    BOOST_TEST(gallery.has_header("location"));
    BOOST_TEST(
        wait_until([&] { return operation_status(client, group, gallery.json()) == "completed"; }));

    auto all = client.get(base + "/operations").json().at("value").as_array();
    BOOST_TEST(all.size() == 8u);
}

// Apart, with prompts that would play for 30 s: with the quick ones above, a loaded machine
// let the prompt finish before the cancel arrived.
BOOST_AUTO_TEST_CASE(cancel_media_processing_answers_as_documented) {
    auto config = fast_config();
    config.engine.media_operation = std::chrono::seconds(30);
    TestServer server(config);
    auto client = server.client();
    const auto base = calls + group;
    auto prompt =
        client.post(base + "/playPrompt", R"({"prompts": [{"mediaInfo": {"uri": "x"}}]})");
    auto cancel = client.post(base + "/cancelMediaProcessing",
                              R"({"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    check_shape(cancel, 200, R"({"@odata.type": "#microsoft.graph.cancelMediaProcessingOperation",
        "status": "completed", "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "id": "<uuid>"})");
    auto cancelled =
        client.get(base + "/operations/" + std::string(prompt.json().at("id").as_string())).json();
    BOOST_TEST(cancelled.at("status") == "failed");
    BOOST_TEST(cancelled.at("resultInfo").at("subcode") == 8508);
}

BOOST_FIXTURE_TEST_CASE(screen_sharing_and_media_hosting_rules, FastServer) {
    auto role = client.post(calls + "app-hosted/changeScreenSharingRole", R"({"role": "sharer"})");
    BOOST_TEST(role.status == 202u);
    BOOST_TEST(role.body.empty());
    auto bot = client.get(calls + "app-hosted/participants/bot-2").json();
    bool sharing = false;
    for (const auto& s : bot.at("mediaStreams").as_array())
        sharing = sharing || (s.at("mediaType") == "videoBasedScreenSharing" &&
                              s.at("direction") == "sendOnly");
    BOOST_TEST(sharing);
    BOOST_TEST(
        client.post(calls + "app-hosted/changeScreenSharingRole", R"({"role": "owner"})").status ==
        400u);
    // Prompts need service-hosted media.
    auto prompt = client.post(calls + "app-hosted/playPrompt",
                              R"({"prompts": [{"mediaInfo": {"uri": "x"}}]})");
    BOOST_TEST(prompt.status == 400u);
}

BOOST_FIXTURE_TEST_CASE(audio_routing_groups_and_content_sharing_sessions, FastServer) {
    const auto groups = calls + group + "/audioRoutingGroups";
    auto created = client.post(groups, R"({"id": "oneToOne", "routingMode": "oneToOne",
        "sources": ["p-alice"], "receivers": ["p-bob"]})");
    check_shape(created, 200, R"({"id": "oneToOne", "routingMode": "oneToOne",
        "sources": ["p-alice"], "receivers": ["p-bob"]})");
    BOOST_TEST(client.get(groups).json().at("value").as_array().size() == 1u);
    BOOST_TEST(client.get(groups + "/oneToOne").json().at("routingMode") == "oneToOne");
    auto patched =
        client.request("PATCH", groups + "/oneToOne", R"({"receivers": ["p-bob", "bot-1"]})");
    check_shape(patched, 200, R"({"id": "oneToOne", "receivers": ["p-bob", "bot-1"]})");
    BOOST_TEST(client
                   .post(groups, R"({"routingMode": "multicast", "sources": ["ghost"],
                                      "receivers": []})")
                   .status == 400u);
    BOOST_TEST(client.del(groups + "/oneToOne").status == 204u);
    BOOST_TEST(client.get(groups + "/oneToOne").status == 404u);

    const auto sessions = calls + group + "/contentSharingSessions";
    auto list = client.get(sessions).json();
    BOOST_TEST(list.at("value").at(0).at("@odata.type") ==
               "#microsoft.graph.contentSharingSession");
    BOOST_TEST(list.at("@odata.context").as_string().ends_with("/contentSharingSessions"));
    BOOST_TEST(client.get(sessions + "/0f6d9a4c-3a1b-4c5d-8e9f-a0b1c2d3e4f5").status == 200u);
    BOOST_TEST(client.get(sessions + "/nope").status == 404u);
}

BOOST_FIXTURE_TEST_CASE(log_teleconference_device_quality_and_beta_actions, FastServer) {
    auto logged = client.post("/v1.0/communications/calls/logTeleconferenceDeviceQuality", R"({
  "quality": {"@odata.type": "#microsoft.graph.teleconferenceDeviceQuality",
    "callChainId": "0622673d-9f69-49b3-9d4f-5ec64f2ecbbe", "participantId": "p",
    "mediaLegId": "bd9ee398-4b9d-42c7-8b8d-4e8efad9435f",
    "deviceName": "TestDevice", "deviceDescription": "TestDescription",
    "mediaQualityList": []}})");
    BOOST_TEST(logged.status == 200u);
    BOOST_TEST(logged.body.empty());
    BOOST_TEST(
        client.post("/v1.0/communications/calls/logTeleconferenceDeviceQuality", "{}").status ==
        400u);

    auto muted = client.post("/beta/communications/calls/" + group + "/participants/muteAll",
                             R"({"participants": ["p-alice"], "clientContext": "c"})");
    BOOST_TEST(muted.status == 200u);
    BOOST_TEST(muted.json().at("@odata.type") == "#microsoft.graph.commsOperation");
    BOOST_TEST(client.get(calls + group + "/participants/p-alice").json().at("isMuted") == true);
    BOOST_TEST(client.get(calls + group + "/participants/p-bob").json().at("isMuted") == false);
    auto mixer = client.post("/beta/communications/calls/" + group + "/participants/configureMixer",
                             R"({"participantMixerLevels": [], "clientContext": "c"})");
    BOOST_TEST(mixer.status == 200u);
    BOOST_TEST(mixer.json().at("status") == "running");
    // Beta-only actions are not part of v1.0.
    BOOST_TEST(client.post(calls + group + "/participants/configureMixer", "{}").status != 200u);
}

BOOST_FIXTURE_TEST_CASE(documented_limits_are_enforced_field_by_field, FastServer) {
    const auto before = server.state_snapshot();
    std::string many_prompts = R"({"prompts": [)";
    for (int i = 0; i < 21; ++i)
        many_prompts += std::string(i ? "," : "") + R"({"mediaInfo": {"uri": "x"}})";
    many_prompts += "]}";
    std::string six_invitees = R"({"participants": [)";
    for (int i = 0; i < 6; ++i)
        six_invitees += std::string(i ? "," : "") + R"({"identity": {"user": {"id": "u)" +
                        std::to_string(i) + R"("}}})";
    six_invitees += "]}";
    struct Row {
        std::string target;
        std::string body;
        std::string field;
    };
    const std::vector<Row> rows = {
        {calls + group + "/playPrompt", many_prompts, "prompts"},
        {calls + group + "/playPrompt", "{}", "prompts"},
        {calls + group + "/recordResponse", R"({"maxRecordDurationInSeconds": 121})",
         "maxRecordDurationInSeconds"},
        {calls + group + "/recordResponse", R"({"prompts": [{}, {}]})", "prompts"},
        {calls + group + "/sendDtmfTones", R"({"tones": ["tone1", "beep"]})", "tones[1]"},
        {calls + group + "/updateRecordingStatus", R"({"status": "paused"})", "status"},
        {calls + group + "/participants/invite", six_invitees, "participants"},
        {calls + "incoming-1/redirect", R"({"targets": [], "timeout": 30})", "targets"},
        {calls + "incoming-1/redirect",
         R"({"targets": [{"identity": {"user": {"id": "u"}}}], "timeout": 91})", "timeout"},
        {calls + "incoming-1/answer",
         R"({"mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})",
         "acceptedModalities"},
        {calls + "incoming-1/answer", R"({"acceptedModalities": ["audio"]})", "mediaConfig"},
        {"/v1.0/communications/calls", R"({"requestedModalities": ["audio"],
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
            "targets": [{"identity": {"user": {"id": "u"}}}]})",
         "callbackUri"},
        {"/v1.0/communications/calls", R"({"callbackUri": "https://b/cb",
            "requestedModalities": ["audio"],
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})",
         "targets"},
        {"/v1.0/communications/calls", R"({"callbackUri": "https://b/cb",
            "requestedModalities": ["smell"], "targets": [{"identity": {"user": {"id": "u"}}}],
            "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})",
         "requestedModalities[0]"},
        {calls + group + "/transfer", R"({"clientContext": "c"})", "transferTarget"},
        {calls + group + "/mute", "{\"clientContext\": \"" + std::string(257, 'x') + "\"}",
         "clientContext"},
    };
    for (const auto& row : rows) {
        BOOST_TEST_CONTEXT(row.target << " " << row.field) {
            auto r = client.post(row.target, row.body);
            BOOST_TEST(r.status == 400u);
            const std::string message(r.json().at("error").at("message").as_string());
            BOOST_TEST(message.find("'" + row.field + "'") != std::string::npos, message);
            BOOST_TEST((server.state_snapshot() == before));
        }
    }
}

BOOST_FIXTURE_TEST_CASE(every_action_on_an_ended_call_is_call_not_found, FastServer) {
    BOOST_TEST(client.post(calls + "incoming-1/reject").status == 202u);
    // Valid requests: only the call's being gone is wrong with them.
    const std::vector<std::tuple<std::string, std::string, std::string>> actions = {
        {"POST", "/answer",
         R"({"acceptedModalities": ["audio"],
             "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})"},
        {"POST", "/keepAlive", ""},
        {"POST", "/mute", "{}"},
        {"POST", "/playPrompt", R"({"prompts": [{"mediaInfo": {"uri": "x"}}]})"},
        {"POST", "/subscribeToTone", "{}"},
        {"DELETE", "", ""},
        {"GET", "", ""},
        {"GET", "/participants", ""},
        {"POST", "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": "u"}}}]})"},
        {"GET", "/audioRoutingGroups", ""},
    };
    for (const auto& [method, suffix, body] : actions) {
        BOOST_TEST_CONTEXT(method << " " << suffix) {
            auto r = client.request(method, calls + "incoming-1" + suffix, body);
            BOOST_TEST(r.status == 404u);
            BOOST_TEST(r.json().at("error").at("code") == "8522");
            BOOST_TEST(r.json().at("error").at("message") == "Call not found.");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
