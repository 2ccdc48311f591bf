-- The mixed bot flow for wrk: across CALLS calls (ids as make_fixture.mjs writes them), invite a
-- participant, read the invite operation's call, start and stop hold music, mute, and remove the
-- invitee again (cancelling the invitation). Every request is a valid one.
local calls = tonumber(os.getenv("BENCH_CALLS") or "1000")
local per_call = tonumber(os.getenv("BENCH_PARTICIPANTS") or "5")
local counter = 0

local function id(kind, n)
  return string.format("%08x-0000-4000-8000-%012x", kind, n)
end

request = function()
  counter = counter + 1
  local cycle = math.floor(counter / 7)
  local step = counter % 7
  local c = cycle % calls
  local base = "/v1.0/communications/calls/" .. id(1, c)
  local member = id(2, c * per_call + 1)
  local invitee = string.format("bench-%d", cycle)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench" }
  if step == 0 then
    return wrk.format("POST", base .. "/participants/invite", headers,
      '{"participants": [{"identity": {"user": {"id": "' .. invitee .. '"}}, "participantId": "' ..
      invitee .. '"}], "clientContext": "bench"}')
  elseif step == 1 then
    return wrk.format("GET", base, headers)
  elseif step == 2 then
    return wrk.format("POST", base .. "/participants/" .. member .. "/startHoldMusic", headers, "{}")
  elseif step == 3 then
    return wrk.format("POST", base .. "/participants/" .. member .. "/stopHoldMusic", headers, "{}")
  elseif step == 4 then
    return wrk.format("POST", base .. "/participants/" .. member .. "/mute", headers, "{}")
  elseif step == 5 then
    return wrk.format("GET", base .. "/participants", headers)
  else
    return wrk.format("DELETE", base .. "/participants/" .. invitee, headers)
  end
end
