--[[
  What a cap check reads before the database (trips/trip-place.ts): Redis's time, then the ids in flight.
    KEYS[1]  ZSET of in-flight reservations of the scope (trip-place.lua's KEYS[1])
  Returns { seconds, microseconds, { trip id, … } }: TIME's answer, then the whole set.
  A script and not MULTI … EXEC: ioredis' multi() builds a pipeline with a copy of every script defined on
  the client (~30), ~5 % of a registration's CPU (benchmarks/RESULTS.md, regs5).
]]
local t = redis.call('TIME')
return { t[1], t[2], redis.call('ZRANGE', KEYS[1], 0, -1) }
