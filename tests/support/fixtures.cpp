// See fixtures.hpp.
#include "fixtures.hpp"

#include <stdexcept>

namespace gcm::test {

wire::Fixture test_fixture(const std::vector<std::string>& files, const std::string& callback) {
    wire::Fixture out;
    for (const auto& file : files) {
        auto loaded = wire::load_fixtures(source_path("fixtures/test/" + file + ".json"));
        if (!loaded)
            throw std::runtime_error(loaded.error().describe());
        for (auto& call : *loaded) {
            if (!callback.empty())
                call.resource.callback_uri = callback;
            out.push_back(std::move(call));
        }
    }
    return out;
}

app::AppConfig test_fixture_config(const TestFixtureOptions& options) {
    auto config = default_config();
    config.fixture = test_fixture(options.files, options.callback);
    config.notifications = options.notifications;
    auto& e = config.engine;
    e.call_setup = e.call_teardown = std::chrono::milliseconds(20);
    e.media_operation = e.hold_music_start = std::chrono::milliseconds(30);
    return config;
}

std::string create_call_body(const CreateCall& call) {
    std::string body =
        R"({"@odata.type": "#microsoft.graph.call", "callbackUri": ")" + call.callback +
        R"(", "requestedModalities": )" + call.modalities +
        R"(, "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},)"
        R"( "targets": )" +
        call.targets;
    if (!call.tenant.empty())
        body += R"(, "tenantId": ")" + call.tenant + '"';
    return body + call.extra + "}";
}

namespace {
app::AppConfig bot_config(const std::string& url, const BotOptions& options) {
    auto config = config_for(url);
    if (options.configure)
        options.configure(config);
    return config;
}
} // namespace

ServerFixture::ServerFixture(app::AppConfig config, http::ServerOptions options)
    : server(std::move(config), std::move(options)), client(server.client()) {}

BotFixture::BotFixture(BotOptions options)
    : bot(options.receiver), server(bot_config(bot.url(), options), std::move(options.server)),
      client(server.client()) {}

OneCallFixture::OneCallFixture(BotOptions options) : BotFixture(std::move(options)) {
    const auto created =
        client.post("/v1.0/communications/calls", create_call_body({.callback = bot.url()}));
    if (created.status != 201)
        throw std::runtime_error("creating the fixture's call answered " +
                                 std::to_string(created.status) + ": " + created.body);
    call_id = std::string(created.json().at("id").as_string());
    call = default_fixture::call_path(call_id);
    if (!wait_until([&] { return client.get(call).json().at("state") == "established"; }))
        throw std::runtime_error("the fixture's call " + call_id + " never came up");
}

} // namespace gcm::test
