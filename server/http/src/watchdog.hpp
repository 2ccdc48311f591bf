// One timer per connection that closes it when a deadline passes: re-armed only when it fires
// before a later deadline, instead of a timer armed and cancelled around every read and write
// (as beast::tcp_stream does). Mixed into every session and the TLS detector (CRTP): Derived
// provides `close_transport()` and shared_from_this().
#pragma once

#include "net.hpp"

#include <chrono>
#include <cstdint>

namespace gcm::http {

template <class Derived> class Watchdog {
public:
    explicit Watchdog(const net::any_io_executor& executor) : timer_(executor) {}

    // The connection is closed unless the current step is over within `limit`. A deadline
    // later than the timer's is checked when the timer fires; an earlier one (a write's, after
    // a long wait for an event) re-arms it, or it would only be seen at the old deadline.
    void expire_after(std::chrono::steady_clock::duration limit) {
        deadline_ = std::chrono::steady_clock::now() + limit;
        if (!watching_) {
            watching_ = true;
            watch();
        } else if (deadline_ < armed_) {
            watch();
        }
    }
    void stop_watching() { timer_.cancel(); }

private:
    Derived& derived() { return static_cast<Derived&>(*this); }

    void watch() {
        armed_ = deadline_;
        const auto generation = ++generation_;
        timer_.expires_at(deadline_); // cancels the wait armed before, if any
        timer_.async_wait([self = derived().shared_from_this(), generation](beast::error_code ec) {
            self->on_watch(ec, generation);
        });
    }

    void on_watch(beast::error_code ec, std::uint64_t generation) {
        if (generation != generation_)
            return; // a wait re-armed since: the newer one watches
        if (ec || !derived().transport_open()) {
            watching_ = false; // closed: the timer was cancelled, or is no longer needed
            return;
        }
        if (std::chrono::steady_clock::now() < deadline_)
            return watch(); // a later step moved the deadline while the timer slept
        watching_ = false;
        derived().close_transport(); // the pending operation ends with an error, and so the rest
    }

    net::steady_timer timer_;
    std::chrono::steady_clock::time_point deadline_;
    std::chrono::steady_clock::time_point armed_; // when the timer's wait ends
    std::uint64_t generation_ = 0;                // of the wait armed last
    bool watching_ = false;
};

} // namespace gcm::http
