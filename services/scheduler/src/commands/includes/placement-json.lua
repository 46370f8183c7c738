--[[
  JSON of a trip's and a lane's post-state, written into every event so that
  consumers project state from events alone. Built by hand because Redis'
  cjson cannot tell an empty array from an empty object.

  A trip's placement fields are read once per script (tripFields) and kept current by
  every write through tripSet, so each event's post-state comes from memory: a hot
  command emits 2–3 events about its trips, and re-reading the 12-field hash and
  re-parsing its numbers per event was most of what building an event cost.
  Every write to a trip hash's placement fields must go through tripSet/tripCreate.
]]
-- TRIPS (declared in gate-context, emptied by begin for each command): tripId -> the trip's fields.

-- Every key in one constructor, so Lua sizes the table once instead of growing it key by key
-- (table rehashes were ~7 % of a cycle's instructions under callgrind).
local function tripEntry(v)
  return { state = v[1], stages = v[2], stageIndex = v[3], class = v[4], direction = v[5], score = v[6],
    lane = v[7], noShows = v[8], deadline = v[9], plate = v[10], hold = v[11], queuedAt = v[12],
    classSource = v[13], _stages = false, _route = false, _id = false, _plate = false }
end

local function tripFields(tripId)
  local c = TRIPS[tripId]
  if c then return c end
  c = tripEntry(redis.call('HMGET', tripKey(tripId), 'state', 'stages', 'stageIndex', 'class', 'direction',
    'score', 'lane', 'noShows', 'deadline', 'plate', 'hold', 'queuedAt', 'classSource'))
  TRIPS[tripId] = c
  return c
end

-- The fields into the cache only. Values are strings, as Redis stores them and as the JSON and the
-- comparisons (hold == '1') read them: callers format their numbers (a check of each value's type
-- here was a C call per field on every write). For a state the same command overwrites in Redis
-- before it ends (a start recorded with its completion): its event shows it, the hash is written once.
local function tripNote(tripId, ...)
  local c = TRIPS[tripId]
  if not c then return end
  local n = select('#', ...)
  local args = { ... }
  for i = 1, n, 2 do
    local f, v = args[i], args[i + 1]
    c[f] = v
    if f == 'stages' then c._stages = false end
    if f == 'plate' then c._plate = false end
  end
end

-- HSET on the trip, the same fields into the cache. Returns HSET's count of fields new to the hash.
local function tripSet(tripId, ...)
  local added = redis.call('HSET', tripKey(tripId), ...)
  tripNote(tripId, ...)
  return added
end

-- A new trip (check-in): every field written, and the cache built from the same values in one
-- constructor, without a read (through tripSet, the loop over 14 fields was 2 % of a lane cycle).
-- Returns true when the hash already held one of the fields: a trip of the same id before.
local function tripCreate(tripId, plate, direction, class, stagesCsv, score, appointment, classSource)
  TRIPS[tripId] = tripEntry({ 'queued', stagesCsv, '0', class, direction, score, '', '0', '', plate, '0', NOW_S, classSource })
  return redis.call('HSET', tripKey(tripId), 'state', 'queued', 'plate', plate, 'direction', direction, 'class', class,
    'stages', stagesCsv, 'stageIndex', '0', 'noShows', '0', 'hold', '0', 'lane', '', 'deadline', '',
    'score', score, 'queuedAt', NOW_S, 'appointment', appointment, 'classSource', classSource) < 14
end

-- A route's JSON array and its stages as JSON strings, kept between commands like split's parts
-- (few routes; bounded the same way). Read-only: shared by every trip on the route.
local ROUTE_JSON, ROUTE_JSON_SIZE = {}, 0
local function routeJsonOf(csv, stages)
  local route = ROUTE_JSON[csv]
  if route then return route end
  local quoted = {}
  for i, s in ipairs(stages) do quoted[i] = '"' .. s .. '"' end
  route = { json = '[' .. table.concat(quoted, ',') .. ']', quoted = quoted }
  if ROUTE_JSON_SIZE >= 256 then ROUTE_JSON, ROUTE_JSON_SIZE = {}, 0 end
  ROUTE_JSON[csv], ROUTE_JSON_SIZE = route, ROUTE_JSON_SIZE + 1
  return route
end

-- Numbers the scripts store are integer strings already: written as they are, parsed only otherwise.
local function jsonNumber(value)
  if value == nil or value == false or value == '' then return 'null' end
  -- This command's time (checked by begin) is most of them: compared, it costs no pattern match.
  if value == NOW_S or string.find(value, '^%-?%d+$') then return value end
  return string.format('%.0f', tonumber(value))
end

-- A count (stageIndex, noShows): 0 when absent.
local function jsonCount(value)
  if value == '0' or (value and string.find(value, '^%d+$')) then return value end
  return string.format('%d', tonumber(value) or 0)
end

-- '0'..'15' and their numbers: a trip's stage index and no-show count are almost always one of them,
-- and a look-up here costs a fraction of tonumber's strtod or jsonCount's pattern match.
-- (A literal: a library's load may not call the string library.)
local SMALL_COUNTS = { ['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
  ['8'] = 8, ['9'] = 9, ['10'] = 10, ['11'] = 11, ['12'] = 12, ['13'] = 13, ['14'] = 14, ['15'] = 15 }

-- Lane ids as JSON strings, kept between commands (a gate has a few dozen lanes; bounded like split's).
local LANE_ID_JSON, LANE_ID_JSON_SIZE = {}, 0
local function laneIdJson(laneId)
  local json = LANE_ID_JSON[laneId]
  if json then return json end
  json = cjson.encode(laneId)
  if LANE_ID_JSON_SIZE >= 256 then LANE_ID_JSON, LANE_ID_JSON_SIZE = {}, 0 end
  LANE_ID_JSON[laneId], LANE_ID_JSON_SIZE = json, LANE_ID_JSON_SIZE + 1
  return json
end

local function tripJson(tripId)
  local t = tripFields(tripId)
  if not t.state then return 'null' end
  -- The parts that rarely change (id, stage list, plate), encoded once per script.
  if not t._stages then
    t._stages = split(t.stages)
    t._route = routeJsonOf(t.stages or '', t._stages)
  end
  if not t._id then t._id = cjson.encode(tripId) end
  if not t._plate then t._plate = cjson.encode(t.plate or '') end
  -- Each value as jsonCount/jsonNumber/jsonStringOrNull give it, their usual cases without a call.
  local stageIndex, noShows, score, deadline, queuedAt, lane = t.stageIndex, t.noShows, t.score or '0', t.deadline, t.queuedAt, t.lane
  local index = SMALL_COUNTS[stageIndex]
  if not index then
    index = tonumber(stageIndex) or 0
    stageIndex = jsonCount(stageIndex)
  end
  if not SMALL_COUNTS[noShows] then noShows = jsonCount(noShows) end
  if score ~= NOW_S then score = jsonNumber(score) end
  if deadline ~= NOW_S then deadline = jsonNumber(deadline) end
  if queuedAt ~= NOW_S then queuedAt = jsonNumber(queuedAt) end
  lane = (lane and lane ~= '') and laneIdJson(lane) or 'null'
  return '{"id":' .. t._id
    .. ',"state":"' .. t.state .. '"'
    .. ',"stages":' .. t._route.json
    .. ',"stageIndex":' .. stageIndex
    .. ',"stage":' .. (t._route.quoted[index + 1] or 'null')
    .. ',"priorityClass":"' .. t.class .. '"'
    .. ',"direction":"' .. t.direction .. '"'
    .. ',"score":' .. score
    .. ',"laneId":' .. lane
    .. ',"noShows":' .. noShows
    .. ',"deadline":' .. deadline
    .. ',"plate":' .. t._plate
    .. ',"hold":' .. ((t.hold == '1') and 'true' or 'false')
    .. ',"queuedAt":' .. queuedAt
    .. '}'
end

-- From values the caller already holds (saves a read on the hot paths).
local function laneJsonOf(laneId, status, occupancy, tripId)
  return '{"id":' .. laneIdJson(laneId)
    .. ',"status":"' .. status .. '"'
    .. ',"occupancy":"' .. occupancy .. '"'
    .. ',"tripId":' .. jsonStringOrNull(tripId)
    .. '}'
end

local function laneJson(laneId)
  local l = redis.call('HMGET', laneKey(laneId), 'status', 'occupancy', 'trip')
  if not l[1] then return 'null' end
  return laneJsonOf(laneId, l[1], l[2], l[3])
end
