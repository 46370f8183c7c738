--[[
  A called truck that did not reach its lane in time: the first time it is
  re-queued with a penalty added to its score, the second time it is dropped.
  Either way the lane goes to the next truck at once.
]]
local function noShow(tripId, cause)
  local tk = tripKey(tripId)
  local t = redis.call('HMGET', tk, 'state', 'lane', 'noShows', 'score')
  local laneId = t[2]
  local count = (tonumber(t[3]) or 0) + 1
  tripSet(tripId, 'noShows', count == math.floor(count) and string.format('%d', count) or string.format('%.17g', count))
  redis.call('ZREM', DEADLINES, tripId)
  recordDrive(redis.call('HGET', laneKey(laneId), 'since'))
  vacateLane(laneId)
  local detail
  local POLICY = policy()
  if count >= 2 then
    retire(tripId, 'no_show')
    detail = '{"dropped":true,"cause":"' .. cause .. '"}'
  else
    enqueue(tripId, (tonumber(t[4]) or NOW) + POLICY.noShowPenaltyMs)
    detail = '{"dropped":false,"penaltyMs":' .. POLICY.noShowPenaltyMs .. ',"cause":"' .. cause .. '"}'
  end
  emit('trip_no_show', tripId, laneId, nil, detail)
  if count < 2 then callDirect(tripId) end
  laneBecameIdle(laneId)
end
