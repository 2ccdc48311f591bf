// Structural comparison of JSON for tests: every member the documented example shows must be
// present with the same value; "<uuid>" in the example stands for any fresh id. Extra members
// in the actual value are allowed (docs shorten their examples).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace gcm::test {

// Empty when `actual` has the shape of `expected`, else the path and the difference.
std::string shape_mismatch(const boost::json::value& actual, const boost::json::value& expected,
                           const std::string& path = "$");

// "" when `actual` has every key `example` has, at every level (values are not compared: the
// example's ids and times are another call's); else the path of the first missing key. Arrays
// are compared by their first elements.
std::string keys_missing(const boost::json::value& actual, const boost::json::value& example,
                         const std::string& path = "$");

} // namespace gcm::test
