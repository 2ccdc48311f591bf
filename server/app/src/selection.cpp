// $select (see selection.hpp).
#include "selection.hpp"

#include "gcm/wire/select.hpp"
#include "responses.hpp"

#include <boost/json/parse.hpp>

namespace gcm::app {

Response selected(const Context& ctx, Response response) {
    if (ctx.request.method != Method::get || response.status != 200 ||
        !response.content_type.empty() || response.body.empty())
        return response;
    const auto names = wire::selected_names(ctx.query);
    if (!names)
        return response;
    JsonArena arena;
    boost::system::error_code ec;
    auto body = boost::json::parse(response.body, ec, arena.storage());
    if (ec || !body.is_object())
        return response;
    if (auto problem = wire::apply_select(body.get_object(), *names))
        return graph_error(400, "BadRequest", std::move(*problem));
    auto headers = std::move(response.headers);
    response = json_response(200, body.get_object());
    response.headers = std::move(headers);
    return response;
}

} // namespace gcm::app
