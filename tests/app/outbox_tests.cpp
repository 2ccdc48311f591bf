// What a request causes leaves with its response; what time causes leaves on its own. The
// harness runs a deferred action while the request that scheduled it is still being answered
// (right where the application schedules it), so notifications that took their route from
// "which request is in flight on this thread" would ride with the wrong response.
#include "app_harness.hpp"
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm;
using gcm::test::AppHarness;

namespace {

app::AppConfig notifying_config() {
    auto config = test::default_config();
    config.notifications = true;
    return config;
}

// A scheduler that runs what is due within `horizon` the moment it is scheduled.
class EagerScheduler final : public app::Scheduler {
public:
    explicit EagerScheduler(std::chrono::milliseconds horizon) : horizon_(horizon) {}
    void after(std::chrono::milliseconds delay, std::function<void()> task) override {
        if (delay <= horizon_)
            task();
    }

private:
    std::chrono::milliseconds horizon_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(outbox)

BOOST_AUTO_TEST_CASE(a_request_carries_its_own_notifications_and_time_sends_the_rest) {
    AppHarness h(notifying_config());
    auto created =
        h.request(app::Method::post, "/v1.0/communications/calls", test::create_call_body());
    BOOST_TEST_REQUIRE(created.status == 201u);
    // establishing: caused by the request, so it waits for the response to be written.
    BOOST_TEST_REQUIRE(created.notifications.size() == 1u);
    BOOST_TEST(test::resource_data(created.notifications[0]).at("state") == "establishing");
    BOOST_TEST(h.sink.sent.empty());

    // established: caused by time, sent at once.
    BOOST_TEST(h.scheduler.run_due(std::chrono::seconds(1)) >= 1u);
    BOOST_TEST_REQUIRE(h.sink.sent.size() == 1u);
    BOOST_TEST(test::resource_data(h.sink.sent[0]).at("state") == "established");
}

BOOST_AUTO_TEST_CASE(a_timer_that_fires_while_a_request_is_answered_does_not_ride_with_it) {
    EagerScheduler scheduler(std::chrono::seconds(1));
    test::RecordingSink sink;
    auth::TokenSigner signer;
    app::Application app(notifying_config(), scheduler, &sink, signer);
    const auto body = test::create_call_body();
    app::Request r;
    r.method = app::Method::post;
    r.target = "/v1.0/communications/calls";
    r.body = body;
    r.host = "localhost";
    r.authorization = "Bearer test";
    r.content_type = "application/json";
    auto created = app.handle(r);
    BOOST_TEST_REQUIRE(created.status == 201u);
    BOOST_TEST_REQUIRE(created.notifications.size() == 1u);
    BOOST_TEST(test::resource_data(created.notifications[0]).at("state") == "establishing");
    BOOST_TEST_REQUIRE(sink.sent.size() == 1u);
    BOOST_TEST(test::resource_data(sink.sent[0]).at("state") == "established");
}

BOOST_AUTO_TEST_CASE(a_refused_request_causes_nothing) {
    AppHarness h(notifying_config());
    const std::string call = "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d";
    const auto timers = h.scheduler.pending(); // the fixture's keepAlive checks
    auto refused = h.request(app::Method::post, call + "/participants/nobody/startHoldMusic", "{}");
    BOOST_TEST(refused.status == 404u);
    BOOST_TEST(refused.notifications.empty());
    BOOST_TEST(h.scheduler.pending() == timers); // nothing was scheduled
}

BOOST_AUTO_TEST_SUITE_END()
