// The journal ring and its JSON form (see journal.hpp).
#include "journal.hpp"

#include "gcm/wire/graph_json.hpp"
#include "gcm/wire/text.hpp"
#include "utc.hpp"

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

} // namespace

void Journal::push(JournalEntry entry) {
    entry.sequence = next_sequence_++;
    if (capacity_ == 0)
        return;
    if (entries_.size() == capacity_)
        entries_.pop_front();
    entries_.push_back(std::move(entry));
}

void Journal::record(RequestRecord request) {
    const auto now = std::chrono::system_clock::now();
    std::lock_guard lock(mutex_);
    push(JournalEntry{0, now, std::move(request)});
}

void Journal::record(state::Event event) {
    const auto now = std::chrono::system_clock::now();
    std::lock_guard lock(mutex_);
    push(JournalEntry{0, now, std::move(event)});
}

void Journal::record(DeliveryRecord delivery) {
    const auto now = std::chrono::system_clock::now();
    std::lock_guard lock(mutex_);
    push(JournalEntry{0, now, std::move(delivery)});
}

void Journal::record(std::optional<RequestRecord> request, std::vector<state::Event> events) {
    const auto now = std::chrono::system_clock::now();
    std::lock_guard lock(mutex_);
    if (request)
        push(JournalEntry{0, now, std::move(*request)});
    for (auto& event : events)
        push(JournalEntry{0, now, std::move(event)});
}

void Journal::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

json::array Journal::to_json(std::uint64_t since) const {
    std::deque<JournalEntry> copy;
    {
        std::lock_guard lock(mutex_);
        copy = entries_;
    }
    json::array out;
    for (const auto& entry : copy) {
        if (entry.sequence <= since)
            continue;
        json::object o{{"sequence", entry.sequence}, {"time", iso_utc(entry.at)}};
        if (const auto* request = std::get_if<RequestRecord>(&entry.what)) {
            o["kind"] = "request";
            o["method"] = to_string(request->method);
            o["path"] = wire::valid_utf8(request->path);
            o["status"] = request->status;
            o["requestId"] = request->request_id;
            o["latencyMs"] = double(request->latency.count()) / 1000.0;
            o["body"] = body_json(request->body);
        } else if (const auto* d = std::get_if<DeliveryRecord>(&entry.what)) {
            o["kind"] = "delivery";
            o["callId"] = d->call_id;
            o["url"] = d->url;
            o["attempt"] = d->attempt;
            o["status"] = d->status;
            if (!d->error.empty())
                o["error"] = d->error;
            o["latencyMs"] = d->latency.count();
            o["outcome"] = to_string(d->outcome);
        } else {
            std::visit(EventJson{o}, std::get<state::Event>(entry.what));
        }
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace gcm::app
