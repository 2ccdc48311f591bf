// `graph-comms-mock --healthcheck`: asks a running server whether it is healthy, for container
// HEALTHCHECKs and CI waits (no curl needed). Beast stays in health_probe.cpp.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

namespace gcm::cli {

// GETs http://HOST:PORT/_mock/health, where HOST is `bind` (127.0.0.1 when bind is 0.0.0.0, ::1
// when it is ::). Returns 0 when the answer is a 200 whose body has "status": "ok", else 1; writes
// one line saying which to `out` (healthy) or `err` (not).
int probe_health(const std::string& bind, unsigned short port, std::chrono::milliseconds timeout,
                 std::ostream& out, std::ostream& err);

} // namespace gcm::cli
