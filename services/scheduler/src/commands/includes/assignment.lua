--[[
  Work conservation: the two moments a truck meets a lane.
    - a lane becomes idle  -> it takes the best eligible truck (pickForLane);
    - a truck becomes ready -> it goes to the least flexible idle lane that can
      serve it (callDirect), keeping versatile lanes for trucks only they serve.
  Invariant kept by every command: a lane in IDLE has no eligible waiting truck.
]]
local function laneServes(laneId, direction, stage, class)
  local l = redis.call('HMGET', laneKey(laneId), 'direction', 'caps', 'classes')
  if l[1] ~= direction then return false end
  if not string.find(l[2], ',' .. stage .. ',', 1, true) then return false end
  if l[3] ~= '' and not string.find(',' .. l[3] .. ',', ',' .. class .. ',', 1, true) then return false end
  return true
end

--[[
  Calls a waiting trip to a lane. `lane` (optional) = { status, direction } when the caller
  read the lane and knows it is not in IDLE (a lane that just became free), saving two calls.
]]
local function callUp(laneId, tripId, rule, slot, lane)
  local POLICY = policy()
  local t = tripFields(tripId)
  -- Read before tripSet below changes the cached fields.
  local class, waitedMs, classSource = t.class, NOW - (tonumber(t.queuedAt) or NOW), t.classSource
  local stage = split(t.stages)[(tonumber(t.stageIndex) or 0) + 1]
  redis.call('ZREM', queueKey(t.direction, stage, class), tripId)
  local due = NOW + POLICY.callUpTimeoutMs
  -- '%d' for the usual whole milliseconds: '%.0f' goes through the C library's float printing.
  local deadline = (due == math.floor(due)) and string.format('%d', due) or string.format('%.0f', due)
  tripSet(tripId, 'state', 'called', 'lane', laneId, 'deadline', deadline)
  redis.call('HSET', laneKey(laneId), 'occupancy', 'called', 'trip', tripId, 'since', NOW_S)
  if not lane then redis.call('ZREM', IDLE, laneId) end
  redis.call('ZADD', DEADLINES, deadline, tripId)
  local reason = '{"policyVersion":' .. POLICY.version
    .. ',"rule":"' .. rule .. '"'
    .. ',"slot":' .. (slot and string.format('%d', slot) or 'null')
    .. ',"priorityClass":"' .. class .. '"'
    .. ',"waitMs":' .. string.format('%d', waitedMs)
    -- Where the class came from, so a complaint is answered from data (absent when not recorded).
    .. ((classSource and classSource ~= '') and (',"classSource":' .. cjson.encode(classSource)) or '')
    .. '}'
  emit('trip_called', tripId, laneId, reason, '{"stage":"' .. stage .. '"}',
    lane and laneJsonOf(laneId, lane[1], 'called', tripId) or nil)
end

--[[
  A lane that is open and idle takes the best eligible truck, or joins IDLE.
  The lane must not be in IDLE when this is called (callers remove it or know it is not).
  `known` (optional) = the lane's { status, occupancy, direction, caps, classes, flex }.
  Returns the id of the trip it called, or false.
]]
local function laneBecameIdle(laneId, known)
  local l = known or redis.call('HMGET', laneKey(laneId), 'status', 'occupancy', 'direction', 'caps', 'classes', 'flex')
  if l[1] ~= 'open' or l[2] ~= 'idle' then
    return false
  end
  local classes = classesOf(l[5])
  local best = nil
  for _, stage in ipairs(split(l[4])) do
    local candidate = policyPick(l[3], stage, classes)
    if candidate then
      if best == nil
        or (candidate.rule == 'aging' and best.rule ~= 'aging')
        or (candidate.rule == best.rule and candidate.score < best.score) then
        best = candidate
      end
    end
  end
  if best then
    if best.slot ~= nil then
      redis.call('SET', pointerKey(l[3], best.stage), string.format('%d', (best.slot + 1) % #policy().pattern))
    end
    callUp(laneId, best.tripId, best.rule, best.slot, { l[1], l[3] })
    return best.tripId
  end
  redis.call('ZADD', IDLE, tonumber(l[6]) or 0, laneId)
  return false
end

-- Puts a trip in its current stage's queue (state queued) without choosing a lane yet.
local function enqueue(tripId, score)
  local t = tripFields(tripId)
  local stage = split(t.stages)[(tonumber(t.stageIndex) or 0) + 1]
  local direction, class = t.direction, t.class
  tripSet(tripId, 'state', 'queued', 'lane', '', 'deadline', '', 'score', string.format('%.0f', score))
  redis.call('ZADD', queueKey(direction, stage, class), score, tripId)
end

--[[
  A queued trip goes straight to the least flexible idle lane that serves it, if any.
  `known` (optional) = { direction, stage, class } when the caller already has them,
  which saves a read on the hot path (check-in).
]]
local function callDirect(tripId, known)
  local direction, stage, class
  if known then
    direction, stage, class = known[1], known[2], known[3]
  else
    local t = tripFields(tripId)
    if t.state ~= 'queued' then return false end
    direction, stage, class = t.direction, split(t.stages)[(tonumber(t.stageIndex) or 0) + 1], t.class
  end
  for _, laneId in ipairs(redis.call('ZRANGE', IDLE, '0', '-1')) do
    if laneServes(laneId, direction, stage, class) then
      callUp(laneId, tripId, 'direct', nil)
      return true
    end
  end
  return false
end

-- The lane's truck leaves it; the caller decides where the truck goes, then calls laneBecameIdle.
local function vacateLane(laneId)
  redis.call('HSET', laneKey(laneId), 'occupancy', 'idle', 'trip', '', 'since', NOW_S)
end

-- Terminal states: the scheduler lets go of the trip; its hash lingers a week for status pages.
local function retire(tripId, state)
  tripSet(tripId, 'state', state, 'lane', '', 'deadline', '')
  redis.call('SREM', LIVE, tripId)
  redis.call('ZREM', DEADLINES, tripId)
  redis.call('EXPIRE', tripKey(tripId), 604800)
end

--[[
  The rate at which trucks check in to one (direction, first stage, class) queue: the ETA counts the
  trucks that will check in meanwhile and be called first (lane-projection.ts). Only check-ins: a
  truck that a cleared stage queues for its next one is known to the projection, which brings each
  truck it calls back into its next stage's queue (counting those here too would count them twice;
  before the projection followed routes, a rate of them stood in for them). An exponentially
  weighted count (time constant 30 min, read back by service-time.ts arrivalGapMs with the same
  constant) replaced a moving average of the last gaps with alpha 0.8, which was in effect the last
  gap alone: one exponential draw, as noisy as its mean.
]]
local ARRIVAL_TAU_MS = 1800000
local function noteArrival(direction, stage, class)
  local af = 'arr:' .. direction .. ':' .. stage .. ':' .. class .. ':'
  local lastField, rateField = af .. 'last', af .. 'rate'
  local a = redis.call('HMGET', SERVICE, lastField, rateField)
  local last, rate = tonumber(a[1]), tonumber(a[2]) or 0
  if last and NOW > last then rate = rate * math.exp(-(NOW - last) / ARRIVAL_TAU_MS) end
  rate = rate + 1 / ARRIVAL_TAU_MS
  redis.call('HSET', SERVICE, lastField, (last and last > NOW) and string.format('%.0f', last) or NOW_S, rateField, string.format('%.17g', rate))
end

--[[
  After a stage is cleared (or a hold released): the next stage's queue, or
  the exit queue, or held if an agency hold is on. One write to the trip.
    t      = { stages = {...}, nextIndex, hold ('1' = on), direction, class } (see tripForAdvance)
    extra  = more trip fields to write in the same HSET (e.g. the new stageIndex)
  Returns the event type and, when queued, the stage it waits for.
]]
local function advance(tripId, t, extra)
  local now = NOW_S
  local fields = { 'lane', '', 'deadline', '', 'queuedAt', now }
  for _, v in ipairs(extra or {}) do fields[#fields + 1] = v end
  if t.nextIndex < #t.stages then
    local stage = t.stages[t.nextIndex + 1]
    tripSet(tripId, 'state', 'queued', 'score', now, unpack(fields))
    redis.call('ZADD', queueKey(t.direction, stage, t.class), NOW_S, tripId)
    return 'trip_queued', stage
  end
  if t.hold == '1' then
    tripSet(tripId, 'state', 'held', unpack(fields))
    redis.call('ZADD', HELD, NOW_S, tripId)
    return 'trip_held'
  end
  tripSet(tripId, 'state', 'exit_queue', unpack(fields))
  redis.call('ZADD', exitKey(t.direction), NOW_S, tripId)
  return 'exit_queued'
end

-- The fields advance() needs, read from the trip (whose stageIndex already points at the next stage).
local function tripForAdvance(tripId)
  local t = tripFields(tripId)
  return { stages = split(t.stages), nextIndex = tonumber(t.stageIndex) or 0, hold = t.hold, direction = t.direction, class = t.class }
end
