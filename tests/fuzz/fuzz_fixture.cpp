// libFuzzer: the fixture loader. Whatever it accepts must export and load back identically;
// whatever it refuses must say where.
#include "gcm/wire/call_form.hpp"
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/graph_json.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace {

namespace json = boost::json;

// Equal, but for doubles, which may differ in their last bits: Boost.JSON 1.81 parses a double to
// within a unit in the last place, not correctly rounded (precise parsing came in 1.83), so a
// number a client wrote (a passthrough member, say) can move by that much when its export is
// loaded back (found by this fuzzer: 2.2222222222222227E60 came back as 2.222222222222223E60).
bool same(const json::value& a, const json::value& b) {
    if (a.is_double() && b.is_double()) {
        const double x = a.get_double(), y = b.get_double();
        return x == y || std::fabs(x - y) <= 1e-15 * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.is_array() != b.is_array() || a.is_object() != b.is_object())
        return false;
    if (a.is_array()) {
        const auto &p = a.get_array(), &q = b.get_array();
        return p.size() == q.size() && std::equal(p.begin(), p.end(), q.begin(), same);
    }
    if (a.is_object()) {
        const auto &p = a.get_object(), &q = b.get_object();
        if (p.size() != q.size())
            return false;
        // As json::object's own ==, whatever the order of the members.
        return std::all_of(p.begin(), p.end(), [&](const json::key_value_pair& m) {
            const auto* other = q.if_contains(m.key());
            return other && same(m.value(), *other);
        });
    }
    return a == b; // json::value's own: an int64 equals the uint64 of the same value
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto fixture = gcm::wire::parse_fixture({reinterpret_cast<const char*>(data), size});
    if (!fixture) {
        if (fixture.error().path.empty() || fixture.error().message.empty())
            std::abort();
        return 0;
    }
    json::array exported;
    for (const auto& call : *fixture)
        exported.push_back(gcm::wire::call_export(call));
    const auto text = json::serialize(json::object{{"calls", exported}});
    auto again = gcm::wire::parse_fixture(text);
    if (!again) {
        std::fprintf(stderr, "export does not load back: %s\n", again.error().describe().c_str());
        std::abort();
    }
    json::array twice;
    for (const auto& call : *again)
        twice.push_back(gcm::wire::call_export(call));
    if (!same(json::value(twice), json::value(exported))) {
        std::fprintf(stderr, "the export changes when loaded back:\n%s\n%s\n",
                     json::serialize(exported).c_str(), json::serialize(twice).c_str());
        std::abort();
    }
    return 0;
}
