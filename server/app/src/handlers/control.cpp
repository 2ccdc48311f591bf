// The control plane under /_mock: health, reset, journal, state export and fixture upload,
// namespaces, metrics and the OpenAPI document.
#include "../openapi.hpp"
#include "../request_target.hpp"
#include "../responses.hpp"
#include "../router.hpp"
#include "../services.hpp"
#include "../workspace.hpp"
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/graph_json.hpp"
#include "handlers.hpp"

namespace json = boost::json;

namespace gcm::app::handlers {

Response health(Context& ctx, Services& services) {
    return json_response(200, json::object{{"status", "ok"},
                                           {"version", GCM_VERSION},
                                           {"namespace", services.namespace_name},
                                           {"calls", ctx.engine.call_count()}});
}

Response reset(Context& ctx, Services& services) {
    services.workspace.reset(services.turn, ctx.outbox);
    return json_response(200,
                         json::object{{"status", "reset"}, {"calls", ctx.engine.call_count()}});
}

Response get_journal(Context& ctx, Services& services) {
    if (ctx.query.find("format=jsonl") != std::string_view::npos)
        return get_journal_lines(ctx, services);
    const auto& journal = services.workspace.journal(services.turn);
    return json_response(200, json::object{{"value", journal.to_json(since_of(ctx.query))},
                                           {"bytes", journal.bytes()},
                                           {"byteBudget", journal.byte_budget()}});
}

Response clear_journal(Context&, Services& services) {
    services.workspace.journal(services.turn).clear();
    return no_content();
}

Response export_calls(Context& ctx) {
    json::array calls;
    for (const auto& call : ctx.engine.all_calls())
        calls.push_back(wire::call_export(call));
    return json_response(200, json::object{{"calls", std::move(calls)}});
}

Response export_call(Context& ctx) {
    auto call = ctx.engine.get_call(ctx.call_id());
    if (!call)
        return from_error(call.error());
    return json_response(200, wire::call_export(*call));
}

Response ca_certificate(Context& ctx) {
    if (ctx.config.tls_ca_pem.empty())
        return graph_error(404, "itemNotFound",
                           "This server has no CA of its own: TLS is off (--no-tls), or its "
                           "certificate was given with --tls-cert.");
    Response r;
    r.body = ctx.config.tls_ca_pem;
    r.content_type = "application/x-pem-file";
    return r;
}

Response list_namespaces(Context&, Services& services) {
    json::array names;
    for (const auto& name : services.namespaces.names())
        names.emplace_back(name);
    return json_response(200, json::object{{"value", std::move(names)}});
}

Response delete_namespace(Context&, Services& services) {
    services.namespaces.remove(
        services.namespace_name); // gone already, if another request raced this one
    return no_content();
}

Response put_fixtures(Context& ctx, Services& services) {
    auto fixture = wire::parse_fixture(ctx.request.body);
    if (!fixture)
        return graph_error(400, "BadRequest",
                           "Invalid fixture: " + fixture.error().describe() + ".");
    services.workspace.replace_fixture(services.turn, std::move(*fixture), ctx.outbox);
    return json_response(200,
                         json::object{{"status", "loaded"}, {"calls", ctx.engine.call_count()}});
}

Response metrics(Context&, Services& services) {
    Metrics::Gauges gauges;
    for (const auto& w : services.namespaces.all()) {
        // Counts kept where they change: no turn of another namespace to wait for.
        gauges.calls_by_namespace.emplace_back(w->name(), w->call_count());
        gauges.waits_pending += w->waits_pending();
        gauges.fault_rules += w->fault_rule_count();
    }
    gauges.namespaces = gauges.calls_by_namespace.size() - 1; // the default one always exists
    Response r;
    r.body = services.metrics->prometheus(route_template, gauges);
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
}

Response openapi(Context&) {
    Response r;
    r.body = std::string(openapi_document());
    return r;
}

} // namespace gcm::app::handlers
