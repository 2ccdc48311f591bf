// The OData names every part of the wire library shares (see odata.hpp).
#include "gcm/wire/odata.hpp"

namespace json = boost::json;

namespace gcm::wire {

std::string odata_type(std::string_view name) {
    std::string out(graph_namespace);
    out += name;
    return out;
}

bool is_odata_type(const json::value& v, std::string_view name) {
    const auto* s = v.if_string();
    return s && s->size() == graph_namespace.size() + name.size() &&
           s->subview().starts_with(graph_namespace) && s->subview().ends_with(name);
}

} // namespace gcm::wire
