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
local function emit(eventType, tripId, laneId, reasonJson, detailJson, knownLaneJson, at)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  local tj = 'null'
  if tripId and tripId ~= '' then
    tj = tripJson(tripId)
    EMITTED_TRIP[tripId] = tj
  end
  local json = '{"seq":' .. seq
    .. ',"gate":' .. cjson.encode(GATE)
    .. ',"type":"' .. eventType .. '"'
    .. ',"at":' .. string.format('%.0f', at or NOW)
    .. ',"actor":' .. cjson.encode(ACTOR)
    .. ',"commandId":' .. jsonStringOrNull(CMD)
    .. ',"trip":' .. tj
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
  local result = '{"ok":true,"events":' .. EVENT_COUNT .. ',"trip":' .. tj .. (extraJson or '') .. '}'
  if CMD ~= '' then
    redis.call('SET', K .. 'cmd:' .. CMD_KEY, CMD_INPUT .. '|' .. result, 'EX', 86400)
  end
  return result
end
