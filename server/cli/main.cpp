// graph-comms-mock: parse the command line, start the server, print the one "listening on" line,
// run until SIGINT/SIGTERM, exit 0 (2 on a bad flag or fixture).
#include "health_probe.hpp"
#include "options.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#ifdef GCM_WITH_MIMALLOC
#include <mimalloc.h>
#else
#include <malloc.h>
#endif

namespace {

// Parsing a large fixture leaves freed memory with the allocator; give it back.
void release_freed_memory() {
#ifdef GCM_WITH_MIMALLOC
    mi_collect(true);
#else
    malloc_trim(0);
#endif
}

} // namespace

int main(int argc, char* argv[]) {
    auto parsed = gcm::cli::parse_command_line(argc, argv);
    switch (parsed.action) {
    case gcm::cli::ParseResult::Action::print_and_exit:
        std::cout << parsed.message;
        return 0;
    case gcm::cli::ParseResult::Action::fail:
        std::cerr << "graph-comms-mock: " << parsed.message << '\n';
        return 2;
    case gcm::cli::ParseResult::Action::healthcheck:
        return gcm::cli::probe_health(parsed.settings.server.bind, parsed.settings.server.port,
                                      std::chrono::seconds(2), std::cout, std::cerr);
    case gcm::cli::ParseResult::Action::run:
        break;
    }
    gcm::app::set_log_format(parsed.settings.log_format);
    try {
        gcm::http::Server server(parsed.settings.server, std::move(parsed.settings.app),
                                 parsed.settings.signer);
        server.start();
        release_freed_memory();
        server.run_until_signalled([&] {
            std::cout << "graph-comms-mock listening on http://" << server.address() << ':'
                      << server.port() << std::endl;
        });
    } catch (const std::exception& e) {
        std::cerr << "graph-comms-mock: cannot start: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
