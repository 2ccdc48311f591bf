// A namespace's Serial: one turn at a time, whichever threads come; what is posted during a turn
// runs before it ends, on its thread; a job that calls back in runs within its turn; and the
// namespace's state cannot be reached without a turn.
#include "serial.hpp"
#include "workspace.hpp"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

using gcm::app::Serial;

namespace {

// What the compiler refuses: the state's accessors without the proof of a turn.
template <class W>
concept reaches_journal_without_a_turn = requires(W& w) {
    w.journal();
};
template <class W>
concept reaches_engine_without_a_turn = requires(W& w) {
    w.engine();
};
template <class W>
concept reaches_journal_in_a_turn = requires(W& w, const Serial::Turn& t) {
    w.journal(t);
};
static_assert(reaches_journal_in_a_turn<gcm::app::Workspace>); // so the next is not vacuous
static_assert(!reaches_journal_without_a_turn<gcm::app::Workspace>);
static_assert(!reaches_engine_without_a_turn<gcm::app::Workspace>);

} // namespace

BOOST_AUTO_TEST_SUITE(serial)

// Two threads, each taking 2,000 turns and posting 2,000 jobs: a plain counter (no atomic, no
// lock) ends exact, and no two turns overlap. ThreadSanitizer reports a race if they did.
BOOST_AUTO_TEST_CASE(turns_never_overlap_whichever_threads_come) {
    Serial serial;
    long counter = 0;
    int inside = 0;
    bool overlapped = false;
    auto work = [&](const Serial::Turn&) {
        if (++inside != 1)
            overlapped = true;
        ++counter;
        --inside;
    };
    constexpr int rounds = 2000;
    auto thread_body = [&] {
        for (int i = 0; i < rounds; ++i) {
            serial.now(work);
            serial.post(work);
        }
    };
    std::thread a(thread_body);
    std::thread b(thread_body);
    a.join();
    b.join();
    // Every posted job has run: a turn ends only once nothing is posted.
    const auto total = serial.now([&](const Serial::Turn&) { return counter; });
    BOOST_TEST(total == 4L * rounds);
    BOOST_TEST(!overlapped);
}

// A job posted while a turn is under way runs on that turn's thread, before its now() returns.
BOOST_AUTO_TEST_CASE(a_job_posted_during_a_turn_runs_before_it_ends_on_its_thread) {
    Serial serial;
    std::thread::id ran_on;
    bool ran = false;
    const auto turn_thread = std::this_thread::get_id();
    serial.now([&](const Serial::Turn&) {
        // Posted from another thread while this turn holds the Serial: it must not run there.
        std::thread other([&] {
            serial.post([&](const Serial::Turn&) {
                ran = true;
                ran_on = std::this_thread::get_id();
            });
        });
        other.join();
        BOOST_TEST(!ran); // queued, not run meanwhile
    });
    BOOST_TEST(ran);
    BOOST_TEST((ran_on == turn_thread));
}

// A job that calls back in (a handler that deletes its own namespace, a wait settled while it is
// started) runs within its turn; one it posts runs after it, in the same turn.
BOOST_AUTO_TEST_CASE(calling_back_in_runs_within_the_turn_and_posts_follow_it) {
    Serial serial;
    std::vector<int> order;
    serial.now([&](const Serial::Turn&) {
        BOOST_TEST(serial.held_here());
        serial.post([&](const Serial::Turn&) { order.push_back(3); });
        serial.now([&](const Serial::Turn&) { order.push_back(1); }); // inline: no deadlock
        order.push_back(2);
    });
    BOOST_TEST(!serial.held_here());
    BOOST_TEST((order == std::vector<int>{1, 2, 3}));
}

// A posted job that throws is logged; the turn goes on, and the Serial takes more.
BOOST_AUTO_TEST_CASE(a_job_that_throws_ends_neither_its_turn_nor_the_serial) {
    Serial serial;
    int after = 0;
    serial.now([&](const Serial::Turn&) {
        serial.post([](const Serial::Turn&) { throw std::runtime_error("on purpose"); });
        serial.post([&](const Serial::Turn&) { ++after; });
    });
    BOOST_TEST(after == 1);
    BOOST_CHECK_THROW(serial.now([](const Serial::Turn&) -> int { throw std::logic_error("x"); }),
                      std::logic_error);
    serial.post([&](const Serial::Turn&) { ++after; }); // the Serial is free again: runs at once
    BOOST_TEST(after == 2);
}

BOOST_AUTO_TEST_SUITE_END()
