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
-- `at` (optional, default NOW): when it happened, if earlier than this command (a start recorded
-- late), as an integer string or number.
-- Gate, actor and command id are the same in every event of a command: encoded once, on the first.
-- The events are gathered and appended when the command's body is done (flushEvents): one seq
-- increment for all of them instead of one per event (a hot command emits three).
local EVENT_WHO = nil
local EVENTS_AFTER_SEQ = {}
local function emit(eventType, tripId, laneId, reasonJson, detailJson, knownLaneJson, at)
  local tj = 'null'
  if tripId and tripId ~= '' then
    tj = tripJson(tripId)
    EMITTED_TRIP[tripId] = tj
  end
  if not EVENT_WHO then
    EVENT_WHO = { ',"gate":' .. cjson.encode(GATE) .. ',"type":"', ',"actor":' .. cjson.encode(ACTOR)
      .. ',"commandId":' .. jsonStringOrNull(CMD) .. ',"trip":' }
  end
  EVENT_COUNT = EVENT_COUNT + 1
  EVENTS_AFTER_SEQ[EVENT_COUNT] = EVENT_WHO[1] .. eventType .. '"'
    .. ',"at":' .. (at and (type(at) == 'string' and at or string.format('%d', at)) or NOW_S)
    .. EVENT_WHO[2] .. tj
    .. ',"lane":' .. (knownLaneJson or ((laneId and laneId ~= '') and laneJson(laneId) or 'null'))
    .. ',"reason":' .. (reasonJson or 'null')
    .. ',"detail":' .. (detailJson or '{}')
    .. '}'
end

--[[
  Appends the gathered events to the gate stream, seq numbers in emit order. Run by the script
  loader after the command's body (`@after-body` below), on every way out of it, so a state change
  never goes without its event. Consumers read only the `json` field (parseStreamEntry): the seq
  and type are inside it, so they are not written twice.
]]
local function flushEvents()
  if EVENT_COUNT == 0 then return end
  local last = redis.call('HINCRBY', META, 'seq', EVENT_COUNT)
  for i = 1, EVENT_COUNT do
    redis.call('XADD', EVENTS, '*', 'json', '{"seq":' .. string.format('%d', last - EVENT_COUNT + i) .. EVENTS_AFTER_SEQ[i])
  end
end
--- @after-body flushEvents()

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
