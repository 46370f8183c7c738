--[[
  The driver cancels a trip the scheduler holds; wherever it is, it leaves,
  and a lane it was called to takes the next truck.
    ARGV[6]  trip id
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local tripId = ARGV[6]
local tk = tripKey(tripId)
if redis.call('SISMEMBER', LIVE, tripId) == 0 then
  return fail('TRIP_NOT_FOUND', 'trip ' .. tripId .. ' is not in the scheduler')
end
local t = redis.call('HMGET', tk, 'state', 'stages', 'stageIndex', 'direction', 'class', 'lane')
local state = t[1]
local laneId = nil
if state == 'queued' then
  redis.call('ZREM', queueKey(t[4], split(t[2])[(tonumber(t[3]) or 0) + 1], t[5]), tripId)
elseif state == 'called' or state == 'at_lane' or state == 'inspecting' then
  laneId = t[6]
  vacateLane(laneId)
elseif state == 'held' then
  redis.call('ZREM', HELD, tripId)
elseif state == 'exit_queue' then
  redis.call('ZREM', exitKey(t[4]), tripId)
end
retire(tripId, 'cancelled')
emit('trip_cancelled', tripId, laneId, nil, cjson.encode({ from = state }))
if laneId then laneBecameIdle(laneId) end
return succeed(tripId)
