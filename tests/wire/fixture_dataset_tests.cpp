// Wire: every file in fixtures/ loads, and its export (the fixture format GET /_mock/calls
// writes) imports back to the same calls and exports identically.
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/graph_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>

namespace json = boost::json;
using namespace gcm;

namespace {
std::vector<std::filesystem::path> fixture_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(GCM_SOURCE_DIR) + "/fixtures"))
        if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json")
            files.push_back(entry.path());
    return files;
}
} // namespace

json::value passthrough_json(const state::CallResource& r) {
    return r.passthrough.empty() ? json::value{} : json::parse(r.passthrough);
}

BOOST_AUTO_TEST_SUITE(fixture_dataset)

BOOST_AUTO_TEST_CASE(every_shipped_fixture_loads_and_round_trips) {
    const auto files = fixture_files();
    BOOST_TEST_REQUIRE(!files.empty());
    for (const auto& file : files) {
        BOOST_TEST_CONTEXT(file.filename().string()) {
            auto fixture = wire::load_fixtures(file);
            BOOST_TEST_REQUIRE(fixture.has_value(), (fixture ? "" : fixture.error().describe()));
            BOOST_TEST(!fixture->empty());
            auto export_all = [](const wire::Fixture& calls) {
                json::array out;
                for (const auto& call : calls)
                    out.push_back(wire::call_export(call));
                return out;
            };
            const auto exported = export_all(*fixture);
            auto again = wire::parse_fixture(json::serialize(json::object{{"calls", exported}}));
            BOOST_TEST_REQUIRE(again.has_value(), (again ? "" : again.error().describe()));
            BOOST_TEST(export_all(*again) == exported);
            for (std::size_t i = 0; i < fixture->size(); ++i) {
                // What export writes, import reads: the whole call, bookkeeping included.
                const auto& a = (*fixture)[i];
                const auto& b = (*again)[i];
                BOOST_TEST_CONTEXT(a.id()) {
                    // Passthrough is compared as JSON: its members' order is not kept.
                    auto ra = a.resource, rb = b.resource;
                    BOOST_TEST(passthrough_json(ra) == passthrough_json(rb));
                    ra.passthrough = rb.passthrough = {};
                    BOOST_TEST((ra == rb));
                    BOOST_TEST((a.participants == b.participants));
                    BOOST_TEST((a.operations == b.operations));
                    BOOST_TEST((a.invitations == b.invitations));
                    BOOST_TEST((a.bookkeeping == b.bookkeeping));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(the_folder_loads_as_one_fixture) {
    auto all = wire::load_fixtures(std::string(GCM_SOURCE_DIR) + "/fixtures");
    BOOST_TEST_REQUIRE(all.has_value(), (all ? "" : all.error().describe()));
    std::size_t calls = 0;
    for (const auto& file : fixture_files())
        calls += wire::load_fixtures(file)->size();
    BOOST_TEST(all->size() == calls);
}

BOOST_AUTO_TEST_CASE(default_fixture_holds_the_seed_ids) {
    auto fixture = wire::load_fixtures(std::string(GCM_SOURCE_DIR) + "/fixtures/default.json");
    BOOST_TEST_REQUIRE(fixture.has_value());
    auto find = [&](const std::string& id) -> const state::Call* {
        for (const auto& c : *fixture)
            if (c.id() == id)
                return &c;
        return nullptr;
    };
    const auto* hold = find("e141b67c-90fd-455d-858b-b48a40b9cc8d");
    BOOST_TEST_REQUIRE(hold);
    BOOST_TEST(hold->participants.at("fa1e9582-7145-4ca3-bcd8-577f561fcb6e").on_hold);
    const auto* group = find("112f7296-5fa4-42ca-bae8-6a692b15d4b8");
    BOOST_TEST_REQUIRE(group);
    BOOST_TEST(group->participants.contains("a7ebfb2d-871e-419c-87af-27290b22e8db"));
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named) {
    auto missing = wire::load_fixtures("/nonexistent/fixture.json");
    BOOST_TEST_REQUIRE(missing.has_error());
    BOOST_TEST(missing.error().describe().find("/nonexistent/fixture.json") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
