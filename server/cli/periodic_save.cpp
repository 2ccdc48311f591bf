// The periodic save (see periodic_save.hpp).
#include "periodic_save.hpp"

#include "gcm/app/log.hpp"

#include <boost/asio/post.hpp>

namespace gcm::cli {

PeriodicSave::PeriodicSave(app::StateStore& store, std::chrono::milliseconds every)
    : store_(store), every_(every) {
    arm();
    thread_ = std::thread([this] { ioc_.run(); });
}

PeriodicSave::~PeriodicSave() {
    stop();
}

void PeriodicSave::arm() {
    timer_.expires_after(every_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopped_)
            return; // stopped (a wait that had already ended when stop() came is over too)
        try {
            store_.save(); // what it could not write is logged, and tried again next time
        } catch (const std::exception& e) {
            app::log_error(std::string("--data-dir: cannot save: ") + e.what());
        }
        arm();
    });
}

void PeriodicSave::stop() {
    if (!thread_.joinable())
        return;
    // On the save thread, after a save under way: the timer is its only work, so run() returns.
    boost::asio::post(ioc_, [this] {
        stopped_ = true;
        timer_.cancel();
    });
    thread_.join();
}

} // namespace gcm::cli
