// State that survives a restart (--data-dir), on the real binary: SIGTERM saves every namespace
// and a restart serves the same exports, persistent fault rules and a journal numbering that
// carries on; kill -9 under load at random moments never leaves a file that does not load; a
// corrupt or foreign file stops the start with a message naming it; a deleted namespace's file
// goes at the next save.
#include "http_client.hpp"
#include "mock_process.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace gcm::test;

namespace {

// A data directory of its own, removed afterwards.
struct DataDir {
    DataDir()
        : path(fs::temp_directory_path() /
               ("gcm-data-" + std::to_string(::getpid()) + "-" + std::to_string(++count))) {
        fs::remove_all(path);
    }
    ~DataDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(path))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path path;
    static inline int count = 0;
};

std::vector<std::string> mock_args(const DataDir& dir, const std::string& interval_ms = "60000") {
    return {"--port",
            "0",
            "--no-tls",
            "--no-notifications",
            "--data-dir",
            dir.path.string(),
            "--data-interval-ms",
            interval_ms};
}

// A server on `dir`; its first stdout line may take 30 s (loading a data directory under a
// sanitizer takes a while).
MockProcessOptions mock_options(const DataDir& dir, const std::string& interval_ms = "60000") {
    return {.args = mock_args(dir, interval_ms), .first_line_within = std::chrono::seconds(30)};
}

std::string create_body() {
    return R"({"@odata.type": "#microsoft.graph.call", "callbackUri": "https://bot.example/cb",
      "requestedModalities": ["audio"],
      "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"},
      "targets": [{"identity": {"user": {"id": "112f7296-5fa4-42ca-bae8-6a692b15d4b8"}}}]})";
}

// Creates a call in `prefix`'s namespace ("" or "/_ns/name"), waits until it is established
// (bounded), and returns its id.
std::string established_call(HttpClient& client, const std::string& prefix) {
    const auto created = client.post(prefix + "/v1.0/communications/calls", create_body());
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.json().at("id").as_string());
    const auto waited = client.post(prefix + "/_mock/wait",
                                    R"({"for": "callState", "since": 0, "timeoutMs": 10000,
                                        "match": {"callId": ")" +
                                        id + R"(", "state": "established"}})");
    BOOST_TEST_REQUIRE(waited.status == 200u);
    return id;
}

std::uint64_t last_sequence(HttpClient& client, const std::string& prefix) {
    const auto journal = client.get(prefix + "/_mock/journal").json().at("value").as_array();
    return journal.empty() ? 0 : journal.back().at("sequence").to_number<std::uint64_t>();
}

std::string text_of(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Polls the file system until `done` (bounded: false after 10 s).
template <class Done> bool eventually(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// Every namespace serves every call its export holds; returns how many calls that was.
std::size_t check_every_call_answers(HttpClient& client) {
    std::vector<std::string> prefixes{""};
    const auto names = client.get("/_mock/namespaces").json();
    for (const auto& name : names.at("value").as_array())
        prefixes.push_back("/_ns/" + std::string(name.as_string()));
    std::size_t calls = 0;
    for (const auto& prefix : prefixes) {
        const auto exported = client.get(prefix + "/_mock/calls");
        BOOST_TEST_REQUIRE(exported.status == 200u);
        const auto calls_of = exported.json();
        for (const auto& call : calls_of.at("calls").as_array()) {
            const std::string id(call.at("id").as_string());
            const auto got = client.get(prefix + "/v1.0/communications/calls/" + id);
            BOOST_TEST(got.status == 200u, prefix << " " << id << ": " << got.body);
            ++calls;
        }
    }
    return calls;
}

} // namespace

BOOST_AUTO_TEST_SUITE(persistence_binary)

BOOST_AUTO_TEST_CASE(sigterm_saves_every_namespace_and_a_restart_carries_on) {
    DataDir dir;
    std::string default_export, w3_export;
    std::uint64_t w3_sequence = 0;
    std::string w3_call;
    {
        MockProcess mock(mock_options(dir));
        HttpClient client(mock.port());
        established_call(client, "");
        w3_call = established_call(client, "/_ns/w3");
        established_call(client, "/_ns/w3");
        BOOST_TEST_REQUIRE(client
                               .post("/_ns/w3/_mock/faults",
                                     R"({"match": {"method": "GET",
                                         "path": "/v1.0/communications/calls/{id}/participants"},
                                         "respond": {"status": 503}, "persistent": true})")
                               .status == 201u);
        BOOST_TEST_REQUIRE(
            client.post("/_ns/w3/_mock/faults", R"({"respond": {"status": 500}})").status == 201u);
        default_export = client.get("/_mock/calls").body;
        w3_export = client.get("/_ns/w3/_mock/calls").body;
        w3_sequence = last_sequence(client, "/_ns/w3");
        BOOST_TEST_REQUIRE(w3_sequence > 0u);
        BOOST_TEST(mock.stop() == 0);
    }
    // One file per namespace, and no temporary file left.
    BOOST_TEST(dir.names() == (std::vector<std::string>{"default.json", "ns-w3.json"}));

    MockProcess again(mock_options(dir));
    HttpClient client(again.port());
    BOOST_TEST(client.get("/_mock/calls").body == default_export);
    BOOST_TEST(client.get("/_ns/w3/_mock/calls").body == w3_export);
    BOOST_TEST(client.get("/_mock/namespaces").json() ==
               boost::json::parse(R"({"value": ["w3"]})"));
    // The persistent rule is back, under its id; the other one is not.
    const auto rules = client.get("/_ns/w3/_mock/faults").json().at("value").as_array();
    BOOST_TEST_REQUIRE(rules.size() == 1u);
    BOOST_TEST(rules[0].at("id") == "fault-1");
    BOOST_TEST(rules[0].at("persistent") == true);
    // ... and acts.
    BOOST_TEST(
        client.get("/_ns/w3/v1.0/communications/calls/" + w3_call + "/participants").status ==
        503u);
    // The journal numbers on from where it was.
    BOOST_TEST(last_sequence(client, "/_ns/w3") > w3_sequence);
    // A rule added now numbers on from the highest loaded.
    const auto added = client.post("/_ns/w3/_mock/faults", R"({"respond": {"status": 500}})");
    BOOST_TEST(added.json().at("id") == "fault-2");
    BOOST_TEST(again.stop() == 0);
}

BOOST_AUTO_TEST_CASE(kill_9_under_load_never_leaves_a_file_that_does_not_load) {
    DataDir dir;
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> load_ms(100, 1500);
    std::size_t created = 0;
    for (int round = 0; round < 5; ++round) {
        MockProcess mock(mock_options(dir, "20")); // starts cleanly, every time
        HttpClient client(mock.port());
        BOOST_TEST_MESSAGE("round " << round << ": " << check_every_call_answers(client)
                                    << " calls loaded");
        // Load in three namespaces (a new one each round) until a random moment, then kill -9.
        const auto until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(load_ms(random));
        const std::vector<std::string> prefixes{"", "/_ns/a", "/_ns/r" + std::to_string(round)};
        // Calls are created, then kept alive (a change to save all the same), so that the state
        // loaded, and the time a start takes, stay small.
        std::string last_call;
        for (int i = 0; i < 5000 && std::chrono::steady_clock::now() < until; ++i) {
            const auto& prefix = prefixes[i % 3];
            if (i < 150) {
                const auto answer =
                    client.post(prefix + "/v1.0/communications/calls", create_body());
                BOOST_TEST_REQUIRE(answer.status == 201u);
                last_call = std::string(answer.json().at("id").as_string());
                ++created;
            } else {
                client.post(prefix + "/v1.0/communications/calls/" + last_call + "/keepAlive");
            }
        }
        mock.kill_9();
        // Whatever the moment, every file left is whole (never a temporary one that loads).
        for (const auto& name : dir.names())
            if (name.ends_with(".json"))
                BOOST_TEST(boost::json::parse(text_of(dir.file(name))).is_object(), name);
    }
    // A last start: everything loaded is whole and answers; and a graceful stop keeps all of it.
    std::string exported;
    std::size_t loaded = 0;
    {
        MockProcess mock(mock_options(dir, "20"));
        HttpClient client(mock.port());
        loaded = check_every_call_answers(client);
        exported = client.get("/_ns/a/_mock/calls").body;
        BOOST_TEST(mock.stop() == 0);
    }
    BOOST_TEST_MESSAGE(created << " calls created; " << loaded
                               << " loaded at the end (the fixture's in each namespace too)");
    MockProcess mock(mock_options(dir, "20"));
    HttpClient client(mock.port());
    BOOST_TEST(check_every_call_answers(client) == loaded);
    BOOST_TEST(client.get("/_ns/a/_mock/calls").body == exported);
    BOOST_TEST(mock.stop() == 0);
}

BOOST_AUTO_TEST_CASE(a_corrupt_or_foreign_file_is_refused_by_name_and_nothing_is_served) {
    DataDir dir;
    {
        MockProcess mock(mock_options(dir));
        HttpClient client(mock.port());
        established_call(client, "/_ns/good");
        BOOST_TEST(mock.stop() == 0);
    }
    const auto good = text_of(dir.file("ns-good.json"));
    struct Case {
        std::string file;
        std::string text;
        std::string reason;
    };
    const std::vector<Case> cases{
        {"ns-torn.json", good.substr(0, good.size() / 2), "not JSON"},
        {"ns-other.json", R"({"calls": []})", "not a graph-comms-mock state file"},
        {"ns-later.json",
         R"({"graphCommsMockState": 2, "namespace": "later", "journalSequence": 0,
             "faultRules": [], "fixture": {"calls": []}})",
         "version 2"},
        {"ns-moved.json", good, "holds namespace 'good'"},
        {"ns-badcall.json",
         R"({"graphCommsMockState": 1, "namespace": "badcall", "journalSequence": 0,
             "faultRules": [], "fixture": {"calls": [{"state": "established"}]}})",
         "'fixture'"},
        {"ns-badrule.json",
         R"({"graphCommsMockState": 1, "namespace": "badrule", "journalSequence": 0,
             "faultRules": [{"id": "fault-1", "persistent": true}], "fixture": {"calls": []}})",
         "faultRules[0]"},
    };
    for (const auto& c : cases) {
        std::ofstream(dir.file(c.file), std::ios::binary) << c.text;
        const auto run = run_to_end(mock_args(dir));
        BOOST_TEST(run.exit_code == 2, c.file);
        BOOST_TEST(run.out.find("listening on") == std::string::npos, c.file); // never served
        BOOST_TEST(run.err.find(dir.file(c.file)) != std::string::npos, run.err);
        BOOST_TEST(run.err.find(c.reason) != std::string::npos, run.err);
        // Nothing was loaded, nor written over.
        BOOST_TEST(text_of(dir.file("ns-good.json")) == good);
        fs::remove(dir.file(c.file));
    }
    // Without them it starts again, with what it had.
    MockProcess mock(mock_options(dir));
    HttpClient client(mock.port());
    BOOST_TEST(client.get("/_mock/namespaces").json() ==
               boost::json::parse(R"({"value": ["good"]})"));
    BOOST_TEST(mock.stop() == 0);
}

BOOST_AUTO_TEST_CASE(changes_are_saved_periodically_and_a_deleted_namespace_loses_its_file) {
    DataDir dir;
    MockProcess mock(mock_options(dir, "20"));
    HttpClient client(mock.port());
    BOOST_TEST_REQUIRE(client.post("/_ns/w9/v1.0/communications/calls", create_body()).status ==
                       201u);
    // Saved without a signal: the periodic save did it.
    BOOST_TEST(eventually([&] { return fs::exists(dir.file("ns-w9.json")); }));
    BOOST_TEST(client.del("/_ns/w9").status == 204u);
    BOOST_TEST(eventually([&] { return !fs::exists(dir.file("ns-w9.json")); }));
    BOOST_TEST(mock.stop() == 0);
    BOOST_TEST(dir.names() == (std::vector<std::string>{"default.json"}));
}

BOOST_AUTO_TEST_SUITE_END()
