-- GETs one participant of each call in turn (ids as make_fixture.mjs writes them), so that after
-- BENCH_CALLS requests every call has been touched (thawed into the engine's own state).
local calls = tonumber(os.getenv("BENCH_CALLS") or "1000")
local per_call = tonumber(os.getenv("BENCH_PARTICIPANTS") or "5")
local counter = -1

local function id(kind, n)
  return string.format("%08x-0000-4000-8000-%012x", kind, n)
end

request = function()
  counter = counter + 1
  local c = counter % calls
  return wrk.format("GET", "/v1.0/communications/calls/" .. id(1, c) .. "/participants/" ..
    id(2, c * per_call + 1), { ["Authorization"] = "Bearer bench" })
end
