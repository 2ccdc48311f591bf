// The journal records every Graph request exactly once, answered or refused (400, 401, 404,
// 405, 415), each before the events it caused; control-plane requests are not Graph requests.
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "gcm/app/config.hpp"
#include "test_server.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm::test;
using namespace gcm::test::default_fixture;
namespace json = boost::json;

namespace {
// A journal of 64 KiB.
gcm::app::AppConfig small_journal() {
    auto config = default_config();
    config.journal_bytes = 64 * 1024;
    return config;
}
} // namespace

BOOST_FIXTURE_TEST_SUITE(journal, ServerFixture)

BOOST_AUTO_TEST_CASE(every_graph_request_is_recorded_once_refused_or_not) {
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
    send("GET", group_call_path, "");
    send("GET", "/v1.0/communications/nothing", "");
    send("POST", member_path + "/mute", "hello", {{"Content-Type", "text/plain"}});
    send("GET", group_call_path, "", {{"Authorization", ""}});
    send("POST", member_path + "/mute", "{bad");
    send("GET", "/v2/communications/calls", "");
    send("PUT", group_call_path, "{}");
    send("POST", member_path + "/mute", R"({"clientContext": "ok"})");
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

// Issue 21: a flood of refused requests (no token) with 16 KiB bodies kept each body whole, and
// the journal was bounded only in entries. Now each refused request keeps a 256-byte excerpt,
// marked as cut, and the journal's bytes stay within its budget.
BOOST_FIXTURE_TEST_CASE(refused_requests_keep_a_short_excerpt_within_the_byte_budget,
                        ServerFixture) {
    const std::string body = R"({"padding": ")" + std::string(16 * 1024 - 15, 'x') + R"("})";
    BOOST_TEST_REQUIRE(body.size() == 16u * 1024);
    constexpr std::size_t sent = 2000;
    for (std::size_t i = 0; i < sent; ++i)
        BOOST_TEST_REQUIRE(
            client.request("POST", "/v1.0/communications/calls", body, {{"Authorization", ""}})
                .status == 401u);

    const auto journal = client.get("/_mock/journal").json().as_object();
    const auto bytes = journal.at("bytes").to_number<std::size_t>();
    const auto budget = journal.at("byteBudget").to_number<std::size_t>();
    BOOST_TEST(budget == gcm::app::AppConfig{}.journal_bytes);
    BOOST_TEST(bytes <= budget);
    const auto& entries = journal.at("value").as_array();
    // Short excerpts: every one of them still fits, at well under 16 KiB each.
    BOOST_TEST(entries.size() == sent);
    BOOST_TEST(bytes / entries.size() < 4096u);
    for (const auto& e : entries) {
        BOOST_TEST_REQUIRE(e.at("kind") == "request");
        BOOST_TEST(e.at("status") == 401);
        BOOST_TEST(e.at("body").as_string() == body.substr(0, 256)); // cut JSON reads as text
        BOOST_TEST(e.at("bodyTruncated") == true);
        BOOST_TEST(e.at("bodySize") == 16 * 1024);
    }
    // A request a handler read keeps up to 16 KiB, even one it refused.
    auto accepted = client.post(member_path + "/mute",
                                R"({"clientContext": ")" + std::string(8 * 1024, 'c') + R"("})");
    BOOST_TEST_REQUIRE(accepted.status == 400u, accepted.body); // clientContext too long
    auto last = client.get("/_mock/requests?path=/v1.0/communications/calls/**/mute").json();
    BOOST_TEST_REQUIRE(last.at("count") == 1);
    BOOST_TEST(last.at("value").at(0).at("body").at("clientContext").as_string().size() ==
               8u * 1024);
    BOOST_TEST(!last.at("value").at(0).as_object().contains("bodyTruncated"));
}

// With a small --journal-bytes the oldest entries go first; sequences keep rising, and every
// reader (the journal, /_mock/requests, HAR, a wait with `since`) sees the newest entries.
BOOST_FIXTURE_TEST_CASE(a_small_byte_budget_evicts_the_oldest_entries_first,
                        ServerOn<small_journal>) {
    constexpr int sent = 200;
    const std::string padding(1024, 'p');
    for (int i = 0; i < sent; ++i)
        BOOST_TEST_REQUIRE(
            client.get("/v1.0/communications/calls/missing-" + std::to_string(i) + "-" + padding)
                .status == 404u);

    const auto journal = client.get("/_mock/journal").json().as_object();
    BOOST_TEST(journal.at("bytes").to_number<std::size_t>() <= 64u * 1024);
    const auto& entries = journal.at("value").as_array();
    BOOST_TEST_REQUIRE(!entries.empty());
    BOOST_TEST_REQUIRE(entries.size() < std::size_t(sent)); // some went
    // What is held is the newest, in order, contiguous up to the last one sent.
    const auto first_held = sent - int(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        BOOST_TEST(entries[i].at("sequence").to_number<int>() == first_held + int(i) + 1);
        BOOST_TEST(entries[i].at("path").as_string() == "/v1.0/communications/calls/missing-" +
                                                            std::to_string(first_held + int(i)) +
                                                            "-" + padding);
    }
    BOOST_TEST(client.get("/_mock/requests").json().at("count").to_number<std::size_t>() ==
               entries.size());
    BOOST_TEST(client.get("/_mock/journal.har").json().at("log").at("entries").as_array().size() ==
               entries.size());
    auto found = client.post("/_mock/wait", R"({"for": "request", "since": 0,
        "match": {"path": "/v1.0/communications/calls/missing-)" +
                                                std::to_string(sent - 1) + "-" + padding +
                                                R"("}, "timeoutMs": 2000})");
    BOOST_TEST(found.status == 200u, found.body);
    // An evicted request is not found any more: the wait times out (bounded).
    auto gone = client.post("/_mock/wait", R"({"for": "request", "since": 0,
        "match": {"path": "/v1.0/communications/calls/missing-0-)" +
                                               padding + R"("}, "timeoutMs": 200})");
    BOOST_TEST(gone.status == 408u);
    // Sequences carry on after eviction.
    BOOST_TEST(client.get("/v1.0/communications/calls/one-more").status == 404u);
    const auto after = client.get("/_mock/journal").json().at("value").as_array();
    BOOST_TEST(after.back().at("sequence") == sent + 1);
}

BOOST_AUTO_TEST_SUITE_END()
