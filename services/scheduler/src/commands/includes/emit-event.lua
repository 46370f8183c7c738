--[[
  Appends one event to the gate stream in the same atomic step as the change.
  The gate-wide `seq` lets live clients notice a gap and resync.
  Not trimmed here: the persistence consumer trims what it has stored, so an
  event is never dropped before it reaches PostgreSQL.
]]
-- Every change to a trip is followed by an event carrying its post-state, so the
-- last JSON emitted for a trip is current: the command's answer reuses it.
-- (EMITTED_TRIP, EVENT_WHO and EVENTS_AFTER_SEQ are declared in gate-context, reset by begin.)

-- `knownLaneJson` (optional): the lane's post-state JSON when the caller has it.
-- `at` (optional, default NOW): when it happened, if earlier than this command (a start recorded
-- late), as an integer string or number.
-- Gate, actor and command id are the same in every event of a command: encoded once, on the first.
-- The events are gathered and appended when the command's body is done (flushEvents): one seq
-- increment for all of them instead of one per event (a hot command emits three).
-- A command's event count as redis.call and the answer take it: Redis formats a Lua number
-- argument with '%.17g' (the C library's float printing, the dearest conversion in a cycle) and
-- copies a string. A command emits a handful of events.
local COUNT_S = { '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16' }
local function countString(n) return COUNT_S[n] or string.format('%d', n) end

-- The gate's and the actor's parts of an event, kept between commands of the library: a gate's
-- commands mostly come from a few actors in turn (a timer, a lane's operator), and each cjson call
-- is a C call and a buffer. One of each is kept, so nothing grows.
local GATE_PART_OF, GATE_PART, ACTOR_PART_OF, ACTOR_PART
local function gateJsonPart(gate)
  if gate ~= GATE_PART_OF then GATE_PART, GATE_PART_OF = ',"gate":' .. cjson.encode(gate) .. ',"type":"', gate end
  return GATE_PART
end
local function actorJsonPart(actor)
  if actor ~= ACTOR_PART_OF then ACTOR_PART, ACTOR_PART_OF = ',"actor":' .. cjson.encode(actor) .. ',"commandId":', actor end
  return ACTOR_PART
end

local function emit(eventType, tripId, laneId, reasonJson, detailJson, knownLaneJson, at)
  local tj = 'null'
  if tripId and tripId ~= '' then
    tj = tripJson(tripId)
    EMITTED_TRIP[tripId] = tj
  end
  if not EVENT_WHO then
    EVENT_WHO = { gateJsonPart(GATE), actorJsonPart(ACTOR) .. jsonStringOrNull(CMD) .. ',"trip":' }
  end
  EVENT_COUNT = EVENT_COUNT + 1
  -- The parts, joined once the seq is known: a long Lua string is interned by a hash of 32 of its
  -- characters, so similar event JSONs share chains and each one made costs a walk of them.
  EVENTS_AFTER_SEQ[EVENT_COUNT] = { eventType, at and (type(at) == 'string' and at or string.format('%d', at)) or NOW_S,
    tj, knownLaneJson or ((laneId and laneId ~= '') and laneJson(laneId) or 'null'), reasonJson or 'null', detailJson or '{}' }
end

--[[
  Appends the gathered events to the gate stream, seq numbers in emit order. Every answer of a
  command that may have emitted goes through `finish` (succeed does), so a state change never goes
  without its event. Consumers read only the `json` field (parseStreamEntry): the seq and type are
  inside it, so they are not written twice.
]]
local function flushEvents()
  if EVENT_COUNT == 0 then return end
  local last = redis.call('HINCRBY', META, 'seq', countString(EVENT_COUNT))
  for i = 1, EVENT_COUNT do
    local e = EVENTS_AFTER_SEQ[i]
    redis.call('XADD', EVENTS, '*', 'json', '{"seq":' .. string.format('%d', last - EVENT_COUNT + i)
      .. EVENT_WHO[1] .. e[1] .. '","at":' .. e[2] .. EVENT_WHO[2] .. e[3] .. ',"lane":' .. e[4]
      .. ',"reason":' .. e[5] .. ',"detail":' .. e[6] .. '}')
  end
end

-- A command's answer (any JSON) once its events are appended.
local function finish(resultJson)
  flushEvents()
  return resultJson
end

-- The command's answer, remembered under its command id for a day.
-- `extraJson` (optional): more fields of the answer, as `,"name":value…`.
local function succeed(tripId, extraJson)
  local tj = 'null'
  if tripId and tripId ~= '' then tj = EMITTED_TRIP[tripId] or tripJson(tripId) end
  flushEvents()
  local result = '{"ok":true,"events":' .. (EVENT_COUNT == 0 and '0' or countString(EVENT_COUNT)) .. ',"trip":' .. tj .. (extraJson or '') .. '}'
  if CMD ~= '' then
    redis.call('SET', K .. 'cmd:' .. CMD_KEY, CMD_INPUT .. '|' .. result, 'EX', 86400)
  end
  return result
end
