--[[
  Appends one event to the gate stream in the same atomic step as the change.
  The gate-wide `seq` lets live clients notice a gap and resync.
  Not trimmed here: the persistence consumer trims what it has stored, so an
  event is never dropped before it reaches PostgreSQL.
]]
local function emit(eventType, tripId, laneId, reasonJson, detailJson)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  local json = '{"seq":' .. seq
    .. ',"gate":' .. cjson.encode(GATE)
    .. ',"type":"' .. eventType .. '"'
    .. ',"at":' .. string.format('%.0f', NOW)
    .. ',"actor":' .. cjson.encode(ACTOR)
    .. ',"commandId":' .. jsonStringOrNull(CMD)
    .. ',"trip":' .. ((tripId and tripId ~= '') and tripJson(tripId) or 'null')
    .. ',"lane":' .. ((laneId and laneId ~= '') and laneJson(laneId) or 'null')
    .. ',"reason":' .. (reasonJson or 'null')
    .. ',"detail":' .. (detailJson or '{}')
    .. '}'
  redis.call('XADD', EVENTS, '*', 'seq', seq, 'type', eventType, 'json', json)
  EVENT_COUNT = EVENT_COUNT + 1
end

-- The command's answer, remembered under its command id for a day.
local function succeed(tripId)
  local result = '{"ok":true,"events":' .. EVENT_COUNT .. ',"trip":'
    .. ((tripId and tripId ~= '') and tripJson(tripId) or 'null') .. '}'
  if CMD ~= '' then
    redis.call('SET', K .. 'cmd:' .. CMD, result, 'EX', 86400)
  end
  return result
end
