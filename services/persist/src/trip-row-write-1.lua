--[[
  Marks a write of one trip's row in PostgreSQL (trip-row-version.ts says why and how).

  KEYS[1]  the trip's row version hash: epoch, seq, writing, lease, blind

  ARGV[1]  'begin' (before the write) or 'end' (after its commit or rollback)
  ARGV[2]  epoch for a hash that does not exist yet (unique: versions of a lost hash never come back)
  ARGV[3]  lease ms: longer than any transaction may last from begin to commit
  ARGV[4]  ms the hash is kept after its last write
  ARGV[5]  '1' when the write creates the trip (no one can have written it before)
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = now + tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'epoch', ARGV[2], 'seq', 0, 'writing', 0, 'lease', 0, 'blind', 0)
  -- Lost (Redis restarted, evicted, expired): writers of before may still be between begin and end.
  if ARGV[5] ~= '1' then redis.call('HSET', KEYS[1], 'blind', lease) end
end
redis.call('HINCRBY', KEYS[1], 'seq', 1)
if ARGV[1] == 'begin' then
  redis.call('HINCRBY', KEYS[1], 'writing', 1)
  if lease > tonumber(redis.call('HGET', KEYS[1], 'lease') or 0) then redis.call('HSET', KEYS[1], 'lease', lease) end
elseif redis.call('HINCRBY', KEYS[1], 'writing', -1) < 0 then
  redis.call('HSET', KEYS[1], 'writing', 0)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
