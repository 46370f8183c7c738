--[[
  A trip the scheduler holds is cancelled; wherever it is, it leaves, and a
  lane it was called to takes the next truck.
    ARGV[6]  trip id
    ARGV[7]  '1': only if no control is on it (a driver's cancel): refused when
             the truck is called, at a lane, inspected, held or on hold — checked
             here, atomically, so a call-up cannot slip in between the API's
             check and the cancel
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local tripId, onlyIfFree = ARGV[6], ARGV[7] == '1'
local tk = tripKey(tripId)
if redis.call('SISMEMBER', LIVE, tripId) == 0 then
  return fail('TRIP_NOT_FOUND', 'trip ' .. tripId .. ' is not in the scheduler')
end
local t = redis.call('HMGET', tk, 'state', 'stages', 'stageIndex', 'direction', 'class', 'lane', 'hold')
local state = t[1]
if onlyIfFree and (state == 'called' or state == 'at_lane' or state == 'inspecting' or state == 'held' or t[7] == '1') then
  return fail('TRIP_WRONG_STATE', 'trip ' .. tripId .. ' is ' .. state .. (t[7] == '1' and ', on hold' or '') .. ': it is under a control')
end
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
