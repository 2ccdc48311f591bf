// OData $select on what a GET answers: the entity (or each entity of a collection's "value")
// keeps only the properties named, beside its annotations (@odata.*). Names are checked against
// the type's property table, so a misspelt one fails as Graph fails it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gcm::wire {

// The names $select lists in a query string (percent-decoded, trimmed); nothing when the query
// has no $select or selects everything ("*").
std::optional<std::vector<std::string>> selected_names(std::string_view query);

// Keeps only `names` in `body` (an entity, or a collection: {"value": [...]}); the message of a
// 400 when a name is not a property of the entity's type.
std::optional<std::string> apply_select(boost::json::object& body,
                                        const std::vector<std::string>& names);

} // namespace gcm::wire
