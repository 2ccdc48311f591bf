// The journal records every Graph request exactly once, answered or refused (400, 401, 404,
// 405, 415), each before the events it caused; control-plane requests are not Graph requests.
#include "test_server.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm::test;
namespace json = boost::json;

namespace {
const std::string call = "/v1.0/communications/calls/112f7296-5fa4-42ca-bae8-6a692b15d4b8";
const std::string member = call + "/participants/a7ebfb2d-871e-419c-87af-27290b22e8db";
} // namespace

BOOST_AUTO_TEST_SUITE(journal)

BOOST_AUTO_TEST_CASE(every_graph_request_is_recorded_once_refused_or_not) {
    TestServer server;
    auto client = server.client();
    struct Sent {
        std::string method;
        std::string target;
        unsigned status;
    };
    std::vector<Sent> sent;
    auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                    const Headers& headers = {}) {
        auto r = client.request(method, target, body, headers);
        sent.push_back({method, target, r.status});
    };
    send("GET", call, "");
    send("GET", "/v1.0/communications/nothing", "");
    send("POST", member + "/mute", "hello", {{"Content-Type", "text/plain"}});
    send("GET", call, "", {{"Authorization", ""}});
    send("POST", member + "/mute", "{bad");
    send("GET", "/v2/communications/calls", "");
    send("PUT", call, "{}");
    send("POST", member + "/mute", R"({"clientContext": "ok"})");
    BOOST_TEST(client.get("/_mock/health").status == 200u); // not a Graph request
    const std::vector<unsigned> statuses = {200, 404, 415, 401, 400, 404, 405, 200};
    for (std::size_t i = 0; i < sent.size(); ++i)
        BOOST_TEST(sent[i].status == statuses[i]);

    auto entries = client.get("/_mock/journal").json().at("value").as_array();
    std::vector<const json::object*> requests;
    for (const auto& e : entries)
        if (e.at("kind") == "request")
            requests.push_back(&e.as_object());
    BOOST_TEST_REQUIRE(requests.size() == sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        BOOST_TEST_CONTEXT(sent[i].method << " " << sent[i].target) {
            BOOST_TEST(requests[i]->at("method").as_string() == sent[i].method);
            BOOST_TEST(requests[i]->at("path").as_string() == sent[i].target);
            BOOST_TEST(requests[i]->at("status").to_number<unsigned>() == sent[i].status);
            BOOST_TEST(requests[i]->at("latencyMs").to_number<double>() >= 0.0);
        }
    }
    // The last mute's roster event follows its request.
    BOOST_TEST(entries.back().at("kind") == "rosterChanged");
    BOOST_TEST(entries.at(entries.size() - 2).at("kind") == "request");
}

BOOST_AUTO_TEST_SUITE_END()
