// Helpers for tests of the control plane: a wait sent from a thread of the test's own (the
// server holds none for it), the value of a metric, and a raw exchange that tells how the server
// ended the connection (a reset, or an orderly close).
#pragma once

#include "http_client.hpp"

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace gcm::test {

// POST `prefix`/_mock/wait with `body`, on a connection and a thread of its own.
std::future<HttpResponse> wait_async(unsigned short port, std::string body,
                                     std::string prefix = "");

// The value of one series of GET /_mock/metrics ("graph_mock_waits_pending",
// "graph_mock_requests_total{route=...}"); -1 when it is not there.
double metric(HttpClient& client, std::string_view series);

// Waits (bounded) until the server has `count` waits pending.
bool waits_pending(HttpClient& client, std::size_t count,
                   std::chrono::milliseconds limit = std::chrono::seconds(5));

struct RawOutcome {
    std::string received;
    bool reset = false;  // the connection was reset (RST)
    bool closed = false; // the server closed it in order (FIN)
};
// Writes `bytes` on a fresh connection and reads until the server resets or closes it, or
// `limit` passes.
RawOutcome raw_until_closed(unsigned short port, std::string_view bytes,
                            std::chrono::milliseconds limit);

// An HTTP/1.1 request as bytes, with Host, Authorization and a JSON body's headers.
std::string request_bytes(std::string_view method, std::string_view target,
                          std::string_view body = {});

} // namespace gcm::test
