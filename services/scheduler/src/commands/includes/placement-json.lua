--[[
  JSON of a trip's and a lane's post-state, written into every event so that
  consumers project state from events alone. Built by hand because Redis'
  cjson cannot tell an empty array from an empty object.
]]
local function stagesJson(stages)
  local quoted = {}
  for i, s in ipairs(stages) do quoted[i] = '"' .. s .. '"' end
  return '[' .. table.concat(quoted, ',') .. ']'
end

local function tripJson(tripId)
  local t = redis.call('HMGET', tripKey(tripId), 'state', 'stages', 'stageIndex', 'class', 'direction',
    'score', 'lane', 'noShows', 'deadline', 'plate', 'hold', 'queuedAt')
  if not t[1] then return 'null' end
  local stages = split(t[2])
  local index = tonumber(t[3]) or 0
  local stage = stages[index + 1]
  return '{"id":' .. cjson.encode(tripId)
    .. ',"state":"' .. t[1] .. '"'
    .. ',"stages":' .. stagesJson(stages)
    .. ',"stageIndex":' .. index
    .. ',"stage":' .. jsonStringOrNull(stage)
    .. ',"priorityClass":"' .. t[4] .. '"'
    .. ',"direction":"' .. t[5] .. '"'
    .. ',"score":' .. jsonNumberOrNull(t[6] or '0')
    .. ',"laneId":' .. jsonStringOrNull(t[7])
    .. ',"noShows":' .. (tonumber(t[8]) or 0)
    .. ',"deadline":' .. jsonNumberOrNull(t[9])
    .. ',"plate":' .. cjson.encode(t[10] or '')
    .. ',"hold":' .. ((t[11] == '1') and 'true' or 'false')
    .. ',"queuedAt":' .. jsonNumberOrNull(t[12])
    .. '}'
end

-- From values the caller already holds (saves a read on the hot paths).
local function laneJsonOf(laneId, status, occupancy, tripId)
  return '{"id":' .. cjson.encode(laneId)
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
