// The path patterns of waits, fault rules and GET /_mock/requests (path_pattern.hpp): what each
// kind of segment matches, and that a pattern of many wildcards is matched without exponential
// backtracking (it runs on an I/O thread, for every request a fault rule looks at).
#include "path_pattern.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using gcm::app::PathPattern;

namespace {

PathPattern pattern(const std::string& text) {
    auto parsed = PathPattern::parse(text);
    BOOST_TEST_REQUIRE(std::holds_alternative<PathPattern>(parsed), text);
    return std::get<PathPattern>(std::move(parsed));
}

struct Case {
    std::string pattern, path;
    bool matches;
};

} // namespace

BOOST_AUTO_TEST_SUITE(path_pattern)

BOOST_AUTO_TEST_CASE(each_kind_of_segment_matches_as_documented) {
    const std::string calls = "/v1.0/communications/calls";
    const Case cases[] = {
        // Literals, ignoring case; an action also as "microsoft.graph.{name}".
        {calls, calls, true},
        {calls, "/V1.0/Communications/CALLS", true},
        {calls, calls + "/c1", false},
        {calls + "/c1", calls, false},
        {calls + "/c1/mute", calls + "/c1/microsoft.graph.mute", true},
        {calls + "/c1/mute", calls + "/c1/Microsoft.Graph.MUTE", true},
        {calls + "/c1/mute", calls + "/c1/microsoft.graph.muted", false},
        // "{name}": exactly one segment.
        {calls + "/{id}", calls + "/c1", true},
        {calls + "/{id}", calls, false},
        {calls + "/{id}", calls + "/c1/mute", false},
        {calls + "/{id}/participants/{pid}/mute", calls + "/c1/participants/p1/mute", true},
        // '*': any characters within one segment, none included.
        {calls + "/*", calls + "/c1", true},
        {calls + "/*", calls + "/c1/mute", false},
        {calls + "/*/participants/*/*Music*", calls + "/c/participants/p/startHoldMusic", true},
        {calls + "/*/participants/*/*Music*", calls + "/c/participants/p/stopHoldMusic", true},
        {calls + "/*/participants/*/*Music*", calls + "/c/participants/p/mute", false},
        {calls + "/c/play*", calls + "/c/playPrompt", true},
        {calls + "/c/play*", calls + "/c/play", true},
        {calls + "/c/play*", calls + "/c/PLAYPROMPT", true},
        {calls + "/c/play*", calls + "/c/replay", false},
        {calls + "/c/*Operation", calls + "/c/x-Operation", true},
        {calls + "/c/*Operation", calls + "/c/x-Operations", false},
        {calls + "/c/a*b*c", calls + "/c/abc", true},
        {calls + "/c/a*b*c", calls + "/c/aXbYbZc", true},
        {calls + "/c/a*b*c", calls + "/c/aXbYbZcX", false},
        {calls + "/c/a*b*c", calls + "/c/acb", false},
        {calls + "/c/**x", calls + "/c/x", true}, // "**" inside a segment is two '*'
        {calls + "/c/*", calls + "/c/microsoft.graph.mute", true},
        // "**": any number of segments, none included.
        {calls + "/**", calls, true},
        {calls + "/**", calls + "/c1", true},
        {calls + "/**", calls + "/c1/participants/p1/mute", true},
        {"/**", "/anything/at/all", true},
        {"/**", "/", true},
        {"/**/mute", calls + "/c1/participants/p1/mute", true},
        {"/**/mute", "/mute", true},
        {"/**/mute", calls + "/c1/participants/p1/unmute", false},
        {calls + "/**/participants/**/mute", calls + "/c1/participants/p1/mute", true},
        {calls + "/**/participants/**/mute", calls + "/c1/participants/mute", true},
        {calls + "/**/participants/**/mute", calls + "/c1/x/mute", false},
        {"/**/a/**/b", "/a/b/a/c", false},
        {"/**/a/**/b", "/x/a/c/a/d/b", true},
        {"/**/{id}", "/", false},
        {"/**/{id}", "/x", true},
        // A path with an empty segment matches nothing; a trailing '/' is not a segment.
        {calls + "/**", calls + "//c1", false},
        {calls + "/{id}", calls + "//c1", false},
        {"/**", calls + "/", true},
        {calls, calls + "/", true},
    };
    for (const auto& c : cases)
        BOOST_TEST(pattern(c.pattern).matches(c.path) == c.matches, c.pattern << " ~ " << c.path);
}

// "*a*a*...*a*b" against a long run of 'a's with no 'b' was exponential in the number of '*'s
// (a recursive glob retrying each star at every position): with 13 stars and a 40-character
// segment this test would not finish within ctest's timeout. Matched iteratively, it is
// instant. Many "**"s over many segments likewise.
BOOST_AUTO_TEST_CASE(many_wildcards_against_a_long_path_do_not_backtrack_exponentially) {
    std::string stars = "/v1.0/communications/calls/";
    for (int i = 0; i < 13; ++i)
        stars += "*a";
    stars += "*b";
    const std::string long_id(200, 'a');
    BOOST_TEST(!pattern(stars).matches("/v1.0/communications/calls/" + long_id));
    BOOST_TEST(pattern(stars).matches("/v1.0/communications/calls/" + long_id + "b"));

    std::string segments;
    for (int i = 0; i < 16; ++i)
        segments += "/**/a";
    segments += "/**/b";
    std::string path;
    for (int i = 0; i < 200; ++i)
        path += "/a";
    BOOST_TEST(!pattern(segments).matches(path));
    BOOST_TEST(pattern(segments).matches(path + "/b"));
}

BOOST_AUTO_TEST_SUITE_END()
