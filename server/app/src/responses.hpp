// Building responses: JSON bodies, entities and Graph errors. The one place that maps domain
// errors (state::errc) and decode errors to HTTP statuses. What names the request's call and
// version (operations with their Location, collections) is the handlers' (call_responses.hpp):
// this header knows no Context, so the workspace's parts can answer without including it.
#pragma once

#include "gcm/app/http_types.hpp"
#include "gcm/state/errc.hpp"
#include "gcm/wire/decode.hpp"
#include "gcm/wire/graph_json.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

namespace gcm::app {

// Request and response bodies live as a JSON DOM only while one request is handled: keep it in
// a buffer on the handler's stack, so building it allocates nothing and freeing it costs nothing.
class JsonArena {
public:
    JsonArena() = default;
    JsonArena(const JsonArena&) = delete;
    JsonArena& operator=(const JsonArena&) = delete;

    boost::json::storage_ptr storage() noexcept { return &resource_; }

private:
    unsigned char buffer_[8192];
    boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
};

Response json_response(unsigned status, const boost::json::value& body);
// The same for an object, which must not be converted to a value: that would copy it.
Response json_response(unsigned status, const boost::json::object& body);
Response no_content();
// 200 with a collection's size as text/plain, as OData answers /$count.
Response count_response(std::size_t count);
Response empty_response(unsigned status); // 202 Accepted, 200 OK without a body

Response graph_error(unsigned status, std::string code, std::string message);
// 405 with the Allow header listing the methods the resource takes ("GET, DELETE").
Response method_not_allowed(Method method, std::string allow);
Response from_error(const state::Error& error);
Response from_decode_error(const wire::DecodeError& error);

// 200 with one entity and its "@odata.context" (`context`, a full URL).
template <class T> Response entity_response(const T& entity, std::string context) {
    if constexpr (requires { wire::writes_text(entity); }) {
        if (wire::writes_text(entity)) {
            // Fixed-shape: written as text from the type table, no DOM.
            Response r;
            r.status = 200;
            r.body.reserve(2048);
            const wire::Member extra[] = {{"@odata.context", context}};
            wire::write_text(r.body, entity, extra);
            return r;
        }
    }
    JsonArena arena;
    boost::json::value value = boost::json::value_from(entity, arena.storage());
    value.as_object()["@odata.context"] = std::move(context);
    return json_response(200, value.as_object());
}

// 200 with the item, or the engine's error.
template <class T> Response item_response(const state::Result<T>& result) {
    if (!result)
        return from_error(result.error());
    JsonArena arena;
    return json_response(200, boost::json::value_from(*result, arena.storage()));
}

} // namespace gcm::app
