// A namespace's turns (see serial.hpp).
#include "serial.hpp"

#include "gcm/app/log.hpp"

#include <algorithm>
#include <cassert>
#include <exception>
#include <string>
#include <vector>

namespace gcm::app {
namespace {

// The Serials this thread is in a turn of (a job may enter another namespace's: the gauges).
thread_local std::vector<const Serial*> held_by_this_thread;

// Room for one more, made before a turn is taken: marking it then cannot fail (a turn taken and
// never marked would never end).
void make_room() {
    held_by_this_thread.reserve(held_by_this_thread.size() + 1);
}

void mark_held(const Serial* serial) noexcept {
    held_by_this_thread.push_back(serial); // room made: does not allocate
}

void unmark_held(const Serial* serial) {
    if (auto it = std::find(held_by_this_thread.rbegin(), held_by_this_thread.rend(), serial);
        it != held_by_this_thread.rend())
        held_by_this_thread.erase(std::next(it).base());
}

} // namespace

bool Serial::held_here() const noexcept {
    return std::find(held_by_this_thread.begin(), held_by_this_thread.end(), this) !=
           held_by_this_thread.end();
}

Serial::Entered::Entered(Serial& serial) : serial_(serial) {
    // Waiting for one Serial while in a turn of another could wait in a circle: only posts nest.
    assert(held_by_this_thread.empty());
    make_room();
    std::unique_lock lock(serial_.mutex_);
    serial_.idle_.wait(lock, [this] { return !serial_.busy_; });
    serial_.busy_ = true;
    lock.unlock();
    mark_held(&serial_);
}

Serial::Entered::~Entered() {
    serial_.drain();
}

void Serial::post(Job job) {
    if (held_here()) {
        // Called from a job of this turn: after it, in the same turn.
        std::lock_guard lock(mutex_);
        posted_.push_back(std::move(job));
        return;
    }
    make_room();
    {
        std::lock_guard lock(mutex_);
        if (busy_) {
            posted_.push_back(std::move(job));
            return;
        }
        busy_ = true;
    }
    mark_held(this);
    run(job);
    drain();
}

void Serial::run(Job& job) noexcept {
    try {
        job(turn_);
    } catch (const std::exception& e) {
        log_error(std::string("a namespace's job failed: ") + e.what());
    } catch (...) {
        log_error("a namespace's job failed");
    }
}

void Serial::drain() noexcept {
    for (;;) {
        Job next;
        {
            std::lock_guard lock(mutex_);
            if (posted_.empty()) {
                busy_ = false;
                break;
            }
            next = std::move(posted_.front());
            posted_.pop_front();
        }
        run(next);
    }
    unmark_held(this);
    idle_.notify_one();
}

} // namespace gcm::app
