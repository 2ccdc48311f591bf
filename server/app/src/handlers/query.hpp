// Reading a control-plane request's query: percent-decoded parameters, and refusals naming the
// parameter at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gcm::app::handlers {

// The decoded name=value pairs, in order; nothing when the query is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>>
query_params(std::string_view query);

// ?since=N (0 when absent or not a number, as the journal has always read it).
std::uint64_t since_of(std::string_view query);

} // namespace gcm::app::handlers
