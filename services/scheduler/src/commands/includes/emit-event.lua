--[[
  Appends one event to the gate stream in the same atomic step as the change.
  The gate-wide `seq` lets live clients notice a gap and resync.
  Not trimmed here: the persistence consumer trims what it has stored, so an
  event is never dropped before it reaches PostgreSQL.
]]
-- Every change to a trip is followed by an event carrying its post-state, so the
-- last JSON emitted for a trip is current: the command's answer reuses it.
local EMITTED_TRIP = {}

-- `knownLaneJson` (optional): the lane's post-state JSON when the caller has it.
-- `at` (optional, default NOW): when it happened, if earlier than this command (a start recorded late).
-- Gate, actor and command id are the same in every event of a command: encoded once, on the first.
local EVENT_WHO = nil
local function emit(eventType, tripId, laneId, reasonJson, detailJson, knownLaneJson, at)
  -- As a string once: a Lua number would be formatted again for XADD and for the JSON.
  local seq = string.format('%d', redis.call('HINCRBY', META, 'seq', '1'))
  local tj = 'null'
  if tripId and tripId ~= '' then
    tj = tripJson(tripId)
    EMITTED_TRIP[tripId] = tj
  end
  if not EVENT_WHO then
    EVENT_WHO = { ',"gate":' .. cjson.encode(GATE) .. ',"type":"', ',"actor":' .. cjson.encode(ACTOR)
      .. ',"commandId":' .. jsonStringOrNull(CMD) .. ',"trip":' }
  end
  local json = '{"seq":' .. seq
    .. EVENT_WHO[1] .. eventType .. '"'
    .. ',"at":' .. (at and string.format('%d', at) or NOW_S)
    .. EVENT_WHO[2] .. tj
    .. ',"lane":' .. (knownLaneJson or ((laneId and laneId ~= '') and laneJson(laneId) or 'null'))
    .. ',"reason":' .. (reasonJson or 'null')
    .. ',"detail":' .. (detailJson or '{}')
    .. '}'
  redis.call('XADD', EVENTS, '*', 'seq', seq, 'type', eventType, 'json', json)
  EVENT_COUNT = EVENT_COUNT + 1
end

-- The command's answer, remembered under its command id for a day.
-- `extraJson` (optional): more fields of the answer, as `,"name":value…`.
local function succeed(tripId, extraJson)
  local tj = 'null'
  if tripId and tripId ~= '' then tj = EMITTED_TRIP[tripId] or tripJson(tripId) end
  local result = '{"ok":true,"events":' .. string.format('%d', EVENT_COUNT) .. ',"trip":' .. tj .. (extraJson or '') .. '}'
  if CMD ~= '' then
    redis.call('SET', K .. 'cmd:' .. CMD_KEY, CMD_INPUT .. '|' .. result, 'EX', 86400)
  end
  return result
end
