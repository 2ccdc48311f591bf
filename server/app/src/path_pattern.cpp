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

// `want` with '*' matching any run of characters, ignoring case. Iterative, O(|want|·|got|): on
// a mismatch only the last '*' seen takes one more character and matching resumes after it. An
// earlier '*' never needs to take more, since whatever it would take the last '*' can take as
// well; so no recursion, and a pattern of many '*'s cannot backtrack exponentially (it ran on
// the I/O thread: "*a*a*a...*b" against a long id froze the server).
bool glob(std::string_view want, std::string_view got) {
    constexpr auto none = std::string_view::npos;
    std::size_t w = 0, g = 0;
    std::size_t star = none, star_got = 0; // the last '*' seen and where its run ends in `got`
    while (g < got.size()) {
        if (w < want.size() && want[w] == '*') {
            star = w++;
            star_got = g;
        } else if (w < want.size() && state::ascii_lower(want[w]) == state::ascii_lower(got[g])) {
            ++w;
            ++g;
        } else if (star != none) {
            w = star + 1;
            g = ++star_got;
        } else {
            return false;
        }
    }
    while (w < want.size() && want[w] == '*')
        ++w;
    return w == want.size();
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
    return match_segments(got);
}

// The segments as glob() matches characters: "**" is its '*', "{name}" any one segment, a literal
// one segment it matches. Iterative, for the same reason: "/**/a/**/a/**/..." cannot backtrack
// more than O(pattern segments · path segments) times.
bool PathPattern::match_segments(const std::vector<std::string_view>& got) const {
    constexpr auto none = std::size_t(-1);
    std::size_t at = 0, from = 0;
    std::size_t star = none, star_from = 0; // the last "**" seen and where its run ends
    auto one_matches = [&](const Segment& want, std::string_view segment) {
        return want.kind == Kind::any_segment || literal_matches(want.text, segment);
    };
    while (from < got.size()) {
        if (at < segments_.size() && segments_[at].kind == Kind::any_segments) {
            star = at++;
            star_from = from;
        } else if (at < segments_.size() && one_matches(segments_[at], got[from])) {
            ++at;
            ++from;
        } else if (star != none) {
            at = star + 1;
            from = ++star_from;
        } else {
            return false;
        }
    }
    while (at < segments_.size() && segments_[at].kind == Kind::any_segments)
        ++at;
    return at == segments_.size();
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
