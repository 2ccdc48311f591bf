// The hand-over of an answer given later (see gcm/app/later.hpp).
#include "gcm/app/later.hpp"

#include "gcm/app/http_types.hpp"

namespace gcm::app {

void Later::set_finisher(std::function<void(Response&)> finisher) {
    finisher_ = std::move(finisher);
}

void Later::on_cancel(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    on_cancel_ = std::move(hook);
}

bool Later::answer(Response&& response) {
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting)
            return false;
        state_ = State::answered;
        on_cancel_ = nullptr;
    }
    if (finisher_)
        finisher_(response);
    Sink sink;
    {
        std::lock_guard lock(mutex_);
        if (sink_)
            sink = std::move(sink_);
        else
            early_ = std::make_unique<Response>(std::move(response));
    }
    if (sink)
        sink(std::move(response));
    return true;
}

void Later::attach(Sink sink) {
    std::unique_ptr<Response> early;
    {
        std::lock_guard lock(mutex_);
        if (state_ == State::cancelled)
            return;
        if (!early_) {
            sink_ = std::move(sink);
            return;
        }
        early = std::move(early_);
    }
    sink(std::move(*early));
}

bool Later::cancel() {
    std::function<void()> hook;
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::waiting)
            return false;
        state_ = State::cancelled;
        hook = std::move(on_cancel_);
        sink_ = nullptr; // it holds the connection
    }
    if (hook)
        hook();
    return true;
}

} // namespace gcm::app
