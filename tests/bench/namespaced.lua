-- GET participant or POST stopHoldMusic (BENCH_KIND=get|post) of the seed fixture, each wrk
-- thread in a namespace of its own (/_ns/w1, /_ns/w2, ...): the load of independent tests.
local kind = os.getenv("BENCH_KIND") or "get"
local member = "/v1.0/communications/calls/e141b67c-90fd-455d-858b-b48a40b9cc8d/participants/" ..
  "fa1e9582-7145-4ca3-bcd8-577f561fcb6e"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("ns", "/_ns/w" .. threads)
end

function init()
  local path = ns .. member
  if kind == "post" then
    request_text = wrk.format("POST", path .. "/stopHoldMusic",
      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench" },
      '{"clientContext": "d45324c1-fcb5-430a-902c-f20af696537c"}')
  else
    request_text = wrk.format("GET", path, { ["Authorization"] = "Bearer bench" })
  end
end

request = function()
  return request_text
end
