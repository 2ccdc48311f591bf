// What lets a person watch a namespace live: its journal as Server-Sent Events (GET
// /_mock/events) and the inspector page that reads them (GET /_mock/ui and its files).
#include "../event_stream.hpp"
#include "../request_target.hpp"
#include "../responses.hpp"
#include "../services.hpp"
#include "../ui_assets.hpp"
#include "../workspace.hpp"
#include "handlers.hpp"

#include <charconv>

namespace gcm::app::handlers {
namespace {

// A whole decimal sequence number, or nothing.
std::optional<std::uint64_t> sequence_of(std::string_view text) {
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

// A HEAD's stream: the head only, so its headers are a GET's.
class NoBody final : public BodyStream {
public:
    void attach(Wake wake) override { wake(); }
    Piece take() override { return {{}, true}; }
    void cancel() override {}
};

Response streaming(std::shared_ptr<BodyStream> stream) {
    Response r;
    r.content_type = "text/event-stream";
    // No cache may keep or transform it, and a proxy (nginx) must pass each event on at once.
    r.headers.emplace_back("Cache-Control", "no-cache, no-transform");
    r.headers.emplace_back("X-Accel-Buffering", "no");
    r.mode = Streamed{std::move(stream)};
    return r;
}

} // namespace

Response events(Context& ctx, Services& services) {
    EventStreamOptions options;
    options.namespace_name = std::string(services.namespace_name);
    options.max_events = ctx.config.event_queue_limit;
    options.keep_alive = ctx.config.event_keep_alive;
    for (const auto& [name, value] : query_params(ctx.query)) {
        if (name == "since") {
            options.after = sequence_of(value);
            if (!options.after)
                return graph_error(400, "BadRequest",
                                   "'since' must be a journal sequence number (0 or more): '" +
                                       value + "'.");
        } else if (name == "callId") {
            options.call_id = value;
        } else {
            return graph_error(400, "BadRequest",
                               "'" + name +
                                   "' is not a parameter of /_mock/events: use since "
                                   "or callId.");
        }
    }
    // EventSource sends the last id it saw when it reconnects: that wins over ?since.
    if (!ctx.request.last_event_id.empty()) {
        options.after = sequence_of(ctx.request.last_event_id);
        if (!options.after)
            return graph_error(400, "BadRequest",
                               "Last-Event-ID must be a journal sequence number: '" +
                                   std::string(ctx.request.last_event_id) + "'.");
    }
    if (ctx.request.method == Method::head)
        return streaming(std::make_shared<NoBody>());
    return streaming(EventStream::open(services.turn, services.workspace.lease(),
                                       services.scheduler, std::move(options)));
}

Response inspector_page(Context&) {
    const auto* page = find_ui_asset("index.html");
    if (!page)
        return graph_error(500, "9999", "The inspector was not built into this binary.");
    Response r;
    r.body = std::string(page->bytes);
    r.content_type = page->content_type;
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

Response inspector_asset(Context& ctx) {
    const auto* asset = find_ui_asset(ctx.params[0]);
    if (!asset || asset->name == "index.html")
        return graph_error(404, "itemNotFound",
                           "The inspector has no file '" + ctx.params[0] + "'.");
    Response r;
    r.body = std::string(asset->bytes);
    r.content_type = asset->content_type;
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
}

} // namespace gcm::app::handlers
