// Reading fault rules (see faults_json.hpp).
#include "faults_json.hpp"

#include "gcm/state/ascii.hpp"
#include "gcm/wire/decode.hpp"

#include <initializer_list>

namespace json = boost::json;

namespace gcm::app {
namespace {

constexpr std::int64_t max_delay_ms = 300000;

using Problem = std::optional<std::string>;

Problem only(const json::object& o, const std::string& where,
             std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : o) {
        bool known = false;
        for (auto a : allowed)
            known = known || key == a;
        if (known)
            continue;
        std::string list;
        for (auto a : allowed)
            list += (list.empty() ? "" : ", ") + std::string(a);
        return "'" + (where.empty() ? "" : where + ".") + std::string(key) +
               "' is not a member of " + (where.empty() ? "a fault rule" : "'" + where + "'") +
               ": use " + list;
    }
    return std::nullopt;
}

// An integer in [low, high] at `where`.
std::variant<std::int64_t, std::string> integer(const json::value& v, const std::string& where,
                                                std::int64_t low, std::int64_t high) {
    if (!v.is_int64() && !v.is_uint64())
        return "'" + where + "' must be an integer";
    if (v.is_uint64() || v.as_int64() < low || v.as_int64() > high)
        return "'" + where + "' must be between " + std::to_string(low) + " and " +
               std::to_string(high);
    return v.as_int64();
}

std::optional<Method> method_named(std::string_view name) {
    for (auto m : {Method::get, Method::post, Method::put, Method::patch, Method::delete_,
                   Method::head, Method::options})
        if (state::iequals(to_string(m), name))
            return m;
    return std::nullopt;
}

Problem read_pattern(const json::value& v, const std::string& where,
                     std::optional<PathPattern>& out) {
    if (!v.is_string())
        return "'" + where + "' must be a string (a path pattern)";
    auto parsed = PathPattern::parse(v.get_string());
    if (auto* problem = std::get_if<std::string>(&parsed))
        return "'" + where + "' " + *problem;
    out = std::move(std::get<PathPattern>(parsed));
    return std::nullopt;
}

#define GCM_CHECK(expr)                                                                            \
    if (auto problem_ = (expr))                                                                    \
    return std::move(*problem_)

#define GCM_INTEGER(var, value, where, low, high)                                                  \
    auto var##_ = integer(value, where, low, high);                                                \
    if (auto* p = std::get_if<std::string>(&var##_))                                               \
        return std::move(*p);                                                                      \
    const auto var = std::get<std::int64_t>(var##_)

Problem read_match(const json::value& v, FaultRule& rule) {
    if (!v.is_object())
        return std::string("'match' must be an object");
    const auto& m = v.get_object();
    if (rule.on_notifications()) {
        GCM_CHECK(only(m, "match",
                       {"callId", "changeType", "resourceUrl", "nth", "times", "probability"}));
    } else {
        GCM_CHECK(only(m, "match", {"method", "path", "callId", "nth", "times", "probability"}));
    }
    if (const auto* method = m.if_contains("method")) {
        if (!method->is_string() || !method_named(method->get_string()))
            return std::string("'match.method' must be an HTTP method: GET, POST, PUT, PATCH, "
                               "DELETE, HEAD or OPTIONS");
        rule.method = method_named(method->get_string());
    }
    if (const auto* path = m.if_contains("path"))
        GCM_CHECK(read_pattern(*path, "match.path", rule.path));
    if (const auto* url = m.if_contains("resourceUrl"))
        GCM_CHECK(read_pattern(*url, "match.resourceUrl", rule.resource_url));
    if (const auto* id = m.if_contains("callId")) {
        if (!id->is_string())
            return std::string("'match.callId' must be a string");
        rule.call_id = std::string(id->get_string());
    }
    if (const auto* change = m.if_contains("changeType")) {
        if (!change->is_string() ||
            (change->get_string() != "created" && change->get_string() != "updated" &&
             change->get_string() != "deleted"))
            return std::string("'match.changeType' must be created, updated or deleted");
        rule.change_type = std::string(change->get_string());
    }
    if (const auto* nth = m.if_contains("nth")) {
        GCM_INTEGER(n, *nth, "match.nth", 1, INT64_MAX);
        rule.nth = std::uint64_t(n);
    }
    if (const auto* times = m.if_contains("times")) {
        GCM_INTEGER(n, *times, "match.times", 1, INT64_MAX);
        rule.times = std::uint64_t(n);
    }
    if (const auto* p = m.if_contains("probability")) {
        if (!p->is_number() || p->to_number<double>() < 0.0 || p->to_number<double>() > 1.0)
            return std::string("'match.probability' must be a number from 0 to 1");
        rule.probability = p->to_number<double>();
    }
    return std::nullopt;
}

Problem read_respond(const json::value& v, FaultRule& rule) {
    if (!v.is_object())
        return std::string("'respond' must be an object");
    const auto& r = v.get_object();
    GCM_CHECK(only(r, "respond", {"status", "code", "message", "retryAfterSeconds"}));
    const auto* status = r.if_contains("status");
    if (!status)
        return std::string("'respond.status' is required");
    GCM_INTEGER(s, *status, "respond.status", 400, 599);
    FaultRespond out;
    out.status = unsigned(s);
    out.code = default_fault_code(out.status);
    out.message = default_fault_message(out.status);
    if (const auto* code = r.if_contains("code")) {
        if (!code->is_string() || code->get_string().empty())
            return std::string("'respond.code' must be a non-empty string (calling codes too: "
                               "\"8522\")");
        out.code = std::string(code->get_string());
    }
    if (const auto* message = r.if_contains("message")) {
        if (!message->is_string())
            return std::string("'respond.message' must be a string");
        out.message = std::string(message->get_string());
    }
    if (const auto* after = r.if_contains("retryAfterSeconds")) {
        GCM_INTEGER(n, *after, "respond.retryAfterSeconds", 0, 86400);
        out.retry_after = std::chrono::seconds(n);
    } else if (out.status == 429 || out.status == 503) {
        out.retry_after = std::chrono::seconds(2); // throttling always says when to come back
    }
    rule.respond = std::move(out);
    return std::nullopt;
}

Problem read_delay(const json::value& v, FaultRule& rule) {
    if (v.is_object()) {
        const auto& d = v.get_object();
        GCM_CHECK(only(d, "delayMs", {"min", "max"}));
        const auto* min = d.if_contains("min");
        const auto* max = d.if_contains("max");
        if (!min || !max)
            return std::string("'delayMs' takes both 'min' and 'max'");
        GCM_INTEGER(low, *min, "delayMs.min", 0, max_delay_ms);
        GCM_INTEGER(high, *max, "delayMs.max", low, max_delay_ms);
        rule.delay_min = std::chrono::milliseconds(low);
        rule.delay_max = std::chrono::milliseconds(high);
        return std::nullopt;
    }
    GCM_INTEGER(ms, v, "delayMs", 0, max_delay_ms);
    rule.delay_min = rule.delay_max = std::chrono::milliseconds(ms);
    return std::nullopt;
}

Problem read_connection(const json::value& v, FaultRule& rule) {
    const std::string_view name = v.is_string() ? std::string_view(v.get_string()) : "";
    if (name == "reset")
        rule.connection = Disruption::reset;
    else if (name == "close-before-response")
        rule.connection = Disruption::close_before_response;
    else if (name == "truncate-body")
        rule.connection = Disruption::truncate_body;
    else
        return std::string("'connection' must be reset, close-before-response or truncate-body");
    return std::nullopt;
}

Problem read_notification(const json::value& v, FaultRule& rule) {
    if (v.is_object()) {
        const auto& n = v.get_object();
        GCM_CHECK(only(n, "notification", {"delayMs"}));
        const auto* delay = n.if_contains("delayMs");
        if (!delay)
            return std::string("'notification.delayMs' is required");
        GCM_INTEGER(ms, *delay, "notification.delayMs", 1, max_delay_ms);
        rule.notification = NotificationFaultKind::delay;
        rule.notification_delay = std::chrono::milliseconds(ms);
        return std::nullopt;
    }
    const std::string_view name = v.is_string() ? std::string_view(v.get_string()) : "";
    if (name == "drop")
        rule.notification = NotificationFaultKind::drop;
    else if (name == "duplicate")
        rule.notification = NotificationFaultKind::duplicate;
    else if (name == "reorder")
        rule.notification = NotificationFaultKind::reorder;
    else
        return std::string("'notification' must be drop, duplicate, reorder or {\"delayMs\": N}");
    return std::nullopt;
}

Problem read_call(const json::value& v, FaultRule& rule) {
    if (!v.is_object())
        return std::string("'call' must be an object");
    const auto& c = v.get_object();
    GCM_CHECK(only(c, "call", {"establishingMs", "resultInfo"}));
    CallFailure failure;
    if (const auto* ms = c.if_contains("establishingMs")) {
        GCM_INTEGER(n, *ms, "call.establishingMs", 0, 3600000);
        failure.establishing = std::chrono::milliseconds(n);
    }
    const auto* info = c.if_contains("resultInfo");
    if (!info)
        return std::string("'call.resultInfo' is required: how the call ends");
    auto decoded = wire::decode_result_info(*info, "call.resultInfo");
    if (!decoded)
        return "'" + decoded.error().path + "' " + decoded.error().message;
    failure.result_info = std::move(*decoded);
    rule.call = std::move(failure);
    return std::nullopt;
}

#undef GCM_CHECK
#undef GCM_INTEGER

} // namespace

std::variant<FaultRule, std::string> fault_rule_from_json(const json::value& body) {
    if (!body.is_object())
        return std::string("a fault rule must be a JSON object");
    const auto& o = body.get_object();
    if (auto problem = only(o, "",
                            {"match", "respond", "delayMs", "connection", "notification",
                             "operation", "call", "seed", "persistent"}))
        return std::move(*problem);
    FaultRule rule;
    rule.definition = o;
    // The effects first: they say whether the rule matches requests or notifications.
    std::optional<std::string> problem;
    if (const auto* v = o.if_contains("respond"); v && !problem)
        problem = read_respond(*v, rule);
    if (const auto* v = o.if_contains("delayMs"); v && !problem)
        problem = read_delay(*v, rule);
    if (const auto* v = o.if_contains("connection"); v && !problem)
        problem = read_connection(*v, rule);
    if (const auto* v = o.if_contains("notification"); v && !problem)
        problem = read_notification(*v, rule);
    if (const auto* v = o.if_contains("operation"); v && !problem) {
        if (v->is_string() && v->get_string() == "never-completes")
            rule.never_completes = true;
        else
            problem = "'operation' must be never-completes";
    }
    if (const auto* v = o.if_contains("call"); v && !problem)
        problem = read_call(*v, rule);
    if (problem)
        return std::move(*problem);
    const bool request_effect = rule.respond || rule.delay_max.count() > 0 ||
                                o.contains("delayMs") || rule.connection != Disruption::none ||
                                rule.never_completes || rule.call;
    if (!request_effect && !rule.on_notifications())
        return std::string("a fault rule needs an effect: respond, delayMs, connection, "
                           "notification, operation or call");
    if (request_effect && rule.on_notifications())
        return std::string("'notification' acts on notifications and cannot be combined with "
                           "effects on requests (respond, delayMs, connection, operation, call): "
                           "make two rules");
    if (const auto* v = o.if_contains("match"))
        if (auto p = read_match(*v, rule))
            return std::move(*p);
    if (const auto* v = o.if_contains("seed")) {
        if (!v->is_uint64() && !(v->is_int64() && v->as_int64() >= 0))
            return std::string("'seed' must be a non-negative integer");
        rule.seed = v->to_number<std::uint64_t>();
    }
    if (const auto* v = o.if_contains("persistent")) {
        if (!v->is_bool())
            return std::string("'persistent' must be true or false");
        rule.persistent = v->get_bool();
    }
    return rule;
}

} // namespace gcm::app
