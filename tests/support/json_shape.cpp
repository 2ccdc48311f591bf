// Structural JSON comparison (see json_shape.hpp).
#include "json_shape.hpp"

#include "test_server.hpp"

#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace gcm::test {

std::string shape_mismatch(const json::value& actual, const json::value& expected,
                           const std::string& path) {
    if (expected.is_string() && expected.get_string() == "<uuid>") {
        if (actual.is_string() && is_uuid(actual.get_string()))
            return {};
        return path + ": expected a UUID, got " + json::serialize(actual);
    }
    if (expected.is_object()) {
        if (!actual.is_object())
            return path + ": expected an object, got " + json::serialize(actual);
        for (const auto& [key, value] : expected.get_object()) {
            const auto* got = actual.get_object().if_contains(key);
            if (!got)
                return path + "." + std::string(key) + ": missing";
            if (auto m = shape_mismatch(*got, value, path + "." + std::string(key)); !m.empty())
                return m;
        }
        return {};
    }
    if (expected.is_array()) {
        if (!actual.is_array() || actual.get_array().size() != expected.get_array().size())
            return path + ": expected " + json::serialize(expected) + ", got " +
                   json::serialize(actual);
        for (std::size_t i = 0; i < expected.get_array().size(); ++i)
            if (auto m = shape_mismatch(actual.get_array()[i], expected.get_array()[i],
                                        path + "[" + std::to_string(i) + "]");
                !m.empty())
                return m;
        return {};
    }
    if (actual != expected)
        return path + ": expected " + json::serialize(expected) + ", got " +
               json::serialize(actual);
    return {};
}

std::string keys_missing(const json::value& actual, const json::value& example,
                         const std::string& path) {
    if (example.is_object() && actual.is_object()) {
        for (const auto& [key, value] : example.get_object()) {
            const auto* got = actual.get_object().if_contains(key);
            if (!got)
                return path + "." + std::string(key) + ": missing";
            if (auto m = keys_missing(*got, value, path + "." + std::string(key)); !m.empty())
                return m;
        }
        return {};
    }
    if (example.is_array() && actual.is_array() && !example.get_array().empty()) {
        if (actual.get_array().empty())
            return path + ": expected elements like " + json::serialize(example.get_array()[0]);
        return keys_missing(actual.get_array()[0], example.get_array()[0], path + "[0]");
    }
    if (example.is_object() && !example.get_object().empty() && !actual.is_object())
        return path + ": expected an object, got " + json::serialize(actual);
    return {};
}

} // namespace gcm::test
