-- wrk script for the Airlock bench: POSTs one fixed JSON body and prints a JSON summary line.
-- Environment (wrk passes script arguments only after init, so settings come from the environment):
--   BENCH_BODY_FILE  file holding the request body
--   BENCH_AUTH       value of the Authorization header (optional)
--   BENCH_RATE       requests per second for this wrk thread; when set, requests are paced on a
--                    fixed schedule (open loop) instead of being sent back to back.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local function read_file(name)
  local f = assert(io.open(name, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

wrk.method = "POST"
wrk.body = read_file(assert(os.getenv("BENCH_BODY_FILE"), "BENCH_BODY_FILE is not set"))
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["User-Agent"] = "airlock-bench/1 (wrk)"
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
if rate and rate > 0 then
  -- Every call claims the next slot of a fixed schedule shared by this thread's connections, so the
  -- send times do not depend on how fast responses come back. wrk takes whole milliseconds here;
  -- the rounding jitters each send by up to 0.5 ms but the average rate stays exact, and latency
  -- is measured from the actual send.
  local interval = 1000 / rate
  local next_at = nil
  function delay()
    local now = now_ms()
    if next_at == nil then next_at = now end
    next_at = next_at + interval
    local wait = next_at - now
    if wait <= 0 then return 0 end
    return math.floor(wait + 0.5)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
