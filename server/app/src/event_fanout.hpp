// A namespace's one journal subscriber for all its event streams (event_stream.hpp), apart from
// them: the workspace owns it, and the streams reach it through their workspace.
#pragma once

#include "journal.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::app {

// A journal entry as every live stream writes it: formatted once, shared, immutable.
struct StreamEntry {
    std::uint64_t sequence = 0;
    std::string call_id;
    std::size_t weight = 0; // roughly what it costs a queue to hold
    std::shared_ptr<const std::string> text;
};

// A namespace's one journal subscriber for all its event streams (subscribed while one is
// open): formats each appended entry once, then hands the same text to every stream, which
// queues it and wakes its connection. The appending thread does no per-stream formatting.
// What the fan-out hands entries to (an EventStream): told of every append, in journal order,
// on the appending thread.
class FanoutMember {
public:
    virtual void appended(std::span<const StreamEntry> entries) = 0;
    virtual void cleared(std::uint64_t last_sequence) = 0;
    virtual void closed() = 0;

protected:
    ~FanoutMember() = default;
};

// Owned by its namespace's Serial, as its journal is: every member runs in a turn.
class EventFanout final : public JournalObserver, public std::enable_shared_from_this<EventFanout> {
public:
    explicit EventFanout(Journal& journal) : journal_(journal) {}

    // From now on `member` is told of every append (it then reads the journal for what came
    // before: the subscribe-then-read rule). A closed journal's member is told so at once.
    void join(const std::shared_ptr<FanoutMember>& member);
    void leave(const FanoutMember* member);

    void appended(std::span<const JournalEntry> entries) override;
    void cleared(std::uint64_t last_sequence) override;
    void closed() override;

    // Entries formatted for live streams since the process began (tests count them).
    static std::size_t formatted() { return formatted_.load(std::memory_order_relaxed); }

private:
    using Streams = std::vector<std::shared_ptr<FanoutMember>>;

    Journal& journal_;
    Streams streams_;
    bool subscribed_ = false;
    bool closed_ = false;
    static inline std::atomic<std::size_t> formatted_{0};
};

// The call an entry is about (empty for none).
const std::string& entry_call_id(const JournalEntry& entry);
// An entry as an SSE event, `id:` its sequence.
std::string entry_event(const JournalEntry& entry);

// The text of one SSE event: `event:` when `name` is not empty, `id:` when `id` is, and the
// data (one line: serialized JSON has no raw newline).
std::string sse_event(std::string_view name, std::optional<std::uint64_t> id,
                      std::string_view data);

} // namespace gcm::app
