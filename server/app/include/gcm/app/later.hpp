// An answer the application gives later: a wait that blocks until something happens, a fault's
// delay. Application::handle returns a Deferred Response (its `later`); the network layer says
// where the answer goes (attach) and holds the connection — answering nothing after it, so
// pipelined requests keep their order — until the application answers, or it cancels the wait
// because the client went away or the server stops. Of answer() and cancel(), exactly one takes
// effect, whichever comes first; both may be called from any thread. Defined in http_types.cpp,
// beside the Response it carries.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

namespace gcm::app {

struct Response;

class Later {
public:
    using Sink = std::function<void(Response)>;

    // Application side, before the Later is handed out: what answer() does to the response
    // first (the headers every response carries), and what to stop when it is cancelled.
    void set_finisher(std::function<void(Response&)> finisher);
    void on_cancel(std::function<void()> hook);

    // Application side, from any thread. True when this is the answer: `response` has then been
    // moved from. False when the client went away first (or it was answered already): the caller
    // still owns the response and what it carries (its Aftermath must still be delivered).
    bool answer(Response&& response);

    // Network side: where the answer goes, called once, on whichever thread answers (post it to
    // your own executor). If the answer came before attach(), `sink` is called at once.
    void attach(Sink sink);
    // Network side: the client went away or the server stops. True when nothing had been
    // answered (nothing will be, and the cancellation hook has run); false when an answer won the
    // race and is on its way to the sink.
    bool cancel();

private:
    enum class State { waiting, answered, cancelled };
    std::mutex mutex_;
    State state_ = State::waiting;
    std::function<void(Response&)> finisher_; // set before hand-out, read-only afterwards
    std::function<void()> on_cancel_;
    Sink sink_;
    std::unique_ptr<Response> early_; // answered before attach()
};

} // namespace gcm::app
