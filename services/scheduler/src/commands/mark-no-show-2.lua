--[[
  An operator marks a called truck as not having come (before its deadline).
    ARGV[6]  trip id
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"
--- @include "no-show"

local tripId = ARGV[6]
local state = redis.call('HGET', tripKey(tripId), 'state')
if not state or redis.call('SISMEMBER', LIVE, tripId) == 0 then
  return fail('TRIP_NOT_FOUND', 'trip ' .. tripId .. ' is not in the scheduler')
end
if state ~= 'called' then
  return fail('TRIP_WRONG_STATE', 'trip ' .. tripId .. ' is ' .. state .. ', only a called truck can be a no-show')
end
noShow(tripId, 'operator')
return succeed(tripId)
