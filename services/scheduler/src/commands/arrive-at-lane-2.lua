--[[
  The called truck reached its lane: the call-up deadline no longer applies.
    ARGV[6]  lane id
    ARGV[7]  trip id
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"

local laneId, tripId = ARGV[6], ARGV[7]
local l = redis.call('HMGET', laneKey(laneId), 'occupancy', 'trip', 'status', 'since')
if not l[1] then return fail('LANE_NOT_FOUND', 'lane ' .. laneId .. ' does not exist') end
if l[2] ~= tripId then return fail('LANE_TRIP_MISMATCH', 'trip ' .. tripId .. ' is not called to lane ' .. laneId) end
if l[1] ~= 'called' then return fail('LANE_WRONG_STATE', 'lane ' .. laneId .. ' is ' .. l[1] .. ', not waiting for an arrival') end
recordDrive(l[4])
redis.call('HSET', laneKey(laneId), 'occupancy', 'at_lane', 'since', NOW_S)
tripSet(tripId, 'state', 'at_lane', 'deadline', '')
redis.call('ZREM', DEADLINES, tripId)
emit('trip_at_lane', tripId, laneId, nil, nil, laneJsonOf(laneId, l[3], 'at_lane', tripId))
return succeed(tripId)
