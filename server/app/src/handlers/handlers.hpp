// The request handlers: short free functions (parse, call the engine, map the result), one
// per route of router.cpp's tables.
#pragma once

#include "../context.hpp"

namespace gcm::app::handlers {

// Graph API: calls and operations (calls.cpp)
Response get_call(Context& ctx);
Response list_operations(Context& ctx);
Response get_operation(Context& ctx);

// Graph API: participants (participants.cpp)
Response list_participants(Context& ctx);
Response get_participant(Context& ctx);
Response invite_participants(Context& ctx);
Response delete_participant(Context& ctx);
Response mute_participant(Context& ctx);
Response start_hold_music(Context& ctx);
Response stop_hold_music(Context& ctx);

// Control plane under /_mock (control.cpp)
Response health(Context& ctx);
Response reset(Context& ctx);
Response get_journal(Context& ctx);
Response clear_journal(Context& ctx);
Response export_calls(Context& ctx);
Response export_call(Context& ctx);
Response put_fixtures(Context& ctx);

} // namespace gcm::app::handlers
