// HTTP: notifications over kept-alive connections — reused (the bot sees fewer connections than
// deliveries), over TLS too; a bot that closes connections it is not using still gets every
// notification, in order, with no failed attempt; and the pool per callback host is bounded.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "receiver.hpp"
#include "seen.hpp"
#include "test_server.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

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

// A call ringing the bot: one "created" notification for it, on a key of its own.
void ring(HttpClient& client, int i) {
    BOOST_TEST_REQUIRE(client
                           .post("/_mock/calls/incoming", R"({
        "id": "ring-)" + std::to_string(i) + R"(", "tenantId": "tenant-1",
        "source": {"identity": {"user": {"id": "caller-1", "displayName": "Test User"}}},
        "targets": [{"identity": {"application": {"id": "app-1", "displayName": "Test BOT"}}}],
        "requestedModalities": ["audio"],
        "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})")
                           .status == 201u);
}

bool increasing(const std::vector<std::int64_t>& v) {
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i] <= v[i - 1])
            return false;
    return true;
}

// A bot that answers each notification after `answer_delay`, and a server with at most
// `connections_per_host` to it, each attempt given `attempt_timeout`, `max_attempts` in all (0:
// as fast_retries() says).
struct SlowBot {
    std::chrono::milliseconds answer_delay{0};
    std::chrono::milliseconds attempt_timeout{0};
    std::size_t connections_per_host = 0;
    unsigned max_attempts = 0;
};
BotOptions slow_bot(const SlowBot& slow) {
    BotOptions options{.receiver = {.answer_delay = slow.answer_delay}};
    auto& notifier = options.server.notifier;
    notifier.attempt_timeout = slow.attempt_timeout;
    notifier.connections_per_host = slow.connections_per_host;
    if (slow.max_attempts != 0)
        notifier.max_attempts = slow.max_attempts;
    return options;
}

struct TlsBot : BotFixture {
    TlsBot() : BotFixture({.receiver = {.tls = true}}) {}
};
struct BotAnsweringInASecond : BotFixture {
    BotAnsweringInASecond()
        : BotFixture(slow_bot({.answer_delay = std::chrono::seconds(1),
                               .attempt_timeout = std::chrono::seconds(10),
                               .connections_per_host = 2})) {}
};
struct BotAnsweringIn300Ms : BotFixture {
    BotAnsweringIn300Ms()
        : BotFixture(slow_bot({.answer_delay = std::chrono::milliseconds(300),
                               .attempt_timeout = std::chrono::seconds(1),
                               .connections_per_host = 4})) {}
};
struct BotNeverAnswering : BotFixture {
    BotNeverAnswering()
        : BotFixture(slow_bot({.answer_delay = std::chrono::minutes(10),
                               .attempt_timeout = std::chrono::milliseconds(300),
                               .connections_per_host = 2,
                               .max_attempts = 1})) {}
};

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_pool)

BOOST_FIXTURE_TEST_CASE(connections_are_kept_alive_and_reused, BotFixture) {
    mute(client, 12);
    BOOST_TEST_REQUIRE(bot.wait_for(12));
    // One call's notifications go one at a time: one connection serves them all.
    BOOST_TEST(bot.connections() == 1u);
    BOOST_TEST(bot.received().size() == 12u);
    BOOST_TEST(increasing(roster_sequence(bot)));
}

BOOST_FIXTURE_TEST_CASE(tls_callbacks_are_kept_alive_too, TlsBot) {
    BOOST_TEST_REQUIRE(bot.url().starts_with("https://"));
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

BOOST_FIXTURE_TEST_CASE(the_pool_per_callback_host_is_bounded, BotAnsweringInASecond) {
    // A slow bot and six calls ringing at once: six notifications ready together, on six keys.
    // Each answer takes a second, so all six are waiting however slowly the test rings (on a
    // loaded machine six requests can take longer than a short delay); no attempt times out.
    for (int i = 1; i <= 6; ++i)
        ring(client, i);
    BOOST_TEST_REQUIRE(bot.wait_for(6, std::chrono::seconds(15)));
    BOOST_TEST(bot.most_open_at_once() == 2u);
    BOOST_TEST(bot.connections() == 2u);
    BOOST_TEST(wait_until([&] { return deliveries(client).size() >= 6u; }));
    for (const auto& d : deliveries(client))
        BOOST_TEST(d == "delivered/1");
}

BOOST_FIXTURE_TEST_CASE(the_wait_for_a_connection_is_not_the_attempts_time, BotAnsweringIn300Ms) {
    // 30 calls ringing a bot that answers each in 300 ms, over 4 connections: the last waits
    // about 2 s for a connection, twice its 1 s timeout, yet each exchange takes 300 ms. Counted
    // from the queue, the waiting ones timed out (on the bot's time, or before being sent at all)
    // and were sent again, on connections opened for them.
    constexpr int rings = 30;
    for (int i = 1; i <= rings; ++i)
        ring(client, i);
    BOOST_TEST_REQUIRE(bot.wait_for(rings, std::chrono::seconds(20)));
    BOOST_TEST(wait_until([&] { return deliveries(client).size() >= std::size_t(rings); },
                          std::chrono::seconds(10)));
    const auto recorded = deliveries(client);
    BOOST_TEST(recorded.size() == std::size_t(rings));
    for (const auto& d : recorded)
        BOOST_TEST(d == "delivered/1"); // none timed out, none retried, none failed
    BOOST_TEST(bot.received().size() == std::size_t(rings)); // no duplicates
    BOOST_TEST(bot.requests_read() == std::size_t(rings));
    BOOST_TEST(bot.most_open_at_once() <= 4u);
    BOOST_TEST(bot.connections() <= 4u); // kept alive, none replaced
}

BOOST_FIXTURE_TEST_CASE(a_bot_that_never_answers_costs_one_connection_per_attempt,
                        BotNeverAnswering) {
    // A bot that takes every request and answers none: each attempt ends at its timeout. Each
    // of the 8 notifications (one attempt each) must reach the bot on a connection it had the
    // whole timeout for; counted from the queue, those that waited got a connection already past
    // their deadline, opened and abandoned without sending anything.
    constexpr int rings = 8;
    for (int i = 1; i <= rings; ++i)
        ring(client, i);
    BOOST_TEST_REQUIRE(wait_until([&] { return deliveries(client).size() >= std::size_t(rings); },
                                  std::chrono::seconds(15)));
    for (const auto& d : deliveries(client))
        BOOST_TEST(d == "failed/1");
    BOOST_TEST(bot.requests_read() == std::size_t(rings)); // every attempt reached the bot
    BOOST_TEST(bot.connections() <= bot.requests_read());  // no connection opened for nothing
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

std::string request_text(const std::string& method, const std::string& target,
                         const std::string& body, bool close = false) {
    return method + " " + target +
           " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
           "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n" +
           body;
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// Five calls whose callback port refuses connections (their notifications wait to be retried),
// and right behind them on the same connection the request that removes them (`ending`, its
// answer's status line `ended`). Then the bot starts listening on that port: nothing queued for
// the removed calls may reach it, however long the retries would have gone on.
void nothing_survives(const std::string& prefix, const std::string& ending,
                      const std::string& ended) {
    const auto port = free_port();
    const auto callback = "http://127.0.0.1:" + std::to_string(port) + "/callback";
    auto options = fast_retries();
    // Retries 300 ms apart for 3 s: still going on when the bot comes up.
    options.notifier.first_backoff = options.notifier.max_backoff = std::chrono::milliseconds(300);
    options.notifier.max_attempts = 10;
    auto config = config_for(callback);
    config.engine.call_setup = std::chrono::seconds(30); // only "establishing" is sent
    TestServer server(config, options);
    auto client = server.client();
    std::string pipelined;
    for (int i = 0; i < 5; ++i)
        pipelined += request_text("POST", prefix + "/v1.0/communications/calls",
                                  create_call_body({.callback = callback}));
    pipelined += ending;
    const auto answers = client.raw_exchange(pipelined, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(count_of(answers, "HTTP/1.1 201 ") == 5u, answers.substr(0, 300));
    BOOST_TEST_REQUIRE(answers.find(ended) != std::string::npos, answers.substr(0, 300));
    Receiver bot(ReceiverOptions{.port = port});
    // Longer than three retries apart: any survivor would have been sent meanwhile.
    const bool arrived = bot.wait_for_read(1, std::chrono::milliseconds(1200));
    BOOST_TEST(!arrived, bot.requests_read()
                             << " notification(s) of removed calls arrived: "
                             << (bot.wait_for(1) ? describe(notifications(bot)) : std::string()));
    if (prefix.empty())
        BOOST_TEST(deliveries(client).empty());
}

} // namespace

BOOST_AUTO_TEST_SUITE(forgotten_deliveries)

BOOST_AUTO_TEST_CASE(notifications_queued_before_a_reset_are_not_sent_after_it) {
    nothing_survives("", request_text("POST", "/_mock/reset", "", true), "HTTP/1.1 200 ");
}

BOOST_AUTO_TEST_CASE(notifications_queued_before_a_fixture_load_are_not_sent_after_it) {
    nothing_survives("", request_text("PUT", "/_mock/fixtures", R"({"calls": []})", true),
                     "HTTP/1.1 200 ");
}

BOOST_AUTO_TEST_CASE(notifications_queued_in_a_deleted_namespace_are_not_sent_after_it) {
    nothing_survives("/_ns/gone", request_text("DELETE", "/_ns/gone", "", true), "HTTP/1.1 204 ");
}

BOOST_AUTO_TEST_SUITE_END()
