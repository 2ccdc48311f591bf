// HTTP: notifications to a real receiver on loopback — the documented sequence and shapes per
// action, tokens that verify against the published JWKS, retries, a dead bot that does not slow
// the API, and the simulated people of the control plane.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "gcm/app/application.hpp"
#include "jwt_check.hpp"
#include "receiver.hpp"
#include "seen.hpp"
#include "test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

BOOST_AUTO_TEST_SUITE(notifications_to_the_bot)

BOOST_FIXTURE_TEST_CASE(start_hold_music_then_the_operation_completes, BotFixture) {
    auto r = client.post(calls + group_call + "/participants/" + member + "/startHoldMusic",
                         R"({"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"})");
    BOOST_TEST_REQUIRE(r.status == 202u);
    const std::string op(r.json().at("id").as_string());
    BOOST_TEST_REQUIRE(bot.wait_for(2));
    const auto seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 2u, describe(seen));
    BOOST_TEST(seen[0].change == "updated");
    BOOST_TEST(seen[0].url == "/communications/calls/" + group_call + "/participants");
    BOOST_TEST(seen[0].data.is_array()); // the full roster
    BOOST_TEST(seen[1].change == "deleted");
    BOOST_TEST(seen[1].url == "/communications/calls/" + group_call + "/operations/" + op);
    BOOST_TEST(seen[1].data.at("@odata.type") == "#microsoft.graph.startHoldMusicOperation");
    BOOST_TEST(seen[1].data.at("@odata.id") == seen[1].url.c_str());
    BOOST_TEST(seen[1].data.at("status") == "completed");
    BOOST_TEST(seen[1].data.at("clientContext") == "d45324c1-fcb5-430a-902c-f20af696537c");
    const auto first = bot.received().front();
    // The token is reused while it is young (signing RSA per notification would be slow).
    BOOST_TEST(first.headers.at("authorization") ==
               bot.received().back().headers.at("authorization"));
    BOOST_TEST(first.target == "/api/calls");
    BOOST_TEST(first.headers.at("content-type") == "application/json");
    BOOST_TEST(first.headers.at("authorization").starts_with("Bearer "));
}

BOOST_FIXTURE_TEST_CASE(the_seed_invite_then_cancel_ends_with_a_failed_operation, BotFixture) {
    BOOST_TEST(client.del(calls + group_call + "/participants/" + member).status == 204u);
    auto invited = client.post(calls + group_call + "/participants/invite", R"({
        "participants": [{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
          "identity": {"@odata.type": "#microsoft.graph.identitySet",
            "user": {"@odata.type": "#microsoft.graph.identity",
                     "id": "278405a3-f568-4b3e-b684-009193463064", "identityProvider": "AAD"}},
          "participantId": "a7ebfb2d-871e-419c-87af-27290b22e8db"}],
        "clientContext": "f2fa86af-3c51-4bc2-8fc0-475452d9764f"})");
    const std::string op(invited.json().at("id").as_string());
    BOOST_TEST(client.del(calls + group_call + "/participants/" + member).status == 204u);
    BOOST_TEST_REQUIRE(bot.wait_for(2));
    const auto seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 2u, describe(seen));
    BOOST_TEST(seen[0].url == "/communications/calls/" + group_call + "/participants");
    for (const auto& p : seen[0].data.as_array())
        BOOST_TEST(p.at("id") != member.c_str()); // they left the roster
    BOOST_TEST(seen[1].change == "deleted");
    BOOST_TEST(seen[1].data.at("@odata.type") == "#microsoft.graph.inviteParticipantsOperation");
    BOOST_TEST(seen[1].data.at("status") == "Failed"); // the invite's casing: "Running"
    BOOST_TEST(seen[1].data.at("resultInfo").at("code") == 487);
    BOOST_TEST(seen[1].data.at("clientContext") == "f2fa86af-3c51-4bc2-8fc0-475452d9764f");
    BOOST_TEST(seen[1].url.ends_with("/operations/" + op));
}

BOOST_FIXTURE_TEST_CASE(a_created_call_is_notified_establishing_established_then_ended,
                        BotFixture) {
    auto created = client.post("/v1.0/communications/calls", R"({
        "callbackUri": ")" + bot.url() + R"(", "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
        "source": {"identity": {"application": {"id": "2891555a-92ff-42e6-80fa-6e1300c6b5c6"}}},
        "targets": [{"identity": {"user": {"id": "u-1"}}}], "tenantId": "tenant-x"})");
    const std::string id(created.json().at("id").as_string());
    // establishing, established, the media connecting, the roster (the bot and the callee).
    BOOST_TEST_REQUIRE(bot.wait_for(4));
    BOOST_TEST(client.del(calls + id).status == 204u);
    BOOST_TEST_REQUIRE(bot.wait_for(6));
    const auto seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 6u, describe(seen));
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"updated", "establishing"}, {"updated", "established"}, {"updated", "established"},
        {"updated", "roster"},       {"updated", "terminating"}, {"deleted", "terminated"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        BOOST_TEST_CONTEXT(i) {
            BOOST_TEST(seen[i].change == expected[i].first);
            if (expected[i].second == "roster") {
                BOOST_TEST(seen[i].url == "/communications/calls/" + id + "/participants");
                BOOST_TEST(seen[i].data.as_array().size() == 2u);
                continue;
            }
            BOOST_TEST(seen[i].data.at("state") == expected[i].second.c_str());
            BOOST_TEST(seen[i].url == "/communications/calls/" + id);
            BOOST_TEST(seen[i].data.at("@odata.type") == "#microsoft.graph.call");
            BOOST_TEST(seen[i].data.at("callChainId").is_string());
        }
    }
    BOOST_TEST(seen[1].data.at("direction") == "outgoing"); // only the first established
    BOOST_TEST(!seen[2].data.as_object().contains("direction"));
    BOOST_TEST(seen[2].data.at("mediaState").at("audio") == "active");
    BOOST_TEST(seen[5].data.at("mediaState").at("audio") == "active"); // the end carries it too
    BOOST_TEST(seen[5].data.at("resultInfo").at("subcode") == 5001);

    // The token is for this bot and tenant, and verifies with the published keys.
    auto config = client.get("/_mock/.well-known/openid-configuration").json();
    BOOST_TEST(config.at("issuer") == "https://api.botframework.com");
    const std::string jwks_uri(config.at("jwks_uri").as_string());
    const auto path = jwks_uri.substr(jwks_uri.find("/_mock/"));
    auto jwks = client.get(path).json().as_object();
    const auto token = bot.received().front().headers.at("authorization").substr(7);
    auto claims = verified_claims(token, jwks);
    BOOST_TEST_REQUIRE(claims.has_value());
    BOOST_TEST(claims->at("aud") == "2891555a-92ff-42e6-80fa-6e1300c6b5c6");
    BOOST_TEST(claims->at("tid") == "tenant-x");
    BOOST_TEST(claims->at("iss") == "https://api.botframework.com");
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    BOOST_TEST(claims->at("exp").as_int64() > now);
    BOOST_TEST(claims->at("nbf").as_int64() <= now);
    // A token altered by one character does not verify.
    auto forged = token;
    forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
    BOOST_TEST(!verified_claims(forged, jwks).has_value());
}

BOOST_AUTO_TEST_CASE(a_failing_bot_gets_the_notification_on_the_third_attempt) {
    Receiver bot;
    bot.answer_next_with({500, 503});
    TestServer server(config_for(bot.url()), fast_retries());
    auto client = server.client();
    BOOST_TEST(client
                   .post(calls + hold_call +
                         "/participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e/startHoldMusic")
                   .status == 202u);
    // The roster showing the participant on hold is sent three times; the operation's
    // completion, queued behind it for the same call, once.
    BOOST_TEST_REQUIRE(bot.wait_for(4));
    const auto got = bot.received();
    BOOST_TEST(got[0].body == got[1].body);
    BOOST_TEST(got[1].body == got[2].body);
    BOOST_TEST(got[0].body.find("/participants") != std::string::npos);
    BOOST_TEST(got[3].body.find("startHoldMusicOperation") != std::string::npos);
    BOOST_TEST(wait_until([&] {
        const auto journal = client.get("/_mock/journal").json();
        std::vector<std::string> outcomes;
        for (const auto& e : journal.at("value").as_array())
            if (e.at("kind") == "delivery")
                outcomes.emplace_back(e.at("outcome").as_string());
        return outcomes ==
               std::vector<std::string>{"retrying", "retrying", "delivered", "delivered"};
    }));
}

// A reset while a delivery is in flight forgets that call's queue: the forgotten attempt's
// answer (a 500 here) belongs to no later notification of the same call. Before queues carried
// an epoch, it was recorded against the next one, which was then sent again.
BOOST_AUTO_TEST_CASE(an_attempt_in_flight_when_its_queue_is_forgotten_touches_no_later_one) {
    // The reset must come while the first attempt waits for its 500: a second leaves room for
    // a loaded machine between the bot reading the request and the test's reset.
    Receiver bot(ReceiverOptions{.answer_delay = std::chrono::seconds(1)});
    bot.answer_next_with({500});
    auto options = fast_retries();
    // Far above the bot's second, even under sanitizers: no attempt here may time out.
    options.notifier.attempt_timeout = std::chrono::seconds(10);
    TestServer server(config_for(bot.url()), options);
    auto client = server.client();
    const auto mute = calls + hold_call + "/participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e/mute";
    BOOST_TEST_REQUIRE(client.post(mute, R"({"clientContext": "first"})").status == 200u);
    BOOST_TEST_REQUIRE(bot.wait_for_read(1)); // at the bot; its 500 comes a second later
    BOOST_TEST_REQUIRE(client.post("/_mock/reset").status == 200u);
    BOOST_TEST_REQUIRE(client.post(mute, R"({"clientContext": "second"})").status == 200u);
    // Every notification of the second mute is delivered, each once, and nothing is retried.
    std::vector<std::string> outcomes;
    BOOST_TEST(wait_until(
        [&] {
            outcomes.clear();
            const auto journal = client.get("/_mock/journal").json();
            for (const auto& e : journal.at("value").as_array())
                if (e.at("kind") == "delivery")
                    outcomes.emplace_back(e.at("outcome").as_string());
            return !outcomes.empty() && bot.received().size() == 1 + outcomes.size();
        },
        std::chrono::seconds(20)));
    for (const auto& outcome : outcomes)
        BOOST_TEST(outcome == "delivered");
    const auto sent = bot.received().size();
    // Nothing more comes (a resend would follow the 500 within the 20 ms first backoff).
    BOOST_TEST(!bot.wait_for(sent + 1, std::chrono::milliseconds(1000)));
}

BOOST_AUTO_TEST_CASE(a_dead_bot_does_not_slow_the_api_or_grow_the_queue) {
    std::string dead_url;
    {
        Receiver gone;
        dead_url = gone.url(); // nothing listens there once it is destroyed
    }
    auto options = fast_retries();
    options.notifier.max_pending = 8;
    options.notifier.max_attempts = 3;
    TestServer server(config_for(dead_url), options);
    auto client = server.client();
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 40; ++i)
        BOOST_TEST_REQUIRE(
            client.post(calls + group_call + "/participants/" + member + "/mute").status == 200u);
    const auto spent = std::chrono::steady_clock::now() - started;
    // 40 calls, each sending a roster notification to a dead bot: bounded by the API's own pace,
    // not by 40 x 3 failing attempts with backoff.
    BOOST_TEST((spent < std::chrono::seconds(2)),
               std::chrono::duration_cast<std::chrono::milliseconds>(spent).count() << " ms");
    BOOST_TEST(wait_until([&] {
        const auto journal = client.get("/_mock/journal").json();
        bool dropped = false;
        for (const auto& e : journal.at("value").as_array())
            dropped = dropped || (e.at("kind") == "delivery" && e.at("outcome") == "dropped");
        return dropped;
    }));
}

BOOST_FIXTURE_TEST_CASE(simulated_people_drive_the_documented_notifications, BotFixture) {
    // A caller rings the bot.
    auto incoming = client.post("/_mock/calls/incoming", R"({
        "id": "ring-1", "tenantId": "tenant-1",
        "source": {"identity": {"user": {"id": "caller-1", "displayName": "Test User"}}},
        "targets": [{"identity": {"application": {"id": "app-1", "displayName": "Test BOT"}}}],
        "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})");
    BOOST_TEST_REQUIRE(incoming.status == 201u);
    BOOST_TEST_REQUIRE(bot.wait_for(1));
    auto seen = notifications(bot);
    BOOST_TEST(seen[0].change == "created");
    BOOST_TEST(seen[0].data.at("state") == "incoming");
    BOOST_TEST(seen[0].data.at("direction") == "incoming");
    BOOST_TEST(seen[0].data.at("source").at("identity").at("user").at("id") == "caller-1");
    BOOST_TEST(client
                   .post(calls + "ring-1/answer", R"({"acceptedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})")
                   .status == 202u);
    // establishing, established, the media connecting, the roster (the caller and the bot).
    BOOST_TEST_REQUIRE(bot.wait_for(5));
    // The caller presses keys after the bot subscribed to tones.
    BOOST_TEST(client.post("/_mock/calls/ring-1/tones", R"({"tones": ["tone1"]})").status == 400u);
    BOOST_TEST(client.post(calls + "ring-1/subscribeToTone", "{}").status == 200u);
    BOOST_TEST(
        client.post("/_mock/calls/ring-1/tones", R"({"tones": ["tone1", "pound"]})").status ==
        200u);
    BOOST_TEST_REQUIRE(bot.wait_for(7));
    // The caller hangs up.
    BOOST_TEST(client.post("/_mock/calls/ring-1/hangUp").status == 204u);
    BOOST_TEST_REQUIRE(bot.wait_for(8));
    seen = notifications(bot);
    BOOST_TEST_REQUIRE(seen.size() == 8u, describe(seen));
    BOOST_TEST(seen[1].data.at("state") == "establishing");
    BOOST_TEST(seen[2].data.at("state") == "established");
    BOOST_TEST(seen[2].data.at("direction") == "incoming");
    BOOST_TEST(seen[3].data.at("mediaState").at("audio") == "active");
    BOOST_TEST(seen[4].url == "/communications/calls/ring-1/participants");
    BOOST_TEST(seen[4].data.as_array().size() == 2u);
    BOOST_TEST(seen[5].data.at("toneInfo").at("tone") == "tone1");
    BOOST_TEST(seen[5].data.at("toneInfo").at("sequenceId") == 1);
    BOOST_TEST(seen[6].data.at("toneInfo").at("tone") == "pound");
    BOOST_TEST(seen[7].change == "deleted");
    // As the service ends a call the other side hung up (a real capture's 200/5002).
    BOOST_TEST(seen[7].data.at("resultInfo").at("code") == 200);
    BOOST_TEST(seen[7].data.at("resultInfo").at("subcode") == 5002);
    BOOST_TEST(client.get(calls + "ring-1").status == 404u);
}

BOOST_FIXTURE_TEST_CASE(invitees_and_participants_on_cue, BotFixture) {
    // The seed's invitee takes 20 s to answer in the default fixture; here they answer now.
    auto invited = client.post(
        calls + group_call + "/participants/invite",
        R"({"participants": [{"identity": {"user": {"id": "278405a3-f568-4b3e-b684-009193463064"}},
                                    "participantId": "p-new"}]})");
    BOOST_TEST(client.post("/_mock/calls/" + group_call + "/invitations/p-new/answer").status ==
               204u);
    BOOST_TEST(client.get(calls + group_call + "/participants/p-new").status == 200u);
    BOOST_TEST(client
                   .get(calls + group_call + "/operations/" +
                        std::string(invited.json().at("id").as_string()))
                   .json()
                   .at("status") == "Completed");
    // Someone joins and leaves by themselves.
    auto joined =
        client.post("/_mock/calls/" + group_call + "/participants",
                    R"({"id": "p-walkin", "info": {"identity": {"user": {"id": "u-walkin"}}}})");
    BOOST_TEST(joined.status == 201u);
    BOOST_TEST(client.del("/_mock/calls/" + group_call + "/participants/p-walkin").status == 204u);
    // An operation forced to fail.
    auto hold = client.post(calls + group_call + "/participants/p-new/startHoldMusic");
    const std::string op(hold.json().at("id").as_string());
    auto failed =
        client.post("/_mock/calls/" + group_call + "/operations/" + op + "/fail",
                    R"({"resultInfo": {"code": 500, "subcode": 8510, "message": "boom"}})");
    // It may have completed first on a slow machine; then the control plane says so with a 400.
    BOOST_TEST((failed.status == 200u || failed.status == 400u));
    BOOST_TEST_REQUIRE(bot.wait_for(6));
    const auto seen = notifications(bot);
    std::size_t rosters = 0, operations = 0;
    for (const auto& s : seen) {
        rosters += s.url.ends_with("/participants");
        operations += s.url.find("/operations/") != std::string::npos;
    }
    BOOST_TEST(rosters >= 4u, describe(seen)); // join of p-new, walk-in, leave, hold
    BOOST_TEST(operations >= 2u, describe(seen));
}

BOOST_AUTO_TEST_CASE(delta_roster_sends_only_changes_with_removed_state) {
    Receiver bot;
    auto config = config_for(bot.url());
    for (auto& call : config.fixture)
        call.resource.delta_roster = true;
    TestServer server(config, fast_retries());
    auto client = server.client();
    BOOST_TEST(client.del(calls + group_call + "/participants/" + member).status == 204u);
    BOOST_TEST_REQUIRE(bot.wait_for(1));
    const auto seen = notifications(bot);
    const auto& delta = seen.at(0).data.at(0);
    BOOST_TEST(delta.at("@odata.type") == "#microsoft.graph.deltaParticipants");
    BOOST_TEST(delta.at("sequenceNumber").is_int64());
    BOOST_TEST_REQUIRE(delta.at("participants").as_array().size() == 1u);
    BOOST_TEST(delta.at("participants").at(0).at("id") == member.c_str());
    BOOST_TEST(delta.at("participants").at(0).at("removedState").at("reason").is_string());
}

BOOST_AUTO_TEST_CASE(notifications_leave_only_after_the_response) {
    // The application hands a request's notifications back with its response; the session
    // delivers them once the response is written (session.hpp, on_write).
    struct Collect final : gcm::app::NotificationSink {
        std::vector<gcm::app::Notification> sent;
        void send(gcm::app::Notification n) override { sent.push_back(std::move(n)); }
        void forget(std::uint64_t) override {}
    };
    struct NoTime final : gcm::app::Scheduler {
        void after(std::chrono::milliseconds, std::function<void()>, Group) override {}
    };
    Collect sink;
    NoTime time;
    gcm::auth::TokenSigner signer;
    gcm::app::Application app(config_for("http://127.0.0.1:9/api/calls"), time, &sink, signer);
    const std::string target = calls + group_call + "/participants/" + member;
    gcm::app::Request request;
    request.method = gcm::app::Method::delete_;
    request.target = target;
    request.host = "localhost";
    request.authorization = "Bearer t";
    auto response = app.handle(request);
    BOOST_TEST(response.status == 204u);
    BOOST_TEST(sink.sent.empty());
    BOOST_TEST_REQUIRE(response.aftermath.notifications.size() == 1u);
    BOOST_TEST(response.aftermath.notifications[0].body.find("/participants") != std::string::npos);
    app.deliver(std::move(response.aftermath));
    BOOST_TEST(sink.sent.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
