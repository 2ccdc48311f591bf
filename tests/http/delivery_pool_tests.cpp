// HTTP: notifications over kept-alive connections — reused (the bot sees fewer connections than
// deliveries), over TLS too; a bot that closes connections it is not using still gets every
// notification, in order, with no failed attempt; and the pool per callback host is bounded.
#include "receiver.hpp"
#include "seen.hpp"
#include "test_server.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;

namespace {

const std::string calls = "/v1.0/communications/calls/";
const std::string group_call = "112f7296-5fa4-42ca-bae8-6a692b15d4b8";
const std::string member = "a7ebfb2d-871e-419c-87af-27290b22e8db";

// The highest rosterSequenceNumber of each roster the bot got, in the order it got them.
std::vector<std::int64_t> roster_sequence(const Receiver& bot) {
    std::vector<std::int64_t> out;
    for (const auto& seen : notifications(bot)) {
        std::int64_t highest = 0;
        for (const auto& p : seen.data.as_array())
            highest = std::max(highest, p.at("rosterSequenceNumber").to_number<std::int64_t>());
        out.push_back(highest);
    }
    return out;
}

// Mutes the group call's member `count` times: one roster notification each, on one call.
void mute(HttpClient& client, int count) {
    for (int i = 0; i < count; ++i)
        BOOST_TEST_REQUIRE(
            client.post(calls + group_call + "/participants/" + member + "/mute").status == 200u);
}

// The journal's delivery entries as "outcome/attempt".
std::vector<std::string> deliveries(HttpClient& client) {
    std::vector<std::string> out;
    const auto journal = client.get("/_mock/journal").json();
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "delivery")
            out.push_back(std::string(e.at("outcome").as_string()) + "/" +
                          std::to_string(e.at("attempt").to_number<int>()));
    return out;
}

bool increasing(const std::vector<std::int64_t>& v) {
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i] <= v[i - 1])
            return false;
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_pool)

BOOST_AUTO_TEST_CASE(connections_are_kept_alive_and_reused) {
    Receiver bot;
    TestServer server(config_for(bot.url()), fast_retries());
    auto client = server.client();
    mute(client, 12);
    BOOST_TEST_REQUIRE(bot.wait_for(12));
    // One call's notifications go one at a time: one connection serves them all.
    BOOST_TEST(bot.connections() == 1u);
    BOOST_TEST(bot.received().size() == 12u);
    BOOST_TEST(increasing(roster_sequence(bot)));
}

BOOST_AUTO_TEST_CASE(tls_callbacks_are_kept_alive_too) {
    Receiver bot(ReceiverOptions{.tls = true});
    BOOST_TEST_REQUIRE(bot.url().starts_with("https://"));
    TestServer server(config_for(bot.url()), fast_retries());
    auto client = server.client();
    mute(client, 6);
    BOOST_TEST_REQUIRE(bot.wait_for(6));
    BOOST_TEST(bot.connections() == 1u);
    BOOST_TEST(increasing(roster_sequence(bot)));
}

BOOST_AUTO_TEST_CASE(a_bot_that_closes_idle_connections_gets_everything_in_order) {
    for (bool tls : {false, true}) {
        BOOST_TEST_CONTEXT("tls " << tls) {
            Receiver bot(ReceiverOptions{.tls = tls, .close_after_answer = true});
            TestServer server(config_for(bot.url()), fast_retries());
            auto client = server.client();
            mute(client, 10);
            BOOST_TEST_REQUIRE(bot.wait_for(10));
            const auto sequence = roster_sequence(bot);
            BOOST_TEST(sequence.size() == 10u);
            BOOST_TEST(increasing(sequence));
            // Each connection it closed cost a reconnect, not an attempt: every delivery is
            // delivered on its first attempt, none retried or failed.
            BOOST_TEST(bot.connections() >= 2u);
            BOOST_TEST(wait_until([&] { return deliveries(client).size() == 10u; }));
            for (const auto& d : deliveries(client))
                BOOST_TEST(d == "delivered/1");
        }
    }
}

BOOST_AUTO_TEST_CASE(the_pool_per_callback_host_is_bounded) {
    // A slow bot and six calls ringing at once: six notifications ready together, on six keys.
    // Each answer takes a second, so all six are waiting however slowly the test rings (on a
    // loaded machine six requests can take longer than a short delay); no attempt times out.
    Receiver bot(ReceiverOptions{.answer_delay = std::chrono::seconds(1)});
    auto options = fast_retries();
    options.notifier.attempt_timeout = std::chrono::seconds(10);
    options.notifier.connections_per_host = 2;
    TestServer server(config_for(bot.url()), options);
    auto client = server.client();
    for (int i = 1; i <= 6; ++i)
        BOOST_TEST_REQUIRE(client
                               .post("/_mock/calls/incoming", R"({
        "id": "ring-)" + std::to_string(i) + R"(", "tenantId": "tenant-1",
        "source": {"identity": {"user": {"id": "caller-1", "displayName": "Test User"}}},
        "targets": [{"identity": {"application": {"id": "app-1", "displayName": "Test BOT"}}}],
        "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})")
                               .status == 201u);
    BOOST_TEST_REQUIRE(bot.wait_for(6, std::chrono::seconds(15)));
    BOOST_TEST(bot.most_open_at_once() == 2u);
    BOOST_TEST(bot.connections() == 2u);
    BOOST_TEST(wait_until([&] { return deliveries(client).size() >= 6u; }));
    for (const auto& d : deliveries(client))
        BOOST_TEST(d == "delivered/1");
}

BOOST_AUTO_TEST_SUITE_END()
