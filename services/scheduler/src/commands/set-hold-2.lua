--[[
  An agency places or releases a hold on a trip.
    ARGV[6]  trip id
    ARGV[7]  'place' | 'release'
    ARGV[8]  reason
  A hold keeps the truck out of the exit queue (one already there moves to
  held). Releasing lets a held truck continue to its next stage or the exit.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local tripId, action, reason = ARGV[6], ARGV[7], ARGV[8]
local tk = tripKey(tripId)
if redis.call('SISMEMBER', LIVE, tripId) == 0 then
  return fail('TRIP_NOT_FOUND', 'trip ' .. tripId .. ' is not in the scheduler')
end
local t = redis.call('HMGET', tk, 'state', 'hold', 'direction')
local detail = cjson.encode({ reason = reason })
if action == 'place' then
  if t[2] == '1' then return fail('TRIP_WRONG_STATE', 'trip ' .. tripId .. ' is already on hold') end
  tripSet(tripId, 'hold', '1')
  if t[1] == 'exit_queue' then
    redis.call('ZREM', exitKey(t[3]), tripId)
    tripSet(tripId, 'state', 'held')
    redis.call('ZADD', HELD, NOW_S, tripId)
  end
  emit('hold_placed', tripId, nil, nil, detail)
  return succeed(tripId)
end
if t[2] ~= '1' then return fail('TRIP_WRONG_STATE', 'trip ' .. tripId .. ' has no hold to release') end
tripSet(tripId, 'hold', '0')
if t[1] == 'held' then
  redis.call('ZREM', HELD, tripId)
  advance(tripId, tripForAdvance(tripId))
end
emit('hold_released', tripId, nil, nil, detail)
callDirect(tripId)
return succeed(tripId)
