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
  Returns { HGETALL meta, newest stream entry ({} before any), lane ids, HGETALL of each lane,
  HGETALL of each lane's truck ({} when none), HGETALL service, then each KEYS[5..n]'s value }.
]]
local base, perGroup = ARGV[1], tonumber(ARGV[2])
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
  laneIds, lanes, trucks, redis.call('HGETALL', KEYS[4]) }
for i = 5, #KEYS do
  if (i - 5) % (perGroup + 1) < perGroup then out[#out + 1] = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
  else out[#out + 1] = redis.call('GET', KEYS[i]) or false end
end
return out
