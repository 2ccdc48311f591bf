// HTTP: what a call leaves in the scheduler — one keepAlive timer per live call, re-armed by each
// keepAlive, dropped when the call ends (not left to fire as a no-op when its 45-minute window is
// out, holding its memory until then).
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "test_server.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

using namespace gcm::test;
using namespace gcm::test::default_fixture;

namespace {

// What a quiet server has pending whatever its calls: the loaded calls' one keepAlive check, the
// idle sweep, and a few for what is still settling.
constexpr std::size_t quiet_timers = 4;

gcm::app::AppConfig quick() {
    auto config = default_config();
    auto& e = config.engine;
    e.call_setup = e.call_teardown = std::chrono::milliseconds(10);
    return config;
}

} // namespace

using QuickServer = ServerOn<quick>;

BOOST_FIXTURE_TEST_SUITE(timers, QuickServer)

BOOST_AUTO_TEST_CASE(an_ended_call_leaves_no_timer) {
    constexpr int count = 60;
    for (int i = 0; i < count; ++i) {
        const auto created = client.post("/v1.0/communications/calls", create_call_body());
        BOOST_TEST_REQUIRE(created.status == 201u);
        const auto id = std::string(created.json().at("id").as_string());
        BOOST_TEST_REQUIRE(client.del(calls + id).status == 204u);
    }
    // Each call's keepAlive check went with it; what the calls had under way ran out.
    const bool settled =
        wait_until([&] { return server.server().pending_timers() <= quiet_timers; });
    BOOST_TEST(settled, server.server().pending_timers()
                            << " timers pending after " << count << " calls ended");
}

BOOST_AUTO_TEST_CASE(keep_alives_rearm_one_timer) {
    constexpr int count = 200;
    for (int i = 0; i < count; ++i)
        BOOST_TEST_REQUIRE(client.post(calls + hold_call + "/keepAlive").status == 200u);
    const bool settled =
        wait_until([&] { return server.server().pending_timers() <= quiet_timers + 1; });
    BOOST_TEST(settled, server.server().pending_timers()
                            << " timers pending after " << count << " keepAlives on one call");
    // The call is still kept alive: its check was moved, not dropped.
    BOOST_TEST(client.get(calls + hold_call).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
