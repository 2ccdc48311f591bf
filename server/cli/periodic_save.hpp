// --data-dir's periodic save: every --data-interval-ms, on a thread of its own (writing and
// fsyncing files never holds up an I/O thread), the namespaces that changed are saved.
#pragma once

#include "gcm/app/state_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <thread>

namespace gcm::cli {

class PeriodicSave {
public:
    // Starts saving `store` every `every`; `store` outlives this.
    PeriodicSave(app::StateStore& store, std::chrono::milliseconds every);
    ~PeriodicSave(); // stop()s
    PeriodicSave(const PeriodicSave&) = delete;
    PeriodicSave& operator=(const PeriodicSave&) = delete;

    // Lets a save under way finish, then no more; returns once its thread has ended.
    void stop();

private:
    void arm();

    app::StateStore& store_;
    std::chrono::milliseconds every_;
    boost::asio::io_context ioc_{1};
    boost::asio::steady_timer timer_{ioc_};
    bool stopped_ = false; // read and written on the save thread only
    std::thread thread_;
};

} // namespace gcm::cli
