// A bounded record of what happened in one namespace: the requests served and the engine's
// events, warnings and notification deliveries, oldest first, for tests to assert on (GET
// /_mock/journal, /_mock/requests, the JSON lines and HAR exports) and to wait on (POST
// /_mock/wait, through a subscription). Its JSON form is made in one place, journal.cpp.
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/state/events.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gcm::app {

// A Graph request as it was answered: every one is recorded once, before the events it caused.
// It keeps what a HAR export needs besides: host, scheme, the few headers the mock reads, and the
// answer's own headers, body and error.
struct RequestRecord {
    Method method = Method::get;
    std::string path; // the target as sent, namespace prefix and query included
    unsigned status = 0;
    std::string request_id;
    std::string body; // the first 16 KiB
    std::chrono::microseconds latency{0};
    std::string call_id; // the call it concerned (the path's, or the one it created); or empty
    std::string host;
    bool secure = false;
    std::size_t body_size = 0; // before truncation
    std::string content_type;
    std::string client_request_id;
    std::vector<std::pair<std::string, std::string>> response_headers; // Location, Retry-After...
    std::string response_body;                                         // the first 16 KiB
    std::string response_content_type; // empty: JSON (when there is a body)
    std::optional<GraphError> error;
    std::string fault; // the id of the fault rule that shaped the answer, if one did
};

// What a notification said, kept with each of its delivery attempts.
struct NotificationFacts {
    std::string change_type;
    std::string resource_url;
    std::string body; // commsNotifications JSON
};

struct Delivery {
    DeliveryRecord record;
    std::shared_ptr<const NotificationFacts> notification; // null: unknown
};

struct JournalEntry {
    std::uint64_t sequence = 0;
    std::chrono::system_clock::time_point at;
    std::variant<RequestRecord, state::Event, Delivery> what;
    std::size_t bytes = 0; // what it holds, as the byte budget counts it (set by the journal)
};

// What an entry holds, in bytes: its fixed size, the text it keeps (target, bodies, headers,
// messages) and, for events, an estimate of their participants and resources.
std::size_t entry_bytes(const JournalEntry& entry);

// The journal's JSON form of one entry: the one place it is written (journal.cpp).
boost::json::object entry_json(const JournalEntry& entry);
// The requests among `entries` as a HAR 1.2 log, {"log": {...}}, for CI artifacts and HAR
// viewers (journal_har.cpp).
boost::json::object har_log(const std::vector<JournalEntry>& entries, std::string_view version);

// Told about every entry appended, in sequence order, after the append, in the namespace's turn
// that appended (serial.hpp). May unsubscribe from inside the callback.
class JournalObserver {
public:
    virtual ~JournalObserver() = default;
    virtual void appended(std::span<const JournalEntry> entries) = 0;
    // The journal was emptied (a reset, DELETE /_mock/journal): every entry up to
    // `last_sequence` is gone. In order with appended().
    virtual void cleared(std::uint64_t /*last_sequence*/) {}
    // The journal's namespace is deleted: the journal has forgotten its observers.
    virtual void closed() {}
};

// Owned by its namespace's Serial: every member runs in a turn, so it has no lock.
class Journal {
public:
    // At most `capacity` entries and `byte_budget` bytes (entry_bytes): appending evicts the
    // oldest entries past either (the newest entry is kept even if it alone is larger).
    Journal(std::size_t capacity, std::size_t byte_budget)
        : capacity_(capacity), byte_budget_(byte_budget) {}

    void record(RequestRecord request);
    void record(state::Event event);
    // The request (if any), then the events it caused, together: nothing else comes between.
    void record(std::optional<RequestRecord> request, std::vector<state::Event> events);
    void record(Delivery delivery);
    void clear();
    // Entries after `since` (a sequence number), as JSON.
    boost::json::array to_json(std::uint64_t since = 0) const;
    // Entries after `since`, oldest first.
    std::vector<JournalEntry> entries_after(std::uint64_t since) const;
    // At most `limit` of them, the oldest.
    std::vector<JournalEntry> entries_after(std::uint64_t since, std::size_t limit) const;
    // The sequence number of the last entry appended (0: none yet); survives clear().
    std::uint64_t last_sequence() const;
    // The next entry is numbered after `sequence` (at least): a namespace loaded from --data-dir
    // carries on its numbering, so `since` a sequence seen before the restart stays meaningful.
    void continue_after(std::uint64_t sequence);
    // The bytes the entries held now take (entry_bytes), and the most they may.
    std::size_t bytes() const;
    std::size_t byte_budget() const { return byte_budget_; }

    // Observers cost an append nothing while there are none. To see everything after sequence
    // N, subscribe and then read entries_after(N) in the same turn. False (and not subscribed)
    // once the journal is closed.
    bool subscribe(std::shared_ptr<JournalObserver> observer);
    void unsubscribe(const JournalObserver* observer);
    // The namespace is gone: tells every observer so (closed()), and forgets them.
    void close();

private:
    template <class Append> void append(Append&& add);
    void push(JournalEntry entry);

    std::size_t capacity_;
    std::size_t byte_budget_;
    std::deque<JournalEntry> entries_;
    std::size_t bytes_ = 0; // the sum of entries_' bytes
    std::uint64_t next_sequence_ = 1;
    std::vector<std::shared_ptr<JournalObserver>> observers_;
    bool closed_ = false;
};

} // namespace gcm::app
