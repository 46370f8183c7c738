--[[
  Operator opens, pauses or closes a lane (or sends it to maintenance).
    ARGV[6]  lane id
    ARGV[7]  new status: open | paused | closed | maintenance
    ARGV[8]  reason
    ARGV[9]  when the lane reopens, ms ('' = unknown; ignored when opening): the ETA of its queues
  A truck called to a lane that stops taking trucks keeps its place: it goes
  back to its queue with its old score (and may be called to another lane at
  once). A truck already at the lane or in inspection finishes there.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local laneId, status, reason = ARGV[6], ARGV[7], ARGV[8]
local lk = laneKey(laneId)
local l = redis.call('HMGET', lk, 'status', 'occupancy', 'trip')
if not l[1] then return fail('LANE_NOT_FOUND', 'lane ' .. laneId .. ' does not exist') end
if l[1] == status then return fail('LANE_WRONG_STATE', 'lane ' .. laneId .. ' is already ' .. status) end
-- The reason stays on the lane while it is not open, so every board shows why (not only the event log).
redis.call('HSET', lk, 'status', status, 'reopensAt', status == 'open' and '' or (ARGV[9] or ''), 'statusReason', status == 'open' and '' or reason)
emit('lane_status_changed', nil, laneId, nil, cjson.encode({ from = l[1], to = status, reason = reason }))
if status == 'open' then
  laneBecameIdle(laneId)
  return succeed(nil)
end
redis.call('ZREM', IDLE, laneId)
if l[2] == 'called' then
  local tripId = l[3]
  local score = tonumber(redis.call('HGET', tripKey(tripId), 'score')) or NOW
  redis.call('ZREM', DEADLINES, tripId)
  vacateLane(laneId)
  enqueue(tripId, score)
  emit('trip_requeued', tripId, laneId, nil, cjson.encode({ reason = 'lane ' .. status }))
  callDirect(tripId)
end
return succeed(nil)
