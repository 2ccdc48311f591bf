// A namespace's fault rules (POST /_mock/faults): which Graph requests or notifications a rule
// matches, and what it does to them — answer with an error, answer late, break the connection,
// drop, duplicate, delay or reorder a notification, leave an operation running forever, let a
// call fail to come up. Decisions only: the application and the workspace carry them out.
// Each rule draws its probabilities and delays from a generator of its own, seeded from the rule's
// "seed", else from --seed, the namespace and the rule's number, so a run repeats.
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/state/call.hpp"
#include "path_pattern.hpp"

#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gcm::app {

// A deterministic generator (SplitMix64): small, fast, and the same on every platform.
class FaultRandom {
public:
    explicit FaultRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    double unit() { return double(next() >> 11) * 0x1.0p-53; }    // [0, 1)
    std::uint64_t between(std::uint64_t low, std::uint64_t high); // inclusive

private:
    std::uint64_t state_;
};

struct FaultRespond {
    unsigned status = 500;
    std::string code;
    std::string message;
    std::optional<std::chrono::seconds> retry_after;
};

enum class NotificationFaultKind { drop, duplicate, delay, reorder };

// "A call that stays establishing and then ends": instead of coming up, it ends with this.
struct CallFailure {
    std::optional<std::chrono::milliseconds> establishing; // none: the usual setup time
    state::ResultInfo result_info;
};

struct FaultRule {
    // Which requests (or, with a notification effect, which notifications) it matches.
    std::optional<Method> method;
    std::optional<PathPattern> path;
    std::optional<std::string> call_id;
    std::optional<std::string> change_type;
    std::optional<PathPattern> resource_url;
    std::uint64_t nth = 1;   // the first matching one it may act on (1 = the first)
    std::uint64_t times = 0; // how many times it acts at most; 0: no limit
    double probability = 1.0;
    std::optional<std::uint64_t> seed;
    bool persistent = false; // survives /_mock/reset

    // What it does.
    std::optional<FaultRespond> respond;
    std::chrono::milliseconds delay_min{0}, delay_max{0};
    Disruption connection = Disruption::none;
    std::optional<NotificationFaultKind> notification;
    std::chrono::milliseconds notification_delay{0};
    bool never_completes = false;
    std::optional<CallFailure> call;

    boost::json::object definition; // as it was given, listed back

    bool on_notifications() const { return notification.has_value(); }
};

// What a rule does to one Graph request.
struct RequestFault {
    std::string rule;
    std::optional<FaultRespond> respond; // answered with this instead: the request is not run
    std::chrono::milliseconds delay{0};
    Disruption connection = Disruption::none;
    bool never_completes = false;
    std::optional<CallFailure> call;
};

struct NotificationFault {
    std::string rule;
    NotificationFaultKind kind = NotificationFaultKind::drop;
    std::chrono::milliseconds delay{0};
};

// Owned by its namespace's Serial: every member but empty() and size() runs in a turn.
class FaultRules {
public:
    // `base_seed`: --seed, if given; the namespace's name makes its rules' sequences its own.
    FaultRules(std::optional<std::uint64_t> base_seed, std::string namespace_name)
        : base_seed_(base_seed), namespace_name_(std::move(namespace_name)) {}

    // Adds a rule; returns it as listed (with its "id").
    boost::json::object add(FaultRule rule);
    // Adds a rule saved under "fault-<number>" (--data-dir), keeping its id; later rules number
    // on from the highest.
    void restore(FaultRule rule, std::uint64_t number);
    // The persistent rules as given, each with its "id" (what --data-dir saves).
    boost::json::array persistent() const;
    bool remove(std::string_view id);
    void clear();
    // /_mock/reset: only persistent rules stay (and keep counting).
    void reset();
    // Every rule as given, with "id", "matched" and "fired".
    boost::json::array list() const;
    // No rule at all; how many: from any thread (the gauges).
    bool empty() const noexcept { return count_.load(std::memory_order_relaxed) == 0; }
    std::size_t size() const noexcept { return count_.load(std::memory_order_relaxed); }

    // The first rule that acts on this request, in the order they were added; every request
    // rule whose pattern matches counts it. `call_id` is the call in its path, if any.
    std::optional<RequestFault> on_request(Method method, std::string_view path,
                                           std::string_view call_id);
    std::optional<NotificationFault> on_notification(std::string_view call_id,
                                                     std::string_view change_type,
                                                     std::string_view resource_url);

private:
    struct Active {
        std::string id;
        FaultRule rule;
        FaultRandom random{0};
        std::uint64_t matched = 0; // matching requests (or notifications) seen
        std::uint64_t acted = 0;   // times it acted by its own pattern (what `times` limits)
        std::uint64_t fired = 0;   // times it acted, retries throttled again included
        // A Retry-After it sent: a matching request before this is throttled again.
        std::optional<std::chrono::steady_clock::time_point> throttled_until;
    };
    // Adds `rule` as "fault-<number>".
    boost::json::object add_numbered(FaultRule rule, std::uint64_t number);
    // Counts a match; true when the rule acts on it (nth, times, probability).
    static bool acts(Active& a);
    std::uint64_t seed_for(const FaultRule& rule, std::uint64_t number) const;

    std::optional<std::uint64_t> base_seed_;
    std::string namespace_name_;
    std::vector<Active> rules_;
    std::uint64_t added_ = 0;
    std::atomic<std::size_t> count_{0};
};

// The Graph error code a fault's status has when the rule names none (UnknownError for 500,
// ServiceUnavailable for 503, TooManyRequests for 429, ...), and its message.
std::string default_fault_code(unsigned status);
std::string default_fault_message(unsigned status);

} // namespace gcm::app
