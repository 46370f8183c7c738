--[[
  Inspection starts (a truck that skipped the "arrived" step arrives implicitly).
    ARGV[6]  lane id
    ARGV[7]  trip id
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"

local laneId, tripId = ARGV[6], ARGV[7]
local l = redis.call('HMGET', laneKey(laneId), 'occupancy', 'trip', 'status', 'since')
if not l[1] then return fail('LANE_NOT_FOUND', 'lane ' .. laneId .. ' does not exist') end
if l[2] ~= tripId then return fail('LANE_TRIP_MISMATCH', 'trip ' .. tripId .. ' is not at lane ' .. laneId) end
if l[1] ~= 'called' and l[1] ~= 'at_lane' then
  return fail('LANE_WRONG_STATE', 'lane ' .. laneId .. ' is ' .. l[1] .. ', cannot start an inspection')
end
if l[1] == 'called' then recordDrive(l[4]) end -- skipped the arrival step
redis.call('HSET', laneKey(laneId), 'occupancy', 'inspecting', 'since', NOW_S)
tripSet(tripId, 'state', 'inspecting', 'deadline', '')
redis.call('ZREM', DEADLINES, tripId)
emit('inspection_started', tripId, laneId, nil, nil, laneJsonOf(laneId, l[3], 'inspecting', tripId))
return succeed(tripId)
