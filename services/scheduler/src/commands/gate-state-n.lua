--[[
  Read only: everything the trip read model projects a gate from, in one atomic step and one
  round trip (gate-reader.ts gateState). The projection after each live delta read the seq, then
  the queues (a MULTI), then the lanes, their trucks and the service times (three more round
  trips): each a whole event-loop iteration of an API process busy with registrations, on the
  path of every delta (benchmarks/RESULTS.md, fanout3). No gate-context prologue: it changes nothing.
    KEYS[1]     the gate's meta hash
    KEYS[2]     the gate's event stream
    KEYS[3]     the gate's lanes (sorted set)
    KEYS[4]     the gate's service-time hash
    KEYS[5..n]  stage queues and pointers, in groups of ARGV[2] queue keys (one per class, read
                WITHSCORES) followed by one pointer key
    ARGV[1]     key base "<prefix>{g:<gate>}:" (lane and trip keys are derived from it: same slot)
    ARGV[2]     queue keys per group
    ARGV[3]     the stream id the caller's route cache (route-cache.ts) has followed to ('': none)
    ARGV[4]     at most this many events after it (the cache starts afresh beyond that)
  Returns { HGETALL meta, newest stream entry ({} before any), lane ids, HGETALL of each lane,
  HGETALL of each lane's truck ({} when none), HGETALL service, the events after ARGV[3] ({} when
  ''), for each of them its truck's { state, stages, stageIndex } ({} when it names none), then
  each KEYS[5..n]'s value }. The events and routes spare the route cache its own two round trips.
]]
local base, perGroup = ARGV[1], tonumber(ARGV[2])
local followed, routes = {}, {}
if ARGV[3] ~= '' then
  followed = redis.call('XRANGE', KEYS[2], '(' .. ARGV[3], '+', 'COUNT', tonumber(ARGV[4]))
  for i, entry in ipairs(followed) do
    local fields, route = entry[2], {}
    for j = 1, #fields, 2 do
      if fields[j] == 'json' then
        local e = cjson.decode(fields[j + 1])
        local tripId = type(e.trip) == 'table' and e.trip.id or e.tripId
        if type(tripId) == 'string' then route = redis.call('HMGET', base .. 'trip:' .. tripId, 'state', 'stages', 'stageIndex') end
      end
    end
    routes[i] = route
  end
end
local laneIds = redis.call('ZRANGE', KEYS[3], 0, -1)
local lanes, trucks = {}, {}
for i, id in ipairs(laneIds) do
  local h = redis.call('HGETALL', base .. 'lane:' .. id)
  lanes[i] = h
  local truck = {}
  for j = 1, #h, 2 do
    if h[j] == 'trip' and h[j + 1] ~= '' then truck = redis.call('HGETALL', base .. 'trip:' .. h[j + 1]) end
  end
  trucks[i] = truck
end
local out = { redis.call('HGETALL', KEYS[1]), redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1] or {},
  laneIds, lanes, trucks, redis.call('HGETALL', KEYS[4]), followed, routes }
for i = 5, #KEYS do
  if (i - 5) % (perGroup + 1) < perGroup then out[#out + 1] = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
  else out[#out + 1] = redis.call('GET', KEYS[i]) or false end
end
return out
