--[[
  The far end took the message: it leaves its trip's list and the next one of
  the trip (if any) becomes the head.
    ARGV[3]  message id
    ARGV[4]  how long a delivered id is remembered (ms), so a late re-accept is a duplicate
  Returns { 1, nextId, nextGen, nextKind, nextBody, nextAcceptedAt } (the next message, so the
  job can go on with it without another round trip) or { 1 } when the trip has nothing more
  (or is parked); { 0 } when the message was not pending (already delivered or dead-lettered).
]]
--- @include "outbox-context"

local id = ARGV[3]
local mk = msgKey(id)
local m = redis.call('HMGET', mk, 'state', 'order')
if m[1] ~= 'pending' then return { 0 } end
local order = m[2]
local tk = tripKey(order)
if redis.call('LINDEX', tk, 0) == id then redis.call('LPOP', tk) else redis.call('LREM', tk, 1, id) end
redis.call('HSET', mk, 'state', 'delivered', 'deliveredAt', NOW)
redis.call('HDEL', mk, 'body')
redis.call('PEXPIRE', mk, tonumber(ARGV[4]))
redis.call('ZREM', PENDING, id)
redis.call('HINCRBY', STATS, 'delivered', 1)
redis.call('HSET', STATS, 'lastSuccessAt', NOW)
local nextId = redis.call('LINDEX', tk, 0)
if not nextId then
  redis.call('SREM', TRIPS, order)
  return { 1 }
end
if redis.call('SISMEMBER', PARKED, order) == 1 then return { 1 } end
local n = redis.call('HMGET', msgKey(nextId), 'gen', 'kind', 'body', 'acceptedAt')
return { 1, nextId, tonumber(n[1]) or 0, n[2], n[3], n[4] }
