// What a request causes leaves with its response (its notifications, then its timers); what time
// causes leaves on its own. A scheduler that runs tasks the moment they are scheduled shows that
// no timer of a request can notify before the request's own notifications have gone.
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
    void after(std::chrono::milliseconds delay, std::function<void()> task, Group) override {
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
    // establishing: caused by the request, so it rode with the response to the sink.
    BOOST_TEST_REQUIRE(created.aftermath.notifications.size() == 1u);
    BOOST_TEST(test::resource_data(created.aftermath.notifications[0]).at("state") ==
               "establishing");
    BOOST_TEST_REQUIRE(h.sink.sent.size() == 1u);

    // established, the roster, the media connecting: caused by time, sent at once.
    BOOST_TEST(h.scheduler.run_due(std::chrono::seconds(1)) >= 1u);
    BOOST_TEST_REQUIRE(h.sink.sent.size() == 4u);
    BOOST_TEST(test::resource_data(h.sink.sent[1]).at("state") == "established");
    BOOST_TEST(test::resource_data(h.sink.sent[2]).at("mediaState").at("audio") == "active");
    BOOST_TEST(
        test::resource_data(h.sink.sent[3]).is_array()); // the roster: the bot and the callee
}

BOOST_AUTO_TEST_CASE(a_request_s_timers_start_only_after_its_notifications_left) {
    EagerScheduler scheduler(std::chrono::seconds(1));
    test::RecordingSink sink;
    auth::TokenSigner signer;
    app::Application app(notifying_config(), scheduler, &sink, signer);
    const auto body = test::create_call_body();
    app::Request request;
    request.method = app::Method::post;
    request.target = "/v1.0/communications/calls";
    request.body = body;
    request.host = "localhost";
    request.authorization = "Bearer test";
    request.content_type = "application/json";
    auto created = app.handle(request);
    BOOST_TEST_REQUIRE(created.status == 201u);
    // Until the response is written, nothing has gone and nothing has fired.
    BOOST_TEST(sink.sent.empty());
    BOOST_TEST_REQUIRE(created.aftermath.notifications.size() == 1u);
    app.deliver(std::move(created.aftermath));
    // The eager scheduler fired the call's setup as soon as its timer started: after.
    BOOST_TEST_REQUIRE(sink.sent.size() == 4u);
    BOOST_TEST(test::resource_data(sink.sent[0]).at("state") == "establishing");
    BOOST_TEST(test::resource_data(sink.sent[1]).at("state") == "established");
}

BOOST_AUTO_TEST_CASE(a_refused_request_causes_nothing) {
    AppHarness h(notifying_config());
    const std::string call = "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d";
    const auto timers = h.scheduler.pending(); // the fixture's keepAlive checks
    auto refused = h.request(app::Method::post, call + "/participants/nobody/startHoldMusic", "{}");
    BOOST_TEST(refused.status == 404u);
    BOOST_TEST(refused.aftermath.notifications.empty());
    BOOST_TEST(h.sink.sent.empty());
    BOOST_TEST(h.scheduler.pending() == timers); // nothing was scheduled
}

BOOST_AUTO_TEST_SUITE_END()
