// libFuzzer: the fixture loader. Whatever it accepts must export and load back identically;
// whatever it refuses must say where.
#include "gcm/wire/fixtures.hpp"
#include "gcm/wire/graph_json.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace json = boost::json;
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
    if (twice != exported)
        std::abort();
    return 0;
}
