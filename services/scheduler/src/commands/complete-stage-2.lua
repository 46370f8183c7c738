--[[
  An inspection ends with an outcome; the lane takes its next truck in the same step.
    ARGV[6]  lane id
    ARGV[7]  trip id
    ARGV[8]  outcome: cleared | held | turned_back
    ARGV[9]  note (may be '')
    ARGV[10] startedAt (ms epoch, may be ''): the inspection began then and was not announced on
             its own (a document check recorded in one sitting, a lane tablet that was offline).
             The lane may then still be `called` or `at_lane`; the start is recorded here, in the
             same step, with its own inspection_started event, and the service time counts from it.
             Without it the lane must be `inspecting` (start-inspection-2.lua ran before).
  cleared     -> next stage's queue, or the exit queue (held instead if an agency hold is on)
  held        -> the stage counts as done; the trip waits in `held` until an agency releases it
  turned_back -> the trip leaves the scheduler
  The service time feeds the stage's moving average (ETA).
  This is the hottest command (it also assigns), so it reads the lane and the
  trip once and writes each once, instead of going through the generic helpers.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

local laneId, tripId, outcome, note = ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local l = redis.call('HMGET', laneKey(laneId), 'occupancy', 'trip', 'since', 'status', 'direction', 'caps', 'classes', 'flex')
if not l[1] then return fail('LANE_NOT_FOUND', 'lane ' .. laneId .. ' does not exist') end
if l[2] ~= tripId then return fail('LANE_TRIP_MISMATCH', 'trip ' .. tripId .. ' is not at lane ' .. laneId) end
-- A start that is not a number (NaN, Infinity) would pass the checks below and poison the service times.
local bad = ARGV[10] and badNumberArgument(10, 10, true)
if bad then return bad end
local startedAt = tonumber(ARGV[10])
local calledAt = nil
if l[1] ~= 'inspecting' then
  if not startedAt or (l[1] ~= 'called' and l[1] ~= 'at_lane') then
    return fail('LANE_WRONG_STATE', 'lane ' .. laneId .. ' is ' .. l[1] .. ', no inspection to complete')
  end
  -- The start cannot precede the truck's call-up or arrival, nor lie in the future.
  local since = tonumber(l[3]) or NOW
  if startedAt < since or startedAt > NOW then
    return fail('LANE_WRONG_STATE', 'lane ' .. laneId .. ': the inspection cannot have started at ' .. ARGV[10]
      .. ' (the truck has been at the lane since ' .. string.format('%.0f', since) .. ', now is ' .. ARGV[2] .. ')')
  end
  -- Skipped the arrival step: the drive is recorded with the service time below (one read, one write).
  if l[1] == 'called' then calledAt = l[3] end
end

local tf = tripFields(tripId)
local t = { tf.stages, tf.stageIndex, tf.hold, tf.direction, tf.class }
local stages = split(t[1])
local index = tonumber(t[2]) or 0
local stage = stages[index + 1]
-- Checked before the first write: the stage names the service-time fields below, and Redis would keep
-- the writes made before the error that a missing one raised there.
if not stage then
  return fail('TRIP_WRONG_STATE', 'trip ' .. tripId .. ' has no stage ' .. string.format('%d', index + 1) .. ' to complete')
end

if l[1] ~= 'inspecting' then
  -- The lane's and the trip's hashes are each written once below, with the outcome (every outcome
  -- writes the trip's state and deadline); the start is in its event.
  tripNote(tripId, 'state', 'inspecting', 'deadline', '')
  redis.call('ZREM', DEADLINES, tripId)
  emit('inspection_started', tripId, laneId, nil, nil, laneJsonOf(laneId, l[4], 'inspecting', tripId),
    string.find(ARGV[10], '^%d+$') and ARGV[10] or startedAt)
  l[3] = startedAt
end

-- Moving average and variance of this stage's service time (EWMA, alpha 0.05; plain mean for the
-- first 20). Alpha 0.2 let the last few inspections move the mean by ~8 % (documents: 2–5 min),
-- and every ETA of a queue multiplies that error by its length.
local serviceMs = NOW - (tonumber(l[3]) or NOW)
-- The stage's field names, read and written below: each built string is one to hash and intern.
local meanField, varField, countField = stage .. ':mean', stage .. ':var', stage .. ':n'
local s = redis.call('HMGET', SERVICE, meanField, varField, countField, 'drive:mean', 'drive:n')
local n = (tonumber(s[3]) or 0) + 1
local mean, var = tonumber(s[1]), tonumber(s[2]) or 0
if mean == nil then
  mean = serviceMs
else
  local alpha = math.max(0.05, 1 / n)
  local diff = serviceMs - mean
  mean = mean + alpha * diff
  var = (1 - alpha) * (var + alpha * diff * diff)
end
if calledAt then
  local driveMean, driveN = driveMeanAfter(s[4], s[5], calledAt, startedAt)
  redis.call('HSET', SERVICE, meanField, mean, varField, var, countField, string.format('%d', n),
    'drive:mean', driveMean, 'drive:n', driveN)
else
  redis.call('HSET', SERVICE, meanField, mean, varField, var, countField, string.format('%d', n))
end

-- The lane is written once, below: by the call-up of its next truck, or as vacated when none comes.
-- Nothing in between reads its occupancy (callDirect looks only at lanes in IDLE, and this one is not).
local next, nextStage
if outcome == 'turned_back' then
  retire(tripId, 'turned_back')
  next = 'turned_back'
elseif outcome == 'held' then
  tripSet(tripId, 'stageIndex', string.format('%d', index + 1), 'hold', '1', 'state', 'held', 'lane', '', 'deadline', '',
    'queuedAt', NOW_S)
  redis.call('ZADD', HELD, NOW_S, tripId)
  next = 'trip_held'
else
  next, nextStage = advance(tripId,
    { stages = stages, nextIndex = index + 1, hold = t[3], direction = t[4], class = t[5] },
    { 'stageIndex', string.format('%d', index + 1) })
end
-- By hand: cjson formats a number through '%.14g', and the other values are known strings.
emit('stage_completed', tripId, laneId, nil,
  '{"outcome":' .. cjson.encode(outcome) .. (stage and (',"stage":"' .. stage .. '"') or '')
    .. ',"note":' .. cjson.encode(note) .. ',"serviceMs":' .. string.format('%d', serviceMs)
    .. ',"next":"' .. next .. '"}',
  laneJsonOf(laneId, l[4], 'idle', nil))
if nextStage then callDirect(tripId, { t[4], nextStage, t[5] }) end
-- The lane's next truck is in the answer, so a lane client needs no read to learn it.
local calledTripId = laneBecameIdle(laneId, { l[4], 'idle', l[5], l[6], l[7], l[8] })
if not calledTripId then vacateLane(laneId) end
return succeed(tripId, ',"laneTripId":' .. jsonStringOrNull(calledTripId))
