// A fault rule from its JSON form (POST /_mock/faults): every member checked, and a refusal that
// names the member at fault, so a rule never silently means something else.
#pragma once

#include "faults.hpp"

#include <boost/json/value.hpp>
#include <variant>

namespace gcm::app {

std::variant<FaultRule, std::string> fault_rule_from_json(const boost::json::value& body);

} // namespace gcm::app
