// ObjectReader: typed access to untrusted JSON objects with path-naming errors.
#include "reader.hpp"

#include "gcm/wire/requests.hpp"

#include <boost/json/serialize.hpp>
#include <boost/throw_exception.hpp>
#include <limits>
#include <stdexcept>

namespace json = boost::json;

namespace gcm::wire {

std::string DecodeError::describe() const {
    return path.empty() ? message : path + ": " + message;
}

void throw_exception_from_error(const DecodeError& e, const boost::source_location& loc) {
    boost::throw_exception(std::invalid_argument(e.describe()), loc);
}

std::string member_path(const std::string& path, std::string_view key) {
    std::string out = path;
    if (!out.empty())
        out += '.';
    out += key;
    return out;
}

std::string element_path(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

DecodeError error_at(std::string path, std::string message) {
    return DecodeError{std::move(path), std::move(message)};
}

Decoded<const json::object*> as_object(const json::value& v, const std::string& path) {
    if (const auto* o = v.if_object())
        return o;
    return error_at(path, "expected an object");
}

const json::value* ObjectReader::get(std::string_view key) {
    used_.emplace(key);
    return object_.if_contains(key);
}

Decoded<std::string> ObjectReader::required_string(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return error_at(path_of(key), "is required");
    if (!v->is_string())
        return error_at(path_of(key), "expected a string");
    return std::string(v->get_string());
}

Decoded<std::optional<std::string>> ObjectReader::optional_string(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<std::string>{};
    if (!v->is_string())
        return error_at(path_of(key), "expected a string");
    return std::optional<std::string>{std::string(v->get_string())};
}

Decoded<std::optional<bool>> ObjectReader::optional_bool(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<bool>{};
    if (!v->is_bool())
        return error_at(path_of(key), "expected a boolean");
    return std::optional<bool>{v->get_bool()};
}

Decoded<std::optional<std::int64_t>> ObjectReader::optional_int(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return std::optional<std::int64_t>{};
    if (v->is_int64())
        return std::optional<std::int64_t>{v->get_int64()};
    if (v->is_uint64() &&
        v->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return std::optional<std::int64_t>{std::int64_t(v->get_uint64())};
    return error_at(path_of(key), "expected an integer");
}

Decoded<const json::array*> ObjectReader::optional_array(std::string_view key) {
    const auto* v = get(key);
    if (!v || v->is_null())
        return static_cast<const json::array*>(nullptr);
    if (!v->is_array())
        return error_at(path_of(key), "expected an array");
    return &v->get_array();
}

Decoded<std::optional<std::vector<std::string>>>
ObjectReader::optional_strings(std::string_view key, std::string_view what) {
    GCM_TRY(array, optional_array(key));
    if (!array)
        return std::optional<std::vector<std::string>>{};
    std::vector<std::string> out;
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* s = (*array)[i].if_string();
        if (!s)
            return error_at(element_path(path_of(key), i), "expected " + std::string(what));
        out.emplace_back(*s);
    }
    return std::optional{std::move(out)};
}

std::string ObjectReader::rest_as_text() const {
    json::object rest;
    // A null says nothing the encoders do not say: they write every property they know, null
    // where unset. Dropping them keeps a load of an export equal to what was exported.
    for (const auto& [key, value] : object_)
        if (!used_.contains(key) && !key.starts_with("@odata.") && !value.is_null())
            rest[key] = value;
    return rest.empty() ? std::string{} : json::serialize(rest);
}

Decoded<std::vector<state::Tone>> tone_array(ObjectReader& r, std::string_view key, bool required) {
    GCM_TRY(array, r.optional_array(key));
    std::vector<state::Tone> out;
    if (!array || array->empty()) {
        if (required)
            return error_at(r.path_of(key), array ? "must not be empty" : "is required");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto* name = (*array)[i].if_string();
        auto tone = name ? state::tone_from_string(*name) : std::nullopt;
        if (!tone)
            return error_at(element_path(r.path_of(key), i),
                            "must be a tone name (tone0-tone9, star, pound, a-d, flash)");
        out.push_back(*tone);
    }
    return out;
}

Decoded<std::optional<std::string>> read_client_context(ObjectReader& r) {
    auto context = r.optional_string("clientContext");
    if (!context)
        return context.error();
    if (*context && (*context)->size() > max_client_context)
        return error_at(r.path_of("clientContext"), "must have at most 256 characters (got " +
                                                        std::to_string((*context)->size()) + ")");
    return context;
}

} // namespace gcm::wire
