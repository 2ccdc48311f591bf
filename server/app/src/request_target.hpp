// Where a request goes, read off its target once, before anything is routed or journaled: the
// namespace, the plane (Graph API, control plane, or the namespace itself), the API version,
// and the path left for the plane's route table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gcm::app {

struct RequestTarget {
    enum class Plane {
        graph,      // /v1.0|/beta/communications/... (or /app/...): path is after communications
        control,    // /_mock/...: path is after _mock
        namespace_, // /_ns/{name} itself
        // Any other path: the identity platform's (/{tenant}/oauth2/v2.0/token, ...) when a route
        // of its table matches, else a Graph path with an unknown version (`refusal`).
        identity,
    };
    Plane plane = Plane::graph;
    std::string_view namespace_name; // empty: the default namespace
    std::string_view version;        // "v1.0" or "beta" on the Graph plane
    std::string_view path;           // relative to the plane's route table, no leading '/'
    std::string_view query;          // after '?', without it

    // A target that cannot be routed (not an absolute path, no namespace name, unknown version
    // or root): the 400 or 404 to answer, with Graph's error code and a message naming it. On
    // the identity plane, the answer when no identity route matches.
    struct Refusal {
        unsigned status;
        std::string code;
        std::string message;
    };
    std::optional<Refusal> refusal;
};

RequestTarget parse_target(std::string_view target);

// A query's parameters (RequestTarget::query, or a recorded target's): read here, beside the
// target they come from, for handlers and the journal's HAR alike.
// The name=value pairs, in order, percent-decoded ('+' is a space, as forms write it). Lenient,
// as a test's shell is: a '{' or '*' sent as is stays itself, and so does a '%' that starts no
// escape.
std::vector<std::pair<std::string, std::string>> query_params(std::string_view query);

// ?since=N (0 when absent or not a number, as the journal has always read it).
std::uint64_t since_of(std::string_view query);

} // namespace gcm::app
