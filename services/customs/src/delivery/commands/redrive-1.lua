--[[
  An operator re-drives a dead letter: it goes back to the head of its trip's
  list with fresh attempts, and the trip is un-parked.
    ARGV[3]  message id
  Returns { 1, gen } (the caller adds the job of generation `gen`), or { 0 } if
  the id is not a dead letter of this adapter.
]]
--- @include "outbox-context"

local id = ARGV[3]
if not redis.call('ZSCORE', DLQ, id) then return { 0 } end
local mk = msgKey(id)
local order = redis.call('HGET', mk, 'order')
redis.call('ZREM', DLQ, id)
local gen = redis.call('HINCRBY', mk, 'gen', 1)
redis.call('HINCRBY', mk, 'redriven', 1)
redis.call('HSET', mk, 'state', 'pending', 'attempts', 0)
redis.call('HDEL', mk, 'failedAt', 'error')
redis.call('ZADD', PENDING, tonumber(redis.call('HGET', mk, 'acceptedAt')) or NOW, id)
redis.call('LPUSH', tripKey(order), id)
redis.call('SADD', TRIPS, order)
redis.call('SREM', PARKED, order)
return { 1, gen }
