// HTTP: GET /_mock/events, over real sockets — each journal entry as an event whose id is its
// sequence, as it happens; Last-Event-ID (and ?since) resume without a gap, or say `gap` when
// the journal no longer holds what followed; ?callId filters; a reader that stops reading gets
// one `event: overflow` and is closed while the API goes on at full speed; a reset is told; a
// deleted namespace and a stopping server end the stream cleanly; HEAD, HTTP/1.0, keep-alive
// comments, bad input; and the inspector's page and files.
#include "control_plane.hpp"
#include "default_fixture.hpp"
#include "fixtures.hpp"
#include "sse_client.hpp"
#include "test_server.hpp"
#include "tls_client.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>
#include <future>
#include <set>
#include <thread>

namespace json = boost::json;
using namespace gcm::test;
using namespace gcm::test::default_fixture;
using namespace std::chrono_literals;

namespace {

// Two established calls (fixtures/test/two-calls.json: call-1 with Alice, call-2 with Bob); no
// notifications, quick timers.
gcm::app::AppConfig two_calls() {
    auto config = default_config();
    config.fixture = test_fixture({"two-calls"});
    config.notifications = false;
    auto& e = config.engine;
    e.media_operation = e.hold_music_start = 10ms;
    return config;
}

// A Graph request that the journal records with the events it causes (hold music: the request,
// a roster change, then the operation's end).
std::string hold(const std::string& call, const std::string& participant) {
    return calls + call + "/participants/" + participant + "/startHoldMusic";
}
constexpr std::string_view hold_body = R"({"clientContext": "c"})";

bool is_entry(const SseEvent& e) {
    return e.name == "message";
}

std::uint64_t sequence_of(const SseEvent& e) {
    return std::uint64_t(e.json().at("sequence").as_int64());
}

// The journal's sequences after `since`, as GET /_mock/journal lists them.
std::vector<std::uint64_t> journal_sequences(HttpClient& client, std::uint64_t since = 0,
                                             const std::string& prefix = "") {
    std::vector<std::uint64_t> out;
    const auto journal =
        client.get(prefix + "/_mock/journal?since=" + std::to_string(since)).json();
    for (const auto& e : journal.at("value").as_array())
        out.push_back(std::uint64_t(e.at("sequence").as_int64()));
    return out;
}

// The events up to and including the first journal entry of an operation finishing.
std::vector<SseEvent> until_an_operation_finishes(SseClient& sse) {
    std::vector<SseEvent> seen;
    auto finished = sse.next_matching(
        [](const SseEvent& e) { return is_entry(e) && e.json().at("kind") == "operationFinished"; },
        5s, &seen);
    BOOST_TEST_REQUIRE(finished.has_value());
    seen.push_back(*finished);
    return seen;
}

} // namespace

using TwoCalls = ServerOn<two_calls>;

BOOST_AUTO_TEST_SUITE(event_stream)

BOOST_FIXTURE_TEST_CASE(entries_arrive_as_they_happen_with_their_sequence_as_id, TwoCalls) {
    SseClient sse(server.port(), "/_mock/events");
    BOOST_TEST(sse.status() == 200u);
    BOOST_TEST(sse.header("content-type") == "text/event-stream");
    BOOST_TEST(sse.header("cache-control").starts_with("no-cache"));
    BOOST_TEST(sse.header("transfer-encoding") == "chunked");
    BOOST_TEST(!sse.has_header("content-length"));
    auto hello = sse.next();
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST(hello->name == "hello");
    BOOST_TEST(!hello->id.has_value());
    const auto before = hello->json().at("lastSequence").as_int64();

    auto client = server.client();
    BOOST_TEST_REQUIRE(client.post(hold("call-1", "p-alice"), hold_body).status == 202u);
    // The request, then what it caused, up to the hold music's operation finishing.
    const auto seen = until_an_operation_finishes(sse);
    BOOST_TEST_REQUIRE(seen.size() >= 3u);
    const auto first = seen.front().json();
    BOOST_TEST(first.at("kind") == "request");
    BOOST_TEST(first.at("method") == "POST");
    BOOST_TEST(first.at("status") == 202);
    BOOST_TEST(first.at("latencyMs").is_number());
    BOOST_TEST(first.at("callId") == "call-1");
    std::uint64_t expected = std::uint64_t(before) + 1;
    for (const auto& e : seen) {
        BOOST_TEST(is_entry(e));
        BOOST_TEST_REQUIRE(e.id.has_value());
        BOOST_TEST(*e.id == expected, "ids follow the journal's sequence one by one");
        BOOST_TEST(sequence_of(e) == *e.id);
        ++expected;
    }
    // What the stream said is what the journal holds.
    std::vector<std::uint64_t> streamed;
    for (const auto& e : seen)
        streamed.push_back(*e.id);
    const auto journal = journal_sequences(client, std::uint64_t(before));
    BOOST_TEST_REQUIRE(journal.size() >= streamed.size());
    BOOST_TEST(std::equal(streamed.begin(), streamed.end(), journal.begin()));
}

BOOST_FIXTURE_TEST_CASE(last_event_id_resumes_after_it_without_a_gap, TwoCalls) {
    for (int i = 0; i < 3; ++i)
        BOOST_TEST_REQUIRE(client.post(hold("call-1", "p-alice"), hold_body).status == 202u);
    BOOST_TEST(wait_until([&] { return journal_sequences(client).size() >= 9u; }));
    std::uint64_t resume = 0;
    {
        SseClient sse(server.port(), "/_mock/events?since=0");
        // Read the first four entries, then go away.
        for (int i = 0; i < 4; ++i) {
            auto e = sse.next_matching(is_entry);
            BOOST_TEST_REQUIRE(e.has_value());
            BOOST_TEST(*e->id == std::uint64_t(i + 1), "?since=0 replays from the first");
            resume = *e->id;
        }
    }
    // While nobody listens, more happens.
    for (int i = 0; i < 2; ++i)
        BOOST_TEST_REQUIRE(client.post(hold("call-2", "p-bob"), hold_body).status == 202u);
    BOOST_TEST(wait_until([&] { return journal_sequences(client).size() >= 15u; }));
    const auto missed = journal_sequences(client, resume);

    SseClient sse(server.port(), "/_mock/events", {{{"Last-Event-ID", std::to_string(resume)}}});
    auto hello = sse.next();
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST(hello->name == "hello");
    BOOST_TEST(hello->json().at("after") == resume);
    std::vector<std::uint64_t> got;
    while (got.size() < missed.size()) {
        auto e = sse.next(5s);
        BOOST_TEST_REQUIRE(e.has_value());
        BOOST_TEST(e->name != "gap");
        if (is_entry(*e))
            got.push_back(*e->id);
    }
    BOOST_TEST(got == missed, "every entry after the last one seen, once, in order");
    // And it carries on live.
    BOOST_TEST_REQUIRE(client.post(hold("call-1", "p-alice"), hold_body).status == 202u);
    auto live = sse.next_matching(is_entry);
    BOOST_TEST_REQUIRE(live.has_value());
    BOOST_TEST(*live->id == missed.back() + 1);
}

BOOST_AUTO_TEST_CASE(a_replay_longer_than_a_batch_meets_the_live_entries_without_a_gap) {
    // Appends go on while a long replay is read: the hand-over from the journal to the live
    // queue must lose and repeat nothing.
    auto config = two_calls();
    TestServer server(config);
    auto client = server.client();
    const std::size_t before = 700; // more than two replay batches
    for (std::size_t i = 0; i < before; ++i)
        BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    SseClient sse(server.port(), "/_mock/events?since=0");
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        auto other = server.client();
        for (int i = 0; i < 300 && !stop; ++i)
            other.get(calls + "call-2");
    });
    std::vector<std::uint64_t> got;
    while (got.size() < before + 300) {
        auto e = sse.next(10s);
        if (!e)
            break;
        BOOST_TEST(e->name != "gap");
        BOOST_TEST(e->name != "overflow");
        if (is_entry(*e))
            got.push_back(*e->id);
    }
    stop = true;
    writer.join();
    BOOST_TEST_REQUIRE(got.size() == before + 300);
    for (std::size_t i = 0; i < got.size(); ++i)
        BOOST_TEST_REQUIRE(got[i] == i + 1, "entry " << i);
}

BOOST_FIXTURE_TEST_CASE(call_id_keeps_one_call_s_entries, TwoCalls) {
    SseClient sse(server.port(), "/_mock/events?callId=call-2");
    BOOST_TEST_REQUIRE(sse.next().has_value()); // hello
    BOOST_TEST_REQUIRE(client.post(hold("call-1", "p-alice"), hold_body).status == 202u);
    BOOST_TEST_REQUIRE(client.post(hold("call-2", "p-bob"), hold_body).status == 202u);
    BOOST_TEST_REQUIRE(client.post(hold("call-1", "p-alice"), hold_body).status == 202u);
    const auto seen = until_an_operation_finishes(sse);
    BOOST_TEST(seen.front().json().at("kind") == "request");
    for (const auto& e : seen)
        BOOST_TEST(e.json().at("callId") == "call-2");
    // call-1's entries came before and after call-2's, and none of them came through: the next
    // event, if any, is call-1's second hold (which must not come).
    BOOST_TEST(!sse.next_matching(is_entry, 300ms).has_value());
    // The filter holds for a replay too.
    SseClient replay(server.port(), "/_mock/events?since=0&callId=call-1");
    std::size_t requests = 0;
    for (;;) {
        auto e = replay.next_matching(is_entry, 1s);
        if (!e)
            break;
        BOOST_TEST(e->json().at("callId") == "call-1");
        requests += e->json().at("kind") == "request";
    }
    BOOST_TEST(requests == 2u);
}

BOOST_AUTO_TEST_CASE(a_reader_that_stops_reading_overflows_and_never_slows_the_api) {
    auto config = two_calls();
    config.event_queue_limit = 16;
    // The journal keeps every one of the 1500 entries of 16 KiB, so the resumption below finds
    // what the reader missed (the default --journal-bytes would have evicted the oldest).
    config.journal_bytes = 64 * 1024 * 1024;
    TestServer server(config);
    // A reader with a small receive buffer that reads nothing for now.
    SseClient slow(server.port(), "/_mock/events", {{}, 4096});
    // Meanwhile, requests whose journal entries are big (a 16 KiB body each, refused): the
    // socket buffers fill, then the queue. Each request must still be answered at once.
    auto client = server.client();
    const std::string refused(16 * 1024, 'x'); // not JSON: a 400, journaled with its body
    auto slowest = std::chrono::microseconds(0);
    const int requests = 1500;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < requests; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = client.post(calls + "call-1/participants/p-alice/startHoldMusic", refused);
        BOOST_TEST_REQUIRE(r.status == 400u);
        slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - t0));
    }
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    BOOST_TEST_MESSAGE("" << requests << " requests of 16 KiB beside a stalled reader: "
                          << took.count() << " ms, the slowest " << slowest.count() << " us");
    // The API did not wait for the reader (a blocked append would have held a request for the
    // whole write timeout, 30 s by default).
    BOOST_TEST(slowest < std::chrono::microseconds(2'000'000));
    // Now the reader reads: what fitted in the buffers, then one overflow, then the end.
    auto events = slow.until_end(20s);
    BOOST_TEST_REQUIRE(slow.ended());
    BOOST_TEST(slow.wait_closed(5s), "the connection closes after the overflow");
    BOOST_TEST_REQUIRE(!events.empty());
    std::size_t overflows = 0;
    for (const auto& e : events)
        overflows += e.name == "overflow";
    BOOST_TEST(overflows == 1u);
    BOOST_TEST(events.back().name == "overflow", "the overflow is the last event");
    const auto overflow = events.back().json();
    // What came before it came in order without a gap, and it says where to resume.
    std::optional<std::uint64_t> last;
    for (const auto& e : events)
        if (is_entry(e)) {
            if (last)
                BOOST_TEST(*e.id == *last + 1);
            last = *e.id;
        }
    BOOST_TEST_REQUIRE(last.has_value());
    BOOST_TEST(overflow.at("resumeAfter") == *last);
    BOOST_TEST(*last < std::uint64_t(requests), "the reader missed some: it overflowed");
    BOOST_TEST(overflow.at("dropped").as_int64() > 16);
    // Resuming from there gives what it missed.
    SseClient again(server.port(), "/_mock/events", {{{"Last-Event-ID", std::to_string(*last)}}});
    auto next = again.next_matching(is_entry);
    BOOST_TEST_REQUIRE(next.has_value());
    BOOST_TEST(*next->id == *last + 1);
}

BOOST_AUTO_TEST_CASE(a_reader_that_stops_reading_altogether_is_closed_after_the_read_timeout) {
    // Quiet first (the connection may idle as long as it likes between events), then a write
    // that cannot finish: the read timeout closes the connection, however long it idled before.
    gcm::http::ServerOptions options;
    options.port = 0;
    options.read_timeout = 500ms;
    auto config = two_calls();
    config.event_keep_alive = 0ms;
    TestServer server(config, options);
    SseClient stalled(server.port(), "/_mock/events", {{}, 4096});
    BOOST_TEST_REQUIRE(stalled.next().has_value()); // hello
    std::this_thread::sleep_for(1500ms);            // idle for three read timeouts
    auto client = server.client();
    const std::string refused(16 * 1024, 'x');
    // Enough to fill the socket buffers, not the queue (1024 entries): no overflow ends it.
    for (int i = 0; i < 600; ++i)
        BOOST_TEST_REQUIRE(client.post(calls + "call-1/mute", refused).status == 400u);
    std::this_thread::sleep_for(1500ms); // the stalled write's read timeout passes
    // Closed mid-write: the body never ended (no last chunk, no overflow), the connection did.
    auto events = stalled.until_end(10s);
    BOOST_TEST(stalled.wait_closed(5s));
    BOOST_TEST(!stalled.ended(), "the body was cut, not finished");
    for (const auto& e : events)
        BOOST_TEST(e.name != "overflow");
    BOOST_TEST(server.client().get("/_mock/health").status == 200u);
}

BOOST_AUTO_TEST_CASE(a_resume_point_the_journal_no_longer_holds_is_a_gap) {
    auto config = two_calls();
    config.journal_capacity = 5;
    TestServer server(config);
    auto client = server.client();
    for (int i = 0; i < 12; ++i)
        BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    SseClient sse(server.port(), "/_mock/events?since=2");
    BOOST_TEST_REQUIRE(sse.next().has_value()); // hello
    auto gap = sse.next();
    BOOST_TEST_REQUIRE(gap.has_value());
    BOOST_TEST(gap->name == "gap");
    BOOST_TEST(gap->json().at("from") == 3);
    BOOST_TEST(gap->json().at("to") == 7);
    auto first = sse.next();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(*first->id == 8u);
}

BOOST_FIXTURE_TEST_CASE(an_id_from_another_server_replays_this_journal_from_its_start, TwoCalls) {
    BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    SseClient sse(server.port(), "/_mock/events", {{{"Last-Event-ID", "999999"}}});
    BOOST_TEST_REQUIRE(sse.next().has_value()); // hello
    auto reset = sse.next();
    BOOST_TEST_REQUIRE(reset.has_value());
    BOOST_TEST(reset->name == "reset");
    auto first = sse.next();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(*first->id == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_reset_is_told_and_a_deleted_namespace_ends_the_stream, TwoCalls) {
    const std::string ns = "/_ns/watched";
    BOOST_TEST_REQUIRE(client.get(ns + calls + "call-1").status == 200u);
    SseClient sse(server.port(), ns + "/_mock/events");
    auto hello = sse.next();
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST(hello->json().at("namespace") == "watched");
    BOOST_TEST_REQUIRE(client.post(ns + "/_mock/reset").status == 200u);
    auto reset = sse.next_matching([](const SseEvent& e) { return e.name == "reset"; });
    BOOST_TEST_REQUIRE(reset.has_value());
    BOOST_TEST(reset->json().at("lastSequence") == 1);
    // Another namespace's entries are not this one's.
    BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    BOOST_TEST_REQUIRE(client.get(ns + calls + "call-2").status == 200u);
    auto entry = sse.next_matching(is_entry);
    BOOST_TEST_REQUIRE(entry.has_value());
    BOOST_TEST(entry->json().at("path").as_string() == ns + calls + "call-2");
    BOOST_TEST_REQUIRE(client.del(ns).status == 204u);
    auto rest = sse.until_end(5s);
    BOOST_TEST_REQUIRE(sse.ended());
    BOOST_TEST_REQUIRE(!rest.empty());
    BOOST_TEST(rest.back().name == "gone");
    BOOST_TEST(sse.wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(over_tls_a_whole_chunked_stream_reads_as_one_response) {
    // Beast's own parser, over TLS, reads the stream as one chunked response that ends when
    // the namespace is deleted: the framing is HTTP's, and the TLS close is orderly.
    TestServer server(two_calls());
    const auto ca = server.server().application().config().tls_ca_pem;
    BOOST_TEST_REQUIRE(ca.find("BEGIN CERTIFICATE") != std::string::npos);
    auto client = server.client();
    BOOST_TEST_REQUIRE(client.get("/_ns/tls" + calls + "call-1").status == 200u);
    auto streamed = std::async(std::launch::async, [&] {
        return https_request(server.port(), ca, "GET", "/_ns/tls/_mock/events?since=0");
    });
    const auto opened =
        R"(graph_mock_requests_total{route="/_mock/events",method="GET",status="200"})";
    BOOST_TEST_REQUIRE(wait_until([&] { return metric(client, opened) >= 1.0; }));
    BOOST_TEST_REQUIRE(client.del("/_ns/tls").status == 204u);
    BOOST_TEST_REQUIRE((streamed.wait_for(10s) == std::future_status::ready));
    const auto response = streamed.get();
    BOOST_TEST(response.status == 200u);
    BOOST_TEST(response.header("transfer-encoding") == "chunked");
    const auto& body = response.body;
    BOOST_TEST(body.starts_with("retry: 1000\n\nevent: hello\n"));
    BOOST_TEST(body.find("id: 1\ndata: {\"sequence\":1,") != std::string::npos);
    BOOST_TEST(body.ends_with("event: gone\n" + body.substr(body.rfind("data: "))));
}

BOOST_AUTO_TEST_CASE(a_stopping_server_ends_the_stream_and_does_not_wait_for_it) {
    auto server = std::make_unique<TestServer>(two_calls());
    SseClient sse(server->port(), "/_mock/events");
    BOOST_TEST_REQUIRE(sse.next().has_value()); // hello: the stream is open
    const auto t0 = std::chrono::steady_clock::now();
    server->server().stop();
    const auto took = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(took < std::chrono::seconds(3), "stop() did not wait out the stream");
    sse.until_end(5s);
    BOOST_TEST(sse.ended(), "the last chunk came: the body is whole");
    BOOST_TEST(sse.wait_closed(5s));
}

BOOST_AUTO_TEST_CASE(a_client_that_leaves_is_forgotten) {
    auto config = two_calls();
    config.event_queue_limit = 4;
    TestServer server(config);
    {
        SseClient sse(server.port(), "/_mock/events");
        BOOST_TEST_REQUIRE(sse.next().has_value());
    }
    // If the gone client's stream were still subscribed, it would fill and log nothing; what
    // can be seen is that the API carries on and a new stream works.
    auto client = server.client();
    for (int i = 0; i < 50; ++i)
        BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    SseClient sse(server.port(), "/_mock/events?since=49");
    BOOST_TEST_REQUIRE(sse.next().has_value());
    auto e = sse.next_matching(is_entry);
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(*e->id == 50u);
}

BOOST_AUTO_TEST_CASE(a_watched_namespace_is_not_idle) {
    auto config = two_calls();
    config.namespace_idle = 50ms;
    TestServer server(config);
    auto client = server.client();
    auto listed = [&] {
        return client.get("/_mock/namespaces").body.find("\"watched\"") != std::string::npos;
    };
    {
        SseClient sse(server.port(), "/_ns/watched/_mock/events");
        BOOST_TEST_REQUIRE(sse.next().has_value());
        // Many idle periods pass without a request to it: it stays while it is watched.
        std::this_thread::sleep_for(400ms);
        BOOST_TEST(listed());
        BOOST_TEST(!sse.ended());
    }
    // Once nobody watches, it goes as any idle namespace does.
    BOOST_TEST(wait_until([&] { return !listed(); }, 5s));
}

BOOST_AUTO_TEST_CASE(a_quiet_stream_writes_keep_alive_comments) {
    auto config = two_calls();
    config.event_keep_alive = 100ms;
    TestServer server(config);
    SseClient sse(server.port(), "/_mock/events");
    BOOST_TEST_REQUIRE(sse.next().has_value());
    // Comments are no events: nothing but comments comes, until the first one (bounded).
    for (int i = 0; i < 50 && sse.comments().empty(); ++i)
        BOOST_TEST_REQUIRE(!sse.next(100ms).has_value());
    BOOST_TEST(!sse.comments().empty());
    BOOST_TEST(sse.comments().front() == " keep-alive");
}

BOOST_FIXTURE_TEST_CASE(head_answers_the_head_alone, TwoCalls) {
    auto r = client.request("HEAD", "/_mock/events");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("content-type") == "text/event-stream");
    BOOST_TEST(r.body.empty());
    // The connection carries on.
    BOOST_TEST(client.get("/_mock/health").status == 200u);
}

BOOST_FIXTURE_TEST_CASE(an_http_1_0_client_gets_a_body_that_ends_with_the_connection, TwoCalls) {
    SseClient sse(server.port(), "/_mock/events?since=0", {{}, 0, true});
    BOOST_TEST(sse.status() == 200u);
    BOOST_TEST(!sse.has_header("transfer-encoding"));
    BOOST_TEST(sse.header("connection") == "close");
    auto hello = sse.next();
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST(hello->name == "hello");
    BOOST_TEST(sse.raw_body().starts_with("retry: "), "no chunk sizes in the body");
    auto client = server.client();
    BOOST_TEST_REQUIRE(client.get(calls + "call-1").status == 200u);
    auto e = sse.next_matching(is_entry);
    BOOST_TEST_REQUIRE(e.has_value());
    BOOST_TEST(*e->id == 1u);
}

BOOST_FIXTURE_TEST_CASE(bad_input_is_a_graph_error, TwoCalls) {
    for (const auto* target : {"/_mock/events?since=abc", "/_mock/events?since=-1",
                               "/_mock/events?sinse=1", "/_mock/events?since="}) {
        BOOST_TEST_CONTEXT(target) {
            auto r = client.get(target);
            BOOST_TEST(r.status == 400u);
            BOOST_TEST(r.json().at("error").at("code") == "BadRequest");
        }
    }
    auto r = client.request("GET", "/_mock/events", {}, {{"Last-Event-ID", "twelve"}});
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.json().at("error").at("message").as_string().find("Last-Event-ID") !=
               json::string::npos);
    BOOST_TEST(client.post("/_mock/events").status == 405u);
    // The server is still well.
    BOOST_TEST(client.get("/_mock/health").status == 200u);
}

BOOST_AUTO_TEST_CASE(the_admin_token_guards_the_stream_but_not_the_page) {
    auto config = two_calls();
    config.admin_token = "s3cret";
    TestServer server(config);
    auto client = server.client();
    BOOST_TEST(client.get("/_mock/events").status == 401u);
    SseClient sse(server.port(), "/_mock/events", {{{"Authorization", "Bearer s3cret"}}});
    BOOST_TEST(sse.status() == 200u);
    BOOST_TEST(client.request("GET", "/_mock/ui", {}, {{"Authorization", ""}}).status == 200u);
}

BOOST_FIXTURE_TEST_CASE(the_inspector_page_and_its_files_are_served_from_the_binary, TwoCalls) {
    auto page = client.get("/_mock/ui");
    BOOST_TEST(page.status == 200u);
    BOOST_TEST(page.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(page.body.find("<script src=\"ui/app.js\">") != std::string::npos);
    auto js = client.get("/_mock/ui/app.js");
    BOOST_TEST(js.status == 200u);
    BOOST_TEST(js.header("content-type") == "text/javascript; charset=utf-8");
    BOOST_TEST(js.body.find("events?since=0") != std::string::npos);
    auto css = client.get("/_mock/ui/style.css");
    BOOST_TEST(css.status == 200u);
    BOOST_TEST(css.header("content-type") == "text/css; charset=utf-8");
    // Nothing refers to another origin: it works offline.
    for (const auto* body : {&page.body, &js.body, &css.body})
        BOOST_TEST(body->find("://") == std::string::npos);
    auto missing = client.get("/_mock/ui/nope.js");
    BOOST_TEST(missing.status == 404u);
    BOOST_TEST(missing.json().at("error").at("code") == "itemNotFound");
    BOOST_TEST(client.get("/_ns/x/_mock/ui").status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
