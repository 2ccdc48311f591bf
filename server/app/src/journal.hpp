// A bounded record of what happened in one namespace: the requests served and the engine's
// events, warnings and notification deliveries, oldest first, for tests to assert on (GET
// /_mock/journal).
#pragma once

#include "gcm/app/notifications.hpp"
#include "gcm/state/events.hpp"

#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <variant>

namespace gcm::app {

struct RequestRecord {
    std::string method;
    std::string path;
    unsigned status = 0;
    std::string request_id;
    std::string body;
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
    void record(DeliveryRecord delivery);
    void clear();
    // Entries after `since` (a sequence number), as JSON.
    boost::json::array to_json(std::uint64_t since = 0) const;
    std::size_t size() const;

private:
    void push(JournalEntry entry);

    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<JournalEntry> entries_;
    std::uint64_t next_sequence_ = 1;
};

} // namespace gcm::app
