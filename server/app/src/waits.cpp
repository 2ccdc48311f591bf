// Pending waits (see waits.hpp).
#include "waits.hpp"

#include "gcm/state/engine.hpp"
#include "gcm/wire/graph_json.hpp"
#include "responses.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

constexpr std::size_t near_miss_count = 3;

json::value difference_json(const Difference& d) {
    json::object o{{"field", d.field}, {"expected", d.expected}};
    o["actual"] = d.actual ? *d.actual : json::value(nullptr);
    if (!d.actual)
        o["missing"] = true;
    return o;
}

} // namespace

void Waits::start(WaitSpec spec, std::shared_ptr<Later> later, NamespaceLease lease) {
    auto wait = std::make_shared<Wait>();
    wait->lease = std::move(lease);
    wait->after = spec.since ? *spec.since : journal_.last_sequence();
    wait->spec = std::move(spec);
    wait->later = std::move(later);
    wait->started = std::chrono::steady_clock::now();
    if (abandoned_) {
        // Its journal no longer appends: pending, it would only time out, holding the lease.
        answer_gone(*wait);
        return;
    }
    pending_.push_back(wait);
    pending_count_.store(pending_.size(), std::memory_order_relaxed);
    if (!subscribed_)
        journal_.subscribe(shared_from_this());
    subscribed_ = true;
    // A client that leaves takes its wait with it (from its connection's thread: in a turn).
    wait->later->on_cancel([weak = weak_from_this(), w = std::weak_ptr<Wait>(wait), post = post_] {
        post([weak, w](const Serial::Turn&) {
            auto self = weak.lock();
            auto wait = w.lock();
            if (self && wait && self->take(wait))
                wait->lease.release();
        });
    });
    // Subscribed first, then what is there already: nothing falls between the two.
    for (const auto& entry : journal_.entries_after(wait->after)) {
        const auto e = entry_json(entry);
        if (wait->spec.pattern.matches(e))
            return settle(wait, e);
    }
    scheduler_.after(
        wait->spec.timeout,
        [weak = weak_from_this(), w = std::weak_ptr<Wait>(wait), post = post_] {
            post([weak, w](const Serial::Turn&) {
                auto self = weak.lock();
                auto wait = w.lock();
                if (self && wait)
                    self->time_out(wait);
            });
        },
        Scheduler::no_group);
}

bool Waits::take(const std::shared_ptr<Wait>& wait) {
    auto it = std::find(pending_.begin(), pending_.end(), wait);
    if (it == pending_.end())
        return false;
    pending_.erase(it);
    pending_count_.store(pending_.size(), std::memory_order_relaxed);
    if (pending_.empty() && subscribed_) {
        subscribed_ = false;
        journal_.unsubscribe(this);
    }
    return true;
}

void Waits::appended(std::span<const JournalEntry> entries) {
    // A copy: settling one takes it off the list.
    const auto waits = pending_;
    if (waits.empty())
        return;
    std::vector<json::object> converted;
    converted.reserve(entries.size());
    for (const auto& entry : entries)
        converted.push_back(entry_json(entry));
    for (const auto& wait : waits)
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (entries[i].sequence > wait->after && wait->spec.pattern.matches(converted[i])) {
                settle(wait, converted[i]);
                break;
            }
}

void Waits::settle(const std::shared_ptr<Wait>& wait, const json::object& entry) {
    if (!take(wait))
        return;
    auto response = matched(*wait, entry);
    wait->later->answer(std::move(response));
    wait->lease.release(); // by whoever took it: once
}

Response Waits::matched(const Wait& wait, const json::object& entry) const {
    const auto& pattern = wait.spec.pattern;
    json::object body{{"for", to_string(pattern.kind())}, {"matched", entry}};
    if (pattern.kind() == EntryKind::operation)
        if (const auto* op = pattern.subject(entry))
            body["operation"] = *op;
    if (pattern.kind() == EntryKind::call_state) {
        // The call as it is now (null once it has ended and is gone).
        body["call"] = nullptr;
        if (const auto* id = entry.if_contains("callId"); id && id->is_string())
            if (auto call = engine_.get_call_resource(std::string(id->get_string())))
                body["call"] = json::value_from(*call);
    }
    return json_response(200, body);
}

void Waits::time_out(const std::shared_ptr<Wait>& wait) {
    if (!take(wait))
        return;
    const auto& pattern = wait->spec.pattern;
    // The entries of the pattern's kind that came nearest: most conditions met, latest first.
    // Without `since`, the whole journal is searched, and what matched before the wait began
    // is marked so: it did not count.
    struct Miss {
        json::object entry;
        EntryPattern::Verdict verdict;
        bool before = false;
    };
    std::vector<Miss> misses;
    const std::uint64_t from = wait->spec.since ? *wait->spec.since : 0;
    for (const auto& entry : journal_.entries_after(from)) {
        auto e = entry_json(entry);
        auto verdict = pattern.judge(e);
        if (!verdict.of_kind)
            continue;
        misses.push_back({std::move(e), std::move(verdict), entry.sequence <= wait->after});
    }
    std::stable_sort(misses.begin(), misses.end(),
                     [](const Miss& a, const Miss& b) { return a.verdict.met > b.verdict.met; });
    // stable_sort kept journal order among equals: take the latest of each score first.
    std::vector<const Miss*> nearest;
    for (std::size_t i = 0; i < misses.size() && nearest.size() < near_miss_count;) {
        std::size_t j = i;
        while (j < misses.size() && misses[j].verdict.met == misses[i].verdict.met)
            ++j;
        for (std::size_t k = j; k-- > i && nearest.size() < near_miss_count;)
            nearest.push_back(&misses[k]);
        i = j;
    }
    json::array near;
    for (const auto* m : nearest) {
        json::array differences;
        for (const auto& d : m->verdict.differences)
            differences.push_back(difference_json(d));
        json::object miss{{"entry", m->entry},
                          {"met", m->verdict.met},
                          {"of", pattern.conditions()},
                          {"differences", std::move(differences)}};
        if (m->before)
            miss["beforeWait"] = true; // matched, perhaps, but before the wait: pass `since`
        near.push_back(std::move(miss));
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - wait->started);
    auto response =
        graph_error(408, "RequestTimeout",
                    "No " + std::string(to_string(pattern.kind())) + " matched within " +
                        std::to_string(wait->spec.timeout.count()) + " ms.");
    response.error->members =
        std::make_shared<const json::object>(json::object{{"for", to_string(pattern.kind())},
                                                          {"match", wait->spec.match},
                                                          {"waitedMs", waited.count()},
                                                          {"nearMisses", std::move(near)}});
    wait->later->answer(std::move(response));
    wait->lease.release();
}

void Waits::abandon() {
    std::vector<std::shared_ptr<Wait>> waits;
    waits.swap(pending_);
    pending_count_.store(0, std::memory_order_relaxed);
    subscribed_ = false;
    abandoned_ = true;
    journal_.unsubscribe(this);
    for (const auto& wait : waits)
        answer_gone(*wait);
}

void Waits::answer_gone(Wait& wait) {
    wait.later->answer(
        graph_error(404, "itemNotFound", "The namespace was deleted while this wait was pending."));
    wait.lease.release();
}

} // namespace gcm::app
