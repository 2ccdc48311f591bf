// The journal ring, its subscriptions and its JSON form (see journal.hpp).
#include "journal.hpp"

#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/text.hpp"
#include "utc.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

json::value body_json(const std::string& body) {
    if (body.empty())
        return nullptr;
    boost::system::error_code ec;
    auto parsed = json::parse(body, ec);
    if (ec)
        return json::value(wire::valid_utf8(body));
    return parsed;
}

json::array participants_json(const std::vector<state::Participant>& ps) {
    json::array out;
    for (const auto& p : ps)
        out.push_back(json::value_from(p));
    return out;
}

struct EventJson {
    json::object& o;
    void operator()(const state::CallStateChanged& e) const {
        o["kind"] = "callStateChanged";
        o["callId"] = e.call.id;
        o["state"] = state::to_string(e.state);
        if (e.result_info)
            o["resultInfo"] = json::value_from(*e.result_info);
    }
    void operator()(const state::RosterChanged& e) const {
        o["kind"] = "rosterChanged";
        o["callId"] = e.call.id;
        o["sequenceNumber"] = e.sequence;
        o["updated"] = participants_json(e.updated);
        o["removed"] = participants_json(e.removed);
    }
    void operator()(const state::OperationFinished& e) const {
        o["kind"] = "operationFinished";
        o["callId"] = e.call.id;
        o["operation"] = json::value_from(e.operation);
    }
    void operator()(const state::ToneReceived& e) const {
        o["kind"] = "toneReceived";
        o["callId"] = e.call.id;
        o["tone"] = state::to_string(e.tone);
        o["sequenceId"] = e.sequence;
    }
    void operator()(const state::MediaConnected& e) const {
        o["kind"] = "mediaConnected";
        o["callId"] = e.call.id;
    }
    void operator()(const state::ContentSharingChanged& e) const {
        using Change = state::ContentSharingChanged::Change;
        o["kind"] = "contentSharingChanged";
        o["callId"] = e.call.id;
        o["change"] = e.change == Change::started   ? "started"
                      : e.change == Change::changed ? "changed"
                                                    : "stopped";
        o["session"] = json::value_from(e.session);
    }
    void operator()(const state::Warning& e) const {
        o["kind"] = "warning";
        o["callId"] = e.call.id;
        o["message"] = e.message;
    }
};

void request_json(json::object& o, const RequestRecord& request) {
    o["kind"] = "request";
    o["method"] = to_string(request.method);
    o["path"] = wire::valid_utf8(request.path);
    o["status"] = request.status;
    o["requestId"] = request.request_id;
    o["latencyMs"] = double(request.latency.count()) / 1000.0;
    o["body"] = body_json(request.body);
    if (request.body.size() < request.body_size) {
        // Only the body's start is kept (a cut JSON body then reads as text).
        o["bodyTruncated"] = true;
        o["bodySize"] = request.body_size;
    }
    if (!request.call_id.empty())
        o["callId"] = wire::valid_utf8(request.call_id);
    if (!request.response_body.empty())
        o["response"] = request.response_content_type.empty()
                            ? body_json(request.response_body)
                            : json::value(wire::valid_utf8(request.response_body));
    if (request.error)
        o["error"] = json::object{{"code", wire::valid_utf8(request.error->code)},
                                  {"message", wire::valid_utf8(request.error->message)}};
    if (!request.fault.empty())
        o["fault"] = request.fault;
}

void delivery_json(json::object& o, const Delivery& delivery) {
    const auto& d = delivery.record;
    o["kind"] = "delivery";
    o["callId"] = d.call_id;
    o["url"] = d.url;
    o["attempt"] = d.attempt;
    o["status"] = d.status;
    if (!d.error.empty())
        o["error"] = d.error;
    o["latencyMs"] = d.latency.count();
    o["outcome"] = to_string(d.outcome);
    if (const auto& n = delivery.notification) {
        o["changeType"] = n->change_type;
        o["resourceUrl"] = n->resource_url;
        o["notification"] = body_json(n->body);
    }
}

} // namespace

json::object entry_json(const JournalEntry& entry) {
    json::object o{{"sequence", entry.sequence}, {"time", iso_utc(entry.at)}};
    if (const auto* request = std::get_if<RequestRecord>(&entry.what))
        request_json(o, *request);
    else if (const auto* delivery = std::get_if<Delivery>(&entry.what))
        delivery_json(o, *delivery);
    else
        std::visit(EventJson{o}, std::get<state::Event>(entry.what));
    return o;
}

namespace {

std::size_t text_bytes(const std::string& s) {
    return s.size();
}

std::size_t call_bytes(const state::CallRef& call) {
    return call.id.size() + call.callback_uri.size() + call.app_id.size() +
           (call.tenant_id ? call.tenant_id->size() : 0) +
           (call.call_chain_id ? call.call_chain_id->size() : 0) +
           (call.scenario_id ? call.scenario_id->size() : 0);
}

// An event's participants and resources hold more than their fixed size (names, ids, media
// streams): counted as this much each, an estimate, since they are never bodies a client sent.
constexpr std::size_t resource_estimate = 512;

struct EventBytes {
    std::size_t operator()(const state::CallStateChanged& e) const {
        return call_bytes(e.call) + (e.created ? resource_estimate : 0);
    }
    std::size_t operator()(const state::RosterChanged& e) const {
        return call_bytes(e.call) + (e.updated.size() + e.removed.size() + e.roster.size()) *
                                        (sizeof(state::Participant) + resource_estimate);
    }
    std::size_t operator()(const state::OperationFinished& e) const {
        return call_bytes(e.call) + resource_estimate;
    }
    std::size_t operator()(const state::Warning& e) const {
        return call_bytes(e.call) + e.message.size();
    }
    std::size_t operator()(const state::ContentSharingChanged& e) const {
        return call_bytes(e.call) + resource_estimate;
    }
    template <class Other> std::size_t operator()(const Other& e) const {
        return call_bytes(e.call);
    }
};

std::size_t request_bytes(const RequestRecord& r) {
    std::size_t n = text_bytes(r.path) + text_bytes(r.request_id) + text_bytes(r.body) +
                    text_bytes(r.call_id) + text_bytes(r.host) + text_bytes(r.content_type) +
                    text_bytes(r.client_request_id) + text_bytes(r.response_body) +
                    text_bytes(r.response_content_type) + text_bytes(r.fault);
    for (const auto& [name, value] : r.response_headers)
        n += sizeof(std::pair<std::string, std::string>) + name.size() + value.size();
    if (r.error)
        n += r.error->code.size() + r.error->message.size();
    return n;
}

std::size_t delivery_bytes(const Delivery& d) {
    // The notification is shared by its attempts; each counts it, which errs on the safe side.
    std::size_t n = d.record.call_id.size() + d.record.url.size() + d.record.error.size();
    if (const auto& facts = d.notification)
        n += sizeof(NotificationFacts) + facts->change_type.size() + facts->resource_url.size() +
             facts->body.size();
    return n;
}

} // namespace

std::size_t entry_bytes(const JournalEntry& entry) {
    std::size_t n = sizeof(JournalEntry);
    if (const auto* request = std::get_if<RequestRecord>(&entry.what))
        n += request_bytes(*request);
    else if (const auto* delivery = std::get_if<Delivery>(&entry.what))
        n += delivery_bytes(*delivery);
    else
        n += std::visit(EventBytes{}, std::get<state::Event>(entry.what));
    return n;
}

// Sequences keep rising whatever is evicted: readers (entries_after, waits, the event stream's
// replay and its `gap`) go by sequence, so an evicted entry is simply one no longer held.
void Journal::push(JournalEntry entry) {
    entry.sequence = next_sequence_++;
    if (capacity_ == 0)
        return;
    entry.bytes = entry_bytes(entry);
    while (!entries_.empty() &&
           (entries_.size() >= capacity_ || bytes_ + entry.bytes > byte_budget_)) {
        bytes_ -= entries_.front().bytes;
        entries_.pop_front();
    }
    bytes_ += entry.bytes;
    entries_.push_back(std::move(entry));
}

// Runs `add` (which pushes); then, if anyone subscribed, hands them what was added.
template <class Append> void Journal::append(Append&& add) {
    const auto first = next_sequence_;
    add();
    if (observers_.empty())
        return;
    // What was added and is still held (a zero capacity holds nothing, and tells nobody).
    std::vector<JournalEntry> added;
    for (auto it = entries_.rbegin(); it != entries_.rend() && it->sequence >= first; ++it)
        added.push_back(*it);
    if (added.empty())
        return;
    std::reverse(added.begin(), added.end());
    // A copy: an observer may unsubscribe from its callback (a wait it settles).
    const auto observers = observers_;
    for (const auto& observer : observers)
        observer->appended(added);
}

void Journal::record(RequestRecord request) {
    const auto now = std::chrono::system_clock::now();
    append([&] { push(JournalEntry{0, now, std::move(request)}); });
}

void Journal::record(state::Event event) {
    const auto now = std::chrono::system_clock::now();
    append([&] { push(JournalEntry{0, now, std::move(event)}); });
}

void Journal::record(Delivery delivery) {
    const auto now = std::chrono::system_clock::now();
    append([&] { push(JournalEntry{0, now, std::move(delivery)}); });
}

void Journal::record(std::optional<RequestRecord> request, std::vector<state::Event> events) {
    const auto now = std::chrono::system_clock::now();
    append([&] {
        if (request)
            push(JournalEntry{0, now, std::move(*request)});
        for (auto& event : events)
            push(JournalEntry{0, now, std::move(event)});
    });
}

void Journal::clear() {
    entries_.clear();
    bytes_ = 0;
    const auto observers = observers_;
    for (const auto& observer : observers)
        observer->cleared(next_sequence_ - 1);
}

void Journal::close() {
    closed_ = true;
    const auto observers = std::exchange(observers_, {});
    for (const auto& observer : observers)
        observer->closed();
}

std::vector<JournalEntry> Journal::entries_after(std::uint64_t since) const {
    // Sequences ascend: start at the first entry after `since`.
    auto first =
        std::partition_point(entries_.begin(), entries_.end(),
                             [since](const JournalEntry& e) { return e.sequence <= since; });
    return {first, entries_.end()};
}

std::vector<JournalEntry> Journal::entries_after(std::uint64_t since, std::size_t limit) const {
    auto first =
        std::partition_point(entries_.begin(), entries_.end(),
                             [since](const JournalEntry& e) { return e.sequence <= since; });
    const auto available = std::size_t(entries_.end() - first);
    return {first, first + std::ptrdiff_t(std::min(available, limit))};
}

std::uint64_t Journal::last_sequence() const {
    return next_sequence_ - 1;
}

void Journal::continue_after(std::uint64_t sequence) {
    next_sequence_ = std::max(next_sequence_, sequence + 1);
}

std::size_t Journal::bytes() const {
    return bytes_;
}

json::array Journal::to_json(std::uint64_t since) const {
    json::array out;
    for (const auto& entry : entries_after(since))
        out.push_back(entry_json(entry));
    return out;
}

bool Journal::subscribe(std::shared_ptr<JournalObserver> observer) {
    if (closed_) // it appends no more: kept, the observer would only keep what holds it alive
        return false;
    observers_.push_back(std::move(observer));
    return true;
}

void Journal::unsubscribe(const JournalObserver* observer) {
    std::erase_if(observers_, [observer](const auto& o) { return o.get() == observer; });
}

} // namespace gcm::app
