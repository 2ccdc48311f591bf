// Path patterns (see path_pattern.hpp).
#include "path_pattern.hpp"

#include "gcm/state/ascii.hpp"

namespace gcm::app {
namespace {

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.starts_with('/'))
        path.remove_prefix(1);
    while (!path.empty()) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

// `want` with '*' matching any run of characters, ignoring case.
bool glob(std::string_view want, std::string_view got) {
    const auto star = want.find('*');
    if (star == std::string_view::npos)
        return state::iequals(want, got);
    if (!state::istarts_with(got, want.substr(0, star)))
        return false;
    auto rest = want.substr(star + 1);
    for (std::size_t skip = star; skip <= got.size(); ++skip)
        if (glob(rest, got.substr(skip)))
            return true;
    return false;
}

constexpr std::string_view qualifier = "microsoft.graph.";

bool literal_matches(std::string_view want, std::string_view got) {
    if (glob(want, got))
        return true;
    return state::istarts_with(got, qualifier) && glob(want, got.substr(qualifier.size()));
}

} // namespace

std::variant<PathPattern, std::string> PathPattern::parse(std::string_view text) {
    if (!text.starts_with('/'))
        return std::string("must be an absolute path (start with '/')");
    if (text.find_first_of("?#") != std::string_view::npos)
        return std::string("must be a path without a query");
    PathPattern out;
    out.text_ = std::string(text);
    for (auto segment : split(text)) {
        if (segment.empty())
            return std::string("has an empty segment ('//' or a trailing '/')");
        if (segment == "**") {
            out.segments_.push_back({Kind::any_segments, {}});
        } else if (segment.front() == '{' || segment.back() == '}') {
            if (segment.size() < 3 || segment.front() != '{' || segment.back() != '}' ||
                segment.substr(1, segment.size() - 2).find_first_of("{}*") !=
                    std::string_view::npos)
                return "has a malformed parameter segment '" + std::string(segment) +
                       "' (write {name})";
            out.segments_.push_back({Kind::any_segment, {}});
        } else if (segment.find_first_of("{}") != std::string_view::npos) {
            return "has '{' or '}' inside the segment '" + std::string(segment) + "'";
        } else {
            out.segments_.push_back({Kind::literal, std::string(segment)});
        }
    }
    return out;
}

bool PathPattern::matches(std::string_view path) const {
    const auto got = split(path);
    for (auto segment : got)
        if (segment.empty())
            return false;
    return match_from(0, got, 0);
}

bool PathPattern::match_from(std::size_t at, const std::vector<std::string_view>& got,
                             std::size_t from) const {
    for (; at < segments_.size(); ++at, ++from) {
        const auto& want = segments_[at];
        if (want.kind == Kind::any_segments) {
            for (std::size_t skip = from; skip <= got.size(); ++skip)
                if (match_from(at + 1, got, skip))
                    return true;
            return false;
        }
        if (from == got.size())
            return false;
        if (want.kind == Kind::literal && !literal_matches(want.text, got[from]))
            return false;
    }
    return from == got.size();
}

std::string_view path_in_namespace(std::string_view target) {
    target = target.substr(0, target.find('?'));
    if (state::istarts_with(target, "/_ns/")) {
        const auto end = target.find('/', 5);
        target = end == std::string_view::npos ? std::string_view("/") : target.substr(end);
    }
    return target;
}

} // namespace gcm::app
