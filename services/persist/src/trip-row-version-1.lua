--[[
  The trip row's version when no write of it may be in flight, else false (trip-row-version.ts).

  KEYS[1]  the trip's row version hash: epoch, seq, writing, lease, blind
]]
local v = redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'writing', 'lease', 'blind')
if not v[1] then return false end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(v[5] or 0) > now then return false end
-- A writer past its lease was killed: its transaction is over, committed or not.
if tonumber(v[3] or 0) > 0 and tonumber(v[4] or 0) > now then return false end
return v[1] .. ":" .. (v[2] or "0")
