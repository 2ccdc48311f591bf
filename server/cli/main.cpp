// graph-comms-mock: parse the command line, start the server, print the one "listening on" line,
// run until SIGINT/SIGTERM, exit 0 (2 on a bad flag, fixture or --data-dir file; 1 when the last
// save to --data-dir fails).
#include "gcm/app/state_store.hpp"
#include "health_probe.hpp"
#include "options.hpp"
#include "periodic_save.hpp"

#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
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

// What keeps the server from listening, said in the flags' terms (Boost's own message names the
// source line that threw).
std::string startup_problem(const boost::system::system_error& e,
                            const gcm::http::ServerOptions& server) {
    const auto port = std::to_string(server.port);
    if (e.code() == boost::asio::error::address_in_use)
        return "cannot start: port " + port + " is in use (try --port 0)";
    if (e.code() == boost::asio::error::access_denied)
        return "cannot start: port " + port + " on " + server.bind +
               " needs privileges this process lacks (try a port above 1023, or --port 0)";
    if (e.code() == boost::system::errc::address_not_available)
        return "cannot start: --bind " + server.bind + " is not an address of this machine";
    std::string what = e.what();
    if (const auto at = what.rfind(" ["); at != std::string::npos && what.ends_with(']'))
        what.erase(at); // "[system:98 at /usr/include/boost/...]"
    return "cannot start: " + what;
}

} // namespace

int main(int argc, char* argv[]) {
    auto parsed = gcm::cli::parse_command_line(argc, argv);
    for (const auto& warning : parsed.warnings)
        std::cerr << "graph-comms-mock: warning: " << warning << '\n';
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
        // What --data-dir holds is loaded before the server listens, all of it or nothing.
        std::optional<gcm::app::StateStore> store;
        if (!parsed.settings.data_dir.empty()) {
            store.emplace(server.application(), parsed.settings.data_dir);
            if (auto problem = store->load()) {
                std::cerr << "graph-comms-mock: --data-dir: " << *problem << '\n';
                return 2;
            }
            if (store->save() != 0) { // a folder it cannot write to is found now, not later
                std::cerr << "graph-comms-mock: --data-dir: " << parsed.settings.data_dir
                          << " cannot be written to (see above)\n";
                return 2;
            }
        }
        server.start();
        release_freed_memory();
        std::optional<gcm::cli::PeriodicSave> saving;
        if (store)
            saving.emplace(*store, parsed.settings.data_interval);
        server.run_until_signalled([&] {
            std::cout << "graph-comms-mock listening on http://" << server.address() << ':'
                      << server.port() << std::endl;
        });
        // Stopped: nothing changes any more. The last save has all of it.
        if (store) {
            saving.reset();
            if (store->save() != 0) {
                std::cerr << "graph-comms-mock: --data-dir: the last save failed (see above)\n";
                return 1;
            }
        }
    } catch (const boost::system::system_error& e) {
        std::cerr << "graph-comms-mock: " << startup_problem(e, parsed.settings.server) << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "graph-comms-mock: cannot start: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
