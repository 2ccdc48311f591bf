// Engine: the simulated people of the control plane (state/src/simulation.cpp), table-driven and
// without HTTP — tones pressed on a call, operations failed from outside, content shared — each
// row the events it emits (or the error it gives, emitting nothing).
#include "engine_fixture.hpp"

#include <algorithm>
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <optional>
#include <ostream>
#include <vector>

using namespace gcm::state;
using gcm::test::call_id;
using gcm::test::EngineFixture;
using gcm::test::error_of;
using gcm::test::events_of;
namespace data = boost::unit_test::data;

namespace {

// --- tones

struct TonesCase {
    const char* name;
    bool subscribed; // POST .../subscribeToTone first
    std::vector<std::vector<Tone>> presses;
    std::optional<errc> refused;         // the first press's error, when it is refused
    std::vector<Tone> heard;             // every ToneReceived, in order
    std::vector<std::int64_t> sequences; // and their sequence numbers
};
std::ostream& operator<<(std::ostream& o, const TonesCase& c) {
    return o << c.name;
}

const std::vector<TonesCase> tone_cases = {
    {"not subscribed: refused", false, {{Tone::tone1}}, errc::illegal_state, {}, {}},
    {"one tone", true, {{Tone::tone1}}, std::nullopt, {Tone::tone1}, {1}},
    {"several at once, in order",
     true,
     {{Tone::tone1, Tone::pound, Tone::star}},
     std::nullopt,
     {Tone::tone1, Tone::pound, Tone::star},
     {1, 2, 3}},
    {"a later press goes on counting",
     true,
     {{Tone::tone9}, {Tone::a, Tone::flash}},
     std::nullopt,
     {Tone::tone9, Tone::a, Tone::flash},
     {1, 2, 3}},
};

// --- operations failed from outside

struct FailureCase {
    const char* name;
    OperationFailure failure;
    bool unknown_operation = false;
    bool already_finished = false; // failed once before
    std::optional<errc> refused = std::nullopt;
    OperationStatus status = OperationStatus::failed; // when not refused
};
std::ostream& operator<<(std::ostream& o, const FailureCase& c) {
    return o << c.name;
}

const ResultInfo server_error{500, 9999, "failed by the test"};

const OperationFailure failed_with_server_error{
    .status = OperationStatus::failed, .result = server_error, .completion_reason = std::nullopt};

const std::vector<FailureCase> failure_cases = {
    {.name = "failed with a result",
     .failure = {.status = OperationStatus::failed,
                 .result = server_error,
                 .completion_reason = std::nullopt}},
    {.name = "completed with a reason",
     .failure = {.status = OperationStatus::completed,
                 .result = {200, 0, "done"},
                 .completion_reason = "completedSuccessfully"},
     .status = OperationStatus::completed},
    {.name = "running is no ending",
     .failure = {.status = OperationStatus::running,
                 .result = server_error,
                 .completion_reason = std::nullopt},
     .refused = errc::invalid_request},
    {.name = "an unknown operation",
     .failure = failed_with_server_error,
     .unknown_operation = true,
     .refused = errc::operation_not_found},
    {.name = "an operation already finished",
     .failure = failed_with_server_error,
     .already_finished = true,
     .refused = errc::illegal_state},
};

// --- content sharing

enum class Sharing { start, change, stop, change_unknown, stop_unknown };

struct SharingCase {
    const char* name;
    bool notifications; // callOptions.isContentSharingNotificationEnabled
    std::vector<Sharing> steps;
    std::optional<errc> refused; // the last step's error
    std::vector<ContentSharingChanged::Change> told;
    std::size_t listed; // sessions the call lists afterwards
};
std::ostream& operator<<(std::ostream& o, const SharingCase& c) {
    return o << c.name;
}

using Change = ContentSharingChanged::Change;
const std::vector<SharingCase> sharing_cases = {
    {"start, told", true, {Sharing::start}, std::nullopt, {Change::started}, 1},
    {"start, change, stop, told each",
     true,
     {Sharing::start, Sharing::change, Sharing::stop},
     std::nullopt,
     {Change::started, Change::changed, Change::stopped},
     0},
    {"without the option nothing is told",
     false,
     {Sharing::start, Sharing::change},
     std::nullopt,
     {},
     1},
    {"changing an unknown session", true, {Sharing::change_unknown}, errc::item_not_found, {}, 0},
    {"stopping an unknown session",
     true,
     {Sharing::start, Sharing::stop_unknown},
     errc::item_not_found,
     {Change::started},
     1},
};

} // namespace

BOOST_AUTO_TEST_SUITE(simulated_people)

BOOST_DATA_TEST_CASE_F(EngineFixture, tones_pressed_on_a_call, data::make(tone_cases), row) {
    if (row.subscribed)
        BOOST_TEST_REQUIRE(engine.subscribe_to_tone(fx, call_id, {}).has_value());
    take();
    const auto before = call();
    // Each accepted press answers the sequence number of its last tone.
    std::optional<Error> first_error;
    std::size_t pressed = 0;
    for (std::size_t i = 0; i < row.presses.size(); ++i) {
        auto answer = engine.press_tones(fx, call_id, row.presses[i]);
        if (i == 0)
            first_error = error_of(answer);
        if (answer) {
            pressed += row.presses[i].size();
            BOOST_TEST(*answer == row.sequences.at(pressed - 1));
        }
    }
    BOOST_TEST(first_error.has_value() == row.refused.has_value());
    if (row.refused && first_error) {
        BOOST_TEST((first_error->code == *row.refused));
        BOOST_TEST((call() == before)); // refused: nothing changed
    }
    const auto fx_now = take();
    std::vector<Tone> heard;
    std::vector<std::int64_t> sequences;
    for (const auto& t : events_of<ToneReceived>(fx_now)) {
        BOOST_TEST(t.call.id == call_id);
        heard.push_back(t.tone);
        sequences.push_back(t.sequence);
    }
    BOOST_TEST((heard == row.heard));
    BOOST_TEST(sequences == row.sequences, boost::test_tools::per_element());
    BOOST_TEST(fx_now.events.size() == row.heard.size()); // tones and nothing else
}

BOOST_DATA_TEST_CASE_F(EngineFixture, operations_failed_from_outside, data::make(failure_cases),
                       row) {
    // Hold music on Alice: running until its start delay has passed.
    auto started = engine.start_hold_music(fx, call_id, "alice", {});
    BOOST_TEST_REQUIRE(started.has_value());
    BOOST_TEST_REQUIRE((started->status == OperationStatus::running));
    const auto id = row.unknown_operation ? std::string("no-such-operation") : started->id;
    if (row.already_finished)
        BOOST_TEST_REQUIRE(
            engine.fail_operation(fx, call_id, id, failed_with_server_error).has_value());
    take();
    const auto before = call();

    auto failed = engine.fail_operation(fx, call_id, id, row.failure);
    const auto emitted = take();
    const auto error = error_of(failed);
    BOOST_TEST(error.has_value() == row.refused.has_value());
    if (row.refused) {
        if (error)
            BOOST_TEST((error->code == *row.refused));
        BOOST_TEST(emitted.events.empty());
        BOOST_TEST((call() == before));
        return;
    }
    BOOST_TEST_REQUIRE(failed.has_value());
    BOOST_TEST((failed->status == row.status));
    BOOST_TEST((failed->result_info == std::optional<ResultInfo>(row.failure.result)));
    BOOST_TEST((failed->completion_reason == row.failure.completion_reason));
    // The bot is told the operation ended, once, as it now stands.
    const auto finished = events_of<OperationFinished>(emitted);
    BOOST_TEST_REQUIRE(finished.size() == 1u);
    BOOST_TEST((finished[0].operation == *failed));
    BOOST_TEST((engine.get_operation(call_id, id).value() == *failed));
}

BOOST_DATA_TEST_CASE_F(EngineFixture, content_shared_in_a_call, data::make(sharing_cases), row) {
    auto loaded = EngineFixture::sample_call();
    loaded.resource.content_sharing_notifications = row.notifications;
    engine.load(fx, {loaded});
    take();
    std::string session;
    std::optional<Error> last_error;
    for (auto step : row.steps) {
        switch (step) {
        case Sharing::start: {
            auto started = engine.start_content_sharing(fx, call_id);
            BOOST_TEST_REQUIRE(started.has_value());
            // As the service's ids: two of the engine's ids, upper case, without dashes (64 hex
            // digits from UUIDs; here from the fixture's "id-<n>").
            BOOST_TEST(!started->id.empty());
            BOOST_TEST(std::none_of(started->id.begin(), started->id.end(),
                                    [](unsigned char c) { return c == '-' || std::islower(c); }));
            session = started->id;
            last_error = std::nullopt;
            break;
        }
        case Sharing::change:
            last_error = error_of(engine.change_content_sharing(fx, call_id, session));
            break;
        case Sharing::stop:
            last_error = error_of(engine.stop_content_sharing(fx, call_id, session));
            break;
        case Sharing::change_unknown:
            last_error = error_of(engine.change_content_sharing(fx, call_id, "nobody"));
            break;
        case Sharing::stop_unknown:
            last_error = error_of(engine.stop_content_sharing(fx, call_id, "nobody"));
            break;
        }
    }
    BOOST_TEST(last_error.has_value() == row.refused.has_value());
    if (row.refused && last_error)
        BOOST_TEST((last_error->code == *row.refused));
    std::vector<Change> told;
    for (const auto& e : events_of<ContentSharingChanged>(take())) {
        BOOST_TEST(e.session.id == session);
        told.push_back(e.change);
    }
    BOOST_TEST((told == row.told));
    BOOST_TEST(engine.list_content_sharing_sessions(call_id).value().size() == row.listed);
}

BOOST_AUTO_TEST_SUITE_END()
