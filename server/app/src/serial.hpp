// A namespace's one owner: its state is touched only in a turn of its Serial, one turn at a time,
// so nothing inside the namespace (engine calls, journal, fault rules, waits, the event streams'
// fan-out, held notifications, its fixture) needs a lock of its own.
//
// Why not an asio strand: each I/O thread runs an io_context of its own (listener.cpp), and a
// strand serializes over one. A Serial serializes over whichever threads come to it:
//  - now(job): a request's transaction, an event stream reading its replay. Runs on this
//    thread once the turn under way (if any) ends: the wait is one short transaction.
//  - post(job): what a timer, a delivery's result, a client that leaves or a namespace's
//    deletion bring. Never waits: run at once when no turn is under way, else by the thread
//    whose turn it is, before that turn ends.
// A job receives the Turn, the proof it runs in one; the namespace's accessors ask for it, so
// code that is not in a turn does not compile against its state.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <type_traits>
#include <utility>

namespace gcm::app {

class Serial {
public:
    // Held only by a job of a Serial; not copyable, so it cannot outlive the job by value.
    class Turn {
    public:
        Turn(const Turn&) = delete;
        Turn& operator=(const Turn&) = delete;
        // A turn of `serial` (not of another namespace's): what the accessors assert.
        bool of(const Serial& serial) const noexcept { return serial_ == &serial; }

    private:
        friend class Serial;
        explicit Turn(const Serial* serial) : serial_(serial) {}
        const Serial* serial_;
    };
    using Job = std::function<void(const Turn&)>;

    Serial() = default;
    Serial(const Serial&) = delete;
    Serial& operator=(const Serial&) = delete;

    // Runs `job` in a turn on this thread and returns what it returns. Inside a turn of this
    // Serial already (a job that calls back in), it runs within that turn.
    template <class F> auto now(F&& job) -> std::invoke_result_t<F&, const Turn&> {
        if (held_here())
            return job(turn_);
        Entered entered(*this);
        return job(turn_);
    }

    // Runs `job` in a turn: on this thread at once if none is under way, else after the job under
    // way, on its thread. What `job` throws is logged; the turn goes on.
    void post(Job job);

    // This thread is in a turn of this Serial.
    bool held_here() const noexcept;

private:
    // A turn taken by now(): waits for the one under way, then holds; on leaving, runs what was
    // posted meanwhile.
    class Entered {
    public:
        explicit Entered(Serial& serial);
        ~Entered();
        Entered(const Entered&) = delete;
        Entered& operator=(const Entered&) = delete;

    private:
        Serial& serial_;
    };
    // The turn's end: runs the posted jobs, then lets the next one in.
    void drain() noexcept;
    void run(Job& job) noexcept;

    std::mutex mutex_; // guards the three below only, never held while a job runs
    std::condition_variable idle_;
    bool busy_ = false;
    std::deque<Job> posted_;
    const Turn turn_{this};
};

} // namespace gcm::app
