--[[
  Reserves a place for one new trip under the active-trip caps, atomically (trips/trip-caps.ts).
    KEYS[1]  ZSET of in-flight reservations of the scope (company or account): member trip id, score expiry ms
    KEYS[2]  ZSET of in-flight reservations of the driver within the scope
    KEYS[3]  ZSET of the scope's reservations settled by a commit: member trip id, score Redis time ms of the commit
    KEYS[4]  the same of the driver
    ARGV[1]  now, ms
    ARGV[2]  expiry of this reservation, ms
    ARGV[3]  cap per driver
    ARGV[4]  cap per scope
    ARGV[5]  the new trip's id
    ARGV[6]  the scope's active trips in the database (a count)
    ARGV[7]  the driver's active trips in the database (a count)
    ARGV[8]  Redis time (ms) read before the database was: a commit settled since may be missing from the counts
    ARGV[9]  n, then n ids: reservations the database already holds (committed, any state)
  A committed trip is counted by the database's count if it is active, never again from the
  reservations; a reservation not yet committed, or settled after the database was read, is counted once.
  Returns 'ok', 'driver' or 'scope' (the cap that is full).
]]
-- Every number checked, and every key read, before the first write: Redis keeps what a script wrote
-- before an error (a bad expiry once failed at PEXPIREAT, after both reservations were added).
for _, i in ipairs({ 1, 2, 3, 4, 6, 7, 8, 9 }) do
  local n = tonumber(ARGV[i])
  if not n or n ~= n or n == math.huge or n == -math.huge or (i == 2 and not string.find(ARGV[i], '^%d+$')) then
    return redis.error_reply('ERR ARGV[' .. i .. '] must be a finite number' .. (i == 2 and ' of whole ms' or '') .. ", got '" .. tostring(ARGV[i]) .. "'")
  end
end
local now, expiry, capDriver, capScope, tripId = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local scopeActive, driverActive, readAt = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local committed = {}
for j = 1, tonumber(ARGV[9]) do committed[ARGV[9 + j]] = true end

-- Reservations not expired (score after now), and those settled since the database was read.
local function count(key, settledKey, active)
  local n = active
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf')) do
    if not committed[id] then n = n + 1 end
  end
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', settledKey, readAt, '+inf')) do
    if not committed[id] then n = n + 1 end
  end
  return n
end

local driverCount, scopeCount = count(KEYS[2], KEYS[4], driverActive), count(KEYS[1], KEYS[3], scopeActive)
-- Expired reservations leave (a crashed process's), whatever the answer.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if driverCount >= capDriver then return 'driver' end
if scopeCount >= capScope then return 'scope' end
redis.call('ZADD', KEYS[1], expiry, tripId)
redis.call('ZADD', KEYS[2], expiry, tripId)
-- The keys live no longer than their newest reservation.
redis.call('PEXPIREAT', KEYS[1], expiry)
redis.call('PEXPIREAT', KEYS[2], expiry)
return 'ok'
