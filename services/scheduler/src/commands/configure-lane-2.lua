--[[
  Defines or updates a lane from the database's configuration (idempotent).
    ARGV[6]  lane id
    ARGV[7]  name
    ARGV[8]  direction
    ARGV[9]  capabilities (stages), comma separated
    ARGV[10] priority classes served, comma separated ('' = all)
    ARGV[11] status, applied only when the lane is new (afterwards status is operational state)
    ARGV[12] when a lane that is not open reopens, ms ('' = unknown), with the status (ETA)
  Flexibility (stages served + classes served) orders idle lanes so that a
  ready truck takes the least versatile lane that can serve it.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local laneId, name, direction, caps, classes, status = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local lk = laneKey(laneId)
local flex = #split(caps) * 10 + #classesOf(classes)
redis.call('HSET', META, 'gate', GATE)
if redis.call('EXISTS', lk) == 0 then
  redis.call('HSET', lk, 'status', status, 'occupancy', 'idle', 'trip', '', 'since', NOW_S,
    'reopensAt', status == 'open' and '' or (ARGV[12] or ''))
end
redis.call('HSET', lk, 'name', name, 'direction', direction, 'caps', ',' .. caps .. ',', 'classes', classes, 'flex', flex)
redis.call('ZADD', LANES, flex, laneId)
redis.call('ZREM', IDLE, laneId)
emit('lane_configured', nil, laneId, nil, cjson.encode({ name = name, direction = direction, capabilities = caps, classes = classes }))
laneBecameIdle(laneId)
return succeed(nil)
