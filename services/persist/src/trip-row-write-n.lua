--[[
  Marks a write of trips' rows in PostgreSQL (trip-row-version.ts says why and how): every trip of a
  batch in one call, so a writer of N trips pays one round trip at its begin and one at its end.

  KEYS[i]  each trip's row version hash: epoch, seq, writing, lease, blind (on Redis Cluster the
           caller sends one call per key: each trip has its own hash tag)

  ARGV[1]  'begin' (before the write) or 'end' (after its commit or rollback)
  ARGV[2]  epoch for a hash that does not exist yet (unique: versions of a lost hash never come back)
  ARGV[3]  lease ms: longer than any transaction may last from begin to commit
  ARGV[4]  ms the hash is kept after its last write
  ARGV[5]  '1' when the write creates the trips (no one can have written them before)
]]
-- Every argument checked and every hash read before the first write: Redis keeps what a script
-- wrote before an error, and a begin that failed at its second trip left the first counted as being
-- written, with no end owed (trip-row-version.ts), its version withheld for a whole lease.
for i = 3, 4 do
  if not string.find(ARGV[i] or '', '^%d+$') then
    return redis.error_reply('ERR ARGV[' .. i .. "] must be whole ms, got '" .. tostring(ARGV[i]) .. "'")
  end
end
local read = {}
for i, key in ipairs(KEYS) do read[i] = redis.call('HMGET', key, 'epoch', 'seq', 'writing', 'lease') end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = now + tonumber(ARGV[3])
local begin = ARGV[1] == 'begin'
for i, key in ipairs(KEYS) do
  -- One read and one write per trip: the script is atomic, so no other writer comes in between.
  local v = read[i]
  local seq, writing, held = tonumber(v[2] or 0), tonumber(v[3] or 0), tonumber(v[4] or 0)
  local fields = {}
  if not v[1] then
    -- Lost (Redis restarted, evicted, expired): writers of before may still be between begin and end.
    local blind = 0
    if ARGV[5] ~= '1' then blind = lease end
    fields = { 'epoch', ARGV[2], 'blind', blind }
  end
  if begin then
    writing = writing + 1
    if lease > held then held = lease end
  else
    writing = math.max(writing - 1, 0)
  end
  table.insert(fields, 'seq'); table.insert(fields, seq + 1)
  table.insert(fields, 'writing'); table.insert(fields, writing)
  table.insert(fields, 'lease'); table.insert(fields, held)
  redis.call('HSET', key, unpack(fields))
  redis.call('PEXPIRE', key, ARGV[4])
end
return #KEYS
