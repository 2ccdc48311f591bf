// What every decoder shares, at the bottom of the wire library: the result of a decoder
// (Decoded<T>, or the DecodeError naming the JSON path at fault), how paths are joined, how deep
// stored JSON may nest, and whether an id may be left to the engine.
#pragma once

#include <boost/json/parse_options.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace gcm::wire {

// How deep the JSON the mock keeps may nest. A request body may nest 32 levels (Boost.JSON's
// default, which requests keep); a fixture holds a call two levels below its root and a
// --data-dir file one more, so what the mock stored is read back with room to spare: every
// export loads again, and a call frozen from a fixture thaws.
inline constexpr std::size_t stored_json_depth = 64;
inline boost::json::parse_options stored_json_options() {
    boost::json::parse_options options;
    options.max_depth = stored_json_depth;
    return options;
}

struct DecodeError {
    // Not an aggregate: result<std::string, DecodeError> must not read a string as an error.
    DecodeError() = default;
    DecodeError(std::string p, std::string m) : path(std::move(p)), message(std::move(m)) {}
    std::string path;
    std::string message;
    std::string describe() const; // "path: message"
};

[[noreturn]] void throw_exception_from_error(const DecodeError& e,
                                             const boost::source_location& loc);

template <class T> using Decoded = boost::system::result<T, DecodeError>;

// Joins a path and a member name: ("$.calls[0]", "id") -> "$.calls[0].id", ("", "id") -> "id".
std::string member_path(const std::string& path, std::string_view key);
std::string element_path(const std::string& path, std::size_t index);

// Fixtures name every call and participant; the control plane may leave the id to the engine.
enum class IdRule { required, optional };

} // namespace gcm::wire
