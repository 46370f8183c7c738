--[[
  Reserves a place for one new trip under the active-trip caps, atomically (trips/trip-caps.ts).
    KEYS[1]  ZSET of in-flight reservations of the scope (company or account): member trip id, score expiry ms
    KEYS[2]  ZSET of in-flight reservations of the driver within the scope
    ARGV[1]  now, ms
    ARGV[2]  expiry of this reservation, ms
    ARGV[3]  cap per driver
    ARGV[4]  cap per scope
    ARGV[5]  the new trip's id
    ARGV[6]  the scope's active trips in the database (a count)
    ARGV[7]  the driver's active trips in the database (a count)
    ARGV[8]  n, then n ids: reservations the database already holds (committed, any state)
  A committed trip is counted by the database's count if it is active, never again from the
  reservations; a reservation not yet committed is counted once.
  Returns 'ok', 'driver' or 'scope' (the cap that is full).
]]
local now, expiry, capDriver, capScope, tripId = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local scopeActive, driverActive = tonumber(ARGV[6]), tonumber(ARGV[7])
local committed = {}
for j = 1, tonumber(ARGV[8]) do committed[ARGV[8 + j]] = true end

local function count(key, active)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local n = active
  for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    if not committed[id] then n = n + 1 end
  end
  return n
end

if count(KEYS[2], driverActive) >= capDriver then return 'driver' end
if count(KEYS[1], scopeActive) >= capScope then return 'scope' end
redis.call('ZADD', KEYS[1], expiry, tripId)
redis.call('ZADD', KEYS[2], expiry, tripId)
-- The keys live no longer than their newest reservation.
redis.call('PEXPIREAT', KEYS[1], expiry)
redis.call('PEXPIREAT', KEYS[2], expiry)
return 'ok'
