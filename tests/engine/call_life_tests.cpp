// Engine: the call state machine — every transition, every rejected transition, and the timed
// steps between (establish, teardown, transfer, keepAlive).
#include "engine_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <functional>

using namespace gcm::state;
using gcm::test::call_id;
using gcm::test::EngineFixture;
using gcm::test::error_of;
using gcm::test::events_of;

namespace {

Call incoming_call(const std::string& id) {
    Call call;
    call.resource.id = id;
    call.resource.state = CallState::incoming;
    call.resource.direction = CallDirection::incoming;
    call.resource.callback_uri = "https://bot.example/callback";
    return call;
}

// Loads call-1 plus an incoming call "in-1"; returns the fixture ready to use.
void add_incoming(EngineFixture& f) {
    std::vector<Call> calls{EngineFixture::sample_call(), incoming_call("in-1")};
    f.engine.load(f.fx, std::move(calls));
    f.take();
}

std::vector<CallState> states_of(const Effects& fx) {
    std::vector<CallState> out;
    for (const auto& e : events_of<CallStateChanged>(fx))
        out.push_back(e.state);
    return out;
}

// Fires every deferred action of `fx` of the given kind.
Effects fire_all(EngineFixture& f, const Effects& fx, DeferredAction::Kind kind) {
    for (const auto& d : fx.deferred)
        if (d.action.kind == kind)
            f.engine.fire(f.fx, d.action);
    return f.take();
}

} // namespace

BOOST_AUTO_TEST_SUITE(call_life)

BOOST_AUTO_TEST_CASE(create_establishes_and_the_target_joins) {
    EngineFixture f;
    NewCall request;
    request.callback_uri = "https://bot.example/cb";
    request.targets.push_back(EngineFixture::invitee("user-zoe"));
    request.bot_identity.members.emplace_back("application", Identity{"app-1", {}, {}, {}, {}});
    auto call = f.engine.create_call(f.fx, request);
    BOOST_TEST_REQUIRE(call.has_value());
    BOOST_TEST((call->state == CallState::establishing));
    BOOST_TEST(f.engine.get_call(call->id)->participants.size() == 1u); // the bot
    auto fx = f.take();
    BOOST_TEST((states_of(fx) == std::vector{CallState::establishing}));
    auto established = fire_all(f, fx, DeferredAction::Kind::establish_call);
    BOOST_TEST((states_of(established) == std::vector{CallState::established}));
    // Peer-to-peer: one roster, the bot and the other side (as the service sends since 2022).
    auto rosters = events_of<RosterChanged>(established);
    BOOST_TEST_REQUIRE(rosters.size() == 1u);
    BOOST_TEST(rosters[0].roster.size() == 2u);
    // The media connects after the call is established.
    BOOST_TEST(events_of<MediaConnected>(established).size() == 1u);
    BOOST_TEST(states_of(established).size() == 1u);
    auto now = f.engine.get_call(call->id).value();
    BOOST_TEST((now.resource.state == CallState::established));
    BOOST_TEST(now.participants.size() == 2u);
    BOOST_TEST(now.bookkeeping.targets_to_join.empty()); // they joined
    // The resource view is the call's own resource, and nothing of its collections.
    BOOST_TEST((f.engine.get_call_resource(call->id).value() == now.resource));
    BOOST_TEST((f.engine.get_call_resource("nobody").error().code == errc::call_not_found));
}

BOOST_AUTO_TEST_CASE(answer_moves_an_incoming_call_to_established) {
    EngineFixture f;
    add_incoming(f);
    BOOST_TEST_REQUIRE(
        f.engine.answer(f.fx, "in-1", {std::string("https://new.example/cb"), false, {}, {}})
            .has_value());
    auto fx = f.take();
    BOOST_TEST((states_of(fx) == std::vector{CallState::establishing}));
    BOOST_TEST(events_of<CallStateChanged>(fx)[0].call.callback_uri == "https://new.example/cb");
    fire_all(f, fx, DeferredAction::Kind::establish_call);
    BOOST_TEST((f.engine.get_call("in-1")->resource.state == CallState::established));
}

BOOST_AUTO_TEST_CASE(reject_and_redirect_end_an_incoming_call) {
    EngineFixture f;
    add_incoming(f);
    BOOST_TEST_REQUIRE(f.engine.reject(f.fx, "in-1", {std::nullopt}).has_value());
    BOOST_TEST((states_of(f.take()) == std::vector{CallState::terminated}));
    BOOST_TEST((f.engine.get_call("in-1").error().code == errc::call_not_found));

    add_incoming(f);
    BOOST_TEST_REQUIRE(f.engine.redirect(f.fx, "in-1", {}).has_value());
    BOOST_TEST((f.engine.get_call("in-1")->resource.state == CallState::redirecting));
    auto fx = f.take();
    auto ended = fire_all(f, fx, DeferredAction::Kind::finish_termination);
    BOOST_TEST((states_of(ended) == std::vector{CallState::terminated}));
    BOOST_TEST(!f.engine.get_call("in-1").has_value());
}

BOOST_AUTO_TEST_CASE(hang_up_terminates_with_the_end_reason) {
    EngineFixture f;
    BOOST_TEST_REQUIRE(f.engine.hang_up(f.fx, call_id).has_value());
    auto fx = f.take();
    BOOST_TEST((states_of(fx) == std::vector{CallState::terminating}));
    BOOST_TEST((f.engine.get_call(call_id)->resource.state == CallState::terminating));
    // While terminating the call takes no more actions.
    BOOST_TEST((f.engine.keep_alive(f.fx, call_id).error().code == errc::call_not_found));
    auto ended = fire_all(f, fx, DeferredAction::Kind::finish_termination);
    auto changes = events_of<CallStateChanged>(ended);
    BOOST_TEST_REQUIRE(changes.size() == 1u);
    BOOST_TEST((changes[0].state == CallState::terminated));
    BOOST_TEST(changes[0].result_info->subcode == 5001);
}

BOOST_AUTO_TEST_CASE(transfer_succeeds_through_transfer_accepted) {
    EngineFixture f;
    TransferRequest request{EngineFixture::invitee("user-target"), ParticipantInfo{}};
    BOOST_TEST_REQUIRE(f.engine.transfer(f.fx, call_id, request).has_value());
    auto fx = f.take();
    BOOST_TEST((states_of(fx) == std::vector{CallState::transferring}));
    auto accepted = fire_all(f, fx, DeferredAction::Kind::advance_transfer);
    BOOST_TEST((states_of(accepted) == std::vector{CallState::transfer_accepted}));
    auto done = fire_all(f, accepted, DeferredAction::Kind::advance_transfer);
    auto changes = events_of<CallStateChanged>(done);
    BOOST_TEST_REQUIRE(changes.size() == 1u);
    BOOST_TEST((changes[0].state == CallState::terminated));
    BOOST_TEST(changes[0].result_info->subcode == 7015);
}

BOOST_AUTO_TEST_CASE(transfer_to_a_decliner_fails_back_to_established) {
    EngineFixture f;
    TransferRequest request{EngineFixture::invitee("user-decliner"), ParticipantInfo{}};
    BOOST_TEST_REQUIRE(f.engine.transfer(f.fx, call_id, request).has_value());
    auto failed = fire_all(f, f.take(), DeferredAction::Kind::advance_transfer);
    auto changes = events_of<CallStateChanged>(failed);
    BOOST_TEST_REQUIRE(changes.size() == 1u);
    BOOST_TEST((changes[0].state == CallState::established));
    BOOST_TEST(changes[0].result_info->code == 500);
    BOOST_TEST(changes[0].result_info->subcode == 7000);
    BOOST_TEST((f.call().resource.state == CallState::established));
}

BOOST_AUTO_TEST_CASE(keep_alive_postpones_the_inactivity_timeout) {
    EngineFixture f;
    std::vector<Call> calls{EngineFixture::sample_call()};
    f.engine.load(f.fx, std::move(calls));
    auto loaded = f.take();
    BOOST_TEST_REQUIRE(f.engine.keep_alive(f.fx, call_id).has_value());
    auto kept = f.take();
    // The check scheduled before the keepAlive is stale now.
    BOOST_TEST(fire_all(f, loaded, DeferredAction::Kind::check_keepalive).events.empty());
    BOOST_TEST(f.engine.get_call(call_id).has_value());
    auto expired = fire_all(f, kept, DeferredAction::Kind::check_keepalive);
    auto changes = events_of<CallStateChanged>(expired);
    BOOST_TEST_REQUIRE(changes.size() == 1u);
    BOOST_TEST(changes[0].result_info->code == 408);
    BOOST_TEST(changes[0].result_info->subcode == 8537);
    BOOST_TEST(!f.engine.get_call(call_id).has_value());
}

BOOST_AUTO_TEST_CASE(media_operations_complete_or_are_cancelled) {
    EngineFixture f;
    auto prompt =
        f.engine.start_media(f.fx, call_id, {MediaAction::play_prompt, std::string("p"), {}});
    auto record = f.engine.start_media(f.fx, call_id, {MediaAction::record_response, {}, {}});
    auto dtmf = f.engine.start_media(f.fx, call_id, {MediaAction::send_dtmf_tones, {}, {}});
    BOOST_TEST_REQUIRE((prompt.has_value() && record.has_value() && dtmf.has_value()));
    auto fx = f.take();
    auto cancel = f.engine.cancel_media_processing(f.fx, call_id, {});
    BOOST_TEST_REQUIRE(cancel.has_value());
    BOOST_TEST((cancel->status == OperationStatus::completed));
    auto cancelled = events_of<OperationFinished>(f.take());
    BOOST_TEST(cancelled.size() == 2u); // the prompt and the recording, not the DTMF
    for (const auto& e : cancelled) {
        BOOST_TEST((e.operation.status == OperationStatus::failed));
        BOOST_TEST(e.operation.result_info->subcode == 8508);
    }
    auto finished =
        events_of<OperationFinished>(fire_all(f, fx, DeferredAction::Kind::complete_operation));
    BOOST_TEST_REQUIRE(finished.size() == 1u);
    BOOST_TEST(finished[0].operation.id == dtmf->id);
    BOOST_TEST(*finished[0].operation.completion_reason == "completedSuccessfully");
}

BOOST_AUTO_TEST_CASE(a_completed_recording_says_where_it_is) {
    EngineFixture f;
    auto record = f.engine.start_media(f.fx, call_id, {MediaAction::record_response, {}, {}});
    BOOST_TEST_REQUIRE(record.has_value());
    BOOST_TEST(!record->recording_location.has_value());
    fire_all(f, f.take(), DeferredAction::Kind::complete_operation);
    auto done = f.engine.get_operation(call_id, record->id).value();
    BOOST_TEST(done.result_info->subcode == 8515);
    BOOST_TEST(done.recording_location->find(record->id) != std::string::npos);
    BOOST_TEST(!done.recording_access_token->empty());
}

BOOST_AUTO_TEST_CASE(screen_sharing_role_changes_the_bots_streams) {
    EngineFixture f;
    BOOST_TEST_REQUIRE(
        f.engine.change_screen_sharing_role(f.fx, call_id, ScreenSharingRole::sharer).has_value());
    auto bot = f.participant("bot");
    BOOST_TEST(bot.media_streams.size() == 2u);
    BOOST_TEST(bot.media_streams.back().label.value() == "applicationsharing-video");
    BOOST_TEST(events_of<RosterChanged>(f.take()).size() == 1u);
    BOOST_TEST_REQUIRE(
        f.engine.change_screen_sharing_role(f.fx, call_id, ScreenSharingRole::viewer).has_value());
    BOOST_TEST(f.participant("bot").media_streams.size() == 1u);
}

BOOST_AUTO_TEST_CASE(audio_routing_groups_check_their_members) {
    EngineFixture f;
    AudioRoutingGroup group{"g1", RoutingMode::one_to_one, {"alice"}, {"bob"}};
    BOOST_TEST_REQUIRE(f.engine.create_audio_routing_group(f.fx, call_id, group).has_value());
    BOOST_TEST(
        (f.engine.create_audio_routing_group(f.fx, call_id, group).error().code == errc::conflict));
    AudioRoutingGroup stranger{"g2", RoutingMode::multicast, {"alice"}, {"nobody"}};
    BOOST_TEST((f.engine.create_audio_routing_group(f.fx, call_id, stranger).error().code ==
                errc::invalid_request));
    AudioRoutingGroupPatch patch;
    patch.receivers = std::vector<std::string>{"bob", "bot"};
    auto updated = f.engine.update_audio_routing_group(f.fx, call_id, "g1", patch);
    BOOST_TEST_REQUIRE(updated.has_value());
    BOOST_TEST(updated->receivers.size() == 2u);
    BOOST_TEST((updated->routing_mode == RoutingMode::one_to_one));
    BOOST_TEST_REQUIRE(f.engine.delete_audio_routing_group(f.fx, call_id, "g1").has_value());
    BOOST_TEST(
        (f.engine.get_audio_routing_group(call_id, "g1").error().code == errc::item_not_found));
}

struct Refusal {
    const char* name;
    std::function<std::optional<Error>(Engine&, Effects&)> act;
    errc expected;
};

BOOST_AUTO_TEST_CASE(transitions_not_allowed_in_the_current_state_change_nothing) {
    const std::vector<Refusal> table = {
        {"answer an established call",
         [](Engine& e, Effects& fx) { return error_of(e.answer(fx, call_id, {})); },
         errc::illegal_state},
        {"reject an established call",
         [](Engine& e, Effects& fx) { return error_of(e.reject(fx, call_id, {})); },
         errc::illegal_state},
        {"redirect an established call",
         [](Engine& e, Effects& fx) { return error_of(e.redirect(fx, call_id, {})); },
         errc::illegal_state},
        {"transfer an incoming call",
         [](Engine& e, Effects& fx) {
             return error_of(e.transfer(fx, "in-1", {EngineFixture::invitee("u"), {}}));
         },
         errc::illegal_state},
        {"play a prompt on an incoming call",
         [](Engine& e, Effects& fx) { return error_of(e.start_media(fx, "in-1", {})); },
         errc::illegal_state},
        {"transfer a group call without transferee",
         [](Engine& e, Effects& fx) {
             return error_of(e.transfer(fx, call_id, {EngineFixture::invitee("u"), {}}));
         },
         errc::invalid_request},
        {"hang up an unknown call",
         [](Engine& e, Effects& fx) { return error_of(e.hang_up(fx, "nope")); },
         errc::call_not_found},
        {"keepAlive an unknown call",
         [](Engine& e, Effects& fx) { return error_of(e.keep_alive(fx, "nope")); },
         errc::call_not_found},
        {"mute all with an unknown participant",
         [](Engine& e, Effects& fx) { return error_of(e.mute_all(fx, call_id, {"zed"}, {})); },
         errc::participant_not_found},
    };
    for (const auto& row : table) {
        BOOST_TEST_CONTEXT(row.name) {
            EngineFixture f;
            add_incoming(f);
            const auto before = f.engine.all_calls();
            auto error = row.act(f.engine, f.fx);
            BOOST_TEST_REQUIRE(error.has_value());
            BOOST_TEST((error->code == row.expected), "got " << to_string(error->code));
            BOOST_TEST((f.engine.all_calls() == before));
            BOOST_TEST(f.take().empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(an_invite_with_replaces_call_id_ends_the_replaced_call) {
    EngineFixture f;
    Call p2p = incoming_call("p2p-2");
    p2p.resource.state = CallState::established;
    std::vector<Call> calls{EngineFixture::sample_call(), p2p};
    f.engine.load(f.fx, std::move(calls));
    f.take();
    auto who = EngineFixture::invitee("user-zoe", "zoe");
    who.replaces_call_id = "p2p-2";
    auto op = f.engine.invite_participants(f.fx, call_id, {who}, {});
    BOOST_TEST_REQUIRE(op.has_value());
    auto joined = fire_all(f, f.take(), DeferredAction::Kind::resolve_invitation);
    BOOST_TEST((f.engine.get_operation(call_id, op->id)->status == OperationStatus::completed));
    BOOST_TEST(!f.engine.get_call("p2p-2").has_value());
    auto ended = events_of<CallStateChanged>(joined);
    BOOST_TEST_REQUIRE(ended.size() == 1u);
    BOOST_TEST(ended[0].call.id == "p2p-2");
    BOOST_TEST((ended[0].state == CallState::terminated));
}

BOOST_AUTO_TEST_CASE(invites_respect_the_documented_limits) {
    EngineFixture f;
    std::vector<InvitationParticipantInfo> six;
    for (int i = 0; i < 6; ++i)
        six.push_back(EngineFixture::invitee("user-" + std::to_string(i)));
    BOOST_TEST((f.engine.invite_participants(f.fx, call_id, six, {}).error().code ==
                errc::invalid_request));
    // With replacesCallId only the first invitee is honoured.
    six[0].replaces_call_id = "other-call";
    auto op = f.engine.invite_participants(f.fx, call_id, six, {});
    BOOST_TEST_REQUIRE(op.has_value());
    BOOST_TEST(op->participants.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
