// The command line and GRAPH_MOCK_* environment of graph-comms-mock (docs/flags.md), parsed
// with Boost.Program_options into the server's and the application's settings.
#pragma once

#include "gcm/app/config.hpp"
#include "gcm/app/log.hpp"
#include "gcm/http/server.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace gcm::cli {

struct Settings {
    http::ServerOptions server;
    app::AppConfig app;
    app::LogFormat log_format = app::LogFormat::text;
    auth::TokenSigner signer;
    // --data-dir: where namespaces are saved and loaded from (none: nothing survives a restart),
    // and how often what changed is saved.
    std::string data_dir;
    std::chrono::milliseconds data_interval{5000};
};

struct ParseResult {
    enum class Action { run, print_and_exit, fail, healthcheck } action = Action::run;
    Settings settings;
    std::string message;               // --help / --version text, or the error
    std::vector<std::string> warnings; // e.g. a GRAPH_MOCK_* variable that is no flag's
};

// Reads flags, then GRAPH_MOCK_<NAME> variables for flags not given; loads the fixtures (not for
// --healthcheck, which only needs settings.server's bind and port).
ParseResult parse_command_line(int argc, const char* const argv[]);

// The fixture compiled into the binary (fixtures/default.json at build time).
std::string_view default_fixture_text();

} // namespace gcm::cli
