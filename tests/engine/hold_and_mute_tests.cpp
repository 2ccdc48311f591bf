// Engine: startHoldMusic / stopHoldMusic / mute on each relevant participant state.
#include "engine_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::state;
using gcm::test::call_id;
using gcm::test::EngineFixture;
using gcm::test::events_of;

BOOST_AUTO_TEST_SUITE(hold_and_mute)

BOOST_AUTO_TEST_CASE(start_hold_puts_participant_on_hold_and_defers_completion) {
    EngineFixture f;
    auto op = f.engine.start_hold_music(f.fx, call_id, "alice",
                                        {"ctx-1", R"({"mediaInfo":{"uri":"x"}})"});
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST(op->id == "id-1");
    BOOST_TEST((op->kind == OperationKind::start_hold_music));
    BOOST_TEST((op->status == OperationStatus::running));
    BOOST_TEST(*op->client_context == "ctx-1");
    BOOST_TEST(f.participant("alice").on_hold);
    BOOST_TEST(*f.participant("alice").hold_prompt == R"({"mediaInfo":{"uri":"x"}})");

    auto fx = f.take();
    auto roster = events_of<RosterChanged>(fx);
    BOOST_TEST_REQUIRE(roster.size() == 1u);
    BOOST_TEST(roster[0].updated.at(0).id == "alice");
    BOOST_TEST(roster[0].updated.at(0).on_hold);
    BOOST_TEST_REQUIRE(fx.deferred.size() == 1u);
    BOOST_TEST(fx.deferred[0].after.count() == 20);
    BOOST_TEST((fx.deferred[0].action.kind == DeferredAction::Kind::complete_operation));

    f.engine.fire(f.fx, fx.deferred[0].action);
    BOOST_TEST((f.engine.get_operation(call_id, op->id)->status == OperationStatus::completed));
    auto finished = events_of<OperationFinished>(f.take());
    BOOST_TEST_REQUIRE(finished.size() == 1u);
    BOOST_TEST(finished[0].operation.id == op->id);
    BOOST_TEST(!finished[0].operation.result_info.has_value());

    // A second firing of the same action is moot: no second notification.
    f.engine.fire(f.fx, fx.deferred[0].action);
    BOOST_TEST(f.take().events.empty());
}

BOOST_AUTO_TEST_CASE(stop_hold_completes_immediately_without_operation_event) {
    EngineFixture f;
    BOOST_TEST_REQUIRE(f.engine.start_hold_music(f.fx, call_id, "alice", {}).has_value());
    f.take();
    auto op = f.engine.stop_hold_music(f.fx, call_id, "alice", std::string("ctx-2"));
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST((op->status == OperationStatus::completed));
    BOOST_TEST(!op->result_info.has_value());
    BOOST_TEST(!f.participant("alice").on_hold);
    BOOST_TEST(!f.participant("alice").hold_prompt.has_value());
    auto fx = f.take();
    BOOST_TEST(events_of<OperationFinished>(fx).empty());
    BOOST_TEST(events_of<RosterChanged>(fx).size() == 1u);
    BOOST_TEST(fx.deferred.empty());
}

// Misuse the docs leave open: accepted with a warning by default, refused under --strict.
struct MisuseCase {
    const char* name;
    std::function<void(Engine&, Effects&)> setup;
    std::function<bool(Engine&, Effects&)> act; // true when the engine accepted
    bool expect_on_hold_after;                  // alice's hold state when accepted
};

BOOST_AUTO_TEST_CASE(hold_misuse_warns_by_default_and_is_refused_when_strict) {
    const std::vector<MisuseCase> cases = {
        {"second participant on hold",
         [](Engine& e, Effects& fx) { (void)e.start_hold_music(fx, call_id, "bob", {}); },
         [](Engine& e, Effects& fx) {
             return e.start_hold_music(fx, call_id, "alice", {}).has_value();
         },
         true},
        {"start hold twice",
         [](Engine& e, Effects& fx) { (void)e.start_hold_music(fx, call_id, "alice", {}); },
         [](Engine& e, Effects& fx) {
             return e.start_hold_music(fx, call_id, "alice", {}).has_value();
         },
         true},
        {"stop hold without hold", [](Engine&, Effects&) {},
         [](Engine& e, Effects& fx) {
             return e.stop_hold_music(fx, call_id, "alice", {}).has_value();
         },
         false},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            EngineFixture lenient(false);
            c.setup(lenient.engine, lenient.fx);
            lenient.take();
            BOOST_TEST(c.act(lenient.engine, lenient.fx));
            BOOST_TEST(lenient.participant("alice").on_hold == c.expect_on_hold_after);
            BOOST_TEST(events_of<Warning>(lenient.take()).size() == 1u);

            EngineFixture strict(true);
            c.setup(strict.engine, strict.fx);
            strict.take();
            const auto before = strict.call();
            BOOST_TEST(!c.act(strict.engine, strict.fx));
            BOOST_TEST((strict.call() == before));
            BOOST_TEST(strict.take().events.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(strict_refusal_names_illegal_state) {
    EngineFixture f(true);
    auto r = f.engine.stop_hold_music(f.fx, call_id, "alice", {});
    BOOST_TEST_REQUIRE(r.has_error());
    BOOST_TEST((r.error().code == errc::illegal_state));
    BOOST_TEST(r.error().message.find("not on hold") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hold_on_an_invited_participant_is_a_warning) {
    EngineFixture f;
    BOOST_TEST_REQUIRE(
        f.engine
            .invite_participants(f.fx, call_id, {EngineFixture::invitee("user-carol", "carol")}, {})
            .has_value());
    f.take();
    auto op = f.engine.start_hold_music(f.fx, call_id, "carol", {});
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST(events_of<Warning>(f.take()).size() == 1u);
}

BOOST_AUTO_TEST_CASE(mute_sets_is_muted_and_server_mutes_audio) {
    EngineFixture f;
    auto op = f.engine.mute_participant(f.fx, call_id, "bob", std::string("m"));
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST((op->kind == OperationKind::mute_participant));
    BOOST_TEST((op->status == OperationStatus::completed));
    auto bob = f.participant("bob");
    BOOST_TEST(bob.is_muted);
    BOOST_TEST(bob.media_streams.at(0).server_muted);
    auto fx = f.take();
    BOOST_TEST(events_of<RosterChanged>(fx).size() == 1u);
    BOOST_TEST(events_of<OperationFinished>(fx).empty());
    BOOST_TEST(bob.roster_sequence_number == f.call().bookkeeping.roster_sequence);
}

BOOST_AUTO_TEST_CASE(mute_all_mutes_those_listed_as_mute_does) {
    EngineFixture f;
    auto op = f.engine.mute_all(f.fx, call_id, {"bob"}, std::string("all"));
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST((op->status == OperationStatus::completed));
    auto bob = f.participant("bob");
    BOOST_TEST(bob.is_muted);
    BOOST_TEST(bob.media_streams.at(0).server_muted);
    BOOST_TEST(!f.participant("alice").is_muted);
    auto roster = events_of<RosterChanged>(f.take());
    BOOST_TEST_REQUIRE(roster.size() == 1u);
    BOOST_TEST_REQUIRE(roster[0].updated.size() == 1u);
    BOOST_TEST(roster[0].updated[0].id == "bob");
}

BOOST_AUTO_TEST_CASE(every_operation_is_kept_and_listed) {
    EngineFixture f;
    (void)f.engine.mute_participant(f.fx, call_id, "bob", {});
    (void)f.engine.start_hold_music(f.fx, call_id, "alice", {});
    (void)f.engine.stop_hold_music(f.fx, call_id, "alice", {});
    auto ops = f.engine.list_operations(call_id);
    BOOST_TEST_REQUIRE(ops.has_value());
    BOOST_TEST(ops->size() == 3u);
}

BOOST_AUTO_TEST_CASE(finished_operations_beyond_the_cap_are_forgotten) {
    EngineSettings settings;
    settings.max_operations_per_call = 3;
    Engine engine(settings);
    Effects fx;
    std::vector<Call> calls{EngineFixture::sample_call()};
    engine.load(fx, std::move(calls));
    auto running = engine.start_hold_music(fx, call_id, "alice", {}); // stays running
    BOOST_TEST_REQUIRE(running.has_value());
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(engine.mute_participant(fx, call_id, "bob", {}).value().id);
    auto ops = engine.list_operations(call_id).value();
    BOOST_TEST(ops.size() == 3u);
    // The running one is kept however old; the newest finished ones are kept.
    BOOST_TEST(engine.get_operation(call_id, running->id).has_value());
    BOOST_TEST(engine.get_operation(call_id, ids.back()).has_value());
    BOOST_TEST(!engine.get_operation(call_id, ids.front()).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
