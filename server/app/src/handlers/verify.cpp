// The control plane's verification: which requests were made (GET /_mock/requests), the journal
// as JSON lines and as HAR 1.2 for CI artifacts, and POST /_mock/wait, answered once something
// matches (or its time is up) without holding a thread.
#include "../request_target.hpp"
#include "../responses.hpp"
#include "../services.hpp"
#include "../workspace.hpp"
#include "gcm/wire/requests.hpp"
#include "handlers.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app::handlers {
namespace {

constexpr std::int64_t max_wait_ms = 300000;

Response bad_wait(const std::string& problem) {
    return graph_error(400, "BadRequest", "Invalid wait: " + problem + ".");
}

std::variant<WaitSpec, Response> read_wait(std::string_view text) {
    boost::system::error_code ec;
    auto body = json::parse(text, ec);
    if (ec || !body.is_object())
        return bad_wait("the body must be a JSON object: {\"for\", \"match\", \"timeoutMs\", "
                        "\"since\"}");
    if (auto error = wire::non_finite_number(body, ""))
        return bad_wait(error->describe());
    const auto& o = body.get_object();
    for (const auto& [key, value] : o)
        if (key != "for" && key != "match" && key != "timeoutMs" && key != "since")
            return bad_wait("'" + std::string(key) +
                            "' is not a member of a wait: use for, match, timeoutMs, since");
    const auto* kind_value = o.if_contains("for");
    const auto kind = kind_value && kind_value->is_string()
                          ? entry_kind_from_string(kind_value->get_string())
                          : std::nullopt;
    if (!kind)
        return bad_wait("'for' must be request, notification, callState or operation");
    WaitSpec spec;
    if (const auto* match = o.if_contains("match")) {
        if (!match->is_object())
            return bad_wait("'match' must be an object");
        auto pattern = EntryPattern::from_json(*kind, match->get_object(), "match");
        if (auto* problem = std::get_if<std::string>(&pattern))
            return bad_wait(*problem);
        spec.pattern = std::move(std::get<EntryPattern>(pattern));
        spec.match = match->get_object();
    } else {
        spec.pattern = EntryPattern(*kind);
    }
    if (const auto* timeout = o.if_contains("timeoutMs")) {
        if (!timeout->is_int64() || timeout->as_int64() < 0 || timeout->as_int64() > max_wait_ms)
            return bad_wait("'timeoutMs' must be an integer from 0 to " +
                            std::to_string(max_wait_ms));
        spec.timeout = std::chrono::milliseconds(timeout->as_int64());
    }
    if (const auto* since = o.if_contains("since")) {
        if (!since->is_int64() || since->as_int64() < 0)
            return bad_wait("'since' must be a journal sequence number (an integer, 0 or more)");
        spec.since = std::uint64_t(since->as_int64());
    }
    return spec;
}

} // namespace

Response get_journal_lines(Context& ctx, Services& services) {
    Response r;
    for (const auto& entry :
         services.workspace.journal(services.turn).entries_after(since_of(ctx.query))) {
        r.body += json::serialize(entry_json(entry));
        r.body += '\n';
    }
    r.content_type = "application/x-ndjson";
    return r;
}

Response get_journal_har(Context& ctx, Services& services) {
    auto har = har_log(services.workspace.journal(services.turn).entries_after(since_of(ctx.query)),
                       GCM_VERSION);
    Response r = json_response(200, har);
    r.content_type = "application/json";
    return r;
}

Response list_requests(Context& ctx, Services& services) {
    EntryPattern pattern(EntryKind::request);
    for (const auto& [name, value] : query_params(ctx.query)) {
        if (name != "method" && name != "path" && name != "callId")
            return graph_error(400, "BadRequest",
                               "Unknown query parameter '" + name + "': use method, path, callId.");
        if (auto problem = pattern.add(name, json::value(value), "query"))
            return graph_error(400, "BadRequest", "Invalid " + *problem + ".");
    }
    json::array matching;
    for (const auto& entry : services.workspace.journal(services.turn).entries_after(0)) {
        auto e = entry_json(entry);
        if (pattern.matches(e))
            matching.push_back(std::move(e));
    }
    const auto count = matching.size();
    return json_response(200, json::object{{"count", count}, {"value", std::move(matching)}});
}

Response wait(Context& ctx, Services& services) {
    auto spec = read_wait(ctx.request.body);
    if (auto* refusal = std::get_if<Response>(&spec))
        return std::move(*refusal);
    auto later = services.make_later();
    services.workspace.waits(services.turn)
        .start(std::move(std::get<WaitSpec>(spec)), later, services.workspace.lease());
    Response r;
    r.mode = Deferred{std::move(later)};
    return r;
}

} // namespace gcm::app::handlers
