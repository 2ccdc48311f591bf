// The journal's requests as HAR 1.2 (see journal.hpp): what the mock was asked and answered, in a
// form browsers' and proxies' HAR viewers read. Only what the journal keeps is there: the request
// line, Host, Content-Type and client-request-id (never Authorization), the body; the status,
// the answer's own headers (Location, Retry-After, ...), its body; and the time it took.
#include "gcm/wire/text.hpp"
#include "journal.hpp"
#include "request_target.hpp"
#include "utc.hpp"

#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::app {
namespace {

std::string_view reason(unsigned status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

json::object header(std::string_view name, std::string_view value) {
    return json::object{{"name", name}, {"value", wire::valid_utf8(std::string(value))}};
}

json::array query_of(std::string_view target) {
    json::array out;
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return out;
    for (const auto& [name, value] : query_params(target.substr(q + 1)))
        out.push_back(
            json::object{{"name", wire::valid_utf8(name)}, {"value", wire::valid_utf8(value)}});
    return out;
}

json::object request_of(const RequestRecord& r) {
    json::array headers;
    if (!r.host.empty())
        headers.push_back(header("Host", r.host));
    if (!r.content_type.empty())
        headers.push_back(header("Content-Type", r.content_type));
    if (!r.client_request_id.empty())
        headers.push_back(header("client-request-id", r.client_request_id));
    json::object out{
        {"method", to_string(r.method)},
        {"url", std::string(r.secure ? "https://" : "http://") +
                    (r.host.empty() ? std::string("localhost") : r.host) +
                    wire::valid_utf8(r.path)},
        {"httpVersion", "HTTP/1.1"},
        {"cookies", json::array{}},
        {"headers", std::move(headers)},
        {"queryString", query_of(r.path)},
        {"headersSize", -1},
        {"bodySize", r.body_size},
    };
    if (!r.body.empty())
        out["postData"] = json::object{
            {"mimeType", r.content_type.empty() ? std::string("application/json") : r.content_type},
            {"text", wire::valid_utf8(r.body)}};
    return out;
}

json::object response_of(const RequestRecord& r) {
    std::string text = r.response_body;
    std::string mime = r.response_content_type;
    if (r.error) // the envelope without its innerError, which the journal does not keep
        text = json::serialize(json::object{
            {"error", json::object{{"code", r.error->code}, {"message", r.error->message}}}});
    if (mime.empty() && !text.empty())
        mime = "application/json";
    json::array headers{header("request-id", r.request_id),
                        header("client-request-id",
                               r.client_request_id.empty() ? r.request_id : r.client_request_id)};
    for (const auto& [name, value] : r.response_headers)
        headers.push_back(header(name, value));
    if (!mime.empty())
        headers.push_back(header("Content-Type", mime));
    json::object content{{"size", text.size()}, {"mimeType", mime}};
    if (!text.empty())
        content["text"] = wire::valid_utf8(text);
    return json::object{
        {"status", r.status},
        {"statusText", reason(r.status)},
        {"httpVersion", "HTTP/1.1"},
        {"cookies", json::array{}},
        {"headers", std::move(headers)},
        {"content", std::move(content)},
        {"redirectURL", ""},
        {"headersSize", -1},
        {"bodySize", text.size()},
    };
}

} // namespace

json::object har_log(const std::vector<JournalEntry>& entries, std::string_view version) {
    json::array out;
    for (const auto& entry : entries) {
        const auto* r = std::get_if<RequestRecord>(&entry.what);
        if (!r)
            continue;
        const double ms = double(r->latency.count()) / 1000.0;
        // The journal stamps a request when it is answered: it began `latency` earlier.
        const auto began =
            entry.at - std::chrono::duration_cast<std::chrono::system_clock::duration>(r->latency);
        json::object e{
            {"startedDateTime", iso_utc(began)},
            {"time", ms},
            {"request", request_of(*r)},
            {"response", response_of(*r)},
            {"cache", json::object{}},
            {"timings", json::object{{"send", 0}, {"wait", ms}, {"receive", 0}}},
            {"_sequence", entry.sequence},
        };
        if (!r->fault.empty())
            e["_fault"] = r->fault;
        out.push_back(std::move(e));
    }
    return json::object{{"log", json::object{{"version", "1.2"},
                                             {"creator", json::object{{"name", "graph-comms-mock"},
                                                                      {"version", version}}},
                                             {"entries", std::move(out)}}}};
}

} // namespace gcm::app
