// The path patterns of the control plane — waits, fault rules and GET /_mock/requests share them:
// "/v1.0/communications/calls/{id}/participants/*/stopHoldMusic". A pattern is an absolute path
// whose segments are literals (compared ignoring case, as Graph's are; an action also matches
// its "microsoft.graph." form), "{name}" (any one segment), literals with "*" (any characters
// within the segment: "*Operation", "play*") and "**" (any number of segments, none included).
// It is matched against the path a request sent within its namespace, without the query.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gcm::app {

class PathPattern {
public:
    // The pattern, or why it is not one (a message for a 400).
    static std::variant<PathPattern, std::string> parse(std::string_view text);

    bool matches(std::string_view path) const;
    const std::string& text() const { return text_; }

private:
    enum class Kind { literal, any_segment, any_segments };
    struct Segment {
        Kind kind;
        std::string text; // a literal, "*" wildcards included
    };
    bool match_segments(const std::vector<std::string_view>& got) const;

    std::string text_;
    std::vector<Segment> segments_;
};

// The path of a request target within its namespace: "/_ns/w1/v1.0/x?y" -> "/v1.0/x".
std::string_view path_in_namespace(std::string_view target);

} // namespace gcm::app
