// HTTP: input that is wrong but looked acceptable (numbers beyond a double, ids that are paths,
// URLs that are not, repeated enums, an overflowing token lifetime, a media type that only starts
// like JSON) is refused with 400 naming the field, and changes nothing.
#include "fixtures.hpp"
#include "receiver.hpp"
#include "refusals.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm::test;

namespace {
const std::string calls = "/v1.0/communications/calls";
const std::string call = calls + "/112f7296-5fa4-42ca-bae8-6a692b15d4b8";

std::string create_body(const std::string& extra = "",
                        const std::string& callback = "https://bot.example/callback",
                        const std::string& modalities = R"(["audio"])") {
    return create_call_body({.callback = callback,
                             .modalities = modalities,
                             .targets = documented_targets,
                             .tenant = "",
                             .extra = extra});
}

std::string invite_body(const std::string& invitee_members) {
    return R"({"participants": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
        "identity": {"user": {"id": "278405a3-f568-4b3e-b684-009193463064"}}, )" +
           invitee_members + "}]}";
}

// Checks each row's refusal on a fresh server (see check_refused).
void check_refused(const std::vector<Refusal>& table) {
    TestServer server;
    gcm::test::check_refused(server, table);
}
} // namespace

BOOST_AUTO_TEST_SUITE(input_validation)

// Boost.JSON reads 1e999 as infinity, which the encoders cannot write back: the call it made
// answered 500, and so did its GET and the namespace's export, until a reset.
BOOST_AUTO_TEST_CASE(numbers_beyond_a_double_are_refused_and_change_nothing) {
    const std::string fault = R"({"for": "POST /v1.0/communications/calls",
        "respond": {"status": 503, "body": {"retryIn": 1e999}}})";
    check_refused({
        {"create with subject 1e999",
         "POST",
         calls,
         create_body(R"(, "subject": 1e999)"),
         {},
         400,
         "'subject'"},
        {"create with subject -1e999",
         "POST",
         calls,
         create_body(R"(, "subject": -1e999)"),
         {},
         400,
         "'subject'"},
        {"create with 1e999 deep in a passthrough object",
         "POST",
         calls,
         create_body(R"(, "customData": {"a": [1, {"b": 1e999}]})"),
         {},
         400,
         "'customData.a[1].b'"},
        {"invite with 1e999 in an identity",
         "POST",
         call + "/participants/invite",
         invite_body(R"("extra": {"n": 2e400})"),
         {},
         400,
         "participants[0].extra.n"},
        {"fixture with 1e999",
         "PUT",
         "/_mock/fixtures",
         R"({"calls": [{"id": "c1", "state": "established", "weight": 1e999}]})",
         {},
         400,
         "$.calls[0].weight"},
        {"fault rule with 1e999", "POST", "/_mock/faults", fault, {}, 400, "retryIn"},
    });
    // What is within range is kept as sent.
    TestServer server;
    auto created = server.client().post(calls, create_body(R"(, "subject": 1.5e300)"));
    BOOST_TEST_REQUIRE(created.status == 201u);
    BOOST_TEST(created.json().at("subject").as_double() == 1.5e300);
    BOOST_TEST(server.state_snapshot().at("calls").as_array().size() > 0u);
}

BOOST_AUTO_TEST_CASE(wrong_values_are_refused_with_400_naming_the_field) {
    const std::string prompt = call + "/playPrompt";
    check_refused({
        {"replacesCallId of the wrong type",
         "POST",
         call + "/participants/invite",
         invite_body(R"("replacesCallId": 5)"),
         {},
         400,
         "replacesCallId"},
        {"mediaInfo.uri of the wrong type",
         "POST",
         prompt,
         R"({"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
                          "mediaInfo": {"uri": 5}}]})",
         {},
         400,
         "prompts[0].mediaInfo.uri"},
        {"hold music's mediaInfo.uri of the wrong type",
         "POST",
         call + "/participants/a7ebfb2d-871e-419c-87af-27290b22e8db/startHoldMusic",
         R"({"customPrompt": {"mediaInfo": {"uri": 5}}})",
         {},
         400,
         "customPrompt.mediaInfo.uri"},
        {"a media type that only starts like JSON",
         "POST",
         prompt,
         R"({"prompts": [{"mediaInfo": {"uri": "x"}}]})",
         {{"Content-Type", "application/jsonx"}},
         415,
         "application/json"},
        {"a participantId that is a path",
         "POST",
         call + "/participants/invite",
         invite_body(R"("participantId": "../../x")"),
         {},
         400,
         "participants[0].participantId"},
        {"a NUL in a user id",
         "POST",
         call + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": "a\u0000b"}}}]})",
         {},
         400,
         "participants[0].identity.user.id"},
        {"an id over 256 characters",
         "POST",
         call + "/participants/invite",
         R"({"participants": [{"identity": {"user": {"id": ")" + std::string(257, 'u') +
             R"("}}}]})",
         {},
         400,
         "participants[0].identity.user.id"},
        {"5,000 requestedModalities",
         "POST",
         calls,
         create_body("", "https://bot.example/callback",
                     [] {
                         std::string many = "[\"audio\"";
                         for (int i = 1; i < 5000; ++i)
                             many += ", \"audio\"";
                         return many + "]";
                     }()),
         {},
         400,
         "requestedModalities[1]"},
        {"a modality twice, in another case",
         "POST",
         calls,
         create_body("", "https://bot.example/callback", R"(["audio", "Audio"])"),
         {},
         400,
         "requestedModalities[1]"},
        {"a callbackUri that is no URL",
         "POST",
         calls,
         create_body("", "https://exa mple/callback"),
         {},
         400,
         "callbackUri"},
        {"a callbackUri without a host",
         "POST",
         calls,
         create_body("", "http://"),
         {},
         400,
         "callbackUri"},
        {"a callbackUri of another scheme",
         "POST",
         calls,
         create_body("", "ftp://bot.example/callback"),
         {},
         400,
         "callbackUri"},
        {"an incoming call's callbackUri that is no URL",
         "POST",
         "/_mock/calls/incoming",
         R"({"callbackUri": "callback"})",
         {},
         400,
         "callbackUri"},
        {"a token lifetime that overflows",
         "POST",
         "/_mock/tokens",
         R"({"lifetimeSeconds": 9223372036854775807})",
         {},
         400,
         "lifetimeSeconds"},
        {"a token lifetime over a day",
         "POST",
         "/_mock/tokens",
         R"({"lifetimeSeconds": 86401})",
         {},
         400,
         "lifetimeSeconds"},
    });
}

BOOST_FIXTURE_TEST_CASE(what_is_right_stays_accepted, ServerFixture) {
    BOOST_TEST(client
                   .request("POST", calls, create_body(),
                            {{"Content-Type", "Application/JSON ; charset=utf-8"}})
                   .status == 201u);
    BOOST_TEST(client.post(calls, create_body("", "http://localhost:3978/api/calls?x=1")).status ==
               201u);
    BOOST_TEST(
        client.post(calls, create_body("", "https://bot.example/callback", R"(["audio", "video"])"))
            .status == 201u);
    BOOST_TEST(client
                   .post(call + "/participants/invite",
                         invite_body(R"("participantId": "8:orgid:2b1c+x@contoso.com")"))
                   .status == 200u);
    BOOST_TEST(client.post("/_mock/tokens", R"({"lifetimeSeconds": -60})").status == 200u);
    BOOST_TEST(client.post("/_mock/tokens", R"({"lifetimeSeconds": 86400})").status == 200u);
}

// A call rung with no URL to notify would ring unseen until it timed out.
BOOST_AUTO_TEST_CASE(an_incoming_call_nobody_would_hear_of_is_refused) {
    auto config = default_config();
    config.notifications = true;
    TestServer server(config);
    auto client = server.client();
    const auto before = server.state_snapshot();
    const std::string ring =
        R"({"targets": [{"identity": {"application": {"id": "app-1"}}}],
            "source": {"identity": {"user": {"id": "caller-1"}}}})";
    auto refused = client.post("/_mock/calls/incoming", ring);
    BOOST_TEST(refused.status == 400u);
    const std::string message(refused.json().at("error").at("message").as_string());
    BOOST_TEST(message.find("callbackUri") != std::string::npos, message);
    BOOST_TEST(message.find("--default-callback-uri") != std::string::npos, message);
    BOOST_TEST((server.state_snapshot() == before));

    // Told where to call back, the bot hears of it.
    Receiver bot;
    auto rung = client.post("/_mock/calls/incoming",
                            R"({"callbackUri": ")" + bot.url() + R"(", )" + ring.substr(1));
    BOOST_TEST(rung.status == 201u);
    BOOST_TEST(bot.wait_for(1));
}

BOOST_AUTO_TEST_CASE(with_a_default_callback_uri_an_incoming_call_needs_none) {
    Receiver bot;
    auto config = default_config();
    config.notifications = true;
    config.default_callback_uri = bot.url();
    TestServer server(config);
    auto rung = server.client().post("/_mock/calls/incoming", "{}");
    BOOST_TEST(rung.status == 201u);
    BOOST_TEST(bot.wait_for(1));
}

BOOST_AUTO_TEST_SUITE_END()
