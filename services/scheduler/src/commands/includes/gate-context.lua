--[[
  Shared prologue of every gate command.

  Every command script is called with the same two keys and five leading
  arguments, then its own arguments from ARGV[6] on:
    KEYS[1]  <prefix>{g:<gate>}:meta    gate hash: gate code, seq, policy fields
    KEYS[2]  <prefix>{g:<gate>}:events  the gate's event stream
    ARGV[1]  key base "<prefix>{g:<gate>}:" — every other key is derived from it.
             All derived keys share the hash tag, so they live in one Cluster slot.
    ARGV[2]  now (ms epoch) — the caller's clock, so a simulation can drive time
    ARGV[3]  actor ("user:<id>", "system:timer", ...)
    ARGV[4]  command id ('' = none); a repeated id returns the first result
    ARGV[5]  gate code
]]
local K = ARGV[1]
local NOW = tonumber(ARGV[2])
local ACTOR = ARGV[3]
local CMD = ARGV[4]
local GATE = ARGV[5]
local META = KEYS[1]
local EVENTS = KEYS[2]
local EVENT_COUNT = 0

local function laneKey(laneId) return K .. 'lane:' .. laneId end
local function tripKey(tripId) return K .. 'trip:' .. tripId end
local function queueKey(direction, stage, class) return K .. 'q:' .. direction .. ':' .. stage .. ':' .. class end
local function pointerKey(direction, stage) return K .. 'ptr:' .. direction .. ':' .. stage end
local IDLE = K .. 'idle'          -- zset laneId -> flexibility: open lanes with nobody assigned
local LANES = K .. 'lanes'        -- zset laneId -> flexibility: every lane
local LIVE = K .. 'live'          -- set of trip ids the scheduler owns
local DEADLINES = K .. 'deadlines'-- zset tripId -> call-up deadline
local HELD = K .. 'held'          -- zset tripId -> since
local function exitKey(direction) return K .. 'exitq:' .. direction end
local SERVICE = K .. 'svc'        -- hash "<stage>:mean|var|n" moving averages of service time

--[[
  Lane time between a call-up and the truck reaching the lane, or the call lapsing (a no-show
  holds the lane until its deadline): moving average (alpha 0.2) in SERVICE "drive:mean".
  The ETA counts it, since a lane is held from the call-up, not only while inspecting.
]]
local function recordDrive(calledAt)
  local ms = NOW - (tonumber(calledAt) or NOW)
  local d = tonumber(redis.call('HGET', SERVICE, 'drive:mean'))
  redis.call('HSET', SERVICE, 'drive:mean', d and (d + 0.2 * (ms - d)) or ms)
end

-- A repeated command id answers with the first result and changes nothing.
if CMD ~= '' then
  local previous = redis.call('GET', K .. 'cmd:' .. CMD)
  if previous then
    return string.sub(previous, 1, -2) .. ',"replayed":true}'
  end
end

local function split(csv)
  local out = {}
  if csv == nil or csv == false or csv == '' then return out end
  for part in string.gmatch(csv, '[^,]+') do out[#out + 1] = part end
  return out
end

local function fail(code, message)
  return cjson.encode({ ok = false, code = code, message = message })
end

local function jsonNumberOrNull(value)
  if value == nil or value == false or value == '' then return 'null' end
  return string.format('%.0f', tonumber(value))
end

local function jsonStringOrNull(value)
  if value == nil or value == false or value == '' then return 'null' end
  return cjson.encode(value)
end
