// The OData names and Graph constants every part of the wire library shares, at its bottom:
// the "#microsoft.graph." namespace of @odata.type, and Graph's documented limits.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace gcm::wire {

inline constexpr std::string_view graph_namespace = "#microsoft.graph.";

// "#microsoft.graph." + name
std::string odata_type(std::string_view name);
// Whether `v` is the string "#microsoft.graph." + name.
bool is_odata_type(const boost::json::value& v, std::string_view name);

// clientContext: at most this many characters (the actions' pages).
inline constexpr std::size_t max_client_context = 256;

} // namespace gcm::wire
