// The event streams' fan-out: an appended entry is formatted once, however many streams are open,
// and every stream writes the same bytes for it, in journal order.
#include "app_harness.hpp"
#include "event_stream.hpp"
#include "test_server.hpp"

#include <boost/test/unit_test.hpp>

using namespace gcm;
using namespace gcm::test;

namespace {

const std::string call = "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d";

// The `id:` values of the entries in an SSE text, in order.
std::vector<std::uint64_t> ids_in(const std::string& text) {
    std::vector<std::uint64_t> out;
    for (auto at = text.find("\nid: "); at != std::string::npos; at = text.find("\nid: ", at + 1))
        out.push_back(std::stoull(text.substr(at + 5)));
    if (text.starts_with("id: "))
        out.insert(out.begin(), std::stoull(text.substr(4)));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_fanout)

BOOST_AUTO_TEST_CASE(each_entry_is_formatted_once_and_every_stream_gets_the_same_bytes) {
    AppHarness h(default_config());
    constexpr std::size_t streams_open = 50;
    std::vector<std::shared_ptr<app::BodyStream>> streams;
    for (std::size_t i = 0; i < streams_open; ++i) {
        auto response = h.request(app::Method::get, "/_mock/events");
        BOOST_TEST_REQUIRE(response.status == 200u);
        auto* streamed = std::get_if<app::Streamed>(&response.mode);
        BOOST_TEST_REQUIRE(streamed != nullptr);
        streamed->stream->attach([] {});
        // The hello and the (short) replay: the stream is live from here on.
        BOOST_TEST_REQUIRE(streamed->stream->take().text.find("event: hello") != std::string::npos);
        streams.push_back(streamed->stream);
    }
    const auto formatted_before = app::EventFanout::formatted();
    constexpr int requests = 5;
    for (int i = 0; i < requests; ++i)
        BOOST_TEST_REQUIRE(h.request(app::Method::post, call + "/keepAlive").status == 200u);
    const auto formatted = app::EventFanout::formatted() - formatted_before;

    const auto first = streams.front()->take().text;
    const auto ids = ids_in(first);
    BOOST_TEST_REQUIRE(ids.size() >= std::size_t(requests)); // each request's entry, at least
    BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
    BOOST_TEST((std::adjacent_find(ids.begin(), ids.end()) == ids.end())); // none twice
    for (std::size_t i = 1; i < streams.size(); ++i)
        BOOST_TEST_REQUIRE(streams[i]->take().text == first, "stream " << i);
    // Once per entry, not once per entry and stream.
    BOOST_TEST(formatted == ids.size());
    for (auto& s : streams)
        s->cancel();
}

BOOST_AUTO_TEST_SUITE_END()
