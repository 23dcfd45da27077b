-- wrk script for the twin PATCH and change-feed benchmarks: conditional PATCHes (If-Match with
-- the etag of that twin's previous answer), each wrk thread cycling through its own devices so that
-- no two writers race for a twin. BENCH_STATES names a file of "deviceId etag version" lines (the
-- twins' current state); thread k of n takes the lines k, k+n, k+2n, ... A twin goes back into its
-- thread's queue when its answer arrives, with the etag and version from that answer.
--
-- Optional: BENCH_RATE paces the writes (per second, over all threads; without it, as fast as the
-- answers come); BENCH_SEND_LOG makes thread k append "deviceId version sentMicros" for every
-- write to BENCH_SEND_LOG.k, the version being the one the write creates and the time
-- CLOCK_MONOTONIC (the clock of Node's process.hrtime), so the bench can time each change event.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local timespec = ffi.new("bench_timespec")
local function monotonicMicros()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local auth = os.getenv("BENCH_AUTH") or ""
local statesFile = os.getenv("BENCH_STATES")
local threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local sendLogPrefix = os.getenv("BENCH_SEND_LOG")

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local queue, head, tail = {}, 1, 0
local counter = 0

local sendLog = nil

local function push(id, etag, version)
  tail = tail + 1
  queue[tail] = { id, etag, version }
end

function init(args)
  local n = 0
  for line in io.lines(statesFile) do
    local id, etag, version = line:match("^(%S+) (%S+) (%d+)$")
    if id and n % threadCount == index then push(id, etag, tonumber(version)) end
    n = n + 1
  end
  if tail == 0 then error("no twins for thread " .. tostring(index)) end
  if sendLogPrefix then sendLog = assert(io.open(sendLogPrefix .. "." .. tostring(index), "w")) end
end

-- Pacing: each thread owns rate/threads of the writes; every request takes the next slot of its
-- thread's schedule and waits for it (no wait once the schedule has fallen behind).
local intervalMicros = rate > 0 and (1000000 * threadCount / rate) or 0
local firstSlot, slots = nil, 0
if rate > 0 then
  function delay()
    local now = monotonicMicros()
    firstSlot = firstSlot or now
    local slot = firstSlot + slots * intervalMicros
    slots = slots + 1
    return slot > now and math.floor((slot - now) / 1000) or 0
  end
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
  if sendLog then
    sendLog:write(item[1], " ", tostring(item[3] + 1), " ", tostring(monotonicMicros()), "\n")
    sendLog:flush() -- wrk has no per-thread end hook: every line must be out when the run stops
  end
  return wrk.format("PATCH", "/api/twins/" .. escapeId(item[1]), headers, string.format('{"tags":{"bench":%d}}', counter))
end

function response(status, headers, body)
  local id = body:match('"deviceId":"([^"]+)"')
  local etag = body:match('"etag":"([^"]+)"')
  local version = body:match('"version":(%d+)')
  -- A refused write drops its twin from the queue (nobody else writes these twins, so it should not
  -- happen); wrk counts the status as an error either way.
  if status == 200 and id and etag and version then push(id, etag, tonumber(version)) end
end

-- This script's folder: wrk loads it with luaL_loadfile, so the chunk's source is "@<path>".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "wrk-summary.lua")
