// The event streams' one journal subscriber (see event_fanout.hpp).
#include "event_fanout.hpp"

#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

// Roughly what an entry costs to hold and to write: its bodies, and a little for the rest.
std::size_t weight(const JournalEntry& entry) {
    constexpr std::size_t base = 512;
    if (const auto* request = std::get_if<RequestRecord>(&entry.what))
        return base + request->body.size() + request->response_body.size();
    if (const auto* delivery = std::get_if<Delivery>(&entry.what))
        return base + (delivery->notification ? delivery->notification->body.size() : 0);
    if (const auto* roster = std::get_if<state::RosterChanged>(&std::get<state::Event>(entry.what)))
        return base * (1 + roster->updated.size() + roster->removed.size());
    return base;
}

} // namespace

const std::string& entry_call_id(const JournalEntry& entry) {
    if (const auto* request = std::get_if<RequestRecord>(&entry.what))
        return request->call_id;
    if (const auto* delivery = std::get_if<Delivery>(&entry.what))
        return delivery->record.call_id;
    return std::visit([](const auto& e) -> const std::string& { return e.call.id; },
                      std::get<state::Event>(entry.what));
}

std::string entry_event(const JournalEntry& entry) {
    return sse_event({}, entry.sequence, json::serialize(entry_json(entry)));
}

void EventFanout::join(const std::shared_ptr<FanoutMember>& member) {
    if (closed_)
        return member->closed();
    streams_.push_back(member);
    if (!subscribed_)
        journal_.subscribe(shared_from_this());
    subscribed_ = true;
}

void EventFanout::leave(const FanoutMember* member) {
    std::erase_if(streams_, [member](const auto& s) { return s.get() == member; });
    // The last one gone: appends cost nothing again.
    if (streams_.empty() && subscribed_) {
        journal_.unsubscribe(this);
        subscribed_ = false;
    }
}

void EventFanout::appended(std::span<const JournalEntry> entries) {
    if (streams_.empty())
        return;
    std::vector<StreamEntry> ready;
    ready.reserve(entries.size());
    for (const auto& entry : entries) {
        ready.push_back({entry.sequence, entry_call_id(entry), weight(entry),
                         std::make_shared<const std::string>(entry_event(entry))});
        formatted_.fetch_add(1, std::memory_order_relaxed);
    }
    // A stream that overflows leaves in a job posted after this one: the list holds still.
    for (const auto& stream : streams_)
        stream->appended(ready);
}

void EventFanout::cleared(std::uint64_t last_sequence) {
    for (const auto& stream : streams_)
        stream->cleared(last_sequence);
}

void EventFanout::closed() {
    closed_ = true;
    subscribed_ = false; // the journal forgot its observers
    const auto streams = std::exchange(streams_, {});
    for (const auto& stream : streams)
        stream->closed();
}

std::string sse_event(std::string_view name, std::optional<std::uint64_t> id,
                      std::string_view data) {
    std::string out;
    out.reserve(data.size() + name.size() + 40);
    if (!name.empty()) {
        out += "event: ";
        out += name;
        out += '\n';
    }
    if (id) {
        out += "id: ";
        out += std::to_string(*id);
        out += '\n';
    }
    // Each line of the data its own field (serialized JSON has none, but the format allows it).
    for (;;) {
        const auto end = data.find_first_of("\r\n");
        out += "data: ";
        out += data.substr(0, end);
        out += '\n';
        if (end == std::string_view::npos)
            break;
        data.remove_prefix(end + (data.substr(end, 2) == "\r\n" ? 2 : 1));
    }
    out += '\n';
    return out;
}

} // namespace gcm::app
