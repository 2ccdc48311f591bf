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

BOOST_AUTO_TEST_CASE(what_fires_after_a_namespace_is_deleted_does_nothing) {
    auto config = test::default_config();
    config.notifications = true;
    AppHarness h(config);
    auto created = h.request(app::Method::post, "/_ns/gone/v1.0/communications/calls",
                             test::create_call_body());
    BOOST_TEST_REQUIRE(created.status == 201u);
    const auto call_id = std::string(json::parse(created.body).at("id").as_string());
    BOOST_TEST_REQUIRE(created.notifications.size() == 1u);
    auto listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().size() == 1u);

    BOOST_TEST(h.request(app::Method::delete_, "/_ns/gone").status == 204u);
    BOOST_TEST(h.request(app::Method::delete_, "/_ns/gone").status == 404u);
    listed = json::parse(h.request(app::Method::get, "/_mock/namespaces").body);
    BOOST_TEST(listed.at("value").as_array().empty());

    // The call's timer (establish) fires into nothing; its notification's delivery report
    // finds no journal to write to.
    BOOST_TEST(h.scheduler.run_due(std::chrono::minutes(10)) >= 1u);
    BOOST_TEST(h.sink.sent.empty());
    created.notifications[0].record({call_id,
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
