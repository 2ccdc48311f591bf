// The OpenAPI document GET /_mock/openapi.json serves against the route tables: every route of
// the control plane (and DELETE /_ns/{name}) is described, with a summary, and the document
// describes no route that does not exist. So the two cannot drift apart. (Its validity as
// OpenAPI 3.1 is checked by a standard validator: the openapi_document test.)
#include "openapi.hpp"
#include "router.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

namespace json = boost::json;
using namespace gcm::app;

namespace {

std::string lower(std::string_view method) {
    std::string out(method);
    for (auto& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "GET /_mock/health" for every route of the control plane and the namespace table.
std::set<std::string> routes() {
    std::set<std::string> out;
    for (const auto& r : routes_of(control_routes()))
        out.insert(lower(to_string(r.method)) + " /_mock/" + std::string(r.pattern));
    for (const auto& r : routes_of(namespace_routes()))
        out.insert(lower(to_string(r.method)) + " /_ns/{name}" + std::string(r.pattern));
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(openapi_description)

BOOST_AUTO_TEST_CASE(every_control_route_is_described_and_nothing_else) {
    const auto document = json::parse(openapi_document());
    BOOST_TEST(document.at("openapi") == "3.1.0");
    std::set<std::string> described;
    for (const auto& [path, item] : document.at("paths").as_object())
        for (const auto& [method, operation] : item.as_object()) {
            described.insert(std::string(method) + " " + std::string(path));
            BOOST_TEST_CONTEXT(method << " " << path) {
                BOOST_TEST(operation.as_object().contains("summary"));
            }
        }
    const auto expected = routes();
    BOOST_TEST_REQUIRE(expected.size() > 20u);
    for (const auto& route : expected)
        BOOST_TEST(described.contains(route), route << " is not in the OpenAPI document");
    for (const auto& d : described)
        BOOST_TEST(expected.contains(d), d << " is described but is no route");
}

BOOST_AUTO_TEST_SUITE_END()
