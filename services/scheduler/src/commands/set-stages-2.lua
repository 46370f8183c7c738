--[[
  An agency decision changed the trip's route (e.g. channel green -> red).
    ARGV[6]  trip id
    ARGV[7]  the full new route, comma separated stages
  Stages already cleared stay done. A truck called to or in a lane finishes
  its current stage first; the new remaining stages follow it. A queued truck
  moves to its new stage's queue keeping its score (its place in time).
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local tripId, route = ARGV[6], split(ARGV[7])
local tk = tripKey(tripId)
if redis.call('SISMEMBER', LIVE, tripId) == 0 then
  return fail('TRIP_NOT_FOUND', 'trip ' .. tripId .. ' is not in the scheduler')
end
local t = redis.call('HMGET', tk, 'state', 'stages', 'stageIndex', 'direction', 'class', 'score')
local state, stages, index = t[1], split(t[2]), tonumber(t[3]) or 0
local inLane = state == 'called' or state == 'at_lane' or state == 'inspecting'

local kept, done = {}, {}
for i = 1, index do kept[#kept + 1] = stages[i]; done[stages[i]] = true end
if inLane then kept[#kept + 1] = stages[index + 1]; done[stages[index + 1]] = true end
local remaining = 0
for _, s in ipairs(route) do
  if not done[s] then kept[#kept + 1] = s; done[s] = true; remaining = remaining + 1 end
end
local before = t[2]
tripSet(tripId, 'stages', table.concat(kept, ','))

if state == 'queued' then
  redis.call('ZREM', queueKey(t[4], stages[index + 1], t[5]), tripId)
  if remaining > 0 then enqueue(tripId, tonumber(t[6]) or NOW) else advance(tripId, tripForAdvance(tripId)) end
elseif state == 'exit_queue' and remaining > 0 then
  redis.call('ZREM', exitKey(t[4]), tripId)
  tripSet(tripId, 'queuedAt', NOW_S)
  enqueue(tripId, NOW)
end
emit('stages_changed', tripId, nil, nil, cjson.encode({ before = before, after = table.concat(kept, ',') }))
callDirect(tripId)
return succeed(tripId)
