// HTTP: POST /_mock/wait — answered when what it waits for happens (each kind), at once when it
// already happened since a sequence, with the nearest misses when its time is up; refused with a
// 400 naming the field; cancelled when its client leaves; answered 503 when the server stops
// (200 at once); in order behind pipelined requests; per namespace.
#include "control_plane.hpp"
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "gcm/wire/fixtures.hpp"
#include "receiver.hpp"
#include "test_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <sys/socket.h>
#include <sys/time.h>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

const std::string alice = participant_path(one_call::id, one_call::alice);
const std::string hold = alice + "/startHoldMusic";
const std::string unhold = alice + "/stopHoldMusic";

// An established group call with service-hosted media (fixtures/test/one-call.json) and an
// incoming call (ringing.json), both calling back `url`; notifications on, timings short.
gcm::app::AppConfig calls_ringing_back(const std::string& url) {
    return test_fixture_config({.files = {"one-call", "ringing"}, .callback = url});
}

const std::string prompt_body = R"({"clientContext": "prompt-1",
  "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
    "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "r-1"}}]})";

HttpResponse get(std::future<HttpResponse>& future) {
    BOOST_TEST_REQUIRE((future.wait_for(std::chrono::seconds(10)) == std::future_status::ready));
    return future.get();
}

struct Case {
    std::string name;
    std::string wait;                                           // the body of POST /_mock/wait
    std::function<void(HttpClient&, const std::string&)> cause; // given the bot's URL
    std::function<void(const json::value&)> check;              // the 200's body
};

} // namespace

using RingingServer = ServerOn<+[] { return calls_ringing_back(nowhere); }>;

BOOST_AUTO_TEST_SUITE(wait_for_it)

BOOST_AUTO_TEST_CASE(a_wait_is_answered_when_what_it_waits_for_happens) {
    const std::vector<Case> cases = {
        {"request",
         R"({"for": "request", "match": {"method": "POST", "callId": "call-1",
             "path": "/v1.0/communications/calls/{id}/participants/*/stopHoldMusic",
             "body": {"clientContext": "w-1"}}})",
         [](HttpClient& c, const std::string&) {
             BOOST_TEST(c.post(unhold, R"({"clientContext": "w-1"})").status == 202u);
         },
         [](const json::value& a) {
             BOOST_TEST(a.at("matched").at("kind") == "request");
             BOOST_TEST(a.at("matched").at("status") == 202);
             BOOST_TEST(a.at("matched").at("body").at("clientContext") == "w-1");
         }},
        {"notification",
         R"({"for": "notification", "match": {"callId": "call-1", "changeType": "deleted",
             "outcome": "delivered", "resourceUrl": "/communications/calls/call-1/operations/*",
             "body": {"value": [{"resourceData": {"status": "completed",
                                                  "clientContext": "h-1"}}]}}})",
         [](HttpClient& c, const std::string&) {
             BOOST_TEST(c.post(hold, R"({"clientContext": "h-1"})").status == 202u);
         },
         [](const json::value& a) {
             BOOST_TEST(a.at("matched").at("kind") == "delivery");
             BOOST_TEST(a.at("matched").at("status") == 202); // what the bot answered
             BOOST_TEST(a.at("matched")
                            .at("notification")
                            .at("value")
                            .at(0)
                            .at("resourceData")
                            .at("@odata.type") == "#microsoft.graph.startHoldMusicOperation");
         }},
        {"callState",
         R"({"for": "callState", "match": {"callId": "ringing", "state": "established"}})",
         [](HttpClient& c, const std::string& url) {
             BOOST_TEST(c.post(calls + "ringing/answer", R"({"callbackUri": ")" + url + R"(",
                 "acceptedModalities": ["audio"],
                 "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}})")
                            .status == 202u);
         },
         [](const json::value& a) {
             BOOST_TEST(a.at("matched").at("kind") == "callStateChanged");
             BOOST_TEST(a.at("call").at("state") == "established"); // the call as it is now
         }},
        {"operation",
         R"({"for": "operation", "match": {"callId": "call-1", "type": "playPromptOperation",
             "status": "completed", "clientContext": "prompt-1"}})",
         [](HttpClient& c, const std::string&) {
             auto r = c.post(calls + "call-1/playPrompt", prompt_body);
             BOOST_TEST(r.status == 200u);
             BOOST_TEST(r.json().at("status") == "running"); // so the wait is still pending
         },
         [](const json::value& a) {
             BOOST_TEST(a.at("matched").at("kind") == "operationFinished");
             BOOST_TEST(a.at("operation").at("status") == "completed");
             BOOST_TEST(a.at("operation").at("resultInfo").at("code") == 200);
         }},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            Receiver bot;
            TestServer server(calls_ringing_back(bot.url()));
            auto client = server.client();
            auto pending = wait_async(server.port(), c.wait);
            BOOST_TEST_REQUIRE(waits_pending(client, 1));
            c.cause(client, bot.url());
            auto answer = get(pending);
            BOOST_TEST(answer.status == 200u);
            BOOST_TEST(answer.json().at("for").as_string() == c.name);
            c.check(answer.json());
            BOOST_TEST(answer.has_header("request-id"));
            BOOST_TEST(waits_pending(client, 0));
        }
    }
}

BOOST_FIXTURE_TEST_CASE(a_wait_for_what_already_happened_since_a_sequence_answers_at_once,
                        RingingServer) {
    BOOST_TEST(client.post(unhold, R"({"clientContext": "early"})").status == 202u);
    const std::string match =
        R"("match": {"path": "/v1.0/communications/calls/call-1/participants/p-alice/stopHoldMusic"})";
    // Since 0: the request made before the wait counts, and the answer comes at once.
    const auto started = std::chrono::steady_clock::now();
    auto since = client.post("/_mock/wait",
                             R"({"for": "request", "since": 0, "timeoutMs": 5000, )" + match + "}");
    BOOST_TEST(since.status == 200u);
    BOOST_TEST(since.json().at("matched").at("body").at("clientContext") == "early");
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(2)));
    const auto sequence = since.json().at("matched").at("sequence").as_int64();
    // Without since, only what happens from now on counts; since its own sequence, neither.
    auto now_on =
        client.post("/_mock/wait", R"({"for": "request", "timeoutMs": 100, )" + match + "}");
    BOOST_TEST(now_on.status == 408u);
    BOOST_TEST(now_on.json().at("nearMisses").at(0).at("beforeWait") == true);
    BOOST_TEST(now_on.json().at("nearMisses").at(0).at("differences").as_array().empty());
    auto after = client.post("/_mock/wait", R"({"for": "request", "timeoutMs": 100, "since": )" +
                                                std::to_string(sequence) + ", " + match + "}");
    BOOST_TEST(after.status == 408u);
}

BOOST_FIXTURE_TEST_CASE(a_wait_that_times_out_names_the_nearest_misses, RingingServer) {
    BOOST_TEST(client.post(unhold, R"({"clientContext": "a"})").status == 202u);
    BOOST_TEST(client.get(calls + "call-1").status == 200u);
    const auto started = std::chrono::steady_clock::now();
    auto r = client.post("/_mock/wait", R"({"for": "request", "since": 0, "timeoutMs": 300,
        "match": {"method": "POST", "path": "/v1.0/communications/calls/*/participants/*/stopHoldMusic",
                  "body": {"clientContext": "b"}}})");
    BOOST_TEST((std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300)));
    BOOST_TEST(r.status == 408u);
    const auto body = r.json();
    BOOST_TEST(body.at("error").at("code") == "RequestTimeout");
    BOOST_TEST(body.at("waitedMs").as_int64() >= 300);
    const auto& misses = body.at("nearMisses").as_array();
    BOOST_TEST_REQUIRE(misses.size() == 2u);
    // The nearest first: the POST met two of three conditions; only its body differed.
    BOOST_TEST(misses[0].at("entry").at("method") == "POST");
    BOOST_TEST(misses[0].at("met") == 2);
    BOOST_TEST(misses[0].at("of") == 3);
    const auto& differences = misses[0].at("differences").as_array();
    BOOST_TEST_REQUIRE(differences.size() == 1u);
    BOOST_TEST(differences[0].at("field") == "body.clientContext");
    BOOST_TEST(differences[0].at("expected") == "b");
    BOOST_TEST(differences[0].at("actual") == "a");
    BOOST_TEST(misses[1].at("entry").at("method") == "GET");
    BOOST_TEST(misses[1].at("met") == 0);
    BOOST_TEST(misses[1].at("differences").as_array().size() == 3u);
}

BOOST_AUTO_TEST_CASE(bad_waits_are_refused_naming_the_field) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "the body must be a JSON object"},
        {R"({"match": {}})", "'for' must be"},
        {R"({"for": "everything"})", "'for' must be"},
        {R"({"for": "request", "match": []})", "'match' must be an object"},
        {R"({"for": "request", "match": {"state": "established"}})",
         "'match.state' is not something a request can match"},
        {R"({"for": "callState", "match": {"method": "GET"}})",
         "'match.method' is not something a callState can match"},
        {R"({"for": "request", "match": {"path": "calls/*"}})", "'match.path' must be an absolute"},
        {R"({"for": "request", "match": {"path": "/calls/{id"}})", "'match.path' has a malformed"},
        {R"({"for": "request", "match": {"status": "200"}})", "'match.status' must be an integer"},
        {R"({"for": "request", "timeoutMs": -1})", "'timeoutMs' must be an integer from 0"},
        {R"({"for": "request", "timeoutMs": 300001})", "'timeoutMs' must be an integer from 0"},
        {R"({"for": "request", "since": "1"})", "'since' must be a journal sequence"},
        {R"({"for": "request", "timeout": 5})", "'timeout' is not a member of a wait"},
    };
    TestServer server;
    auto client = server.client();
    for (const auto& [body, message] : cases) {
        BOOST_TEST_CONTEXT(body) {
            auto r = client.post("/_mock/wait", body);
            BOOST_TEST(r.status == 400u);
            BOOST_TEST(r.json().at("error").at("code") == "BadRequest");
            const std::string text(r.json().at("error").at("message").as_string());
            BOOST_TEST(text.find(message) != std::string::npos, text);
        }
    }
    BOOST_TEST(metric(client, "graph_mock_waits_pending") == 0.0);
}

BOOST_FIXTURE_TEST_CASE(the_client_leaving_cancels_its_wait, ServerFixture) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    boost::asio::write(
        socket, boost::asio::buffer(request_bytes("POST", "/_mock/wait",
                                                  R"({"for": "request", "timeoutMs": 60000})")));
    BOOST_TEST_REQUIRE(waits_pending(client, 1));
    socket.close();
    BOOST_TEST(waits_pending(client, 0));
    // Nothing was answered, and the server carries on.
    BOOST_TEST(client.get("/_mock/health").status == 200u);
}

BOOST_FIXTURE_TEST_CASE(a_pipelined_request_is_answered_after_the_pending_one_before_it,
                        ServerFixture) {
    auto outcome = raw_until_closed(
        server.port(),
        request_bytes("POST", "/_mock/wait", R"({"for": "request", "timeoutMs": 200})") +
            "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        std::chrono::seconds(5));
    BOOST_TEST(outcome.closed);
    const auto first = outcome.received.find("HTTP/1.1 408");
    const auto second = outcome.received.find("HTTP/1.1 200");
    BOOST_TEST_REQUIRE(first != std::string::npos);
    BOOST_TEST_REQUIRE(second != std::string::npos);
    BOOST_TEST(first < second);
}

// What a client sends after a request it pipelined behind a pending answer arrives whole, and
// the pipelined request is answered once: the read that watched for the client leaving while the
// wait was pending must not write where the parse of the pipelined request emptied the buffer
// (flat_buffer::consume moves it back), or the old request's bytes come round again.
BOOST_AUTO_TEST_CASE(what_follows_a_request_pipelined_behind_a_wait_is_read_whole) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    TestServer server;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    const timeval limit{5, 0}; // a read that would block for ever fails instead
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    asio::write(socket, asio::buffer(request_bytes("POST", "/_mock/wait",
                                                   R"({"for": "request", "timeoutMs": 200})") +
                                     request_bytes("GET", "/_mock/health")));
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> waited, health;
    http::read(socket, buffer, waited);
    http::read(socket, buffer, health);
    BOOST_TEST(waited.result_int() == 408u);
    BOOST_TEST(health.result_int() == 200u);
    // Later, one more request, the connection's last: exactly one answer, and it is that one's.
    asio::write(socket, asio::buffer("GET /_mock/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Authorization: Bearer test\r\nConnection: close\r\n\r\n"));
    std::vector<http::response<http::string_body>> after;
    for (int i = 0; i < 4; ++i) {
        boost::system::error_code ec;
        http::response<http::string_body> response;
        http::read(socket, buffer, response, ec);
        if (ec)
            break;
        after.push_back(std::move(response));
    }
    BOOST_TEST_REQUIRE(after.size() == 1u);
    BOOST_TEST(after[0].result_int() == 200u);
    BOOST_TEST(std::string(after[0][http::field::content_type]).starts_with("text/plain"));
}

BOOST_AUTO_TEST_CASE(two_hundred_pending_waits_end_cleanly_when_the_server_stops) {
    constexpr std::size_t count = 200;
    auto server = std::make_unique<TestServer>();
    auto client = server->client();
    boost::asio::io_context ioc;
    std::vector<boost::asio::ip::tcp::socket> sockets;
    const auto bytes =
        request_bytes("POST", "/_mock/wait", R"({"for": "request", "timeoutMs": 60000})");
    for (std::size_t i = 0; i < count; ++i) {
        auto& s = sockets.emplace_back(ioc);
        s.connect({boost::asio::ip::make_address("127.0.0.1"), server->port()});
        boost::asio::write(s, boost::asio::buffer(bytes));
    }
    BOOST_TEST_REQUIRE(waits_pending(client, count, std::chrono::seconds(10)));
    // Stopping does not wait out the waits (nor the 5 s grace period): each is answered 503.
    const auto started = std::chrono::steady_clock::now();
    server.reset();
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(4)));
    std::size_t unavailable = 0;
    for (auto& s : sockets) {
        std::string received;
        boost::system::error_code ec;
        boost::asio::read(s, boost::asio::dynamic_buffer(received), ec); // to the end
        if (received.starts_with("HTTP/1.1 503") &&
            received.find("Connection: close") != std::string::npos &&
            received.find("\"ServiceUnavailable\"") != std::string::npos)
            ++unavailable;
    }
    BOOST_TEST(unavailable == count);
}

BOOST_FIXTURE_TEST_CASE(a_wait_sees_only_its_own_namespace, RingingServer) {
    auto pending = wait_async(server.port(), R"({"for": "request", "match": {"callId": "call-1"}})",
                              "/_ns/w1");
    BOOST_TEST_REQUIRE(waits_pending(client, 1));
    BOOST_TEST(client.get(calls + "call-1").status == 200u); // the default namespace: not this one
    BOOST_TEST(client.get("/_ns/w2" + calls + "call-1").status == 200u);
    BOOST_TEST(metric(client, "graph_mock_waits_pending") == 1.0);
    BOOST_TEST(client.get("/_ns/w1" + calls + "call-1").status == 200u);
    auto answer = get(pending);
    BOOST_TEST(answer.status == 200u);
    BOOST_TEST(answer.json().at("matched").at("path").as_string() == "/_ns/w1" + calls + "call-1");
}

BOOST_FIXTURE_TEST_CASE(deleting_a_namespace_answers_its_waits, ServerFixture) {
    auto pending =
        wait_async(server.port(), R"({"for": "request", "timeoutMs": 60000})", "/_ns/gone");
    BOOST_TEST_REQUIRE(waits_pending(client, 1));
    BOOST_TEST(client.del("/_ns/gone").status == 204u);
    auto answer = get(pending);
    BOOST_TEST(answer.status == 404u);
    BOOST_TEST(answer.json().at("error").at("code") == "itemNotFound");
}

BOOST_AUTO_TEST_SUITE_END()
