// Reading a control-plane request's query: its parameters, percent-decoded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gcm::app::handlers {

// The name=value pairs, in order, percent-decoded ('+' is a space, as forms write it). Lenient,
// as a test's shell is: a '{' or '*' sent as is stays itself, and so does a '%' that starts no
// escape.
std::vector<std::pair<std::string, std::string>> query_params(std::string_view query);

// ?since=N (0 when absent or not a number, as the journal has always read it).
std::uint64_t since_of(std::string_view query);

} // namespace gcm::app::handlers
