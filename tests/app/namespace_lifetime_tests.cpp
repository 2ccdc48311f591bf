// A namespace owns its workspace; timers and deliveries only hold it weakly. Once DELETE
// /_ns/{name} has forgotten it, what fires for it does nothing (run under ASan, a timer that
// kept a raw pointer would be a use after free), and the name starts fresh from the fixture.
#include "app_harness.hpp"
#include "event_fanout.hpp"
#include "test_server.hpp"
#include "waits.hpp"
#include "workspace.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <thread>

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

// What keeps a namespace from expiring: a lease (namespace_lease.hpp). The idle sweep is called
// by hand here (the harness runs none); an idle time of 0 has passed once the clock has moved on
// a millisecond or two from the last release.
BOOST_AUTO_TEST_SUITE(namespace_leases)

namespace {

using namespace std::chrono_literals;

// Bounded: the registry keeps times to the millisecond.
void let_two_milliseconds_pass() {
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 2ms)
        std::this_thread::yield();
}

// The answer a Later gives, once it gives one.
std::shared_ptr<std::optional<app::Response>> answer_of(app::Response& response) {
    auto answer = std::make_shared<std::optional<app::Response>>();
    auto* deferred = std::get_if<app::Deferred>(&response.mode);
    BOOST_TEST_REQUIRE(deferred != nullptr);
    deferred->later->attach([answer](app::Response r) { *answer = std::move(r); });
    return answer;
}

// While `answer` is pending its namespace `name` stays, sweep after sweep; once the virtual clock
// has run `until`, it is answered `status`, and the next sweep takes the namespace.
void kept_until_answered(AppHarness& h, const std::shared_ptr<std::optional<app::Response>>& answer,
                         std::chrono::milliseconds until, unsigned status,
                         const std::string& name) {
    auto& namespaces = h.app.namespaces();
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms).empty());
    BOOST_TEST(!answer->has_value());
    h.scheduler.run_due(until);
    BOOST_TEST_REQUIRE(answer->has_value());
    BOOST_TEST((*answer)->status == status);
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms) == std::vector<std::string>{name});
}

} // namespace

BOOST_AUTO_TEST_CASE(a_namespace_with_an_open_lease_never_expires) {
    AppHarness h(test::default_config());
    auto& namespaces = h.app.namespaces();
    auto lease = namespaces.find_or_create("held");
    BOOST_TEST_REQUIRE(static_cast<bool>(lease));
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms).empty());
    // Requests come and go meanwhile, each with a lease of its own that it gives back.
    BOOST_TEST(h.request(app::Method::get, "/_ns/held/_mock/health").status == 200u);
    BOOST_TEST(lease->leases() == 1u);
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms).empty());
    BOOST_TEST(namespaces.names() == std::vector<std::string>{"held"});
}

BOOST_AUTO_TEST_CASE(a_namespace_expires_once_its_last_lease_goes_and_its_idle_time_passes) {
    AppHarness h(test::default_config());
    auto& namespaces = h.app.namespaces();
    auto first = namespaces.find_or_create("ns");
    auto second = namespaces.find("ns");
    BOOST_TEST_REQUIRE(static_cast<bool>(second));
    BOOST_TEST(second->leases() == 2u);
    first.release();
    first.release(); // once only
    BOOST_TEST(second->leases() == 1u);
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms).empty()); // one lease left
    second.release();
    BOOST_TEST(namespaces.expire_idle(1h).empty()); // not idle for long enough
    let_two_milliseconds_pass();
    BOOST_TEST(namespaces.expire_idle(0ms) == std::vector<std::string>{"ns"});
    BOOST_TEST(!namespaces.find("ns"));
}

// A fault rule's delayed answer keeps its lease until it is written: what the request did is
// still there when the answer goes. Its idle time starts then.
BOOST_AUTO_TEST_CASE(a_delayed_answer_keeps_its_namespace) {
    AppHarness h(test::default_config());
    BOOST_TEST_REQUIRE(h.request(app::Method::post, "/_ns/slow/_mock/faults",
                                 R"({"match": {"method": "POST",
                                     "path": "/v1.0/communications/calls"}, "delayMs": 4000})")
                           .status == 201u);
    auto created = h.request(app::Method::post, "/_ns/slow/v1.0/communications/calls",
                             test::create_call_body());
    kept_until_answered(h, answer_of(created), 4000ms, 201u, "slow");
}

// A pending wait holds its namespace until it is answered (here: it times out).
BOOST_AUTO_TEST_CASE(a_pending_wait_keeps_its_namespace) {
    AppHarness h(test::default_config());
    auto waiting = h.request(app::Method::post, "/_ns/waiting/_mock/wait",
                             R"({"for": "request", "timeoutMs": 1000})");
    kept_until_answered(h, answer_of(waiting), 1000ms, 408u, "waiting");
}

// A request that found its namespace just before a DELETE still holds a lease on it. What it
// starts then must end at once: the journal appends no more, and anything left waiting would
// hold the lease (and the whole workspace) until it timed out.
BOOST_AUTO_TEST_CASE(a_wait_started_after_its_namespace_was_deleted_is_answered_at_once) {
    AppHarness h(test::default_config());
    auto& namespaces = h.app.namespaces();
    auto lease = namespaces.find_or_create("deleted");
    BOOST_TEST_REQUIRE(static_cast<bool>(lease));
    auto& workspace = *lease;
    BOOST_TEST_REQUIRE(namespaces.remove("deleted"));
    auto later = std::make_shared<app::Later>();
    auto answer = std::make_shared<std::optional<app::Response>>();
    later->attach([answer](app::Response r) { *answer = std::move(r); });
    workspace.now([&](const app::Serial::Turn& turn) {
        workspace.waits(turn).start(app::WaitSpec{}, later, workspace.lease());
    });
    BOOST_TEST_REQUIRE(answer->has_value()); // not after the spec's 10 s
    BOOST_TEST((*answer)->status == 404u);
    BOOST_TEST(workspace.waits_pending() == 0u);
    BOOST_TEST(workspace.leases() == 1u); // only this test's own
}

namespace {
struct Member final : app::FanoutMember {
    void appended(std::span<const app::StreamEntry>) override {}
    void cleared(std::uint64_t) override {}
    void closed() override { ++closings; }
    int closings = 0;
};
} // namespace

BOOST_AUTO_TEST_CASE(a_stream_that_joins_after_its_namespace_was_deleted_ends_at_once) {
    AppHarness h(test::default_config());
    auto& namespaces = h.app.namespaces();
    auto lease = namespaces.find_or_create("deleted"); // no stream ever joined it
    BOOST_TEST_REQUIRE(static_cast<bool>(lease));
    BOOST_TEST_REQUIRE(namespaces.remove("deleted"));
    auto member = std::make_shared<Member>();
    lease->now([&](const app::Serial::Turn& turn) { lease->event_fanout(turn).join(member); });
    BOOST_TEST(member->closings == 1);
}

BOOST_AUTO_TEST_SUITE_END()
