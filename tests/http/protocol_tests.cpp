// HTTP: the protocol around the API — headers on every response, 404 vs 405, limits, keep-alive,
// malformed HTTP, --public-url.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sstream>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

BOOST_AUTO_TEST_SUITE(protocol)

BOOST_FIXTURE_TEST_CASE(every_response_carries_the_graph_headers, ServerFixture) {
    const std::vector<HttpResponse> responses = {
        client.get(group_call_path),
        client.post(member_path + "/mute"),
        client.get(group_call_path + "/nothing"),
        client.request("GET", group_call_path, "", {{"Authorization", ""}}),
        client.del(group_call_path + "/participants/nobody"),
        client.get("/_mock/health"),
    };
    for (const auto& r : responses) {
        BOOST_TEST_CONTEXT("status " << r.status) {
            BOOST_TEST(is_uuid(r.header("request-id")));
            BOOST_TEST(r.header("client-request-id") == r.header("request-id"));
            BOOST_TEST(r.header("odata-version") == "4.0");
            BOOST_TEST(r.header("date").ends_with(" GMT"));
            BOOST_TEST(r.header("x-ms-ags-diagnostic").find("ServerInfo") != std::string::npos);
            BOOST_TEST(r.header("content-type") ==
                       "application/json; odata.metadata=minimal; odata.streaming=true; "
                       "IEEE754Compatible=false; charset=utf-8");
        }
    }
    auto no_body = client.del(member_path);
    BOOST_TEST(no_body.status == 204u);
    BOOST_TEST(!no_body.has_header("content-type"));
    BOOST_TEST(is_uuid(no_body.header("request-id")));
}

BOOST_FIXTURE_TEST_CASE(client_request_id_is_echoed, ServerFixture) {
    auto r =
        server.client().request("GET", group_call_path, "", {{"client-request-id", "my-trace-42"}});
    BOOST_TEST(r.header("client-request-id") == "my-trace-42");
    BOOST_TEST(r.header("request-id") != "my-trace-42");
}

BOOST_FIXTURE_TEST_CASE(unknown_paths_are_404_and_wrong_methods_405, ServerFixture) {
    auto wrong_method = client.get(member_path + "/stopHoldMusic");
    BOOST_TEST(wrong_method.status == 405u);
    BOOST_TEST(wrong_method.header("allow") == "POST");
    BOOST_TEST(wrong_method.json().at("error").at("code") == "MethodNotAllowed");
    auto put_participant = client.request("PUT", member_path, "{}");
    BOOST_TEST(put_participant.status == 405u);
    BOOST_TEST(put_participant.header("allow") == "GET, HEAD, DELETE");

    for (const std::string& target :
         {group_call_path + "/nothing", std::string("/v2.0/communications/calls/x"),
          std::string("/v1.0/communications/meetings"), std::string("/"),
          std::string("/_mock/nothing"), member_path + "/stopHoldMusic/extra"}) {
        BOOST_TEST_CONTEXT(target) {
            auto r = client.get(target);
            BOOST_TEST(r.status == 404u);
            BOOST_TEST(r.json().at("error").at("code").is_string());
        }
    }
    // Action names are case-insensitive, as Graph's are.
    BOOST_TEST(client.post(member_path + "/STOPHOLDMUSIC").status == 202u);
}

BOOST_FIXTURE_TEST_CASE(oversized_headers_get_431_and_malformed_http_400, ServerFixture) {
    auto big = client.raw_exchange("GET " + group_call_path + " HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                       std::string(32 * 1024, 'a') + "\r\n\r\n",
                                   std::chrono::seconds(5));
    BOOST_TEST(big.starts_with("HTTP/1.1 431"), big.substr(0, 40));
    auto garbage = client.raw_exchange("HELLO WORLD\r\n\r\n", std::chrono::seconds(5));
    BOOST_TEST(garbage.starts_with("HTTP/1.1 400"), garbage.substr(0, 40));
    BOOST_TEST(client.get("/_mock/health").status == 200u);
}

BOOST_FIXTURE_TEST_CASE(a_connection_serves_many_requests, ServerFixture) {
    for (int i = 0; i < 50; ++i)
        BOOST_TEST_REQUIRE(client.get(group_call_path).status == 200u);
    auto r =
        client.raw_exchange("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                            std::chrono::seconds(5));
    BOOST_TEST(r.find("HTTP/1.1 200") != r.rfind("HTTP/1.1 200")); // both pipelined answers
    // Only the last answer announces the close, and the server then closes (raw_exchange
    // returned before its limit because the connection ended).
    const auto second = r.rfind("HTTP/1.1 200");
    BOOST_TEST(r.find("\r\nConnection: close\r\n") > second);
    BOOST_TEST(r.find("\r\nConnection: close\r\n") != std::string::npos);
    // An HTTP/1.0 client without keep-alive is answered in HTTP/1.1 and closed likewise.
    auto old = client.raw_exchange("GET /_mock/health HTTP/1.0\r\nHost: x\r\n\r\n",
                                   std::chrono::seconds(5));
    BOOST_TEST(old.starts_with("HTTP/1.1 200 OK\r\n"), old.substr(0, 40));
    BOOST_TEST(old.find("\r\nConnection: close\r\n") != std::string::npos);
    const auto body = old.substr(old.find("\r\n\r\n") + 4);
    BOOST_TEST(old.find("\r\nContent-Length: " + std::to_string(body.size()) + "\r\n") !=
               std::string::npos);
}

// A request whose start line, headers and body arrive in separate segments is read whole and
// answered once, with a Content-Length body and with a chunked one.
BOOST_FIXTURE_TEST_CASE(a_request_arriving_in_pieces_is_answered_once_whole, ServerFixture) {
    const std::string target = "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/"
                               "participants/fa1e9582-7145-4ca3-bcd8-577f561fcb6e/stopHoldMusic";
    const std::string body = R"({"clientContext": "in-pieces"})";
    const std::string head = "POST " + target +
                             " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
                             "Content-Type: application/json\r\nConnection: close\r\n";
    auto answers_once = [](const std::string& r) {
        BOOST_TEST(r.starts_with("HTTP/1.1 202"), r.substr(0, 40));
        BOOST_TEST(r.find("HTTP/1.1", 1) == std::string::npos); // one answer only
        const auto json = boost::json::parse(r.substr(r.find("\r\n\r\n") + 4));
        BOOST_TEST(json.at("clientContext") == "in-pieces");
        BOOST_TEST(json.at("status") == "completed");
    };
    const auto gap = std::chrono::milliseconds(20);
    answers_once(client.raw_exchange(
        {head.substr(0, 20), head.substr(20) + "Content-Length: " + std::to_string(body.size()),
         "\r\n\r\n" + body.substr(0, 10), body.substr(10)},
        gap, std::chrono::seconds(5)));
    auto chunk = [](const std::string& data) {
        std::ostringstream hex;
        hex << std::hex << data.size();
        return hex.str() + "\r\n" + data + "\r\n";
    };
    answers_once(
        client.raw_exchange({head + "Transfer-Encoding: chunked\r\n\r\n", chunk(body.substr(0, 12)),
                             chunk(body.substr(12)), "0\r\n\r\n"},
                            gap, std::chrono::seconds(5)));
}

// Wherever a stream of two pipelined requests is cut into two TCP segments, both get the answers
// they get uncut: the read loop resumes the parser at every boundary.
BOOST_FIXTURE_TEST_CASE(a_request_stream_cut_anywhere_gets_the_same_answers, ServerFixture) {
    const std::string body = R"({"clientContext": "cut"})";
    const std::string stream =
        "POST /v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/participants/"
        "fa1e9582-7145-4ca3-bcd8-577f561fcb6e/stopHoldMusic HTTP/1.1\r\nHost: x\r\n"
        "Authorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body +
        "GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    auto status_lines = [](const std::string& answers) {
        std::vector<std::string> out;
        for (auto at = answers.find("HTTP/1.1 "); at != std::string::npos;
             at = answers.find("HTTP/1.1 ", at + 1))
            out.push_back(answers.substr(at, 12));
        return out;
    };
    const std::vector<std::string> expected{"HTTP/1.1 202", "HTTP/1.1 200"};
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
        auto answers = client.raw_exchange({stream.substr(0, cut), stream.substr(cut)},
                                           std::chrono::milliseconds(1), std::chrono::seconds(5));
        BOOST_TEST_REQUIRE(status_lines(answers) == expected, "cut at byte " << cut);
        BOOST_TEST_REQUIRE(answers.find(R"("clientContext":"cut")") != std::string::npos,
                           "cut at byte " << cut);
    }
}

BOOST_AUTO_TEST_CASE(public_url_sets_the_location_base) {
    auto config = default_config();
    config.public_url = "https://graph.example.test";
    TestServer server(config);
    auto r = server.client().post(member_path + "/mute");
    BOOST_TEST(r.header("location")
                   .starts_with("https://graph.example.test/v1.0/communications/calls/"
                                "112f7296-5fa4-42ca-bae8-6a692b15d4b8/"
                                "operations/"));
}

BOOST_AUTO_TEST_CASE(auth_none_accepts_requests_without_a_token) {
    auto config = default_config();
    config.auth = gcm::app::AuthMode::none;
    TestServer server(config);
    BOOST_TEST(
        server.client().request("GET", group_call_path, "", {{"Authorization", ""}}).status ==
        200u);
}

BOOST_AUTO_TEST_CASE(stop_finishes_in_flight_work_and_refuses_new_connections) {
    auto server = std::make_unique<TestServer>();
    auto client = server->client();
    BOOST_TEST(client.get(group_call_path).status ==
               200u); // an idle keep-alive connection stays open
    const auto port = server->port();
    const auto started = std::chrono::steady_clock::now();
    server->server().stop();
    // Idle connections were closed at once rather than waited for (the grace period is 5 s).
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(4)));
    BOOST_CHECK_THROW(HttpClient(port).get("/_mock/health"), std::exception);
}

BOOST_AUTO_TEST_SUITE_END()
