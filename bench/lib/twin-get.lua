-- wrk script for the twin GET benchmark: GET /api/twins/{prefix}-{n} for a random n in 1..devices,
-- with the Authorization header, and one machine-readable summary line at the end.
local devices = tonumber(os.getenv("BENCH_DEVICES") or "1000")
local prefix = os.getenv("BENCH_PREFIX") or "bulk"
local auth = os.getenv("BENCH_AUTH") or ""
if auth ~= "" then wrk.headers["Authorization"] = auth end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  return wrk.format("GET", string.format("/api/twins/%s-%07d", prefix, math.random(1, devices)))
end

-- This script's folder: wrk loads it with luaL_loadfile, so the chunk's source is "@<path>".
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "wrk-summary.lua")
