// What HTTP tests start from, in one place: Boost.Test fixtures (a bot's receiver with a server
// calling it back; the same with one call created through the API), the shared test fixture files
// under fixtures/test, and the body of a call creation. Options are small structs, filled with
// designated initializers.
#pragma once

#include "default_fixture.hpp"
#include "gcm/app/config.hpp"
#include "gcm/http/server.hpp"
#include "gcm/wire/fixtures.hpp"
#include "http_client.hpp"
#include "receiver.hpp"
#include "seen.hpp"
#include "test_server.hpp"

#include <functional>
#include <string>
#include <vector>

namespace gcm::test {

// A callback URL nothing answers (port 9, discard): for servers whose notifications go nowhere.
inline const std::string nowhere = "http://127.0.0.1:9/none";

// The calls of fixtures/test/<file>.json for each of `files` (without ".json"), in this order;
// each calls back `callback` unless it is empty (then as the file says).
wire::Fixture test_fixture(const std::vector<std::string>& files, const std::string& callback = {});

// The ids of fixtures/test/one-call.json: an established call with the bot and Alice.
namespace one_call {
inline const std::string id = "call-1";
inline const std::string alice = "p-alice";
} // namespace one_call

struct TestFixtureOptions {
    // Files of fixtures/test, without ".json", loaded in this order.
    std::vector<std::string> files = {"one-call"};
    std::string callback = nowhere; // every call's callbackUri
    bool notifications = true;
};

// default_config() with the calls of fixtures/test/<files>.json instead of the default fixture,
// each calling back `callback`; calls set up and torn down in 20 ms, media operations and hold
// music in 30 ms.
app::AppConfig test_fixture_config(const TestFixtureOptions& options = {});

// The body of POST /v1.0/communications/calls: an outgoing call from the bot to one user, with
// service-hosted media. Each member can be changed; `extra` adds members (", \"name\": value").
struct CreateCall {
    std::string callback = "https://bot.example/cb";
    std::string modalities = R"(["audio"])";
    std::string targets =
        R"([{"identity": {"user": {"id": "8a3b1f27-0c4d-4e5f-9a6b-7c8d9e0f1a2b"}}}])";
    std::string tenant = "aa67bd4c-8475-432d-bd41-39f255720e0a"; // empty: no tenantId
    std::string extra = {};
};
std::string create_call_body(const CreateCall& call = {});

// The targets of the create-call reference page's example (every @odata.type, a display name).
inline const std::string documented_targets =
    R"([{"@odata.type": "#microsoft.graph.invitationParticipantInfo",
          "identity": {"@odata.type": "#microsoft.graph.identitySet",
            "user": {"@odata.type": "#microsoft.graph.identity", "displayName": "John",
                     "id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"}}}])";

// A server (the default fixture, no notifications, unless told otherwise) and a client of it.
// For BOOST_FIXTURE_TEST_SUITE; a file's own fixtures derive from it with their configuration.
struct ServerFixture {
    explicit ServerFixture(app::AppConfig config = default_config(),
                           http::ServerOptions options = {});

    TestServer server;
    HttpClient client;
};

// A ServerFixture on the configuration `make` returns, named in a file by an alias:
// `using QuietServer = ServerOn<quiet>;`.
template <app::AppConfig (*make)()> struct ServerOn : ServerFixture {
    ServerOn() : ServerFixture(make()) {}
};

struct BotOptions {
    ReceiverOptions receiver = {};
    http::ServerOptions server = fast_retries();
    // Changes to config_for(bot.url()) (the default fixture calling the bot back) before the
    // server starts.
    std::function<void(app::AppConfig&)> configure = {};
};

// A bot's receiver, a server whose calls (the default fixture's, and any created with the bot's
// URL) notify it, and a client of that server. For BOOST_FIXTURE_TEST_SUITE.
struct BotFixture {
    explicit BotFixture(BotOptions options = {});

    Receiver bot;
    TestServer server;
    HttpClient client;
};

// A BotFixture with one call created through the API (POST /v1.0/communications/calls, calling
// the bot back) and established; `call` is its path, `call_id` its id. Nothing else happened.
struct OneCallFixture : BotFixture {
    explicit OneCallFixture(BotOptions options = {});

    std::string call_id;
    std::string call;
};

} // namespace gcm::test
