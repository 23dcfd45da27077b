-- wrk script for the twin PATCH benchmark: conditional PATCHes (If-Match with the etag of that
-- twin's previous answer), each wrk thread cycling through its own devices so that no two writers
-- race for a twin. BENCH_STATES names a file of "deviceId etag" lines (the twins' current etags);
-- thread k of n takes the lines k, k+n, k+2n, ... A twin goes back into its thread's queue when
-- its answer arrives, with the etag from that answer.
local auth = os.getenv("BENCH_AUTH") or ""
local statesFile = os.getenv("BENCH_STATES")
local threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local queue, head, tail = {}, 1, 0
local counter = 0

local function push(id, etag)
  tail = tail + 1
  queue[tail] = { id, etag }
end

function init(args)
  local n = 0
  for line in io.lines(statesFile) do
    local id, etag = line:match("^(%S+) (%S+)$")
    if id and n % threadCount == index then push(id, etag) end
    n = n + 1
  end
  if tail == 0 then error("no twins for thread " .. tostring(index)) end
end

local function escapeId(id)
  return (id:gsub("[^%w%-_.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  if head > tail then error("twin queue empty: more connections than twins per thread") end
  local item = queue[head]
  queue[head] = nil
  head = head + 1
  counter = counter + 1
  local headers = {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
    ["If-Match"] = '"' .. item[2] .. '"',
  }
  return wrk.format("PATCH", "/api/twins/" .. escapeId(item[1]), headers, string.format('{"tags":{"bench":%d}}', counter))
end

function response(status, headers, body)
  local id = body:match('"deviceId":"([^"]+)"')
  local etag = body:match('"etag":"([^"]+)"')
  -- A refused write drops its twin from the queue (nobody else writes these twins, so it should not
  -- happen); wrk counts the status as an error either way.
  if status == 200 and id and etag then push(id, etag) end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"mean":%.1f,"p50":%d,"p90":%d,"p95":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
end
