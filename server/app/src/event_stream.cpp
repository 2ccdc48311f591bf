// A namespace's journal as Server-Sent Events (see event_stream.hpp).
#include "event_stream.hpp"

#include "gcm/state/ascii.hpp"
#include "workspace.hpp"

#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

// How long EventSource waits before it reconnects (the SSE `retry:` field), in milliseconds.
constexpr int reconnect_ms = 1000;

// A named event's text, queued among the entries.
std::shared_ptr<const std::string> named_event(std::string_view name, const json::object& data) {
    return std::make_shared<const std::string>(
        sse_event(name, std::nullopt, json::serialize(data)));
}

} // namespace

std::shared_ptr<EventStream> EventStream::open(const Serial::Turn& turn, NamespaceLease lease,
                                               Scheduler& scheduler, EventStreamOptions options) {
    std::shared_ptr<EventStream> self(
        new EventStream(std::move(lease), scheduler, std::move(options)));
    auto& workspace = *self->lease_;
    auto& journal = workspace.journal(turn);
    const auto last = journal.last_sequence();
    const auto& o = self->options_;
    json::object hello{{"namespace", o.namespace_name}, {"lastSequence", last}};
    if (!o.call_id.empty())
        hello["callId"] = o.call_id;
    self->control_ = "retry: " + std::to_string(reconnect_ms) + "\n\n";
    self->cursor_ = last;
    std::string stale;
    if (o.after && *o.after > last) {
        // An id this journal never gave: another server's (it restarted). All of this one's.
        self->cursor_ = 0;
        stale = sse_event("reset", std::nullopt,
                          json::serialize(json::object{
                              {"lastSequence", 0},
                              {"reason", "Last-Event-ID " + std::to_string(*o.after) +
                                             " is ahead of this journal (" + std::to_string(last) +
                                             "): the server restarted, or the journal is "
                                             "another's; replaying it from the start"}}));
    } else if (o.after) {
        self->cursor_ = *o.after;
    }
    hello["after"] = self->cursor_;
    self->control_ += sse_event("hello", std::nullopt, json::serialize(hello));
    self->control_ += stale;
    self->last_write_ = std::chrono::steady_clock::now();
    // Subscribed before the replay reads anything: nothing falls between the two.
    workspace.event_fanout(turn).join(self);
    self->schedule_keep_alive();
    return self;
}

bool EventStream::wanted(const JournalEntry& entry) const {
    return wanted(entry_call_id(entry));
}

bool EventStream::wanted(const std::string& call_id) const {
    return options_.call_id.empty() || state::iequals(call_id, options_.call_id);
}

BodyStream::Wake EventStream::due_wake() {
    if (signalled_ || !wake_)
        return {};
    signalled_ = true;
    return wake_;
}

void EventStream::signal() {
    Wake wake;
    {
        std::lock_guard lock(mutex_);
        if (cancelled_)
            return;
        wake = due_wake();
    }
    if (wake)
        wake();
}

void EventStream::attach(Wake wake) {
    {
        std::lock_guard lock(mutex_);
        if (cancelled_)
            return;
        wake_ = std::move(wake);
    }
    signal(); // the hello is ready
}

void EventStream::appended(std::span<const StreamEntry> entries) {
    Wake wake;
    bool overflowed = false;
    {
        std::lock_guard lock(mutex_);
        if (ended_ || cancelled_)
            return;
        if (!replaying_) {
            bool any = false;
            for (const auto& entry : entries) {
                if (entry.sequence <= cursor_ || !wanted(entry.call_id))
                    continue;
                queued_bytes_ += entry.weight;
                queue_.push_back({entry.sequence, entry.text});
                any = true;
            }
            if (!any)
                return;
            if (queue_.size() > options_.max_events || queued_bytes_ > options_.max_bytes) {
                // The client reads too slowly: what it has not taken is dropped, and it is told
                // where to resume from.
                const auto dropped = queue_.size();
                queue_.clear();
                queued_bytes_ = 0;
                queue_.push_back(
                    {0, named_event(
                            "overflow",
                            json::object{
                                {"resumeAfter", cursor_},
                                {"dropped", dropped},
                                {"message", "This client read the stream too slowly: more than " +
                                                std::to_string(options_.max_events) +
                                                " events or " + std::to_string(options_.max_bytes) +
                                                " bytes were waiting. Reconnect with "
                                                "Last-Event-ID " +
                                                std::to_string(cursor_) + " to resume."}})});
                ended_ = true;
                overflowed = true;
            }
        }
        // While replaying, the next batch reads them from the journal.
        wake = due_wake();
    }
    if (overflowed)
        unsubscribe();
    if (wake)
        wake();
}

void EventStream::cleared(std::uint64_t last_sequence) {
    {
        std::lock_guard lock(mutex_);
        if (ended_ || cancelled_)
            return;
        if (replaying_) {
            reset_at_ = last_sequence;
        } else {
            queue_.push_back(
                {0, named_event("reset", json::object{{"lastSequence", last_sequence}})});
        }
    }
    signal();
}

void EventStream::closed() {
    {
        std::lock_guard lock(mutex_);
        if (ended_ || cancelled_)
            return;
        ended_ = true;
        queue_.push_back(
            {0, named_event("gone", json::object{{"namespace", options_.namespace_name},
                                                 {"message", "The namespace was deleted; the "
                                                             "stream ends."}})});
    }
    signal();
}

BodyStream::Piece EventStream::take() {
    std::string out;
    std::deque<Item> items;
    std::uint64_t cursor = 0;
    bool replaying = false;
    bool ended = false;
    {
        std::lock_guard lock(mutex_);
        signalled_ = false;
        if (cancelled_)
            return {{}, true};
        out.swap(control_);
        cursor = cursor_;
        replaying = replaying_;
        ended = ended_;
        // While replaying nothing is queued but a `gone` (which ends the replay too).
        if (!replaying || ended) {
            items.swap(queue_);
            queued_bytes_ = 0;
        }
    }
    if (replaying && !ended)
        return take_replay(cursor, std::move(out));
    for (const auto& item : items) {
        if (item.sequence == 0) {
            out += *item.text;
            continue;
        }
        if (item.sequence <= cursor)
            continue; // read already with the replay's last batch
        out += *item.text;
        cursor = item.sequence;
    }
    std::lock_guard lock(mutex_);
    cursor_ = std::max(cursor_, cursor);
    if (!out.empty())
        last_write_ = std::chrono::steady_clock::now();
    return {std::move(out), ended};
}

BodyStream::Piece EventStream::take_replay(std::uint64_t cursor, std::string out) {
    // The lease keeps the workspace: a deleted namespace's journal still reads (closed, it has
    // told this stream to end with `gone`). Read (copied) in a turn, as the fan-out appends, and
    // formatted after it, so that the namespace's requests do not wait for the formatting.
    std::uint64_t last = 0;
    std::vector<JournalEntry> batch;
    lease_->now([&](const Serial::Turn& turn) {
        const auto& journal = lease_->journal(turn);
        // Read before the batch: what the batch lacks up to here, the journal no longer holds.
        last = journal.last_sequence();
        batch = journal.entries_after(cursor, replay_batch);
        if (batch.size() < replay_batch) {
            // Caught up: from now on appends are queued (none can come between, in this turn).
            std::lock_guard lock(mutex_);
            replaying_ = false;
        }
    });
    std::optional<std::uint64_t> reset;
    {
        std::lock_guard lock(mutex_);
        reset = std::exchange(reset_at_, std::nullopt);
    }
    if (reset) {
        out += sse_event("reset", std::nullopt,
                         json::serialize(json::object{{"lastSequence", *reset}}));
        cursor = std::max(cursor, *reset);
    }
    auto first = std::optional<std::uint64_t>{};
    for (const auto& entry : batch)
        if (entry.sequence > cursor && !first)
            first = entry.sequence;
    const auto gap_end = std::min(first ? *first : last + 1, last + 1);
    if (gap_end > cursor + 1)
        out += sse_event("gap", std::nullopt,
                         json::serialize(json::object{
                             {"from", cursor + 1},
                             {"to", gap_end - 1},
                             {"message", "These entries are no longer in the journal (it keeps "
                                         "the latest --journal-size entries within "
                                         "--journal-bytes)."}}));
    for (const auto& entry : batch) {
        if (entry.sequence <= cursor)
            continue;
        if (wanted(entry))
            out += entry_event(entry);
        cursor = entry.sequence;
    }
    std::lock_guard lock(mutex_);
    cursor_ = std::max(cursor_, cursor);
    if (!out.empty())
        last_write_ = std::chrono::steady_clock::now();
    // Not caught up: the network writes this and takes again, for the next batch.
    return {std::move(out), false};
}

void EventStream::cancel() {
    {
        std::lock_guard lock(mutex_);
        if (cancelled_)
            return;
        cancelled_ = true;
        wake_ = nullptr;
        queue_.clear();
    }
    unsubscribe();
}

void EventStream::unsubscribe() {
    // From its connection's thread, or a turn (an overflow): after the turn under way.
    lease_->post([self = shared_from_this()](const Serial::Turn& turn) {
        self->lease_->event_fanout(turn).leave(self.get());
    });
}

void EventStream::schedule_keep_alive() {
    if (options_.keep_alive.count() <= 0)
        return;
    scheduler_.after(
        options_.keep_alive,
        [weak = weak_from_this()] {
            if (auto self = weak.lock())
                self->keep_alive();
        },
        Scheduler::no_group);
}

void EventStream::keep_alive() {
    Wake wake;
    {
        std::lock_guard lock(mutex_);
        if (cancelled_ || ended_)
            return;
        // A comment, which EventSource ignores: it keeps proxies from closing a quiet
        // connection, and finds out a client that has gone without a word.
        if (std::chrono::steady_clock::now() - last_write_ >= options_.keep_alive / 2) {
            control_ += ": keep-alive\n\n";
            wake = due_wake();
        }
    }
    if (wake)
        wake();
    schedule_keep_alive();
}

} // namespace gcm::app
