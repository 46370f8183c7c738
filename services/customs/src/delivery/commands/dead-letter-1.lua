--[[
  The far end refused the message for good, or it ran out of attempts: it
  moves to the dead-letter list and its trip is parked (later messages of the
  trip wait behind it until an operator re-drives it).
    ARGV[3]  message id
    ARGV[4]  error text
    ARGV[5]  attempts made
  Returns 1, or 0 when the message was not pending.
]]
--- @include "outbox-context"

local id = ARGV[3]
local mk = msgKey(id)
local m = redis.call('HMGET', mk, 'state', 'order')
if m[1] ~= 'pending' then return 0 end
local order = m[2]
local tk = tripKey(order)
redis.call('LREM', tk, 1, id)
if redis.call('LLEN', tk) == 0 then redis.call('SREM', TRIPS, order) end
redis.call('SADD', PARKED, order)
redis.call('HSET', mk, 'state', 'dead', 'failedAt', NOW, 'error', ARGV[4], 'attempts', ARGV[5])
redis.call('ZREM', PENDING, id)
redis.call('ZADD', DLQ, NOW, id)
redis.call('HINCRBY', STATS, 'deadLettered', 1)
return 1
