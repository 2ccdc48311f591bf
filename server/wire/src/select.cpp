// $select (see select.hpp).
#include "gcm/wire/select.hpp"

#include "gcm/state/ascii.hpp"
#include "gcm/wire/odata.hpp"
#include "properties.hpp"

#include <algorithm>
#include <boost/url/decode_view.hpp>
#include <boost/url/parse_query.hpp>

namespace json = boost::json;

namespace gcm::wire {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}

// The property of `tables` whose name is `name` (whatever its case, as Graph matches it).
std::optional<std::string_view> property_named(const TypeProperties& tables,
                                               std::string_view name) {
    for (auto table : {tables.own, tables.derived})
        for (const auto& p : table)
            if (state::iequals(p.name, name))
                return p.name;
    return std::nullopt;
}

std::optional<std::string> select_in(json::object& entity, const std::vector<std::string>& names) {
    const auto* type = entity.if_contains("@odata.type");
    std::string_view type_name = type && type->is_string() ? type->get_string().subview() : "";
    if (type_name.starts_with(graph_namespace))
        type_name.remove_prefix(graph_namespace.size());
    const auto tables = properties_of(type_name);
    std::vector<std::string_view> keep;
    for (const auto& name : names) {
        auto property = property_named(tables, name);
        if (!property)
            return "Could not find a property named '" + name + "' on type 'microsoft.graph." +
                   std::string(type_name) + "'.";
        keep.push_back(*property);
    }
    json::object selected(entity.storage());
    for (auto& [key, value] : entity)
        if (key.starts_with("@odata.") ||
            std::find(keep.begin(), keep.end(), std::string_view(key)) != keep.end())
            selected[key] = std::move(value);
    entity = std::move(selected);
    return std::nullopt;
}

} // namespace

std::optional<std::vector<std::string>> selected_names(std::string_view query) {
    if (query.find("select") == std::string_view::npos) // "$select" or "%24select"
        return std::nullopt;
    // Parsed from a string of its own: a view into the request buffer came back with values
    // running past the query's end (Boost.URL 1.81, seen under the server).
    const std::string text(query);
    auto params = boost::urls::parse_query(text);
    if (!params)
        return std::nullopt;
    for (const auto param : *params) {
        const auto key = *param.key; // percent-decoded: "%24select" is "$select"
        if (std::string(key.begin(), key.end()) != "$select" || !param.has_value)
            continue;
        const auto decoded = *param.value;
        const std::string value(decoded.begin(), decoded.end());
        std::vector<std::string> names;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            auto name = trimmed(rest.substr(0, comma));
            if (name == "*")
                return std::nullopt;
            if (!name.empty())
                names.emplace_back(name);
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        return names.empty() ? std::nullopt : std::optional(std::move(names));
    }
    return std::nullopt;
}

std::optional<std::string> apply_select(json::object& body, const std::vector<std::string>& names) {
    if (auto* value = body.if_contains("value"); value && value->is_array()) {
        for (auto& item : value->get_array())
            if (item.is_object())
                if (auto problem = select_in(item.get_object(), names))
                    return problem;
        return std::nullopt;
    }
    return select_in(body, names);
}

} // namespace gcm::wire
