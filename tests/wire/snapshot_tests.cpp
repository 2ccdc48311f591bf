// Loading from a shared snapshot: calls at rest stay frozen (their JSON text) until first
// touched, every namespace's engine shares the snapshot's calls and copies one only when it
// changes it, and one timer checks every loaded call's keepAlive window.
#include "gcm/state/engine.hpp"
#include "gcm/wire/fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

using namespace gcm;

namespace {

std::string default_fixture() {
    std::ifstream in(std::string(GCM_SOURCE_DIR) + "/fixtures/default.json");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Three calls at rest and one still establishing.
const char* four_calls = R"({"calls": [
  {"id": "a", "state": "established", "callbackUri": "https://bot/cb", "tenantId": "t",
   "myParticipantId": "pa", "chatInfo": {"threadId": "19:a@thread.v2"},
   "participants": [{"id": "pa", "info": {"identity": {"application": {"id": "bot"}}}},
                    {"id": "pb", "info": {"identity": {"user": {"id": "u1", "displayName": "U"}}},
                     "mediaStreams": [{"mediaType": "audio", "sourceId": "7", "direction": "sendReceive"}]}]},
  {"id": "b", "state": "established", "callbackUri": "https://bot/cb", "tenantId": "t",
   "participants": [{"id": "pc", "info": {"identity": {"user": {"id": "u2"}}}}]},
  {"id": "c", "state": "hold", "callbackUri": "https://bot/cb", "tenantId": "t"},
  {"id": "d", "state": "establishing", "callbackUri": "https://bot/cb", "tenantId": "t"}]})";

state::Snapshot snapshot(const std::string& text) {
    auto parsed = wire::parse_fixture_snapshot(text);
    BOOST_TEST_REQUIRE(parsed.has_value());
    return *parsed;
}

} // namespace

BOOST_AUTO_TEST_SUITE(snapshots)

BOOST_AUTO_TEST_CASE(calls_at_rest_stay_frozen_and_load_as_the_decoded_fixture_does) {
    for (const std::string& text : {std::string(four_calls), default_fixture()}) {
        const auto shared = snapshot(text);
        auto decoded = wire::parse_fixture(text);
        BOOST_TEST_REQUIRE(decoded.has_value());
        BOOST_TEST_REQUIRE(shared.size() == decoded->size());
        for (std::size_t i = 0; i < shared.size(); ++i) {
            BOOST_TEST(shared[i].id == (*decoded)[i].id());
            BOOST_TEST(bool(shared[i].frozen) == state::at_rest((*decoded)[i]));
            BOOST_TEST(bool(shared[i].frozen) != bool(shared[i].call));
        }
        state::Engine from_snapshot, from_calls;
        state::Effects a, b;
        from_snapshot.load(a, shared);
        from_calls.load(b, std::move(*decoded));
        // Exported (thawed for the copy) and read (thawed in place), they are the same calls.
        BOOST_TEST((from_snapshot.all_calls() == from_calls.all_calls()));
        for (const auto& call : from_calls.all_calls()) {
            BOOST_TEST((from_snapshot.get_call(call.id()).value() == call));
            for (const auto& [id, p] : call.participants)
                BOOST_TEST((from_snapshot.get_participant(call.id(), id).value() == p));
        }
        BOOST_TEST((from_snapshot.all_calls() == from_calls.all_calls()));
    }
    const auto four = snapshot(four_calls);
    BOOST_TEST(bool(four[0].frozen));
    BOOST_TEST(bool(four[3].call)); // establishing: decoded, its setup resumed at load
}

BOOST_AUTO_TEST_CASE(engines_sharing_a_snapshot_copy_a_call_only_to_change_it) {
    const auto shared = snapshot(four_calls);
    const auto before = state::calls_of(shared);
    state::Engine first, second;
    state::Effects fx;
    first.load(fx, shared);
    second.load(fx, shared);
    BOOST_TEST_REQUIRE(first.mute_participant(fx, "a", "pb", std::nullopt).has_value());
    BOOST_TEST_REQUIRE(first.hang_up(fx, "d").has_value());
    BOOST_TEST(first.get_participant("a", "pb").value().is_muted);
    BOOST_TEST(!second.get_participant("a", "pb").value().is_muted);
    BOOST_TEST((second.get_call("d").value().resource.state == state::CallState::establishing));
    BOOST_TEST((state::calls_of(shared) == before)); // the snapshot never changes
    // A reload returns to it.
    first.load(fx, shared);
    BOOST_TEST(!first.get_participant("a", "pb").value().is_muted);
    // Media source ids continue above the frozen call's own (settled when it thaws).
    BOOST_TEST(first.get_call("a").value().bookkeeping.next_source_id == 8u);
}

BOOST_AUTO_TEST_CASE(one_timer_checks_every_loaded_calls_keepalive_window) {
    const auto shared = snapshot(four_calls);
    state::Engine engine;
    state::Effects loaded;
    engine.load(loaded, shared);
    std::vector<state::DeferredAction> checks;
    for (const auto& d : loaded.deferred)
        if (d.action.kind == state::DeferredAction::Kind::check_keepalive)
            checks.push_back(d.action);
    BOOST_TEST_REQUIRE(checks.size() == 1u); // not one per call
    state::Effects fx;
    BOOST_TEST_REQUIRE(engine.keep_alive(fx, "b").has_value()); // "b" was kept alive
    state::Effects expired;
    engine.fire(expired, checks.front());
    std::vector<std::string> ended;
    for (const auto& e : expired.events)
        if (const auto* s = std::get_if<state::CallStateChanged>(&e);
            s && s->state == state::CallState::terminated)
            ended.push_back(s->call.id);
    BOOST_TEST((ended == std::vector<std::string>{"a", "c", "d"}));
    BOOST_TEST(engine.call_count() == 1u);
    BOOST_TEST(engine.get_call("b").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
