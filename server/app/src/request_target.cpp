// Reading a request target (see request_target.hpp). Literal segments compare case-insensitively,
// as Graph's do.
#include "request_target.hpp"

#include "gcm/state/ascii.hpp"

#include <charconv>

namespace gcm::app {
namespace {

// Takes "segment/" (or a final "segment") off the front of `path` when it is there.
bool take_segment(std::string_view& path, std::string_view segment) {
    if (!state::istarts_with(path, segment))
        return false;
    auto rest = path.substr(segment.size());
    if (!rest.empty() && rest.front() != '/')
        return false;
    path = rest.empty() ? rest : rest.substr(1);
    return true;
}

std::string_view next_segment(std::string_view& path) {
    auto slash = path.find('/');
    auto segment = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    return segment;
}

RequestTarget::Refusal not_found(std::string message) {
    return {404, "UnknownUrl", std::move(message)};
}

// A namespace name goes back out verbatim: in JSON (the namespace list, the journal, the event
// stream), in Location headers and in metric labels. Only URL-unreserved ASCII is accepted, so
// every one of those stays valid without escaping (a name of raw bytes made invalid UTF-8 JSON).
constexpr std::size_t max_namespace_name = 64;

bool is_namespace_name(std::string_view name) {
    if (name.empty() || name.size() > max_namespace_name)
        return false;
    // "." and ".." are path segments to every URL library: /_ns/../v1.0 is /v1.0.
    if (name.find_first_not_of('.') == std::string_view::npos)
        return false;
    for (char c : name) {
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '~';
        if (!unreserved)
            return false;
    }
    return true;
}

} // namespace

RequestTarget parse_target(std::string_view target) {
    RequestTarget out;
    if (auto q = target.find('?'); q != std::string_view::npos) {
        out.query = target.substr(q + 1);
        target = target.substr(0, q);
    }
    if (target.empty() || target.front() != '/') {
        out.refusal = {400, "BadRequest", "The request target must be an absolute path."};
        return out;
    }
    std::string_view path = target.substr(1);
    if (take_segment(path, "_ns")) {
        out.namespace_name = next_segment(path);
        if (out.namespace_name.empty()) {
            out.refusal = not_found("A namespace name is required after /_ns/.");
            return out;
        }
        if (!is_namespace_name(out.namespace_name)) {
            out.refusal = {400, "BadRequest",
                           "A namespace name is 1 to 64 letters, digits, '-', '_', '.' or '~', not "
                           "only dots."};
            out.namespace_name = {}; // the refusal is journaled in the default namespace
            return out;
        }
        if (path.empty()) {
            // "/_ns/{name}/" is no more a resource than any other path with a trailing slash.
            if (target.ends_with('/'))
                out.refusal = not_found("Resource not found for '" + std::string(target) + "'.");
            else
                out.plane = RequestTarget::Plane::namespace_;
            return out;
        }
    }
    if (take_segment(path, "_mock")) {
        out.plane = RequestTarget::Plane::control;
        out.path = path;
        return out;
    }
    if (take_segment(path, "v1.0"))
        out.version = "v1.0";
    else if (take_segment(path, "beta"))
        out.version = "beta";
    else {
        out.plane = RequestTarget::Plane::identity;
        out.path = path;
        out.refusal = not_found("Unknown API version in '" + std::string(target) +
                                "': use /v1.0/ or /beta/.");
        return out;
    }
    // The deprecated /app/calls alias reaches the same resources.
    if (!take_segment(path, "communications") && !state::istarts_with(path, "app/calls")) {
        out.refusal = not_found("Resource not found for the segment '" + std::string(path) + "'.");
        return out;
    }
    take_segment(path, "app");
    out.path = path;
    return out;
}

// Query parameters, percent-decoded.
namespace {

int hex(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 &&
                   hex(text[i + 2]) >= 0) {
            out += char(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::vector<std::pair<std::string, std::string>> query_params(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (param.empty())
            continue;
        const auto eq = param.find('=');
        out.emplace_back(decoded(param.substr(0, eq)), eq == std::string_view::npos
                                                           ? std::string{}
                                                           : decoded(param.substr(eq + 1)));
    }
    return out;
}

std::uint64_t since_of(std::string_view query) {
    constexpr std::string_view key = "since=";
    auto at = query.find(key);
    if (at != 0 && (at == std::string_view::npos || query[at - 1] != '&'))
        return 0;
    auto value = query.substr(at + key.size());
    std::uint64_t since = 0;
    std::from_chars(value.data(), value.data() + value.size(), since);
    return since;
}

} // namespace gcm::app
