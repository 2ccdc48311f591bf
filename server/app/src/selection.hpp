// $select on a Graph GET's answer (see gcm/wire/select.hpp): applied once the handler answered,
// so no handler needs to know of it.
#pragma once

#include "context.hpp"

namespace gcm::app {

// The response with only the selected properties, or 400 naming an unknown one; unchanged
// when the request selects nothing or the answer is no 200 JSON entity or collection.
Response selected(const Context& ctx, Response response);

} // namespace gcm::app
