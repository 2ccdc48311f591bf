// A bounded record of what happened in one namespace: the requests served and the engine's
// events, warnings and notification deliveries, oldest first, for tests to assert on (GET
// /_mock/journal).
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/app/notifications.hpp"
#include "gcm/state/events.hpp"

#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace gcm::app {

// A Graph request as it was answered: every one is recorded once, before the events it caused.
struct RequestRecord {
    Method method = Method::get;
    std::string path;
    unsigned status = 0;
    std::string request_id;
    std::string body; // the first 16 KiB
    std::chrono::microseconds latency{0};
};

struct JournalEntry {
    std::uint64_t sequence = 0;
    std::chrono::system_clock::time_point at;
    std::variant<RequestRecord, state::Event, DeliveryRecord> what;
};

class Journal {
public:
    explicit Journal(std::size_t capacity) : capacity_(capacity) {}

    void record(RequestRecord request);
    void record(state::Event event);
    // The request (if any), then the events it caused, together: nothing else comes between.
    void record(std::optional<RequestRecord> request, std::vector<state::Event> events);
    void record(DeliveryRecord delivery);
    void clear();
    // Entries after `since` (a sequence number), as JSON.
    boost::json::array to_json(std::uint64_t since = 0) const;

private:
    void push(JournalEntry entry); // under the lock

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<JournalEntry> entries_;
    std::uint64_t next_sequence_ = 1;
};

} // namespace gcm::app
