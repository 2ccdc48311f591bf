// Fault rules and their decisions (see faults.hpp).
#include "faults.hpp"

#include <algorithm>
#include <random>

namespace json = boost::json;

namespace gcm::app {
namespace {

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool request_matches(const FaultRule& r, Method method, std::string_view path,
                     std::string_view call_id) {
    return (!r.method || *r.method == method) && (!r.path || r.path->matches(path)) &&
           (!r.call_id || *r.call_id == call_id);
}

bool notification_matches(const FaultRule& r, std::string_view call_id,
                          std::string_view change_type, std::string_view resource_url) {
    return (!r.call_id || *r.call_id == call_id) &&
           (!r.change_type || *r.change_type == change_type) &&
           (!r.resource_url || r.resource_url->matches(resource_url));
}

} // namespace

std::uint64_t FaultRandom::next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
}

std::uint64_t FaultRandom::between(std::uint64_t low, std::uint64_t high) {
    if (high <= low)
        return low;
    return low + next() % (high - low + 1); // the bias is immaterial at these ranges
}

std::uint64_t FaultRules::seed_for(const FaultRule& rule, std::uint64_t number) const {
    if (rule.seed)
        return *rule.seed;
    if (base_seed_)
        return mix(*base_seed_ ^ mix(fnv1a(namespace_name_) + number));
    std::random_device device;
    return (std::uint64_t(device()) << 32) ^ device();
}

json::object FaultRules::add(FaultRule rule) {
    return add_numbered(std::move(rule), ++added_);
}

void FaultRules::restore(FaultRule rule, std::uint64_t number) {
    added_ = std::max(added_, number);
    add_numbered(std::move(rule), number);
}

json::object FaultRules::add_numbered(FaultRule rule, std::uint64_t number) {
    Active a;
    a.id = "fault-" + std::to_string(number);
    a.random = FaultRandom(seed_for(rule, number));
    a.rule = std::move(rule);
    json::object listed = a.rule.definition;
    listed["id"] = a.id;
    rules_.push_back(std::move(a));
    count_.store(rules_.size(), std::memory_order_relaxed);
    return listed;
}

bool FaultRules::remove(std::string_view id) {
    const auto before = rules_.size();
    std::erase_if(rules_, [id](const Active& a) { return a.id == id; });
    count_.store(rules_.size(), std::memory_order_relaxed);
    return rules_.size() != before;
}

void FaultRules::clear() {
    rules_.clear();
    count_.store(0, std::memory_order_relaxed);
}

void FaultRules::reset() {
    std::erase_if(rules_, [](const Active& a) { return !a.rule.persistent; });
    count_.store(rules_.size(), std::memory_order_relaxed);
}

json::array FaultRules::persistent() const {
    json::array out;
    for (const auto& a : rules_) {
        if (!a.rule.persistent)
            continue;
        json::object o = a.rule.definition;
        o["id"] = a.id;
        out.push_back(std::move(o));
    }
    return out;
}

json::array FaultRules::list() const {
    json::array out;
    for (const auto& a : rules_) {
        json::object o = a.rule.definition;
        o["id"] = a.id;
        o["matched"] = a.matched;
        o["fired"] = a.fired;
        out.push_back(std::move(o));
    }
    return out;
}

bool FaultRules::acts(Active& a) {
    ++a.matched;
    const auto& r = a.rule;
    if (a.matched < r.nth || (r.times != 0 && a.acted >= r.times))
        return false;
    // Drawn only when everything else allows it, so a rule's sequence of draws depends on the
    // requests it could act on, not on the others.
    if (r.probability < 1.0 && a.random.unit() >= r.probability)
        return false;
    ++a.acted;
    return true;
}

std::optional<RequestFault> FaultRules::on_request(Method method, std::string_view path,
                                                   std::string_view call_id) {
    const auto now = std::chrono::steady_clock::now();
    std::optional<RequestFault> out;
    for (auto& a : rules_) {
        const auto& r = a.rule;
        if (r.on_notifications() || !request_matches(r, method, path, call_id))
            continue;
        if (out) {
            ++a.matched; // counted all the same: an earlier rule acted on it
            continue;
        }
        std::optional<FaultRespond> respond = r.respond;
        if (a.throttled_until && now < *a.throttled_until) {
            // Retried before the Retry-After it was given: throttled again, for what is left.
            ++a.matched;
            const auto left = std::chrono::ceil<std::chrono::seconds>(*a.throttled_until - now);
            respond->retry_after = std::max(left, std::chrono::seconds(1));
        } else if (!acts(a)) {
            continue;
        } else if (respond && respond->retry_after) {
            a.throttled_until = now + *respond->retry_after;
        }
        ++a.fired;
        RequestFault f;
        f.rule = a.id;
        f.respond = std::move(respond);
        f.delay = std::chrono::milliseconds(a.random.between(std::uint64_t(r.delay_min.count()),
                                                             std::uint64_t(r.delay_max.count())));
        f.connection = r.connection;
        f.never_completes = r.never_completes;
        f.call = r.call;
        out = std::move(f);
    }
    return out;
}

std::optional<NotificationFault> FaultRules::on_notification(std::string_view call_id,
                                                             std::string_view change_type,
                                                             std::string_view resource_url) {
    std::optional<NotificationFault> out;
    for (auto& a : rules_) {
        if (!a.rule.on_notifications() ||
            !notification_matches(a.rule, call_id, change_type, resource_url))
            continue;
        if (out) {
            ++a.matched;
            continue;
        }
        if (!acts(a))
            continue;
        ++a.fired;
        out = NotificationFault{a.id, *a.rule.notification, a.rule.notification_delay};
    }
    return out;
}

std::string default_fault_code(unsigned status) {
    switch (status) {
    case 400:
        return "BadRequest";
    case 401:
        return "InvalidAuthenticationToken";
    case 403:
        return "Forbidden";
    case 404:
        return "itemNotFound";
    case 405:
        return "MethodNotAllowed";
    case 408:
        return "RequestTimeout";
    case 409:
        return "Conflict";
    case 412:
        return "PreconditionFailed";
    case 413:
        return "RequestEntityTooLarge";
    case 415:
        return "UnsupportedMediaType";
    case 429:
        return "TooManyRequests";
    case 501:
        return "NotImplemented";
    case 502:
        return "BadGateway";
    case 503:
        return "ServiceUnavailable";
    case 504:
        return "GatewayTimeout";
    default:
        return "UnknownError";
    }
}

std::string default_fault_message(unsigned status) {
    switch (status) {
    case 429:
        return "Too many requests. Please retry again later.";
    case 503:
        return "The service is temporarily unavailable. Please retry again later.";
    case 504:
        return "The gateway timed out waiting for the service.";
    default:
        return status >= 500 ? "An unknown error occurred." : "The request was refused.";
    }
}

} // namespace gcm::app
