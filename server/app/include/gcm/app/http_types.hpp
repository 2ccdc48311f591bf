// The application's view of HTTP: a request as plain views, a response as plain values. The
// network layer (server/http) converts to and from Beast; nothing here includes Beast.
#pragma once

#include "gcm/app/body_stream.hpp"
#include "gcm/app/later.hpp"
#include "gcm/app/notifications.hpp"

#include <array>
#include <boost/json/fwd.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gcm::app {

enum class Method { get, post, put, patch, delete_, head, options, other };

std::string_view to_string(Method m) noexcept;

struct Request {
    Method method = Method::get;
    std::string_view target; // path and query, as sent
    std::string_view body;
    std::string_view host;
    std::string_view authorization;
    std::string_view content_type;
    std::string_view client_request_id;
    std::string_view scenario_id;   // the Scenario-Id header: echoed, and carried by notifications
    std::string_view last_event_id; // Last-Event-ID: where an event stream resumes
    bool secure = false;            // came over TLS: Location and @odata.context say https
};

// A Graph error a handler wants to report; Application::handle writes its body.
struct GraphError {
    std::string code;
    std::string message;
    // Members its body carries beside Graph's "error" (a wait's near misses); null: none.
    std::shared_ptr<const boost::json::object> members{};
};

// The headers every response carries that change per request (docs/wire.md). Kept as values
// rather than as header strings, so that writing a response builds no string per header.
struct StandardHeaders {
    std::string request_id;
    std::string client_request_id; // the client's own, or empty: then it is request_id
    std::string scenario_id;       // the client's, echoed; empty: none
    std::array<char, 29> date{};   // "Sun, 22 Nov 2026 14:20:00 GMT"; all zero: none
};

// What a request caused that waits until its answer is written: the notifications (the real
// service answers first and notifies after), then the timers of what happens next, which are
// started only then, so none of them can notify before the request's own notifications.
struct TimersToStart; // data the application reads back (server/app/src/timers_to_start.hpp)
struct Aftermath {
    std::vector<Notification> notifications;
    std::shared_ptr<TimersToStart> timers; // null: none
    bool empty() const noexcept { return notifications.empty() && !timers; }
};

// What a fault rule does to the connection instead of (or while) answering: the network layer
// resets it (RST), closes it without writing the answer, or writes the head and part of the body
// and then closes it. What the request did stands; its Aftermath is delivered all the same.
enum class Disruption { none, reset, close_before_response, truncate_body };

// What a Response is, one of three, so that no mix of them can be said:
// An answer now: the status, headers and `body` are written, then the connection may carry on.
struct Answer {
    Disruption disruption = Disruption::none; // what a fault rule does to the connection
};
// No answer yet: the real one (a Response of its own) comes through `later`; nothing else of
// this response is written, and only its Aftermath is delivered at once.
struct Deferred {
    std::shared_ptr<Later> later;
};
// The body is written as it is made (Server-Sent Events): `body` is unused, and the network
// layer frames what the stream gives (chunked, or until the connection closes).
struct Streamed {
    std::shared_ptr<BodyStream> stream;
};

struct Response {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers; // this response's own (Location...)
    std::string body;                                         // JSON text, or empty
    // The body's media type when it is not JSON (a $count's "text/plain"); empty: JSON.
    std::string_view content_type;
    std::optional<GraphError> error;
    // Handed to Application::deliver by the network layer once the response is written.
    Aftermath aftermath;
    StandardHeaders standard; // set by Application::handle
    std::variant<Answer, Deferred, Streamed> mode;
};

// Headers every response carries and that never change: OData-Version, x-ms-ags-diagnostic.
std::span<const std::pair<std::string_view, std::string_view>> constant_headers();
// Content-Type of every JSON body.
std::string_view json_content_type() noexcept;

// The headers that differ from one response to the next, in order: its own, then request-id,
// client-request-id and Date. The constant_headers() follow, then Content-Type if it has a body.
template <class F> void for_each_varying_header(const Response& r, F&& f) {
    for (const auto& [name, value] : r.headers)
        f(std::string_view(name), std::string_view(value));
    const auto& s = r.standard;
    if (!s.request_id.empty()) {
        f(std::string_view("request-id"), std::string_view(s.request_id));
        f(std::string_view("client-request-id"),
          std::string_view(s.client_request_id.empty() ? s.request_id : s.client_request_id));
    }
    if (!s.scenario_id.empty())
        f(std::string_view("scenario-id"), std::string_view(s.scenario_id));
    if (s.date.front() != '\0')
        f(std::string_view("Date"), std::string_view(s.date.data(), s.date.size()));
}

} // namespace gcm::app
