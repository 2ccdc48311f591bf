// The control plane's fault rules: POST /_mock/faults adds one (a 400 naming the member at fault
// otherwise), GET lists them with how often each matched and fired, DELETE removes one or all.
#include "../faults_json.hpp"
#include "../responses.hpp"
#include "../services.hpp"
#include "../workspace.hpp"
#include "gcm/wire/requests.hpp"
#include "handlers.hpp"

#include <boost/json/parse.hpp>

namespace json = boost::json;

namespace gcm::app::handlers {

Response list_faults(Context&, Services& services) {
    return json_response(200,
                         json::object{{"value", services.workspace.faults(services.turn).list()}});
}

Response add_fault(Context& ctx, Services& services) {
    boost::system::error_code ec;
    auto body = json::parse(ctx.request.body, ec);
    if (ec)
        return graph_error(400, "BadRequest",
                           "Invalid fault rule: the body is not JSON (" + ec.message() + ").");
    // A rule keeps its answer's body, which GET /_mock/faults writes back: JSON it must be.
    if (auto error = wire::non_finite_number(body, ""))
        return graph_error(400, "BadRequest", "Invalid fault rule: " + error->describe() + ".");
    auto rule = fault_rule_from_json(body);
    if (auto* problem = std::get_if<std::string>(&rule))
        return graph_error(400, "BadRequest", "Invalid fault rule: " + *problem + ".");
    return json_response(
        201, services.workspace.faults(services.turn).add(std::move(std::get<FaultRule>(rule))));
}

Response clear_faults(Context&, Services& services) {
    services.workspace.faults(services.turn).clear();
    return no_content();
}

Response delete_fault(Context& ctx, Services& services) {
    const auto& id = ctx.params[0];
    if (!services.workspace.faults(services.turn).remove(id))
        return graph_error(404, "itemNotFound", "Fault rule '" + id + "' not found.");
    return no_content();
}

} // namespace gcm::app::handlers
