// GET /_mock/events: one namespace's journal as Server-Sent Events, one event per entry as it is
// appended, `id:` its sequence. A journal subscriber (journal.hpp), as a wait is.
//
// Two phases. Replaying: the entries after the client's start point are read from the journal a
// batch per write, as fast as the client reads them, so a long backlog (the inspector asks for
// all of it) costs no queue; what is appended meanwhile is read with the next batch. Live: once
// a batch reaches the end, the appended entries are queued as they come, and each write takes
// the whole queue. A client that reads too slowly lets the queue grow: past its bound, it gets
// one `event: overflow` and the body ends (it may reconnect with Last-Event-ID). Live entries
// are formatted once per append, whatever the number of streams (EventFanout): each stream only
// queues a shared pointer to the text and wakes its connection, which writes on its own thread.
//
// Named events besides the entries (which have no `event:` line, so EventSource.onmessage sees
// them all): hello (first), gap (entries the journal no longer holds), reset (the journal was
// emptied), overflow and gone (the namespace was deleted), the last two ending the body; and a
// `: keep-alive` comment when nothing else was written for a while.
#pragma once

#include "event_fanout.hpp"
#include "gcm/app/body_stream.hpp"
#include "gcm/app/scheduler.hpp"
#include "journal.hpp"
#include "namespace_lease.hpp"
#include "serial.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gcm::app {

class Workspace;

struct EventStreamOptions {
    // Entries after this sequence; none: only what is appended from now on.
    std::optional<std::uint64_t> after;
    std::string call_id; // only the entries about this call; empty: all
    std::string namespace_name;
    // The live queue's bounds: entries not yet taken by the network, and their approximate size.
    std::size_t max_events = 1024;
    std::size_t max_bytes = 8 * 1024 * 1024;
    // A comment when the stream has been quiet this long (zero: never).
    std::chrono::milliseconds keep_alive{15000};
};

class EventStream final : public BodyStream,
                          public FanoutMember,
                          public std::enable_shared_from_this<EventStream> {
public:
    // Joins the fan-out of the workspace `lease` holds; the stream keeps the lease while it is
    // open (the namespace is in use: the idle sweep leaves it), and lets it go when the network
    // drops the stream.
    // In a turn of that namespace (a request's handler).
    static std::shared_ptr<EventStream> open(const Serial::Turn& turn, NamespaceLease lease,
                                             Scheduler& scheduler, EventStreamOptions options);

    void attach(Wake wake) override;
    Piece take() override;
    void cancel() override;

    // From the fan-out, in the namespace's turn that appended, in journal order.
    void appended(std::span<const StreamEntry> entries) override;
    void cleared(std::uint64_t last_sequence) override;
    void closed() override;

    // Entries read from the journal per write while replaying.
    static constexpr std::size_t replay_batch = 256;

private:
    EventStream(NamespaceLease lease, Scheduler& scheduler, EventStreamOptions options)
        : lease_(std::move(lease)), scheduler_(scheduler), options_(std::move(options)) {}

    // Text ready to write: an entry's (its sequence set), or a named event's in its place among
    // them (sequence 0).
    struct Item {
        std::uint64_t sequence = 0;
        std::shared_ptr<const std::string> text;
    };

    bool wanted(const JournalEntry& entry) const;
    bool wanted(const std::string& call_id) const;
    // Under the lock: the wake-up to call once it is released, if one is due.
    Wake due_wake();
    void signal();
    Piece take_replay(std::uint64_t cursor, std::string out);
    void unsubscribe();
    void schedule_keep_alive();
    void keep_alive();

    const NamespaceLease lease_; // set once: read from any thread without the lock
    Scheduler& scheduler_;
    const EventStreamOptions options_;

    // The stream's own state, between the namespace's turns (which queue) and its connection's
    // thread (which takes): taken inside a turn, never the other way round.
    std::mutex mutex_;
    Wake wake_;
    bool signalled_ = false; // a wake-up is on its way, not yet followed by take()
    bool replaying_ = true;
    bool ended_ = false;       // the body ends once what is queued has been taken
    bool cancelled_ = false;   // nothing more is taken
    std::uint64_t cursor_ = 0; // the last sequence handed to the network (or skipped)
    std::string control_;      // written before anything else: hello, keep-alive comments
    std::deque<Item> queue_;   // live entries (and named events among them)
    std::size_t queued_bytes_ = 0;
    std::optional<std::uint64_t> reset_at_; // while replaying: the journal was emptied up to it
    std::chrono::steady_clock::time_point last_write_;
};

} // namespace gcm::app
