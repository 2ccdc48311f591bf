// Fresh ids: lowercase version-4 UUIDs, different each time, on every thread.
#include "gcm/state/ids.hpp"

#include <boost/test/unit_test.hpp>
#include <regex>
#include <set>
#include <thread>

BOOST_AUTO_TEST_SUITE(ids)

BOOST_AUTO_TEST_CASE(random_uuids_are_version_4_and_distinct) {
    const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        auto id = gcm::state::random_uuid();
        BOOST_TEST_REQUIRE(std::regex_match(id, shape), id);
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == 2000u);
}

BOOST_AUTO_TEST_CASE(threads_do_not_repeat_each_other) {
    // Each thread seeds its own generator; none may replay another's sequence.
    std::vector<std::string> first(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < first.size(); ++t)
        threads.emplace_back([&first, t] { first[t] = gcm::state::random_uuid(); });
    for (auto& thread : threads)
        thread.join();
    BOOST_TEST(std::set<std::string>(first.begin(), first.end()).size() == first.size());
}

BOOST_AUTO_TEST_SUITE_END()
