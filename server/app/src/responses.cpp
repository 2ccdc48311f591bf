// Response builders and the domain-error-to-HTTP mapping (see responses.hpp).
#include "responses.hpp"

#include "gcm/wire/graph_json.hpp"

#include <boost/json/serialize.hpp>
#include <span>

namespace gcm::app {

namespace {

template <class Json> Response serialized(unsigned status, const Json& body) {
    Response r;
    r.status = status;
    r.body = boost::json::serialize(body);
    return r;
}

} // namespace

Response json_response(unsigned status, const boost::json::value& body) {
    return serialized(status, body);
}

Response json_response(unsigned status, const boost::json::object& body) {
    return serialized(status, body);
}

Response no_content() {
    return empty_response(204);
}

Response count_response(std::size_t count) {
    Response r;
    r.body = std::to_string(count);
    r.content_type = "text/plain";
    return r;
}

Response empty_response(unsigned status) {
    Response r;
    r.status = status;
    return r;
}

Response graph_error(unsigned status, std::string code, std::string message) {
    Response r;
    r.status = status;
    r.error = GraphError{.code = std::move(code), .message = std::move(message)};
    return r;
}

Response method_not_allowed(Method method, std::string allow) {
    auto r = graph_error(405, "MethodNotAllowed",
                         "The HTTP method '" + std::string(to_string(method)) +
                             "' is not allowed on this resource.");
    r.headers.emplace_back("Allow", std::move(allow));
    return r;
}

Response from_error(const state::Error& error) {
    switch (error.code) {
    case state::errc::call_not_found:
        // What the calling service answers for unknown and ended calls (docs/choices.md).
        return graph_error(404, "8522", error.message);
    case state::errc::participant_not_found:
    case state::errc::operation_not_found:
    case state::errc::item_not_found:
        return graph_error(404, "itemNotFound", error.message);
    case state::errc::invalid_request:
        return graph_error(400, "BadRequest",
                           error.target.empty()
                               ? error.message
                               : "Invalid '" + error.target + "': " + error.message);
    case state::errc::illegal_state:
        return graph_error(400, "BadRequest", error.message);
    case state::errc::conflict:
        return graph_error(409, "Conflict", error.message);
    }
    return graph_error(500, "9999", "Unknown internal server error.");
}

Response from_decode_error(const wire::DecodeError& error) {
    if (error.path.empty())
        return graph_error(400, "BadRequest", error.message);
    return graph_error(400, "BadRequest",
                       "Invalid request body: '" + error.path + "' " + error.message + ".");
}

} // namespace gcm::app
