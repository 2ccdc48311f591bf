// A namespace owns its workspace; timers and deliveries only hold it weakly. Once DELETE
// /_ns/{name} has forgotten it, what fires for it does nothing (run under ASan, a timer that
// kept a raw pointer would be a use after free), and the name starts fresh from the fixture.
#include "app_harness.hpp"
#include "test_server.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm;
using gcm::test::AppHarness;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(namespace_lifetime)

BOOST_AUTO_TEST_CASE(a_deleted_namespace_leaves_nothing_behind) {
    auto config = test::default_config();
    config.notifications = true;
    AppHarness h(config);
    const auto before = h.scheduler.pending(); // the default namespace's timers
    auto created = h.request(app::Method::post, "/_ns/gone/v1.0/communications/calls",
                             test::create_call_body());
    BOOST_TEST_REQUIRE(created.status == 201u);
    const auto call_id = std::string(json::parse(created.body).at("id").as_string());
    BOOST_TEST_REQUIRE(created.aftermath.notifications.size() == 1u);
    BOOST_TEST(h.scheduler.pending() > before); // the namespace's fixture and its new call
    auto listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().size() == 1u);

    BOOST_TEST(h.request(app::Method::delete_, "/_ns/gone").status == 204u);
    BOOST_TEST(h.request(app::Method::delete_, "/_ns/gone").status == 404u);
    listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().empty());
    // Its timers are dropped, and the notifier is told to forget what it still holds for it.
    BOOST_TEST(h.scheduler.pending() == before);
    BOOST_TEST_REQUIRE(h.sink.forgotten.size() == 1u);
    BOOST_TEST(created.aftermath.notifications[0].ordering_key.group == h.sink.forgotten[0]);
    // A delivery report that arrives afterwards finds no journal to write to, and harms nothing
    // (under ASan, a callback that kept a raw pointer would be a use after free).
    created.aftermath.notifications[0].record({call_id,
                                               "https://bot.example/callback",
                                               1,
                                               202,
                                               {},
                                               std::chrono::milliseconds(1),
                                               app::DeliveryOutcome::delivered});

    // The name comes back fresh from the fixture.
    BOOST_TEST(
        h.request(app::Method::get, "/_ns/gone/v1.0/communications/calls/" + call_id).status ==
        404u);
    auto health = json::parse(h.request(app::Method::get, "/_ns/gone/_mock/health").body);
    BOOST_TEST(health.at("calls").to_number<std::size_t>() ==
               test::default_config().fixture.size());
}

BOOST_AUTO_TEST_CASE(a_target_that_cannot_be_routed_makes_no_namespace) {
    auto config = test::default_config();
    config.max_namespaces = 1;
    AppHarness h(config);
    BOOST_TEST(h.request(app::Method::get, "/_ns/typo/nonsense").status == 404u);
    BOOST_TEST(h.request(app::Method::get, "/_ns/typo2/v2/whatever").status == 404u);
    auto listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().empty());
    BOOST_TEST(h.request(app::Method::get, "/_ns/real/_mock/health").status == 200u);
    // A trailing slash is not the namespace itself: this deletes nothing.
    BOOST_TEST(h.request(app::Method::delete_, "/_ns/real/").status == 404u);
    listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().size() == 1u);
    // Beyond --max-namespaces: 429, journaled (as a Graph request) in the default namespace.
    auto refused =
        h.request(app::Method::get,
                  "/_ns/second/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d");
    BOOST_TEST(refused.status == 429u);
    const auto journal = json::parse(h.request(app::Method::get, "/_mock/journal").body);
    std::vector<std::int64_t> statuses;
    for (const auto& e : journal.at("value").as_array())
        if (e.at("kind") == "request")
            statuses.push_back(e.at("status").to_number<std::int64_t>());
    // (The trailing-slash DELETE is in "real"'s journal: that namespace exists.)
    BOOST_TEST((statuses == std::vector<std::int64_t>{404, 404, 429}));
}

// A name goes back out verbatim (the namespace list, the journal, Location headers): one of raw
// bytes made the list invalid UTF-8 JSON (found by fuzz_http). Such a name is refused, makes no
// namespace, and the list stays JSON.
BOOST_AUTO_TEST_CASE(a_namespace_name_outside_url_unreserved_ascii_is_refused) {
    AppHarness h(test::default_config());
    const std::string too_long(65, 'n');
    for (const std::string& name :
         {std::string("\xff\xfe"), std::string("w%203"), std::string("a\"b"), std::string(".."),
          std::string("."), too_long}) {
        auto refused = h.request(app::Method::get, "/_ns/" + name + "/_mock/health");
        BOOST_TEST(refused.status == 400u, name);
        BOOST_TEST(json::parse(refused.body).at("error").at("code") == "BadRequest");
        BOOST_TEST(h.request(app::Method::post, "/_ns/" + name + "/_mock/faults",
                             R"({"match": {"method": "GET"}, "respond": {"status": 500}})")
                       .status == 400u);
    }
    const auto listed = h.request(app::Method::get, "/_mock/namespaces");
    boost::system::error_code ec;
    const auto value = json::parse(listed.body, ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST(value.at("value").as_array().empty());
    // The longest and every character the rule allows are taken.
    const std::string longest(64, 'n');
    BOOST_TEST(h.request(app::Method::get, "/_ns/" + longest + "/_mock/health").status == 200u);
    BOOST_TEST(h.request(app::Method::get, "/_ns/Az09-_.~/_mock/health").status == 200u);
    BOOST_TEST(h.request(app::Method::get, "/_ns/.../_mock/health").status == 400u);
    BOOST_TEST(h.request(app::Method::get, "/_ns/.w./_mock/health").status == 200u);
}

BOOST_AUTO_TEST_CASE(a_namespace_takes_only_delete_and_an_unknown_one_is_not_made) {
    AppHarness h(test::default_config());
    BOOST_TEST(h.request(app::Method::delete_, "/_ns/never-made").status == 404u);
    BOOST_TEST(h.request(app::Method::get, "/_ns/never-made").status == 404u);
    auto listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().empty());
    BOOST_TEST(h.request(app::Method::get, "/_ns/somewhere/_mock/health").status == 200u);
    auto wrong = h.request(app::Method::get, "/_ns/somewhere");
    BOOST_TEST(wrong.status == 405u);
    const std::pair<std::string, std::string> allow{"Allow", "DELETE"};
    BOOST_TEST(
        (std::find(wrong.headers.begin(), wrong.headers.end(), allow) != wrong.headers.end()));
}

BOOST_AUTO_TEST_SUITE_END()
