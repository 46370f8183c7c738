--[[
  A truck checked into the staging yard becomes ready for its first stage.
    KEYS[1..2], ARGV[1..5]  see includes/gate-context.lua
    ARGV[6]  trip id
    ARGV[7]  plate (normalised)
    ARGV[8]  direction (exit|entry)
    ARGV[9]  priority class
    ARGV[10] stages, comma separated, in order
    ARGV[11] appointment slot start, ms ('' = none)
    ARGV[12] where the priority class came from (contracts ClassSource; '' = not given):
             kept on the trip and written into every call-up's reason
  Score: a truck arriving before its slot's grace ends keeps the slot's place;
  later arrivals (or none booked) queue by arrival time.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local tripId, plate, direction, class, stagesCsv, appointment, classSource =
  ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[11]), ARGV[12] or ''
local stages = split(stagesCsv)
if #stages == 0 then
  return fail('NO_STAGES', 'trip has no stages to visit')
end
-- Before the first write (SADD): a bad appointment once failed only when its event was built.
local bad = badNumberArgument(11, 11, true)
if bad then return bad end
-- Appointment priority: the booked slot's place if it arrives by slot start + grace (pick-next.ts queueScore).
local score = NOW
if appointment and NOW <= appointment + policy().graceMs then score = appointment end
if redis.call('SADD', LIVE, tripId) == 0 then
  return fail('TRIP_ALREADY_LIVE', 'trip ' .. tripId .. ' is already checked in')
end
local scoreS = score == NOW and NOW_S or string.format('%.0f', score)
-- Every field is written, so nothing of an earlier hash under this id survives, nor its TTL: only a
-- retired trip's hash has one (retire and pace-crossings set it with the trip's state), so only a
-- hash that held a field before needs the PERSIST, and a new trip saves the call.
if tripCreate(tripId, plate, direction, class, stagesCsv, scoreS, ARGV[11], classSource) then
  redis.call('PERSIST', tripKey(tripId))
end
redis.call('ZADD', queueKey(direction, stages[1], class), scoreS, tripId)
noteArrival(direction, stages[1], class)
emit('trip_arrived', tripId, nil, nil, '{"appointmentAt":' .. jsonNumberOrNull(ARGV[11]) .. '}')
callDirect(tripId, { direction, stages[1], class })
return succeed(tripId)
