// libFuzzer: raw HTTP request bytes through Beast's parser into the Application (router,
// handlers, engine), as the server would. After each input: the answer is a valid status with a
// JSON body (unless it names another type), and the whole state still exports to a fixture that
// loads back.
#include "gcm/app/application.hpp"
#include "gcm/http/request_view.hpp"
#include "gcm/wire/fixtures.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bhttp = boost::beast::http;

namespace {

// Deferred actions are dropped: the fuzzer explores what requests do, not time.
struct NoTime final : gcm::app::Scheduler {
    void after(std::chrono::milliseconds, std::function<void()>, Group) override {}
};

gcm::app::Application& application() {
    static NoTime scheduler;
    static gcm::auth::TokenSigner signer;
    static gcm::app::Application app = [] {
        gcm::app::AppConfig config;
        config.auth = gcm::app::AuthMode::none;
        config.max_namespaces = 4;
        config.journal_capacity = 64;
        std::ifstream in(GCM_DEFAULT_FIXTURE);
        std::stringstream text;
        text << in.rdbuf();
        config.fixture = gcm::wire::parse_fixture(text.str()).value();
        return gcm::app::Application(std::move(config), scheduler, nullptr, signer);
    }();
    return app;
}

gcm::app::Request control(gcm::app::Method method, std::string_view target) {
    gcm::app::Request r;
    r.method = method;
    r.target = target;
    r.host = "fuzz";
    return r;
}

void check(bool ok, const char* what);

void clear_faults(gcm::app::Application& app) {
    app.handle(control(gcm::app::Method::delete_, "/_mock/faults"));
    boost::system::error_code ec;
    const auto names = boost::json::parse(
        app.handle(control(gcm::app::Method::get, "/_mock/namespaces")).body, ec);
    check(!ec, "the namespace list is JSON");
    for (const auto& name : names.at("value").as_array()) {
        const auto target = "/_ns/" + std::string(name.as_string()) + "/_mock/faults";
        app.handle(control(gcm::app::Method::delete_, target));
    }
}

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& app = application();
    static unsigned inputs = 0;
    if (++inputs % 500 == 0) // keep the state small
        app.handle(control(gcm::app::Method::post, "/_mock/reset"));

    static std::string storage;
    gcm::http::RequestParser parser(storage);
    parser.body_limit(64 * 1024);
    parser.header_limit(16 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_header_done())
        return 0;
    if (!parser.is_done())
        parser.put_eof(ec);
    // The session's own conversion, so the path the server takes is the one fuzzed.
    const auto request = parser.view();
    const auto response = app.handle(request);
    // An answer given later (a wait, a fault's delay) never comes here, where time does not
    // pass: cancel it, as a client that leaves does. And fault rules answer 5xx on purpose:
    // none is left for the next input, whose 5xx would then be a real failure.
    if (auto* deferred = std::get_if<gcm::app::Deferred>(&response.mode))
        deferred->later->cancel();
    // An event stream, likewise: the client leaves at once (its journal subscription goes).
    if (auto* streamed = std::get_if<gcm::app::Streamed>(&response.mode))
        streamed->stream->cancel();
    clear_faults(app);
    check(response.status >= 200 && response.status < 600, "status in range");
    // A body is JSON unless the response names another type (the inspector's page, metrics).
    if (!response.body.empty() && response.content_type.empty()) {
        boost::system::error_code jec;
        boost::json::parse(response.body, jec);
        check(!jec, "the body is JSON");
    }
    check(response.status < 500, "no internal error");

    const auto exported = app.handle(control(gcm::app::Method::get, "/_mock/calls"));
    check(exported.status == 200, "state exports");
    check(gcm::wire::parse_fixture(exported.body).has_value(), "the export loads back");
    return 0;
}
