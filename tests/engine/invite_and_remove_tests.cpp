// Engine: invitations (answer, decline, no answer, cancel) and participant removal.
#include "engine_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm::state;
using gcm::test::call_id;
using gcm::test::EngineFixture;
using gcm::test::events_of;
using gcm::test::tenant;

BOOST_AUTO_TEST_SUITE(invite_and_remove)

BOOST_AUTO_TEST_CASE(invite_creates_running_operation_and_pending_invitation) {
    EngineFixture f;
    auto op = f.engine.invite_participants(
        f.fx, call_id, {EngineFixture::invitee("user-carol", "carol")}, std::string("ctx"));
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST((op->kind == OperationKind::invite_participants));
    BOOST_TEST((op->status == OperationStatus::running));
    BOOST_TEST_REQUIRE(op->participants.size() == 1u);
    // The service fills in the call's tenant for invitees that do not name one.
    BOOST_TEST(*op->participants[0].identity.find("user")->tenant_id == tenant);
    BOOST_TEST(*op->participants[0].participant_id == "carol");

    auto call = f.call();
    BOOST_TEST(call.invitations.contains("carol"));
    BOOST_TEST(!call.participants.contains("carol"));
    auto fx = f.take();
    BOOST_TEST(fx.events.empty());
    BOOST_TEST_REQUIRE(fx.deferred.size() == 1u);
    BOOST_TEST(fx.deferred[0].after.count() == 30);
    BOOST_TEST((fx.deferred[0].action.kind == DeferredAction::Kind::resolve_invitation));
}

BOOST_AUTO_TEST_CASE(answering_invitee_joins_and_operation_completes) {
    EngineFixture f;
    auto op =
        f.engine.invite_participants(f.fx, call_id, {EngineFixture::invitee("user-carol")}, {});
    BOOST_TEST_REQUIRE(op.has_value());
    auto fx = f.take();
    const auto joined_id = fx.deferred.at(0).action.item_id;
    f.engine.fire(f.fx, fx.deferred.at(0).action);

    auto carol = f.engine.get_participant(call_id, joined_id);
    BOOST_TEST_REQUIRE(carol.has_value());
    BOOST_TEST(carol->info.identity.find("user")->id == "user-carol");
    // A person joins with what a Teams client publishes: audio, video, screen sharing, data.
    BOOST_TEST_REQUIRE(carol->media_streams.size() == 4u);
    BOOST_TEST((carol->media_streams[0].media_type == Modality::audio));
    BOOST_TEST((carol->media_streams[0].direction == MediaDirection::send_receive));
    BOOST_TEST((carol->media_streams[0].label == std::optional<std::string>("main-audio")));
    BOOST_TEST((carol->media_streams[2].media_type == Modality::video_based_screen_sharing));
    BOOST_TEST((f.engine.get_operation(call_id, op->id)->status == OperationStatus::completed));
    BOOST_TEST(f.call().invitations.empty());

    auto after = f.take();
    auto roster = events_of<RosterChanged>(after);
    auto finished = events_of<OperationFinished>(after);
    BOOST_TEST_REQUIRE(roster.size() == 1u);
    BOOST_TEST(roster[0].updated.at(0).id == joined_id);
    BOOST_TEST_REQUIRE(finished.size() == 1u);
    BOOST_TEST((finished[0].operation.status == OperationStatus::completed));
}

struct FailureCase {
    const char* name;
    const char* identity;
    int code;
    long long delay_ms;
};

BOOST_AUTO_TEST_CASE(declined_and_unanswered_invitations_fail_the_operation) {
    const std::vector<FailureCase> cases = {
        {"decline", "user-decliner", 603, 10},
        {"no answer", "user-silent", 408, 500}, // the ring timeout
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.name) {
            EngineFixture f;
            auto op = f.engine.invite_participants(f.fx, call_id,
                                                   {EngineFixture::invitee(c.identity)}, {});
            BOOST_TEST_REQUIRE(op.has_value());
            auto fx = f.take();
            BOOST_TEST(fx.deferred.at(0).after.count() == c.delay_ms);
            f.engine.fire(f.fx, fx.deferred.at(0).action);
            auto result = f.engine.get_operation(call_id, op->id);
            BOOST_TEST((result->status == OperationStatus::failed));
            BOOST_TEST(result->result_info->code == c.code);
            BOOST_TEST(f.call().participants.size() == 3u);
            BOOST_TEST(f.call().invitations.empty());
            BOOST_TEST(events_of<OperationFinished>(f.take()).size() == 1u);
        }
    }
}

BOOST_AUTO_TEST_CASE(removing_an_active_participant_updates_the_roster) {
    EngineFixture f;
    auto removal = f.engine.remove_participant(f.fx, call_id, "bob");
    BOOST_TEST_REQUIRE(removal.has_value());
    BOOST_TEST((*removal == Removal::participant_removed));
    BOOST_TEST(!f.engine.get_participant(call_id, "bob").has_value());
    auto roster = events_of<RosterChanged>(f.take());
    BOOST_TEST_REQUIRE(roster.size() == 1u);
    BOOST_TEST(roster[0].removed.at(0).id == "bob");
    BOOST_TEST(roster[0].updated.empty());
}

BOOST_AUTO_TEST_CASE(removing_an_invitee_cancels_the_invitation_with_487) {
    EngineFixture f;
    auto op = f.engine.invite_participants(
        f.fx, call_id, {EngineFixture::invitee("user-carol", "carol")}, std::string("ctx"));
    BOOST_TEST_REQUIRE(op.has_value());
    auto pending = f.take();

    auto removal = f.engine.remove_participant(f.fx, call_id, "carol");
    BOOST_TEST_REQUIRE(removal.has_value());
    BOOST_TEST((*removal == Removal::invitation_cancelled));
    auto result = f.engine.get_operation(call_id, op->id).value();
    BOOST_TEST((result.status == OperationStatus::failed));
    BOOST_TEST(result.result_info->code == 487);
    BOOST_TEST(*result.client_context == "ctx");
    auto finished = events_of<OperationFinished>(f.take());
    BOOST_TEST_REQUIRE(finished.size() == 1u);
    BOOST_TEST((finished[0].operation.status == OperationStatus::failed));

    // The invitee's answer, due later, finds nothing to do.
    f.engine.fire(f.fx, pending.deferred.at(0).action);
    BOOST_TEST(!f.engine.get_participant(call_id, "carol").has_value());
    BOOST_TEST(f.take().events.empty());
    // Removing again: there is nobody left under that id.
    BOOST_TEST((f.engine.remove_participant(f.fx, call_id, "carol").error().code ==
                errc::participant_not_found));
}

BOOST_AUTO_TEST_CASE(a_multi_invite_settles_when_the_last_invitee_resolves) {
    EngineFixture f;
    auto op = f.engine.invite_participants(f.fx, call_id,
                                           {EngineFixture::invitee("user-carol", "carol"),
                                            EngineFixture::invitee("user-dave", "dave")},
                                           {});
    BOOST_TEST_REQUIRE(op.has_value());
    auto fx = f.take();
    BOOST_TEST_REQUIRE(fx.deferred.size() == 2u);
    f.engine.fire(f.fx, fx.deferred[0].action);
    BOOST_TEST((f.engine.get_operation(call_id, op->id)->status == OperationStatus::running));
    f.engine.fire(f.fx, fx.deferred[1].action);
    BOOST_TEST((f.engine.get_operation(call_id, op->id)->status == OperationStatus::completed));
    BOOST_TEST(f.call().participants.size() == 5u);
}

BOOST_AUTO_TEST_CASE(reloading_makes_deferred_actions_stale) {
    EngineFixture f;
    (void)f.engine.invite_participants(f.fx, call_id,
                                       {EngineFixture::invitee("user-carol", "carol")}, {});
    auto fx = f.take();
    std::vector<Call> calls{EngineFixture::sample_call()};
    f.engine.load(f.fx, std::move(calls));
    f.engine.fire(f.fx, fx.deferred.at(0).action);
    BOOST_TEST(!f.engine.get_participant(call_id, "carol").has_value());
    BOOST_TEST(f.take().events.empty());
}

BOOST_AUTO_TEST_SUITE_END()
