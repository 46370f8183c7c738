--[[
  A reservation whose registration has committed leaves the in-flight sets (trips/trip-place.ts) and is
  kept, stamped with Redis's time, for the checks that read the database before that commit.
    KEYS[1..2]  in-flight ZSETs of the scope and of the driver
    KEYS[3..4]  settled ZSETs of the scope and of the driver
    ARGV[1]     the trip's id
    ARGV[2]     how long a settled entry is kept, ms
  Returns 1.
]]
-- Checked before the first write (Redis keeps what a script wrote before an error). The keys cannot
-- fail it: all four are sorted sets, named only by tripCapKeys and written only through trip-place.ts.
if not string.find(ARGV[2] or '', '^%d+$') then
  return redis.error_reply("ERR ARGV[2] must be whole ms, got '" .. tostring(ARGV[2]) .. "'")
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, 2 do
  redis.call('ZREM', KEYS[i], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i + 2], '-inf', now - tonumber(ARGV[2]))
  redis.call('ZADD', KEYS[i + 2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i + 2], ARGV[2])
end
return 1
