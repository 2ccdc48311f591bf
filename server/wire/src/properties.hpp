// Every property each Graph type shows, and what it shows while unset, in one table per type:
// the encoders write what they know, then complete() adds the rest, so a response lists every
// property of its type as the reference pages' responses do. A new property is one line here.
// The tables also tell $select which names a type has. Private to the wire library.
#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string_view>

namespace gcm::wire {

struct Property {
    enum class Unset { null, empty_array, false_value, none_text };
    std::string_view name;
    Unset unset = Unset::null;
};

std::span<const Property> call_properties();
std::span<const Property> participant_properties();
std::span<const Property> participant_info_properties();
std::span<const Property> invitation_properties();
// commsOperation's own, then the derived type's ("playPromptOperation", ...).
std::span<const Property> operation_base_properties();
std::span<const Property> operation_properties(std::string_view type_name);

// The properties of the type `name` ("call", "participant", "playPromptOperation", ...): its
// own and, for an operation, commsOperation's; empty for a type without a table.
struct TypeProperties {
    std::span<const Property> own;
    std::span<const Property> derived;
};
TypeProperties properties_of(std::string_view type_name);

// Whether `value` is what complete() writes for `name` while unset (null, [], false, "none").
bool shows_unset(std::span<const Property> properties, std::string_view name,
                 const boost::json::value& value);

// Removes the members of `o` that show what complete() adds for `properties` (the inverse).
void strip_unset(boost::json::object& o, std::span<const Property> properties);

// Adds the properties `o` lacks, with what they show while unset.
void complete(boost::json::object& o, std::span<const Property> properties);

} // namespace gcm::wire
