// A response body the application writes as things happen (the Server-Sent Events of
// GET /_mock/events): the network layer writes the head at once, then whatever the stream has
// ready each time it says so, until it says the body is over. The application side is free to
// queue as it likes; the network side pulls, one write at a time, so a client that reads slowly
// is told apart from one that reads quickly by what is still waiting in the application's queue.
#pragma once

#include <functional>
#include <string>

namespace gcm::app {

class BodyStream {
public:
    // Called from any thread when there is something to take: post it to your own executor.
    // Called at most once after each take(), so a busy stream costs one post per write.
    using Wake = std::function<void()>;

    struct Piece {
        std::string text;  // the bytes to write now (may be empty)
        bool last = false; // the body ends after them
    };

    virtual ~BodyStream() = default;

    // Network side, once: where wake-ups go. If something is ready already, `wake` runs at once.
    virtual void attach(Wake wake) = 0;
    // Network side, between writes: everything ready now.
    virtual Piece take() = 0;
    // Network side: the client went away or the server stops. Nothing more is queued; the next
    // take() returns `last`. Safe to call more than once.
    virtual void cancel() = 0;
};

} // namespace gcm::app
